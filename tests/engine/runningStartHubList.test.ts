/**
 * A running start hands a hub's waiting list over whole (issue 6): the places held by men at the
 * referring prison, waiting years for a course, open the window as the warm-up left them, not
 * thinned by records matched across time left or handed over twice.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, type Scenario } from '../../src/index.js';
import { Replication } from '../../src/engine/replication.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';
import { probeHandOver, type Moment } from './warmupProbe.js';

/**
 * A hub and the prison that refers to it (Stafford's C-SOTP, referred from the region): only a's
 * sex offenders of medium or high risk (or low and indeterminate) are eligible, with 39 weeks
 * left to start, and b's two groups a year take a fraction of those who join, so a's men wait on
 * b's list until too little time is left. a's receptions serve longer than its opening stock, so
 * the warm-up's end holds more long-time men than the opening population: their records, with
 * places, go to men of another time left (as the West Midlands' tables and warm-up differ within
 * a prison's eligibility profiles).
 */
function hub(): Scenario {
  return scenario({
    programmes: [
      programme({
        id: 'core',
        durationWeeks: 26,
        groupSize: 8,
        suitabilityRate: 0.7,
        completionRate: 0.9,
        minWeeksLeftToStart: 39,
        eligibility: {
          all: [
            { attribute: 'offence', in: ['sexual'] },
            {
              any: [
                { attribute: 'rm2000', in: ['medium', 'high'] },
                {
                  all: [
                    { attribute: 'rm2000', in: ['low'] },
                    { attribute: 'sentence', in: ['indeterminate'] },
                  ],
                },
              ],
            },
          ],
        },
      }),
      programme({
        id: 'tsp',
        durationWeeks: 10,
        groupSize: 10,
        minWeeksLeftToStart: 26,
        eligibility: { attribute: 'ogrs', in: ['25-49', '50-74', '75-89'] },
      }),
    ],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 900,
        population: {
          tables: [],
          priors: [
            { attribute: 'timeLeft', shares: { 'under-6m': 3, '6-12m': 2, '1-2y': 2, '2-5y': 2, '5y-plus': 1 } },
            { attribute: 'offence', shares: { sexual: 1, acquisitive: 3 } },
            { attribute: 'ogrs', shares: { '0-24': 2, '25-49': 2, '50-74': 2, '75-89': 1, '90-100': 1 } },
            { attribute: 'rm2000', shares: { low: 1, medium: 2, high: 1 } },
            { attribute: 'sentence', shares: { 'det-12m-4y': 2, 'det-4y-plus': 3, indeterminate: 1 } },
          ],
        },
        flows: {
          receptionsPerWeek: null,
          transfersOutPerYear: 0.1,
          receptionMix: {
            tables: [
              {
                id: 'time-left',
                unit: 'percent',
                cells: [
                  { where: { timeLeft: 'under-6m' }, count: 10 },
                  { where: { timeLeft: '6-12m' }, count: 10 },
                  { where: { timeLeft: '1-2y' }, count: 25 },
                  { where: { timeLeft: '2-5y' }, count: 35 },
                  { where: { timeLeft: '5y-plus' }, count: 20 },
                ],
              },
            ],
            priors: [
              { attribute: 'offence', shares: { sexual: 1, acquisitive: 3 } },
              { attribute: 'ogrs', shares: { '0-24': 2, '25-49': 2, '50-74': 2, '75-89': 1, '90-100': 1 } },
              { attribute: 'rm2000', shares: { low: 1, medium: 2, high: 1 } },
              { attribute: 'sentence', shares: { 'det-12m-4y': 2, 'det-4y-plus': 3, indeterminate: 1 } },
            ],
          },
        },
        referrals: [{ programme: 'core', to: 'b' }],
        programmes: [{ programme: 'tsp', groupsPerYear: 20 }],
      }),
      establishment({
        id: 'b',
        operationalCapacity: 200,
        population: {
          tables: [],
          priors: [
            { attribute: 'timeLeft', shares: { '1-2y': 1, '2-5y': 1 } },
            { attribute: 'offence', shares: { violent: 1 } },
          ],
        },
        flows: { receptionsPerWeek: null, transfersOutPerYear: 0.1 },
        programmes: [{ programme: 'core', groupsPerYear: 2, acceptsReferrals: true }],
      }),
    ],
  });
}

describe('a running start’s hub list', () => {
  it('opens the window with the places the warm-up left', () => {
    // Before each place went once (handOver.ts joinPending): 636 live places at week 0 of 10
    // replications against 787 at the warm-up’s end; 776 now.
    const compiled = compileScenario(hub(), { replications: 10, horizonWeeks: 4 });
    const p = compiled.programmes.findIndex((q) => q.definition.id === 'core');
    // Live places on b's list (endsBy: a man still there with the time to start).
    const live = { warmupEnd: 0, window: 0 };
    const count = (r: Replication, w: number, key: Moment) => {
      const me = r as unknown as {
        lists: import('../../src/engine/waitingList.js').WaitingList[][];
        endsBy(list: unknown, k: number, p: number, at: number, w: number): boolean;
      };
      const list = me.lists[1]![p]!;
      for (let k = 0; k < list.size; k++) if (!me.endsBy(list, k, p, 1, w)) live[key]++;
    };
    probeHandOver(compiled, count);
    const why = JSON.stringify(live);
    expect(live.warmupEnd, why).toBeGreaterThan(300);
    expect(live.window, why).toBeGreaterThan(0.95 * live.warmupEnd);
    expect(live.window, why).toBeLessThan(1.05 * live.warmupEnd);
  }, 120_000);
});
