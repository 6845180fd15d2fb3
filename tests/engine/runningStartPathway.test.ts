/**
 * A running start hands list places over by the taker's own window, and for a pathway need that
 * window is the whole pathway's: time to finish the first stage and then to start the later one
 * he needs (needWindows.ts windowFor). region-today's sex-offender site (Horizon then the Healthy
 * Sex Programme where needed; 30 replications) handed 114 of its 135 Horizon places to men whose
 * pathway was never planned, so each kept his place until the first stage's minimum alone, weeks
 * past when his window had closed: 3.9 a replication had no time for the pathway at week 0, and
 * the list opened at 140 and drained through year 1 to 128, where a run carried on from the
 * warm-up held it at 130.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, runScenario, type Scenario } from '../../src/index.js';
import type { Replication } from '../../src/engine/replication.js';
import type { People } from '../../src/engine/people.js';
import type { WaitingList } from '../../src/engine/waitingList.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';
import { probeHandOver, type Moment } from './warmupProbe.js';

/**
 * One prison of 600 with years to serve, and a pathway need: Core (26 weeks, at least 26 left to
 * start), then Extended for those it suits (20 weeks, at least 60 left), so Core's window for
 * them is 86 weeks before release. Two groups of Core a year: hundreds eligible, so Core's list
 * is held by windows closing, and a place's window is what decides how long it is held.
 */
function pathwayPrison(): Scenario {
  return scenario({
    programmes: [
      programme({ id: 'core', durationWeeks: 26, minWeeksLeftToStart: 26, groupSize: 10 }),
      programme({
        id: 'ext',
        durationWeeks: 20,
        minWeeksLeftToStart: 60,
        groupSize: 10,
        prerequisites: ['core'],
        eligibility: { completed: 'core' },
      }),
    ],
    needs: [{ id: 'sotp', name: 'SOTP', stages: [{ alternatives: ['core'] }, { alternatives: ['ext'] }] }],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 600,
        population: {
          tables: [],
          priors: [{ attribute: 'timeLeft', shares: { '6-12m': 1, '1-2y': 2, '2-5y': 3, '5y-plus': 1 } }],
        },
        programmes: [
          { programme: 'core', groupsPerYear: 2 },
          { programme: 'ext', groupsPerYear: 2 },
        ],
      }),
    ],
  });
}

/** The replication's internals the probe reads. */
interface Inside {
  people: People;
  lists: WaitingList[][];
  endsBy(list: WaitingList, k: number, p: number, at: number, w: number): boolean;
  windowFor(i: number, e: number, p: number, week: number): number;
}

describe('a running start with a pathway need', () => {
  it('hands a place only to a man with time for his whole pathway, and opens on the list the warm-up ended on', () => {
    const compiled = compileScenario(pathwayPrison(), { replications: 6, horizonWeeks: 4 });
    const core = compiled.programmes.findIndex((q) => q.definition.id === 'core');
    // Live places at the warm-up's end; at the window's start, those handed over (joined before
    // week 0) and those joined afresh in week 0 (men assessed as newcomers).
    const found = { warmupEnd: 0, window: 0, handedOver: 0, noTimeForPathway: 0 };
    probeHandOver(compiled, (r: Replication, week: number, moment: Moment) => {
      const me = r as unknown as Inside;
      const list = me.lists[0]![core]!;
      for (let k = 0; k < list.size; k++) {
        if (me.endsBy(list, k, core, 0, week)) continue;
        found[moment]++;
        if (moment === 'window' && list.joinWeek[k]! < 0) found.handedOver++;
        const i = list.person[k]!;
        // The window his pathway asks for (planned now if it was not yet) against his time left.
        if (moment === 'window' && me.people.releaseWeek[i]! - week < me.windowFor(i, 0, core, week))
          found.noTimeForPathway++;
      }
    });
    const why = JSON.stringify(found);
    expect(found.warmupEnd, why).toBeGreaterThan(300);
    expect(found.noTimeForPathway, why).toBe(0);
    // Places are handed over, not made: the window opens on the warm-up's live places.
    expect(Math.abs(found.handedOver - found.warmupEnd), why).toBeLessThanOrEqual(0.02 * found.warmupEnd);
  }, 120_000);

  it('keeps a need started before the window started: a later stage completes it, and a re-referral does not count it again', () => {
    // Everyone Core suits needs Extended after it (as needs.test's pathway), so the need completes
    // at Extended's completions, each man's once. Men who began Core before the window and left it
    // hold a joined mark and no place; taken over without the need's started state, a re-referral
    // counted their need again and an Extended completed in the window was not the need's.
    const s = pathwayPrison();
    s.programmes[0]!.completionRate = 0.7;
    const r = runScenario(s, { replications: 8, horizonWeeks: 156, seed: 5 }).establishments[0]!;
    const ext = r.programmes[1]!;
    const need = r.needs[0]!;
    const why = JSON.stringify({ ext: ext.completions.mean, need: need.completions.mean });
    expect(ext.completions.mean, why).toBeGreaterThan(10);
    expect(need.completions.mean, why).toBe(ext.completions.mean);
  }, 120_000);
});
