/**
 * Finding the part of the zod schema that applies at a path in a document, so messages can say
 * what was expected there (a whole number? which fields?) in the schema's own terms.
 */
import type { z } from 'zod';
import type { JsonObject } from './plainJson.js';

export type Schema = z.core.$ZodType;
type Known = z.core.$ZodTypes;

const MAX_WRAPPERS = 32;

/** The schema under optional / nullable / default / lazy wrappers. */
export function unwrap(schema: Schema): Known {
  let s = schema as Known;
  for (let i = 0; i < MAX_WRAPPERS; i++) {
    const def = s._zod.def;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'nonoptional':
      case 'catch':
        s = def.innerType as Known;
        break;
      case 'lazy':
        s = (s as z.core.$ZodLazy)._zod.innerType as Known; // cached: the same instance parsing uses
        break;
      case 'pipe':
        s = def.in as Known;
        break;
      default:
        return s;
    }
  }
  return s;
}

/** Whether null is accepted, looking through wrappers. */
export function acceptsNull(schema: Schema): boolean {
  let s = schema as Known;
  for (let i = 0; i < MAX_WRAPPERS; i++) {
    const def = s._zod.def;
    if (def.type === 'nullable' || def.type === 'null') return true;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') s = def.innerType as Known;
    else if (def.type === 'lazy') s = (s as z.core.$ZodLazy)._zod.innerType as Known;
    else return false;
  }
  return false;
}

function ownValue(value: unknown, key: PropertyKey): unknown {
  if (typeof value !== 'object' || value === null || typeof key === 'symbol') return undefined;
  return Object.hasOwn(value, key) ? (value as JsonObject)[String(key)] : undefined;
}

/** The value at a path in a document, undefined where the path leads nowhere. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => ownValue(value, key), data);
}

/**
 * A union's options, narrowed to those whose literal fields (e.g. `kind`) match the value, or
 * failing that to those whose required fields the value has (e.g. `attribute` and `atLeast`).
 */
export function unionOptions(union: z.core.$ZodUnion, value: unknown): Known[] {
  const options = union._zod.def.options.map(unwrap);
  const tagged = options.filter((option) => literalsMatch(option, value));
  if (tagged.length > 0) return tagged;
  const shaped = options.filter((option) => hasRequiredFields(option, value));
  return shaped.length > 0 ? shaped : options;
}

function hasRequiredFields(option: Known, value: unknown): boolean {
  if (option._zod.def.type !== 'object' || typeof value !== 'object' || value === null) return false;
  const required = Object.entries(option._zod.def.shape).filter(([, s]) => !isOptionalField(s));
  return required.length > 0 && required.every(([key]) => Object.hasOwn(value, key));
}

function literalsMatch(option: Known, value: unknown): boolean {
  if (option._zod.def.type !== 'object') return false;
  const literals = Object.entries(option._zod.def.shape).map(([key, s]) => [key, unwrap(s)] as const);
  const tags = literals.filter(([, s]) => s._zod.def.type === 'literal');
  return tags.length > 0 && tags.every(([key, s]) => s._zod.values?.has(ownValue(value, key) as never) === true);
}

/** The schema with wrappers removed and unions expanded into the options that fit the value. */
export function branches(schema: Schema, value: unknown, depth = 0): Known[] {
  const s = unwrap(schema);
  if (s._zod.def.type !== 'union' || depth > MAX_WRAPPERS) return [s];
  return unionOptions(s as z.core.$ZodUnion, value).flatMap((option) => branches(option, value, depth + 1));
}

function childSchema(schema: Known, key: PropertyKey): Schema | undefined {
  const def = schema._zod.def;
  if (def.type === 'object') return typeof key === 'string' ? def.shape[key] : undefined;
  if (def.type === 'array') return typeof key === 'number' ? def.element : undefined;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/** Every schema that could apply at `path` (more than one only where a union is ambiguous). */
export function schemasAt(root: Schema, path: readonly PropertyKey[], data: unknown): Schema[] {
  let current: { schema: Schema; value: unknown }[] = [{ schema: root, value: data }];
  for (const key of path) {
    current = current.flatMap(({ schema, value }) =>
      branches(schema, value).flatMap((option) => {
        const next = childSchema(option, key);
        return next === undefined ? [] : [{ schema: next, value: ownValue(value, key) }];
      }),
    );
  }
  return current.map((c) => c.schema);
}

/** The field names the schema knows for the object at `path`. */
export function knownFieldsAt(root: Schema, path: readonly PropertyKey[], data: unknown): string[] {
  const value = valueAt(data, path);
  const names = schemasAt(root, path, data)
    .flatMap((s) => branches(s, value))
    .flatMap((s) => (s._zod.def.type === 'object' ? Object.keys(s._zod.def.shape) : []));
  return [...new Set(names)];
}

/** Whether the number expected at a path must be whole (looking into unions such as the seed's). */
export function expectsWholeNumber(candidates: readonly Schema[]): boolean {
  return candidates
    .flatMap((c) => branches(c, undefined))
    .some((s) => s._zod.def.type === 'number' && (s._zod.def.checks ?? []).some((check) => isIntegerCheck(check)));
}

function isIntegerCheck(check: z.core.$ZodCheck): boolean {
  const def = check._zod.def as { check: string; format?: string };
  return (
    def.check === 'number_format' && (def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32')
  );
}

/** Whether a field of an object schema may be left out. */
export function isOptionalField(schema: Schema): boolean {
  return (schema as Known)._zod.optin === 'optional';
}
