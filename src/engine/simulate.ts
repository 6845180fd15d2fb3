/**
 * Batches of replications: the one entry point workers and the command line call. What a
 * replication does each week is replication.ts; what it holds is replicationState.ts; each
 * concept it works with is a module of its own (custody.ts, referrals.ts, waitingLists.ts,
 * needWindows.ts, courses.ts, caseManagement.ts, changes.ts, accounting.ts); a running start's
 * warm-up is warmupReplication.ts.
 */
import type { CompiledScenario } from './compile.js';
import type { Outcome } from './layout.js';
import { People } from './people.js';
import { FitLookup } from './fitLookup.js';
import { NeedLedger } from './needs.js';
import { receptionSegments, type Shared } from './replicationState.js';
import { eligibilityProfiles } from './eligibilityProfiles.js';
import { Replication } from './replication.js';
import { Warmup } from './warmupReplication.js';

export interface RepBatch {
  firstReplication: number;
  count: number;
  /** count records of layout.scalarCount numbers. */
  scalars: Float64Array;
  /** count records of layout.seriesCount series of `weeks` numbers. */
  series: Float32Array;
}

export interface BatchHooks {
  onProgress?: (replicationsDone: number) => void;
}

export function simulateBatch(
  compiled: CompiledScenario,
  firstReplication: number,
  count: number,
  hooks: BatchHooks = {},
): RepBatch {
  const { scalarCount, seriesCount } = compiled.layout;
  const seriesLength = seriesCount * compiled.weeks;
  const scalars = new Float64Array(count * scalarCount);
  const series = new Float32Array(count * seriesLength);
  // One table of people serves every replication of the batch, emptied between them.
  const opening = compiled.establishments.reduce((n, e) => n + e.populationTotal, 0);
  const people = new People(
    compiled.attributes.length,
    compiled.programmes.length,
    Math.ceil(opening * (1 + compiled.weeks / 52)) + 16,
  );
  const warmup = compiled.start.warmupWeeks > 0 ? new Warmup(compiled, opening) : null;
  // Built once for the batch: each establishment's source tables as lookups (fitLookup.ts).
  const fitLookups = compiled.establishments.map((e) => e.tables.map((t) => new FitLookup(t, compiled.attributes)));
  const shared: Shared = {
    fitLookups,
    needs: new NeedLedger(compiled.needs, people.capacity, compiled.layout, scalars),
    segments: receptionSegments(compiled),
    eligibilityProfiles: eligibilityProfiles(
      compiled.establishments.map((e) => e.eligibility),
      compiled.attributes,
    ),
  };
  for (let r = 0; r < count; r++) {
    const snapshot = warmup?.run(firstReplication + r) ?? null;
    people.reset();
    new Replication(
      compiled,
      people,
      firstReplication + r,
      scalars.subarray(r * scalarCount, (r + 1) * scalarCount),
      series.subarray(r * seriesLength, (r + 1) * seriesLength),
      snapshot,
      '',
      shared,
    ).run();
    hooks.onProgress?.(r + 1);
  }
  return { firstReplication, count, scalars, series };
}
export type { Outcome };
