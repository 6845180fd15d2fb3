/**
 * The real simulation API (the worker's code) behind the pool, over in-process MessageChannels:
 * the results of any split across workers are those of `runScenario` with the same seed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type ReplicationSamples } from '../../src/index.js';
import { createSimulationApi, UNKNOWN_SCENARIO } from '../../workers/api.js';
import { SimulationError, WorkerPool } from '../../workers/pool.js';
import { RunChannel } from '../../workers/runChannel.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { exposeInProcess } from './fakeWorker.js';

const doc = { ...minimalScenario(), replications: 13, seed: 'pool-split' };
const json = JSON.stringify(doc);

function loaded() {
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

describe('simulation API behind the pool', () => {
  it('gives the same results as runScenario for 1, 2 and 3 workers', async () => {
    const expected = JSON.stringify(runScenario(loaded()));
    for (const size of [1, 2, 3]) {
      const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), size);
      const { results, chunks } = await pool.run({ scenarioJson: json });
      expect(chunks).toBeGreaterThanOrEqual(Math.min(13, size));
      expect(JSON.stringify(results)).toBe(expected);
      pool.dispose();
    }
  }, 60_000);

  it('gives runScenario’s results for the default scenario (HMP Stafford) split over workers', async () => {
    const text = readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8');
    const r = loadScenario(JSON.parse(text));
    if (!r.ok) throw new Error('stafford-2014.json does not load');
    const options = { replications: 9 };
    const expected = JSON.stringify(runScenario(r.scenario, options));
    const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 4);
    const { results, chunks } = await pool.run({ scenarioJson: text, options });
    expect(chunks).toBe(9);
    expect(JSON.stringify(results)).toBe(expected);
    pool.dispose();
  }, 120_000);

  it('honours run options (replications, seed) like runScenario', async () => {
    const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 2);
    const { results } = await pool.run({ scenarioJson: json, options: { replications: 5, seed: 7 } });
    expect(JSON.stringify(results)).toBe(JSON.stringify(runScenario(loaded(), { replications: 5, seed: 7 })));
    pool.dispose();
  }, 60_000);

  it('returns a scenario that does not load as an error naming the field, not a hang', async () => {
    const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 2);
    const bad = { ...doc, programmes: [{ ...doc.programmes[0]!, groupSize: -1 }] };
    const channel = new RunChannel(pool);
    const outcome = await channel.run({ scenarioJson: JSON.stringify(bad) });
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') {
      expect(outcome.error).toBeInstanceOf(SimulationError);
      expect(outcome.error.message).toMatch(/programmes\[0\]\.groupSize/);
    }
    pool.dispose();
  }, 60_000);

  it('compiles a scenario once per worker and again after an edit', () => {
    const api = createSimulationApi();
    const first = api.prepare(json, {});
    const again = api.prepare(json, {});
    expect(first.ok && again.ok && again.value).toEqual(first.ok && first.value);
    // Compiled the first time, reused the second.
    expect(first.ok && first.timing?.compileMs).toBeGreaterThan(0);
    expect(again.ok && again.timing?.compileMs).toBe(0);
    expect(first.ok && first.value.replications).toBe(13);
    const edited = api.prepare(JSON.stringify({ ...doc, replications: 4 }), {});
    expect(edited.ok && edited.value.replications).toBe(4);
  });

  it('warms up without changing a replication or dropping the compiled scenario kept', () => {
    const api = createSimulationApi();
    const before = api.runBatch(json, {}, 0, 3);
    const warmed = api.warm(json, {}, 2);
    expect(warmed).toMatchObject({ ok: true, value: null });
    expect(warmed.ok && warmed.timing?.workMs).toBeGreaterThan(0);
    // The compiled scenario kept is still the one used: nothing compiled again.
    const after = api.runBatch(json, {}, 0, 3);
    expect(after.ok && after.timing?.compileMs).toBe(0);
    const fresh = createSimulationApi().runBatch(json, {}, 0, 3);
    const bytes = (o: typeof before) => (o.ok ? [...new Uint8Array(o.value.scalars.buffer)].join() : 'failed');
    expect(bytes(after)).toBe(bytes(before));
    expect(bytes(after)).toBe(bytes(fresh));
    // A scenario that does not load is reported, as every call does.
    const bad = api.warm(JSON.stringify({ ...doc, replications: -1 }), {}, 2);
    expect(bad.ok).toBe(false);
  });

  it('keeps a text sent once under its reference, and says so when a reference names none', () => {
    const api = createSimulationApi();
    const sent = api.prepare({ ref: 'run-1', json }, {});
    const named = api.prepare({ ref: 'run-1' }, {});
    expect(sent.ok && named.ok && named.value).toEqual(sent.ok && sent.value);
    expect(named.ok && named.timing?.compileMs).toBe(0);
    const unknown = api.prepare({ ref: 'run-2' }, {});
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error).toMatchObject({
      name: UNKNOWN_SCENARIO,
      message: expect.stringMatching(/run-2/),
    });
  });
});

describe('progressive results through the real API', () => {
  it('previews exactly the first k replications and ends with runScenario’s full results', async () => {
    const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 2);
    const previews: unknown[] = [];
    const { results } = await pool.run({
      scenarioJson: json,
      provisional: { replications: 4, onResults: (r) => previews.push(r) },
    });
    expect(JSON.stringify(results)).toBe(JSON.stringify(runScenario(loaded())));
    expect(previews).toHaveLength(1);
    expect(JSON.stringify(previews[0])).toBe(JSON.stringify(runScenario(loaded(), { replications: 4 })));
    pool.dispose();
  }, 60_000);
});

describe('the samples of the replications done so far (RunProgress.samples)', () => {
  for (const progressive of [false, true])
    it(`are in each report those of a run of that many, growing to the run's own${progressive ? ' (progressive)' : ''}`, async () => {
      const pool = new WorkerPool(() => exposeInProcess(createSimulationApi()), 3);
      const seen: ReplicationSamples[] = [];
      const run = await pool.run({
        scenarioJson: json,
        onProgress: (p) => {
          if (p.samples && p.samples !== seen.at(-1)) seen.push(p.samples);
        },
        ...(progressive ? { provisional: { replications: 3, onResults: () => {} } } : {}),
      });
      expect(seen.length).toBeGreaterThan(1);
      const counts = seen.map((s) => s.replications);
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1]!);
      // The last report before the summary holds every replication: the run's own samples.
      expect(seen.at(-1)!.keys).toEqual(run.samples.keys);
      expect(Array.from(seen.at(-1)!.values)).toEqual(Array.from(run.samples.values));
      // Each earlier one is a prefix: the samples of a run of that many replications.
      const R = run.samples.replications;
      for (const s of seen) {
        expect(s.seed).toBe(run.samples.seed);
        for (let k = 0; k < s.keys.length; k++)
          expect(Array.from(s.values.subarray(k * s.replications, (k + 1) * s.replications))).toEqual(
            Array.from(run.samples.values.subarray(k * R, k * R + s.replications)),
          );
      }
      pool.dispose();
    }, 60_000);
});
