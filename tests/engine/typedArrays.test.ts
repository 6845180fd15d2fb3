import { describe, expect, it } from 'vitest';
import { widened } from '../../src/engine/typedArrays.js';

describe('widened', () => {
  it('copies the column into a longer one of the same type, its new entries filled', () => {
    const a = Int32Array.from([3, -1, 7]);
    const b = widened(a, 6, -1);
    expect(b).toBeInstanceOf(Int32Array);
    expect(Array.from(b)).toEqual([3, -1, 7, -1, -1, -1]);
    expect(Array.from(widened(Float64Array.from([0.5]), 3))).toEqual([0.5, 0, 0]);
    // A copy: the old column is left as it was.
    b[0] = 9;
    expect(a[0]).toBe(3);
  });
});
