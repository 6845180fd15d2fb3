/**
 * How much work a run is, before it starts: used to choose how many replications give the
 * provisional figures, and to ask before a saved large run starts on load. Rough by design: it
 * counts person-weeks simulated, the running start's warm-up included (Wymott's 312 weeks are
 * twice its year's window), at one pace.
 */
import type { Scenario } from '../../src/index.js';
import type { WarmUp } from '../../workers/pool.js';

/**
 * Person-weeks one worker simulates a millisecond: HMP Stafford, one year and its 104-week running
 * start, about 5 ms a replication (the pace the provisional batch and the warm-up were tuned at).
 * Rough: a region simulates about a quarter as many a millisecond (more programmes and
 * establishments, the locals' turnover; measured in Node, December 2026: West Midlands about 260
 * ms a replication where this says 63), and Chromium is slower than Node.
 */
export const PERSON_WEEKS_PER_MS = 16_000;

/**
 * A week of the running start's warm-up costs about half a week of the window: it counts nothing
 * (national, profiled: the warm-up's 104 weeks are 26% of a replication of 104 + 156 weeks).
 */
const WARM_UP_WEEK_COST = 0.5;

/** The warm-up a scenario asks for; 104 weeks (the engine's cap: warmup.ts) where it leaves it to the default. */
const DEFAULT_WARM_UP_WEEKS = 104;

/**
 * Provisional figures should take about this long to simulate, on top of compiling: a couple of
 * replications a worker for one prison, so the first figures come within 0.3 s of an edit (the
 * figures refine as the run goes on; a longer first batch only delays them).
 */
const PROVISIONAL_BUDGET_MS = 10;
const MAX_PROVISIONAL_PER_WORKER = 10;

/** A run estimated to take longer than this asks before it starts on load. */
export const LARGE_RUN_MS = 30_000;

export function horizonYears(s: Scenario): number {
  return s.horizon.unit === 'years' ? s.horizon.value : s.horizon.value / 52;
}

export function peopleSimulated(s: Scenario): number {
  return s.establishments.reduce((n, e) => n + (e.population.total ?? e.operationalCapacity), 0);
}

/** Warm-up weeks a replication simulates before its window (none for an empty start). */
export function warmUpWeeks(s: Scenario): number {
  if (s.start?.mode === 'empty') return 0;
  return s.start?.warmupWeeks ?? DEFAULT_WARM_UP_WEEKS;
}

/** The work of one replication in person-weeks: the window's, and the warm-up's at its cost. */
export function personWeeks(s: Scenario): number {
  return peopleSimulated(s) * (horizonYears(s) * 52 + WARM_UP_WEEK_COST * warmUpWeeks(s));
}

/** Milliseconds one worker takes for one replication. */
export function msPerReplication(s: Scenario): number {
  return personWeeks(s) / PERSON_WEEKS_PER_MS;
}

/** Estimated wall time of the whole run on `workers` workers. */
export function estimatedRunMs(s: Scenario, workers: number): number {
  return (s.replications * msPerReplication(s)) / Math.max(1, workers);
}

/**
 * Replications for the provisional figures: a few a worker, as many as fit the budget. None when
 * the whole run is about as quick (the provisional step would only delay it).
 */
export function provisionalReplications(s: Scenario, workers: number): number {
  const perReplication = Math.max(1e-6, msPerReplication(s));
  const perWorker = Math.max(
    1,
    Math.min(MAX_PROVISIONAL_PER_WORKER, Math.floor(PROVISIONAL_BUDGET_MS / perReplication)),
  );
  const k = perWorker * Math.max(1, workers);
  return k * 4 <= s.replications ? k : 0;
}

export function isLargeRun(s: Scenario, workers: number): boolean {
  return estimatedRunMs(s, workers) > LARGE_RUN_MS;
}

/**
 * A scenario this quick a replication (one prison, a few) has its workers warmed up after a run
 * (WorkerPool.warmUp), so its first edit's provisional figures come as fast as later edits'.
 * Larger ones are not: a warm-up task holds up a run that comes meanwhile by its own length, and
 * keeps a second copy of the scenario's context in each worker while it runs.
 */
export const WARM_UP_MAX_MS_PER_REPLICATION = 30;

/**
 * Throwaway runs after opening: a few scenarios compiled afresh on each worker (measured in Node,
 * CPU time, Stafford's first edit: compile, context and 2 replications 220-265 ms cold, 43-78 ms
 * after 3 to 5 of them, as later edits take), of 2 replications each. 25 rounds made Chromium's
 * first full run after opening about a tenth quicker in one measurement and no clearer in
 * another, for 25 compiles a worker: not worth it (docs/notes/national-where-the-time-goes.md).
 */
export const WARM_UP: WarmUp = { rounds: 4, replications: 2 };

/** How to warm the workers up after a run of `s`, or null for none. */
export function warmUpFor(s: Scenario): WarmUp | null {
  return msPerReplication(s) <= WARM_UP_MAX_MS_PER_REPLICATION ? WARM_UP : null;
}
