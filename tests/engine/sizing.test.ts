import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  concurrentGroups,
  fewestMeeting,
  guessLevel,
  runScenario,
  searchSizing,
  sizeProgramme,
  todayLevel,
  withGroupsPerYear,
  type SizingProgress,
} from '../../src/index.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

// 200 eligible people with under two years left who need half a year left to start, nearest
// release first; leavers are replaced, so people keep joining the list (the flow) besides those
// on it at the start. Two groups a year now, far too few: a long list waits at the start.
const base = scenario({
  programmes: [programme({ id: 'tsp', minWeeksLeftToStart: 26, durationWeeks: 10, priority: [{ by: 'releaseDate' }] })],
  establishments: [
    establishment({
      id: 'a',
      operationalCapacity: 200,
      population: {
        tables: [],
        priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 0.3, '6-12m': 0.3, '1-2y': 0.4 } }],
      },
      flows: { receptionsPerWeek: null },
      programmes: [{ programme: 'tsp', groupsPerYear: 2 }],
    }),
  ],
  changes: [{ fromWeek: 10, establishment: 'a', set: { kind: 'groupsPerYear', programme: 'tsp', value: 40 } }],
});
const options = { replications: 10, horizonWeeks: 52, seed: 3 };
const request = { establishment: 'a', programme: 'tsp', targetUnmetPerYear: 20, maxGroupsPerYear: 30 };

describe('sizing a programme', () => {
  const sizing = sizeProgramme(base, request, options);

  it('finds the fewest whole groups a year meeting the target, and one fewer does not', () => {
    const answer = sizing.answer!;
    expect(answer).not.toBeNull();
    expect(answer.sustainedUnmetPerYear.mean).toBeLessThanOrEqual(request.targetUnmetPerYear);
    const fewer = sizeProgramme(base, { ...request, maxGroupsPerYear: answer.groupsPerYear - 1 }, options);
    expect(fewer.answer).toBeNull();
    // Unmet need never rises as groups are added (the levels share their random numbers).
    const unmet = sizing.steps.map((s) => s.sustainedUnmetPerYear.mean);
    for (let k = 1; k < unmet.length; k++) expect(unmet[k]).toBeLessThanOrEqual(unmet[k - 1]! + 1e-9);
  });

  it('reports the list waiting at the start apart: a one-off, the same at every level', () => {
    // The list today's provision leaves: what a plain run of the scenario (its groups steady) opens on.
    const today = runScenario(withGroupsPerYear(base, 'a', 'tsp', 2), options).establishments[0]!.programmes[0]!;
    expect(today.waitingAtStart.mean).toBeGreaterThan(20);
    expect(sizing.clearing.waitingAtStart).toEqual(today.waitingAtStart);
    expect(sizing.clearing.places).toBe(Math.ceil(today.waitingAtStart.mean));
    expect(sizing.clearing.groups).toBe(Math.ceil(sizing.clearing.places / 10));
    expect(sizing.currentGroupsPerYear).toBe(2);
    for (const s of sizing.steps) expect(s.waitingAtStart).toEqual(today.waitingAtStart);
  });

  it('sizes the flow alone: at every level, starts a year come from the people joining a year', () => {
    for (const s of sizing.steps) expect(s.startsPerYear.mean).toBeLessThanOrEqual(s.joiningPerYear!.mean + 1e-9);
    // With a cold start's list in the runs (an empty start: the whole stock joins in week 0), the
    // largest level would start more than join. (A plain run opens on a running service, whose
    // list at 30 groups a year is about 1: it starts what joins, so it shows nothing here.)
    const cold = { ...withGroupsPerYear(base, 'a', 'tsp', 30), start: { mode: 'empty' as const } };
    const mixed = runScenario(cold, options).establishments[0]!.programmes[0]!;
    expect(mixed.starts.mean).toBeGreaterThan(mixed.joiningPerYear.mean);
  });

  it('holds a level short of the flow to its shortfall, which a short horizon hides', () => {
    const short = sizing.steps.filter((s) => s.placesPerYear < s.joiningPerYear!.mean - request.targetUnmetPerYear);
    expect(short.length).toBeGreaterThan(0);
    for (const s of short) {
      // Less those lost for reasons places cannot fix (none, until unmet need is kept by reason).
      const unfixable = s.unmetNeedPerYear.mean - s.fixableUnmetPerYear.mean;
      expect(s.sustainedUnmetPerYear.mean).toBeGreaterThanOrEqual(
        s.joiningPerYear!.mean - s.placesPerYear - unfixable - 1e-9,
      );
      expect(s.sustainedUnmetPerYear.mean).toBeGreaterThanOrEqual(s.fixableUnmetPerYear.mean);
    }
  });

  it('gives the same answer, within one group, on one- and three-year horizons', () => {
    const threeYears = sizeProgramme(base, request, { ...options, horizonWeeks: 156 });
    expect(threeYears.answer).not.toBeNull();
    expect(Math.abs(threeYears.answer!.groupsPerYear - sizing.answer!.groupsPerYear)).toBeLessThanOrEqual(1);
  });

  it('gives the chance of meeting the target and marks an interval that crosses it', () => {
    const target = request.targetUnmetPerYear;
    for (const s of sizing.steps) {
      const u = s.sustainedUnmetPerYear;
      expect(s.crossesTarget).toBe(u.p5 <= target && target < u.p95);
      expect(s.shareMeetingTarget).toBeGreaterThanOrEqual(0);
      expect(s.shareMeetingTarget).toBeLessThanOrEqual(1);
      if (s.shareMeetingTarget === 1) expect(u.p95).toBeLessThanOrEqual(target);
      if (s.shareMeetingTarget === 0) expect(u.p5).toBeGreaterThan(target);
    }
    // Somewhere between too few and plenty the chance is neither 0 nor 1.
    const shares = sizing.steps.map((s) => s.shareMeetingTarget);
    expect(shares[0]).toBeLessThan(shares[shares.length - 1]!);
  });

  it('says when a limit on groups at once binds, and what it would take without it', () => {
    const answer = sizing.answer!.groupsPerYear;
    // Ten-week courses: one group at a time runs 5 a year.
    expect(concurrentGroups(5, 10)).toBe(1);
    expect(concurrentGroups(6, 10)).toBe(2);
    const tight = Math.max(1, Math.floor(((answer - 1) * 10) / 52));
    const bound = sizeProgramme(base, { ...request, maxConcurrentGroups: tight }, options);
    expect(bound.answer).toBeNull();
    expect(bound.limit).toMatchObject({ maxConcurrentGroups: tight, binds: true, groupsPerYearWithoutLimit: answer });
    expect(bound.limit!.maxGroupsPerYear).toBe(Math.floor((tight * 52) / 10));
    expect(Math.max(...bound.steps.filter((s) => s.groupsPerYear <= tight * 5).map((s) => s.concurrentGroups))).toBe(
      tight,
    );

    const roomy = sizeProgramme(base, { ...request, maxConcurrentGroups: 6 }, options);
    expect(roomy.answer?.groupsPerYear).toBe(answer);
    expect(roomy.limit!.binds).toBe(false);
    expect(roomy.clearing.yearsToClear).toBeCloseTo(roomy.clearing.groups / (31 - answer), 9);
  });

  it('decides a level on the replications that say which side of the target it lies; the answer runs them all', () => {
    const more = { ...options, replications: 80 };
    const early = sizeProgramme(base, request, more);
    const full = sizeProgramme(base, { ...request, everyLevelInFull: true }, more);
    // The same answer, on the same replications, as a search running every level in full.
    expect(early.answer).toEqual(full.answer);
    expect(early.answer!.replications).toBe(80);
    expect(full.steps.every((s) => s.replications === 80)).toBe(true);
    const meets = (step: { sustainedUnmetPerYear: { mean: number } }) =>
      step.sustainedUnmetPerYear.mean <= request.targetUnmetPerYear;
    for (const step of early.steps) {
      expect([30, 40, 50, 60, 70, 80]).toContain(step.replications);
      // Each level tried on the same side of the target as its full run.
      const same = full.steps.find((f) => f.groupsPerYear === step.groupsPerYear);
      if (same) expect(meets(step)).toBe(meets(same));
    }
    const stoppedEarly = early.steps.filter((s) => s.replications! < 80);
    expect(stoppedEarly.length).toBeGreaterThanOrEqual(2);
    // The limit's search (what it would take without it) decides early too, and finds the same level.
    const tight = Math.max(1, Math.floor(((early.answer!.groupsPerYear - 1) * 10) / 52));
    const limited = sizeProgramme(base, { ...request, maxConcurrentGroups: tight }, more);
    const limitedFull = sizeProgramme(base, { ...request, maxConcurrentGroups: tight, everyLevelInFull: true }, more);
    expect(limited.limit).toEqual(limitedFull.limit);
  });

  it('reports its progress after every ten replications of a level, adding up to the steps', () => {
    const reports: SizingProgress[] = [];
    const more = { ...options, replications: 80 };
    const search = searchSizing(base, request, more, undefined, { onProgress: (p) => reports.push({ ...p }) });
    const total = search.steps.reduce((n, step) => n + step.replications!, 0);
    expect(reports.length).toBe(total / 10);
    expect(reports.at(-1)).toMatchObject({ replications: total, levelsTried: search.steps.length });
    for (let k = 1; k < reports.length; k++) {
      expect(reports[k]!.replications).toBe(reports[k - 1]!.replications + 10);
      expect(reports[k]!.levelsTried).toBeGreaterThanOrEqual(reports[k - 1]!.levelsTried);
    }
    expect(new Set(reports.map((r) => r.level))).toEqual(new Set(search.steps.map((step) => step.groupsPerYear)));
    // Reporting changes nothing: the same search as without hooks, as sizeProgramme's.
    const { clearing, limit, ...quiet } = sizeProgramme(base, request, more);
    void clearing;
    void limit;
    expect(search.answer?.sustainedUnmetPerYear).toEqual(quiet.answer?.sustainedUnmetPerYear);
    expect(search.steps.map((step) => step.replications)).toEqual(quiet.steps.map((step) => step.replications));
  });

  it('goes on above a level decided early that its every replication carries over the target', () => {
    const asked: number[] = [];
    const meets = (level: number) => (asked.push(level), level >= 5);
    // 5 looked as if it met the target on its first replications; all of them say it does not.
    expect(fewestMeeting(0, 52, meets, (level) => level >= 6)).toBe(6);
    expect(asked[0]).toBe(52);
    expect(fewestMeeting(0, 52, meets, (level) => level >= 5)).toBe(5);
    expect(fewestMeeting(0, 4, meets, () => true)).toBeNull();
    // The maximum itself found wanting on every replication: nothing meets the target.
    expect(fewestMeeting(0, 5, meets, () => false)).toBeNull();
    expect(fewestMeeting(3, 2, meets, () => true)).toBeNull();
  });

  it('finds the same level from any guess as by bisection, and from a good guess in two levels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 52 }),
        fc.integer({ min: 0, max: 52 }),
        fc.integer({ min: -5, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (threshold, a, b, guess, wrong) => {
          const [from, to] = [Math.min(a, b), Math.max(a, b)];
          // Monotone, with one level (`wrong`) decided early as meeting that all its replications fail.
          const meets = (level: number) => level >= threshold;
          const meetsOnAll = (level: number) => level >= threshold && level !== wrong;
          let fewest: number | null = null;
          for (let level = from; level <= to && fewest === null; level++) if (meetsOnAll(level)) fewest = level;
          expect(fewestMeeting(from, to, meets, meetsOnAll)).toBe(fewest);
          expect(fewestMeeting(from, to, meets, meetsOnAll, guess)).toBe(fewest);
        },
      ),
    );
    const asked: number[] = [];
    const meets = (level: number) => (asked.push(level), level >= 18);
    expect(fewestMeeting(0, 52, meets, () => true, 18)).toBe(18);
    expect(asked).toEqual([18, 17]);
    asked.length = 0;
    expect(fewestMeeting(0, 52, meets, () => true, 17)).toBe(18);
    expect(asked).toEqual([17, 18]);
    asked.length = 0;
    // A guess far off costs steps doubling towards the answer, then a bisection: about twice a
    // bisection's levels at worst (1, 2, 4, 8, 16, 32, then four between 17 and 32).
    expect(fewestMeeting(0, 52, meets, () => true, 1)).toBe(18);
    expect(asked.length).toBe(10);
  });

  it('guesses the level from the unmet need a short level leaves, and from two what a level takes away', () => {
    // Stafford's TSP at today's 8 groups of 10: 107.5 sustained unmet, target 20.
    const short = { level: 8, meets: false, sustainedUnmetPerYear: 107.5 };
    expect(guessLevel(short, 20, 10)).toBe(17);
    // Never below one more than a level that does not meet the target.
    expect(guessLevel({ ...short, sustainedUnmetPerYear: 21 }, 20, 10)).toBe(9);
    // A level that meets it: no higher than itself.
    expect(guessLevel({ level: 30, meets: true, sustainedUnmetPerYear: 0 }, 20, 10)).toBe(28);
    expect(guessLevel({ level: 3, meets: true, sustainedUnmetPerYear: 19 }, 20, 10)).toBe(3);
    // Two short levels: Leicester's TSP, 87.3 at none and 38.6 at 8 groups: about 6.1 a group.
    const none = { level: 0, meets: false, sustainedUnmetPerYear: 87.3 };
    const eight = { level: 8, meets: false, sustainedUnmetPerYear: 38.6 };
    expect(guessLevel(eight, 10, 10)).toBe(11);
    expect(guessLevel(eight, 10, 10, none)).toBe(13);
    // Where the two measured no fall (noise), the places a level adds.
    expect(guessLevel(eight, 10, 10, { ...none, sustainedUnmetPerYear: 38 })).toBe(11);
  });

  it('counts today’s provision in whole groups or beds, as every level is', () => {
    expect(todayLevel({ unit: 'groups', currentGroupsPerYear: 9.8 })).toBe(10);
    expect(todayLevel({ unit: 'groups', currentGroupsPerYear: 2.4 })).toBe(2);
    expect(todayLevel({ unit: 'beds', currentGroupsPerYear: 0, currentBeds: 70 })).toBe(70);
    expect(todayLevel({ unit: 'beds', currentGroupsPerYear: 0 })).toBe(0);
  });

  it('tries today’s groups first, and finds the answer in fewer levels than a bisection', () => {
    const reports: SizingProgress[] = [];
    const search = searchSizing(base, request, options, undefined, { onProgress: (p) => reports.push({ ...p }) });
    expect(reports[0]!.level).toBe(2);
    expect(search.answer!.groupsPerYear).toBe(sizing.answer!.groupsPerYear);
    // Bisection over 0-30 tries five levels or more here (30, 15, 7 or 22, ...).
    expect(search.steps.length).toBeLessThanOrEqual(4);
  });

  it('is deterministic: the same seed gives the same sizing', () => {
    expect(JSON.stringify(sizeProgramme(base, request, options))).toBe(JSON.stringify(sizing));
  });

  it('sizes with a steady level: scheduled changes to that programme there are set aside', () => {
    const steady = withGroupsPerYear(base, 'a', 'tsp', 5);
    expect(steady.changes).toEqual([]);
    const r = runScenario(steady, options).establishments[0]!.programmes[0]!;
    expect(r.placesPerYear).toBe(50);
  });

  it('adds the programme to an establishment that did not deliver it', () => {
    const none = withGroupsPerYear(
      { ...base, establishments: [{ ...base.establishments[0]!, programmes: [] }] },
      'a',
      'tsp',
      3,
    );
    expect(none.establishments[0]!.programmes).toEqual([
      { programme: 'tsp', groupsPerYear: 3, acceptsReferrals: false },
    ]);
  });
});
