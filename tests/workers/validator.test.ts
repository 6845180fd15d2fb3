import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/index.js';
import { createValidationApi, type ValidationApi } from '../../workers/validationApi.js';
import { Validator } from '../../workers/validator.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { inProcessValidator, validationWorker, type FakeValidationWorker } from './fakeValidator.js';

const good = () => JSON.stringify(minimalScenario());
const bad = () => {
  const doc = minimalScenario() as { replications: number };
  doc.replications = -3;
  return JSON.stringify(doc);
};

/** The real API, each check answering only when the test releases it (or never). */
function heldApi() {
  const real = createValidationApi();
  const held: { text: string; release: () => void }[] = [];
  const api = {
    ready: () => true,
    check(text: string): Promise<LoadResult> {
      return new Promise((resolve) => held.push({ text, release: () => resolve(real.check(text)) }));
    },
  } as unknown as ValidationApi;
  return { api, held };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

/** Wait (polling) until `condition` holds: messages cross a MessageChannel in their own time. */
async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 5000) throw new Error('timed out waiting');
    await tick();
  }
}

describe('the validation worker', () => {
  it("answers with the loader's verdict: a scenario that loads, and one naming the field at fault", async () => {
    const validator = inProcessValidator();
    const ok = await validator.check(good());
    expect(ok.status === 'checked' && ok.verdict.ok).toBe(true);
    const notOk = await validator.check(bad());
    expect(notOk.status).toBe('checked');
    if (notOk.status !== 'checked' || notOk.verdict.ok) throw new Error('expected errors');
    expect(notOk.verdict.errors.map((e) => e.path)).toContain('replications');
    expect(validator.sent).toBe(2);
    validator.dispose();
  });

  it('sends one check per change: a request waiting behind a busy worker is replaced, a stale answer dropped', async () => {
    const { api, held } = heldApi();
    const validator = new Validator(() => validationWorker(api));
    const first = validator.check(bad(), { channel: 'doc' });
    await until(() => held.length === 1);
    const second = validator.check(bad(), { channel: 'doc' });
    const third = validator.check(good(), { channel: 'doc' });
    // Another channel is never superseded by this one.
    const other = validator.check(good(), { channel: 'baseline' });
    await expect(second).resolves.toEqual({ status: 'superseded' });
    expect(held).toHaveLength(1); // only the first has reached the worker
    held[0]!.release();
    await expect(first).resolves.toEqual({ status: 'superseded' }); // overtaken while in flight
    await until(() => held.length === 2);
    held[1]!.release();
    const latest = await third;
    expect(latest.status === 'checked' && latest.verdict.ok).toBe(true);
    await until(() => held.length === 3);
    held[2]!.release();
    expect((await other).status).toBe('checked');
    expect(validator.sent).toBe(3);
    validator.dispose();
  });

  it('ends a check that runs past the limit with a clear message, and starts a fresh worker', async () => {
    const workers: FakeValidationWorker[] = [];
    let hang = true;
    const validator = new Validator(() => {
      const real = createValidationApi();
      const api = {
        ready: () => true,
        check: (text: string) => (hang ? new Promise<never>(() => {}) : real.check(text)),
      } as unknown as ValidationApi;
      const w = validationWorker(api);
      workers.push(w);
      return w;
    }, 200);
    const started = performance.now();
    const outcome = await validator.check(good(), { channel: 'doc' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(outcome.status).toBe('stopped');
    expect(outcome.status === 'stopped' && outcome.message).toMatch(
      /^Checking the scenario took longer than 0\.2 seconds, so it was stopped and the checker restarted/,
    );
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(true);
    hang = false;
    const next = await validator.check(good(), { channel: 'doc' });
    expect(next.status === 'checked' && next.verdict.ok).toBe(true);
    expect(workers).toHaveLength(2);
    validator.dispose();
  });

  it('tells the caller when the worker dies mid-check, and recovers', async () => {
    const { api } = heldApi();
    const workers: FakeValidationWorker[] = [];
    let first = true;
    const validator = new Validator(() => {
      const w = first ? validationWorker(api) : validationWorker();
      first = false;
      workers.push(w);
      return w;
    });
    const pending = validator.check(good());
    await until(() => validator.sent === 1);
    workers[0]!.crash('out of memory');
    const outcome = await pending;
    expect(outcome.status === 'stopped' && outcome.message).toMatch(/checker stopped \(out of memory\)/);
    const next = await validator.check(good());
    expect(next.status === 'checked' && next.verdict.ok).toBe(true);
    validator.dispose();
  });
});
