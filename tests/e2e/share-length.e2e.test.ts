/**
 * Share links that fit in an e-mail (issue 9 item 11): a built-in with an edit is a short link,
 * a long one comes with a warning and the file instead, and links made before keep opening.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import {
  browserPerFile,
  download,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  newPage,
  saveScenario,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

async function openShareDialog(page: Page): Promise<string> {
  await page.click('pw-toolbar button:has-text("Share link")');
  const input = page.locator('#share-link');
  await input.waitFor();
  return input.inputValue();
}

/** Text that does not compress: a link cannot shrink it. */
function noise(length: number): string {
  let x = 12345;
  let out = '';
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += 'abcdefghijklmnopqrstuvwxyz0123456789 '[x % 37];
  }
  return out;
}

describe('share link length', () => {
  it('is well under 2,000 characters for the built-in with one edit, and opens exactly', async () => {
    const a = await newAppPage(browser());
    await editAndRun(a.page, 'establishments[0].programmes[0].groupsPerYear', '6');
    const link = await openShareDialog(a.page);
    expect(link.length).toBeLessThan(500);
    await expect(a.page.locator('#share-dialog').textContent()).resolves.toContain(
      `${link.length.toLocaleString('en-GB')} characters.`,
    );
    expect(await a.page.locator('#share-too-long').count()).toBe(0);
    await a.page.click('#share-dialog button:has-text("Close")');
    const original = await saveScenario(a.page);

    const b = await newPage(browser());
    await b.page.goto(link);
    await waitForResults(b.page);
    await gotoView(b.page, 'edit');
    await expect(fieldAt(b.page, 'establishments[0].programmes[0].groupsPerYear').inputValue()).resolves.toBe('6');
    expect((await saveScenario(b.page)).text).toBe(original.text);
    await expectClean(a);
    await expectClean(b);
  });

  it('past 2,000 characters, says mail tools may cut it and offers the file instead', async () => {
    const w = await newAppPage(browser());
    await editAndRun(w.page, 'replications', '20');
    const text = noise(2500);
    await editAndRun(w.page, 'description', text);
    const link = await openShareDialog(w.page);
    expect(link.length).toBeGreaterThan(2000);
    const warning = w.page.locator('#share-too-long');
    expect((await warning.innerText()).replace(/\s+/g, ' ')).toMatch(/Some e-mail and chat tools cut links this long/);
    const file = await download(w.page, () =>
      warning.locator('button:has-text("Save the scenario as a file")').click(),
    );
    expect(file.name).toMatch(/\.json$/);
    expect((JSON.parse(file.text) as { description: string }).description).toBe(text);
    await expectClean(w);
  });

  it('opens a link made before links carried changes (made by the earlier code)', async () => {
    const hash = (await readFile(new URL('../fixtures/share-link-2026-11.txt', import.meta.url), 'utf8')).trim();
    expect(hash.length).toBeGreaterThan(8000);
    const w = await newPage(browser());
    await w.page.goto(inject('baseUrl') + hash);
    await waitForResults(w.page);
    await expect(w.page.locator('.notice').textContent()).resolves.toMatch(/share link/);
    await gotoView(w.page, 'edit');
    await expect(fieldAt(w.page, 'replications').inputValue()).resolves.toBe('25');
    await expect(fieldAt(w.page, 'establishments[0].programmes[0].groupsPerYear').inputValue()).resolves.toBe('6');
    await expectClean(w);
  });
});
