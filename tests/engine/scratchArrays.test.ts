import { describe, expect, it } from 'vitest';
import { ScratchArrays } from '../../src/engine/scratchArrays.js';

describe('ScratchArrays (arrays a context hands from one replication to the next)', () => {
  it('hands out the same memory for a name, refilled, and other memory for another name', () => {
    const scratch = new ScratchArrays();
    const a = scratch.int32('a', 100, -1);
    expect(a.length).toBe(100);
    expect(Array.from(new Set(a))).toEqual([-1]);
    a[7] = 42;
    const again = scratch.int32('a', 90);
    expect(again.buffer).toBe(a.buffer);
    expect(again.length).toBe(90);
    expect(Array.from(new Set(again))).toEqual([0]);
    const other = scratch.int32('b', 90);
    expect(other.buffer).not.toBe(a.buffer);
  });

  it('leaves the contents as the last holder left them when asked not to fill', () => {
    const scratch = new ScratchArrays();
    const a = scratch.float64('keys', 10);
    a[3] = 2.5;
    expect(scratch.float64('keys', 10, null)[3]).toBe(2.5);
    expect(scratch.uint8('marks', 5, 1)[4]).toBe(1);
  });

  it('grows a name past its memory with new memory of the length asked', () => {
    const scratch = new ScratchArrays();
    const small = scratch.uint8('a', 10);
    const large = scratch.uint8('a', 10_000, 7);
    expect(large.length).toBe(10_000);
    expect(large.buffer).not.toBe(small.buffer);
    expect(large[9_999]).toBe(7);
  });

  it('widens an array held under a name, keeping its entries and zeroing the rest', () => {
    const scratch = new ScratchArrays();
    // Grown from an array of its own: copied into the name's memory.
    const own = Int8Array.from([1, 2, 3]);
    const first = scratch.widen('w', own, 8);
    expect(Array.from(first)).toEqual([1, 2, 3, 0, 0, 0, 0, 0]);
    // Grown within the name's memory (room to spare): the same memory, entries kept.
    first[7] = 9;
    const second = scratch.widen('w', first.subarray(0, 4), 6);
    expect(second.buffer).toBe(first.buffer);
    expect(Array.from(second)).toEqual([1, 2, 3, 0, 0, 0]);
    // Past it: new memory with the entries copied over.
    second[5] = 4;
    const third = scratch.widen('w', second, 1_000);
    expect(third.buffer).not.toBe(second.buffer);
    expect(Array.from(third.subarray(0, 7))).toEqual([1, 2, 3, 0, 0, 4, 0]);
    expect(third.length).toBe(1_000);
  });

  it('answers a name asked for with another type with that type', () => {
    const scratch = new ScratchArrays();
    scratch.int32('x', 10);
    expect(scratch.float64('x', 10)).toBeInstanceOf(Float64Array);
  });
});
