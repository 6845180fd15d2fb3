/**
 * Returns from a treatment site in the editor: the scenario's weeks (8, an editable default,
 * marked) or "stays", and each referral's own choice (the scenario's, its own weeks, or stays),
 * written to the file as referralReturn.afterWeeks and returnAfterWeeks.
 */
import { describe, expect, it } from 'vitest';
import { browserPerFile, expectClean, fieldAt, gotoView, newAppPage, openBuiltin, saveScenario } from './helpers.js';

const browser = browserPerFile();

interface Saved {
  referralReturn?: { afterWeeks?: number | null };
  establishments: { referrals?: { returnAfterWeeks?: number | null }[] }[];
}

describe('returns from a treatment site', () => {
  it('edits the scenario’s weeks (a marked default) and a referral’s own', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await openBuiltin(page, 'region-today');
    await gotoView(page, 'edit');
    const weeks = fieldAt(page, 'referralReturn.afterWeeks');
    // Left out of the file: the default shows as the placeholder, with the default badge.
    await expect(weeks.getAttribute('placeholder')).resolves.toBe('8');
    await expect(
      page.locator('.field[data-path="referralReturn.afterWeeks"] .badge-default').textContent(),
    ).resolves.toBe('default');
    await expect(page.locator('.field[data-path="referralReturn.afterWeeks"] .hint').textContent()).resolves.toMatch(
      /No source gives this: 8 weeks/,
    );
    await weeks.fill('12');
    // The establishment with referrals: its rows offer the scenario's rule in words.
    const options = await page.locator('#ed-establishment option').allTextContents();
    for (let i = 0; i < options.length; i++) {
      await page.selectOption('#ed-establishment', String(i));
      if ((await page.locator('select[id*="returnAfterWeeks-choice"]').count()) > 0) break;
    }
    const choice = page.locator('select[id*="returnAfterWeeks-choice"]').first();
    await expect(choice.locator('option:checked').textContent()).resolves.toBe('As the scenario (back after 12 weeks)');
    await choice.selectOption('stay');
    const first = async () => {
      const doc = JSON.parse((await saveScenario(page)).text) as Saved;
      const est = doc.establishments.find((e) => (e.referrals ?? []).length > 0)!;
      return { scenario: doc.referralReturn?.afterWeeks, referral: est.referrals![0]!.returnAfterWeeks };
    };
    await expect(first()).resolves.toEqual({ scenario: 12, referral: null });
    await choice.selectOption('weeks');
    const own = page.locator('.field[data-path$="referrals[0].returnAfterWeeks"] input');
    await expect(own.inputValue()).resolves.toBe('12');
    await own.fill('4');
    await expect(first()).resolves.toEqual({ scenario: 12, referral: 4 });
    // The scenario's rule: men stay at the treatment site.
    await page.selectOption('#f-referralReturn_afterWeeks-choice', 'stay');
    await expect(first()).resolves.toEqual({ scenario: null, referral: 4 });
    await expect(page.locator('pw-problems .problems-errors').count()).resolves.toBe(0);
    await expectClean(w);
  }, 300_000);
});
