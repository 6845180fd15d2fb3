/**
 * `npm run bench:features` prices a part of the model by the time saved without it, so each
 * variant must load and must cut what its name says, and nothing the variants leave can fail to
 * run: a variant that silently fell back to the whole scenario would price that part at nothing.
 */
import { describe, expect, it } from 'vitest';
import { VARIANTS, variantScenario } from '../../bench/byFeature.js';
import { CASES } from '../../bench/cases.js';
import { compileScenario, simulateBatch } from '../../src/index.js';

const STAFFORD = CASES.find((c) => c.name.startsWith('stafford'))?.name as string;

const delivered = (compiled: ReturnType<typeof compileScenario>) =>
  compiled.establishments.reduce((n, e) => n + e.deliveries.filter((d) => d !== null).length, 0);

describe('bench:features variants', () => {
  it('every variant of every case loads', () => {
    for (const c of CASES) for (const v of VARIANTS) expect(() => variantScenario(c.name, v.name)).not.toThrow();
  });

  it('cut what they say and run, on Stafford', () => {
    const compiled = Object.fromEntries(
      VARIANTS.map((v) => [v.name, compileScenario(variantScenario(STAFFORD, v.name), { replications: 1 })]),
    );
    const asIs = compiled['as is']!;
    expect(asIs.start.warmupWeeks).toBeGreaterThan(0);
    expect(asIs.treatmentHistory).not.toBeNull();
    expect(delivered(asIs)).toBeGreaterThan(0);

    expect(compiled['empty start']!.start.warmupWeeks).toBe(0);
    expect(delivered(compiled['empty start']!)).toBe(delivered(asIs));

    expect(compiled['no treatment history']!.treatmentHistory).toBeNull();
    expect(compiled['no treatment history']!.start.warmupWeeks).toBe(asIs.start.warmupWeeks);

    expect(delivered(compiled['no deliveries']!)).toBe(0);
    expect(compiled['no deliveries']!.programmes.length).toBe(asIs.programmes.length);

    const custody = compiled['custody only']!;
    expect(custody.programmes.length).toBe(0);
    expect(custody.start.warmupWeeks).toBe(0);
    expect(custody.establishments.map((e) => e.populationTotal)).toEqual(
      asIs.establishments.map((e) => e.populationTotal),
    );

    for (const [name, c] of Object.entries(compiled)) {
      const batch = simulateBatch(c, 0, 1);
      expect(batch.count, name).toBe(1);
      expect(batch.scalars.every(Number.isFinite), name).toBe(true);
    }
  });
});
