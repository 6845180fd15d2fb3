/**
 * Batches of replications: the one entry point workers and the command line call. What a
 * replication does each week is replication.ts; what it holds is replicationState.ts; each
 * concept it works with is a module of its own (custody.ts, moves.ts, referrals.ts, waitingLists.ts,
 * needWindows.ts, courses.ts, caseManagement.ts, changes.ts, accounting.ts); a running start's
 * warm-up is warmupReplication.ts, and its hand-over to the window's opening handOver.ts.
 */
import type { CompiledScenario } from './compile.js';
import { CompileCache } from './compileCache.js';
import type { Outcome } from './layout.js';
import { expectedSlots, People } from './people.js';
import type { CompactionPolicy } from './compaction.js';
import { FitLookup } from './fitLookup.js';
import { NeedLedger } from './needs.js';
import { newShared, receptionSegments, type Shared } from './replicationState.js';
import { eligibilityProfiles } from './eligibilityProfiles.js';
import { Replication } from './replication.js';
import { Warmup } from './warmupReplication.js';
import { ScratchArrays } from './scratchArrays.js';
import { compileEstablishments, placeEstablishment, separableEstablishments } from './establishmentParts.js';
import { withStableFields } from './stableFields.js';

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

/**
 * What every replication of a compiled scenario works in and nothing in it depends on the
 * replication: the table of people (emptied between replications, keeping its memory), the needs
 * ledger, each establishment's source tables as lookups (fitLookup.ts), reception segments,
 * eligibility bitmasks per profile and a running start's warm-up. Built once per compiled
 * scenario and handed to every batch of it (a worker keeps it beside the compiled scenario it
 * caches), so a run in small chunks does not build it again for each: in the app West Midlands
 * ran in chunks of one replication. Holds no result: a batch's numbers are the same whether its
 * context is new or has served other batches (tests/engine/determinism.test.ts).
 *
 * A file whose establishments exchange no one is simulated an establishment at a time: its
 * context holds one per establishment's part instead (establishmentParts.ts), sharing their
 * tables of people and needs ledgers.
 *
 * Serves one batch at a time (simulateBatch is synchronous).
 */
export class SimulationContext {
  /**
   * Where the file's establishments exchange no one, each as a file of its own with its own
   * context, simulated one at a time (establishmentParts.ts); otherwise null.
   */
  readonly parts: { compiled: CompiledScenario; context: SimulationContext }[] | null;
  private whole: WholeContext | null = null;

  constructor(
    readonly compiled: CompiledScenario,
    /** When replications compact their tables of people (compaction.ts; tests force it). */
    readonly compaction: CompactionPolicy = 'auto',
    /** Fits kept between compiles (an app's worker): each establishment's part reuses the file's. */
    fits: CompileCache = new CompileCache(),
    /**
     * A context whose tables of people and needs ledgers this one works in, where the two serve
     * one replication at a time (an establishment's part: a file's parts run one after another).
     */
    private readonly tablesFrom: SimulationContext | null = null,
  ) {
    if (separableEstablishments(compiled)) {
      const parts: { compiled: CompiledScenario; context: SimulationContext }[] = [];
      for (const part of compileEstablishments(compiled, fits))
        parts.push({
          compiled: part,
          context: new SimulationContext(part, compaction, fits, parts[0]?.context ?? null),
        });
      this.parts = parts;
    } else this.parts = null;
  }

  /** The table of people a replication of the whole file works in (built when first asked). */
  get people(): People {
    return this.wholeContext().people;
  }
  get warmup(): Warmup | null {
    return this.wholeContext().warmup;
  }
  get shared(): Shared {
    return this.wholeContext().shared;
  }

  private wholeContext(): WholeContext {
    this.whole ??= wholeContext(this.compiled, this.compaction, this.tablesFrom?.wholeContext() ?? null);
    return this.whole;
  }
}

interface WholeContext {
  people: People;
  warmup: Warmup | null;
  shared: Shared;
}

/**
 * A context's state; its tables of people and needs ledgers are `borrowed`'s where given (they
 * grow as needed, and each replication empties them first).
 */
function wholeContext(
  compiled: CompiledScenario,
  compaction: CompactionPolicy,
  borrowed: WholeContext | null,
): WholeContext {
  const people =
    borrowed?.people ??
    new People(
      compiled.attributes.length,
      compiled.programmes.length,
      expectedSlots(compiled, compiled.weeks, compaction),
    );
  const profiles = eligibilityProfiles(
    compiled.establishments.map((e) => e.eligibility),
    compiled.attributes,
  );
  return withStableFields(WholeContextFields, {
    people,
    warmup:
      compiled.start.warmupWeeks > 0 ? new Warmup(compiled, compaction, borrowed?.warmup ?? undefined, profiles) : null,
    shared: newShared({
      compaction,
      fitLookups: compiled.establishments.map((e) => e.tables.map((t) => new FitLookup(t, compiled.attributes))),
      // Each replication's reset points the ledger at its own record and layout (NeedLedger.reset).
      needs:
        borrowed?.shared.needs ?? new NeedLedger(compiled.needs, people.capacity, compiled.layout, new Float64Array(0)),
      segments: receptionSegments(compiled),
      eligibilityProfiles: profiles,
      scratch: borrowed?.shared.scratch ?? new ScratchArrays(),
    }),
  });
}

/**
 * Replications `firstReplication` to `firstReplication + count - 1` of a compiled scenario. Pass
 * the scenario's SimulationContext when running it in several batches; without one, the batch
 * builds its own.
 */
export function simulateBatch(
  compiled: CompiledScenario,
  firstReplication: number,
  count: number,
  hooks: BatchHooks = {},
  context: SimulationContext = new SimulationContext(compiled),
): RepBatch {
  if (context.compiled !== compiled)
    throw new Error('simulateBatch: the context was built for another compiled scenario');
  const { scalarCount, seriesCount } = compiled.layout;
  const seriesLength = seriesCount * compiled.weeks;
  const scalars = new Float64Array(count * scalarCount);
  const series = new Float32Array(count * seriesLength);
  const parts = context.parts;
  // A part's record, reused from one replication to the next (zeroed first: a replication adds into it).
  const partRecords = parts?.map(({ compiled: part }) => ({
    scalars: new Float64Array(part.layout.scalarCount),
    series: new Float32Array(part.layout.seriesCount * part.weeks),
  }));
  for (let r = 0; r < count; r++) {
    const recordScalars = scalars.subarray(r * scalarCount, (r + 1) * scalarCount);
    const recordSeries = series.subarray(r * seriesLength, (r + 1) * seriesLength);
    if (parts && partRecords) {
      for (let e = 0; e < parts.length; e++) {
        const part = parts[e];
        const record = partRecords[e];
        record.scalars.fill(0);
        record.series.fill(0);
        simulateOne(part.compiled, part.context, firstReplication + r, record.scalars, record.series);
        placeEstablishment(compiled, e, part.compiled, record.scalars, record.series, recordScalars, recordSeries);
      }
    } else simulateOne(compiled, context, firstReplication + r, recordScalars, recordSeries);
    hooks.onProgress?.(r + 1);
  }
  return { firstReplication, count, scalars, series };
}

/** Replication r of a compiled file (a whole file, or an establishment's part), into one record (zeroed). */
function simulateOne(
  compiled: CompiledScenario,
  context: SimulationContext,
  replication: number,
  scalars: Float64Array,
  series: Float32Array,
): void {
  const { people, warmup, shared } = context;
  const snapshot = warmup?.run(replication) ?? null;
  people.reset();
  new Replication(compiled, people, replication, scalars, series, snapshot, '', shared).run();
}
export type { Outcome };

/** The class of a context's state (stableFields.ts says why). */
class WholeContextFields {}
