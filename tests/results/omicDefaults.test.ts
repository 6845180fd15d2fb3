import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioText, runScenario, type Scenario } from '../../src/index.js';
import { offenderManagementDefaults } from '../../src/results/omicDefaults.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

function builtIn(file: string): Scenario {
  const r = loadScenarioText(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
}

function load(input: unknown): Scenario {
  const r = loadScenario(input);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.scenario;
}

describe('the defaults offender-management figures rest on', () => {
  it("names Stafford's POMs in post, their available share and every task's minutes", () => {
    const d = offenderManagementDefaults(builtIn('stafford-2014.json'), [0]);
    expect(d[0]).toBe('POM FTE in post');
    expect(d).toContain('share of POM hours available for cases');
    const tasks = d.find((x) => x.startsWith('minutes per task'));
    expect(tasks).toMatch(/OASys assessment and review/);
    expect(tasks).toMatch(/Handover to the COM/);
  });

  it('counts the establishments whose staffing is a default, for the region', () => {
    const s = builtIn('west-midlands-2014.json');
    const all = s.establishments.map((_, i) => i);
    expect(offenderManagementDefaults(s, all)).toContain(
      `POM FTE in post (default at ${all.length} of ${all.length} establishments)`,
    );
  });

  it('names nothing when staffing and task minutes come from a source, and the results carry it', () => {
    const input = minimalScenario();
    input.establishments[0].staffing = { pomFte: 10, source: 'a staffing return' };
    const task = { id: 'oasys', label: 'OASys review', minutesPerYear: 240, source: 'a time study' };
    input.caseManagement = { ...input.caseManagement!, workload: { tasks: [task] } };
    const sourced = load(input);
    expect(offenderManagementDefaults(sourced, [0])).toEqual([]);

    input.caseManagement.workload = { tasks: [{ ...task, defaults: ['minutesPerYear'] }] };
    const defaulted = load(input);
    expect(offenderManagementDefaults(defaulted, [0])).toEqual(['minutes per task (OASys review)']);
    const results = runScenario(defaulted, { replications: 2, horizonWeeks: 8 });
    expect(results.establishments[0].offenderManagement.restsOnDefaults).toEqual(['minutes per task (OASys review)']);
    expect(results.region.offenderManagement.restsOnDefaults).toEqual(['minutes per task (OASys review)']);
  });
});
