/**
 * A small JSON diff, made for share links: the difference between a built-in scenario and an
 * edited copy of it, so a link carries the edits and not the whole file. Pure, and exact:
 * `applyPatch(base, diff(base, target))` is `target` again, with its keys in the same order, so
 * the file saved from a link is byte for byte the file that was shared.
 *
 * Operations (paths are lists of keys and indices from the root):
 *   { p, v }           set the value at p (replacing whatever is there, or adding a key)
 *   { p, d: 1 }        delete the key at p
 *   { p, s: [i, n, items] }  in the list at p, remove n items at i and insert items there
 */

export type JsonPath = (string | number)[];
export type PatchOp =
  { p: JsonPath; v: unknown } | { p: JsonPath; d: 1 } | { p: JsonPath; s: [number, number, unknown[]] };
export type Patch = PatchOp[];

type JsonObject = Record<string, unknown>;

function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep equality of JSON values, key order included (it shows in the saved file). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson(a[k], b[k]));
  }
  return false;
}

/**
 * Whether editing `a`'s keys in place (delete some, set some, append new ones) gives `b`'s key
 * order; if not, the object is sent whole.
 */
function keysEditable(a: JsonObject, b: JsonObject): boolean {
  const kept = Object.keys(a).filter((k) => k in b);
  const added = Object.keys(b).filter((k) => !(k in a));
  const expected = [...kept, ...added];
  const actual = Object.keys(b);
  return expected.length === actual.length && expected.every((k, i) => k === actual[i]);
}

function diffInto(a: unknown, b: unknown, path: JsonPath, out: Patch): void {
  if (sameJson(a, b)) return;
  if (isObject(a) && isObject(b) && keysEditable(a, b)) {
    for (const k of Object.keys(a)) if (!(k in b)) out.push({ p: [...path, k], d: 1 });
    for (const k of Object.keys(b)) {
      if (k in a) diffInto(a[k], b[k], [...path, k], out);
      else out.push({ p: [...path, k], v: b[k] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // Trim what the two lists share at each end; same-length middles are diffed item by item.
    let start = 0;
    while (start < a.length && start < b.length && sameJson(a[start], b[start])) start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && sameJson(a[endA - 1], b[endB - 1])) {
      endA--;
      endB--;
    }
    if (endA - start === endB - start) {
      for (let i = start; i < endA; i++) diffInto(a[i], b[i], [...path, i], out);
    } else {
      out.push({ p: path, s: [start, endA - start, b.slice(start, endB)] });
    }
    return;
  }
  out.push({ p: path, v: b });
}

/** The operations that turn `base` into `target`. */
export function diff(base: unknown, target: unknown): Patch {
  const out: Patch = [];
  diffInto(base, target, [], out);
  return out;
}

function clone<T>(x: T): T {
  return x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T);
}

/** Apply a patch to a copy of `base`; throws an Error naming the operation that does not fit. */
export function applyPatch(base: unknown, patch: Patch): unknown {
  let root = clone(base);
  patch.forEach((op, n) => {
    const fail = (why: string): never => {
      throw new Error(`Change ${n + 1} of the link does not fit the scenario it is based on: ${why}.`);
    };
    if (!op || !Array.isArray(op.p)) fail('it has no path');
    if ('s' in op) {
      // A splice works on the list at its path (the root included).
      let list: unknown = root;
      for (const key of op.p)
        list = isObject(list) || Array.isArray(list) ? (list as JsonObject)[key as never] : undefined;
      const [i, count, items] = op.s;
      if (!Array.isArray(list) || i < 0 || i + count > list.length || !Array.isArray(items))
        fail(`the list at ${op.p.join('.')} is not as the link expects`);
      (list as unknown[]).splice(i, count, ...clone(items));
      return;
    }
    if (op.p.length === 0) {
      if ('v' in op) root = clone(op.v);
      else fail('it removes the whole scenario');
      return;
    }
    let parent: unknown = root;
    for (const key of op.p.slice(0, -1)) {
      if (Array.isArray(parent) && typeof key === 'number' && key >= 0 && key < parent.length) parent = parent[key];
      else if (isObject(parent) && typeof key === 'string' && Object.hasOwn(parent, key)) parent = parent[key];
      else fail(`nothing is at ${op.p.join('.')}`);
    }
    const last = op.p.at(-1)!;
    if ('d' in op) {
      if (!isObject(parent) || typeof last !== 'string' || !Object.hasOwn(parent, last))
        fail(`there is no ${op.p.join('.')} to remove`);
      delete (parent as JsonObject)[last as string];
    } else if (Array.isArray(parent) && typeof last === 'number' && last >= 0 && last < parent.length) {
      parent[last] = clone(op.v);
    } else if (isObject(parent) && typeof last === 'string') {
      // Defined, not assigned: a key named "__proto__" in a link stays a plain key.
      Object.defineProperty(parent, last, { value: clone(op.v), writable: true, enumerable: true, configurable: true });
    } else {
      fail(`${op.p.join('.')} cannot be set`);
    }
  });
  return root;
}
