import { describe, expect, it } from 'vitest';
import { fitJoint } from '../../src/population/jointFit.js';
import { compilePriors } from '../../src/population/priors.js';
import { Synthesizer } from '../../src/population/synthesizer.js';
import { stream } from '../../src/random/streams.js';
import { BAND_SCHEMES, populationTableSchema, type PopulationTable } from '../../src/index.js';

const scheme = BAND_SCHEMES['segmentation-2014'];
const attributes = scheme.attributes;
const priors = compilePriors([scheme.priors], { attributes, programmeIds: [] });
const table = (t: unknown): PopulationTable => populationTableSchema.parse(t);
const index = (id: string) => attributes.findIndex((a) => a.id === id);

/** Fitted people in the joint cells matching `where`. */
function mass(joint: ReturnType<typeof fitJoint>, where: Record<string, string>): number {
  let total = 0;
  joint.weights.forEach((w, j) => {
    let rest = j;
    const codes: Record<number, number> = {};
    for (let d = joint.dims.length - 1; d >= 0; d--) {
      codes[joint.dims[d]!] = rest % joint.sizes[d]!;
      rest = Math.floor(rest / joint.sizes[d]!);
    }
    const match = Object.entries(where).every(([id, band]) => {
      const a = index(id);
      return attributes[a]!.categories[codes[a]!]!.id === band;
    });
    if (match) total += w;
  });
  return total;
}

const ogrsBands = table({
  id: 'ogrs',
  total: 712,
  cells: [
    { where: { ogrs: '0-24' }, count: 237 },
    { where: { ogrs: '25-49' }, count: 137 },
    { where: { ogrs: '50-74' }, count: 216 },
    { where: { ogrs: '75-89' }, count: 120 },
    { where: { ogrs: '90-100' }, count: 2 },
  ],
});

describe('fitting a joint distribution to partial tables (IPF)', () => {
  it('matches a complete marginal exactly, scaled to the population total', () => {
    const joint = fitJoint(attributes, [ogrsBands], priors, 741);
    expect(mass(joint, { ogrs: '0-24' })).toBeCloseTo((237 * 741) / 712, 6);
    expect(joint.fit[0]!.maxCellError).toBeLessThan(1e-6);
  });

  it('meets a partial cross-tab and the marginal together, leaving the rest of each row to the remainder', () => {
    const partial = table({
      id: 'offence',
      total: 712,
      cells: [
        { where: { ogrs: '0-24', offence: 'sexual' }, count: 177 },
        { where: { ogrs: '0-24', offence: 'violent' }, count: 22 },
        { where: { ogrs: '50-74', offence: 'violent' }, count: 59 },
      ],
    });
    const joint = fitJoint(attributes, [ogrsBands, partial], priors, 712);
    expect(mass(joint, { ogrs: '0-24', offence: 'sexual' })).toBeCloseTo(177, 4);
    expect(mass(joint, { ogrs: '50-74', offence: 'violent' })).toBeCloseTo(59, 4);
    expect(mass(joint, { ogrs: '0-24' })).toBeCloseTo(237, 4);
    expect(joint.fit.every((f) => f.maxCellError < 1e-4)).toBe(true);
  });

  it('reads a percent table as shares within the people its cells cover (OVP of violent offenders)', () => {
    const ovp = table({
      id: 'ovp',
      unit: 'percent',
      cells: [
        { where: { offence: 'violent', ovp: 'low' }, count: 25 },
        { where: { offence: 'violent', ovp: 'medium' }, count: 39 },
        { where: { offence: 'violent', ovp: 'high' }, count: 16 },
        { where: { offence: 'violent', ovp: 'very-high' }, count: 2 },
        { where: { offence: 'violent', ovp: 'unknown' }, count: 18 },
      ],
    });
    const violent = table({ id: 'violent', total: 1000, cells: [{ where: { offence: 'violent' }, count: 360 }] });
    const joint = fitJoint(attributes, [violent, ovp], priors, 1000);
    expect(mass(joint, { offence: 'violent' })).toBeCloseTo(360, 4);
    expect(mass(joint, { offence: 'violent', ovp: 'medium' })).toBeCloseTo(0.39 * 360, 4);
  });

  it('reports by how much tables that disagree are missed, instead of failing', () => {
    const a = table({ id: 'a', total: 100, cells: [{ where: { offence: 'sexual' }, count: 80 }] });
    const b = table({ id: 'b', total: 100, cells: [{ where: { offence: 'sexual' }, count: 40 }] });
    const joint = fitJoint(attributes, [a, b], priors, 100);
    const worst = Math.max(...joint.fit.map((f) => f.maxCellError));
    expect(worst).toBeGreaterThan(1);
  });

  it('keeps structural zeros of the priors: no OSP band for non-sexual offenders', () => {
    const t = table({ id: 't', total: 100, cells: [{ where: { offence: 'sexual' }, count: 30 }] });
    const joint = fitJoint(
      attributes,
      [
        t,
        table({
          id: 'o',
          unit: 'percent',
          cells: [
            { where: { offence: 'sexual', osp: 'high' }, count: 50 },
            { where: { offence: 'sexual', osp: 'low' }, count: 50 },
          ],
        }),
      ],
      priors,
      100,
    );
    expect(mass(joint, { offence: 'violent', osp: 'high' })).toBe(0);
  });

  it('draws an opening population of exactly the total, with segment counts within one of expected', () => {
    const joint = fitJoint(attributes, [ogrsBands], priors, 741);
    const synth = new Synthesizer(joint, attributes, priors);
    for (const seed of ['a', 'b', 'c']) {
      const cells = synth.openingCells(741, stream(seed, 0, 'population'));
      expect(cells.length).toBe(741);
      const low = Array.from(cells).filter((c) => Math.floor(c / joint.strides[0]!) === 0).length;
      expect(Math.abs(low - (237 * 741) / 712)).toBeLessThan(1 + 1e-9);
    }
  });
});

describe('a category a table asks for is never ruled out by a prior', () => {
  // The scheme's sentence prior (the region's) has no remand share at all.
  const leicesterSentence = table({
    id: 'l-sentence',
    total: 408,
    cells: [
      { where: { sentence: 'remand' }, count: 84 },
      { where: { sentence: 'det-under-12m' }, count: 156 },
    ],
  });

  it("fits Leicester's 84 remand prisoners against a prior with no remand", () => {
    const joint = fitJoint(attributes, [leicesterSentence], priors, 408, [index('timeLeft')]);
    expect(mass(joint, { sentence: 'remand' })).toBeCloseTo(84, 6);
    expect(joint.fit[0]!.maxCellError).toBeLessThan(1e-6);
    // The revived people keep the priors' structure where the cell says nothing: remand time
    // left is under 6 months (the scheme's remand prior).
    expect(mass(joint, { sentence: 'remand', timeLeft: 'under-6m' })).toBeCloseTo(84, 6);
  });

  it('draws receptions from a mix that asks for a ruled-out category, not from the first cell', () => {
    // Every reception remand (a count table out of 1,000 receptions).
    const mix = table({ id: 'mix', total: 1000, cells: [{ where: { sentence: 'remand' }, count: 1000 }] });
    const joint = fitJoint(attributes, [mix], priors, 1000);
    const synthesizer = new Synthesizer(joint, attributes, priors);
    const rng = stream('mix', 0, 'test');
    const codes = new Uint8Array(attributes.length);
    const remand = attributes[index('sentence')]!.categories.findIndex((c) => c.id === 'remand');
    for (let k = 0; k < 50; k++) {
      synthesizer.fill(synthesizer.drawCell(rng), codes, 0, rng);
      expect(codes[index('sentence')]).toBe(remand);
    }
  });

  it('fails with an error naming the table and cell when nobody can be drawn at all', () => {
    const none = table({
      id: 'nobody',
      unit: 'percent',
      cells: [{ where: { sentence: ['remand', 'det-under-12m', 'det-12m-4y', 'det-4y-plus'] }, count: 0 }],
    });
    const everyone = table({
      id: 'everyone',
      unit: 'percent',
      cells: [{ where: { sentence: ['indeterminate', 'recall', 'non-criminal'] }, count: 0 }],
    });
    expect(() => fitJoint(attributes, [none, everyone], priors, 100, [], 'flows.receptionMix.tables')).toThrow(
      'flows.receptionMix.tables: the tables and priors leave no one to draw',
    );
  });
});
