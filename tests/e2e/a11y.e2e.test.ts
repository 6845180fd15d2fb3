/**
 * Accessibility (issue 9 item 9): axe-core finds no violation, of any impact, on any view at
 * laptop and phone size. axe's source is injected into the page as text: nothing is fetched.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectClean, gotoView, launchBrowser, openApp, watch } from './helpers.js';

const require = createRequire(import.meta.url);
let axeSource = '';
let browser: Browser;
beforeAll(async () => {
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

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
      // Open every collapsed section so axe sees every field.
      await page.evaluate(() => document.querySelectorAll('pw-app details').forEach((d) => d.setAttribute('open', '')));
    },
  },
  { view: 'report' },
];

describe('axe-core', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`finds no violations on any view at ${size} size (${viewport.width}x${viewport.height})`, async () => {
      // The app's CSP refuses inline scripts; only axe's own injected source needs the bypass.
      const context = await browser.newContext({ viewport, bypassCSP: true });
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
    });
  }
});
