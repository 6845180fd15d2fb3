import { describe, expect, it } from 'vitest';
import { approximateBytes, RunMemo, runKey, type MemoisedRun } from '../../workers/runMemo.js';
import type { Results } from '../../src/index.js';

/** A kept run whose results hold `numbers` numbers (about 8 bytes each). */
function runOf(numbers: number, tag = 0): MemoisedRun {
  return {
    results: { tag, series: new Array<number>(numbers).fill(tag) } as unknown as Results,
    samples: { names: [], values: new Float64Array(0) } as never,
    replications: 10,
    elapsedMs: 100 + tag,
  };
}

describe('runKey', () => {
  it('is the same for the same options in any order, and leaves out options not given', () => {
    const text = '{"name":"x"}';
    expect(runKey(text, { seed: 3, replications: 20 })).toBe(runKey(text, { replications: 20, seed: 3 }));
    expect(runKey(text, { seed: 3, replications: undefined })).toBe(runKey(text, { seed: 3 }));
    expect(runKey(text, {})).toBe(runKey(text, {}));
  });

  it('differs where the text or any option differs', () => {
    const keys = [
      runKey('{"name":"x"}', {}),
      runKey('{"name":"y"}', {}),
      runKey('{"name":"x"}', { seed: 3 }),
      runKey('{"name":"x"}', { seed: '3' }),
      runKey('{"name":"x"}', { seed: 4 }),
      runKey('{"name":"x"}', { replications: 4 }),
      runKey('{"name":"x"}', { horizonWeeks: 4 }),
      runKey('{"name": "x"}', {}),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('approximateBytes', () => {
  it('counts numbers, characters and typed arrays', () => {
    expect(approximateBytes(1)).toBe(8);
    expect(approximateBytes('abcd')).toBe(16 + 8);
    expect(approximateBytes(new Float64Array(100))).toBe(64 + 800);
    expect(approximateBytes([1, 2, 3])).toBe(16 + 24);
    expect(approximateBytes({ a: [1, 2], b: 'x' })).toBe(32 + 2 * 16 + (16 + 16) + (16 + 2));
  });

  it('stops soon after the limit, however large the value', () => {
    const large = { series: Array.from({ length: 1000 }, () => new Array<number>(1000).fill(1)) };
    expect(approximateBytes(large)).toBeGreaterThan(8_000_000);
    const limited = approximateBytes(large, 10_000);
    expect(limited).toBeGreaterThan(10_000);
    expect(limited).toBeLessThan(10_000 + 8_100);
  });
});

describe('RunMemo', () => {
  it('hands back what was kept under a key, and nothing under another', () => {
    const memo = new RunMemo();
    const run = runOf(10);
    memo.set('a', run);
    expect(memo.get('a')).toBe(run);
    expect(memo.get('b')).toBeUndefined();
  });

  it('drops the least recently used runs when the budget is spent', () => {
    // Each run is about 8 kB: three fit in 20 kB, not three and a fourth.
    const memo = new RunMemo(20_000, 10_000);
    memo.set('a', runOf(800, 1));
    memo.set('b', runOf(800, 2));
    expect(memo.get('a')?.elapsedMs).toBe(101); // a is now the most recently used
    memo.set('c', runOf(800, 3));
    expect(memo.size).toBe(2);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')?.elapsedMs).toBe(101);
    expect(memo.get('c')?.elapsedMs).toBe(103);
  });

  it('keeps no run larger than one entry may be, and forgets an older run under its key', () => {
    const memo = new RunMemo(100_000, 10_000);
    memo.set('a', runOf(100));
    memo.set('a', runOf(5_000));
    expect(memo.get('a')).toBeUndefined();
    expect(memo.size).toBe(0);
    // Nor one whose key (the scenario's text) is larger than that alone.
    memo.set('x'.repeat(6_000), runOf(1));
    expect(memo.size).toBe(0);
  });
});
