/**
 * `npm run measure:provisional [repeats]`: how soon the app shows figures after an edit (issue 9
 * item 3: provisional figures within 0.3 s for one establishment and 2 s for the West Midlands,
 * on a 2-core machine). Builds the app, serves it with `vite preview`, opens it in Chromium and,
 * for HMP Stafford and the West Midlands, changes a prison's TSP groups a year `repeats` times
 * (3 by default; a second argument picks the cases whose name contains it), printing for each edit the time to the first (provisional) figures and to the
 * full run's results, on the page's clock, from the input event. Each edit's value is one the tab
 * has not run, then one more edit goes back to the first's: a scenario run before, whose results the
 * pool shows again without simulating (workers/runMemo.ts).
 *
 * It prints how long the openings took (the page's, on HMP Stafford, and the case's).
 * Beside each edit it prints where the run's time went (the pool's RunPhases: compiling,
 * simulating, summarising and messaging, summed over workers) and the page's own long tasks
 * (main-thread work over 50 ms: drawing, copying results in), and the load average: on a machine
 * busy with other work the figures are inflated, so run it on a quiet one, and compare before and
 * after back to back. `PLACEWISE_CHROMIUM` overrides /usr/bin/chromium;
 * `PLACEWISE_NATIONAL_REPLICATIONS` runs the national case with fewer than its 100 replications.
 * `PLACEWISE_OPENINGS=N` opens each case N times afresh (one build), `repeats` edits each time:
 * the first edit after opening differs from the rest.
 * `PLACEWISE_TRACE=N[,M...]` records a Chromium trace over edit N (and M...) and prints the CPU time (thread time,
 * not wall time: it does not grow with the machine's load) each thread of the page spent between
 * the edit and its first figures, and the events that took most of it.
 * With `PLACEWISE_TRACE_UNTIL=full` the trace's CPU times run to the full results instead; they
 * include V8's background threads (ThreadPoolForegroundWorker: Turbofan and Maglev compiling,
 * which on two cores competes with the workers' replications).
 * `PLACEWISE_EDIT_WAIT_MS` (500 by default) is how long it waits after opening the editor before the
 * first edit: 5000 lets the workers' throwaway warm-ups finish first, as a user reading the
 * results would. `PLACEWISE_JS_FLAGS` passes V8 flags to Chromium (`--trace-opt`, `--prof`; its
 * output is Chromium's, seen with DEBUG=pw:browser).
 * `PLACEWISE_PROFILE=N` builds the app unminified and records a CPU profile of the page's main
 * thread over edit N (1: the first after opening), printing the functions with the most self time
 * and the scripts they are in: where a slow edit's long tasks go. `PLACEWISE_PROFILE_OUT=file`
 * writes the whole profile there too (it opens in DevTools' Performance panel).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { nationalScenarioText } from '../bench/nationalScenario.js';

const root = resolve(import.meta.dirname, '..');
const repeats = Number(process.argv[2] ?? 3);
/** Optional case filter (`npm run measure:provisional -- 5 stafford`): cases whose name contains it. */
const only = process.argv[3]?.toLowerCase();
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** A full West Midlands run takes minutes on a loaded machine. */
const RUN_TIMEOUT_MS = 15 * 60_000;
/** How many times each case is opened afresh (a new page), each followed by `repeats` edits. */
const openings = Math.max(1, Number(process.env['PLACEWISE_OPENINGS'] ?? 1));
/** Edit to profile (1-based), or 0 for none. */
const profileEdit = Number(process.env['PLACEWISE_PROFILE'] ?? 0);
/** Where to write the whole CPU profile (`PLACEWISE_PROFILE_OUT=edit.cpuprofile`, for DevTools), if anywhere. */
const profileOut = process.env['PLACEWISE_PROFILE_OUT'];
/** Milliseconds between opening the editor and the first edit (PLACEWISE_EDIT_WAIT_MS). */
const editWaitMs = Number(process.env['PLACEWISE_EDIT_WAIT_MS'] ?? 500);
if (!Number.isFinite(editWaitMs) || editWaitMs < 0)
  throw new Error(
    `PLACEWISE_EDIT_WAIT_MS must be a number of milliseconds, 0 or more; got "${process.env['PLACEWISE_EDIT_WAIT_MS']}"`,
  );
/** Whether a trace's CPU times run to the full results (PLACEWISE_TRACE_UNTIL=full) or the first figures. */
const traceUntilFull = process.env['PLACEWISE_TRACE_UNTIL'] === 'full';
if (process.env['PLACEWISE_TRACE_UNTIL'] !== undefined && !traceUntilFull)
  throw new Error(`PLACEWISE_TRACE_UNTIL takes "full" or nothing; got "${process.env['PLACEWISE_TRACE_UNTIL']}"`);
/** Edits to trace (1-based, `PLACEWISE_TRACE=1,3`), or none. */
const traceEdits = new Set((process.env['PLACEWISE_TRACE'] ?? '').split(',').filter(Boolean).map(Number));

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * CPU time by thread from the edit's mark to the first figures' mark (or the end), from a trace:
 * the thread time of each thread's top-level tasks, and the events with the most of it.
 */
function threadTimes(trace: Buffer): string[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('user_timing'))?.ts;
  const from = mark('placewise-edit');
  if (from === undefined) return ['trace: no edit mark'];
  // A loop, not Math.max(...): a trace over a West Midlands edit has more events than a call's arguments can hold.
  let last = -Infinity;
  for (const e of events) if (e.ts > last) last = e.ts;
  const to = traceUntilFull ? last : (mark('placewise-first-figures') ?? last);
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const cpu = new Map<string, { cpu: number; wall: number; byName: Map<string, number>; tasks: number[] }>();
  for (const e of events) {
    // The task the edit was made in counts (its input event, and the drawing it starts in microtasks).
    if (e.ph !== 'X' || e.tdur === undefined || e.ts + (e.dur ?? 0) < from || e.ts > to) continue;
    const key = `${e.pid}:${e.tid}`;
    const t = cpu.get(key) ?? { cpu: 0, wall: 0, byName: new Map<string, number>(), tasks: [] };
    cpu.set(key, t);
    if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask' || e.name === 'ThreadPool_RunTask') {
      t.cpu += e.tdur / 1000;
      t.wall += (e.dur ?? 0) / 1000;
      if (e.tdur >= 1000) t.tasks.push(e.tdur / 1000);
    } else t.byName.set(e.name, (t.byName.get(e.name) ?? 0) + e.tdur / 1000);
  }
  // The page's own thread, task by task: when each began (ms after the edit), its CPU time, and
  // what took it (the events directly inside: an input event, a message, a timer, microtasks, paint).
  const main = [...names.entries()].find(([, n]) => n === 'CrRendererMain')?.[0];
  const inMain = events.filter(
    (e) =>
      e.ph === 'X' && e.tdur !== undefined && `${e.pid}:${e.tid}` === main && e.ts + (e.dur ?? 0) >= from && e.ts <= to,
  );
  const mainTasks = inMain
    .filter((e) => (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.tdur! >= 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      const inner = new Map<string, number>();
      for (const e of inMain)
        if (
          e !== task &&
          e.ts >= task.ts &&
          e.ts + (e.dur ?? 0) <= end &&
          e.tdur! >= 300 &&
          !e.name.includes('RunTask')
        )
          inner.set(e.name, Math.max(inner.get(e.name) ?? 0, e.tdur! / 1000));
      const what = [...inner.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([n, v]) => `${n} ${v.toFixed(0)}`)
        .join(', ');
      return `    at ${((task.ts - from) / 1000).toFixed(0).padStart(4)} ms: cpu ${(task.tdur! / 1000).toFixed(1).padStart(5)} (${what})`;
    });
  return [
    `trace, edit to ${traceUntilFull ? 'full results' : 'first figures'} (${Math.round((to - from) / 1000)} ms), the page's thread's tasks of 1 ms or more:`,
    ...mainTasks,
    `  CPU ms by thread:`,
    ...[...cpu.entries()]
      .filter(([, t]) => t.cpu >= 1)
      .sort((a, b) => b[1].cpu - a[1].cpu)
      .map(
        ([key, t]) =>
          `  ${(names.get(key) ?? key).padEnd(28)} cpu ${t.cpu.toFixed(0).padStart(5)} (in tasks of ${t.wall.toFixed(0)} ms wall); ` +
          `its first tasks of 1 ms or more: ${t.tasks
            .slice(0, 4)
            .map((v) => v.toFixed(0))
            .join(', ')}; ` +
          [...t.byName.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([n, v]) => `${n} ${v.toFixed(0)}`)
            .join(', '),
      ),
  ];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The top functions of a CDP CPU profile by self time, one a line. */
function topSelfTime(
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] },
  untilMs: number,
  n = 25,
): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    if (at > untilMs) return;
    const f = byNode.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [
    `profile of the first ${Math.round(untilMs)} ms: ${Math.round(total)} ms sampled`,
    ...[...self.entries()]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(7)} ms  ${k}`),
  ];
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Timing {
  /** From the edit to the first provisional figures on screen (ms); null when none came first. */
  firstFigures: number | null;
  /** From the edit to the full run's results on screen (ms). */
  fullResults: number;
  /** From the edit to the validation worker's verdict on it (ms): provisional figures wait for it. */
  verdict: number | null;
  /** Throwaway warm-up runs the workers had done when the edit was made (data-warm-ups). */
  warmUps: number;
  /** Replications behind the first provisional figures. */
  provisionalReplications: number | null;
  /** Main-thread long tasks during the edit: their count and total milliseconds. */
  longTasks: number;
  longTaskMs: number;
  /** Of those, the ones that started before the first figures: their count and total milliseconds. */
  longTasksFirst: number;
  longTaskMsFirst: number;
  /** The pool's RunPhases of the full run (workers/pool.ts). */
  phases: Record<string, number | null> | null;
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '-' : String(Math.round(v)));

/** Where a run's time went, in one line. */
function describePhases(p: Record<string, number | null> | null): string {
  if (!p) return 'no phases';
  return (
    `worker ms: compile ${ms(p['compileMs'])}, simulate ${ms(p['simulateMs'])}, provisional summary ` +
    `${ms(p['provisionalSummaryMs'])}, summary ${ms(p['summaryMs'])}, messaging ${ms(p['messagingMs'])} ` +
    `(${p['tasks']} tasks); of the run: compiled at ${ms(p['preparedAtMs'])} ms, first replications back at ` +
    `${ms(p['firstBatchesAtMs'])} ms, provisional handed over at ${ms(p['provisionalAtMs'])} ms`
  );
}

interface RunOnScreen {
  runMs: number;
  replications: number;
  phases: Record<string, number | null> | null;
}

/** The last full run on screen: how long it took, its replications and where its time went. */
function runOnScreen(page: Page): Promise<RunOnScreen> {
  return page.evaluate(() => {
    const app = document.querySelector('pw-app')!;
    return {
      runMs: Number(app.getAttribute('data-run-ms')),
      replications: Number(app.getAttribute('data-run-replications')),
      phases: JSON.parse(app.getAttribute('data-run-phases') ?? 'null') as Record<string, number | null> | null,
    };
  });
}

/** The last full run on screen, in one line. */
async function lastRun(page: Page): Promise<string> {
  const run = await runOnScreen(page);
  return `run ${run.runMs} ms; ${describePhases(run.phases)}`;
}

const resultsRun = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('pw-app')?.getAttribute('data-results-run') ?? '0'));

/**
 * Wait until a full run newer than `after` has its results on screen and nothing is running; a
 * large run that asks before it starts is started.
 */
async function settled(page: Page, after = 0): Promise<void> {
  const handle = await page.waitForFunction(
    (prev) => {
      const app = document.querySelector('pw-app');
      const phase = document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase');
      if (phase === 'confirm') return 'confirm';
      if (phase === 'failed' || phase === 'invalid') return phase;
      return Number(app?.getAttribute('data-results-run') ?? '0') > prev && phase === 'done' ? 'done' : false;
    },
    after,
    { timeout: RUN_TIMEOUT_MS, polling: 100 },
  );
  const outcome = await handle.jsonValue();
  if (outcome === 'failed' || outcome === 'invalid') {
    const says = await page.evaluate(() => document.querySelector('pw-run-status')?.textContent ?? '');
    throw new Error(`the run ended ${outcome}: ${says.trim().replace(/\s+/g, ' ')}`);
  }
  if (outcome === 'confirm') {
    await page.click('pw-run-status button:has-text("Run it now")');
    await settled(page, after);
  }
}

/** Set a field by an input event from inside the page, and time what appears after it. */
function timedEdit(page: Page, path: string, value: string): Promise<Timing> {
  return page.evaluate(
    async ({ path, value, timeout }) => {
      const app = document.querySelector('pw-app')!;
      const input = document.querySelector<HTMLInputElement>(`[name="${path}"]`);
      if (!input) throw new Error(`no field ${path} in the editor`);
      let firstFigures: number | null = null;
      let provisionalReplications: number | null = null;
      let fullResults = -1;
      let verdict: number | null = null;
      const warmUps = Number(app.getAttribute('data-warm-ups') ?? 0);
      let longTasks = 0;
      let longTaskMs = 0;
      const entries: PerformanceEntry[] = [];
      const longTaskObserver = new PerformanceObserver((list) => {
        entries.push(...list.getEntries());
      });
      longTaskObserver.observe({ type: 'longtask' });
      performance.mark('placewise-edit'); // for a trace (PLACEWISE_TRACE)
      const t0 = performance.now();
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          if (r.attributeName === 'data-provisional' && app.hasAttribute('data-provisional') && firstFigures === null) {
            performance.mark('placewise-first-figures');
            firstFigures = performance.now() - t0;
            provisionalReplications = Number(app.getAttribute('data-provisional'));
          }
          if (r.attributeName === 'data-results-run') fullResults = performance.now() - t0;
          if (r.attributeName === 'data-checks' && verdict === null) verdict = performance.now() - t0;
        }
      });
      observer.observe(app, {
        attributes: true,
        attributeFilter: ['data-results-run', 'data-provisional', 'data-checks'],
      });
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((done, fail) => {
        const check = () => {
          const phase = document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase');
          if (fullResults >= 0 && phase === 'done') done();
          else if (performance.now() - t0 > timeout) fail(new Error('no full results in time'));
          else setTimeout(check, 10);
        };
        check();
      });
      observer.disconnect();
      // Entries still buffered are delivered by takeRecords.
      entries.push(...longTaskObserver.takeRecords());
      longTaskObserver.disconnect();
      let longTasksFirst = 0;
      let longTaskMsFirst = 0;
      for (const entry of entries) {
        if (entry.startTime + entry.duration < t0) continue; // ended before the edit
        longTasks++;
        longTaskMs += entry.duration;
        if (firstFigures !== null && entry.startTime < t0 + firstFigures) {
          longTasksFirst++;
          longTaskMsFirst += entry.duration;
        }
      }
      const phases = JSON.parse(app.getAttribute('data-run-phases') ?? 'null') as Record<string, number | null> | null;
      return {
        firstFigures,
        fullResults,
        verdict,
        warmUps,
        provisionalReplications,
        longTasks,
        longTaskMs,
        longTasksFirst,
        longTaskMsFirst,
        phases,
      };
    },
    { path, value, timeout: RUN_TIMEOUT_MS },
  );
}

interface Case {
  name: string;
  /** Opens the scenario in a page showing the built-in Stafford. */
  open(page: Page): Promise<void>;
  /** The establishment to pick in the editor, and the field edited there. */
  establishment: number;
  field: string;
  /**
   * The edits' values, in turn: each different from the file's (8) and from the others, so that
   * no edit is a scenario the tab has run before, whose results the pool would show again
   * (workers/runMemo.ts). After them one edit goes back to the first value, timed as such.
   */
  values: string[];
}

const EDIT_VALUES = ['4', '6', '5', '7', '3', '9', '10', '2', '11', '12'];

const CASES: Case[] = [
  {
    name: 'HMP Stafford',
    open: async () => {},
    establishment: 0,
    field: 'establishments[0].programmes[0].groupsPerYear',
    values: EDIT_VALUES,
  },
  {
    name: 'West Midlands',
    open: async (page) => {
      await page.click('#builtin-open');
      await page.click('#builtin-dialog button[aria-label="Open West Midlands region 2014-15"]');
    },
    establishment: 8, // HMP Stafford within the region
    field: 'establishments[8].programmes[0].groupsPerYear',
    values: EDIT_VALUES,
  },
];

/**
 * National scale (issue 12: 100 replications under 5 s in Chromium on two cores): the synthetic
 * national scenario (bench/nationalScenario.ts, 85,000 people, 3 years) opened as a file, timed
 * from the file to its results on screen (checking the file included) and as the run itself
 * (compiling, simulating, summarising: the pool's own clock, data-run-ms).
 */
async function national(page: Page): Promise<RunOnScreen & { openToResults: number }> {
  let text = nationalScenarioText(await readFile(join(root, 'scenarios/west-midlands-2014.json'), 'utf8'));
  const replications = Number(process.env['PLACEWISE_NATIONAL_REPLICATIONS'] ?? 0);
  if (replications > 0) text = JSON.stringify({ ...(JSON.parse(text) as object), replications });
  const before = await resultsRun(page);
  const t0 = Date.now();
  await page.setInputFiles('#open-file', {
    name: 'national.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await settled(page, before);
  const openToResults = Date.now() - t0;
  return { ...(await runOnScreen(page)), openToResults };
}

async function main(): Promise<void> {
  const executablePath = process.env['PLACEWISE_CHROMIUM'] ?? '/usr/bin/chromium';
  const outDir = await mkdtemp(join(tmpdir(), 'placewise-measure-'));
  await build({
    root,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: false, ...(profileEdit > 0 ? { minify: false } : {}) },
  });
  const server = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no address');
  const jsFlags = process.env['PLACEWISE_JS_FLAGS'];
  const args = jsFlags ? [...CHROMIUM_ARGS, `--js-flags=${jsFlags}`] : CHROMIUM_ARGS;
  const browser = await chromium.launch({ executablePath, headless: true, args });
  console.log(`${cpus().length} cores; load average ${load()} (1, 5, 15 min) at the start`);
  try {
    const cases = CASES.filter((k) => only === undefined || k.name.toLowerCase().includes(only));
    for (const [run, c] of Array.from({ length: openings }, () => cases)
      .flat()
      .entries()) {
      if (openings > 1) console.log(`opening ${Math.floor(run / cases.length) + 1} of ${openings}`);
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      // tsx names the functions this script hands to the page with a helper the page lacks.
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(url);
      await settled(page);
      // The openings too: what a worker does before its first task shows there, not in the edits.
      console.log(`Opening the page (HMP Stafford): ${await lastRun(page)}`);
      const before = await resultsRun(page);
      await c.open(page);
      if (c.establishment > 0) {
        await settled(page, before); // Stafford is open already
        console.log(`Opening ${c.name}: ${await lastRun(page)}`);
      }
      const workers = await page.evaluate(() => navigator.hardwareConcurrency);
      await page.click('#tab-edit');
      await page.locator('main.view-edit').waitFor();
      if (c.establishment > 0) await page.selectOption('#ed-establishment', String(c.establishment));
      await page.locator(`[name="${c.field}"]`).waitFor();
      // The editor's first drawing is not what is measured.
      await page.waitForTimeout(editWaitMs);
      for (let i = 0; i < repeats; i++) {
        const cdp = profileEdit === i + 1 ? await context.newCDPSession(page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        const tracing = traceEdits.has(i + 1);
        if (tracing)
          await browser.startTracing(page, {
            categories: [
              'toplevel',
              'devtools.timeline',
              'v8',
              'v8.execute',
              'blink.user_timing',
              'disabled-by-default-v8.compile',
            ],
          });
        const value = c.values[i % c.values.length]!;
        const t = await timedEdit(page, c.field, value);
        if (tracing) console.log(threadTimes(await browser.stopTracing()).join('\n'));
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          if (profileOut) await writeFile(profileOut, JSON.stringify(profile));
          // From the profile's start to the first figures (or the full results when none came first).
          console.log(topSelfTime(profile as never, (t.firstFigures ?? t.fullResults) + 20).join('\n'));
          await cdp.detach();
        }
        const first =
          t.firstFigures === null
            ? 'no provisional figures (the full run came first)'
            : `first figures ${Math.round(t.firstFigures)} ms (${t.provisionalReplications} replications)`;
        console.log(
          `${c.name}, edit ${i + 1} (${c.field} = ${value}): ${first}, full results ${Math.round(t.fullResults)} ms; ` +
            `verdict ${ms(t.verdict)} ms; ${t.warmUps} warm-up runs before it; ` +
            `${workers} logical cores in the page; load average ${load()}`,
        );
        console.log(
          `  ${describePhases(t.phases)}; page long tasks ${t.longTasks} (${Math.round(t.longTaskMs)} ms), ` +
            `${t.longTasksFirst} of them (${Math.round(t.longTaskMsFirst)} ms) before the first figures`,
        );
      }
      // Back to the first edit's value: a scenario this tab has run, its results shown again.
      const back = await timedEdit(page, c.field, c.values[0]!);
      console.log(
        `${c.name}, back to edit 1's value (${c.values[0]}): full results ${Math.round(back.fullResults)} ms, ` +
          `${back.phases?.['tasks'] === 0 ? 'shown again, nothing simulated' : `simulated again (${describePhases(back.phases)})`}`,
      );
      await context.close();
    }
    if (only === undefined || 'national'.includes(only)) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(url);
      await settled(page);
      for (let i = 0; i < Math.min(repeats, 2); i++) {
        const t = await national(page);
        console.log(
          `National, open ${i + 1}: ${t.replications} replications${t.phases?.['tasks'] === 0 ? ' (shown again, nothing simulated)' : ''}, run ${Math.round(t.runMs)} ms ` +
            `(file to results ${t.openToResults} ms); load average ${load()}`,
        );
        console.log(`  ${describePhases(t.phases)}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
