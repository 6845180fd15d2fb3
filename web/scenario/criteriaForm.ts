/**
 * Criteria as a form a planner fills in (issue 9): a list of conditions, each "attribute is one of
 * these categories", "is at least / at most a band", "time to release", "has (not) completed a
 * programme", joined by "all of" or "any of". A criterion with nested groups is not a form: it
 * stays editable as data.
 *
 * Round trips are exact: `fromForm(toForm(c))` is `c`, and an edit replaces only the condition it
 * touches (the others are the very objects read from the file).
 */
import type { Attribute, Criterion } from '../../src/index.js';

/**
 * How the conditions are joined; `one` is a lone condition (no "all" around it), `everyone` none.
 * `notAll` / `notAny` are a group under "not" ("not all of these", "none of these").
 */
export type Join = 'all' | 'any' | 'notAll' | 'notAny' | 'one' | 'everyone';
export type GroupJoin = 'all' | 'any' | 'notAll' | 'notAny';
export const GROUP_JOINS: readonly GroupJoin[] = ['all', 'any', 'notAny', 'notAll'];
export const JOIN_WORDS: Record<GroupJoin, string> = {
  all: 'all of',
  any: 'any of',
  notAny: 'none of',
  notAll: 'not all of',
};

export interface CriteriaForm {
  join: Join;
  /** Each a condition (`isCondition`) or a group of them (`groupForm`). */
  rows: Criterion[];
}

/** What a condition tests: an attribute's id, or time to release, or a programme completed. */
export type Subject = { attribute: string } | { weeks: true } | { completed: true };

/** How a condition compares: the words a row's second select offers. */
export type Comparison = 'in' | 'notIn' | 'atLeast' | 'atMost' | 'weeks' | 'completed' | 'notCompleted';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const keysAre = (x: Record<string, unknown>, ...keys: string[]) =>
  Object.keys(x).length === keys.length && keys.every((k) => k in x);
const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** A condition the form can show as one row. */
export function isCondition(c: unknown): c is Criterion {
  if (!isObject(c)) return false;
  if (keysAre(c, 'attribute', 'in')) return typeof c.attribute === 'string' && isStringList(c.in);
  if (keysAre(c, 'attribute', 'atLeast')) return typeof c.attribute === 'string' && typeof c.atLeast === 'string';
  if (keysAre(c, 'attribute', 'atMost')) return typeof c.attribute === 'string' && typeof c.atMost === 'string';
  if (keysAre(c, 'weeksToRelease')) {
    const w = c.weeksToRelease;
    return (
      isObject(w) &&
      Object.keys(w).every((k) => k === 'min' || k === 'max') &&
      // A number, or text being typed that is not one yet (the loader names it).
      Object.values(w).every((v) => typeof v === 'number' || typeof v === 'string')
    );
  }
  if (keysAre(c, 'completed')) return typeof c.completed === 'string';
  if (keysAre(c, 'not')) {
    const n = c.not;
    return (
      isObject(n) &&
      ((keysAre(n, 'attribute', 'in') && typeof n.attribute === 'string' && isStringList(n.in)) ||
        (keysAre(n, 'completed') && typeof n.completed === 'string'))
    );
  }
  return false;
}

/** A group the form shows as a nested list: all / any / not all / none of rows, each a condition or a group. */
export function groupForm(c: unknown): (CriteriaForm & { join: GroupJoin }) | null {
  if (!isObject(c)) return null;
  let inner = c;
  let negated = false;
  if (keysAre(c, 'not') && isObject(c.not)) {
    inner = c.not;
    negated = true;
  }
  for (const join of ['all', 'any'] as const) {
    if (keysAre(inner, join)) {
      const list = inner[join];
      if (!Array.isArray(list) || list.length === 0 || !list.every(isRow)) return null;
      const j: GroupJoin = negated ? (join === 'all' ? 'notAll' : 'notAny') : join;
      return { join: j, rows: list as Criterion[] };
    }
  }
  return null;
}

/** A row: a condition, or a group of rows. */
export function isRow(c: unknown): c is Criterion {
  return isCondition(c) || groupForm(c) !== null;
}

/** The form of a criterion, or null where the form cannot show it (it stays editable as data). */
export function toForm(c: unknown): CriteriaForm | null {
  if (c === undefined) return { join: 'everyone', rows: [] };
  if (!isObject(c)) return null;
  if (keysAre(c, 'always') && c.always === true) return { join: 'everyone', rows: [] };
  if (isCondition(c)) return { join: 'one', rows: [c] };
  return groupForm(c);
}

export function fromForm(f: CriteriaForm): Criterion {
  if (f.rows.length === 0) return { always: true };
  switch (f.join) {
    case 'any':
      return { any: f.rows };
    case 'notAny':
      return { not: { any: f.rows } };
    case 'notAll':
      return { not: { all: f.rows } };
    case 'all':
      return { all: f.rows };
    default:
      return f.rows.length > 1 ? { all: f.rows } : f.rows[0]!;
  }
}

export function setRow(f: CriteriaForm, index: number, row: Criterion): CriteriaForm {
  return { ...f, rows: f.rows.map((r, i) => (i === index ? row : r)) };
}

/** A second condition turns a lone one into "all of"; the first turns "everyone" into one. */
export function addRow(f: CriteriaForm, row: Criterion): CriteriaForm {
  const join: Join = f.rows.length === 0 ? 'one' : f.join === 'one' || f.join === 'everyone' ? 'all' : f.join;
  return { join, rows: [...f.rows, row] };
}

/** Removing the last condition leaves everyone. */
export function removeRow(f: CriteriaForm, index: number): CriteriaForm {
  const rows = f.rows.filter((_, i) => i !== index);
  return rows.length === 0 ? { join: 'everyone', rows } : { ...f, rows };
}

export function setJoin(f: CriteriaForm, join: GroupJoin): CriteriaForm {
  return { ...f, join };
}

export function subjectOf(c: Criterion): Subject {
  const inner = 'not' in c ? c.not : c;
  if ('attribute' in inner) return { attribute: inner.attribute };
  if ('weeksToRelease' in inner) return { weeks: true };
  return { completed: true };
}

export function comparisonOf(c: Criterion): Comparison {
  if ('not' in c) return 'completed' in c.not ? 'notCompleted' : 'notIn';
  if ('in' in c) return 'in';
  if ('atLeast' in c) return 'atLeast';
  if ('atMost' in c) return 'atMost';
  if ('weeksToRelease' in c) return 'weeks';
  return 'completed';
}

/** The categories a condition names, in its own order. */
export function categoriesOf(c: Criterion): string[] {
  const inner = 'not' in c ? c.not : c;
  if ('in' in inner) return inner.in;
  if ('atLeast' in inner) return [inner.atLeast];
  if ('atMost' in inner) return [inner.atMost];
  return [];
}

/** The comparisons a subject allows: at least / at most only for an attribute whose bands are ordered. */
export function comparisonsFor(subject: Subject, attributes: readonly Attribute[]): Comparison[] {
  if ('weeks' in subject) return ['weeks'];
  if ('completed' in subject) return ['completed', 'notCompleted'];
  const a = attributes.find((x) => x.id === subject.attribute);
  return a?.ordered ? ['in', 'notIn', 'atLeast', 'atMost'] : ['in', 'notIn'];
}

export const COMPARISON_WORDS: Record<Comparison, string> = {
  in: 'is one of',
  notIn: 'is none of',
  atLeast: 'is at least',
  atMost: 'is at most',
  weeks: 'is between',
  completed: 'has completed',
  notCompleted: 'has not completed',
};

/**
 * A condition made from a subject and a comparison, keeping what it can of `from` (the categories
 * chosen, the programme) so switching "is one of" to "is at least" keeps the first band chosen.
 */
export function makeCondition(
  subject: Subject,
  comparison: Comparison,
  attributes: readonly Attribute[],
  programmes: readonly string[],
  from?: Criterion,
): Criterion {
  if ('weeks' in subject) {
    return from && 'weeksToRelease' in from ? from : { weeksToRelease: { min: 26 } };
  }
  if ('completed' in subject) {
    const prev = from && 'not' in from ? from.not : from;
    const programme = prev && 'completed' in prev ? prev.completed : (programmes[0] ?? '');
    return comparison === 'notCompleted' ? { not: { completed: programme } } : { completed: programme };
  }
  const attribute = subject.attribute;
  const a = attributes.find((x) => x.id === attribute);
  const fromSubject = from === undefined ? undefined : subjectOf(from);
  const sameAttribute = fromSubject !== undefined && 'attribute' in fromSubject && fromSubject.attribute === attribute;
  const kept = sameAttribute && from ? categoriesOf(from) : [];
  const first = kept[0] ?? a?.categories[0]?.id ?? '';
  switch (comparison) {
    case 'atLeast':
      return { attribute, atLeast: first };
    case 'atMost':
      return { attribute, atMost: first };
    case 'notIn':
      return { not: { attribute, in: kept.length ? kept : [first] } };
    default:
      return { attribute, in: kept.length ? kept : [first] };
  }
}

/** Ticks or unticks a category of an "is one of" / "is none of" condition, in the attribute's order. */
export function toggleCategory(
  c: Criterion,
  category: string,
  on: boolean,
  attributes: readonly Attribute[],
): Criterion {
  const negated = 'not' in c;
  const inner = negated ? c.not : c;
  if (!('in' in inner)) return c;
  const order = attributes.find((x) => x.id === inner.attribute)?.categories.map((x) => x.id) ?? [];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length + inner.in.indexOf(id));
  const list = on
    ? inner.in.includes(category)
      ? inner.in
      : [...inner.in, category].sort((x, y) => rank(x) - rank(y))
    : inner.in.filter((x) => x !== category);
  const next = { attribute: inner.attribute, in: list };
  return negated ? { not: next } : next;
}

/** Sets one end of a time-to-release condition; blank (undefined) leaves that end open. */
export function setWeeks(c: Criterion, end: 'min' | 'max', value: number | string | undefined): Criterion {
  if (!('weeksToRelease' in c)) return c;
  const next: { min?: number | string; max?: number | string } = {};
  const min = end === 'min' ? value : c.weeksToRelease.min;
  const max = end === 'max' ? value : c.weeksToRelease.max;
  if (min !== undefined) next.min = min;
  if (max !== undefined) next.max = max;
  return { weeksToRelease: next } as Criterion;
}

/** Typed weeks: blank is no limit, a number is stored as one, anything else as typed (the loader names it). */
export function parseWeeks(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}
