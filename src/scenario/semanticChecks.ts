/**
 * Checks that need the whole scenario, run after the schema has passed: ids are unique, every
 * reference resolves, rules name real attributes and bands, and inputs that disagree are flagged.
 */
import { buildContext, checkProgrammeRef, checkUniqueIds, lookUpAttribute, type CheckContext } from './checkContext.js';
import { checkCriterion, checkPriors, isCatchAll } from './criteriaChecks.js';
import { checkChanges, checkEstablishments } from './establishmentChecks.js';
import { ProblemList, type Problem } from './problems.js';
import type { Attribute, Programme, Scenario, Tier } from './schema.js';
import { checkCaseload } from './caseloadChecks.js';
import { checkNeeds } from './needChecks.js';
import { checkReleaseRules, checkTreatmentHistory } from './releaseChecks.js';

export function checkScenario(scenario: Scenario): { errors: Problem[]; warnings: Problem[] } {
  const problems = new ProblemList();
  checkDeclaredAttributes(problems, scenario.attributes);
  const ctx = buildContext(scenario, problems);
  checkProgrammes(ctx);
  checkNeeds(ctx);
  checkCaseManagement(ctx);
  checkPriors(ctx, scenario.priors, 'priors');
  checkEstablishments(ctx);
  checkChanges(ctx);
  checkReleaseRules(ctx);
  checkTreatmentHistory(ctx);
  return { errors: problems.errors, warnings: problems.warnings };
}

function checkDeclaredAttributes(problems: ProblemList, attributes: readonly Attribute[]): void {
  checkUniqueIds(problems, attributes, 'attributes', 'attribute');
  attributes.forEach((attribute, i) => {
    const path = `attributes[${i}]`;
    checkUniqueIds(problems, attribute.categories, `${path}.categories`, 'category');
    attribute.categories.forEach((c, k) => {
      if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
        problems.error(`${path}.categories[${k}]`, `min (${c.min}) is greater than max (${c.max})`);
      }
    });
  });
}

// ---------------------------------------------------------------- programmes

function checkProgrammes(ctx: CheckContext): void {
  const { programmes } = ctx.scenario;
  checkUniqueIds(ctx.problems, programmes, 'programmes', 'programme');
  programmes.forEach((programme, i) => checkProgramme(ctx, programme, `programmes[${i}]`));
  checkPrerequisiteCycles(ctx, programmes);
}

function checkProgramme(ctx: CheckContext, programme: Programme, path: string): void {
  checkCriterion(ctx, programme.eligibility, `${path}.eligibility`);
  programme.priority.forEach((key, k) => {
    if (key.by === 'criteria') checkCriterion(ctx, key.when, `${path}.priority[${k}].when`);
    if (key.by === 'ogrs') checkOgrsOrdering(ctx, `${path}.priority[${k}]`);
  });
  programme.prerequisites.forEach((id, k) => {
    const at = `${path}.prerequisites[${k}]`;
    if (id === programme.id) ctx.problems.error(at, `a programme cannot be its own prerequisite`);
    else checkProgrammeRef(ctx, id, at);
  });
  if (programme.minWeeksLeftToStart < programme.durationWeeks) {
    ctx.problems.warn(
      `${path}.minWeeksLeftToStart`,
      `is ${programme.minWeeksLeftToStart} weeks, ${programme.durationWeeks - programme.minWeeksLeftToStart} fewer than ` +
        `the programme's ${programme.durationWeeks} weeks, so some who start would be released before finishing`,
    );
  }
  const a = programme.assessment;
  if (a) {
    const total = a.suitable + a.notReady + a.deniers + a.refusers;
    if (total > 1 + 1e-9) {
      ctx.problems.error(
        `${path}.assessment`,
        `the shares suitable (${a.suitable}), not ready (${a.notReady}), deniers (${a.deniers}) and refusers ` +
          `(${a.refusers}) add up to ${Math.round(total * 1000) / 1000}, more than 1 (all of those assessed)`,
      );
    }
  }
}

function checkOgrsOrdering(ctx: CheckContext, path: string): void {
  const ogrs = ctx.attributes.get('ogrs');
  if (ogrs === undefined) lookUpAttribute(ctx, 'ogrs', path);
  else if (ogrs.ordered !== true) ctx.problems.error(path, 'ordering by OGRS needs the "ogrs" attribute to be ordered');
}

/** A cycle of prerequisites means nobody on it could ever start. */
function checkPrerequisiteCycles(ctx: CheckContext, programmes: readonly Programme[]): void {
  const requires = new Map(programmes.map((p) => [p.id, p.prerequisites.filter((id) => id !== p.id)]));
  const reported = new Set<string>();
  programmes.forEach((programme, i) => {
    const cycle = findCycle(programme.id, requires);
    if (cycle === undefined || cycle.some((id) => reported.has(id))) return;
    cycle.forEach((id) => reported.add(id));
    ctx.problems.error(
      `programmes[${i}].prerequisites`,
      `prerequisites go round in a circle (${[...cycle, programme.id].join(' needs ')}), so nobody could ever start these programmes`,
    );
  });
}

function findCycle(start: string, requires: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const stack: { id: string; trail: string[] }[] = [{ id: start, trail: [start] }];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const { id, trail } = stack.pop() ?? { id: '', trail: [] };
    for (const next of requires.get(id) ?? []) {
      if (next === start) return trail;
      if (visited.has(next)) continue;
      visited.add(next);
      stack.push({ id: next, trail: [...trail, next] });
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- case management

function checkCaseManagement(ctx: CheckContext): void {
  const { tiers, priority } = ctx.scenario.caseManagement;
  checkTierList(ctx, tiers, priority, 'caseManagement');
  checkCaseload(ctx, checkTierList);
}

/** A list of tiers and its priority, at `at` (the case management, or one of its tier sets). */
function checkTierList(ctx: CheckContext, tiers: readonly Tier[], priority: readonly string[] | undefined, at: string) {
  checkUniqueIds(ctx.problems, tiers, `${at}.tiers`, 'tier');
  tiers.forEach((tier, i) => checkCriterion(ctx, tier.when, `${at}.tiers[${i}].when`));
  const last = tiers[tiers.length - 1];
  if (last !== undefined && !isCatchAll(ctx, last.when)) {
    ctx.problems.warn(
      `${at}.tiers[${tiers.length - 1}].when`,
      `the last tier ("${last.id}") is not a catch-all such as { "always": true }, so someone could match no tier`,
    );
  }
  const tierIds = tiers.map((t) => t.id);
  const seen = new Set<string>();
  (priority ?? []).forEach((id, i) => {
    const path = `${at}.priority[${i}]`;
    if (!tierIds.includes(id)) ctx.problems.error(path, `unknown tier "${id}" (tiers: ${tierIds.join(', ')})`);
    else if (seen.has(id)) ctx.problems.error(path, `tier "${id}" is listed more than once`);
    seen.add(id);
  });
}
