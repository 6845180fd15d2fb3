/**
 * Checks on declared needs (src/engine/needs.ts): ids unique, every alternative a programme of
 * the catalogue, and each programme in at most one need, once (a person's place on a list
 * belongs to one need).
 */
import { checkProgrammeRef, checkUniqueIds, type CheckContext } from './checkContext.js';

export function checkNeeds(ctx: CheckContext): void {
  const { needs } = ctx.scenario;
  checkUniqueIds(ctx.problems, needs, 'needs', 'need');
  const claimedBy = new Map<string, string>();
  needs.forEach((need, i) => {
    need.stages.forEach((stage, s) => {
      stage.alternatives.forEach((id, k) => {
        const path = `needs[${i}].stages[${s}].alternatives[${k}]`;
        if (!checkProgrammeRef(ctx, id, path)) return;
        const owner = claimedBy.get(id);
        if (owner !== undefined) {
          ctx.problems.error(
            path,
            owner === need.id
              ? `programme "${id}" is named twice in need "${need.id}"; name each programme once`
              : `programme "${id}" already meets need "${owner}"; a programme can meet only one need`,
          );
          return;
        }
        claimedBy.set(id, need.id);
      });
    });
  });
}
