import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import {
  BROWSER_BUDGET,
  budgetProblem,
  describeRunFailure,
  estimateWork,
  MACHINE_BUDGET,
  workersThatFit,
  WORKING_HEAP_GROWTH,
} from '../../src/engine/budget.js';
import { nationalScenario } from '../../bench/nationalScenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { compileScenario } from '../../src/engine/compile.js';
import { simulateBatch, SimulationContext } from '../../src/engine/simulate.js';
import type { People } from '../../src/engine/people.js';
import { createSimulationApi } from '../../workers/api.js';
import { MAX_WORKERS } from '../../workers/chunks.js';
import { createValidationApi } from '../../workers/validationApi.js';

const STAFFORD = new URL('../../scenarios/stafford-2014.json', import.meta.url);
interface Doc {
  [key: string]: unknown;
  establishments: { population: { total?: number; tables: unknown[] }; operationalCapacity: number }[];
}
const staffordDoc = () => JSON.parse(readFileSync(STAFFORD, 'utf8')) as Doc;

function scenarioOf(doc: unknown): Scenario {
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

/** Stafford with five declared 64-band attributes that one table crosses. */
function wideJointDoc() {
  const doc = staffordDoc();
  const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
  doc['attributes'] = ids.map((id) => ({ id, categories: Array.from({ length: 64 }, (_, i) => ({ id: `b${i}` })) }));
  doc['replications'] = 2;
  doc.establishments[0]!.population.tables.push({
    id: 'wide',
    cells: [{ where: Object.fromEntries(ids.map((id) => [id, 'b0'])), count: 1 }],
  });
  return doc;
}

describe('a work and memory budget', () => {
  it('grows its estimate with replications, horizon and population', () => {
    const s = scenarioOf(staffordDoc());
    const base = estimateWork(s, { replications: 100, horizonWeeks: 52 });
    expect(base.bytes).toBeGreaterThan(0);
    expect(estimateWork(s, { replications: 1000, horizonWeeks: 52 }).bytes).toBeGreaterThan(base.bytes);
    expect(estimateWork(s, { replications: 100, horizonWeeks: 520 }).seconds).toBeGreaterThan(base.seconds * 5);
    const bigger = staffordDoc();
    bigger.establishments[0]!.population.total = 100_000;
    expect(estimateWork(scenarioOf(bigger), { replications: 100, horizonWeeks: 52 }).people).toBeGreaterThan(
      base.people * 50,
    );
  });

  it('lets the built-in scenario run in a browser tab', () => {
    expect(budgetProblem(scenarioOf(staffordDoc()), {}, BROWSER_BUDGET)).toBeUndefined();
  });

  it('refuses 100,000 replications over 520 years, naming what to lower, even with --allow-large', () => {
    const s = scenarioOf(staffordDoc());
    const options = { replications: 100_000, horizonWeeks: 520 * 52 };
    const message = budgetProblem(s, options, MACHINE_BUDGET, true);
    expect(message).toMatch(/^This run is too large to hold at all: it needs about [\d,.]+ GB of memory/);
    expect(message).toMatch(/lower the replications \(100,000\) or the horizon \(27,040 weeks\)/);
  });

  it('refuses 64-band attributes crossed in one table, naming the joint table', () => {
    const message = budgetProblem(scenarioOf(wideJointDoc()), {}, BROWSER_BUDGET);
    expect(message).toMatch(
      /lower the bands of the attributes the population tables cross \(a joint table of [\d,]+ cells\)/,
    );
  });

  it('refuses a population of 10 million in a browser tab', () => {
    const doc = staffordDoc();
    doc.establishments[0]!.population.total = 10_000_000;
    doc.establishments[0]!.operationalCapacity = 10_000_000;
    expect(budgetProblem(scenarioOf(doc), {}, BROWSER_BUDGET)).toMatch(/than a browser tab (can give|allows)/);
  });

  it('words an engine allocation failure for a planner', () => {
    for (const raw of ['Invalid typed array length: 121680000000', 'Array buffer allocation failed']) {
      const message = describeRunFailure(new RangeError(raw));
      expect(message).not.toMatch(/typed array|buffer/i);
      expect(message).toMatch(/more memory than is available: lower the replications/);
    }
  });

  it('is checked by the worker before it compiles, so the app gets the estimate, not an engine error', () => {
    const api = createSimulationApi();
    const outcome = api.prepare(JSON.stringify(wideJointDoc()), {});
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.message).toMatch(/too large to hold at all/);
      expect(outcome.error.message).not.toMatch(/typed array/i);
    }
  });

  it('is checked by the command line: run refuses, validate gives the estimate', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(main(['run', '--replications', '50000', '--horizon-weeks', '520'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/error: This run needs about .* more memory than this machine by default can give/);
    expect(err.join('\n')).toMatch(/--allow-large runs it anyway/);
    expect(err.join('\n')).not.toMatch(/typed array/i);
    expect(main(['validate'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/a run as the file sets it needs about \d+ MB of memory and .* on one core/);
  });
});

/** Bytes of the typed arrays an object holds directly. */
function arrayBytes(o: object | null | undefined): number {
  if (!o) return 0;
  return Object.values(o).reduce((n: number, v) => n + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
}

describe('the memory each worker keeps between runs (SimulationContext)', () => {
  it('counts at least what a context of the scenario holds, window and warm-up', () => {
    for (const file of ['stafford-2014', 'west-midlands-2014']) {
      const s = scenarioOf(JSON.parse(readFileSync(new URL(`../../scenarios/${file}.json`, import.meta.url), 'utf8')));
      const context = new SimulationContext(compileScenario(s, { replications: 1 }));
      const warmup = context.warmup as unknown as { people: object; shared: { needs: object } } | null;
      const held =
        arrayBytes(context.people) +
        arrayBytes(context.shared.needs) +
        arrayBytes(warmup?.people) +
        arrayBytes(warmup?.shared.needs);
      expect(held).toBeGreaterThan(0);
      expect(estimateWork(s).contextBytes, file).toBeGreaterThanOrEqual(held);
    }
  });

  it('counts what a context holds once it has run, with a warm-up of 520 weeks: slots of men gone are freed', () => {
    const s = scenarioOf(
      JSON.parse(readFileSync(new URL('../../scenarios/west-midlands-2014.json', import.meta.url), 'utf8')),
    );
    s.start = { mode: 'running', warmupWeeks: 520 };
    const compiled = compileScenario(s, { replications: 1 });
    const context = new SimulationContext(compiled);
    simulateBatch(compiled, 0, 1, {}, context);
    const warmup = context.warmup as unknown as { people: People; shared: { needs: object } };
    const held =
      arrayBytes(context.people) +
      arrayBytes(context.shared.needs) +
      arrayBytes(warmup.people) +
      arrayBytes(warmup.shared.needs);
    // The warm-up received about 195,000 people; its table holds about three times the 9,742 inside.
    expect(warmup.people.added).toBeGreaterThan(150_000);
    expect(warmup.people.capacity).toBeLessThan(35_000);
    expect(estimateWork(s).contextBytes).toBeGreaterThanOrEqual(held);
  });

  it('runs a scenario whose contexts do not all fit a tab on fewer workers, and tells the pool how many', () => {
    const doc = staffordDoc();
    doc['replications'] = 1;
    doc.establishments[0]!.population.total = 400_000;
    doc.establishments[0]!.operationalCapacity = 400_000;
    const s = scenarioOf(doc);
    expect(BROWSER_BUDGET.workers).toBe(MAX_WORKERS);
    const k = workersThatFit(s, {}, BROWSER_BUDGET);
    // Eight contexts and working heaps of 400,000 people do not fit 1.5 GB; k of them do, not k + 1.
    expect(k).toBeGreaterThanOrEqual(1);
    expect(k).toBeLessThan(BROWSER_BUDGET.workers);
    const page = BROWSER_BUDGET.baseBytes;
    expect(estimateWork(s, {}, k).bytes + page).toBeLessThanOrEqual(BROWSER_BUDGET.maxBytes);
    expect(estimateWork(s, {}, k + 1).bytes + page).toBeGreaterThan(BROWSER_BUDGET.maxBytes);
    expect(budgetProblem(s, {}, BROWSER_BUDGET)).toBeUndefined();
    const one = estimateWork(s, {}, 1);
    expect(estimateWork(s, {}, 3).bytes - one.bytes).toBeCloseTo(2 * (one.contextBytes + one.workingBytes), 0);
    // The worker's prepare gives the pool that number (pool.ts keeps the run to it).
    const shape = createSimulationApi().prepare(JSON.stringify(doc), {});
    expect(shape.ok && shape.value.workers).toBe(k);
    expect(workersThatFit(scenarioOf(staffordDoc()), {}, BROWSER_BUDGET)).toBe(BROWSER_BUDGET.workers);
  });

  it('refuses in a tab, with the field error, a scenario that does not fit even on one worker', async () => {
    const doc = staffordDoc();
    doc['replications'] = 1;
    doc.establishments[0]!.population.total = 1_000_000;
    doc.establishments[0]!.operationalCapacity = 1_000_000;
    const s = scenarioOf(doc);
    expect(workersThatFit(s, {}, BROWSER_BUDGET)).toBe(0);
    expect(budgetProblem(s, {}, BROWSER_BUDGET)).toMatch(/more memory than a browser tab can give \(1\.5 GB\)/);
    expect(budgetProblem(s, {}, MACHINE_BUDGET)).toBeUndefined();
    const verdict = await createValidationApi().check(JSON.stringify(doc));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.errors[0]?.message).toMatch(/more memory than a browser tab can give/);
  });

  it('lets the national bench scenario run 100 replications in a tab, on fewer than eight workers', () => {
    const s = nationalScenario();
    const k = workersThatFit(s, { replications: 100 }, BROWSER_BUDGET);
    expect(budgetProblem(s, { replications: 100 }, BROWSER_BUDGET)).toBeUndefined();
    expect(k).toBeGreaterThanOrEqual(2);
    expect(k).toBeLessThan(BROWSER_BUDGET.workers);
  });

  it('counts at least the heap a replication works in: each runs one in a heap of that size', () => {
    const root = new URL('../../', import.meta.url).pathname;
    // West Midlands with a warm-up of 520 weeks: five times the people of the default one go through.
    for (const which of ['stafford-2014', 'west-midlands-2014', 'west-midlands-520', 'national']) {
      const file = which === 'west-midlands-520' ? 'west-midlands-2014' : which;
      const s =
        which === 'national'
          ? nationalScenario()
          : scenarioOf(JSON.parse(readFileSync(new URL(`../../scenarios/${file}.json`, import.meta.url), 'utf8')));
      if (which === 'west-midlands-520') s.start = { mode: 'running', warmupWeeks: 520 };
      // The least heap the budget counts, before the growth it allows between collections.
      const least = estimateWork(s, { replications: 1 }).workingBytes / WORKING_HEAP_GROWTH;
      const mib = Math.floor(least / 2 ** 20);
      // The context's typed arrays live outside the heap: the heap limit is the working heap alone.
      const script = `
        import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
        import { compileScenario, loadScenarioText, simulateBatch } from './src/index.ts';
        import { nationalScenarioText } from './bench/nationalScenario.ts';
        const region = () => readFileSync('scenarios/west-midlands-2014.json', 'utf8');
        const text = '${which}' === 'national' ? nationalScenarioText(region()) : readFileSync('scenarios/${file}.json', 'utf8');
        const loaded = loadScenarioText(text);
        if (!loaded.ok) throw new Error('does not load');
        if ('${which}' === 'west-midlands-520') loaded.scenario.start = { mode: 'running', warmupWeeks: 520 };
        simulateBatch(compileScenario(loaded.scenario, { replications: 1 }), 0, 1);
        console.log('ran');`;
      const out = spawnSync(
        process.execPath,
        [`--max-old-space-size=${mib}`, '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: root, encoding: 'utf8' },
      );
      expect(
        `${which} in ${mib} MiB: ${out.stdout.trim()} ${/heap out of memory/.test(out.stderr) ? 'out of memory' : ''}`,
      ).toBe(`${which} in ${mib} MiB: ran `);
    }
  }, 300_000);
});
