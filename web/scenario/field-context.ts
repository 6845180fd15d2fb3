/**
 * Where a field sits, in words ("HMP Stafford, population table “Table 4b”"), from its path in
 * the scenario document. Fields in different places share labels ("Name", "Source", "Group
 * size"): read out with their context, every field has a name of its own (WCAG 2.4.6).
 */
import { getAt, type Path } from './doc.js';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A catalogue programme's name as the page shows it, from its id (the id itself if unnamed). */
export function programmeName(doc: unknown, id: unknown): string {
  const list = getAt(doc, ['programmes']);
  const entry = Array.isArray(list) ? list.find((p) => (p as { id?: unknown } | null)?.id === id) : undefined;
  return text((entry as { name?: unknown } | undefined)?.name) ?? String(id ?? '');
}

/**
 * An item of a list by its name or label, else by its position ("tier 2"): never by an id, which
 * the page does not show as a name. A programme delivered at an establishment refers to the
 * catalogue by id, so it is named by the catalogue's name for it.
 */
function itemName(doc: unknown, itemPath: Path, noun: string): string {
  const index = Number(itemPath.at(-1));
  const programme = noun === 'programme' ? text(getAt(doc, [...itemPath, 'programme'])) : null;
  const name =
    text(getAt(doc, [...itemPath, 'name'])) ??
    text(getAt(doc, [...itemPath, 'label'])) ??
    (programme ? programmeName(doc, programme) : null);
  return name ? `${noun} “${name}”` : `${noun} ${index + 1}`;
}

const SECTIONS: Record<string, string> = {
  population: 'population',
  flows: 'flows',
  receptionMix: 'reception mix',
  staffing: 'staffing',
  referrals: 'referrals',
  caseManagement: 'case management',
  changes: 'changes',
};

/** The context of the field at `path`: the scenario, an establishment, a programme, a table... */
export function fieldContext(doc: unknown, path: Path): string {
  const parts: string[] = [];
  let i = 0;
  if (path[0] === 'establishments' && typeof path[1] === 'number') {
    parts.push(text(getAt(doc, ['establishments', path[1], 'name'])) ?? `establishment ${path[1] + 1}`);
    i = 2;
  } else if (path[0] === 'programmes' && typeof path[1] === 'number') {
    parts.push(`catalogue, ${itemName(doc, path.slice(0, 2), 'programme')}`);
    i = 2;
  } else if (path.length <= 1) {
    return 'Scenario';
  }
  // Below the top: each list item met on the way, and each named section.
  for (; i < path.length - 1; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (typeof key !== 'string') continue;
    if (typeof next === 'number' && i + 1 < path.length - 1) {
      const noun =
        key === 'programmes'
          ? 'programme'
          : key === 'tables'
            ? 'table'
            : key === 'tiers'
              ? 'tier'
              : key === 'cells'
                ? 'row'
                : key === 'priors'
                  ? 'fill distribution'
                  : key === 'attributes'
                    ? 'declared attribute'
                    : key === 'categories'
                      ? 'category'
                      : key.replace(/s$/, '');
      // A table's cells are the rows of its editor, named by number (their categories are beside them).
      parts.push(noun === 'row' ? `row ${next + 1}` : itemName(doc, path.slice(0, i + 2), noun));
      i++;
    } else if (SECTIONS[key]) {
      parts.push(SECTIONS[key]);
    }
  }
  const out = parts.join(', ');
  return out ? out.charAt(0).toUpperCase() + out.slice(1) : 'Scenario';
}
