import { describe, expect, it } from 'vitest';
import type { FittedJoint } from '../../src/population/jointFit.js';
import { compilePriors, distributionFor } from '../../src/population/priors.js';
import { drawCategory, Synthesizer } from '../../src/population/synthesizer.js';
import { stream } from '../../src/random/streams.js';
import { BAND_SCHEMES } from '../../src/index.js';

const scheme = BAND_SCHEMES['segmentation-2014'];
const attributes = scheme.attributes;
const priors = compilePriors([scheme.priors], { attributes, programmeIds: [] });
const index = (id: string) => attributes.findIndex((a) => a.id === id);

/** A joint over the given attributes with seeded weights, about a fifth of the cells empty. */
function joint(ids: string[]): FittedJoint {
  const dims = ids.map(index).sort((a, b) => a - b);
  const sizes = dims.map((a) => attributes[a]!.categories.length);
  const cells = sizes.reduce((n, s) => n * s, 1);
  const strides = sizes.map((_, d) => sizes.slice(d + 1).reduce((n, s) => n * s, 1));
  const rng = stream('weights', 0, ids.join());
  const weights = Float64Array.from({ length: cells }, () => (rng.next() < 0.2 ? 0 : rng.next() * 10));
  return { dims, sizes, strides, weights, fit: [] };
}

/**
 * The plain reading of a joint and its priors, as the synthesizer was first written: a cell
 * found by bisecting the running weights, its codes divided out of the cell number, each free
 * attribute drawn from the first prior that matches the codes set so far.
 */
function reference(j: FittedJoint) {
  const cells: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  j.weights.forEach((w, k) => {
    if (w <= 0) return;
    total += w;
    cells.push(k);
    cumulative.push(total);
  });
  const free = attributes.map((_, a) => a).filter((a) => !j.dims.includes(a));
  const codes = new Int32Array(attributes.length);
  const subject = { code: (a: number) => codes[a]!, weeksToRelease: () => Infinity, completed: () => false };
  return {
    drawCell(u: number): number {
      const x = u * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return cells[lo]!;
    },
    fill(cell: number, next: () => number): number[] {
      let rest = cell;
      for (let d = j.dims.length - 1; d >= 0; d--) {
        codes[j.dims[d]!] = rest % j.sizes[d]!;
        rest = Math.floor(rest / j.sizes[d]!);
      }
      for (const a of free) {
        const p = distributionFor(priors[a]!, subject);
        const possible = [...p].filter((share) => share > 0).length;
        codes[a] = possible === 1 ? p.findIndex((share) => share > 0) : drawCategory(p, next());
      }
      return [...codes];
    },
  };
}

describe('the synthesizer', () => {
  // Joints over few and many attributes: free attributes that depend on joint ones (RM2000 on the
  // offence), on other free ones (RM2000 on OSP, SARA on DV) and on none.
  // Nine attributes are more than a cell's record holds: codes divided out of the cell number.
  const withoutRecords = [
    'ogrs',
    'offence',
    'sentence',
    'timeLeft',
    'ovp',
    'osp',
    'rm2000',
    'dv',
    'learningDisability',
  ];
  for (const ids of [['ogrs'], ['ogrs', 'offence'], ['offence', 'sentence', 'timeLeft', 'osp'], withoutRecords]) {
    it(`draws the people the plain reading of the joint and priors gives (joint over ${ids.join(', ')})`, () => {
      const j = joint(ids);
      const synthesizer = new Synthesizer(j, attributes, priors);
      const plain = reference(j);
      const rng = stream('people', 1, ids.join());
      const again = stream('people', 1, ids.join());
      const row = new Uint8Array(attributes.length);
      for (let n = 0; n < 20000; n++) {
        const cell = synthesizer.drawCell(rng);
        expect(cell).toBe(plain.drawCell(again.next()));
        synthesizer.fill(cell, row, 0, rng);
        const want = plain.fill(cell, () => again.next());
        if ([...row].some((code, a) => code !== want[a])) expect([...row]).toEqual(want);
      }
      // The same number of draws taken: the streams are still in step.
      expect(rng.next()).toBe(again.next());
    });
  }
});
