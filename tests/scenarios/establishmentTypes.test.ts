/**
 * The built-in scenarios by kind of prison: each establishment has its kind, the kinds' flows
 * look like their kind (a trainer turns over far less than once a year, a local several times),
 * and a table category is never lost to a prior (Leicester's 84 remand prisoners).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenarioText, runScenario, type Scenario } from '../../src/index.js';
import { regionalTimeLeftWarnings } from '../../src/population/timeLeftSources.js';

function builtin(name: string): Scenario {
  const text = readFileSync(fileURLToPath(new URL(`../../scenarios/${name}.json`, import.meta.url)), 'utf8');
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.scenario;
}

describe('built-in establishments by kind of prison', () => {
  it('gives every establishment its kind, as its source describes it', () => {
    const kinds = Object.fromEntries(
      ['stafford-2014', 'wymott-2014', 'leicester-2014', 'west-midlands-2014'].flatMap((f) =>
        builtin(f).establishments.map((e) => [e.id, e.establishmentType]),
      ),
    );
    expect(kinds).toMatchObject({
      stafford: 'cat-c-trainer',
      wymott: 'cat-c-trainer',
      leicester: 'local',
      'long-lartin': 'high-security',
      werrington: 'young-people',
      'drake-hall': 'womens',
      birmingham: 'local',
    });
    expect(Object.values(kinds)).not.toContain('unspecified');
  });

  it("keeps Leicester's 84 remand prisoners: the sentence table is met", () => {
    const compiled = compileScenario(builtin('leicester-2014'));
    const fit = compiled.establishments[0]!.fit.find((f) => f.table === 'l-sentence')!;
    expect(fit.maxCellError).toBeLessThan(0.01);
  });

  it('turns a trainer over far less than once a year and a local several times', () => {
    const turnover = (name: string) => {
      const e = runScenario(builtin(name), { replications: 4 }).establishments[0]!;
      return e.receptions.mean / e.population.mean;
    };
    expect(turnover('wymott-2014')).toBeLessThan(0.6);
    expect(turnover('stafford-2014')).toBeLessThan(0.5);
    expect(turnover('leicester-2014')).toBeGreaterThan(2.5);
  }, 30000);

  it("keeps most of a trainer's ISPs past tariff, as reviews every two years releasing 12% imply", () => {
    const e = runScenario(builtin('wymott-2014'), { replications: 4 }).establishments[0]!;
    expect(e.indeterminate.mean).toBeGreaterThan(150);
    expect(e.pastTariff.mean / e.indeterminate.mean).toBeGreaterThan(0.7);
  }, 30000);

  it("warns when a trainer's time left comes wholly from a regional profile", () => {
    const s = builtin('west-midlands-2014');
    const regional = { ...s.establishments[1]!.population.tables[0]!, id: 'wm-time-left' };
    regional.cells = [{ where: { timeLeft: 'under-6m' }, count: 39 }];
    const withRegional = {
      ...s,
      establishments: s.establishments.map((e) =>
        e.id === 'featherstone' || e.id === 'birmingham'
          ? { ...e, population: { ...e.population, tables: [...e.population.tables, regional] } }
          : e,
      ),
    };
    const featherstone = withRegional.establishments.findIndex((e) => e.id === 'featherstone');
    const birmingham = withRegional.establishments.findIndex((e) => e.id === 'birmingham');
    expect(regionalTimeLeftWarnings(withRegional, featherstone)[0]?.message).toContain(
      'its time left comes wholly from a regional profile (wm-time-left, shared with 1 other prison)',
    );
    // A local's time left is not a trainer's: no warning.
    expect(regionalTimeLeftWarnings(withRegional, birmingham)).toEqual([]);
    expect(regionalTimeLeftWarnings(s, featherstone)).toEqual([]);
  });
});
