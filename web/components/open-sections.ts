/**
 * Which collapsible sections of the editor the user has opened, so that a re-render (after every
 * keystroke) never closes one: a population table being typed into stays open, even when the
 * error that opened it is fixed. Kept for the page's life, by the section's path.
 *
 * A closed section draws nothing but its summary (`whenOpen`): region-today's catalogue alone held
 * 4,600 controls an establishment in closed sections, re-rendered and laid out after every edit.
 * Opening one re-renders the element that drew it (its toggle listener, `rememberToggle`).
 */
import { nothing, ReactiveElement } from 'lit';

const opened = new Set<string>();

export function isOpen(key: string, hasErrors = false): boolean {
  return hasErrors || opened.has(key);
}

/**
 * The `toggle` listener for a `<details>` keyed by `key`. Lit calls a template's listeners with
 * the element that rendered it as `this`: that element is drawn again, with the section's contents
 * when it opened and without them when it closed.
 */
export function rememberToggle(key: string): (this: unknown, e: Event) => void {
  return function (this: unknown, e: Event) {
    const open = (e.currentTarget as HTMLDetailsElement).open;
    if (open) opened.add(key);
    else opened.delete(key);
    // Drawn again even when the set already agreed: a toggle that reached an element re-rendered
    // away (its host replaced before the event's task ran) recorded the key but drew nothing, and
    // the next click on the section must still bring its contents.
    if (this instanceof ReactiveElement) this.requestUpdate();
  };
}

/** A section's contents while it is open (by the user, or by errors inside it), else nothing. */
export function whenOpen<T>(key: string, hasErrors: boolean, contents: () => T): T | typeof nothing {
  return isOpen(key, hasErrors) ? contents() : nothing;
}
