import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/index.js';
import { encodeShare, encodeShareDiff } from '../../web/share.js';
import { createValidationApi, RETURNED_TEXT_MAX_CHARS, type ValidationApi } from '../../workers/validationApi.js';
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

describe('share links in the validation worker', () => {
  const api = createValidationApi();
  const stafford = () =>
    JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;

  it('unpacks and checks both forms of link, sending back the scenario text that loads', async () => {
    const doc = stafford();
    doc['name'] = 'From a colleague';
    for (const payload of [encodeShare(doc), encodeShareDiff(doc)]) {
      const answer = await api.check({ shareLink: payload });
      expect(answer.ok).toBe(true);
      expect(answer.linkError).toBeUndefined();
      expect(answer.text).toBe(JSON.stringify(doc));
    }
  });

  it('says why a link cannot be unpacked, apart from what the loader says', async () => {
    const damaged = await api.check({ shareLink: encodeShare(stafford()).slice(0, 300) });
    expect(damaged.linkError).toMatch(/damaged or cut short/);
    // 30 MB of spaces: tens of kilobytes deflated, refused once 10 million characters are out.
    const bomb = deflateRawSync(Buffer.alloc(30_000_000, 32), { level: 9 }).toString('base64url');
    const started = performance.now();
    const tooLarge = await api.check({ shareLink: bomb });
    expect(tooLarge.linkError).toMatch(/too large: it unpacks to more than 10 million characters/);
    expect(tooLarge.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(10_000); // loose: the machine may be busy
  }, 60_000);

  it('keeps a large scenario that does not load in the worker: only its errors cross over', async () => {
    const doc = stafford();
    doc['k'.repeat(5_000_000)] = 1;
    const answer = await api.check({ shareLink: encodeShare(doc) });
    expect(answer.linkError).toBeUndefined();
    if (answer.ok) throw new Error('expected errors');
    expect(answer.errors.map((e) => e.message).join('\n')).toMatch(
      /a field name of 5,000,000 characters is longer than the limit of 200/,
    );
    expect(answer.text).toBeUndefined();
    // A small one that does not load comes back, so the page can label its errors by field.
    const small = stafford();
    small['replications'] = -3;
    const smallAnswer = await api.check({ shareLink: encodeShare(small) });
    expect(smallAnswer.ok).toBe(false);
    expect(smallAnswer.text!.length).toBeLessThan(RETURNED_TEXT_MAX_CHARS);
  }, 60_000);
});
