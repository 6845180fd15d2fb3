import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mean, quantile } from 'simple-statistics';
import { compileScenario, loadScenario, summarize } from '../../src/index.js';
import type { RepBatch } from '../../src/engine/simulate.js';
import { PROGRAMME_SERIES } from '../../src/engine/layout.js';

/**
 * The weekly bands (summarize.ts band) read against their definition: each week, the mean and
 * the 5th and 95th percentiles (simple-statistics) over the replications of the week's value, for
 * the region the sum over its establishments replication by replication. Records are made up, not
 * simulated: counts with ties and zeros, and fractions, over enough replications that the
 * percentiles are read from the tails (tailQuantiles), in batches of uneven sizes.
 */
const doc = JSON.parse(readFileSync(new URL('../../scenarios/region-today.json', import.meta.url), 'utf8'));
const loaded = loadScenario(doc);
if (!loaded.ok) throw new Error('region-today does not load');

function madeUpBatches(scalarCount: number, seriesLength: number, sizes: number[]): RepBatch[] {
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  let first = 0;
  return sizes.map((count) => {
    const series = Float32Array.from({ length: count * seriesLength }, (_, k) =>
      k % 3 === 0 ? Math.floor(next() * 6) : k % 3 === 1 ? Math.floor(next() * 400) : next() * 50,
    );
    const batch = { firstReplication: first, count, scalars: new Float64Array(count * scalarCount), series };
    first += count;
    return batch;
  });
}

describe('weekly bands', () => {
  for (const sizes of [
    [40, 27, 33],
    [3, 2],
  ]) {
    const R = sizes.reduce((a, b) => a + b, 0);
    it(`are each week's mean and 5th and 95th percentiles over ${R} replications, summed over the region`, () => {
      const compiled = compileScenario(loaded.scenario, { replications: R, horizonWeeks: 30 });
      const L = compiled.layout;
      const W = compiled.weeks;
      const batches = madeUpBatches(L.scalarCount, L.seriesCount * W, sizes);
      // Shuffled: a summary orders batches by their first replication.
      const results = summarize(compiled, [batches[batches.length - 1]!, ...batches.slice(0, -1)]);
      const value = (r: number, e: number, p: number, name: (typeof PROGRAMME_SERIES)[number], w: number) => {
        const b = batches.find((x) => r >= x.firstReplication && r < x.firstReplication + x.count)!;
        const row = (r - b.firstReplication) * L.seriesCount * W;
        return b.series[row + L.programmeSeries(e, p, name) * W + w]!;
      };
      const E = compiled.establishments.length;
      expect(E).toBeGreaterThan(1);
      let checked = 0;
      for (let p = 0; p < compiled.programmes.length; p += 3) {
        for (const name of PROGRAMME_SERIES) {
          for (const w of [0, 1, 17, W - 1]) {
            const expectBand = (band: { mean: number[]; p5: number[]; p95: number[] }, column: number[]) => {
              const [p5, p95] = quantile(column, [0.05, 0.95]);
              expect(band.p5[w]).toBe(p5);
              expect(band.p95[w]).toBe(p95);
              // A plain sum in replication order, not simple-statistics' compensated one.
              expect(band.mean[w]).toBeCloseTo(mean(column), 9);
              checked++;
            };
            for (const e of [0, E - 1]) {
              const column = Array.from({ length: R }, (_, r) => value(r, e, p, name, w));
              expectBand(results.establishments[e]!.programmes[p]!.series[name], column);
            }
            const region = Array.from({ length: R }, (_, r) => {
              let sum = 0;
              for (let e = 0; e < E; e++) sum += value(r, e, p, name, w);
              return sum;
            });
            expectBand(results.region.programmes[p]!.series[name], region);
          }
        }
      }
      expect(checked).toBeGreaterThan(50);
    });
  }
});
