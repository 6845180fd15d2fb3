import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRECISION_CHECK_EVERY, PrecisionStop, type RepBatch, type Results, type RunOptions } from '../../src/index.js';
import { ScenarioTexts, type Outcome, type ScenarioSource, type SimulationApi } from '../../workers/api.js';
import { RunCancelledError, SimulationError, WorkerPool, type RunProgress } from '../../workers/pool.js';
import { nextChunkSize, poolSizeFor, splitReplications, upTo } from '../../workers/chunks.js';
import { RunChannel } from '../../workers/runChannel.js';
import * as Comlink from 'comlink';
import { exposeInProcess, type FakeWorker } from './fakeWorker.js';
import { RunMemo } from '../../workers/runMemo.js';

/**
 * A fake engine with the core's contract: each replication's numbers depend only on the seed and
 * the replication's index, and summarising accepts batches in any order.
 */
const SERIES_PER_REP = 3;
/** The one headline count a fake file with a precision target has: the region's starts, 50-150 a replication. */
const TARGET_KEY = '@region/tsp/starts';
// Spread out: the hash's first values of one seed lie close together (nearly the same text).
const startsOf = (value: number) => Math.round(50 + 100 * ((value * 7919.123) % 1));
function replicationValue(seed: string, rep: number): number {
  let h = 2166136261;
  for (const ch of `${seed}:${rep}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) / 2 ** 32;
}

interface FakeOptions {
  /** Milliseconds each batch takes (asynchronously), so a cancel can land mid-run. */
  delayMs?: number;
  failOn?: (first: number) => boolean;
  calls?: { first: number; count: number }[];
  /** What the workers did, in order: `batch <first>` when a batch ends, `warm <worker>` when a warm-up starts. */
  events?: string[];
}

function fakeApi(opts: FakeOptions = {}, worker = 0): SimulationApi {
  // Texts sent once and named after, as the real worker holds them.
  const texts = new ScenarioTexts();
  const shape = (source: ScenarioSource, o: RunOptions) => {
    const s = JSON.parse(texts.textOf(source)) as { replications: number; seed: number; precisionTarget?: number };
    const replications = o.replications ?? s.replications;
    const seed = String(o.seed ?? s.seed);
    // A file with a precision target gets the region's starts as its one headline count, as the core's would.
    if (s.precisionTarget === undefined) return { replications, seed, weeks: 3 };
    return { replications, seed, weeks: 3, sampleKeys: [TARGET_KEY], precisionTarget: s.precisionTarget };
  };
  const api = {
    prepare(json: ScenarioSource, o: RunOptions): Outcome<{ replications: number; seed: string; weeks: number }> {
      if (texts.textOf(json).includes('"broken"'))
        return { ok: false, error: { name: 'Error', message: 'compile failed at programmes[0]' } };
      return { ok: true, value: shape(json, o) };
    },
    async runBatch(
      json: ScenarioSource,
      o: RunOptions,
      first: number,
      count: number,
      onProgress?: (n: number) => void,
    ) {
      opts.calls?.push({ first, count });
      if (opts.failOn?.(first))
        return { ok: false, error: { name: 'RangeError', message: `bad replication ${first}` } };
      const { seed } = shape(json, o);
      const scalars = new Float64Array(count);
      const series = new Float32Array(count * SERIES_PER_REP);
      for (let i = 0; i < count; i++) {
        scalars[i] = replicationValue(seed, first + i);
        for (let w = 0; w < SERIES_PER_REP; w++) series[i * SERIES_PER_REP + w] = scalars[i]! * (w + 1);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs! / count));
        void onProgress?.(i + 1);
      }
      const batch: RepBatch = { firstReplication: first, count, scalars, series };
      opts.events?.push(`batch ${first}`);
      if (shape(json, o).sampleKeys) {
        const samples = scalars.map(startsOf);
        return Comlink.transfer({ ok: true, value: { ...batch, samples } }, [
          scalars.buffer,
          series.buffer,
          samples.buffer,
        ]);
      }
      return Comlink.transfer({ ok: true, value: batch }, [scalars.buffer, series.buffer]);
    },
    summarize(json: ScenarioSource, o: RunOptions, batches: RepBatch[]) {
      // As the core's summarize: the replications are the batches' (a run stopped early has fewer).
      const { seed } = shape(json, o);
      const replications = batches.reduce((n, b) => n + b.count, 0);
      const values = new Array<number>(replications).fill(NaN);
      const series = new Array<number>(replications * SERIES_PER_REP).fill(NaN);
      for (const b of batches) {
        for (let i = 0; i < b.count; i++) {
          values[b.firstReplication + i] = b.scalars[i]!;
          for (let w = 0; w < SERIES_PER_REP; w++)
            series[(b.firstReplication + i) * SERIES_PER_REP + w] = b.series[i * SERIES_PER_REP + w]!;
        }
      }
      const results = { scenario: 'fake', seed, replications, values, series } as unknown as Results;
      return { ok: true, value: results } as const;
    },
    summarizeWithSamples(json: ScenarioSource, o: RunOptions, batches: RepBatch[]) {
      const { seed } = shape(json, o);
      const replications = batches.reduce((n, b) => n + b.count, 0);
      const results = api.summarize(json, o, batches).value;
      return { ok: true, value: { results, samples: { seed, replications, keys: [], values: new Float64Array(0) } } };
    },
    async warm(json: ScenarioSource) {
      texts.textOf(json);
      opts.events?.push(`warm ${worker}`);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      return { ok: true, value: null };
    },
  };
  return api as unknown as SimulationApi;
}

/** A pool of fake workers; it runs every request afresh unless given a memo (runMemo.ts). */
function fakePool(size: number, opts: FakeOptions = {}, memo: RunMemo | null = null) {
  const workers: FakeWorker[] = [];
  const pool = new WorkerPool(
    () => {
      const w = exposeInProcess(fakeApi(opts, workers.length));
      workers.push(w);
      return w;
    },
    size,
    undefined,
    memo,
  );
  return { pool, workers };
}

const scenario = (replications: number, seed = 7) => JSON.stringify({ name: 'fake', replications, seed });

describe('poolSizeFor', () => {
  it('uses the machine cores, at least one and at most eight', () => {
    expect(poolSizeFor(undefined)).toBe(1);
    expect(poolSizeFor(0)).toBe(1);
    expect(poolSizeFor(2)).toBe(2);
    expect(poolSizeFor(6)).toBe(6);
    expect(poolSizeFor(64)).toBe(8);
  });
});

describe('splitReplications', () => {
  it('covers every replication once, in contiguous chunks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 8 }), (total, workers) => {
        const chunks = splitReplications(total, workers);
        let next = 0;
        for (const c of chunks) {
          expect(c.first).toBe(next);
          expect(c.count).toBeGreaterThan(0);
          next += c.count;
        }
        expect(next).toBe(total);
        // About four chunks a worker, so progress moves and slow workers do not hold the run up.
        expect(chunks.length).toBeLessThanOrEqual(Math.max(1, 4 * workers));
        if (total >= 4 * workers) expect(chunks.length).toBeGreaterThanOrEqual(2 * workers);
      }),
    );
  });

  it('rejects a negative or fractional count', () => {
    expect(() => splitReplications(-1, 2)).toThrow(RangeError);
    expect(() => splitReplications(2.5, 2)).toThrow(RangeError);
  });
});

describe('WorkerPool', () => {
  it('gives the same results for any pool size as one batch of all replications', async () => {
    const oneBatch = await fakeApi().summarize(scenario(37), {}, [
      ((await fakeApi().runBatch(scenario(37), {}, 0, 37)) as { ok: true; value: RepBatch }).value,
    ]);
    for (const size of [1, 2, 3, 5, 8]) {
      const { pool } = fakePool(size);
      const result = await pool.run({ scenarioJson: scenario(37) });
      expect(result.results).toEqual((oneBatch as { ok: true; value: Results }).value);
      expect(result.replications).toBe(37);
      pool.dispose();
    }
  });

  it('spreads chunks over every worker and honours the replications option', async () => {
    const calls: { first: number; count: number }[] = [];
    const { pool, workers } = fakePool(3, { calls });
    const result = await pool.run({ scenarioJson: scenario(500), options: { replications: 60 } });
    expect(result.replications).toBe(60);
    expect(workers.length).toBe(3);
    expect(calls.reduce((n, c) => n + c.count, 0)).toBe(60);
    expect(result.chunks).toBe(splitReplications(60, 3).length);
    pool.dispose();
  });

  it('reports progress that only grows and reaches the total', async () => {
    const { pool } = fakePool(2);
    const seen: RunProgress[] = [];
    await pool.run({ scenarioJson: scenario(40), onProgress: (p) => seen.push(p) });
    const done = seen.filter((p) => p.phase === 'simulating').map((p) => p.done);
    for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThanOrEqual(done[i - 1]!);
    expect(done.at(-1)).toBe(40);
    expect(seen.at(-1)?.phase).toBe('summarizing');
    expect(seen.every((p) => p.total === 40)).toBe(true);
    pool.dispose();
  });

  it('hands progress over only after the next chunk is on its way to a worker', async () => {
    // Replications sent to workers so far, counted on the page's side as each call is made.
    let sent = 0;
    const pool = new WorkerPool(() => {
      const worker = exposeInProcess(fakeApi({ delayMs: 5 }));
      const api = worker.api;
      const counted = new Proxy(api, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (prop !== 'runBatch') return value;
          return (...args: Parameters<SimulationApi['runBatch']>) => {
            sent += args[3];
            return (value as (...a: typeof args) => unknown)(...args);
          };
        },
      });
      return { ...worker, api: counted };
    }, 2);
    const seen: { done: number; sent: number }[] = [];
    await pool.run({
      scenarioJson: scenario(60),
      provisional: { replications: 2, onResults: () => {} },
      onProgress: (p) => {
        if (p.phase === 'simulating' && p.done > 0) seen.push({ done: p.done, sent });
      },
    });
    const midway = seen.filter((p) => p.done < 60);
    expect(midway.length).toBeGreaterThan(0);
    // A report while replications remain comes after the next chunk was sent, not before it.
    for (const p of midway) expect(p.sent).toBeGreaterThan(p.done);
    expect(seen.at(-1)?.done).toBe(60);
    pool.dispose();
  });

  it('cancels through an AbortSignal, replacing the busy workers, and runs again afterwards', async () => {
    const { pool, workers } = fakePool(2, { delayMs: 200 });
    const controller = new AbortController();
    const running = pool.run({
      scenarioJson: scenario(40),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    await expect(running).rejects.toBeInstanceOf(RunCancelledError);
    expect(workers.filter((w) => w.terminated).length).toBeGreaterThanOrEqual(1);
    expect(pool.liveWorkers).toBe(2);
    const again = await pool.run({ scenarioJson: scenario(8) });
    expect(again.replications).toBe(8);
    pool.dispose();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { pool } = fakePool(1);
    await expect(pool.run({ scenarioJson: scenario(4), signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      RunCancelledError,
    );
    pool.dispose();
  });

  it('surfaces an engine error, sent as data, as a SimulationError', async () => {
    const { pool } = fakePool(2, { failOn: (first) => first > 0 });
    const error = await pool.run({ scenarioJson: scenario(20) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).message).toMatch(/bad replication/);
    expect((error as SimulationError).crashed).toBe(false);
    const broken = await pool
      .run({ scenarioJson: JSON.stringify({ broken: true, replications: 2 }) })
      .catch((e: unknown) => e);
    expect((broken as Error).message).toMatch(/programmes\[0\]/);
    pool.dispose();
  });

  it('fails the run when a worker dies, and recovers on the next run', async () => {
    const { pool, workers } = fakePool(2, { delayMs: 100 });
    const running = pool.run({
      scenarioJson: scenario(20),
      onProgress: (p) => {
        if (p.done > 0 && workers[0] && !workers[0].terminated) workers[0].crash('out of memory');
      },
    });
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).crashed).toBe(true);
    expect((error as Error).message).toMatch(/out of memory/);
    const again = await pool.run({ scenarioJson: scenario(6) });
    expect(again.replications).toBe(6);
    pool.dispose();
  });
});

describe('a scenario whose contexts do not all fit a tab (RunShape.workers)', () => {
  /** Fake workers whose prepare says `fit` workers hold the scenario; each records what it ran. */
  function restrictedPool(size: number, fit: number) {
    const ran: { worker: number; kind: 'prepare' | 'batch' }[] = [];
    let made = 0;
    const pool = new WorkerPool(() => {
      const worker = made++;
      const base = fakeApi();
      return exposeInProcess({
        ...base,
        prepare(json: ScenarioSource, o: RunOptions) {
          ran.push({ worker, kind: 'prepare' });
          const outcome = base.prepare(json, o);
          const big = JSON.stringify(json).includes('big');
          return outcome.ok && big ? { ...outcome, value: { ...outcome.value, workers: fit } } : outcome;
        },
        async runBatch(...args: Parameters<SimulationApi['runBatch']>) {
          ran.push({ worker, kind: 'batch' });
          await new Promise((r) => setTimeout(r, 2));
          return base.runBatch(...args);
        },
      });
    }, size);
    return { pool, ran };
  }
  const big = (replications: number) => JSON.stringify({ name: 'big', replications, seed: 7 });

  for (const provisional of [false, true]) {
    it(`runs it on that many workers only, with the same results${provisional ? ' (progressive)' : ''}`, async () => {
      const { pool, ran } = restrictedPool(4, 2);
      // A run of a small scenario first starts all four workers.
      await pool.run({ scenarioJson: scenario(40) });
      const before = ran.length;
      const request = provisional ? { provisional: { replications: 2, onResults: () => {} } } : {};
      const result = await pool.run({ scenarioJson: big(40), ...request });
      const ranBig = ran.slice(before);
      expect(new Set(ranBig.filter((r) => r.kind === 'batch').map((r) => r.worker))).toEqual(new Set([0, 1]));
      // The other two compile the new scenario, dropping what they kept of the one before.
      for (const w of [2, 3]) expect(ranBig.some((r) => r.worker === w && r.kind === 'prepare')).toBe(true);
      const { pool: free } = fakePool(4);
      const unrestricted = await free.run({ scenarioJson: big(40) });
      expect(result.results).toEqual(unrestricted.results);
      pool.dispose();
      free.dispose();
    });
  }
});

describe('RunChannel', () => {
  it('lets a newer run supersede an older one, and only the newer is done', async () => {
    const { pool } = fakePool(2, { delayMs: 50 });
    const channel = new RunChannel(pool);
    const first = channel.run({ scenarioJson: scenario(20, 1) });
    const second = channel.run({ scenarioJson: scenario(10, 2) });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe('superseded');
    expect(b.status).toBe('done');
    if (b.status === 'done') expect(b.results.seed).toBe('2');
    pool.dispose();
  });

  it('reports a user cancel as cancelled, and a failure as failed', async () => {
    const { pool } = fakePool(1, { delayMs: 100 });
    const channel = new RunChannel(pool);
    const running = channel.run({ scenarioJson: scenario(10) });
    expect(channel.running).toBe(true);
    setTimeout(() => channel.cancel(), 20);
    expect((await running).status).toBe('cancelled');
    expect(channel.running).toBe(false);
    const failed = await channel.run({ scenarioJson: JSON.stringify({ broken: true, replications: 1 }) });
    expect(failed.status).toBe('failed');
    pool.dispose();
  });
});

describe('progressive runs', () => {
  it('hands over the first k replications, then the full run, identical to a run in one go', async () => {
    const plain = fakePool(2);
    const whole = await plain.pool.run({ scenarioJson: scenario(57) });
    plain.pool.dispose();
    for (const size of [1, 2, 3]) {
      const { pool } = fakePool(size, { delayMs: 5 });
      const previews: Results[] = [];
      const result = await pool.run({
        scenarioJson: scenario(57),
        provisional: { replications: 6, onResults: (r) => previews.push(r) },
      });
      expect(result.results).toEqual(whole.results);
      expect(previews).toHaveLength(1);
      const values = (previews[0] as unknown as { values: number[] }).values;
      const wholeValues = (whole.results as unknown as { values: number[] }).values;
      expect(values.slice(0, 6)).toEqual(wholeValues.slice(0, 6));
      expect(values.slice(6).every((v) => Number.isNaN(v))).toBe(true);
      pool.dispose();
    }
  });

  it('sizes later chunks from the pace measured, never below one or above an equal share', () => {
    expect(nextChunkSize(10, 500, 2, 250)).toBe(25);
    expect(nextChunkSize(1000, 500, 2, 250)).toBe(1);
    expect(nextChunkSize(0.01, 500, 2, 250)).toBe(250);
    expect(nextChunkSize(10, 0, 2)).toBe(0);
  });

  it("sizes chunks from the worker's own simulating time, not a compile or queue around it", async () => {
    // Each worker says a replication takes 10 ms of simulating; the second compiles slowly, so
    // the wall clock around the first chunks is mostly that compile.
    const calls: { first: number; count: number }[] = [];
    let made = 0;
    const pool = new WorkerPool(() => {
      const id = made++;
      const base = fakeApi({ calls });
      return exposeInProcess({
        ...base,
        async prepare(json: ScenarioSource, o: RunOptions) {
          if (id === 1) await new Promise((r) => setTimeout(r, 150));
          return base.prepare(json, o);
        },
        async runBatch(...args: Parameters<SimulationApi['runBatch']>) {
          const outcome = await base.runBatch(...args);
          return outcome.ok ? { ...outcome, timing: { compileMs: 0, workMs: 10 * args[3] } } : outcome;
        },
      });
    }, 2);
    const result = await pool.run({
      scenarioJson: scenario(202),
      provisional: { replications: 2, onResults: () => {} },
    });
    expect(result.replications).toBe(202);
    const later = calls.filter((c) => c.first >= 2).sort((a, b) => a.first - b.first);
    // 250 ms at 10 ms a replication: 25 a chunk, then equal shares of the tail.
    expect(later.map((c) => c.count)).toEqual(later.map((c) => nextChunkSize(10, 202 - c.first, 2)));
    expect(later.filter((c) => c.count === 25).length).toBeGreaterThanOrEqual(6);
    expect(later.reduce((n, c) => n + c.count, 0)).toBe(200);
    pool.dispose();
  });

  it('starts simulating on the first worker to compile, not after the slowest compile', async () => {
    const events: string[] = [];
    let made = 0;
    const pool = new WorkerPool(() => {
      const id = made++;
      const base = fakeApi();
      return exposeInProcess({
        ...base,
        async prepare(json: ScenarioSource, o: RunOptions) {
          if (id === 1) await new Promise((r) => setTimeout(r, 150));
          events.push(`prepared ${id}`);
          return base.prepare(json, o);
        },
        runBatch(...args: Parameters<SimulationApi['runBatch']>) {
          events.push(`batch ${id}`);
          return base.runBatch(...args);
        },
      });
    }, 2);
    const whole = await pool.run({
      scenarioJson: scenario(20),
      provisional: { replications: 2, onResults: () => {} },
    });
    await new Promise((r) => setTimeout(r, 200)); // the slow compile ends after all
    expect(events).toContain('prepared 1');
    expect(events.indexOf('batch 0')).toBeLessThan(events.indexOf('prepared 1'));
    expect(whole.replications).toBe(20);
    pool.dispose();
  });

  it('keeps its workers when a scenario fails to load on every one (an edit run before its verdict)', async () => {
    let made = 0;
    const pool = new WorkerPool(() => {
      const id = made++;
      const base = fakeApi();
      const worker = exposeInProcess({
        ...base,
        async prepare(json: ScenarioSource, o: RunOptions) {
          if (id === 1) await new Promise((r) => setTimeout(r, 50)); // the second answers later
          return base.prepare(json, o);
        },
      });
      workers.push(worker);
      return worker;
    }, 2);
    const workers: FakeWorker[] = [];
    const broken = JSON.stringify({ broken: true, replications: 20 });
    const failed = await pool
      .run({ scenarioJson: broken, provisional: { replications: 2, onResults: () => {} } })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toMatch(/programmes\[0\]/);
    await new Promise((r) => setTimeout(r, 80));
    // Neither worker was replaced: the next run finds both (and what they compiled) as they were.
    expect(workers.filter((w) => w.terminated)).toHaveLength(0);
    expect(made).toBe(2);
    expect((await pool.run({ scenarioJson: scenario(8) })).replications).toBe(8);
    expect(made).toBe(2);
    pool.dispose();
  });

  it("sends a run's text to each worker once and names it in every later task", async () => {
    const sent: { worker: number; withText: boolean }[] = [];
    let made = 0;
    const pool = new WorkerPool(() => {
      const id = made++;
      const base = fakeApi();
      const record = (source: ScenarioSource) =>
        sent.push({ worker: id, withText: typeof source === 'string' || source.json !== undefined });
      return exposeInProcess({
        ...base,
        prepare(json: ScenarioSource, o: RunOptions) {
          record(json);
          return base.prepare(json, o);
        },
        runBatch(...args: Parameters<SimulationApi['runBatch']>) {
          record(args[0]);
          return base.runBatch(...args);
        },
        summarizeWithSamples(json: ScenarioSource, o: RunOptions, batches: RepBatch[]) {
          record(json);
          return base.summarizeWithSamples(json, o, batches);
        },
      });
    }, 2);
    const channel = new RunChannel(pool);
    const other = new RunChannel(pool);
    // Two channels' runs interleave on the same workers, each naming its own text.
    const [a, b] = await Promise.all([
      channel.run({ scenarioJson: scenario(40) }),
      other.run({ scenarioJson: scenario(24, 3) }),
    ]);
    if (a.status !== 'done' || b.status !== 'done') throw new Error('both runs should finish');
    expect(a.phases.tasks + b.phases.tasks).toBe(sent.length);
    // The text once a worker and run (both workers took some of both), a reference in every other task.
    expect(sent.filter((s) => s.withText)).toHaveLength(4);
    expect(sent.filter((s) => !s.withText).length).toBeGreaterThan(8);
    // The same numbers as runs on their own: a reference names the right text.
    expect(a.results).toEqual((await pool.run({ scenarioJson: scenario(40) })).results);
    expect(b.results).toEqual((await pool.run({ scenarioJson: scenario(24, 3) })).results);
    pool.dispose();
  });

  /** A pool of two fake workers that notes the summary options each summary is asked for. */
  function poolNotingSummaries(): { pool: WorkerPool; asked: unknown[] } {
    const asked: unknown[] = [];
    const pool = new WorkerPool(
      () => {
        const base = fakeApi();
        return exposeInProcess({
          ...base,
          summarize(json: ScenarioSource, o: RunOptions, batches: RepBatch[], summary?: unknown) {
            asked.push(summary);
            return base.summarize(json, o, batches);
          },
        });
      },
      2,
      undefined,
      null,
    ); // every run asks afresh, though the scenario is the same
    return { pool, asked };
  }

  it('asks for a provisional summary with the weekly series it is told are shown: none, all or some', async () => {
    const { pool, asked } = poolNotingSummaries();
    const shown = { region: false, establishments: ['stafford'] };
    for (const weeklySeries of [false, true, undefined, shown]) {
      await pool.run({
        scenarioJson: scenario(20),
        provisional: { replications: 2, onResults: () => {}, ...(weeklySeries === undefined ? {} : { weeklySeries }) },
      });
    }
    expect(asked).toEqual([
      { weeklySeries: false },
      { weeklySeries: true },
      { weeklySeries: true },
      { weeklySeries: shown },
    ]);
    pool.dispose();
  });

  it('asks for a provisional summary with the breakdowns it is told are shown, and all of them when not told', async () => {
    const { pool, asked } = poolNotingSummaries();
    for (const breakdowns of [undefined, [], ['stafford']]) {
      await pool.run({
        scenarioJson: scenario(20),
        provisional: {
          replications: 2,
          onResults: () => {},
          weeklySeries: false,
          ...(breakdowns ? { breakdowns } : {}),
        },
      });
    }
    expect(asked).toEqual([
      { weeklySeries: false },
      { weeklySeries: false, breakdowns: [] },
      { weeklySeries: false, breakdowns: ['stafford'] },
    ]);
    pool.dispose();
  });

  it('lets short tasks of a superseded run finish instead of replacing their workers', async () => {
    const { pool, workers } = fakePool(2, { delayMs: 30 });
    const channel = new RunChannel(pool);
    const first = channel.run({
      scenarioJson: scenario(40),
      provisional: { replications: 4, onResults: () => {} },
    });
    await new Promise((r) => setTimeout(r, 10));
    const second = await channel.run({ scenarioJson: scenario(12) });
    expect((await first).status).toBe('superseded');
    expect(second.status).toBe('done');
    expect(workers.filter((w) => w.terminated)).toHaveLength(0);
    pool.dispose();
  });
});

describe('warming the workers up', () => {
  it('warms each started worker once, only while no run is under way, and a run goes first', async () => {
    const events: string[] = [];
    const { pool } = fakePool(2, { delayMs: 10, events });
    await pool.run({ scenarioJson: scenario(8) });
    events.length = 0;
    // Asked for while a run is under way: its warm-ups wait for the run's end.
    const running = pool.run({ scenarioJson: scenario(8, 3) });
    const warmed = pool.warmUp(scenario(8), { rounds: 2, replications: 1 });
    await running;
    const ranBefore = events.length;
    expect(events.filter((e) => e.startsWith('warm'))).toEqual([]);
    // A run started as soon as the one before ends is not held up by them either.
    await pool.run({ scenarioJson: scenario(8, 5) });
    expect(events.slice(ranBefore).filter((e) => e.startsWith('warm'))).toEqual([]);
    expect(await warmed).toBe(4);
    expect(events.filter((e) => e.startsWith('warm')).sort()).toEqual(['warm 0', 'warm 0', 'warm 1', 'warm 1']);
    // Warmed workers are not warmed again.
    expect(await pool.warmUp(scenario(8), { rounds: 2, replications: 1 })).toBe(0);
    pool.dispose();
  });

  it('leaves a run that starts during a warm-up its own results, after one warm-up task at most', async () => {
    const events: string[] = [];
    const { pool } = fakePool(1, { delayMs: 20, events });
    const expected = (await pool.run({ scenarioJson: scenario(6) })).results;
    events.length = 0;
    const warmed = pool.warmUp(scenario(6), { rounds: 3, replications: 1 });
    await new Promise((r) => setTimeout(r, 5)); // the first warm-up task is under way
    const { results } = await pool.run({ scenarioJson: scenario(6) });
    expect(JSON.stringify(results)).toBe(JSON.stringify(expected));
    const firstBatch = events.indexOf('batch 0');
    expect(events.slice(0, firstBatch)).toEqual(['warm 0']);
    expect(await warmed).toBe(3);
    pool.dispose();
  });

  it('warms nothing on a pool whose workers have not started, or once disposed', async () => {
    const { pool, workers } = fakePool(2);
    expect(await pool.warmUp(scenario(4), { rounds: 2, replications: 1 })).toBe(0);
    expect(workers).toHaveLength(0);
    pool.dispose();
    expect(await pool.warmUp(scenario(4), { rounds: 2, replications: 1 })).toBe(0);
  });
});

describe('a run of a scenario run before (runMemo.ts)', () => {
  it('is answered with the earlier results, nothing sent to a worker, and says so', async () => {
    const calls: { first: number; count: number }[] = [];
    const { pool } = fakePool(2, { calls }, new RunMemo());
    const first = await pool.run({ scenarioJson: scenario(30) });
    expect(first.reused).toBeUndefined();
    const sent = calls.length;
    const seen: RunProgress[] = [];
    let provisional = 0;
    const again = await pool.run({
      scenarioJson: scenario(30),
      onProgress: (p) => seen.push(p),
      provisional: { replications: 2, onResults: () => provisional++ },
    });
    expect(calls.length).toBe(sent);
    expect(again.results).toBe(first.results);
    expect(again.samples).toBe(first.samples);
    expect(again.replications).toBe(30);
    expect(again.runId).toBeGreaterThan(first.runId);
    expect(again.reused).toEqual({ simulatedMs: first.elapsedMs });
    expect(again.phases.tasks).toBe(0);
    // The full results at once: no provisional figures to replace, no progress to show.
    expect(provisional).toBe(0);
    expect(seen).toEqual([]);
    pool.dispose();
  });

  it('is simulated again when asked for afresh (Run again), and kept for the next', async () => {
    const calls: { first: number; count: number }[] = [];
    const { pool } = fakePool(1, { calls }, new RunMemo());
    const first = await pool.run({ scenarioJson: scenario(10) });
    const fresh = await pool.run({ scenarioJson: scenario(10), fresh: true });
    expect(fresh.reused).toBeUndefined();
    expect(calls.reduce((n, c) => n + c.count, 0)).toBe(20);
    expect(fresh.results).toEqual(first.results);
    const after = await pool.run({ scenarioJson: scenario(10) });
    expect(after.results).toBe(fresh.results);
    pool.dispose();
  });

  it('is simulated again where the text or an option differs', async () => {
    const calls: { first: number; count: number }[] = [];
    const { pool } = fakePool(1, { calls }, new RunMemo());
    const base = await pool.run({ scenarioJson: scenario(10) });
    const other = [
      await pool.run({ scenarioJson: scenario(10, 8) }),
      await pool.run({ scenarioJson: scenario(10), options: { seed: 8 } }),
      await pool.run({ scenarioJson: scenario(10), options: { replications: 6 } }),
    ];
    for (const r of other) expect(r.reused).toBeUndefined();
    expect(calls.reduce((n, c) => n + c.count, 0)).toBe(10 + 10 + 10 + 6);
    // A seed set in the file or as an option gives the same numbers: the pool only knows texts.
    expect(other[0]!.results).toEqual(other[1]!.results);
    expect(other[0]!.results).not.toEqual(base.results);
    pool.dispose();
  });

  it('keeps nothing of a run that failed or was cancelled, and still honours an aborted signal', async () => {
    const memo = new RunMemo();
    const { pool } = fakePool(2, { failOn: (first) => first > 0 }, memo);
    await expect(pool.run({ scenarioJson: scenario(20) })).rejects.toBeInstanceOf(SimulationError);
    expect(memo.size).toBe(0);
    pool.dispose();

    const slow = fakePool(2, { delayMs: 200 }, memo);
    const controller = new AbortController();
    const running = slow.pool.run({
      scenarioJson: scenario(40),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) controller.abort();
      },
    });
    await expect(running).rejects.toBeInstanceOf(RunCancelledError);
    expect(memo.size).toBe(0);
    slow.pool.dispose();

    const quick = fakePool(1, {}, memo);
    await quick.pool.run({ scenarioJson: scenario(4) });
    expect(memo.size).toBe(1);
    await expect(quick.pool.run({ scenarioJson: scenario(4), signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      RunCancelledError,
    );
    quick.pool.dispose();
  });
});

describe("a run that meets its scenario's precision target", () => {
  const targeted = (replications: number, precisionTarget: number) =>
    JSON.stringify({ name: 'fake', replications, seed: 7, precisionTarget });

  /** Where the core's rule stops the fake run: its starts taken one replication at a time. */
  function expectedStop(target: number, asked: number): number | null {
    const stop = new PrecisionStop([TARGET_KEY], target, asked);
    for (let r = 0; r < asked && stop.stopAt === null; r++)
      stop.add(new Float64Array([startsOf(replicationValue('7', r))]), 1);
    return stop.stopAt;
  }

  it('ends at the checkpoint the rule gives, whatever the workers, chunks and first figures', async () => {
    const expected = expectedStop(0.07, 200);
    expect(expected).not.toBeNull();
    expect(expected! % PRECISION_CHECK_EVERY).toBe(0);
    expect(expected).toBeGreaterThan(PRECISION_CHECK_EVERY);
    const plain = fakePool(1);
    const same = await plain.pool.run({ scenarioJson: scenario(expected!) });
    plain.pool.dispose();
    for (const size of [1, 2, 3])
      for (const provisional of [0, 2, 25]) {
        const { pool } = fakePool(size, { delayMs: 2 });
        const result = await pool.run({
          scenarioJson: targeted(200, 0.07),
          ...(provisional ? { provisional: { replications: provisional, onResults: () => {} } } : {}),
        });
        expect(result.replications).toBe(expected);
        expect(result.stoppedEarly).toBeUndefined();
        expect(result.results).toEqual(same.results);
        pool.dispose();
      }
  });

  it('runs every replication where the target is never met, and is kept as the run asked for', async () => {
    const memo = new RunMemo();
    const { pool } = fakePool(2, {}, memo);
    const all = await pool.run({ scenarioJson: targeted(60, 0.001) });
    expect(all.replications).toBe(60);
    expect(all.stoppedEarly).toBeUndefined();
    const met = await pool.run({ scenarioJson: targeted(200, 0.07) });
    const again = await pool.run({ scenarioJson: targeted(200, 0.07) });
    expect(again.reused).toBeDefined();
    expect(again.replications).toBe(met.replications);
    expect(again.results).toBe(met.results);
    pool.dispose();
  });

  it('cuts a batch that runs past the checkpoint to the replications before it', () => {
    const batch = (first: number, count: number): RepBatch => ({
      firstReplication: first,
      count,
      scalars: Float64Array.from({ length: count * 2 }, (_, i) => first * 2 + i),
      series: Float32Array.from({ length: count * 3 }, (_, i) => first * 3 + i),
    });
    const cut = upTo([batch(8, 6), batch(0, 8), batch(14, 3)], 10);
    expect(cut.map((b) => [b.firstReplication, b.count])).toEqual([
      [8, 2],
      [0, 8],
    ]);
    expect(Array.from(cut[0]!.scalars)).toEqual([16, 17, 18, 19]);
    expect(Array.from(cut[0]!.series)).toEqual([24, 25, 26, 27, 28, 29]);
    expect(upTo([batch(0, 4)], null)).toHaveLength(1);
  });
});

describe('a run stopped early (RunRequest.stopEarly)', () => {
  /** A run of `scenario(40)` stopped once `stopWhen` says so, and a run of the replications it did. */
  async function stoppedAndPlain(size: number, progressive: boolean, stopWhen: (events: string[]) => boolean) {
    const events: string[] = [];
    const calls: { first: number; count: number }[] = [];
    const memo = new RunMemo();
    const { pool } = fakePool(size, { delayMs: 40, events, calls }, memo);
    const stopper = new AbortController();
    const result = await pool.run({
      scenarioJson: scenario(40),
      stopEarly: stopper.signal,
      onProgress: () => {
        if (stopWhen(events)) stopper.abort();
      },
      ...(progressive ? { provisional: { replications: 2, onResults: () => {} } } : {}),
    });
    const simulated = calls.reduce((n, c) => n + c.count, 0);
    const plain = fakePool(1);
    const same = await plain.pool.run({ scenarioJson: scenario(40), options: { replications: result.replications } });
    plain.pool.dispose();
    return { pool, memo, result, same, simulated };
  }

  for (const progressive of [false, true])
    it(`ends with the results of its first replications, a run of that many${progressive ? ' (progressive)' : ''}`, async () => {
      const { pool, result, same, simulated } = await stoppedAndPlain(2, progressive, (e) => e.length >= 1);
      expect(result.stoppedEarly).toEqual({ requested: 40 });
      expect(result.replications).toBeGreaterThanOrEqual(1);
      expect(result.replications).toBeLessThan(40);
      // Nothing simulated is left out, nor anything more started after the stop than was under way.
      expect(simulated).toBe(result.replications);
      expect(result.results).toEqual(same.results);
      expect((result.results as unknown as { replications: number }).replications).toBe(result.replications);
      pool.dispose();
    });

  it('is kept as the run of the replications it did, not of those asked for', async () => {
    const { pool, memo, result } = await stoppedAndPlain(1, true, (e) => e.length >= 1);
    expect(result.stoppedEarly).toEqual({ requested: 40 });
    expect(memo.size).toBe(1);
    const asked = await pool.run({ scenarioJson: scenario(40) });
    expect(asked.reused).toBeUndefined();
    expect(asked.replications).toBe(40);
    const done = await pool.run({ scenarioJson: scenario(40), options: { replications: result.replications } });
    expect(done.reused).toBeDefined();
    expect(done.results).toBe(result.results);
    // Shown again, it still says it was stopped early (the app's reload shows a stopped run so).
    expect(done.stoppedEarly).toEqual({ requested: 40 });
    pool.dispose();
  });

  it('runs the chunks workers are free for when told to stop before they start, and stops nothing once all are done', async () => {
    const calls: { first: number; count: number }[] = [];
    const { pool } = fakePool(2, { calls });
    const early = await pool.run({ scenarioJson: scenario(40), stopEarly: AbortSignal.abort() });
    // One chunk a worker went out as they were queued; the rest were never sent.
    const [a, b] = splitReplications(40, 2);
    expect(calls).toEqual([a, b]);
    expect(early.replications).toBe(a!.count + b!.count);
    expect(early.stoppedEarly).toEqual({ requested: 40 });
    const progressive = await pool.run({
      scenarioJson: scenario(40),
      stopEarly: AbortSignal.abort(),
      provisional: { replications: 3, onResults: () => {} },
    });
    expect(progressive.replications).toBe(3);
    const late = new AbortController();
    const whole = await pool.run({ scenarioJson: scenario(10), stopEarly: late.signal });
    late.abort();
    expect(whole.replications).toBe(10);
    expect(whole.stoppedEarly).toBeUndefined();
    pool.dispose();
  });

  it('is done through a RunChannel, which a cancel still cancels', async () => {
    const { pool } = fakePool(2, { delayMs: 40 });
    const channel = new RunChannel(pool);
    const stopped = channel.run({
      scenarioJson: scenario(40),
      onProgress: (p) => {
        if (p.done > 0) channel.stopEarly();
      },
    });
    const outcome = await stopped;
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') throw new Error('not done');
    expect(outcome.stoppedEarly).toEqual({ requested: 40 });
    channel.stopEarly(); // nothing running: nothing happens
    const cancelled = channel.run({
      scenarioJson: scenario(41),
      onProgress: (p) => {
        if (p.done > 0) channel.cancel();
      },
    });
    expect((await cancelled).status).toBe('cancelled');
    pool.dispose();
  });
});
