import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, type Scenario } from '../../src/index.js';
import { BROWSER_BUDGET, budgetProblem } from '../../src/engine/budget.js';
import { createValidationApi } from '../../workers/validationApi.js';
import { mostReplicationsInTab, tabBudgetProblem } from '../../web/scenario/tabBudget.js';

const text = readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8');
const withReplications = (n: number) => JSON.stringify({ ...JSON.parse(text), replications: n });
function stafford(replications: number): Scenario {
  const r = loadScenarioText(withReplications(replications));
  if (!r.ok) throw new Error('Stafford does not load');
  return r.scenario;
}

describe("the app's limit on a run (a browser tab's budget)", () => {
  it('lets a scenario within a tab through', () => {
    expect(tabBudgetProblem(stafford(2000))).toBeUndefined();
  });

  it('marks Replications of a run over it, saying the most that fit and what to lower', () => {
    const problem = tabBudgetProblem(stafford(100_000));
    expect(problem?.path).toBe('replications');
    const most = mostReplicationsInTab(stafford(100_000));
    expect(problem?.message).toContain(`must be ${most.toLocaleString('en-GB')} or fewer`);
    expect(problem?.message).toMatch(
      /more than a browser tab can give \(1\.5 GB\)\. Lower the replications or the horizon/,
    );
    // The number it gives fits, and is close to the limit (within 2%, after rounding down).
    expect(budgetProblem(stafford(most), {}, BROWSER_BUDGET)).toBeUndefined();
    expect(budgetProblem(stafford(Math.ceil(most * 1.02)), {}, BROWSER_BUDGET)).toBeDefined();
  });

  it("is the app's verdict, not the loader's: the worker's check refuses what the loader accepts", async () => {
    expect(loadScenarioText(withReplications(100_000)).ok).toBe(true); // the command line runs it
    const verdict = await createValidationApi().check(withReplications(100_000));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.errors.map((e) => e.path)).toEqual(['replications']);
    expect((await createValidationApi().check(withReplications(200))).ok).toBe(true);
  });
});
