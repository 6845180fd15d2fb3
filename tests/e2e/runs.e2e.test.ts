import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openScenarioFile,
  programmeMean,
  shownRunId,
  startLongRun,
  status,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

describe('runs', () => {
  it('shows progress on a long run, cancels it, keeps the last results, and runs again', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const run = await editAndRun(page, 'replications', '20');
    const unmet = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');
    await gotoView(page, 'edit');
    await fieldAt(page, 'replications').fill('20000'); // long, and within a tab's memory budget
    // Progress moves while the page stays responsive.
    await page.waitForFunction(() => {
      const p = document.querySelector<HTMLProgressElement>('pw-run-status progress');
      return p !== null && p.value > 0;
    });
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    expect(Date.now() - t0).toBeLessThan(1000);
    await page.click('pw-run-status button:has-text("Cancel")');
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'cancelled',
    );
    await expect(status(page).textContent()).resolves.toMatch(/cancelled/i);
    expect(await shownRunId(page)).toBe(run);
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    // Run again, smaller.
    await editAndRun(page, 'replications', '10');
    await expect(status(page).textContent()).resolves.toMatch(/10 replications/);
    await expectClean(w);
  });

  it('stops a long run where it is, with full results of the replications done: those of a run of that many', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await startLongRun(page);
    // Named in full for a screen reader ("Stop" alone on a phone's strip).
    const stop = page.getByRole('button', { name: 'Stop here, with full results of the replications done' });
    await stop.waitFor({ timeout: 60_000 });
    // How precisely the means of the replications done so far are known, to judge where to stop.
    const soFar = page.locator('pw-run-status [data-running-precision]');
    await soFar.waitFor({ timeout: 60_000 });
    const soFarText = ((await soFar.textContent()) ?? '').trim();
    const reading = /^The means so far are within ±([\d.]+)% \(95% confidence, first ([\d,]+) replications\)\.$/.exec(
      soFarText,
    );
    expect(reading, soFarText).not.toBeNull();
    expect(Number(reading![1])).toBeGreaterThan(0);
    expect(Number(reading![2]!.replace(/,/g, ''))).toBeGreaterThanOrEqual(2);
    // What the strip says and where focus goes while it stops, however briefly (a few hundred ms).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      document.addEventListener('focusin', (e) => seen.push(`focus ${(e.target as HTMLElement).textContent?.trim()}`));
      new MutationObserver(() => {
        const label = document.querySelector('pw-run-status label')?.textContent ?? '';
        if (label.includes('Stopping')) seen.push('stopping');
      }).observe(document.querySelector('pw-run-status')!, { subtree: true, childList: true, characterData: true });
    });
    await stop.focus();
    await page.keyboard.press('Enter');
    await waitForResults(page, before);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).toContain('stopping');
    // The button goes once the run is stopping: focus moves on to Cancel, not to the page.
    expect(seen).toContain('focus Cancel');
    const text = (await status(page).textContent()) ?? '';
    const done =
      /Results: ([\d,]+) of the 20,000 replications asked for \(stopped early\), seed \d+, [\d.]+ m?s on \d workers?\. A run of this scenario with \1 replications gives these same figures\./.exec(
        text,
      );
    expect(done, text).not.toBeNull();
    const m = Number(done![1]!.replace(/,/g, ''));
    expect(m).toBeGreaterThanOrEqual(1);
    expect(m).toBeLessThan(20_000);
    expect(await page.locator('pw-app').getAttribute('data-run-replications')).toBe(String(m));
    const figures = await Promise.all(
      ['unmetNeed', 'starts', 'completions'].map((f) => programmeMean(page, 'stafford', 'tsp', f)),
    );
    // How far those m replications' means may be from the long run's, for the planner to judge.
    await expect(page.locator('pw-programme-table caption').first().textContent()).resolves.toMatch(
      /Monte Carlo error \(95% confidence\): every mean of 5 or more here is within ±[\d.]+% of where endless replications would put it/,
    );
    // Kept for the next visit as the run of m: a reload shows it, where this large file would
    // otherwise wait to be asked to run.
    await expect
      .poll(() => lastRun(page, 'key'), { timeout: 10_000 })
      .toMatch(new RegExp(`^\\[\\["replications",${m}\\]\\]\\n`));
    await page.reload();
    await waitForResults(page);
    await expect(status(page).textContent()).resolves.toMatch(
      new RegExp(
        `Results: ${m.toLocaleString('en-GB')} of the 20,000 replications asked for \\(stopped early\\), seed \\d+, kept in this browser on .+ from that run \\(it took [\\d.]+ m?s\\), so shown without simulating\\.`,
      ),
    );
    expect(
      await Promise.all(['unmetNeed', 'starts', 'completions'].map((f) => programmeMean(page, 'stafford', 'tsp', f))),
    ).toEqual(figures);
    // A kept record whose stoppedEarly is damaged is not used: the large file waits to be asked.
    await lastRun(page, 'stoppedEarly', 'damaged');
    await page.reload();
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'confirm',
    );
    // The file asked for 20,000: a run of it with m gives the same figures (simulated afresh: another text).
    await editAndRun(page, 'replications', String(m));
    await expect(status(page).textContent()).resolves.toMatch(
      new RegExp(`Results: ${m.toLocaleString('en-GB')} replications, seed \\d+, [\\d.]+ m?s on`),
    );
    expect(
      await Promise.all(['unmetNeed', 'starts', 'completions'].map((f) => programmeMean(page, 'stafford', 'tsp', f))),
    ).toEqual(figures);
    await expectClean(w);
  });

  it('ends a run at the precision the file asks for, the same replications and figures as a run of that many', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '3000');
    const before = await shownRunId(page);
    await gotoView(page, 'edit');
    // A percentage over 50 is refused at the field, by its label, and nothing runs.
    await fieldAt(page, 'precisionTarget').fill('60');
    const error = page.locator('.field[data-path="precisionTarget"] .field-error');
    await expect(error.textContent()).resolves.toMatch(/must be 50% or less/);
    await fieldAt(page, 'precisionTarget').fill('3.5');
    // The error goes with the verdict on the new value, from the validation worker: not at once.
    await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(0);
    const soFar = page.locator('pw-run-status [data-running-precision]');
    // While it runs, the strip says where it will end, and that the replications asked are the most.
    await page.waitForFunction(
      () =>
        /The run ends once they are within ±3\.5% \(checked every 10\)\./.test(
          document.querySelector('pw-run-status [data-running-precision]')?.textContent ?? '',
        ) &&
        /^Running [\d,]+ of at most 3,000 replications$/.test(
          document.querySelector('pw-run-status label[for="run-progress"] .long')?.textContent ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    );
    expect(await soFar.count()).toBe(1);
    await waitForResults(page, before);
    const text = (await status(page).textContent()) ?? '';
    const done = /Results: ([\d,]+) replications, seed \d+, [\d.]+ m?s on \d workers?\./.exec(text);
    expect(done, text).not.toBeNull();
    const n = Number(done![1]!.replace(/,/g, ''));
    const outcome = ((await page.locator('pw-run-status [data-precision-outcome]').textContent()) ?? '').trim();
    const reached = new RegExp(
      `^Stopped at ${done![1]} of the 3,000 replications asked for: the means are within ±([\\d.]+)% \\(target ±3\\.5%, checked every 10 replications\\)\\.$`,
    ).exec(outcome);
    expect(reached, outcome).not.toBeNull();
    expect(n % 10).toBe(0);
    expect(n).toBeLessThan(3000);
    expect(Number(reached![1])).toBeLessThanOrEqual(3.5);
    expect(await page.locator('pw-app').getAttribute('data-run-replications')).toBe(String(n));
    const figures = await Promise.all(
      ['unmetNeed', 'starts', 'completions'].map((f) => programmeMean(page, 'stafford', 'tsp', f)),
    );
    // The same file with no target and n replications: the same figures, simulated afresh.
    await gotoView(page, 'edit');
    await fieldAt(page, 'precisionTarget').fill('');
    await editAndRun(page, 'replications', String(n));
    await expect(status(page).textContent()).resolves.toMatch(
      new RegExp(`Results: ${n.toLocaleString('en-GB')} replications, seed \\d+, [\\d.]+ m?s on`),
    );
    expect(await page.locator('pw-run-status [data-precision-outcome]').count()).toBe(0);
    expect(
      await Promise.all(['unmetNeed', 'starts', 'completions'].map((f) => programmeMean(page, 'stafford', 'tsp', f))),
    ).toEqual(figures);
    await expectClean(w);
  });

  it("ends a run when every establishment's means are within the target, where the file asks for them", async () => {
    const doc = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
      replications: number;
      precisionTarget?: number;
      establishments: Record<string, unknown>[];
    };
    doc.establishments.push({ ...doc.establishments[0]!, id: 'stafford-b', name: 'HMP Stafford (copy)' });
    doc.replications = 2000;
    doc.precisionTarget = 0.05;
    const w = await newAppPage(browser());
    const { page } = w;
    await openScenarioFile(page, 'two-staffords.json', JSON.stringify(doc));
    await page.waitForFunction(() =>
      ['running', 'confirm', 'done'].includes(
        document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') ?? '',
      ),
    );
    if ((await page.locator('pw-run-status .run-status').getAttribute('data-phase')) === 'confirm')
      await page.click('pw-run-status button:has-text("Run it now")');
    const regionRun = await waitForResults(page);
    const stoppedAt = async () => {
      const outcome = ((await page.locator('pw-run-status [data-precision-outcome]').textContent()) ?? '').trim();
      const m =
        /^Stopped at ([\d,]+) of the 2,000 replications asked for: (.+?) are within ±([\d.]+)% \(target ±5\.0%, checked every 10 replications\)\.$/.exec(
          outcome,
        );
      expect(m, outcome).not.toBeNull();
      expect(Number(m![3])).toBeLessThanOrEqual(5);
      return { n: Number(m![1]!.replace(/,/g, '')), whose: m![2] };
    };
    const region = await stoppedAt();
    expect(region.whose).toBe("the region's means");
    // Asked of each prison's means instead: the strip reads the widest of them while it runs (no one
    // prison's Results on screen), and the run goes on longer.
    await gotoView(page, 'edit');
    const scope = fieldAt(page, 'precisionScope');
    await expect(page.locator(`label[for="${await scope.getAttribute('id')}"]`).textContent()).resolves.toMatch(
      /Whose means/,
    );
    await scope.selectOption('everyEstablishment');
    await page.waitForFunction(
      () =>
        /^Every establishment's means so far are within ±[\d.]+% \(95% confidence, first [\d,]+ replications\)\. The run ends once they are within ±5\.0% \(checked every 10\)\.$/.test(
          (document.querySelector('pw-run-status [data-running-precision]')?.textContent ?? '').trim(),
        ),
      undefined,
      { timeout: 60_000 },
    );
    await waitForResults(page, regionRun);
    const every = await stoppedAt();
    expect(every.whose).toBe("every establishment's means");
    expect(every.n).toBeGreaterThan(region.n);
    await expectClean(w);
  });

  it("reads the strip's precision for the view's scope as soon as the view changes, not at the next batch", async () => {
    const region = JSON.parse(readFileSync(new URL('../../scenarios/region-today.json', import.meta.url), 'utf8')) as {
      replications: number;
      establishments: { name: string }[];
    };
    region.replications = 5000;
    const first = region.establishments[0]!.name;
    const w = await newAppPage(browser());
    const { page } = w;
    await openScenarioFile(page, 'region.json', JSON.stringify(region));
    // A large file may wait to be asked to run.
    await page.waitForFunction(() =>
      ['running', 'confirm'].includes(
        document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') ?? '',
      ),
    );
    const phase = await page.locator('pw-run-status .run-status').getAttribute('data-phase');
    if (phase === 'confirm') await page.click('pw-run-status button:has-text("Run it now")');
    const soFar = page.locator('pw-run-status [data-running-precision]');
    const reading = (text: string) => {
      const m = /^(.+)'s means so far are within ±[\d.]+% \(95% confidence, first ([\d,]+) replications\)\.$/.exec(
        text,
      );
      expect(m, text).not.toBeNull();
      return { whose: m![1], replications: m![2] };
    };
    await gotoView(page, 'results');
    await soFar.waitFor({ timeout: 60_000 });
    await expect.poll(async () => reading(((await soFar.textContent()) ?? '').trim()).whose).toBe(first);
    // Switched and read within one task: no batch can come back in between (a worker's message is a
    // task of its own; Lit updates in microtasks), so the readout follows the view by itself.
    for (const [view, whose] of [
      ['region', 'The region'],
      ['results', first],
    ] as const) {
      const [was, now] = await page.evaluate(async (to) => {
        const text = () => document.querySelector('pw-run-status [data-running-precision]')?.textContent?.trim() ?? '';
        const before = text();
        document.querySelector<HTMLElement>(`#tab-${to}`)!.click();
        await (document.querySelector('pw-app') as unknown as { updateComplete: Promise<boolean> }).updateComplete;
        await (document.querySelector('pw-run-status') as unknown as { updateComplete: Promise<boolean> })
          .updateComplete;
        return [before, text()];
      }, view);
      expect(reading(now).whose).toBe(whose);
      expect(reading(now).replications).toBe(reading(was).replications);
    }
    await page.click('pw-run-status button:has-text("Cancel")');
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'cancelled',
    );
    await expectClean(w);
  });

  it("keeps a phone's one-line strip within the screen while a run shows its time left, Stop and Cancel", async () => {
    const w = await newAppPage(browser(), { width: 390, height: 844 });
    const { page } = w;
    await startLongRun(page);
    await page.locator('pw-run-status [data-stop-early]').waitFor({ timeout: 60_000 });
    await page.locator('pw-run-status [data-time-left]').waitFor({ timeout: 60_000 });
    const overflow = await page.evaluate(() => {
      const strip = document.querySelector('pw-run-status .run-status') as HTMLElement;
      const right = strip.getBoundingClientRect().right;
      return [...strip.children]
        .filter((c) => c.getBoundingClientRect().width > 1)
        .map((c) => c.getBoundingClientRect().right - right)
        .filter((d) => d > 0.5);
    });
    expect(overflow).toEqual([]);
    // "Stop" shown; "Stop here" only read (its button's name says it in full).
    await expect(page.locator('pw-run-status [data-stop-early] .short').isVisible()).resolves.toBe(true);
    await page.click('pw-run-status button:has-text("Cancel")');
    await expectClean(w);
  });

  it('shows a scenario run before in this tab again without simulating it, and says so; Run again simulates', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '30');
    const unmet = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');
    await editAndRun(page, 'replications', '24');
    await expect(status(page).textContent()).resolves.toMatch(/Results: 24 replications, seed \d+, [\d.]+ m?s on/);
    // Typed back: the same document as the run of 30, so its results, at once.
    await editAndRun(page, 'replications', '30');
    await expect(status(page).textContent()).resolves.toMatch(
      /Results: 30 replications, seed \d+, the same as an earlier run of this scenario in this tab \(it took [\d.]+ m?s on \d workers?\), so shown again without simulating\./,
    );
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    // Run again asks for a run: it simulates, with the same numbers.
    const before = await shownRunId(page);
    await page.click('pw-run-status button:has-text("Run again")');
    await waitForResults(page, before);
    await expect(status(page).textContent()).resolves.toMatch(/Results: 30 replications, seed \d+, [\d.]+ m?s on/);
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    await expectClean(w);
  });

  it('shows the last run again after a reload, kept in the browser, only for the same scenario and engine', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '20');
    const unmet = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');
    // Kept once the results are drawn.
    await expect.poll(() => lastRun(page, 'key'), { timeout: 10_000 }).toMatch(/"replications": ?20\b/);
    await page.reload();
    await waitForResults(page);
    await expect(status(page).textContent()).resolves.toMatch(
      /Results: 20 replications, seed \d+, kept in this browser on \d+ \w+ \d{4}, \d\d:\d\d from a run of this scenario \(it took [\d.]+ m?s\), so shown without simulating\./,
    );
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    // A run kept by another build of the engine is never shown: it is simulated again (same numbers).
    await lastRun(page, 'engine', 'another-build');
    await page.reload();
    await waitForResults(page);
    await expect(status(page).textContent()).resolves.toMatch(/Results: 20 replications, seed \d+, [\d.]+ m?s on/);
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    // Nor is a damaged record (this engine's again, once that run was kept): the scenario is run.
    await expect.poll(() => lastRun(page, 'engine'), { timeout: 10_000 }).not.toBe('another-build');
    await lastRun(page, 'results', 'damaged');
    await page.reload();
    await waitForResults(page);
    await expect(status(page).textContent()).resolves.toMatch(/Results: 20 replications, seed \d+, [\d.]+ m?s on/);
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    await expectClean(w);
  });

  it('lets a newer run supersede an older one', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await shownRunId(page);
    await gotoView(page, 'edit');
    // Long, and within a tab's memory budget: 100,000 is an error at the field (budget.e2e), and
    // its run, started while it is checked, fails at once, so 'running' could come and go
    // between two polls (CI saw it never drawn).
    await fieldAt(page, 'replications').fill('20000');
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'running',
    );
    await fieldAt(page, 'replications').fill('12');
    const after = await waitForResults(page, before);
    expect(after).toBe(before + 1);
    await expect(status(page).textContent()).resolves.toMatch(/12 replications/);
    await expectClean(w);
  });

  it('tells the user when a worker fails, and runs again once it can', async () => {
    const w = await newAppPage(browser());
    const { page, context } = w;
    await editAndRun(page, 'replications', '12');
    // Workers are replaced after a cancel; make the replacements fail to load.
    await context.route(/simulation\.worker[^/]*\.js$/, (route) => route.abort());
    await gotoView(page, 'edit');
    await fieldAt(page, 'replications').fill('20000'); // long, and within a tab's memory budget
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'running',
    );
    await page.click('pw-run-status button:has-text("Cancel")');
    await fieldAt(page, 'replications').fill('11');
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'failed',
      undefined,
      { timeout: 30_000 },
    );
    await expect(status(page).textContent()).resolves.toMatch(/simulation failed: .*worker/i);
    await context.unroute(/simulation\.worker[^/]*\.js$/);
    const before = await shownRunId(page);
    await page.click('pw-run-status button:has-text("Run again")');
    await waitForResults(page, before);
    await expect(status(page).textContent()).resolves.toMatch(/11 replications/);
    await expectClean(w, [/Failed to load resource|net::ERR_FAILED|simulation\.worker/]);
  });
});

/**
 * A field of the run kept in the browser for the next visit (web/storage/keptRuns.ts), null where
 * none is kept; with `set`, the field is first changed to it.
 */
async function lastRun(
  page: Page,
  field: 'key' | 'engine' | 'results' | 'stoppedEarly',
  set?: string,
): Promise<string | null> {
  return page.evaluate(
    async ({ field, set }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('placewise-runs', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('runs');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const store = db.transaction('runs', 'readwrite').objectStore('runs');
      const run = await new Promise<Record<string, unknown> | undefined>((resolve) => {
        const get = store.get('last');
        get.onsuccess = () => resolve(get.result as Record<string, unknown> | undefined);
      });
      if (run && set !== undefined) {
        run[field] = set;
        await new Promise((resolve) => (store.put(run, 'last').onsuccess = resolve));
      }
      db.close();
      return run ? String(run[field]) : null;
    },
    { field, set },
  );
}
