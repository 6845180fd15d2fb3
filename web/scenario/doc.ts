/**
 * The scenario as a document: the raw JSON object a user opened, edited in place by path.
 *
 * The editor never edits the parsed (defaults-filled) scenario: saving writes back exactly what
 * the file said plus the user's edits, so a file round-trips unchanged.
 */
import { formatPath } from '../../src/scenario/problems.js';

export type Key = string | number;
export type Path = readonly Key[];
export type JsonObject = { [key: string]: unknown };

export { formatPath };

export function pathString(path: Path): string {
  return formatPath(path);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getAt(doc: unknown, path: Path): unknown {
  let node: unknown = doc;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isObject(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** A copy of `node` one level deep, of the right shape for `key`. */
function shallowCopy(node: unknown, key: Key): JsonObject | unknown[] {
  if (Array.isArray(node)) return node.slice();
  if (isObject(node)) return { ...node };
  return typeof key === 'number' ? [] : {};
}

/** A new document with `value` at `path` (undefined removes the key); untouched branches are shared. */
export function setAt(doc: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [Key, ...Key[]];
  const copy = shallowCopy(doc, key);
  const next = setAt(getAt(copy, [key]), rest, value);
  if (Array.isArray(copy)) {
    if (typeof key !== 'number') throw new TypeError(`cannot use "${key}" as an index`);
    copy[key] = next;
  } else if (next === undefined) {
    delete (copy as JsonObject)[key as string];
  } else {
    (copy as JsonObject)[key as string] = next;
  }
  return copy;
}

/** Insert `value` into the array at `path` (at `index`, or at the end); creates the array if missing. */
export function insertAt(doc: unknown, path: Path, value: unknown, index?: number): unknown {
  const list = getAt(doc, path);
  const next = Array.isArray(list) ? list.slice() : [];
  next.splice(index ?? next.length, 0, value);
  return setAt(doc, path, next);
}

export function removeAt(doc: unknown, path: Path, index: number): unknown {
  const list = getAt(doc, path);
  if (!Array.isArray(list)) return doc;
  const next = list.slice();
  next.splice(index, 1);
  return setAt(doc, path, next);
}

/** Move an array item one place up (-1) or down (+1). */
export function moveAt(doc: unknown, path: Path, index: number, delta: -1 | 1): unknown {
  const list = getAt(doc, path);
  const to = index + delta;
  if (!Array.isArray(list) || to < 0 || to >= list.length) return doc;
  const next = list.slice();
  [next[index], next[to]] = [next[to], next[index]];
  return setAt(doc, path, next);
}

/** The `defaults` list of the object at `objectPath`, as the file declares it. */
export function declaredDefaults(doc: unknown, objectPath: Path): string[] {
  const list = getAt(doc, [...objectPath, 'defaults']);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** Whether `field` of the object at `objectPath` is listed as a default (or a sub-path of one is). */
export function isDeclaredDefault(doc: unknown, objectPath: Path, field: string): boolean {
  return declaredDefaults(doc, objectPath).some(
    (d) => d === field || d.startsWith(`${field}.`) || d.startsWith(`${field}[`),
  );
}

/**
 * Set a field the user edited. When the object lists the field in `defaults`, the value is no
 * longer an untouched default, so the field leaves the list (and an emptied list is removed).
 */
export function editField(doc: unknown, path: Path, value: unknown): unknown {
  let next = setAt(doc, path, value);
  const field = path.at(-1);
  if (typeof field !== 'string') return next;
  const objectPath = path.slice(0, -1);
  const defaults = declaredDefaults(next, objectPath);
  if (defaults.includes(field)) {
    const remaining = defaults.filter((d) => d !== field);
    next = setAt(next, [...objectPath, 'defaults'], remaining.length > 0 ? remaining : undefined);
  }
  return next;
}
