/**
 * Which collapsible sections of the editor the user has opened, so that a re-render (after every
 * keystroke) never closes one: a population table being typed into stays open, even when the
 * error that opened it is fixed. Kept for the page's life, by the section's path.
 */
const opened = new Set<string>();

export function isOpen(key: string, hasErrors = false): boolean {
  return hasErrors || opened.has(key);
}

/** The `toggle` listener for a `<details>` keyed by `key`. */
export function rememberToggle(key: string): (e: Event) => void {
  return (e: Event) => {
    if ((e.currentTarget as HTMLDetailsElement).open) opened.add(key);
    else opened.delete(key);
  };
}
