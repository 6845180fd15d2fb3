/**
 * Offender management in the built-in scenarios: they keep the 2014 intensity tiers, offer an
 * OMiC-style tier set a planner can switch to, and say where every workload figure comes from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, runScenario, type Scenario } from '../../src/index.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FILES = ['stafford-2014.json', 'wymott-2014.json', 'leicester-2014.json', 'west-midlands-2014.json'];

function load(file: string): Scenario {
  const r = loadScenarioText(readFileSync(`${dir}${file}`, 'utf8'));
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
}

describe.each(FILES)('%s: offender management', (file) => {
  const cm = load(file).caseManagement;

  it('keeps the 2014 intensity tiers in use and offers the OMiC tier set by ROSH', () => {
    expect(cm.tierSet).toBeUndefined();
    expect(cm.tiers.map((t) => t.id)).toEqual(['highest', 'medium', 'low']);
    const omic = cm.tierSets?.find((s) => s.id === 'omic-rosh');
    expect(omic?.tiers.map((t) => t.sessionsPerYear)).toEqual([12, 9, 4]);
    expect(omic?.tiers[0].when).toEqual({ attribute: 'rosh', atLeast: 'high' });
  });

  it('gives a source for every workload figure and marks the defaults', () => {
    for (const task of cm.workload?.tasks ?? []) {
      expect(task.source, task.id).toBeTruthy();
      expect(task.defaults?.length, task.id).toBeGreaterThan(0);
    }
    expect(cm.workload?.tasks.length).toBeGreaterThanOrEqual(8);
    expect(cm.responsibility?.source).toMatch(/DOMAIN.md section 7/);
    expect(cm.keyWork?.minutesPerPrisonerWeek).toBe(45);
  });
});

describe('switching Stafford to the OMiC tier set', () => {
  it('reports the OMiC tiers, with high ROSH men in the highest tier', () => {
    const scenario = load('stafford-2014.json');
    scenario.caseManagement.tierSet = 'omic-rosh';
    const r = runScenario(scenario, { replications: 3, horizonWeeks: 8 });
    const om = r.establishments[0].offenderManagement;
    expect(om.byTier.map((t) => t.tier)).toEqual(['omic-high', 'omic-medium', 'omic-low']);
    expect(r.establishments[0].caseManagement.map((t) => t.tier)).toEqual(['omic-high', 'omic-medium', 'omic-low']);
    // The band scheme's default ROSH prior puts 25% at high or very high.
    const high = r.establishments[0].caseManagement[0].people.mean / r.establishments[0].population.mean;
    expect(high).toBeGreaterThan(0.15);
    expect(high).toBeLessThan(0.35);
    expect(om.pomFteRequired.mean).toBeGreaterThan(0);
  });
});
