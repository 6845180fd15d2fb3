/**
 * How much work a run is, before it starts: used to choose how many replications give the
 * provisional figures, and to ask before a saved large run starts on load. Rough by design: it
 * counts people-years simulated, at a pace measured in Chromium on this project's 2-core machine.
 */
import type { Scenario } from '../../src/index.js';
import type { WarmUp } from '../../workers/pool.js';

/** People-years one worker simulates a millisecond (HMP Stafford: about 5 ms a replication). */
export const PEOPLE_YEARS_PER_MS = 150;

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

/** Milliseconds one worker takes for one replication. */
export function msPerReplication(s: Scenario): number {
  return (peopleSimulated(s) * horizonYears(s)) / PEOPLE_YEARS_PER_MS;
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
  const perWorker = Math.max(
    1,
    Math.min(MAX_PROVISIONAL_PER_WORKER, Math.floor(PROVISIONAL_BUDGET_MS / Math.max(1e-6, msPerReplication(s)))),
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
 * after 3 to 5 of them, as later edits take), of 2 replications each.
 */
export const WARM_UP: WarmUp = { rounds: 4, replications: 2 };

/** How to warm the workers up after a run of `s`, or null for none. */
export function warmUpFor(s: Scenario): WarmUp | null {
  return msPerReplication(s) <= WARM_UP_MAX_MS_PER_REPLICATION ? WARM_UP : null;
}
