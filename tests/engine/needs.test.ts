/**
 * Needs and pathways (src/engine/needs.ts) and unmet need by reason (unmetReasons.ts): each rule
 * pinned with a small scenario.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type ScenarioInput } from '../../src/index.js';
import { establishment, programme, scenario, timeLeftPrior } from './scenarioBuilder.js';

const empty = { mode: 'empty' as const };

/** A flowing population: 1-2 years left, some transferred out, receptions keeping it full. */
function flowing(programmes: ScenarioInput['establishments'][number]['programmes']) {
  return establishment({
    id: 'a',
    operationalCapacity: 150,
    population: { tables: [], priors: [timeLeftPrior('1-2y')] },
    flows: { transfersOutPerYear: 0.3 },
    programmes,
  });
}

describe('needs met by alternative programmes', () => {
  it('serves two alternatives at half the places each exactly as one programme with all the places', () => {
    const shared = { durationWeeks: 10, minWeeksLeftToStart: 60, groupSize: 8 };
    const one = scenario({
      start: empty,
      programmes: [programme({ id: 'x', ...shared })],
      establishments: [flowing([{ programme: 'x', groupsPerYear: 4 }])],
    });
    const two = scenario({
      start: empty,
      programmes: [programme({ id: 'x', ...shared }), programme({ id: 'y', ...shared })],
      needs: [{ id: 'n', name: 'N', stages: [{ alternatives: ['x', 'y'] }] }],
      establishments: [
        flowing([
          { programme: 'x', groupsPerYear: 2 },
          { programme: 'y', groupsPerYear: 2, firstStartWeek: 13 },
        ]),
      ],
    });
    const options = { replications: 40, horizonWeeks: 104, seed: 7 };
    const single = runScenario(one, options).region.programmes[0]!;
    const pooled = runScenario(two, options).region;
    const need = pooled.needs.find((n) => n.need === 'n')!;
    expect(need.declared).toBe(true);
    // Groups of 8 every 13 weeks: 64 starts either way while people wait.
    expect(single.starts.mean).toBe(64);
    expect(need.starts.mean).toBe(64);
    // Need and its outcomes as one programme's, within Monte Carlo error (two standard errors of 40 runs).
    const close = (a: number, b: number, spread: number) =>
      expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(1, (2 * spread) / Math.sqrt(40)));
    close(need.joined.mean, single.joined.mean, single.joined.p95 - single.joined.p5);
    close(need.unmetNeed.mean, single.unmetNeed.mean, single.unmetNeed.p95 - single.unmetNeed.p5);
    close(need.waitingAtEnd.mean, single.waitingAtEnd.mean, single.waitingAtEnd.p95 - single.waitingAtEnd.p5);
    // Per programme, each person waits on both lists: the places not started are withdrawn, not unmet.
    const [x, y] = pooled.programmes;
    expect(x!.joined.mean).toBeGreaterThan(need.joined.mean * 0.99);
    expect(x!.withdrawn.mean + y!.withdrawn.mean).toBeGreaterThan(0);
    expect(x!.joined.mean + y!.joined.mean).toBeGreaterThan(need.joined.mean);
  });

  it('counts a person once per need, however many alternatives he waits for', () => {
    // 100 people, nobody leaves; everyone eligible for both; no places: 100 waiting on each list.
    const s = scenario({
      start: empty,
      programmes: [programme({ id: 'x' }), programme({ id: 'y' })],
      needs: [{ id: 'n', name: 'N', stages: [{ alternatives: ['x', 'y'] }] }],
      establishments: [establishment({ id: 'a', operationalCapacity: 100 })],
    });
    const r = runScenario(s, { replications: 2, horizonWeeks: 20 });
    const need = r.establishments[0]!.needs[0]!;
    expect(r.establishments[0]!.programmes.map((p) => p.joined.mean)).toEqual([100, 100]);
    expect(need.joined.mean).toBe(100);
    expect(need.waitingAtEnd.mean).toBe(100);
    expect(need.unmetNeed.mean).toBe(0);
    expect(r.region.needs).toEqual(r.establishments[0]!.needs);
  });

  it('withdraws the other places when one alternative starts, and never starts him twice', () => {
    const s = scenario({
      start: empty,
      programmes: [programme({ id: 'x', durationWeeks: 5 }), programme({ id: 'y', durationWeeks: 5 })],
      needs: [{ id: 'n', name: 'N', stages: [{ alternatives: ['x', 'y'] }] }],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 30,
          programmes: [
            { programme: 'x', groupsPerYear: 1, groupSize: 10 },
            // Starts after x's course has ended: a man who did x must not start y too.
            { programme: 'y', groupsPerYear: 1, groupSize: 30, firstStartWeek: 10 },
          ],
        }),
      ],
    });
    const r = runScenario(s, { replications: 2, horizonWeeks: 30 }).establishments[0]!;
    const [x, y] = r.programmes;
    expect(x!.starts.mean).toBe(10);
    expect(y!.starts.mean).toBe(20);
    expect(y!.withdrawn.mean).toBe(10);
    expect(r.needs[0]!.starts.mean).toBe(30);
    expect(r.needs[0]!.completions.mean).toBe(30);
  });
});

describe('pathways', () => {
  // Core: 26 weeks, at least 26 left; Extended: at least 60 left, after Core. Everyone needs both,
  // so Core's window is 26 + 60 = 86 weeks before release.
  const pathway = (withNeed: boolean) =>
    scenario({
      start: empty,
      programmes: [
        programme({ id: 'core', durationWeeks: 26, minWeeksLeftToStart: 26, groupSize: 200 }),
        programme({
          id: 'ext',
          durationWeeks: 20,
          // Receptions of 1-2 years stay 96-103 weeks (arrivals.ts): Core then Extended needs 101.
          minWeeksLeftToStart: 75,
          groupSize: 200,
          prerequisites: ['core'],
          eligibility: { completed: 'core' },
        }),
      ],
      needs: withNeed
        ? [{ id: 'sotp', name: 'SOTP', stages: [{ alternatives: ['core'] }, { alternatives: ['ext'] }] }]
        : [],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 200,
          population: { tables: [], priors: [timeLeftPrior('1-2y')] },
          programmes: [
            { programme: 'core', groupsPerYear: 52 },
            { programme: 'ext', groupsPerYear: 52 },
          ],
        }),
      ],
    });

  it('plans the whole pathway: a man who needs Extended starts Core only with time to finish both', () => {
    const options = { replications: 10, horizonWeeks: 104, seed: 3 };
    const planned = runScenario(pathway(true), options).establishments[0]!;
    const unplanned = runScenario(pathway(false), options).establishments[0]!;
    const ext = (r: typeof planned) => r.programmes[1]!;
    // Without the pathway some finish Core with too little time for Extended; with it, none.
    expect(ext(unplanned).unmetByReason.tooLittleTimeOnArrival.mean).toBeGreaterThan(0);
    expect(ext(planned).unmetByReason.tooLittleTimeOnArrival.mean).toBe(0);
    // Those arriving with less than 101 weeks are unmet on arrival at the pathway's first stage.
    expect(planned.programmes[0]!.unmetByReason.tooLittleTimeOnArrival.mean).toBeGreaterThan(
      unplanned.programmes[0]!.unmetByReason.tooLittleTimeOnArrival.mean,
    );
    // The need is completed at its last stage: Extended's completions.
    const need = planned.needs[0]!;
    expect(need.stages).toEqual([['core'], ['ext']]);
    expect(need.completions.mean).toBe(ext(planned).completions.mean);
    expect(need.starts.mean).toBe(planned.programmes[0]!.starts.mean);
  });
});

describe('unmet need by reason', () => {
  it('counts people who arrive eligible with too little time left in joined and unmetNeed', () => {
    // Everyone has under 6 months left and a start needs 60 weeks: every reception is eligible
    // with no window. The opening population's history is unknown: not counted.
    const s = scenario({
      start: empty,
      programmes: [programme({ id: 'x', minWeeksLeftToStart: 60 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 80,
          population: { tables: [], priors: [timeLeftPrior('under-6m')] },
          programmes: [{ programme: 'x', groupsPerYear: 4 }],
        }),
      ],
    });
    const r = runScenario(s, { replications: 5, horizonWeeks: 52 }).establishments[0]!;
    const x = r.programmes[0]!;
    expect(r.receptions.mean).toBeGreaterThan(50);
    expect(x.joined.mean).toBe(r.receptions.mean);
    expect(x.unmetNeed.mean).toBe(r.receptions.mean);
    expect(x.unmetByReason.tooLittleTimeOnArrival.mean).toBe(r.receptions.mean);
    expect(x.unmetByTimeLeft.mean).toBe(r.receptions.mean);
    expect(x.unmetFixableByPlaces.mean).toBe(0);
    expect(x.waitingAtStart.mean).toBe(0);
    // None of them could ever start: no demand on the places, no load, no warning.
    expect(x.joiningPerYear.mean).toBe(0);
    expect(x.load.mean).toBe(0);
    expect(x.loadWarning).toBeNull();
  });

  it('tells transfers (moved on) from time running out while waiting (more places can fix)', () => {
    const s = scenario({
      start: empty,
      programmes: [programme({ id: 'x', minWeeksLeftToStart: 20 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 100,
          population: { tables: [], priors: [timeLeftPrior('6-12m')] },
          flows: { transfersOutPerYear: 1 },
          programmes: [{ programme: 'x', groupsPerYear: 1, groupSize: 5 }],
        }),
      ],
    });
    const x = runScenario(s, { replications: 5, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    const u = x.unmetByReason;
    expect(u.movedOn.mean).toBeGreaterThan(0);
    expect(u.tooLittleTimeWhileWaiting.mean).toBeGreaterThan(0);
    expect(u.movedOn.mean).toBe(x.unmetByDeparture.mean - u.releasedUntreated.mean);
    expect(x.unmetFixableByPlaces.mean).toBeCloseTo(u.releasedUntreated.mean + u.tooLittleTimeWhileWaiting.mean, 9);
  });
});

describe('scenarios without needs', () => {
  it('gives the same per-programme numbers with no needs as with each programme its own declared need', () => {
    const programmes = [
      programme({ id: 'x', minWeeksLeftToStart: 30, eligibility: { attribute: 'ogrs', atLeast: '50-74' } }),
      programme({ id: 'y', minWeeksLeftToStart: 10 }),
    ];
    const base = {
      programmes,
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 120,
          population: { tables: [], priors: [timeLeftPrior('6-12m')] },
          flows: { transfersOutPerYear: 0.5 },
          programmes: [
            { programme: 'x', groupsPerYear: 3 },
            { programme: 'y', groupsPerYear: 2 },
          ],
        }),
      ],
    };
    const options = { replications: 6, horizonWeeks: 78 };
    const plain = runScenario(scenario(base), options);
    const singletons = runScenario(
      scenario({
        ...base,
        needs: [
          { id: 'nx', name: 'NX', stages: [{ alternatives: ['x'] }] },
          { id: 'ny', name: 'NY', stages: [{ alternatives: ['y'] }] },
        ],
      }),
      options,
    );
    expect(singletons.region.programmes).toEqual(plain.region.programmes);
    // Undeclared, each programme is its own need with its programme's figures.
    const [nx] = plain.region.needs;
    expect(nx!.declared).toBe(false);
    expect(nx!.joined).toEqual(plain.region.programmes[0]!.joined);
    expect(singletons.region.needs[0]!.unmetNeed).toEqual(plain.region.programmes[0]!.unmetNeed);
  });

  it('loads a built-in written before needs existed', () => {
    const file = JSON.parse(readFileSync('scenarios/stafford-2014.json', 'utf8')) as Record<string, unknown>;
    delete file.needs;
    const loaded = loadScenario(file);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.scenario.needs).toEqual([]);
  });

  it('refuses a programme named in two needs, naming the field', () => {
    const file = JSON.parse(readFileSync('scenarios/stafford-2014.json', 'utf8')) as { needs: unknown[] };
    file.needs.push({ id: 'again', name: 'Again', stages: [{ alternatives: ['tsp'] }] });
    const loaded = loadScenario(file);
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.errors;
    expect(
      problems.some(
        (p) => p.path.includes('needs[3].stages[0].alternatives[0]') && /already meets need/.test(p.message),
      ),
    ).toBe(true);
  });
});
