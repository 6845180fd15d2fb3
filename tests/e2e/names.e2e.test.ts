/**
 * Accessible names in the words on screen (issue 9 item 9): every control of every editor
 * section, for every establishment of a built-in, is named by programme and establishment names,
 * never by an id from the file ("Groups a year (tsp)"), and axe-core still finds nothing.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserPerFile, expectClean, gotoView, openApp, openBuiltin, openEverySection, watch } from './helpers.js';

const require = createRequire(import.meta.url);
let axeSource = '';
beforeAll(async () => {
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});
const browser = browserPerFile();

/**
 * The ids a file gives its objects (programmes, establishments, tables, tiers, segments...) that
 * are not also words of a name or label in it ("violent" is both a segment id and a word of
 * "violent offenders": finding it proves nothing).
 */
function idsOf(doc: unknown): string[] {
  const ids = new Set<string>();
  const words = new Set<string>();
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== 'object') return;
    const r = o as Record<string, unknown>;
    for (const k of ['id', 'programme', 'to']) if (typeof r[k] === 'string') ids.add(r[k]);
    for (const k of ['name', 'label'])
      if (typeof r[k] === 'string') for (const w of r[k].split(/[^\w-]+/)) words.add(w);
    Object.values(r).forEach(walk);
  };
  walk(doc);
  return [...ids].filter((id) => id.length > 1 && !words.has(id));
}

/** Names (as axe computes them) of the controls and summaries in the editor, with their field. */
async function editorNames(page: Page): Promise<[string, string][]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(() => {
    type Axe = {
      setup: (d: Document) => void;
      teardown: () => void;
      utils: { getNodeFromTree: (e: Element) => unknown };
      commons: { text: { accessibleTextVirtual: (n: unknown) => string } };
    };
    const axe = (window as unknown as { axe: Axe }).axe;
    axe.setup(document);
    const out: [string, string][] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'main input, main select, main textarea, main button, main summary',
    )) {
      if ((el as HTMLInputElement).type === 'hidden' || el.closest('[hidden], dialog:not([open])')) continue;
      const name = axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(el));
      out.push([name, el.getAttribute('name') ?? el.tagName.toLowerCase()]);
    }
    axe.teardown();
    return out;
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: { id: string }[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => v.id);
  });
}

describe('accessible names', () => {
  for (const builtin of ['stafford-2014', 'region-today']) {
    it(`name every editor control of ${builtin} in the words on screen, never by an id`, async () => {
      const context = await browser().newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
      const w = watch(context, await context.newPage());
      const { page } = w;
      await openApp(w);
      if (builtin !== 'stafford-2014') await openBuiltin(page, builtin);
      const doc: unknown = JSON.parse(
        await readFile(new URL(`../../scenarios/${builtin}.json`, import.meta.url), 'utf8'),
      );
      const ids = idsOf(doc);
      expect(ids.length).toBeGreaterThan(10);
      const idPattern = new RegExp(
        `(?<![\\w-])(${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w-])`,
      );
      await gotoView(page, 'edit');
      const establishments = await page.locator('#ed-establishment option').count();
      const withIds: string[] = [];
      let seen = 0;
      for (let i = 0; i < establishments; i++) {
        await page.selectOption('#ed-establishment', String(i));
        // Every collapsed section open (a closed one draws only its summary), so every field is named.
        const collapsed = await page.evaluate(() => document.querySelectorAll('main details:not([open])').length);
        const closedNames = (await editorNames(page)).length;
        await openEverySection(page);
        const names = await editorNames(page);
        // A closed section draws nothing heavy (issue 9: region-today held ~4,900 controls an
        // establishment with every section drawn, ~450 with them closed; Stafford 1,400 and 315).
        // Sections stay open across establishments, so only the first starts with all closed.
        if (i === 0) {
          expect(collapsed).toBeGreaterThan(10);
          expect(closedNames, 'controls with every section closed').toBeLessThan(names.length / 3);
        }
        seen += names.length;
        for (const [name, field] of names) {
          const m = idPattern.exec(name);
          if (m) withIds.push(`${field}: "${name}" (id ${m[1]})`);
        }
        expect(await axeViolations(page), `axe, establishment ${i + 1}`).toEqual([]);
      }
      expect(seen).toBeGreaterThan(400);
      expect([...new Set(withIds)].slice(0, 20)).toEqual([]);
      await expectClean(w);
    }, 900_000); // region-today: about 4,900 controls an establishment with every section open, names and axe ~100 s each
  }
});
