/**
 * Turns zod issues into problems a planner can act on: a readable path, what was expected in
 * plain English, and what the file actually holds ("must be a whole number of at least 1, got -3").
 */
import type { z } from 'zod';
import { changeSchema, criterionSchema, priorityKeySchema } from './schema.js';
import { describeValue, didYouMean, formatPath, type Problem } from './problems.js';
import {
  acceptsNull,
  expectsWholeNumber,
  isOptionalField,
  knownFieldsAt,
  schemasAt,
  unwrap,
  valueAt,
  type Schema,
} from './schemaNav.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

interface Context {
  root: Schema;
  data: unknown;
}

export function zodIssuesToProblems(issues: readonly Issue[], root: Schema, data: unknown): Problem[] {
  const ctx: Context = { root, data };
  const problems = tightestBounds(issues).flatMap((issue) => describeIssue(issue, [], ctx));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type BoundIssue = Extract<Issue, { code: 'too_small' | 'too_big' }>;

/**
 * A whole number over its limit fails two checks: the field's own (at most 520) and zod's hidden
 * safe-integer one ("Too big: expected int to be <=9007199254740991"). Only the limit that binds,
 * the tightest, is worth telling a planner about.
 */
function tightestBounds(issues: readonly Issue[]): Issue[] {
  const tightest = new Map<string, BoundIssue>();
  const keyOf = (issue: BoundIssue) => `${issue.code}\u0000${issue.path.map(String).join('\u0000')}`;
  const limit = (issue: BoundIssue) => Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  for (const issue of issues) {
    if (issue.code !== 'too_big' && issue.code !== 'too_small') continue;
    const key = keyOf(issue);
    const held = tightest.get(key);
    const tighter =
      issue.code === 'too_big' ? limit(issue) < limit(held ?? issue) : limit(issue) > limit(held ?? issue);
    if (held === undefined || tighter) tightest.set(key, issue);
  }
  return issues.filter(
    (issue) => (issue.code !== 'too_big' && issue.code !== 'too_small') || tightest.get(keyOf(issue)) === issue,
  );
}

/** `option` is the union option the issue came from, when a union chose one. */
function describeIssue(issue: Issue, prefix: Path, ctx: Context, option?: z.core.$ZodTypes): Problem[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'invalid_union':
      return describeUnion(issue, path, ctx);
    case 'unrecognized_keys': {
      const known =
        option?._zod.def.type === 'object' && issue.path.length === 0
          ? Object.keys(option._zod.def.shape)
          : knownFieldsAt(ctx.root, path, ctx.data);
      return issue.keys.map((key) => ({
        path: formatPath(path),
        message: `unknown field "${key}"${didYouMean(key, known)}`,
      }));
    }
    case 'invalid_key':
      return issue.issues.map((inner) => ({ path: formatPath(path), message: keyMessage(inner, path, ctx) }));
    default:
      return [{ path: formatPath(path), message: messageFor(issue, path, ctx) }];
  }
}

/** A record key (such as a band name in `shares`) that is not a valid name. */
function keyMessage(inner: Issue, path: Path, ctx: Context): string {
  const key = received(inner, path, ctx);
  const got = `, got ${describeValue(key)}`;
  const message = messageFor(inner, path, ctx);
  const reason = message.endsWith(got) ? message.slice(0, -got.length) : message;
  return `${describeValue(key)} is not a valid name: it ${reason}`;
}

/** The value the issue is about: zod reports it, but only when asked (`reportInput`). */
function received(issue: Issue, path: Path, ctx: Context): unknown {
  return 'input' in issue ? issue.input : valueAt(ctx.data, path);
}

function messageFor(issue: Issue, path: Path, ctx: Context): string {
  const value = received(issue, path, ctx);
  const got = `, got ${describeValue(value)}`;
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, value, path, ctx);
    case 'too_small':
    case 'too_big':
      return boundMessage(issue, value, path, ctx);
    case 'invalid_format':
      if (issue.format === 'date') return `must be a date written YYYY-MM-DD${got}`;
      if (issue.format === 'regex' && issue.message.startsWith('Invalid'))
        return `does not have the expected form${got}`;
      return `${issue.message}${got}`;
    case 'invalid_value':
      return valueMessage(issue.values, value);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text in double quotes',
  boolean: 'true or false',
  array: 'a list [...]',
  object: 'an object {...}',
  record: 'an object {...}',
  null: 'null',
};

function typeMessage(expected: string, value: unknown, path: Path, ctx: Context): string {
  if (value === undefined) return 'is required';
  const numeric = expected === 'number' || expected === 'int';
  if (numeric && typeof value === 'number' && !Number.isFinite(value)) {
    return `must be a finite number, got ${describeValue(value)}`;
  }
  const candidates = schemasAt(ctx.root, path, ctx.data);
  const whole = expected === 'int' || (expected === 'number' && expectsWholeNumber(candidates));
  const name = whole ? TYPE_NAMES['int'] : (TYPE_NAMES[expected] ?? expected);
  const orNull = expected !== 'null' && candidates.some(acceptsNull) ? ' or null' : '';
  return `must be ${name}${orNull}, got ${describeValue(value)}`;
}

function boundMessage(
  issue: Extract<Issue, { code: 'too_small' | 'too_big' }>,
  value: unknown,
  path: Path,
  ctx: Context,
): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const got = `, got ${describeValue(value)}`;
  switch (issue.origin) {
    case 'int': // zod's own safe-integer bound
    case 'number': {
      const kind = expectsWholeNumber(schemasAt(ctx.root, path, ctx.data)) ? 'a whole number' : 'a number';
      const relation =
        issue.inclusive === false ? (small ? 'greater than' : 'less than') : small ? 'of at least' : 'of at most';
      return `must be ${kind} ${relation} ${bound}${got}${shareHint(bound, value, small)}`;
    }
    case 'array': {
      const length = Array.isArray(value) ? value.length : 0;
      if (small && bound === 1) return 'must not be an empty list';
      const items = `${bound} item${bound === 1 ? '' : 's'}`;
      return `must have ${small ? 'at least' : 'at most'} ${items}, got ${length}`;
    }
    case 'string': {
      const length = typeof value === 'string' ? value.length : 0;
      if (small && bound === 1) return 'must not be empty';
      return `must be ${small ? 'at least' : 'at most'} ${bound} characters long, got ${length}`;
    }
    default:
      return `${issue.message}${got}`;
  }
}

/** Shares are fractions; 80 where 0.8 was meant is a common slip worth naming. */
function shareHint(bound: number, value: unknown, small: boolean): string {
  const looksLikePercent = !small && bound === 1 && typeof value === 'number' && value > 1 && value <= 100;
  return looksLikePercent ? ` (a share from 0 to 1: write ${value / 100} for ${value}%)` : '';
}

function valueMessage(values: readonly unknown[], value: unknown): string {
  const shown = values.map((v) => JSON.stringify(v));
  const hint = typeof value === 'string' ? didYouMean(value, values.map(String)) : '';
  const expected = shown.length === 1 ? `must be ${shown[0]}` : `must be one of ${shown.join(', ')}`;
  return `${expected}, got ${describeValue(value)}${hint}`;
}

// ---------------------------------------------------------------- unions

type UnionIssue = Extract<Issue, { code: 'invalid_union' }>;

/**
 * A union failed: find the option the author evidently meant (the one whose failures are deepest
 * in the value, not about its shape) and report that option's problems; otherwise list the forms.
 */
function describeUnion(issue: UnionIssue, path: Path, ctx: Context): Problem[] {
  const weights = issue.errors.map(shapeMismatch);
  const best = Math.min(...weights);
  const bestIndex = weights.indexOf(best);
  const unique = weights.filter((w) => w === best).length === 1;
  const chosen = issue.errors[bestIndex];
  if (unique && best < ROOT_TYPE_MISMATCH && chosen !== undefined && chosen.length > 0) {
    const option = optionAt(path, ctx, bestIndex);
    return tightestBounds(chosen).flatMap((inner) => describeIssue(inner, path, ctx, option));
  }
  return [{ path: formatPath(path), message: noMatchMessage(path, ctx) }];
}

const ROOT_TYPE_MISMATCH = 100;

/** How badly a union option's issues say the value has the wrong shape for it (0: right shape). */
function shapeMismatch(issues: readonly Issue[]): number {
  let weight = 0;
  for (const issue of issues) {
    if (issue.path.length === 0) weight += rootWeight(issue);
    else if (issue.path.length === 1 && issue.code === 'invalid_type' && issue.input === undefined) weight += 2;
    else if (issue.path.length === 1 && issue.code === 'invalid_value') weight += 1;
  }
  return weight;
}

function rootWeight(issue: Issue): number {
  if (issue.code === 'invalid_type') return ROOT_TYPE_MISMATCH;
  if (issue.code === 'unrecognized_keys') return 2 * issue.keys.length;
  if (issue.code === 'invalid_union') return Math.min(ROOT_TYPE_MISMATCH, ...issue.errors.map(shapeMismatch));
  return 10;
}

const UNION_NOUNS = new Map<Schema, string>([
  [unwrap(criterionSchema), 'criterion'],
  [unwrap(priorityKeySchema), 'priority rule'],
  [unwrap(changeSchema.shape.set), 'change'],
]);

function unionAt(path: Path, ctx: Context): z.core.$ZodUnion | undefined {
  const union = schemasAt(ctx.root, path, ctx.data)
    .map(unwrap)
    .find((s) => s._zod.def.type === 'union');
  return union?._zod.def.type === 'union' ? (union as z.core.$ZodUnion) : undefined;
}

function optionAt(path: Path, ctx: Context, index: number): z.core.$ZodTypes | undefined {
  const option = unionAt(path, ctx)?._zod.def.options[index];
  return option === undefined ? undefined : unwrap(option);
}

function noMatchMessage(path: Path, ctx: Context): string {
  const value = valueAt(ctx.data, path);
  const union = unionAt(path, ctx);
  if (union === undefined) return `is not valid, got ${describeValue(value)}`;
  const options = union._zod.def.options.map(unwrap);
  const forms = options.map(describeForm);
  const noun = UNION_NOUNS.get(union);
  const got = `, got ${describeValue(value)}${misspeltFields(options, value)}`;
  if (noun !== undefined) return `not a valid ${noun}: expected one of ${forms.join(' / ')}${got}`;
  return `must be ${forms.join(' or ')}${got}`;
}

/** Names fields no option knows that look like a known one ("atLaest" for "atLeast"). */
function misspeltFields(options: readonly z.core.$ZodTypes[], value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '';
  const known = options.flatMap((o) => (o._zod.def.type === 'object' ? Object.keys(o._zod.def.shape) : []));
  const hints = Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => [key, didYouMean(key, known)] as const)
    .filter(([, hint]) => hint !== '')
    .map(([key, hint]) => `; unknown field "${key}"${hint}`);
  return hints.join('');
}

/** How one option of a union is written: its required fields, or the kind of value. */
function describeForm(option: z.core.$ZodTypes): string {
  const def = option._zod.def;
  if (def.type !== 'object') {
    if (def.type === 'literal') return def.values.map((v) => JSON.stringify(v)).join(' or ');
    if (def.type === 'number') return expectsWholeNumber([option]) ? 'a whole number' : 'a number';
    return TYPE_NAMES[def.type] ?? def.type;
  }
  const fields = Object.entries(def.shape).filter(([, s]) => !isOptionalField(s));
  return fields
    .map(([key, s]) => {
      const inner = unwrap(s);
      const tag = inner._zod.def.type === 'literal' ? inner._zod.def.values[0] : undefined;
      return typeof tag === 'string' ? `${key}=${JSON.stringify(tag)}` : key;
    })
    .join('+');
}
