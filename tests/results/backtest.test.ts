/** Backtests (src/results/backtest.ts): the arithmetic, and rows read off a real run. */
import { describe, expect, it } from 'vitest';
import { compareWithActual, periodWeeks, scaleStat } from '../../src/results/backtest.js';
import { runScenario } from '../../src/engine/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario, ScenarioInput } from '../../src/scenario/schema.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

const stat = (mean: number, p5: number, p95: number) => ({ mean, p5, p50: mean, p95 });

function load(input: ScenarioInput): Scenario {
  const result = loadScenario(input);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.scenario;
}

describe('backtest arithmetic', () => {
  it('gives the error as projected minus actual, its size, and its share of the actual', () => {
    const c = compareWithActual(stat(90, 80, 100), 120);
    expect(c.error).toBe(-30);
    expect(c.absoluteError).toBe(30);
    expect(c.percentError).toBe(-25);
    expect(c.insideInterval).toBe(false);
  });

  it('counts an actual on either edge of the interval as inside, and just past it as outside', () => {
    expect(compareWithActual(stat(90, 80, 100), 80).insideInterval).toBe(true);
    expect(compareWithActual(stat(90, 80, 100), 100).insideInterval).toBe(true);
    expect(compareWithActual(stat(90, 80, 100), 100.5).insideInterval).toBe(false);
    expect(compareWithActual(stat(90, 80, 100), 79.5).insideInterval).toBe(false);
  });

  it('has no percentage for an actual of 0, where any projection would be infinitely off', () => {
    const c = compareWithActual(stat(2, 0, 4), 0);
    expect(c.percentError).toBeNull();
    expect(c.error).toBe(2);
    expect(c.insideInterval).toBe(true);
  });

  it('reads a year of dates as 52 weeks and scales every quantile', () => {
    expect(periodWeeks('2013-04-01', '2014-03-31')).toBe(52);
    expect(periodWeeks('2014-04-01', '2014-09-30')).toBe(26);
    expect(scaleStat(stat(10, 4, 16), 0.5)).toEqual({ mean: 5, p5: 2, p50: 5, p95: 8 });
  });
});

describe('backtest rows of a run', () => {
  const input = minimalScenario();
  const tsp = input.establishments[0].programmes!.find((d) => d.programme === 'TSP')!;
  tsp.actual = {
    from: '2014-04-01',
    to: '2015-03-30',
    starts: 70,
    completions: 60,
    segments: [{ by: 'ogrs', band: '50-74', completions: 20 }],
    source: 'test',
  };
  const scenario = load(input);
  const results = runScenario(scenario, { replications: 4, horizonWeeks: 26 });
  const programme = results.establishments[0].programmes.find((p) => p.programme === 'TSP')!;

  it('compares each given measure with the window scaled to the actual period (here twice the window)', () => {
    const rows = results.backtest.rows.filter((r) => r.segment === null);
    expect(rows.map((r) => r.measure)).toEqual(['starts', 'completions']);
    const completions = rows[1];
    expect(completions.projected.mean).toBeCloseTo(programme.completions.mean * 2, 9);
    expect(completions.projected.p95).toBeCloseTo(programme.completions.p95 * 2, 9);
    expect(completions.error).toBeCloseTo(completions.projected.mean - 60, 9);
    expect(completions.periodNote).toMatch(/scaled from 26 to 52 weeks/);
  });

  it('reads a segment from the results by OGRS band', () => {
    const row = results.backtest.rows.find((r) => r.segment?.band === '50-74')!;
    const band = programme.byOgrs.find((s) => s.segment === '50-74')!;
    expect(row.projected.mean).toBeCloseTo(band.completions.mean * 2, 9);
    expect(row.actual).toBe(20);
  });

  it('has no rows, and no region rows, for programmes without actuals', () => {
    expect(results.backtest.rows.every((r) => r.programme === 'TSP' && r.establishment !== null)).toBe(true);
  });
});

describe('region rows', () => {
  function twoSites(bothActual: boolean): ScenarioInput {
    const input = minimalScenario();
    const first = input.establishments[0];
    first.programmes = first.programmes!.filter((d) => d.programme === 'TSP');
    first.programmes[0].actual = { from: '2014-04-01', to: '2014-09-29', completions: 30 };
    const second = structuredClone(first);
    second.id = 'second';
    second.name = 'Second prison';
    if (bothActual) second.programmes![0].actual = { from: '2014-04-01', to: '2014-09-29', completions: 25 };
    else delete second.programmes![0].actual;
    input.establishments = [first, second];
    return input;
  }

  it('adds a region row, the sum of the actuals, when every site that delivers it gives one', () => {
    const results = runScenario(load(twoSites(true)), { replications: 3, horizonWeeks: 26 });
    const region = results.backtest.rows.filter((r) => r.establishment === null);
    expect(region).toHaveLength(1);
    expect(region[0].actual).toBe(55);
    const tsp = results.region.programmes.find((p) => p.programme === 'TSP')!;
    expect(region[0].projected.mean).toBeCloseTo(tsp.completions.mean, 9);
    expect(region[0].periodNote).toBeNull();
  });

  it('has no region row when a site that delivers it gives no actual', () => {
    const results = runScenario(load(twoSites(false)), { replications: 3, horizonWeeks: 26 });
    expect(results.backtest.rows.filter((r) => r.establishment === null)).toHaveLength(0);
    expect(results.backtest.rows).toHaveLength(1);
  });
});
