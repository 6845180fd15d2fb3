/**
 * Structured criteria (eligibility, tiers, priors, priority groups) compiled into predicates.
 *
 * A criterion is data from a scenario file; this module is the only code that gives it meaning.
 * Compiling builds closures over attribute and category indices, so the hot loop compares
 * small integers and never looks at strings.
 */
import type { Attribute, Criterion } from '../scenario/schema.js';

/** What a criterion can ask of the person it is applied to. */
export interface Subject {
  /** Category index of attribute `attribute` (its position in the attribute list). */
  code(attribute: number): number;
  /** Whole weeks until earliest release, from now. */
  weeksToRelease(): number;
  /** Whether the person has completed programme `programme` (catalogue index). */
  completed(programme: number): boolean;
}

/** What attribute codes alone say about a criterion for a profile. */
export const FALSE = 0;
export const TRUE = 1;
/** Depends on time left or programmes completed: test the person. */
export const DEPENDS = 2;
export type StaticValue = typeof FALSE | typeof TRUE | typeof DEPENDS;

export interface CompiledCriterion {
  test(subject: Subject): boolean;
  /** True when the answer depends only on attribute codes (so it can be cached per profile). */
  isStatic: boolean;
  /**
   * The answer as far as attribute codes decide it: TRUE or FALSE for every person with these
   * codes, or DEPENDS. Lets per-profile caches skip most tests of time-dependent rules.
   */
  staticValue(subject: Subject): StaticValue;
  /** Attribute indices the criterion reads. */
  attributes: ReadonlySet<number>;
}

export interface CriterionContext {
  attributes: readonly Attribute[];
  programmeIds: readonly string[];
}

interface Parts {
  test: (s: Subject) => boolean;
  isStatic: boolean;
  staticValue: (s: Subject) => StaticValue;
}

/** Compile a criterion. Assumes a validated scenario: unknown ids throw. */
export function compileCriterion(criterion: Criterion, context: CriterionContext): CompiledCriterion {
  const attributes = new Set<number>();
  const parts = build(criterion, context, attributes);
  return { test: parts.test, isStatic: parts.isStatic, staticValue: parts.staticValue, attributes };
}

const dependsAlways = (): StaticValue => DEPENDS;

/** Three-valued AND (FALSE wins) or OR (TRUE wins). */
function combine(children: readonly Parts[], decisive: StaticValue): (s: Subject) => StaticValue {
  const values = children.map((p) => p.staticValue);
  const otherwise = decisive === FALSE ? TRUE : FALSE;
  return (s) => {
    let result: StaticValue = otherwise;
    for (const v of values) {
      const value = v(s);
      if (value === decisive) return decisive;
      if (value === DEPENDS) result = DEPENDS;
    }
    return result;
  };
}

function attributeIndex(context: CriterionContext, id: string): number {
  const index = context.attributes.findIndex((a) => a.id === id);
  if (index < 0) throw new Error(`unknown attribute "${id}"`);
  return index;
}

function categoryIndex(attribute: Attribute, id: string): number {
  const index = attribute.categories.findIndex((c) => c.id === id);
  if (index < 0) throw new Error(`"${id}" is not a band of attribute "${attribute.id}"`);
  return index;
}

/** A lookup table over an attribute's categories: true where the person matches. */
function membership(attribute: Attribute, matches: (categoryIndex: number) => boolean): Uint8Array {
  const table = new Uint8Array(attribute.categories.length);
  for (let k = 0; k < table.length; k++) table[k] = matches(k) ? 1 : 0;
  return table;
}

/** Ordered comparisons use a band's numeric minimum; bands without one ("unknown") never match. */
function rankCompare(attribute: Attribute, bandId: string, direction: 'atLeast' | 'atMost'): Uint8Array {
  const pivot = attribute.categories[categoryIndex(attribute, bandId)]?.min;
  return membership(attribute, (k) => {
    const min = attribute.categories[k]?.min;
    if (min === undefined || pivot === undefined) return false;
    return direction === 'atLeast' ? min >= pivot : min <= pivot;
  });
}

function build(c: Criterion, context: CriterionContext, read: Set<number>): Parts {
  if ('all' in c) {
    const children = c.all.map((child) => build(child, context, read));
    const tests = children.map((p) => p.test);
    return {
      test: (s) => {
        for (const t of tests) if (!t(s)) return false;
        return true;
      },
      isStatic: children.every((p) => p.isStatic),
      staticValue: combine(children, FALSE),
    };
  }
  if ('any' in c) {
    const children = c.any.map((child) => build(child, context, read));
    const tests = children.map((p) => p.test);
    return {
      test: (s) => {
        for (const t of tests) if (t(s)) return true;
        return false;
      },
      isStatic: children.every((p) => p.isStatic),
      staticValue: combine(children, TRUE),
    };
  }
  if ('not' in c) {
    const inner = build(c.not, context, read);
    return {
      test: (s) => !inner.test(s),
      isStatic: inner.isStatic,
      staticValue: (s) => {
        const v = inner.staticValue(s);
        return v === DEPENDS ? DEPENDS : v === TRUE ? FALSE : TRUE;
      },
    };
  }
  if ('attribute' in c) {
    const index = attributeIndex(context, c.attribute);
    const attribute = context.attributes[index] as Attribute;
    read.add(index);
    let table: Uint8Array;
    if ('in' in c) {
      const wanted = new Set(c.in.map((id) => categoryIndex(attribute, id)));
      table = membership(attribute, (k) => wanted.has(k));
    } else if ('atLeast' in c) {
      table = rankCompare(attribute, c.atLeast, 'atLeast');
    } else {
      table = rankCompare(attribute, c.atMost, 'atMost');
    }
    const test = (s: Subject) => table[s.code(index)] === 1;
    return { test, isStatic: true, staticValue: (s) => (test(s) ? TRUE : FALSE) };
  }
  if ('weeksToRelease' in c) {
    const min = c.weeksToRelease.min ?? -Infinity;
    const max = c.weeksToRelease.max ?? Infinity;
    return {
      test: (s) => {
        const w = s.weeksToRelease();
        return w >= min && w <= max;
      },
      isStatic: false,
      staticValue: dependsAlways,
    };
  }
  if ('completed' in c) {
    const programme = context.programmeIds.indexOf(c.completed);
    if (programme < 0) throw new Error(`unknown programme "${c.completed}"`);
    return { test: (s) => s.completed(programme), isStatic: false, staticValue: dependsAlways };
  }
  return { test: () => true, isStatic: true, staticValue: () => TRUE };
}
