/**
 * A run over what a browser tab can hold is an error at the field (issue 9 item 7), not a failed
 * run: the summary links to Replications and says the limit and what to lower; the results on
 * screen stay, and a value within the limit runs.
 */
import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  shownRunId,
  status,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

describe("a browser tab's limit", () => {
  it('marks Replications over it in the error summary, and keeps the results on screen', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const shown = await shownRunId(page);
    await gotoView(page, 'edit');
    await fieldAt(page, 'replications').fill('100000');
    const item = page.locator('pw-problems .problems-errors li[data-problem-path="replications"]');
    await item.waitFor({ timeout: 60_000 });
    expect(await item.innerText()).toMatch(
      /^Replications must be [\d,]+ or fewer: 100,000 replications of 52 weeks need about [\d.]+ GB of memory, more than a browser tab can give \(1\.5 GB\)\. Lower the replications or the horizon/,
    );
    // At the field too, and the status says the scenario is not run (not that a run failed).
    await expect(page.locator('.field[data-path="replications"] .field-error').innerText()).resolves.toMatch(
      /must be [\d,]+ or fewer/,
    );
    await expect(status(page).getAttribute('data-phase')).resolves.toBe('invalid');
    await expect(status(page).innerText()).resolves.not.toMatch(/failed/i);
    expect(await shownRunId(page)).toBe(shown);
    // The summary's link goes to the field.
    await item.locator('button').click();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('replications');
    // Within the limit, it runs.
    await fieldAt(page, 'replications').fill('300');
    await waitForResults(page, shown);
    await expect(page.locator('pw-problems .problems-errors').count()).resolves.toBe(0);
    await expectClean(w);
  }, 240_000);
});
