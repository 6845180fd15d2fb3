/**
 * Checks of how sentences end and what people bring with them (release rules, treatment history):
 * the categories named must exist, and a treatment history rule may only read what is known when
 * a person is filled in. Each message starts with the field's label, after its path.
 */
import { checkCategory, checkProgrammeRef, type CheckContext } from './checkContext.js';
import { checkCriterion } from './criteriaChecks.js';
import type { Criterion } from './schema.js';

export function checkReleaseRules(ctx: CheckContext): void {
  const { hdc } = ctx.scenario.release;
  const label = 'Home detention curfew';
  const sentence = ctx.attributes.get('sentence');
  if (sentence !== undefined) {
    hdc.sentences.forEach((id, k) =>
      labelled(ctx, label, () => checkCategory(ctx, sentence, id, `release.hdc.sentences[${k}]`)),
    );
  }
  const offence = ctx.attributes.get('offence');
  if (offence !== undefined) {
    hdc.excludedOffences.forEach((id, k) =>
      labelled(ctx, label, () => checkCategory(ctx, offence, id, `release.hdc.excludedOffences[${k}]`)),
    );
  }
}

export function checkTreatmentHistory(ctx: CheckContext): void {
  ctx.scenario.treatmentHistory.forEach((h, k) => {
    const path = `treatmentHistory[${k}]`;
    const label = `Treatment history of ${h.programme}`;
    labelled(ctx, label, () => {
      checkProgrammeRef(ctx, h.programme, `${path}.programme`);
      checkCriterion(ctx, h.when, `${path}.when`);
    });
    // History is drawn as a person is filled in, before his release date is set (warmup.ts):
    // a rule on weeks to release would read nothing. The band of time left is known then.
    for (const at of timeLeftRules(h.when, `${path}.when`)) {
      ctx.problems.error(
        at,
        `${label}: a rule on weeks to release cannot choose who has a treatment history (it is drawn before ` +
          'the release date is known); use the time-left bands instead: {"attribute": "timeLeft", ...}',
      );
    }
  });
}

/** Paths of every weeksToRelease rule in a criterion. */
function timeLeftRules(criterion: Criterion, path: string): string[] {
  if ('all' in criterion) return criterion.all.flatMap((c, i) => timeLeftRules(c, `${path}.all[${i}]`));
  if ('any' in criterion) return criterion.any.flatMap((c, i) => timeLeftRules(c, `${path}.any[${i}]`));
  if ('not' in criterion) return timeLeftRules(criterion.not, `${path}.not`);
  if ('weeksToRelease' in criterion) return [`${path}.weeksToRelease`];
  return [];
}

/** Runs checks whose messages get the field's label in front. */
function labelled(ctx: CheckContext, label: string, check: () => void): void {
  const from = ctx.problems.errors.length;
  check();
  const errors = ctx.problems.errors;
  for (let k = from; k < errors.length; k++) errors[k] = { ...errors[k]!, message: `${label}: ${errors[k]!.message}` };
}
