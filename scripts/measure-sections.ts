/**
 * `npx tsx scripts/measure-sections.ts [scenario] [establishment] [repeats]`: how long opening an
 * establishment's editor sections takes in Chromium (issue 9: region-today's editor holds about
 * 4,900 controls an establishment with every section open). Builds the app, opens the built-in
 * scenario (region-today by default) and cancels its run, then, in the editor at 1366x900, opens
 * each closed section in turn as a user would (a click on its summary) and times each from the
 * click to the frame after it (the page's clock: drawing, style, layout and paint), then every
 * section inside them, and last an edit of a field with everything open (its task and frame).
 * Prints the load average: compare before and after back to back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';

const root = resolve(import.meta.dirname, '..');
const scenario = process.argv[2] ?? 'region-today';
const establishment = Number(process.argv[3] ?? 0);
const repeats = Number(process.argv[4] ?? 2);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Open every closed section (one level), timing each from its click to the next frame. */
function openLevel(page: Page): Promise<{ label: string; ms: number; controls: number }[]> {
  return page.evaluate(async () => {
    const out: { label: string; ms: number; controls: number }[] = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const closed = [...document.querySelectorAll<HTMLDetailsElement>('main details:not([open])')];
    for (const d of closed) {
      if (!d.isConnected || d.open) continue;
      const summary = d.querySelector('summary');
      if (!summary) continue;
      summary.scrollIntoView({ block: 'start' });
      await frame();
      const t0 = performance.now();
      summary.click();
      await new Promise((r) => setTimeout(r, 0)); // the toggle event, then the drawing it asks for
      await frame();
      const ms = performance.now() - t0;
      out.push({
        label: (summary.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50),
        ms,
        controls: d.querySelectorAll('input, select, textarea, button').length,
      });
    }
    return out;
  });
}

async function main(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'placewise-sections-'));
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no address');
  const browser = await chromium.launch({
    executablePath: process.env['PLACEWISE_CHROMIUM'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    for (let r = 0; r < repeats; r++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('pw-run-status .run-status[data-phase="done"]').waitFor({ timeout: 300_000 });
      await page.click('#builtin-open');
      await page.click(`#builtin-dialog li[data-builtin="${scenario}"] button`);
      // The run it starts is cancelled: only the editor is timed.
      await page.waitForFunction(() => document.querySelector('pw-app')?.getAttribute('data-checks') !== null);
      const cancel = page.locator('pw-run-status button:has-text("Cancel")');
      if (await cancel.count()) await cancel.click().catch(() => {});
      await page.click('#tab-edit');
      await page.locator('main.view-edit').waitFor();
      if (establishment > 0) await page.selectOption('#ed-establishment', String(establishment));
      await page.waitForTimeout(1000);
      const levels: { label: string; ms: number; controls: number }[][] = [];
      for (let i = 0; i < 6; i++) {
        const level = await openLevel(page);
        if (level.length === 0) break;
        levels.push(level);
      }
      const controls = await page.evaluate(
        () => document.querySelectorAll('main input, main select, main textarea').length,
      );
      console.log(`opening ${r + 1}: ${scenario}, establishment ${establishment}; load average ${load()}`);
      levels.forEach((level, i) => {
        const total = level.reduce((n, s) => n + s.ms, 0);
        const slowest = [...level].sort((a, b) => b.ms - a.ms).slice(0, 3);
        console.log(
          `  level ${i + 1}: ${level.length} sections opened in ${Math.round(total)} ms in all; slowest ` +
            slowest.map((s) => `${Math.round(s.ms)} ms "${s.label}" (${s.controls} controls)`).join(', '),
        );
      });
      console.log(`  ${controls} form controls in the editor with every section open`);
      // An edit with everything open: the establishment's first programme's groups a year.
      const editMs = await page.evaluate(async (est) => {
        const input = document.querySelector<HTMLInputElement>(
          `[name="establishments[${est}].programmes[0].groupsPerYear"]`,
        );
        if (!input) return -1;
        const t0 = performance.now();
        input.value = String(Number(input.value || '1') + 1);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      }, establishment);
      console.log(`  an edit with every section open, to the frame after it: ${Math.round(editMs)} ms`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
