/**
 * Accessibility (issue 9 item 9): axe-core finds no violation, of any impact, on any view at
 * laptop and phone size. axe's source is injected into the page as text: nothing is fetched.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserPerFile, expectClean, gotoView, openApp, openEverySection, watch } from './helpers.js';

const require = createRequire(import.meta.url);
let axeSource = '';
beforeAll(async () => {
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});
const browser = browserPerFile();

/** Seven axe passes and six views a test: on a loaded 2-core machine that outlasts the default 120 s. */
const SLOW = 360_000;

const SIZES = {
  laptop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations on the page as it is now (every rule axe runs by default). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document);
    return (
      result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** Form fields on the page whose accessible names (as axe computes them) are not their own. */
async function sharedFieldNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Axe = {
      setup: (d: Document) => void;
      teardown: () => void;
      utils: { getNodeFromTree: (e: Element) => unknown };
      commons: { text: { accessibleTextVirtual: (n: unknown) => string } };
    };
    const axe = (window as unknown as { axe: Axe }).axe;
    const byName = new Map<string, string[]>();
    axe.setup(document);
    for (const el of document.querySelectorAll<HTMLInputElement>('pw-app input, pw-app select, pw-app textarea')) {
      if (el.type === 'hidden' || el.closest('[hidden], dialog:not([open])')) continue;
      const name = axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(el));
      byName.set(name, [...(byName.get(name) ?? []), el.name || el.id]);
    }
    axe.teardown();
    return [...byName]
      .filter(([, fields]) => fields.length > 1)
      .map(([name, fields]) => `${name}: ${fields.join(', ')}`);
  });
}

/** Each view, brought into the state where it shows the most (tables, charts, forms). */
const VIEWS: {
  view: 'results' | 'region' | 'compare' | 'sizing' | 'edit' | 'report';
  prepare?: (p: Page) => Promise<void>;
}[] = [
  { view: 'results' },
  { view: 'region' },
  {
    view: 'compare',
    prepare: async (page) => {
      await page.click('pw-compare-view button:has-text("Pin current as baseline")');
      await page.locator('table.compare-table').waitFor();
    },
  },
  { view: 'sizing' },
  {
    view: 'edit',
    prepare: async (page) => {
      // Open every collapsed section (and those inside them) so axe sees every field.
      await openEverySection(page);
    },
  },
  { view: 'report' },
];

describe('axe-core', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(
      `finds no violations on any view at ${size} size (${viewport.width}x${viewport.height})`,
      async () => {
        // The app's CSP refuses inline scripts; only axe's own injected source needs the bypass.
        const context = await browser().newContext({ viewport, bypassCSP: true });
        const w = watch(context, await context.newPage());
        await openApp(w);
        const found: Record<string, Violation[]> = {};
        const names: Record<string, string[]> = {};
        for (const { view, prepare } of VIEWS) {
          await gotoView(w.page, view);
          await prepare?.(w.page);
          found[view] = await axeViolations(w.page);
          names[view] = await sharedFieldNames(w.page);
        }
        // The share dialog too.
        await w.page.click('pw-toolbar button:has-text("Share link")');
        await w.page.locator('#share-link').waitFor();
        found['share dialog'] = await axeViolations(w.page);
        // One line per view, so a run shows the counts even when it passes.
        for (const [view, v] of Object.entries(found))
          console.log(
            `axe ${size} ${view}: ${v.length} rules violated${v.length ? ` (${v.map((x) => `${x.id} ×${x.targets.length}`).join(', ')})` : ''}`,
          );
        expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
        // Every form field has a name of its own (two "Name" fields, 33 "Source" fields before).
        expect(names).toEqual(Object.fromEntries(Object.keys(names).map((k) => [k, []])));
        await expectClean(w);
      },
      SLOW,
    );
  }
});

describe('keyboard, focus and phone layout', () => {
  it(
    'fits every view in a phone width with every tab in sight',
    async () => {
      const w = await newPagePlain(SIZES.phone);
      await openApp(w);
      for (const { view } of VIEWS) {
        await gotoView(w.page, view);
        const [scrollWidth, clientWidth] = await w.page.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.clientWidth,
        ]);
        expect(scrollWidth, view).toBeLessThanOrEqual(clientWidth);
        const tabs = await w.page.locator('[role="tab"]').evaluateAll((els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return r.left >= 0 && r.right <= document.documentElement.clientWidth;
          }),
        );
        expect(tabs, view).toEqual(tabs.map(() => true));
      }
      await expectClean(w);
    },
    SLOW,
  );

  it(
    'starts with a skip link, and shows focus with a 3 px outline that forced colours keep',
    async () => {
      const w = await newPagePlain(SIZES.laptop);
      await openApp(w);
      const { page } = w;
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe(
        'Skip to main content',
      );
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      const ring = () =>
        page.evaluate(() => {
          const s = getComputedStyle(document.activeElement!);
          return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor };
        });
      await page.keyboard.press('Shift+Tab'); // back to the selected tab, by keyboard
      await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('tab');
      // Black (#0b0c0c) on the page's near-white: far above 3:1.
      await expect(ring()).resolves.toEqual({ style: 'solid', width: '3px', color: 'rgb(11, 12, 12)' });
      await page.emulateMedia({ forcedColors: 'active' });
      const forced = await ring();
      expect(forced.style).toBe('solid');
      expect(forced.width).toBe('3px');
      await expectClean(w);
    },
    SLOW,
  );

  it(
    'charts: a legend drawn as the lines, one band entry, and a readout by keyboard',
    async () => {
      const w = await newPagePlain(SIZES.laptop);
      await openApp(w);
      const { page } = w;
      const waiting = page.locator('pw-chart').first();
      const legend = await waiting
        .locator('.chart-legend li')
        .evaluateAll((lis) => lis.map((li) => li.textContent!.replace(/\s+/g, ' ').trim()));
      expect(legend).toEqual(['Mean (solid line)', '5th–95th percentile band (shaded band)']);
      const cumulative = page.locator('pw-chart').nth(1);
      const dashes = await cumulative
        .locator('.chart-legend line')
        .evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke-dasharray')));
      expect(dashes).toEqual(['none', 'none', '6 4', '6 4']);
      await waiting.locator('.chart-plot').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect(waiting.locator('.chart-readout').textContent()).resolves.toMatch(
        /^Week ending 2014-04-15: Mean \d+(\.\d)?; 5th–95th percentile band \d+(\.\d)? to \d+(\.\d)?$/,
      );
      await page.keyboard.press('End');
      await expect(waiting.locator('.chart-readout').textContent()).resolves.toMatch(/^Week ending 2015-03-3\d: Mean/);
      // The mouse gives the same readout.
      const box = (await cumulative.locator('.chart-plot').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect(cumulative.locator('.chart-readout').textContent()).resolves.toMatch(
        /^Week ending .*Starts \(mean\)/,
      );
      await expectClean(w);
    },
    SLOW,
  );
});

async function newPagePlain(viewport: { width: number; height: number }) {
  const context = await browser().newContext({ viewport });
  return watch(context, await context.newPage());
}
