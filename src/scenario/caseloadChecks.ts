/**
 * Checks on the offender-management workload fields of case management: the tier sets a planner
 * can switch to, the sentence-kind and early-allocation rules, and the case tasks.
 */
import { checkUniqueIds, type CheckContext } from './checkContext.js';
import { checkCriterion } from './criteriaChecks.js';
import type { Tier } from './schema.js';

type TierListCheck = (
  ctx: CheckContext,
  tiers: readonly Tier[],
  priority: readonly string[] | undefined,
  at: string,
) => void;

export function checkCaseload(ctx: CheckContext, checkTierList: TierListCheck): void {
  const cm = ctx.scenario.caseManagement;
  const sets = cm.tierSets ?? [];
  checkUniqueIds(ctx.problems, sets, 'caseManagement.tierSets', 'tier set');
  sets.forEach((set, i) => checkTierList(ctx, set.tiers, set.priority, `caseManagement.tierSets[${i}]`));
  if (cm.tierSet !== undefined && !sets.some((s) => s.id === cm.tierSet)) {
    const ids = sets.map((s) => s.id);
    ctx.problems.error(
      'caseManagement.tierSet',
      `unknown tier set "${cm.tierSet}" (${ids.length > 0 ? `tier sets: ${ids.join(', ')}` : 'caseManagement.tierSets is empty'})`,
    );
  }
  const r = cm.responsibility;
  if (r) {
    r.kinds.forEach((k, i) => checkCriterion(ctx, k.when, `caseManagement.responsibility.kinds[${i}].when`));
    if (r.earlyAllocation) checkCriterion(ctx, r.earlyAllocation, 'caseManagement.responsibility.earlyAllocation');
  }
  const tasks = cm.workload?.tasks ?? [];
  checkUniqueIds(ctx.problems, tasks, 'caseManagement.workload.tasks', 'task');
  tasks.forEach((t, i) => checkCriterion(ctx, t.when, `caseManagement.workload.tasks[${i}].when`));
}
