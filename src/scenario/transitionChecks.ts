/**
 * Checks of the transition lever (`set: {kind: 'moveNeed', programme, to}`, src/engine/transition.ts):
 * both courses known and different, and alternatives of one stage of one need, so a person whose
 * place moves is still counted once.
 */
import { checkProgrammeRef, type CheckContext } from './checkContext.js';

export function checkMoveNeed(ctx: CheckContext, set: { programme: string; to: string }, path: string): void {
  const legacy = checkProgrammeRef(ctx, set.programme, `${path}.programme`);
  const successor = checkProgrammeRef(ctx, set.to, `${path}.to`);
  if (!legacy || !successor) return;
  if (set.programme === set.to) {
    ctx.problems.error(`${path}.to`, `moves "${set.programme}"'s need to itself; name its successor`);
    return;
  }
  const stageOf = (id: string) => {
    for (const need of ctx.scenario.needs) {
      const s = need.stages.findIndex((stage) => stage.alternatives.includes(id));
      if (s >= 0) return { need: need.id, stage: s };
    }
    return null;
  };
  const from = stageOf(set.programme);
  const to = stageOf(set.to);
  if (!from || !to || from.need !== to.need || from.stage !== to.stage) {
    ctx.problems.error(
      `${path}.to`,
      `"${set.programme}" and "${set.to}" must be alternatives of the same stage of one need (in needs[].stages[].alternatives), so each person whose place moves is counted once; ` +
        `"${set.programme}" is ${from ? `in need "${from.need}" stage ${from.stage + 1}` : 'in no need'}, "${set.to}" ${to ? `in need "${to.need}" stage ${to.stage + 1}` : 'in no need'}`,
    );
  }
}
