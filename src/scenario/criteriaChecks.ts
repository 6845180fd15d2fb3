/**
 * Checks of the structured rules: every attribute, band and programme a criterion names must
 * exist, and priors may only depend on attributes filled before theirs.
 */
import { categoryWord, checkCategory, checkProgrammeRef, lookUpAttribute, type CheckContext } from './checkContext.js';
import { child, listNames } from './problems.js';
import type { Attribute, Criterion, Prior } from './schema.js';

export function checkCriterion(ctx: CheckContext, criterion: Criterion, path: string): void {
  if ('all' in criterion) criterion.all.forEach((c, i) => checkCriterion(ctx, c, `${path}.all[${i}]`));
  else if ('any' in criterion) criterion.any.forEach((c, i) => checkCriterion(ctx, c, `${path}.any[${i}]`));
  else if ('not' in criterion) checkCriterion(ctx, criterion.not, `${path}.not`);
  else if ('attribute' in criterion) checkAttributeCriterion(ctx, criterion, path);
  else if ('completed' in criterion) checkProgrammeRef(ctx, criterion.completed, `${path}.completed`);
  else if ('weeksToRelease' in criterion) checkWeeksToRelease(ctx, criterion.weeksToRelease, `${path}.weeksToRelease`);
}

type AttributeCriterion = Extract<Criterion, { attribute: string }>;

function checkAttributeCriterion(ctx: CheckContext, criterion: AttributeCriterion, path: string): void {
  const attribute = lookUpAttribute(ctx, criterion.attribute, `${path}.attribute`);
  if (attribute === undefined) return;
  if ('in' in criterion) {
    criterion.in.forEach((id, i) => checkCategory(ctx, attribute, id, `${path}.in[${i}]`));
    return;
  }
  const [word, band] = 'atLeast' in criterion ? ['atLeast', criterion.atLeast] : ['atMost', criterion.atMost];
  if (attribute.ordered !== true) {
    ctx.problems.error(
      `${path}.${word}`,
      `attribute "${attribute.id}" has no order, so "${word}" cannot be used on it; list the ${categoryWord(attribute, true)} with "in"`,
    );
    return;
  }
  checkCategory(ctx, attribute, band, `${path}.${word}`);
}

function checkWeeksToRelease(ctx: CheckContext, range: { min?: number; max?: number }, path: string): void {
  if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
    ctx.problems.error(path, `min (${range.min}) is greater than max (${range.max}), so nobody can match`);
  }
}

/** Every attribute named in a criterion, with the path of the name. */
export function attributeRefs(criterion: Criterion, path: string): { id: string; path: string }[] {
  if ('all' in criterion) return criterion.all.flatMap((c, i) => attributeRefs(c, `${path}.all[${i}]`));
  if ('any' in criterion) return criterion.any.flatMap((c, i) => attributeRefs(c, `${path}.any[${i}]`));
  if ('not' in criterion) return attributeRefs(criterion.not, `${path}.not`);
  if ('attribute' in criterion) return [{ id: criterion.attribute, path: `${path}.attribute` }];
  return [];
}

/**
 * Whether a criterion surely matches everyone, judged from its form alone: it may say no to a
 * rule that covers everyone in a roundabout way, and to time-left rules (remand has no release date).
 */
export function isCatchAll(ctx: CheckContext, criterion: Criterion): boolean {
  if ('always' in criterion) return true;
  if ('all' in criterion) return criterion.all.every((c) => isCatchAll(ctx, c));
  if ('any' in criterion) return criterion.any.some((c) => isCatchAll(ctx, c));
  if (!('attribute' in criterion)) return false;
  const attribute = ctx.attributes.get(criterion.attribute);
  if (attribute === undefined) return false;
  const ids = attribute.categories.map((c) => c.id);
  if ('in' in criterion) return ids.every((id) => criterion.in.includes(id));
  if ('atLeast' in criterion) return ids[0] === criterion.atLeast;
  return ids[ids.length - 1] === criterion.atMost;
}

export function checkPriors(ctx: CheckContext, priors: readonly Prior[], listPath: string): void {
  priors.forEach((prior, i) => checkPrior(ctx, prior, `${listPath}[${i}]`));
}

function checkPrior(ctx: CheckContext, prior: Prior, path: string): void {
  const attribute = lookUpAttribute(ctx, prior.attribute, `${path}.attribute`);
  if (attribute !== undefined) {
    for (const id of Object.keys(prior.shares)) checkCategory(ctx, attribute, id, child(`${path}.shares`, id));
  }
  const sum = Object.values(prior.shares).reduce((a, b) => a + b, 0);
  if (!(sum > 0))
    ctx.problems.error(`${path}.shares`, 'shares must add up to more than 0, so at least one share must be positive');
  if (prior.given === undefined) return;
  checkCriterion(ctx, prior.given, `${path}.given`);
  if (attribute !== undefined) checkPriorOrder(ctx, attribute, attributeRefs(prior.given, `${path}.given`));
}

/** People are filled attribute by attribute, so a prior can only see attributes already filled. */
function checkPriorOrder(ctx: CheckContext, attribute: Attribute, refs: { id: string; path: string }[]): void {
  const own = ctx.attributeOrder.indexOf(attribute.id);
  for (const ref of refs) {
    const at = ctx.attributeOrder.indexOf(ref.id);
    if (at === -1) continue; // already reported as unknown
    if (ref.id === attribute.id) {
      ctx.problems.error(ref.path, `a prior for "${attribute.id}" cannot be conditioned on "${attribute.id}" itself`);
    } else if (at > own) {
      ctx.problems.error(
        ref.path,
        `a prior for "${attribute.id}" cannot depend on "${ref.id}", which comes after it in the attribute order ` +
          `(${listNames(ctx.attributeOrder)}); a prior may only depend on attributes listed before its own`,
      );
    }
  }
}
