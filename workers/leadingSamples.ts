/**
 * The headline counts of a run's replications done so far, from the first on: what the page reads
 * to tell how precisely the means are known while the run goes on (precision.ts), before its
 * summary. Batches come back in any order; only an unbroken run of them from replication 0 is
 * joined, so the figures are those a run of that many replications would give (and those a stop
 * there keeps). Each batch's counts are worked out in the worker (SimulatedBatch.samples); here
 * they are only put side by side.
 */
import {
  joinSamples,
  PrecisionStop,
  type BatchSamples,
  type PrecisionScope,
  type ReplicationSamples,
} from '../src/index.js';
import type { RunShape, SimulatedBatch } from './api.js';

export class LeadingSamples {
  private readonly parts = new Map<number, BatchSamples>();
  /** Replications [0, leading) are all back. */
  private leading = 0;
  private joined: ReplicationSamples | null = null;
  /** Where the scenario gives a precision target: follows the replications in order, as they join. */
  private readonly stop: PrecisionStop | null;

  constructor(
    private readonly seed: string,
    private readonly keys: readonly string[],
    precision?: { target: number; asked: number; scope: PrecisionScope },
  ) {
    this.stop = precision ? new PrecisionStop(keys, precision.target, precision.asked, precision.scope) : null;
  }

  /** Take a batch's counts (a batch without any, from a worker that sends none, is skipped). */
  add(batch: SimulatedBatch): void {
    const values = batch.samples;
    if (!values || values.length !== this.keys.length * batch.count) return;
    this.parts.set(batch.firstReplication, { firstReplication: batch.firstReplication, count: batch.count, values });
    let grew = false;
    for (let next = this.parts.get(this.leading); next; next = this.parts.get(this.leading)) {
      this.stop?.add(next.values, next.count);
      this.leading += next.count;
      grew = true;
    }
    if (grew) this.joined = null;
  }

  /**
   * The checkpoint where the run's means first meet the scenario's precision target (precisionStop.ts),
   * once the replications up to it are all back; null before, or with no target.
   */
  get stopAt(): number | null {
    return this.stop?.stopAt ?? null;
  }

  /** Replications done from the first on, with no gap. */
  get replications(): number {
    return this.leading;
  }

  /** Their samples, or null before the first batch is back. Joined once each time the run grows. */
  samples(): ReplicationSamples | null {
    if (this.leading === 0) return null;
    if (!this.joined) {
      const parts = [...this.parts.values()].filter((p) => p.firstReplication < this.leading);
      this.joined = joinSamples(this.seed, this.keys, parts);
    }
    return this.joined;
  }

  /** The samples as a progress report carries them (RunProgress.samples): nothing before the first batch. */
  progress(): { samples?: ReplicationSamples } {
    const samples = this.samples();
    return samples ? { samples } : {};
  }
}

/** A run's leading samples, or null where its workers send no headline counts with their batches. */
export function leadingSamples(shape: RunShape): LeadingSamples | null {
  if (!shape.sampleKeys) return null;
  const target = shape.precisionTarget ?? null;
  const scope = shape.precisionScope ?? 'region';
  const precision = target === null ? undefined : { target, asked: shape.replications, scope };
  return new LeadingSamples(shape.seed, shape.sampleKeys, precision);
}
