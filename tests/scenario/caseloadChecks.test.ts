/** The offender-management workload fields load with defaults, and bad ones are named by path. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { errorsOf, fixtureWith } from './helpers.js';

const load = (edits: Record<string, unknown>) => loadScenario(fixtureWith(edits));

describe('case-management workload fields', () => {
  it('are optional: a version 1 file without them loads with no errors', () => {
    const result = load({});
    expect(errorsOf(result)).toEqual([]);
    expect(result.ok && result.scenario.caseManagement.responsibility).toBeUndefined();
  });

  it('fill their defaults when given', () => {
    const result = load({ 'caseManagement.responsibility': {}, 'caseManagement.keyWork': {} });
    if (!result.ok) throw new Error(errorsOf(result).join('\n'));
    expect(result.scenario.caseManagement.responsibility?.handoverWeeksBeforeRelease.indeterminate).toBe(52);
    expect(result.scenario.caseManagement.keyWork?.minutesPerPrisonerWeek).toBe(45);
  });

  it('refuses an unknown tier set, naming the ones there are', () => {
    const tierSets = [{ id: 'omic', tiers: [{ id: 'all', when: { always: true }, sessionsPerYear: 4 }] }];
    expect(errorsOf(load({ 'caseManagement.tierSets': tierSets, 'caseManagement.tierSet': 'omc' }))).toEqual([
      'caseManagement.tierSet: unknown tier set "omc" (tier sets: omic)',
    ]);
    expect(errorsOf(load({ 'caseManagement.tierSet': 'omic' }))).toEqual([
      'caseManagement.tierSet: unknown tier set "omic" (caseManagement.tierSets is empty)',
    ]);
  });

  it('checks the rules of tier sets, sentence kinds and tasks like any other rule', () => {
    const errors = errorsOf(
      load({
        'caseManagement.tierSets': [
          { id: 'omic', tiers: [{ id: 'high', when: { attribute: 'rosh', atLeast: 'hgh' }, sessionsPerYear: 12 }] },
        ],
        'caseManagement.responsibility': {
          kinds: [{ kind: 'remand', when: { attribute: 'sentense', in: ['remand'] } }],
        },
        'caseManagement.workload': { tasks: [{ id: 'parole', when: { completed: 'SCP' }, minutesPerYear: 60 }] },
      }),
    );
    expect(errors).toContain(
      'caseManagement.tierSets[0].tiers[0].when.atLeast: "hgh" is not a band of attribute "rosh" (did you mean "high"?) (its bands: low, medium, high, very-high)',
    );
    expect(errors.some((e) => e.startsWith('caseManagement.responsibility.kinds[0].when.attribute: '))).toBe(true);
    expect(errors).toContain(
      'caseManagement.workload.tasks[0].when.completed: unknown programme "SCP" (programmes: TSP, C-SOTP)',
    );
  });

  it('refuses a sentence kind the engine does not know, by path', () => {
    const errors = errorsOf(
      load({ 'caseManagement.responsibility': { kinds: [{ kind: 'parole', when: { always: true } }] } }),
    );
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^caseManagement\.responsibility\.kinds\[0\]\.kind: /);
  });
});
