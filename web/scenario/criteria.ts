/** Criteria and table cells in words, so a rule can be read without reading JSON. */
import type { Attribute, Criterion } from '../../src/index.js';

/** An attribute's label without its note: "OGRS (general reoffending, %)" -> "OGRS". */
export function attributeShortLabel(attributes: readonly Attribute[], id: string): string {
  const a = attributes.find((x) => x.id === id);
  return a?.label?.replace(/\s*\(.*\)$/, '') ?? id;
}
const attrLabel = attributeShortLabel;

/** A category's label ("det-4y-plus" -> "Determinate 4 years +"), or the id if the attribute has no such category. */
export function categoryLabel(attributes: readonly Attribute[], attr: string, id: string): string {
  const c = attributes.find((x) => x.id === attr)?.categories.find((x) => x.id === id);
  return c?.label ?? id;
}
const catLabel = categoryLabel;

/** A table cell's `where` in words: "OGRS: Low (0-24); Main offence: Violent or Sexual" ("everyone" when empty). */
export function describeWhere(where: unknown, attributes: readonly Attribute[]): string {
  if (!where || typeof where !== 'object' || Array.isArray(where)) return 'everyone';
  const parts = Object.entries(where as Record<string, unknown>).map(
    ([k, v]) =>
      `${attrLabel(attributes, k)}: ${(Array.isArray(v) ? v : [v]).map((x) => catLabel(attributes, k, String(x))).join(' or ')}`,
  );
  return parts.length ? parts.join('; ') : 'everyone';
}

/**
 * `programmeName` gives a programme's name from its id (the catalogue's), so "has completed" reads
 * as the page names the programme; without it the id is shown.
 */
export function describeCriterion(
  c: Criterion | undefined,
  attributes: readonly Attribute[] = [],
  programmeName: (id: string) => string = (id) => id,
): string {
  if (!c || typeof c !== 'object') return '—';
  const wrap = (x: Criterion) => {
    const text = describeCriterion(x, attributes, programmeName);
    return 'all' in x || 'any' in x ? `(${text})` : text;
  };
  if ('all' in c) return c.all.map(wrap).join(' and ');
  if ('any' in c) return c.any.map(wrap).join(' or ');
  if ('not' in c) return `not ${wrap(c.not)}`;
  if ('always' in c) return 'everyone';
  if ('completed' in c) return `has completed ${programmeName(c.completed)}`;
  if ('weeksToRelease' in c) {
    const { min, max } = c.weeksToRelease;
    if (min !== undefined && max !== undefined) return `${min}–${max} weeks to release`;
    if (min !== undefined) return `at least ${min} weeks to release`;
    if (max !== undefined) return `at most ${max} weeks to release`;
    return 'any time to release';
  }
  if ('in' in c)
    return `${attrLabel(attributes, c.attribute)}: ${c.in.map((id) => catLabel(attributes, c.attribute, id)).join(' or ')}`;
  if ('atLeast' in c)
    return `${attrLabel(attributes, c.attribute)} ${catLabel(attributes, c.attribute, c.atLeast)} or above`;
  if ('atMost' in c)
    return `${attrLabel(attributes, c.attribute)} ${catLabel(attributes, c.attribute, c.atMost)} or below`;
  return JSON.stringify(c);
}

/** A table cell's `where` as "ogrs=0-24; offence=sexual|violent". */
export function formatWhere(where: unknown): string {
  if (!where || typeof where !== 'object') return '';
  return Object.entries(where as Record<string, unknown>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join('; ');
}

export function parseWhere(
  text: string,
): { ok: true; value: Record<string, string | string[]> } | { ok: false; message: string } {
  const out: Record<string, string | string[]> = {};
  const parts = text
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const part of parts) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(part);
    if (!m) return { ok: false, message: `"${part}" should look like attribute=category (several categories: a|b)` };
    const cats = m[2]!
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    out[m[1]!] = cats.length === 1 ? cats[0]! : cats;
  }
  return { ok: true, value: out };
}

/** Shares as "low: 25, medium: 39". */
export function formatShares(shares: unknown): string {
  if (!shares || typeof shares !== 'object') return '';
  return Object.entries(shares as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}
