/**
 * Fill distributions: for each attribute, an ordered list of conditional shares.
 * The first prior whose `given` matches the person (on attributes listed earlier) applies;
 * an attribute no prior covers is spread evenly over its bands.
 */
import type { Attribute, Prior } from '../scenario/schema.js';
import { compileCriterion, type CompiledCriterion, type CriterionContext, type Subject } from '../rules/criteria.js';

export interface CompiledPrior {
  given: CompiledCriterion | null;
  /** Probabilities over the attribute's categories, summing to 1. */
  probabilities: Float64Array;
}

export interface AttributePriors {
  attribute: number;
  priors: CompiledPrior[];
  /** Attribute indices any of the `given` criteria read. */
  dependsOn: number[];
  uniform: Float64Array;
}

export function compilePriors(priorLists: readonly (readonly Prior[])[], context: CriterionContext): AttributePriors[] {
  return context.attributes.map((attribute: Attribute, index) => {
    const priors: CompiledPrior[] = [];
    const dependsOn = new Set<number>();
    for (const list of priorLists) {
      for (const prior of list) {
        if (prior.attribute !== attribute.id) continue;
        const given = prior.given ? compileCriterion(prior.given, context) : null;
        given?.attributes.forEach((a) => dependsOn.add(a));
        priors.push({ given, probabilities: normalise(attribute, prior.shares) });
      }
    }
    const n = attribute.categories.length;
    return {
      attribute: index,
      priors,
      dependsOn: [...dependsOn].sort((a, b) => a - b),
      uniform: new Float64Array(n).fill(1 / n),
    };
  });
}

function normalise(attribute: Attribute, shares: Record<string, number>): Float64Array {
  const p = new Float64Array(attribute.categories.length);
  let total = 0;
  attribute.categories.forEach((c, k) => {
    const share = Object.hasOwn(shares, c.id) ? (shares[c.id] ?? 0) : 0;
    p[k] = share;
    total += share;
  });
  if (total > 0) for (let k = 0; k < p.length; k++) p[k] = p[k] / total;
  return p;
}

/** The distribution of an attribute for a subject: the first matching prior's shares. */
export function distributionFor(priors: AttributePriors, subject: Subject): Float64Array {
  for (const prior of priors.priors) {
    if (prior.given === null || prior.given.test(subject)) return prior.probabilities;
  }
  return priors.uniform;
}
