/**
 * Checks that a parsed document is plain, safe JSON data before anything else reads it.
 *
 * JSON.parse stores a `"__proto__"` key as an ordinary own property, but code that later copies
 * keys with assignment (or a schema library building records) would turn it into a prototype
 * change. Such keys are refused outright, wherever they appear, before the value goes further.
 */
import { child, describeValue, type Problem } from './problems.js';

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any real scenario (criteria included); stops stack-hungry recursion later on. */
export const MAX_DEPTH = 100;

/** Enough to show what is wrong without flooding the user with one problem per key. */
const MAX_REPORTED = 50;

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkPlainJson(value: unknown): Problem[] {
  const problems: Problem[] = [];
  walk(value, '', 0, new Set(), problems);
  return problems;
}

function walk(value: unknown, path: string, depth: number, ancestors: Set<object>, out: Problem[]): void {
  if (out.length >= MAX_REPORTED) return;
  const fault = notJson(value);
  if (fault !== undefined) {
    out.push({ path, message: fault });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    out.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  if (ancestors.has(value)) {
    out.push({ path, message: 'refers back to itself (a circular structure cannot be saved as JSON)' });
    return;
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], child(path, i), depth + 1, ancestors, out);
  } else {
    for (const key of Object.keys(value)) {
      const at = child(path, key);
      if (FORBIDDEN_KEYS.has(key)) out.push({ path: at, message: `"${key}" is not allowed as a field name` });
      else walk((value as JsonObject)[key], at, depth + 1, ancestors, out);
    }
  }
  ancestors.delete(value);
}

/** Why a value could not have come from JSON text, or undefined if it could. */
function notJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'function':
    case 'symbol':
    case 'bigint':
      return `is not JSON data (got ${describeValue(value)})`;
    case 'object': {
      if (value === null) return undefined;
      const proto: unknown = Object.getPrototypeOf(value);
      if (Array.isArray(value))
        return proto === Array.prototype ? undefined : 'is not plain JSON data (a list with its own prototype)';
      return proto === Object.prototype || proto === null
        ? undefined
        : 'is not plain JSON data (an object with its own prototype)';
    }
    default:
      return undefined; // undefined means "absent"; numbers out of range are the schema's business
  }
}
