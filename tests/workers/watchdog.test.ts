import { describe, expect, it } from 'vitest';
import type { RepBatch, Results, RunOptions, SizingSearch } from '../../src/index.js';
import { ScenarioTexts, type Outcome, type ScenarioSource, type SimulationApi } from '../../workers/api.js';
import { SimulationError, WorkerPool } from '../../workers/pool.js';
import { Watchdog } from '../../workers/watchdog.js';
import { exposeInProcess, type FakeWorker } from './fakeWorker.js';

/**
 * A worker that answers `prepare`, then falls silent on every batch (and on every warm-up, while
 * `warmSilent`): no progress, no error.
 */
function api(silent: () => boolean, batchMs = 5, warmSilent: () => boolean = () => false): SimulationApi {
  const texts = new ScenarioTexts();
  const shape = (json: ScenarioSource, o: RunOptions) => {
    const s = JSON.parse(texts.textOf(json)) as { replications: number };
    return { replications: o.replications ?? s.replications, seed: '1', weeks: 1 };
  };
  return {
    prepare: (json: ScenarioSource, o: RunOptions): Outcome<ReturnType<typeof shape>> => ({
      ok: true,
      value: shape(json, o),
    }),
    async runBatch(_json: ScenarioSource, _o: RunOptions, first: number, count: number) {
      if (silent()) await new Promise(() => {}); // never answers
      await new Promise((r) => setTimeout(r, batchMs));
      const batch: RepBatch = {
        firstReplication: first,
        count,
        scalars: new Float64Array(count),
        series: new Float32Array(count),
      };
      return { ok: true, value: batch };
    },
    summarize: () => ({ ok: true, value: { scenario: 'fake' } as unknown as Results }),
    summarizeWithSamples: () => ({
      ok: true,
      value: { results: { scenario: 'fake' } as unknown as Results, samples: { values: new Float64Array(0) } },
    }),
    async warm() {
      if (warmSilent()) await new Promise(() => {}); // never answers
      return { ok: true, value: null };
    },
    // A sizing's search is one long call with no progress; its list at the start another.
    async sizeSearch() {
      await new Promise((r) => setTimeout(r, 600));
      return { ok: true, value: fakeSearch };
    },
    async sizeListAtStart() {
      await new Promise((r) => setTimeout(r, 600));
      return { ok: true, value: { mean: 3, p5: 1, p50: 3, p95: 5 } };
    },
  } as unknown as SimulationApi;
}

const json = (replications: number) => JSON.stringify({ replications });

const fakeSearch: SizingSearch = {
  establishment: 'e',
  programme: 'p',
  targetUnmetPerYear: 0,
  answer: null,
  steps: [],
  maxGroupsPerYear: 52,
  targetReasons: [],
  groupSize: 10,
  durationWeeks: 10,
  currentGroupsPerYear: 0,
  unit: 'groups',
  searchLimit: null,
};

describe('the worker watchdog', () => {
  it('ends a run whose workers fall silent, with a clear message, and rebuilds the pool', async () => {
    const workers: FakeWorker[] = [];
    let silent = true;
    const pool = new WorkerPool(
      () => {
        const w = exposeInProcess(api(() => silent));
        workers.push(w);
        return w;
      },
      2,
      300,
    );
    const started = performance.now();
    const error = await pool.run({ scenarioJson: json(8) }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/^The simulation workers stopped responding \(nothing for 0 seconds\)/);
    expect(workers.filter((w) => w.terminated).length).toBeGreaterThan(0);
    silent = false;
    const again = await pool.run({ scenarioJson: json(8) });
    expect(again.replications).toBe(8);
    pool.dispose();
  });

  it('ends a run held up by warm-ups whose workers fell silent, and rebuilds those workers', async () => {
    // A warm-up (pool.warmUp) is watched by nobody; a run waiting behind one whose worker has gone
    // waited for ever, with no message (hostile e2e, under load: workers ended mid warm-up).
    const workers: FakeWorker[] = [];
    let warmSilent = false;
    const pool = new WorkerPool(
      () => {
        const w = exposeInProcess(
          api(
            () => false,
            5,
            () => warmSilent,
          ),
        );
        workers.push(w);
        return w;
      },
      2,
      300,
      null, // the run after the warm-ups is the same scenario: it must reach the workers
    );
    await pool.run({ scenarioJson: json(8) });
    warmSilent = true;
    void pool.warmUp(json(8), { rounds: 1, replications: 1 });
    await new Promise((r) => setTimeout(r, 20)); // each worker now holds a warm-up that never ends
    const error = await pool.run({ scenarioJson: json(8) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/^The simulation workers stopped responding/);
    expect(workers.filter((w) => w.terminated)).toHaveLength(2);
    warmSilent = false;
    const again = await pool.run({ scenarioJson: json(8) });
    expect(again.replications).toBe(8);
    pool.dispose();
  });

  it('leaves a run alone while its workers keep answering, however long it takes in all', async () => {
    const pool = new WorkerPool(() => exposeInProcess(api(() => false, 150)), 1, 400);
    const result = await pool.run({ scenarioJson: json(12) }); // 4 chunks x 150 ms > 400 ms
    expect(result.replications).toBe(12);
    pool.dispose();
  });

  it('does not watch sizing, one long call with no progress', async () => {
    const pool = new WorkerPool(() => exposeInProcess(api(() => false)), 1, 200);
    const sized = await pool.sizeProgramme({
      scenarioJson: json(2),
      sizing: { establishment: 'e', programme: 'p', targetUnmetPerYear: 0 },
    });
    expect(sized.sizing.answer).toBeNull();
    expect(sized.sizing.clearing).toMatchObject({ places: 3, groups: 1 });
    pool.dispose();
  });

  it('restarts its wait on every sign of life and fires once after silence', async () => {
    let fired = 0;
    const dog = new Watchdog(100, () => fired++);
    dog.heard();
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 60));
      dog.heard();
    }
    expect(fired).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).toBe(1);
    dog.stop();
  });
});
