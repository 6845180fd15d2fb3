/** A population table's rows as the editor shows them (editor/population-table.ts): pure, so tested in Node. */
import type { Attribute } from '../../src/index.js';

export type Where = Record<string, string | string[]>;

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function whereOf(cell: unknown): Where {
  const w = (cell as { where?: unknown } | null)?.where;
  return w && typeof w === 'object' && !Array.isArray(w) ? (w as Where) : {};
}

/** A select's value for a cell's entry: '' for any, the id, or several ids joined by '|'. */
export const encode = (v: string | string[] | undefined): string =>
  v === undefined ? '' : Array.isArray(v) ? v.join('|') : String(v);

export function decode(value: string): string | string[] | undefined {
  if (value === '') return undefined;
  const ids = value.split('|');
  return ids.length === 1 ? ids[0]! : ids;
}

/** The attributes the cells use, in the scheme's order (unknown ones last, as the file has them). */
export function columnsOf(cells: readonly unknown[], attributes: readonly Attribute[], added: readonly string[] = []) {
  const used = new Set<string>([...cells.flatMap((c) => Object.keys(whereOf(c))), ...added]);
  const known = attributes.map((a) => a.id).filter((id) => used.has(id));
  return [...known, ...[...used].filter((id) => !known.includes(id))];
}

/**
 * The where of a new row: the first combination of the table's columns that no row has yet (so
 * the new row does not overlap another), else the first categories.
 */
export function newRowWhere(cells: readonly unknown[], columns: readonly string[], attributes: readonly Attribute[]) {
  const lists = columns.map((id) => attributes.find((a) => a.id === id)?.categories.map((c) => c.id) ?? []);
  if (lists.length === 0 || lists.some((l) => l.length === 0)) return {};
  const taken = new Set(cells.map((c) => JSON.stringify(columns.map((id) => encode(whereOf(c)[id])))));
  const combo = lists.map(() => 0);
  for (;;) {
    const ids = combo.map((k, j) => lists[j]![k]!);
    if (!taken.has(JSON.stringify(ids))) return Object.fromEntries(columns.map((id, j) => [id, ids[j]!]));
    let j = combo.length - 1;
    while (j >= 0 && ++combo[j]! >= lists[j]!.length) combo[j--] = 0;
    if (j < 0) break;
  }
  return Object.fromEntries(columns.map((id, j) => [id, lists[j]![0]!]));
}
