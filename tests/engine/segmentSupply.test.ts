/**
 * Supply for planned segments (waitingLists.ts countSupply, results/segmentPlan.ts): the starts
 * that a need's alternatives plan from one segment draw on the same men, so the men of the
 * segment who join any of those lists and could start are counted once, and a flow materially
 * short of the pooled plan says so. Stafford's violent offenders: TSP plans 54 completions from
 * them and RESOLVE 18 (80 starts a year); about 33 a year join who could start either.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { DETERMINATE, establishment, programme, scenario } from './scenarioBuilder.js';

const VIOLENT = { attribute: 'offence', in: ['violent'] } as const;

/**
 * Everyone violent, about 2 receptions a week (92.5 a year in these 3 replications), each on both
 * lists of one need (or, with `needs` false, of two programmes in no need); plans of `tsp` and
 * `resolve` completions a year, completion rate 1, so planned starts are the same numbers.
 */
function pooled(tsp: number, resolve: number, needs = true) {
  return scenario({
    start: { mode: 'empty' },
    programmes: [programme({ id: 'resolve' }), programme({ id: 'tsp' })],
    ...(needs
      ? { needs: [{ id: 'ob', name: 'Offending behaviour', stages: [{ alternatives: ['resolve', 'tsp'] }] }] }
      : {}),
    priors: [DETERMINATE, { attribute: 'offence', shares: { violent: 1 } }],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 1000,
        flows: { receptionsPerWeek: 2 },
        programmes: [
          {
            programme: 'resolve',
            groupsPerYear: 2,
            groupSize: 10,
            segments: [{ id: 'violent', label: 'Violent offenders', when: VIOLENT, plannedCompletions: resolve }],
          },
          {
            programme: 'tsp',
            groupsPerYear: 4,
            groupSize: 10,
            segments: [{ id: 'violent', label: 'Violent offenders', when: VIOLENT, plannedCompletions: tsp }],
          },
        ],
      }),
    ],
  });
}

/** Each programme's segment row, and the receptions a year (every one of them could start either). */
function plans(s: ReturnType<typeof pooled>) {
  const e = runScenario(s, { replications: 3, horizonWeeks: 104 }).establishments[0]!;
  return { rows: e.programmes.map((p) => p.segmentPlan[0]!), receptionsPerYear: e.receptions.mean / 2 };
}

describe('supply for planned segments', () => {
  it("counts a man on several alternatives' lists once, against the starts they plan together", () => {
    const {
      rows: [resolve, tsp],
      receptionsPerYear,
    } = plans(pooled(90, 30));
    // Counted on each list, the flow would be twice the receptions, and cover the plan.
    const short = 120 - receptionsPerYear;
    expect(short / 120).toBeGreaterThan(0.1);
    for (const plan of [resolve!, tsp!]) {
      expect(plan.pooledWith).toEqual(['resolve', 'tsp']);
      expect(plan.pooledPlannedStartsPerYear).toBe(120);
      expect(plan.eligibleJoiningPerYear!.mean).toBe(receptionsPerYear);
      expect(plan.supplyWarning).toContain(
        `about ${receptionsPerYear.toFixed(1)} violent offenders a year join RESOLVE or TSP who could start`,
      );
      expect(plan.supplyWarning).toContain(`for 120 starts a year planned from them`);
      expect(plan.supplyWarning).toContain(`short by ${short.toFixed(1)} a year`);
    }
    expect(resolve!.plannedStartsPerYear).toBe(30);
    expect(tsp!.plannedStartsPerYear).toBe(90);
  });

  it('says nothing when the flow covers the pooled plan', () => {
    const { rows, receptionsPerYear } = plans(pooled(50, 30));
    expect(receptionsPerYear).toBeGreaterThan(80);
    for (const plan of rows) expect(plan.supplyWarning).toBeNull();
  });

  it('sets each programme in no declared need against its own plan', () => {
    const {
      rows: [resolve, tsp],
      receptionsPerYear,
    } = plans(pooled(90, 30, false));
    expect(tsp!.pooledWith).toEqual(['tsp']);
    expect(tsp!.pooledPlannedStartsPerYear).toBe(90);
    expect(tsp!.eligibleJoiningPerYear!.mean).toBe(receptionsPerYear);
    expect(resolve!.eligibleJoiningPerYear!.mean).toBe(receptionsPerYear);
    expect(tsp!.supplyWarning).toBeNull();
    expect(resolve!.supplyWarning).toBeNull();
  });

  it("counts men a transfer brings with a place on the receiver's list as its supply", () => {
    // A delivers nothing and sends every transfer out (one a year each) to B, whose TSP plans for
    // everyone: B's supply is everyone joining its list, its own men and A's alike.
    const s = (share: number) =>
      scenario({
        start: { mode: 'empty' },
        programmes: [programme({ id: 'tsp', durationWeeks: 4 })],
        needs: [{ id: 'ob', name: 'Offending behaviour', stages: [{ alternatives: ['tsp'] }] }],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 200,
            flows: { receptionsPerWeek: null, transfersOutPerYear: 1, transfersTo: [{ establishment: 'b', share }] },
          }),
          establishment({
            id: 'b',
            operationalCapacity: 200,
            flows: { receptionsPerWeek: null, transfersOutPerYear: 6 },
            programmes: [
              {
                programme: 'tsp',
                groupsPerYear: 52,
                groupSize: 10,
                segments: [{ id: 'all', when: { always: true }, plannedCompletions: 10 }],
              },
            ],
          }),
        ],
      });
    const b = (share: number) => runScenario(s(share), { replications: 3, horizonWeeks: 104 }).establishments[1]!;
    const own = b(0).programmes[0]!;
    const moved = b(1);
    const tsp = moved.programmes[0]!;
    expect(moved.transfersIn.mean).toBeGreaterThan(100);
    expect(own.segmentPlan[0]!.eligibleJoiningPerYear!.mean).toBe(own.joiningPerYear.mean);
    expect(tsp.segmentPlan[0]!.eligibleJoiningPerYear!.mean).toBe(tsp.joiningPerYear.mean);
  });
});
