/**
 * Hostile files, links and runs in the browser: the policy holds inside workers, exports carry
 * no live formulas, a link that inflates to hundreds of megabytes is refused, silent workers end
 * the run, and recent scenarios survive a reload.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CSP } from '../../vite.config.js';
import {
  browserPerFile,
  download,
  expectClean,
  newAppPage,
  newPage,
  openScenarioFile,
  shownRunId,
  status,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();
let elsewhere: Server;
let elsewhereHits = 0;
let elsewhereUrl = '';

beforeAll(async () => {
  // Another origin (another port) that counts every request reaching it.
  elsewhere = createServer((_req, res) => {
    elsewhereHits++;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('leaked');
  });
  await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
  const address = elsewhere.address();
  elsewhereUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/collect`;
});
afterAll(async () => {
  await new Promise((r) => elsewhere?.close(r));
});

const stafford = () =>
  JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
    [key: string]: unknown;
    programmes: { name: string }[];
    establishments: { name: string }[];
  };

describe('the Content-Security-Policy', () => {
  it('is a response header on the page and on the worker script, and blocks a worker fetch to another origin', async () => {
    const w = await newPage(browser());
    const response = await w.page.goto(inject('baseUrl'));
    expect(response?.headers()['content-security-policy']).toBe(CSP);
    const worker = w.page.workers()[0] ?? (await w.page.waitForEvent('worker'));
    const script = await w.page.request.get(worker.url());
    expect(script.headers()['content-security-policy']).toBe(CSP);
    const outcome = await worker.evaluate(
      (url) =>
        fetch(url).then(
          (r) => `fetched ${r.status}`,
          (e: unknown) => `blocked: ${String(e)}`,
        ),
      elsewhereUrl,
    );
    expect(outcome).toMatch(/^blocked/);
    expect(elsewhereHits).toBe(0);
    w.externalRequests.length = 0; // the attempt itself is what this test makes; it never left
    await expectClean(w, [/Content Security Policy|Failed to fetch|connect-src/]);
  });

  it('is documented for static hosting word for word', () => {
    const hosting = readFileSync(new URL('../../docs/HOSTING.md', import.meta.url), 'utf8');
    for (const server of ['nginx', 'Apache', 'IIS']) expect(hosting).toContain(`## ${server}`);
    expect(hosting.split(CSP).length - 1).toBeGreaterThanOrEqual(4); // the policy, nginx, Apache, IIS
  });
});

describe('CSV exports', () => {
  it('neutralise formulas in programme and prison names', async () => {
    const w = await newAppPage(browser());
    const doc = stafford();
    doc['replications'] = 10;
    doc.programmes[0]!.name = '=HYPERLINK("http://evil.example","click")';
    doc.establishments[0]!.name = '+cmd|/C calc!A0';
    doc['name'] = '@SUM(1+1)';
    const before = await shownRunId(w.page);
    await openScenarioFile(w.page, 'hostile.json', JSON.stringify(doc));
    await waitForResults(w.page, before);
    const csv = await download(w.page, () => w.page.click('pw-toolbar button:has-text("Results CSV")'));
    const fields = csv.text
      .trim()
      .split(/\r\n/)
      .flatMap((line) => line.split(','))
      .map((f) => f.replace(/^"/, ''));
    expect(fields.some((f) => f.startsWith("'=HYPERLINK"))).toBe(true);
    for (const f of fields) expect(f, f).not.toMatch(/^[=+@\t\r]|^-[^\d]/);
    await expectClean(w);
  });
});

describe('a share link that inflates to hundreds of megabytes', () => {
  it('is refused quickly with a clear message, and the page stays usable', async () => {
    const w = await newAppPage(browser());
    // 300 MB of spaces inside a JSON string: a few hundred kilobytes deflated.
    const bomb = deflateRawSync(Buffer.alloc(300_000_000, 32), { level: 9 }).toString('base64url');
    const started = Date.now();
    await w.page.goto(`${inject('baseUrl')}#s=${bomb}`);
    await w.page.locator('.notice').waitFor();
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(w.page.locator('.notice').textContent()).resolves.toMatch(/too large: it unpacks to more than/);
    await waitForResults(w.page);
    await expectClean(w);
  });
});

describe('the worker watchdog', () => {
  it('ends a run whose workers vanish without an error, and the next run works', async () => {
    const w = await newPage(browser());
    // Keep hold of every simulation worker the page starts, so the test can make them vanish
    // silently. (The validation worker has its own time limit: tests/e2e/validation.e2e.test.ts.)
    await w.page.addInitScript(() => {
      const Original = window.Worker;
      const all: Worker[] = [];
      (window as unknown as { __workers: Worker[] }).__workers = all;
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          if (options?.name === 'placewise-simulation') all.push(this);
        }
      };
    });
    await w.page.goto(`${inject('baseUrl')}?watchdog-seconds=10`);
    await waitForResults(w.page);
    const doc = stafford();
    doc['replications'] = 5000;
    await openScenarioFile(w.page, 'long.json', JSON.stringify(doc));
    await w.page.waitForFunction(() => {
      const el = document.querySelector('pw-run-status .run-status');
      return el?.getAttribute('data-phase') === 'running' && /[1-9]/.test(el.textContent ?? '');
    });
    await w.page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.forEach((x) => x.terminate()));
    await status(w.page).locator('text=stopped responding').waitFor({ timeout: 40_000 });
    await expect(status(w.page).getAttribute('data-phase')).resolves.toBe('failed');
    // A smaller run on the rebuilt pool finishes.
    const before = await shownRunId(w.page);
    doc['replications'] = 10;
    await openScenarioFile(w.page, 'short.json', JSON.stringify(doc));
    await waitForResults(w.page, before);
    await expectClean(w);
  });
});

describe('recent scenarios', () => {
  it('keep the scenario a share link replaced, reopenable after a reload', async () => {
    const w = await newAppPage(browser());
    const mine = stafford();
    mine['name'] = 'My edited Stafford';
    mine['replications'] = 10;
    let before = await shownRunId(w.page);
    await openScenarioFile(w.page, 'mine.json', JSON.stringify(mine));
    await waitForResults(w.page, before);
    const shared = stafford();
    shared['name'] = 'From a colleague';
    shared['replications'] = 10;
    const payload = deflateRawSync(Buffer.from(JSON.stringify(shared))).toString('base64url');
    await w.page.goto(`${inject('baseUrl')}#s=${payload}`);
    await waitForResults(w.page);
    await w.page.reload();
    await waitForResults(w.page);
    await w.page.click('pw-recent-list summary');
    before = await shownRunId(w.page);
    await w.page.click('pw-recent-list button:has-text("My edited Stafford")');
    await waitForResults(w.page, before);
    await expect(w.page.locator('.scenario-name').textContent()).resolves.toBe('My edited Stafford');
    await expectClean(w);
  });
});
