import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenarioText, simulateBatch, SimulationContext, summarize } from '../../src/index.js';
import type { Scenario } from '../../src/index.js';
import type { CompactionPolicy } from '../../src/engine/compaction.js';

// Compaction renumbers the table of people (compaction.ts) and must change no result: every
// built-in, compacting every week, every 13 weeks, when due and never, gives the same results JSON.
const dir = new URL('../../scenarios/', import.meta.url);
const builtIns = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

function load(file: string, edit?: (s: Scenario) => void): Scenario {
  const loaded = loadScenarioText(readFileSync(new URL(file, dir), 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  edit?.(loaded.scenario);
  return loaded.scenario;
}

function resultsWith(
  scenario: Scenario,
  policy: CompactionPolicy,
  replications: number,
  horizonWeeks?: number,
): string {
  const compiled = compileScenario(scenario, { seed: 777, replications, ...(horizonWeeks ? { horizonWeeks } : {}) });
  const context = new SimulationContext(compiled, policy);
  // Two batches through one context: its tables are emptied and used again between them.
  const half = Math.floor(replications / 2);
  const batches = [
    simulateBatch(compiled, 0, half, {}, context),
    simulateBatch(compiled, half, replications - half, {}, context),
  ];
  return JSON.stringify(summarize(compiled, batches));
}

describe('compacting the table of people changes no result', () => {
  for (const file of builtIns) {
    for (const start of ['as given', 'empty'] as const) {
      it(`${file}, start ${start}`, { timeout: 600_000 }, () => {
        const scenario = load(file, start === 'empty' ? (s) => (s.start = { mode: 'empty' }) : undefined);
        const replications = file.startsWith('west-midlands') || file.startsWith('region') ? 2 : 3;
        const never = resultsWith(scenario, 'never', replications);
        expect(resultsWith(scenario, 1, replications)).toBe(never);
        expect(resultsWith(scenario, 13, replications)).toBe(never);
        expect(resultsWith(scenario, 'auto', replications)).toBe(never);
      });
    }
  }
});

describe('the table of people holds about the people inside', () => {
  it('West Midlands over 5 years: slots stay under 3.5 times those inside', { timeout: 600_000 }, () => {
    const scenario = load('west-midlands-2014.json', (s) => (s.start = { mode: 'empty' }));
    const compiled = compileScenario(scenario, { seed: 777, replications: 1, horizonWeeks: 260 });
    const inside = compiled.establishments.reduce((n, e) => n + e.populationTotal, 0);
    const context = new SimulationContext(compiled);
    simulateBatch(compiled, 0, 1, {}, context);
    // About 9,700 inside receive about 19,000 a year: 100,000 people through a 5-year run.
    expect(context.people.added).toBeGreaterThan(5 * inside);
    expect(context.people.capacity).toBeLessThanOrEqual(3.5 * inside);
  });
});
