/**
 * The transition lever (src/engine/transition.ts): a scheduled change that moves a legacy
 * course's need to its successor keeps every person's need, counted once, in every replication.
 */
import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  loadScenario,
  runScenario,
  scenarioSchema,
  simulateBatch,
  type CompiledScenario,
  type RepBatch,
  type Scenario,
} from '../../src/index.js';
import { NEED_COUNTS, O } from '../../src/engine/layout.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

const CHANGE_WEEK = 20;
const WEEKS = 78;
const REPS = 8;

/** TSP (legacy) for everyone; Building Choices only for OGRS 50+. Nobody leaves, nobody arrives. */
function changeover(withChange: boolean): Scenario {
  return scenario({
    start: { mode: 'empty' },
    programmes: [
      programme({ id: 'tsp', durationWeeks: 10 }),
      programme({ id: 'bc', durationWeeks: 12, eligibility: { attribute: 'ogrs', atLeast: '50-74' } }),
    ],
    needs: [{ id: 'general', name: 'General offending', stages: [{ alternatives: ['bc', 'tsp'] }] }],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 120,
        flows: { receptionsPerWeek: 0, transfersOutPerYear: 0 },
        programmes: [
          { programme: 'tsp', groupsPerYear: 4 },
          { programme: 'bc', groupsPerYear: 4 },
        ],
      }),
    ],
    changes: withChange
      ? [{ fromWeek: CHANGE_WEEK, establishment: 'a', set: { kind: 'moveNeed', programme: 'tsp', to: 'bc' } }]
      : [],
  });
}

function run(s: Scenario): { compiled: CompiledScenario; batch: RepBatch } {
  const compiled = compileScenario(s, { seed: 11, replications: REPS, horizonWeeks: WEEKS });
  return { compiled, batch: simulateBatch(compiled, 0, REPS) };
}

function reader({ compiled, batch }: { compiled: CompiledScenario; batch: RepBatch }, r: number) {
  const L = compiled.layout;
  const row = batch.scalars.subarray(r * L.scalarCount, (r + 1) * L.scalarCount);
  const p = (id: string) => compiled.programmes.findIndex((x) => x.definition.id === id);
  return {
    outcome: (id: string, o: number) => row[L.programmeBase(0, p(id)) + L.outcome(o)] as number,
    /** Of OGRS bands below 50 (not eligible for Building Choices). */
    lowOgrs: (id: string, o: number) =>
      (row[L.programmeBase(0, p(id)) + L.byOgrs(0, o)] as number) +
      (row[L.programmeBase(0, p(id)) + L.byOgrs(1, o)] as number),
    need: (name: (typeof NEED_COUNTS)[number]) => row[L.needBase(0, 0) + NEED_COUNTS.indexOf(name)] as number,
    waitingSeriesAt: (id: string, week: number) =>
      batch.series[r * L.seriesCount * WEEKS + L.programmeSeries(0, p(id), 'waiting') * WEEKS + week] as number,
  };
}

describe('moving a legacy course’s need to its successor', () => {
  const before = run(changeover(false));
  const after = run(changeover(true));

  it('keeps every need, counted once, in every replication', () => {
    for (let r = 0; r < REPS; r++) {
      const x = reader(before, r);
      const y = reader(after, r);
      // Nobody arrives or leaves: the same people have the need either way.
      expect(y.need('joined')).toBe(x.need('joined'));
      expect(y.need('joined')).toBe(y.need('starts') + y.need('unmetNeed') + y.need('waitingAtEnd'));
      expect(y.need('unmetNeed')).toBe(0);
      for (const id of ['tsp', 'bc']) {
        expect(y.outcome(id, O.joined)).toBe(
          y.outcome(id, O.starts) +
            y.outcome(id, O.unmetNeed) +
            y.outcome(id, O.waitingAtEnd) +
            y.outcome(id, O.withdrawn),
        );
      }
    }
  });

  it('empties the legacy list into the successor’s, and the legacy course stops', () => {
    for (let r = 0; r < REPS; r++) {
      const x = reader(before, r);
      const y = reader(after, r);
      expect(y.outcome('tsp', O.waitingAtEnd)).toBe(0);
      expect(y.waitingSeriesAt('tsp', WEEKS - 1)).toBe(0);
      // Two groups by week 20 (weeks 0 and 13), none after.
      expect(y.outcome('tsp', O.starts)).toBeLessThanOrEqual(20);
      expect(y.outcome('tsp', O.starts)).toBeLessThan(x.outcome('tsp', O.starts));
      // Men with OGRS under 50 could only wait for TSP: each still waiting moved to Building
      // Choices (joined there only by the move), and their TSP place ended withdrawn, not unmet.
      const moved = y.lowOgrs('bc', O.joined);
      expect(moved).toBeGreaterThan(0);
      expect(moved).toBe(y.lowOgrs('tsp', O.withdrawn));
      expect(x.lowOgrs('bc', O.joined)).toBe(0);
      expect(y.lowOgrs('tsp', O.unmetNeed)).toBe(0);
      // Moved men start on the successor.
      expect(y.lowOgrs('bc', O.starts)).toBeGreaterThan(0);
    }
  });
});

describe('a moved place keeps its join week', () => {
  it('waits on the successor from when he joined the legacy list, not from the change', () => {
    // Building Choices takes nobody of its own (no one has OGRS 90+) and its first group is in
    // week 30: everyone it starts joined TSP in week 0 and moved in week 20.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [
        programme({ id: 'tsp', durationWeeks: 10 }),
        programme({ id: 'bc', durationWeeks: 12, eligibility: { attribute: 'ogrs', in: ['90-100'] } }),
      ],
      priors: [
        { attribute: 'sentence', shares: { 'det-4y-plus': 1 } },
        { attribute: 'ogrs', shares: { '25-49': 1 } },
      ],
      needs: [{ id: 'general', name: 'General offending', stages: [{ alternatives: ['bc', 'tsp'] }] }],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 40,
          flows: { receptionsPerWeek: 0, transfersOutPerYear: 0 },
          programmes: [
            { programme: 'tsp', groupsPerYear: 0 },
            { programme: 'bc', groupsPerYear: 4, firstStartWeek: 30 },
          ],
        }),
      ],
      changes: [{ fromWeek: CHANGE_WEEK, establishment: 'a', set: { kind: 'moveNeed', programme: 'tsp', to: 'bc' } }],
    });
    const r = runScenario(s, { replications: 3, horizonWeeks: 40, seed: 5 });
    const bc = r.establishments[0]!.programmes.find((p) => p.programme === 'bc')!;
    expect(bc.starts.mean).toBe(10);
    expect(bc.joined.mean).toBe(40);
    expect(bc.meanWaitWeeks.mean).toBe(30);
  });
});

describe('a man waiting for another alternative too', () => {
  it('keeps his need there and is not put on the successor’s list', () => {
    // As Core SOTP to Horizon with Kaizen beside them: OGRS 25-49 also wait for "other".
    const s = changeover(true);
    const input = JSON.parse(JSON.stringify(s)) as typeof s;
    input.programmes.push({
      ...input.programmes[0]!,
      id: 'other',
      name: 'OTHER',
      eligibility: { attribute: 'ogrs', in: ['25-49'] },
    });
    input.needs[0]!.stages[0]!.alternatives.push('other');
    input.establishments[0]!.programmes.push({
      ...input.establishments[0]!.programmes[0]!,
      programme: 'other',
      groupsPerYear: 0,
    });
    const result = run(scenarioSchema.parse(input));
    for (let r = 0; r < REPS; r++) {
      const L = result.compiled.layout;
      const row = result.batch.scalars.subarray(r * L.scalarCount, (r + 1) * L.scalarCount);
      const at = (id: string, band: number, o: number) =>
        row[
          L.programmeBase(
            0,
            result.compiled.programmes.findIndex((x) => x.definition.id === id),
          ) + L.byOgrs(band, o)
        ] as number;
      expect(at('bc', 0, O.joined), 'OGRS 0-24 (TSP only) moved').toBeGreaterThan(0);
      expect(at('bc', 1, O.joined), 'OGRS 25-49 (also waiting for other) not moved').toBe(0);
      expect(at('tsp', 1, O.withdrawn)).toBeGreaterThan(0);
      expect(at('other', 1, O.waitingAtEnd)).toBeGreaterThan(0);
      const y = reader(result, r);
      expect(y.need('unmetNeed')).toBe(0);
      expect(y.need('joined')).toBe(y.need('starts') + y.need('waitingAtEnd'));
    }
  });
});

describe('checks on the transition lever', () => {
  const base = changeover(true);
  const errorsWith = (needs: unknown, set: unknown) => {
    const r = loadScenario({
      ...JSON.parse(JSON.stringify(base)),
      needs,
      changes: [{ fromWeek: 4, establishment: 'a', set }],
    });
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('accepts two alternatives of one stage of one need', () => {
    expect(errorsWith(base.needs, { kind: 'moveNeed', programme: 'tsp', to: 'bc' })).toEqual([]);
  });

  it('refuses courses in no shared need, naming the field, since the person would be counted twice', () => {
    const errors = errorsWith([], { kind: 'moveNeed', programme: 'tsp', to: 'bc' });
    expect(errors.join('\n')).toMatch(/changes\[0\]\.set\.to: "tsp" and "bc" must be alternatives of the same stage/);
  });

  it('refuses an unknown successor and a move to itself', () => {
    expect(errorsWith(base.needs, { kind: 'moveNeed', programme: 'tsp', to: 'bcx' }).join('\n')).toMatch(
      /changes\[0\]\.set\.to: unknown programme "bcx"/,
    );
    expect(errorsWith(base.needs, { kind: 'moveNeed', programme: 'tsp', to: 'tsp' }).join('\n')).toMatch(/to itself/);
  });
});
