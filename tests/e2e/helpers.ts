/**
 * Helpers for the end-to-end tests: a Chromium per test file, a fresh context (own storage) per
 * test, and a watch on every page for console errors and for requests that leave localhost.
 */
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromium'),
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/**
 * One Chromium for the calling test file: launched (with any extra flags) before its tests and
 * closed after them. Call it once at the file's top level; the function it returns gives the
 * browser inside a test.
 */
export function browserPerFile(extraArgs: readonly string[] = []): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(extraArgs);
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A test that fails never reaches expectClean: its page would go on running its workers through
  // the retry and the tests after it.
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close();
  });
  // The e2e project retries a failed test once (vitest.config.ts): say so in the log, so a test
  // that passes only on its second try is seen, not hidden.
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => {
      const tries = (task.result?.retryCount ?? 0) + 1;
      const retries = typeof task.retry === 'number' ? task.retry : (task.retry?.count ?? 0);
      console.warn(`e2e: "${task.name}" failed on try ${tries} of ${retries + 1}`);
    });
  });
  return () => {
    if (!browser) throw new Error('the browser is launched before the tests: ask for it inside a test');
    return browser;
  };
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  externalRequests: string[];
}

/** URLs a page may load: the preview server, and data:/blob: URLs it makes itself. */
export function isLocal(url: string): boolean {
  const base = new URL(inject('baseUrl'));
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const u = new URL(url);
    return (u.hostname === base.hostname || u.hostname === 'localhost') && u.port === base.port;
  } catch {
    return false;
  }
}

export async function newPage(browser: Browser, viewport = { width: 1366, height: 900 }): Promise<Watched> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  return watch(context, await context.newPage());
}

export function watch(context: BrowserContext, page: Page): Watched {
  const w: Watched = { page, context, consoleErrors: [], externalRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => w.consoleErrors.push(`uncaught: ${e.message}`));
  // Requests from the page and from its workers.
  context.on('request', (r) => {
    if (!isLocal(r.url())) w.externalRequests.push(r.url());
  });
  return w;
}

/** Every test ends with: no console errors, nothing sent beyond localhost. */
export async function expectClean(w: Watched, allowConsole: RegExp[] = []): Promise<void> {
  expect(w.externalRequests).toEqual([]);
  expect(w.consoleErrors.filter((e) => !allowConsole.some((re) => re.test(e)))).toEqual([]);
  await w.context.close();
}

export const status = (page: Page) => page.locator('pw-run-status .run-status');

/** The id of the run whose results are on screen (0 before any). */
export async function shownRunId(page: Page): Promise<number> {
  return Number((await page.locator('pw-app').getAttribute('data-results-run')) ?? '0');
}

/** Wait for results newer than `after` (a run id) to be on screen, and the run to be done. */
export async function waitForResults(page: Page, after = 0, timeout = 90_000): Promise<number> {
  await page.waitForFunction(
    (prev) => {
      const app = document.querySelector('pw-app');
      const id = Number(app?.getAttribute('data-results-run') ?? '0');
      const phase = document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase');
      return id > prev && phase === 'done';
    },
    after,
    { timeout },
  );
  return shownRunId(page);
}

export async function openApp(w: Watched, hash = ''): Promise<number> {
  await w.page.goto(inject('baseUrl') + hash);
  return waitForResults(w.page);
}

/** How most tests start: a fresh page (own storage) with the app open on its first results. */
export async function newAppPage(browser: Browser, viewport?: { width: number; height: number }): Promise<Watched> {
  const w = await newPage(browser, viewport);
  await openApp(w);
  return w;
}

/** Open a built-in scenario (its file name without `.json`) from the picker; waits for its results and returns their run id. */
export async function openBuiltin(page: Page, builtin: string): Promise<number> {
  const before = await shownRunId(page);
  await page.click('#builtin-open');
  await page.click(`#builtin-dialog li[data-builtin="${builtin}"] button`);
  return waitForResults(page, before, 240_000);
}

export async function gotoView(
  page: Page,
  view: 'results' | 'region' | 'compare' | 'sizing' | 'edit' | 'report',
): Promise<void> {
  await page.click(`#tab-${view}`);
  await page.locator(`main.view-${view}`).waitFor();
}

/** The form control bound to a scenario path, e.g. "establishments[0].programmes[0].groupsPerYear". */
export function fieldAt(page: Page, path: string) {
  return page.locator(`pw-app [name="${path.replace(/"/g, '\\"')}"]`);
}

/** Set a field and wait for the run the edit starts to finish. */
export async function editAndRun(page: Page, path: string, value: string): Promise<number> {
  const before = await shownRunId(page);
  await gotoView(page, 'edit');
  await fieldAt(page, path).fill(value);
  return waitForResults(page, before);
}

/**
 * Start a long run (HMP Stafford at 20,000 replications: long, and within a tab's memory budget)
 * from the editor; returns the id of the results shown before it.
 */
export async function startLongRun(page: Page): Promise<number> {
  const before = await shownRunId(page);
  await gotoView(page, 'edit');
  await fieldAt(page, 'replications').fill('20000');
  return before;
}

/** The mean of a measure in the programme table of an establishment. */
export async function programmeMean(page: Page, scope: string, programme: string, measure: string): Promise<number> {
  await gotoView(page, 'results');
  const text = await page
    .locator(
      `table.programme-table[data-scope="${scope}"] tr[data-programme="${programme}"] td[data-measure="${measure}"]`,
    )
    .getAttribute('data-mean');
  return Number(text);
}

/** Click a control that downloads a file; returns the file's text and suggested name. */
export async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: await readFile(path, 'utf8') };
}

export async function saveScenario(page: Page): Promise<{ name: string; text: string }> {
  return download(page, () => page.click('pw-toolbar button:has-text("Save")'));
}

/** Drop a file on an element, as dragging it from the desktop would. */
export async function dropFile(page: Page, selector: string, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], fileName, { type: 'application/json' }));
      return dt;
    },
    [name, text] as const,
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

export async function openScenarioFile(page: Page, name: string, text: string): Promise<void> {
  await page.setInputFiles('#open-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** The scenario saved in the browser's storage, as text. */
export async function storedScenario(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('placewise:scenario:v1'));
}

/**
 * Open a closed section by clicking its summary, as a user would, and wait for `contents` inside
 * it. A closed section draws only its summary (web/components/open-sections.ts), so its contents
 * appear with the re-render its toggle asks for. On a loaded machine a click can be lost (CI once
 * found the section still closed 30 s after the click); a section still closed is clicked again,
 * but a section that is open and draws nothing fails: that is the app's fault, not the click's.
 */
export async function openSection(details: Locator, contents: string): Promise<Locator> {
  const inside = details.locator(contents).first();
  const isOpen = () => details.evaluate((d) => (d as HTMLDetailsElement).open);
  for (let click = 1; ; click++) {
    if (!(await isOpen())) await details.locator(':scope > summary').click();
    try {
      await inside.waitFor({ state: 'attached', timeout: 10_000 });
      return inside;
    } catch (e) {
      if (click === 3 || (await isOpen())) {
        throw new Error(
          `after ${click} click(s) the section is ${(await isOpen()) ? 'open' : 'closed'} and ${contents} is not in it`,
          { cause: e },
        );
      }
    }
  }
}

/**
 * Open every collapsed section of the app, and the sections inside them: a closed section draws
 * nothing but its summary (web/components/open-sections.ts), so its inner sections appear only
 * once it is open. Returns how many were opened.
 */
export async function openEverySection(page: Page): Promise<number> {
  let opened = 0;
  for (let round = 0; round < 10; round++) {
    const n = await page.evaluate(async () => {
      const closed = [...document.querySelectorAll<HTMLDetailsElement>('pw-app details:not([open])')];
      for (const d of closed) d.open = true;
      // Each toggle event is a task of its own; the re-render it asks for follows it.
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return closed.length;
    });
    if (n === 0) return opened;
    opened += n;
  }
  throw new Error('sections kept appearing closed after 10 rounds of opening them');
}
