/**
 * Sizing a programme through the worker API and the pool, over in-process MessageChannels: the
 * same answer as `sizeProgramme` called directly, errors as data, and a cancel that frees the worker.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, sizeProgramme, type SizingRequest } from '../../src/index.js';
import { createSimulationApi, type SimulationApi } from '../../workers/api.js';
import { RunCancelledError, SimulationError, WorkerPool } from '../../workers/pool.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { exposeInProcess, type FakeWorker } from './fakeWorker.js';

const doc = { ...minimalScenario(), replications: 6, seed: 'sizing-worker' };
const json = JSON.stringify(doc);
const request: SizingRequest = {
  establishment: 'stafford',
  programme: 'C-SOTP',
  targetUnmetPerYear: 20,
  maxGroupsPerYear: 30,
};
const options = { replications: 4 };

function loaded() {
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

/** The real API, but a sizing's parts wait first, so a cancel lands while the workers are busy with them. */
function slowSizingApi(delayMs: number): SimulationApi {
  const real = createSimulationApi();
  const wait = () => new Promise((r) => setTimeout(r, delayMs));
  return {
    ...real,
    sizeSearch: async (...args: Parameters<SimulationApi['sizeSearch']>) => {
      await wait();
      return real.sizeSearch(...args);
    },
    sizeListAtStart: async (...args: Parameters<SimulationApi['sizeListAtStart']>) => {
      await wait();
      return real.sizeListAtStart(...args);
    },
  } as unknown as SimulationApi;
}

describe('sizing in a worker', () => {
  it('gives the same answer through the API as sizeProgramme called directly', () => {
    const expected = sizeProgramme(loaded(), request, options);
    expect(expected.steps.length).toBeGreaterThan(1);
    expect(expected.answer).not.toBeNull();
    const outcome = createSimulationApi().size(json, options, request);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(JSON.stringify(outcome.value)).toBe(JSON.stringify(expected));
  }, 60_000);

  it('gives the same answer through the pool, its search and list at the start on two workers, with a run id', async () => {
    const expected = JSON.stringify(sizeProgramme(loaded(), request, options));
    const workers: FakeWorker[] = [];
    const pool = new WorkerPool(() => {
      const w = exposeInProcess(createSimulationApi());
      workers.push(w);
      return w;
    }, 3);
    const progress: number[] = [];
    const first = await pool.sizeProgramme({
      scenarioJson: json,
      options,
      sizing: request,
      onProgress: (p) => progress.push(p.replications),
    });
    expect(JSON.stringify(first.sizing)).toBe(expected);
    expect(workers.length).toBe(2);
    // The worker says how far the search has gone (at most every 100 ms: at least the first time).
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toBeGreaterThan(0);
    // On one worker the two parts run one after the other, to the same answer.
    const single = new WorkerPool(() => exposeInProcess(createSimulationApi()), 1);
    expect(JSON.stringify((await single.sizeProgramme({ scenarioJson: json, options, sizing: request })).sizing)).toBe(
      expected,
    );
    single.dispose();
    const second = await pool.sizeProgramme({ scenarioJson: json, options, sizing: request });
    expect(second.runId).toBeGreaterThan(first.runId);
    expect(second.elapsedMs).toBeGreaterThanOrEqual(0);
    pool.dispose();
  }, 60_000);

  it('returns errors as data: a bad request or scenario rejects with a SimulationError that says why', async () => {
    const api = createSimulationApi();
    const unknown = api.size(json, options, { ...request, programme: 'NOPE' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toMatch(/unknown programme "NOPE"/);
    const negative = api.size(json, options, { ...request, targetUnmetPerYear: -1 });
    expect(!negative.ok && negative.error.message).toMatch(/target/);
    const fractional = api.size(json, options, { ...request, maxGroupsPerYear: 2.5 });
    expect(!fractional.ok && fractional.error.message).toMatch(/maximum groups/);
    const notBoolean = api.size(json, options, { ...request, everyLevelInFull: 'yes' as unknown as boolean });
    expect(!notBoolean.ok && notBoolean.error.message).toMatch(/Every level in full must be true or false, got yes/);

    const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 1);
    const bad = { ...doc, programmes: [{ ...doc.programmes[0]!, groupSize: -1 }, ...doc.programmes.slice(1)] };
    const error = await pool
      .sizeProgramme({ scenarioJson: JSON.stringify(bad), options, sizing: request })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/programmes\[0\]\.groupSize/);
    pool.dispose();
  }, 60_000);

  it('cancels through an AbortSignal, replacing the busy workers, while a run on another worker goes on', async () => {
    const workers: FakeWorker[] = [];
    const pool = new WorkerPool(() => {
      const w = exposeInProcess(slowSizingApi(60_000));
      workers.push(w);
      return w;
    }, 3);
    const controller = new AbortController();
    const sizing = pool.sizeProgramme({ scenarioJson: json, options, sizing: request, signal: controller.signal });
    const run = pool.run({ scenarioJson: json, options: { replications: 3 } });
    setTimeout(() => controller.abort(), 50);
    await expect(sizing).rejects.toBeInstanceOf(RunCancelledError);
    expect((await run).replications).toBe(3);
    expect(workers.filter((w) => w.terminated).length).toBe(2);
    expect(pool.liveWorkers).toBe(3);
    pool.dispose();
  }, 60_000);

  it('rejects at once when the signal is already aborted, and sizes again afterwards', async () => {
    const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 1);
    await expect(
      pool.sizeProgramme({ scenarioJson: json, options, sizing: request, signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(RunCancelledError);
    const again = await pool.sizeProgramme({ scenarioJson: json, options, sizing: request });
    expect(again.sizing.answer?.sustainedUnmetPerYear.mean ?? Infinity).toBeLessThanOrEqual(request.targetUnmetPerYear);
    pool.dispose();
  }, 60_000);
});
