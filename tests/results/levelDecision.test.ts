import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  LEVEL_CHECK_EVERY,
  LEVEL_DECIDE_AFTER,
  LEVEL_DECIDE_Z,
  levelDecided,
} from '../../src/results/levelDecision.js';

/** n draws of a normal law (Box-Muller) from a seeded generator. */
function normals(n: number, mean: number, sd: number, seed: string): Float64Array {
  const rng = seedrandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + sd * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return out;
}

describe('deciding a sizing level on as few replications as say which side of the target it lies', () => {
  it('decides nothing before 30 replications, however clear they are', () => {
    const far = new Float64Array(LEVEL_DECIDE_AFTER).fill(100);
    expect(levelDecided(far, LEVEL_DECIDE_AFTER - 1, 0)).toBeNull();
    expect(levelDecided(far, LEVEL_DECIDE_AFTER, 0)).toBe(false);
    expect(levelDecided(new Float64Array(LEVEL_DECIDE_AFTER), LEVEL_DECIDE_AFTER, 5)).toBe(true);
  });

  it('decides where the mean is more than 4 standard errors from the target, on its side', () => {
    // 40 values alternating 9 and 11: mean 10, standard deviation 1.013, standard error 0.160.
    const values = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 9 : 11));
    const se = Math.sqrt(40 / 39) / Math.sqrt(40);
    expect(levelDecided(values, 40, 10 + LEVEL_DECIDE_Z * se + 0.01)).toBe(true);
    expect(levelDecided(values, 40, 10 + LEVEL_DECIDE_Z * se - 0.01)).toBeNull();
    expect(levelDecided(values, 40, 10 - LEVEL_DECIDE_Z * se - 0.01)).toBe(false);
    expect(levelDecided(values, 40, 10 - LEVEL_DECIDE_Z * se + 0.01)).toBeNull();
    // Only the first n count.
    expect(levelDecided(Float64Array.from([...values, ...new Float64Array(40).fill(1000)]), 40, 11)).toBe(true);
  });

  it('never decides a level whose every replication gives exactly the target', () => {
    expect(levelDecided(new Float64Array(100).fill(3), 100, 3)).toBeNull();
  });

  it('decides a level whose mean sits on the target early in under 1% of sizings', () => {
    // The rule's claim (levelDecision.ts): looked at every 10 replications up to 500, at most about 0.3%.
    let early = 0;
    const sizings = 2000;
    for (let s = 0; s < sizings; s++) {
      const values = normals(500, 20, 8, `on-target-${s}`);
      for (let n = LEVEL_CHECK_EVERY; n < 500; n += LEVEL_CHECK_EVERY)
        if (levelDecided(values, n, 20) !== null) {
          early++;
          break;
        }
    }
    expect(early / sizings).toBeLessThan(0.01);
  });

  it('decides a level 2 standard deviations from the target at its first look', () => {
    let first = 0;
    for (let s = 0; s < 200; s++)
      if (levelDecided(normals(LEVEL_DECIDE_AFTER, 20, 5, `far-${s}`), LEVEL_DECIDE_AFTER, 30) === true) first++;
    expect(first).toBe(200);
  });
});
