/** The assessment funnel's results (src/engine/assessment.ts), per programme and establishment. */
import type { Layout } from '../engine/layout.js';
import type { AssessmentFunnel, Stat } from './types.js';

/** Per-replication values of a programme-block scalar at an offset (summed over establishments). */
type Column = (offset: number) => Float64Array;

export function funnelResult(
  L: Layout,
  column: Column,
  stat: (values: Float64Array) => Stat,
): { funnel: AssessmentFunnel } {
  const of = (name: Parameters<Layout['extra']>[0]) => column(L.extra(name));
  const referred = of('referred');
  const reassessed = of('reassessed');
  const notSuitable = of('notSuitable');
  const deselected = of('deselected');
  const assessed = referred.map((n, r) => n + reassessed[r]);
  return {
    funnel: {
      referred: stat(referred),
      reReferred: stat(of('reReferred')),
      reassessed: stat(reassessed),
      assessed: stat(assessed),
      suitable: stat(of('suitable')),
      notReady: stat(of('notReady')),
      notSuitable: stat(notSuitable),
      deniers: stat(of('deniers')),
      refusers: stat(of('refusers')),
      deselected: stat(deselected),
    },
  };
}
