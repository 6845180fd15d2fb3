/**
 * Checks of a site's own allocation rules on a delivered programme: its eligibility, its
 * waiting-list order and the segments it plans for (planned completions, reserved places).
 */
import { checkUniqueIds, type CheckContext } from './checkContext.js';
import { checkCriterion } from './criteriaChecks.js';
import { formatAmount } from './problems.js';
import type { DeliveredProgramme } from './schema.js';

export function checkSiteAllocation(
  ctx: CheckContext,
  delivered: DeliveredProgramme,
  groupSize: number,
  path: string,
): void {
  if (delivered.eligibility !== undefined) checkCriterion(ctx, delivered.eligibility, `${path}.eligibility`);
  delivered.priority?.forEach((key, k) => {
    if (key.by === 'criteria') checkCriterion(ctx, key.when, `${path}.priority[${k}].when`);
  });
  const segments = delivered.segments ?? [];
  checkUniqueIds(ctx.problems, segments, `${path}.segments`, 'segment');
  let share = 0;
  let places = 0;
  segments.forEach((segment, k) => {
    const at = `${path}.segments[${k}]`;
    checkCriterion(ctx, segment.when, `${at}.when`);
    if (segment.reservedShare !== undefined && segment.reservedPlaces !== undefined) {
      ctx.problems.error(
        `${at}.reservedPlaces`,
        `give reservedShare or reservedPlaces, not both (got a share of ${formatAmount(segment.reservedShare)} and ${segment.reservedPlaces} places)`,
      );
    }
    share += segment.reservedShare ?? 0;
    places += segment.reservedPlaces ?? 0;
  });
  if (share > 1 + 1e-9) {
    ctx.problems.error(
      `${path}.segments`,
      `reserved shares add up to ${formatAmount(share)}, more than all of a group's places (1)`,
    );
  }
  if (places + Math.round(share * groupSize) > groupSize) {
    ctx.problems.error(
      `${path}.segments`,
      `reserve ${formatAmount(places + share * groupSize)} places of each group, more than its ${groupSize}`,
    );
  }
}
