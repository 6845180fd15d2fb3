import { describe, expect, it } from 'vitest';
import type { ProgrammeResult, SegmentPlanResult, Stat } from '../../src/index.js';
import {
  bedCsv,
  bedRows,
  bedsAtEnd,
  funnelCsv,
  hasFunnel,
  pooledOthers,
  segmentPlanCsv,
  shareOfAssessed,
  shortName,
  supplyWarningWords,
} from '../../web/results/plans.js';

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

  it("gives a segment's supply: pooled planned starts, eligible men joining, and a planner's warning", () => {
    const base = {
      segment: 'violent',
      label: 'Violent offenders',
      plannedCompletions: 54,
      starts: s(40),
      completions: s(30),
      completionsPerYear: s(15),
      completionsVariance: -39,
      completionsMaterial: true,
      reservedPlaces: s(0),
      reservedTaken: s(0),
    } satisfies SegmentPlanResult;
    const supply: SegmentPlanResult = {
      ...base,
      plannedStartsPerYear: 60,
      pooledWith: ['tsp', 'resolve'],
      pooledPlannedStartsPerYear: 80,
      eligibleJoiningPerYear: { mean: 33, p5: 29, p50: 33, p95: 37 },
      supplyWarning: 'Supply: about 33.0 violent offenders a year join TSP or RESOLVE who could start ...',
    };
    const tsp = programme('tsp', { name: 'Thinking Skills Programme (TSP)', segmentPlan: [supply, base] });
    const names = (id: string) => ({ tsp: 'TSP', resolve: 'RESOLVE' })[id] ?? id;
    expect(shortName('Thinking Skills Programme (TSP)')).toBe('TSP');
    expect(shortName('RESOLVE (moderate-intensity violence programme)')).toBe('RESOLVE');
    expect(shortName('Healthy Relationships Programme')).toBe('Healthy Relationships Programme');
    expect(pooledOthers(tsp, supply, names)).toEqual(['RESOLVE']);
    expect(pooledOthers(tsp, base, names)).toEqual([]);
    const words = supplyWarningWords(supply, names)!;
    expect(words).toMatch(
      /^Violent offenders: about 33 men a year \(29–37 in 9 runs of 10\) join who could start TSP or RESOLVE, against 80 starts a year planned/,
    );
    expect(words).toMatch(/more places cannot close this/);
    // No warning from the engine, or a result saved before the fields: no words.
    expect(supplyWarningWords({ ...supply, supplyWarning: null }, names)).toBeNull();
    expect(supplyWarningWords(base, names)).toBeNull();
    // The CSV: the supply columns at the end, empty for the older row.
    const csv = segmentPlanCsv('stafford', tsp).trim().split('\r\n');
    const head = csv[0]!.split(',');
    expect(head.at(-1)).toBe('supply_warning');
    expect(head.slice(-8, -1)).toEqual([
      'planned_starts_per_year',
      'pooled_with',
      'pooled_planned_starts_per_year',
      'eligible_joining_per_year_mean',
      'eligible_joining_per_year_p5',
      'eligible_joining_per_year_p50',
      'eligible_joining_per_year_p95',
    ]);
    expect(csv[1]).toMatch(
      /^stafford,tsp,violent,Violent offenders,54,.*,60,tsp resolve,80,33,29,33,37,"?Supply: about 33\.0/,
    );
    expect(csv[2]).toMatch(/^stafford,tsp,violent,Violent offenders,54,.*,0,0,0,0,,,,,,,,$/);
  });
});
