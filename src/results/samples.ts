/**
 * Per-replication values of the headline counts, kept beside the summarised results so two runs
 * can be compared replication by replication.
 *
 * Every replication draws from its own seeded stream, so replication r of a baseline and
 * replication r of an edited scenario with the same seed share their random numbers (the same
 * people arrive, the same suitability and drop-out draws) and differ only by the edit. The
 * difference of the two, worked out per replication and then summarised, has a far narrower
 * interval than the gap between two independent intervals: that is what makes a small change
 * readable against the noise.
 */
import { mean, quantile } from 'simple-statistics';
import type { CompiledScenario } from '../engine/compile.js';
import type { RepBatch } from '../engine/simulate.js';
import { OUTCOMES } from '../engine/layout.js';
import type { Stat } from './types.js';

/** Counts kept per replication: places offered and four outcomes, all totals over the horizon. */
export const SAMPLE_MEASURES = [
  'placesOffered',
  'starts',
  'completions',
  'unmetNeed',
  'waitingAtEnd',
  'joinedAtStart',
] as const;
export type SampleMeasure = (typeof SAMPLE_MEASURES)[number];

/** The scope of the whole region (every establishment added up), as the web's figures name it. */
export const REGION_SAMPLE_SCOPE = '@region';
/** Every programme added up. */
export const ALL_PROGRAMMES = '*';

export interface ReplicationSamples {
  seed: string;
  replications: number;
  /** `${scope}/${programme}/${measure}`, scope an establishment id or '@region', programme an id or '*'. */
  keys: string[];
  /** Key-major: values[k * replications + r] is key k in replication r. */
  values: Float64Array;
}

export function sampleKey(scope: string, programme: string, measure: SampleMeasure): string {
  return `${scope}/${programme}/${measure}`;
}

/**
 * Which scalars of a replication's record add up to each headline count: keys as in
 * ReplicationSamples, `sources[k]` the offsets summed for key k. It depends on the compiled
 * scenario alone, so a worker works it out once and reads every batch of the scenario with it.
 */
export interface SampleLayout {
  seed: string;
  keys: string[];
  sources: number[][];
  /** Numbers in one replication's record of scalars. */
  scalarCount: number;
}

export function sampleLayout(compiled: CompiledScenario): SampleLayout {
  const L = compiled.layout;
  const offsets: number[] = SAMPLE_MEASURES.map((m) =>
    m === 'placesOffered' || m === 'joinedAtStart' ? L.extra(m) : L.outcome(OUTCOMES.indexOf(m)),
  );
  const scopes = [
    ...compiled.establishments.map((e) => ({ id: e.id, members: [e.index] })),
    { id: REGION_SAMPLE_SCOPE, members: compiled.establishments.map((e) => e.index) },
  ];
  const programmes = [
    ...compiled.programmes.map((p) => ({ id: p.definition.id, members: [p.index] })),
    { id: ALL_PROGRAMMES, members: compiled.programmes.map((p) => p.index) },
  ];
  const keys: string[] = [];
  const sources: number[][] = [];
  for (const s of scopes)
    for (const p of programmes)
      SAMPLE_MEASURES.forEach((m, i) => {
        keys.push(sampleKey(s.id, p.id, m));
        sources.push(s.members.flatMap((e) => p.members.map((q) => L.programmeBase(e, q) + offsets[i])));
      });
  return { seed: compiled.seed, keys, sources, scalarCount: L.scalarCount };
}

/**
 * One batch's headline counts, key-major: values[k * batch.count + i] is key k in the batch's
 * replication i. A worker sends them with the batch, so the page can follow how precisely a run's
 * means are known while it runs (joinSamples) without the batch's records.
 */
export function batchSamples(layout: SampleLayout, batch: RepBatch): Float64Array {
  const { keys, sources, scalarCount } = layout;
  const n = batch.count;
  const values = new Float64Array(keys.length * n);
  for (let i = 0; i < n; i++) {
    const base = i * scalarCount;
    for (let k = 0; k < keys.length; k++) {
      let v = 0;
      for (const at of sources[k]) v += batch.scalars[base + at];
      values[k * n + i] = v;
    }
  }
  return values;
}

/** A batch's headline counts (batchSamples) and the replications they are of. */
export interface BatchSamples {
  firstReplication: number;
  count: number;
  values: Float64Array;
}

/**
 * The samples of consecutive batches (in any order; together replications [first, first + R)
 * with no gap), as one ReplicationSamples over them in replication order.
 */
export function joinSamples(seed: string, keys: readonly string[], parts: readonly BatchSamples[]): ReplicationSamples {
  const ordered = [...parts].sort((a, b) => a.firstReplication - b.firstReplication);
  const R = ordered.reduce((n, b) => n + b.count, 0);
  const values = new Float64Array(keys.length * R);
  let r = 0;
  // Plain index arithmetic, no view per key and part: a national run's page joins 6,666 keys.
  for (const part of ordered) {
    const n = part.count;
    const from = part.values;
    for (let k = 0; k < keys.length; k++) {
      const to = k * R + r;
      const at = k * n;
      for (let i = 0; i < n; i++) values[to + i] = from[at + i];
    }
    r += n;
  }
  return { seed, replications: R, keys: [...keys], values };
}

/** Gather the headline counts of every replication from the batches (any order). */
export function replicationSamples(compiled: CompiledScenario, batches: readonly RepBatch[]): ReplicationSamples {
  const layout = sampleLayout(compiled);
  const parts = batches.map((b) => ({
    firstReplication: b.firstReplication,
    count: b.count,
    values: batchSamples(layout, b),
  }));
  return joinSamples(layout.seed, layout.keys, parts);
}

/**
 * The samples of replications [0, count) alone: those of a run of `count` replications (a run's
 * replications do not depend on how many it has), as provisional figures of that many are read.
 * Null where `samples` has fewer.
 */
export function leadingReplications(samples: ReplicationSamples, count: number): ReplicationSamples | null {
  const R = samples.replications;
  if (!Number.isInteger(count) || count < 0 || count > R) return null;
  if (count === R) return samples;
  const values = new Float64Array(samples.keys.length * count);
  for (let k = 0; k < samples.keys.length; k++) values.set(samples.values.subarray(k * R, k * R + count), k * count);
  return { seed: samples.seed, replications: count, keys: samples.keys, values };
}

/** The values of one key over replications, or null if the run has no such key. */
export function samplesOf(samples: ReplicationSamples, key: string): Float64Array | null {
  const k = samples.keys.indexOf(key);
  if (k < 0) return null;
  return samples.values.subarray(k * samples.replications, (k + 1) * samples.replications);
}

/** Two runs can be paired when replication r of each drew from the same stream. */
export function canPair(a: ReplicationSamples, b: ReplicationSamples): boolean {
  return a.seed === b.seed && a.replications === b.replications && a.replications > 0;
}

/** Mean and 5th, 50th, 95th percentiles of a list of numbers. */
export function statOf(values: ArrayLike<number>): Stat {
  const list = Array.from(values);
  if (list.length === 0) return { mean: 0, p5: 0, p50: 0, p95: 0 };
  const [p5, p50, p95] = quantile(list, [0.05, 0.5, 0.95]) as number[];
  return { mean: mean(list), p5, p50, p95 };
}

/**
 * current minus reference, replication by replication, summarised: null when the runs cannot be
 * paired (another seed or number of replications) or either lacks the key.
 */
export function pairedDifference(reference: ReplicationSamples, current: ReplicationSamples, key: string): Stat | null {
  if (!canPair(reference, current)) return null;
  const a = samplesOf(reference, key);
  const b = samplesOf(current, key);
  if (!a || !b) return null;
  return statOf(b.map((v, r) => v - a[r]));
}

/** Share of the values at or under a limit (a probability when the values are replications). */
export function shareAtOrUnder(values: ArrayLike<number>, limit: number): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] <= limit) n++;
  return n / values.length;
}
