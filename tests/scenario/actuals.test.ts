/** Actual volumes and prices in a scenario file (src/scenario/actualsSchema.ts, actualsChecks.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioText } from '../../src/scenario/load.js';
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

function withActuals(): ScenarioInput {
  const input = minimalScenario();
  input.establishments[0].operatingPrice = { annualOperatingPrice: 11508731, source: 'annex' };
  const tsp = input.establishments[0].programmes![0];
  tsp.actual = {
    from: '2013-04-01',
    to: '2014-03-31',
    completions: 117,
    segments: [
      { by: 'ogrs', band: '0-24', completions: 38 },
      { by: 'offence', band: 'violent', starts: 12 },
    ],
    source: 'annex Table 4b',
    defaults: ['from', 'to'],
  };
  tsp.cost = { perPlace: 900 };
  return input;
}

const errorsOf = (input: unknown) => {
  const r = loadScenario(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('actual volumes and prices in a file', () => {
  it('survive a round trip through JSON text unchanged', () => {
    const first = loadScenario(withActuals());
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const again = loadScenarioText(JSON.stringify(first.scenario));
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.scenario).toEqual(first.scenario);
    const tsp = again.scenario.establishments[0].programmes[0];
    expect(tsp.actual?.segments?.[0]).toEqual({ by: 'ogrs', band: '0-24', completions: 38 });
    expect(tsp.cost).toEqual({ perPlace: 900 });
    expect(again.scenario.establishments[0].operatingPrice?.annualOperatingPrice).toBe(11508731);
  });

  it('are optional: a file without them loads with none', () => {
    const r = loadScenario(minimalScenario());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([]);
    expect(r.scenario.establishments[0].programmes[0].actual).toBeUndefined();
    expect(r.scenario.establishments[0].operatingPrice).toBeUndefined();
  });

  it("keep loading Wymott's built-in file with its cited actuals", () => {
    const text = readFileSync(new URL('../../scenarios/wymott-2014.json', import.meta.url), 'utf8');
    const r = loadScenarioText(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const tsp = r.scenario.establishments[0].programmes.find((d) => d.programme === 'tsp')!;
    expect(tsp.actual?.completions).toBe(117);
    expect(tsp.actual?.segments?.map((s) => s.completions)).toEqual([38, 27, 33, 18, 1]);
    expect(tsp.actual?.source).toMatch(/003_/);
  });

  it('name a band that does not exist by its path', () => {
    const input = withActuals();
    input.establishments[0].programmes![0].actual!.segments![0].band = '50-99';
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        /^establishments\[0\]\.programmes\[0\]\.actual\.segments\[0\]\.band: "50-99" is not a band/,
      ),
    ]);
  });

  it('name a period that ends before it begins, and actuals with nothing to compare', () => {
    const input = withActuals();
    const actual = input.establishments[0].programmes![0].actual!;
    actual.to = '2013-01-01';
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        /^establishments\[0\]\.programmes\[0\]\.actual\.to: Actual volumes of TSP: the period ends/,
      ),
    ]);
    const empty = minimalScenario();
    empty.establishments[0].programmes![0].actual = { from: '2014-04-01', to: '2015-03-31' };
    expect(errorsOf(empty)).toEqual([
      expect.stringMatching(/^establishments\[0\]\.programmes\[0\]\.actual: .*nothing to compare/),
    ]);
  });

  it('reject a negative price and a date that is no date, by path', () => {
    const input = withActuals();
    (input.establishments[0].operatingPrice as { annualOperatingPrice: number }).annualOperatingPrice = -5;
    input.establishments[0].programmes![0].actual!.from = '1 April 2013';
    const errors = errorsOf(input);
    expect(errors.some((e) => e.startsWith('establishments[0].operatingPrice.annualOperatingPrice'))).toBe(true);
    expect(errors.some((e) => e.startsWith('establishments[0].programmes[0].actual.from'))).toBe(true);
  });

  it('warn when the segments add up to more than the total', () => {
    const input = withActuals();
    input.establishments[0].programmes![0].actual!.completions = 30;
    const r = loadScenario(input);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.path)).toContain('establishments[0].programmes[0].actual.completions');
  });
});
