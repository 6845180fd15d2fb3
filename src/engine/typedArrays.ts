/**
 * Growing a typed-array column: the tables of people, needs and courses, the waiting lists and the
 * week queues keep their columns as typed arrays and double them when full.
 */

/** Typed arrays a table's columns are made of. */
export type Column = Int8Array | Uint8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A copy of `a`, `length` long (at least a's), its new entries `fill`. */
export function widened<T extends Column>(a: T, length: number, fill = 0): T {
  const b = new (a.constructor as new (length: number) => T)(length);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}
