import { describe, expect, it } from 'vitest';
import type { ProgrammeResult, Stat } from '../../src/index.js';
import { bedCsv, bedRows, bedsAtEnd, funnelCsv, hasFunnel, shareOfAssessed } from '../../web/results/plans.js';

const s = (mean: number): Stat => ({ mean, p5: mean * 0.9, p50: mean, p95: mean * 1.1 });
const funnel = {
  referred: s(100),
  reReferred: s(5),
  reassessed: s(10),
  assessed: s(110),
  suitable: s(77),
  notReady: s(11),
  notSuitable: s(22),
  deniers: s(5.5),
  refusers: s(11),
  deselected: s(3),
};
const programme = (id: string, extra: Partial<ProgrammeResult> = {}) =>
  ({
    programme: id,
    name: id.toUpperCase(),
    funnel,
    placesPerYear: 0,
    starts: s(0),
    inProgressAtEnd: s(0),
    ...extra,
  }) as ProgrammeResult;

const doc = {
  startDate: '2014-04-01',
  programmes: [
    { id: 'tc', durationWeeks: 52, completionRate: 0.5 },
    { id: 'tsp', assessment: { suitable: 0.7 } },
  ],
  establishments: [
    {
      id: 'w',
      programmes: [
        { programme: 'tc', beds: 70 },
        { programme: 'pipe', beds: 0 },
        { programme: 'tsp', groupsPerYear: 4 },
      ],
    },
  ],
  changes: [
    { fromDate: '2014-10-01', establishment: 'w', set: { kind: 'beds', programme: 'pipe', value: 60 } },
    { fromWeek: 80, establishment: 'w', set: { kind: 'beds', programme: 'pipe', value: 10 } },
    { fromWeek: 5, establishment: 'x', set: { kind: 'beds', programme: 'pipe', value: 99 } },
  ],
};

describe('the funnel, segment plan and beds of a run, for the Results view', () => {
  it('gives each assessment outcome as a share of those assessed, and writes a row a stage', () => {
    const p = programme('tsp');
    expect(shareOfAssessed(p, 'suitable')).toBeCloseTo(0.7, 9);
    expect(shareOfAssessed(p, 'deniers')).toBeCloseTo(0.05, 9);
    expect(shareOfAssessed(p, 'referred')).toBeNull();
    const lines = funnelCsv('w', p).trim().split('\r\n');
    expect(lines[0]).toBe('scope,programme,stage,label,people_mean,people_p5,people_p50,people_p95,share_of_assessed');
    expect(lines).toHaveLength(11);
    expect(lines[5]).toMatch(/^w,tsp,suitable,Suitable: joined the list,77,69\.3,77,84\.7,0\.7$/);
    expect(hasFunnel(doc, 'tsp')).toBe(true);
    expect(hasFunnel(doc, 'tc')).toBe(false);
  });

  it('takes the beds a scheduled change leaves at the end of the horizon', () => {
    // 2014-10-01 is week 26 from 2014-04-01.
    expect(bedsAtEnd(doc, 'w', 'pipe', 0, 52)).toBe(60);
    expect(bedsAtEnd(doc, 'w', 'pipe', 0, 20)).toBe(0);
    expect(bedsAtEnd(doc, 'w', 'pipe', 0, 104)).toBe(10);
    expect(bedsAtEnd(doc, 'w', 'tc', 70, 104)).toBe(70);
  });

  it('sets starts a year against a full unit (beds x 52 / mean stay) and occupancy at the end', () => {
    const tc = programme('tc', { placesPerYear: (70 * 52) / 39.25, starts: s(186), inProgressAtEnd: s(63) });
    const rows = bedRows(doc, 'w', [tc, programme('tsp')], 104);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r.meanStayWeeks).toBeCloseTo(39.25, 9);
    expect(r.startsPerYear.mean).toBeCloseTo(93, 9);
    expect(r.startsOverFull!.mean).toBeCloseTo(93 / ((70 * 52) / 39.25), 9);
    expect(r.occupancyAtEnd!.mean).toBeCloseTo(0.9, 9);
    const csv = bedCsv('w', rows).trim().split('\r\n');
    expect(csv[0]).toMatch(/^scope,programme,name,beds_at_start,beds_at_end,mean_stay_weeks,places_per_year,/);
    expect(csv[1]).toMatch(/^w,tc,TC,70,70,39\.25,/);
  });
});
