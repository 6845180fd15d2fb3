/**
 * How a run's replications are split among workers and put back together: chunks of contiguous
 * replications (any split gives the same numbers, each replication drawing from its own streams),
 * their size from the pace measured so far, and the batches back cut to the replications a run
 * ends at.
 */
import type { RepBatch } from '../src/index.js';

/** Replications first to first + count - 1 of a run. */
export interface Chunk {
  first: number;
  count: number;
}

/** The most workers a pool starts, whatever the machine's cores. */
export const MAX_WORKERS = 8;

/** Workers for a machine with `hardwareConcurrency` cores: at least 1, at most MAX_WORKERS. */
export function poolSizeFor(hardwareConcurrency: number | undefined): number {
  const n = Math.floor(hardwareConcurrency ?? 1);
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, MAX_WORKERS);
}

/**
 * Split `total` replications into contiguous chunks, about `chunksPerWorker` per worker: small
 * enough that progress moves and work balances, large enough that messaging stays cheap.
 */
export function splitReplications(total: number, workers: number, chunksPerWorker = 4): Chunk[] {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`replications must be a whole number >= 0, got ${total}`);
  if (total === 0) return [];
  const size = Math.max(1, Math.ceil(total / Math.max(1, workers * chunksPerWorker)));
  const chunks: Chunk[] = [];
  for (let first = 0; first < total; first += size) chunks.push({ first, count: Math.min(size, total - first) });
  return chunks;
}

/** After the provisional replications, the rest run in chunks of about this long, so a cancel waits at most this. */
export const CHUNK_TARGET_MS = 250;

/**
 * Replications for the next chunk: about `targetMs` of work at the last measured pace, at least
 * one, and never more than an equal share of what is left (so every worker gets some).
 */
export function nextChunkSize(
  msPerReplication: number,
  remaining: number,
  workers: number,
  targetMs = CHUNK_TARGET_MS,
): number {
  if (remaining <= 0) return 0;
  const share = Math.ceil(remaining / Math.max(1, workers));
  const byTime = msPerReplication > 0 ? Math.floor(targetMs / msPerReplication) : share;
  return Math.max(1, Math.min(byTime, share));
}

/**
 * The batches of a run's leading chunks, up to the first not run (null): a run stopped early is
 * one of the replications before it.
 */
export function leadingBatches(done: readonly (RepBatch | null)[]): RepBatch[] {
  const first = done.indexOf(null);
  return (first < 0 ? done : done.slice(0, first)) as RepBatch[];
}

/**
 * The batches (in any order) cut to replications [0, count): whole batches before it, the one
 * across it cut short (a batch is `count` records one after the other). All of them where count is
 * null.
 */
export function upTo<T extends RepBatch>(batches: readonly T[], count: number | null): RepBatch[] {
  if (count === null) return [...batches];
  const kept: RepBatch[] = [];
  for (const b of batches) {
    if (b.firstReplication >= count) continue;
    const n = Math.min(b.count, count - b.firstReplication);
    if (n === b.count) {
      kept.push(b);
      continue;
    }
    const scalarsEach = b.scalars.length / b.count;
    const seriesEach = b.series.length / b.count;
    kept.push({
      firstReplication: b.firstReplication,
      count: n,
      scalars: b.scalars.slice(0, n * scalarsEach),
      series: b.series.slice(0, n * seriesEach),
    });
  }
  return kept;
}
