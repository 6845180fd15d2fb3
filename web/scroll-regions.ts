/**
 * Tables wider than the screen scroll sideways inside a `.table-scroll` box. A keyboard user can
 * scroll such a box only if it can take focus (WCAG 2.1.1), and a screen reader then needs its
 * name: so every box that does scroll gets `tabindex="0"`, `role="region"` and the table's
 * caption as its name; one that fits loses them again (a tab stop that does nothing is noise).
 * One watcher for the whole page, so no component has to remember it.
 */

const MARK = 'data-scroll-region';

/** Name a scrolling box after its table's caption (or its first heading). */
function regionName(box: HTMLElement): string {
  const caption = box.querySelector('caption')?.textContent ?? box.querySelector('th')?.textContent ?? '';
  const text = caption.replace(/\s+/g, ' ').trim();
  return text ? `${text} (scrolls sideways)` : 'Table (scrolls sideways)';
}

export function updateScrollRegions(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>('.table-scroll')) {
    // A box in an editor section off screen (content-visibility: auto) is not laid out: measuring
    // it would lay it out, the work that skipping it saves. It is measured once it is drawn.
    if (skipped(box)) continue;
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls) {
      if (!box.hasAttribute(MARK) || box.getAttribute('tabindex') !== '0') {
        box.setAttribute(MARK, '');
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
      }
      const name = regionName(box);
      if (box.getAttribute('aria-label') !== name) box.setAttribute('aria-label', name);
    } else if (box.hasAttribute(MARK)) {
      box.removeAttribute(MARK);
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
}

/** The box is inside a subtree the browser skips drawing for now (content-visibility: auto, off screen). */
function skipped(box: HTMLElement): boolean {
  return (
    typeof box.checkVisibility === 'function' &&
    box.checkVisibility() &&
    !box.checkVisibility({ contentVisibilityAuto: true })
  );
}

/** Keep `root`'s scrolling boxes focusable as its content and the window's size change. */
export function watchScrollRegions(root: HTMLElement): () => void {
  let pending = 0;
  const schedule = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      updateScrollRegions(root);
    });
  };
  const mutations = new MutationObserver(schedule);
  // Attribute changes too: a <details> opening reveals a table.
  mutations.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'hidden'] });
  window.addEventListener('resize', schedule);
  // A section skipped while off screen is drawn when scrolled to: its boxes are measured then.
  root.addEventListener('contentvisibilityautostatechange', schedule, true);
  schedule();
  return () => {
    mutations.disconnect();
    window.removeEventListener('resize', schedule);
    root.removeEventListener('contentvisibilityautostatechange', schedule, true);
    if (pending) cancelAnimationFrame(pending);
  };
}
