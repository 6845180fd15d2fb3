import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { fuzzOnce, mutatedFile } from './mutate.js';

const base = JSON.stringify(minimalScenario());

describe('the loader under 250 seeded hostile mutations (npm run fuzz for 10,000)', () => {
  it('never crashes, loads each within a second, and places every rejection', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const c = fuzzOnce(base, seed);
        expect(c.crash, `seed ${seed}`).toBeNull();
        expect(c.ms, `seed ${seed}`).toBeLessThan(1000);
        expect(c.unplaced, `seed ${seed}`).toEqual([]);
      }),
      { seed: 2026, numRuns: 250 },
    );
  }, 120_000);

  it('mutates reproducibly from the seed', () => {
    expect(mutatedFile(base, 7)).toBe(mutatedFile(base, 7));
    expect(mutatedFile(base, 7)).not.toBe(mutatedFile(base, 8));
  });
});
