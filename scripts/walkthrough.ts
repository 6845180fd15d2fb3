/**
 * A new user's walk through the app (issue 9): each built-in scenario opened in Chromium at laptop
 * and phone size, every view screenshotted (the first screens of each) for a person to look at,
 * and what a script can see listed beside them: sideways page scroll, text cut off, internal ids
 * or JSON paths in the words shown, charts without a legend, axe-core violations.
 *
 *   npm run build && npx vite preview --port 4199 --strictPort &
 *   npx tsx scripts/walkthrough.ts http://127.0.0.1:4199/ /tmp/walk [stafford-2014 ...]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const [base = 'http://127.0.0.1:4199/', out = '/tmp/walk', ...only] = process.argv.slice(2);
const BUILTINS = only.length ? only : ['stafford-2014', 'wymott-2014', 'leicester-2014', 'west-midlands-2014'];
/** PLACEWISE_WIDTHS=390 walks the phone size alone. */
const SIZES = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
].filter((s) => !process.env.PLACEWISE_WIDTHS || process.env.PLACEWISE_WIDTHS.split(',').includes(String(s.width)));
const VIEWS = ['edit', 'results', 'region', 'compare', 'sizing', 'report'] as const;
const SCREENS = 3;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function waitDone(page: Page, after: number, timeout = 1_200_000) {
  await page.waitForFunction(
    (prev) => {
      const id = Number(document.querySelector('pw-app')?.getAttribute('data-results-run') ?? '0');
      return id > prev && document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'done';
    },
    after,
    { timeout },
  );
}

const runId = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('pw-app')?.getAttribute('data-results-run') ?? '0'));

/** What a script can see wrong on the page as it is. */
async function findings(page: Page): Promise<string[]> {
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    const main = document.querySelector('main') ?? document.body;
    const text = (main as HTMLElement).innerText;
    for (const re of [/establishments\[\d+\]/, /\w+\[\d+\]\.\w+/, /\b(ogrs|offence|sentence|rm2000|osp|ovp)=/, /\{"/])
      if (re.test(text)) {
        const at = text.search(re);
        out.push(`text matches ${re}: “…${text.slice(Math.max(0, at - 60), at + 40).replace(/\s+/g, ' ')}…”`);
      }
    // Text cut off: an element clipping its own text (overflow hidden / ellipsis) that is visible.
    let cut = 0;
    const examples: string[] = [];
    for (const el of main.querySelectorAll<HTMLElement>('*')) {
      if (el.children.length > 0 || !el.textContent?.trim()) continue;
      const s = getComputedStyle(el);
      if (
        s.display === 'none' ||
        s.visibility === 'hidden' ||
        el.closest('.visually-hidden,[hidden],.name-long,details:not([open]) > :not(summary)')
      )
        continue;
      if (
        (s.overflow === 'hidden' || s.textOverflow === 'ellipsis') &&
        el.scrollWidth > el.clientWidth + 1 &&
        el.clientWidth > 0
      ) {
        cut++;
        if (examples.length < 3) examples.push(el.textContent.trim().slice(0, 40));
      }
    }
    if (cut) out.push(`${cut} elements clip their text (${examples.join(' | ')})`);
    const charts = [...main.querySelectorAll('pw-chart')];
    const bare = charts.filter((c) => !c.querySelector('.chart-legend li'));
    if (bare.length) out.push(`${bare.length} of ${charts.length} charts have no legend`);
    return out;
  });
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const a = (
      window as unknown as {
        axe: { run: (d: Document) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    return (await a.run(document)).violations.map((v) => `${v.id} ×${v.nodes.length}`);
  });
  if (axe.length) found.push(`axe: ${axe.join(', ')}`);
  return found;
}

async function main() {
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.PLACEWISE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const report: string[] = [];
  for (const id of BUILTINS) {
    for (const viewport of SIZES) {
      const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base);
      await waitDone(page, 0);
      if (id !== 'stafford-2014') {
        const before = await runId(page);
        await page.click('#builtin-open');
        await page.click(`li[data-builtin="${id}"] button`);
        // A large saved run may ask before it starts.
        const start = page.locator('button:has-text("Run now"), button:has-text("Start the run")');
        if (await start.count()) await start.first().click();
        await waitDone(page, before);
      }
      for (const view of VIEWS) {
        await page.click(`#tab-${view}`);
        await page.locator(`main.view-${view}`).waitFor();
        if (view === 'compare') {
          const pin = page.locator('pw-compare-view button:has-text("Pin current as baseline")');
          if (await pin.count()) {
            await pin.click();
            await page
              .locator('table.compare-table')
              .first()
              .waitFor({ timeout: 60_000 })
              .catch(() => {});
          }
        }
        await page.waitForTimeout(300);
        const notes = await findings(page);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const stem = `${id}-${viewport.width}-${view}`;
        for (let k = 0; k < SCREENS && k * viewport.height < height; k++) {
          await page.evaluate((y) => window.scrollTo(0, y), k * viewport.height);
          await page.waitForTimeout(100);
          await page.screenshot({ path: join(out, `${stem}-${k + 1}.png`) });
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        report.push(`${stem} (${height}px high): ${notes.length ? notes.join('; ') : 'nothing found'}`);
        console.log(report.at(-1));
      }
      if (errors.length) report.push(`${id}-${viewport.width} console errors: ${errors.join(' | ')}`);
      await context.close();
    }
  }
  writeFileSync(join(out, 'findings.txt'), report.join('\n') + '\n');
  await browser.close();
}

await main();
