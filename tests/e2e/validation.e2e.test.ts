/**
 * Validation off the main thread: scenarios are checked in a dedicated worker, once per change,
 * so a hostile file or share link never freezes the page. Every page here records the main
 * thread's long tasks (PerformanceObserver 'longtask') and counts the checks posted to the
 * validation worker, from outside the app.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { type Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  browserPerFile,
  expectClean,
  fieldAt,
  gotoView,
  newPage,
  openApp,
  shownRunId,
  waitForResults,
} from './helpers.js';

/** A long task: the main thread busy for this long without a break, a frozen page to the user. */
const FROZEN_MS = 200;

// `gc` exposed, so the test's own garbage can be collected before what it measures.
const browser = browserPerFile(['--js-flags=--expose-gc']);

interface Probe {
  longTasks: { start: number; duration: number }[];
  /** Checks posted to the validation worker, and how long each took to come back. */
  checks: { sent: number; sentAt: number[]; ms: number[]; shareLinks: number[] };
}

/** Runs in the page before the app: watches long tasks and the validation worker's messages. */
function instrument(): void {
  const probe: Probe = { longTasks: [], checks: { sent: 0, sentAt: [], ms: [], shareLinks: [] } };
  (window as unknown as { __probe: Probe }).__probe = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name !== 'placewise-validation') return;
      const sentAt = new Map<string, number>();
      const post = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
      type Call = { id?: string; type?: string; path?: string[]; argumentList?: { value?: unknown }[] };
      this.postMessage = ((message: Call, transfer?: Transferable[]) => {
        // Comlink's call of `check`: { id, type: 'APPLY', path: ['check'], argumentList }.
        if (message?.type === 'APPLY' && message.path?.[0] === 'check' && message.id) {
          const input = message.argumentList?.[0]?.value;
          if (typeof input === 'object' && input !== null && 'shareLink' in input)
            probe.checks.shareLinks.push(probe.checks.sent);
          probe.checks.sent++;
          probe.checks.sentAt.push(performance.now());
          sentAt.set(message.id, performance.now());
        }
        post(message, transfer);
      }) as Worker['postMessage'];
      this.addEventListener('message', (e: MessageEvent<{ id?: string }>) => {
        const at = e.data?.id === undefined ? undefined : sentAt.get(e.data.id);
        if (at === undefined) return;
        sentAt.delete(e.data.id!);
        probe.checks.ms.push(performance.now() - at);
      });
    }
  };
}

const probe = (page: Page) => page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);

/**
 * Long tasks over FROZEN_MS that the main thread started while the worker was checking (between
 * a check posted, from the `first`-th on, and its answer). The task that posts a check began
 * before it and the one that shows the verdict begins with the answer: neither is validation,
 * and on this loaded two-core machine either can be stretched past 200 ms by other processes.
 */
async function frozenWhileChecking(page: Page, first: number) {
  const p = await probe(page);
  const windows = p.checks.sentAt.slice(first).map((at, i) => [at, at + (p.checks.ms[first + i] ?? Infinity)] as const);
  expect(windows.length).toBeGreaterThan(0);
  const frozen = p.longTasks.filter(
    (t) => t.duration > FROZEN_MS && windows.some(([from, to]) => t.start > from && t.start < to - 20),
  );
  if (frozen.length > 0) console.log('checks', JSON.stringify(windows), 'long tasks', JSON.stringify(p.longTasks));
  return frozen;
}

/** The number of verdicts the app has put on screen (data-checks). */
const verdicts = async (page: Page) => Number((await page.locator('pw-app').getAttribute('data-checks')) ?? '0');

/** Wait for a verdict newer than `after` to be on screen and painted; returns when, on the page's clock. */
async function nextVerdict(page: Page, after: number): Promise<number> {
  await page.waitForFunction((n) => Number(document.querySelector('pw-app')?.getAttribute('data-checks')) > n, after);
  return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))));
}

/**
 * Open a file as the file input would, the File made in the page first: Playwright's
 * setInputFiles decodes a large buffer on the page's main thread, a long task of its own.
 */
async function openInPage(page: Page, name: string, text: string): Promise<void> {
  const file = await page.evaluateHandle(([t, n]) => new File([t], n, { type: 'application/json' }), [text, name]);
  // The text's trip into the page leaves garbage: collected now, not in the middle of what is measured.
  await page.evaluate(() => (window as unknown as { gc: () => void }).gc());
  await page.waitForTimeout(1000);
  await page.evaluate((f) => {
    const input = document.querySelector<HTMLInputElement>('#open-file')!;
    const transfer = new DataTransfer();
    transfer.items.add(f);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, file);
}

const stafford = () =>
  JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
    [key: string]: unknown;
  };

/**
 * Stafford with `count` unknown field names of about `length` characters, at most 9,000 to an
 * object (the limit is 10,000): within every size limit, so it loads, with warnings, after as
 * much checking work as a file can ask for.
 */
function manyUnknownFields(count: number, length: number): string {
  const doc = stafford() as {
    [key: string]: unknown;
    programmes: object[];
    establishments: { programmes: object[] }[];
  };
  doc['name'] = 'Thousands of unknown fields';
  doc['replications'] = 10;
  const holders = [doc, doc.establishments[0]!, ...doc.programmes, ...doc.establishments[0]!.programmes] as Record<
    string,
    unknown
  >[];
  for (let i = 0; i < count; i++) holders[Math.floor(i / 9000)]![`${'x'.repeat(length - 6)}${i}`] = i;
  return JSON.stringify(doc);
}

describe('validation in a worker', () => {
  it('opens a file of 30,000 unknown field names and takes an edit without a long task, one check each', async () => {
    const w = await newPage(browser());
    await w.page.addInitScript(instrument);
    await openApp(w);
    const text = manyUnknownFields(30_000, 150); // 4.6 MB
    let before = await verdicts(w.page);
    const sentBefore = (await probe(w.page)).checks.sent;
    await openInPage(w.page, 'many-fields.json', text);
    await nextVerdict(w.page, before);
    await expect(w.page.locator('.scenario-name').textContent()).resolves.toBe('Thousands of unknown fields');
    // The warnings name the first 20 and count the rest; the panel lists a few, not 30,000.
    await expect(w.page.locator('pw-problems').textContent()).resolves.toContain(
      '29,980 more unknown fields are ignored',
    );
    expect(await w.page.locator('pw-problems li').count()).toBeLessThan(120);
    let p = await probe(w.page);
    expect(p.checks.sent - sentBefore).toBe(1);
    expect(await frozenWhileChecking(w.page, sentBefore)).toEqual([]);
    const openCheckMs = p.checks.ms.at(-1)!;

    // An edit: checked once, off the main thread, then run.
    await waitForResults(w.page);
    await gotoView(w.page, 'edit');
    await w.page.waitForTimeout(300); // the editor's first drawing is not what is measured
    before = await verdicts(w.page);
    const run = await shownRunId(w.page);
    const sentBeforeEdit = p.checks.sent;
    await fieldAt(w.page, 'establishments[0].programmes[0].groupsPerYear').fill('7');
    await nextVerdict(w.page, before);
    expect(await frozenWhileChecking(w.page, sentBeforeEdit)).toEqual([]);
    await waitForResults(w.page, run);
    p = await probe(w.page);
    expect(p.checks.sent - sentBeforeEdit).toBe(1);
    // For the report: what the main thread was spared (the app used to check 3 times on open, twice per edit).
    console.log(
      `many unknown fields: check in the worker ${Math.round(openCheckMs)} ms on open, ${Math.round(p.checks.ms.at(-1)!)} ms per edit`,
    );
    await expectClean(w);
  });

  it('refuses a share link with a 5 MB field name with a clear message, the page never frozen', async () => {
    const w = await newPage(browser());
    await w.page.addInitScript(instrument);
    const doc = stafford();
    doc['k'.repeat(5_000_000)] = 1;
    const payload = deflateRawSync(Buffer.from(JSON.stringify(doc)), { level: 9 }).toString('base64url');
    expect(payload.length).toBeLessThan(40_000);
    await w.page.goto(`${inject('baseUrl')}#s=${payload}`);
    await nextVerdict(w.page, 0); // the built-in scenario, opened in the link's place
    await expect(w.page.locator('.notice').textContent()).resolves.toMatch(
      /share link does not load[\s\S]*a field name of 5,000,000 characters is longer than the limit of 200/,
    );
    const p = await probe(w.page);
    expect(p.checks.sent).toBe(2); // the link's scenario, then the built-in one
    const beforeCheck = p.longTasks.filter((t) => t.start < p.checks.sentAt[0]!);
    console.log('share link: long tasks before the check', JSON.stringify(beforeCheck));
    // The link itself went to the worker, which unpacked it: 5 MB inflated and parsed there.
    expect(p.checks.shareLinks).toEqual([0]);
    expect(await frozenWhileChecking(w.page, 0)).toEqual([]);
    // Unpacked on the page, this link froze it for 1.1 s before the check began (load 11); what is
    // left before the check is the app starting, logged above, not asserted: at a load of 20 on two
    // cores it alone took 5 s.
    await waitForResults(w.page);
    await expectClean(w);
  });

  // The check is made slow inside the validation worker itself (JSON.parse there spins for a
  // minute), not by a file big enough to be slow: a real file's cost depends on the machine, and
  // the 9.3 MB file this test used to open was checked in 230 ms on a quiet machine, under the
  // 0.25 s limit it was given, so it opened and the message never came.
  it('ends a check that takes too long with a message, keeping the scenario on screen as it was', async () => {
    const w = await newPage(browser());
    await w.page.addInitScript(instrument);
    await w.page.goto(inject('baseUrl')); // the real limit, VALIDATION_TIMEOUT_MS
    await waitForResults(w.page);
    const name = await w.page.locator('.scenario-name').textContent();
    const checker = w.page.workers().find((worker) => worker.url().includes('validation'));
    expect(checker, 'the validation worker is running').toBeDefined();
    await checker!.evaluate(() => {
      const parse = JSON.parse;
      JSON.parse = ((text: string, reviver?: (key: string, value: unknown) => unknown) => {
        const until = Date.now() + 60_000;
        while (Date.now() < until); // a check that never ends in time
        return parse(text, reviver) as unknown;
      }) as typeof JSON.parse;
    });
    const doc = stafford();
    doc['name'] = 'Never opened';
    const sentBefore = (await probe(w.page)).checks.sent;
    await openInPage(w.page, 'slow.json', JSON.stringify(doc));
    await w.page.locator('.notice[data-kind="error"]').waitFor({ timeout: 40_000 });
    const shownAt = await w.page.evaluate(() => performance.now());
    await expect(w.page.locator('.notice').textContent()).resolves.toMatch(
      /“slow\.json” was not opened: the current scenario is unchanged\.[\s\S]*Checking the scenario took longer than 5 seconds, so it was stopped and the checker restarted/,
    );
    await expect(w.page.locator('.scenario-name').textContent()).resolves.toBe(name);
    const p = await probe(w.page);
    expect(p.checks.sent - sentBefore).toBe(1);
    expect(p.checks.ms.length, 'the stopped check never answered').toBe(sentBefore);
    // Stopped at the limit, not before it (the limit's timer starts just before the check is posted).
    expect(shownAt - p.checks.sentAt.at(-1)!).toBeGreaterThan(4900);
    // The checker was rebuilt: the spinning one is gone, a fresh one takes the next change.
    const before = await verdicts(w.page);
    const run = await shownRunId(w.page);
    await gotoView(w.page, 'edit');
    await fieldAt(w.page, 'establishments[0].programmes[0].groupsPerYear').fill('7');
    await nextVerdict(w.page, before);
    // Chromium reports a terminated worker's target closed when it gets to it: on a loaded machine
    // (CI with other work, load 7) more than expect.poll's default second after the verdict.
    await expect.poll(() => w.page.workers().includes(checker!), { timeout: 20_000 }).toBe(false);
    await waitForResults(w.page, run);
    await expect(w.page.locator('.scenario-name').textContent()).resolves.toBe(name);
    await expectClean(w);
  }, 240_000); // two full runs of Stafford besides the 5 s limit: minutes on a busy machine
});
