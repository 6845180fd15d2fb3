/**
 * Checks of establishments (populations, delivered programmes, referrals) and of scheduled
 * changes: references must resolve; figures that disagree are flagged with the size of the gap.
 */
import { checkActuals } from './actualsChecks.js';
import { checkMoveNeed } from './transitionChecks.js';
import { checkProgrammeRef, checkUniqueIds, type CheckContext } from './checkContext.js';
import { checkSiteAllocation } from './allocationChecks.js';
import { checkCriterion, checkPriors } from './criteriaChecks.js';
import { describeDifference, didYouMean, formatAmount, listNames } from './problems.js';
import type { Change, DeliveredProgramme, Establishment, Programme } from './schema.js';
import { checkTables } from './tableChecks.js';
import { meanStayWeeks } from '../engine/beds.js';

const WEEKS_PER_YEAR = 52;
const DAY_MS = 86_400_000;

export function checkEstablishments(ctx: CheckContext): void {
  const { establishments } = ctx.scenario;
  checkUniqueIds(ctx.problems, establishments, 'establishments', 'establishment');
  establishments.forEach((establishment, i) => {
    const path = `establishments[${i}]`;
    checkPopulation(ctx, establishment, path);
    const mix = establishment.flows.receptionMix;
    if (mix !== undefined) {
      checkTables(ctx, mix.tables, `${path}.flows.receptionMix.tables`, undefined);
      checkPriors(ctx, mix.priors, `${path}.flows.receptionMix.priors`);
    }
    checkDelivered(ctx, establishment, path);
    checkReferrals(ctx, establishment, path);
    checkTransfers(ctx, establishment, path);
  });
}

/** Transfers in region go to establishments of the file, never back to the sender, at most all of them. */
function checkTransfers(ctx: CheckContext, establishment: Establishment, path: string): void {
  const list = establishment.flows.transfersTo;
  if (list === undefined) return;
  const ids = ctx.scenario.establishments.map((e) => e.id);
  const at = `${path}.flows.transfersTo`;
  const label = `Transfers from ${establishment.name} to establishments in the file`;
  list.forEach((t, k) => {
    if (!ids.includes(t.establishment)) {
      ctx.problems.error(
        `${at}[${k}].establishment`,
        `${label}: unknown establishment "${t.establishment}"${didYouMean(t.establishment, ids)} (establishments: ${listNames(ids)})`,
      );
    } else if (t.establishment === establishment.id) {
      ctx.problems.error(`${at}[${k}].establishment`, `${label}: an establishment cannot transfer people to itself`);
    }
  });
  const total = list.reduce((sum, t) => sum + t.share, 0);
  if (total > 1 + 1e-9) {
    ctx.problems.error(at, `${label}: shares add up to ${formatAmount(total)}, more than 1 (all of the transfers out)`);
  }
  if (list.length > 0 && establishment.flows.transfersOutPerYear === 0) {
    ctx.problems.warn(
      at,
      `${label}: transfersOutPerYear is 0, so nobody is transferred and these shares have no effect`,
    );
  }
}

function checkPopulation(ctx: CheckContext, establishment: Establishment, path: string): void {
  const { population, operationalCapacity } = establishment;
  if (population.total !== undefined) {
    const difference = describeDifference(population.total, operationalCapacity, 'the operational capacity');
    if (difference !== undefined) {
      ctx.problems.warn(
        `${path}.population.total`,
        `is ${population.total}, ${difference}; ${population.total} people are simulated`,
      );
    }
  }
  const total = population.total ?? operationalCapacity;
  checkTables(ctx, population.tables, `${path}.population.tables`, total);
  checkPriors(ctx, population.priors, `${path}.population.priors`);
}

function checkDelivered(ctx: CheckContext, establishment: Establishment, path: string): void {
  const firstAt = new Map<string, number>();
  establishment.programmes.forEach((delivered, j) => {
    const at = `${path}.programmes[${j}]`;
    const first = firstAt.get(delivered.programme);
    if (first !== undefined) {
      ctx.problems.error(
        `${at}.programme`,
        `programme "${delivered.programme}" is already listed at ${path}.programmes[${first}]`,
      );
    }
    firstAt.set(delivered.programme, first ?? j);
    if (!checkProgrammeRef(ctx, delivered.programme, `${at}.programme`)) return;
    const programme = ctx.scenario.programmes.find((p) => p.id === delivered.programme);
    if (programme === undefined) return;
    checkVolumes(ctx, delivered, programme, at);
    checkActuals(ctx, delivered, at);
    checkSiteAllocation(ctx, delivered, delivered.groupSize ?? programme.groupSize, at);
  });
}

function checkVolumes(ctx: CheckContext, delivered: DeliveredProgramme, programme: Programme, path: string): void {
  const { agreedStarts, agreedCompletions, groupsPerYear } = delivered;
  if (agreedStarts !== undefined && agreedCompletions !== undefined && agreedCompletions > agreedStarts) {
    ctx.problems.warn(
      `${path}.agreedCompletions`,
      `agreed completions (${agreedCompletions}) are ${agreedCompletions - agreedStarts} more than agreed starts (${agreedStarts})`,
    );
  }
  if (delivered.beds !== undefined) {
    checkBeds(ctx, delivered, programme, path);
    return;
  }
  const size = delivered.groupSize ?? programme.groupSize;
  const places = size * groupsPerYear;
  const groups = `${formatAmount(groupsPerYear)} group${groupsPerYear === 1 ? '' : 's'} a year of ${size}`;
  if (groupsPerYear > 0 && places < 1) {
    ctx.problems.warn(
      `${path}.groupsPerYear`,
      `${groups} give ${formatAmount(places)} places a year, less than one place`,
    );
  } else if (agreedStarts !== undefined && places < agreedStarts) {
    ctx.problems.warn(
      `${path}.agreedStarts`,
      `agreed starts (${agreedStarts}) are ${formatAmount(agreedStarts - places)} more than the ${formatAmount(places)} places that ${groups} give`,
    );
  }
  const horizon = horizonWeeks(ctx);
  if (delivered.firstStartWeek !== undefined && delivered.firstStartWeek >= horizon) {
    ctx.problems.warn(
      `${path}.firstStartWeek`,
      `is week ${delivered.firstStartWeek}, after the ${horizon}-week horizon, so no group starts`,
    );
  }
}

/** A bed-based delivery (beds.ts) gives beds, not groups; its places a year are beds / mean stay. */
function checkBeds(ctx: CheckContext, delivered: DeliveredProgramme, programme: Programme, path: string): void {
  const beds = delivered.beds ?? 0;
  if (delivered.groupsPerYear > 0) {
    ctx.problems.error(
      `${path}.groupsPerYear`,
      `is ${formatAmount(delivered.groupsPerYear)}, but this delivery is bed-based (beds ${beds}): give beds or groups a year, not both`,
    );
  }
  const places = (beds * 52) / meanStayWeeks(programme);
  if (delivered.agreedStarts !== undefined && places < delivered.agreedStarts) {
    ctx.problems.warn(
      `${path}.agreedStarts`,
      `agreed starts (${delivered.agreedStarts}) are ${formatAmount(delivered.agreedStarts - places)} more than the ${formatAmount(places)} a year that ${beds} beds at a mean stay of ${formatAmount(meanStayWeeks(programme))} weeks can start`,
    );
  }
}

function checkReferrals(ctx: CheckContext, establishment: Establishment, path: string): void {
  const ids = ctx.scenario.establishments.map((e) => e.id);
  establishment.referrals.forEach((referral, k) => {
    const at = `${path}.referrals[${k}]`;
    const known = checkProgrammeRef(ctx, referral.programme, `${at}.programme`);
    const target = ctx.scenario.establishments.find((e) => e.id === referral.to);
    if (target === undefined) {
      ctx.problems.error(
        `${at}.to`,
        `unknown establishment "${referral.to}"${didYouMean(referral.to, ids)} (establishments: ${listNames(ids)})`,
      );
    } else if (target.id === establishment.id) {
      ctx.problems.error(`${at}.to`, 'an establishment cannot refer people to itself');
    } else if (known) {
      checkReferralTarget(ctx, referral.programme, target, `${at}.to`);
    }
  });
}

/** Referred people only start if the receiving site runs groups of that programme and takes referrals. */
function checkReferralTarget(ctx: CheckContext, programme: string, target: Establishment, path: string): void {
  const delivered = target.programmes.find((p) => p.programme === programme);
  if (!target.programmes.some((p) => p.groupsPerYear > 0 || (p.beds ?? 0) > 0)) {
    ctx.problems.warn(
      path,
      `"${target.id}" delivers no programmes, so people referred there for "${programme}" can never start`,
    );
  } else if (delivered === undefined) {
    ctx.problems.warn(
      path,
      `"${target.id}" does not deliver "${programme}", so people referred there for it can never start`,
    );
  } else if (delivered.beds !== undefined) {
    if (!delivered.acceptsReferrals) {
      ctx.problems.warn(
        path,
        `"${target.id}" does not accept referrals for "${programme}" (its acceptsReferrals is false)`,
      );
    }
  } else if (delivered.groupsPerYear === 0) {
    ctx.problems.warn(path, `"${target.id}" runs no groups of "${programme}" (its groupsPerYear is 0)`);
  } else if (!delivered.acceptsReferrals) {
    ctx.problems.warn(
      path,
      `"${target.id}" does not accept referrals for "${programme}" (its acceptsReferrals is false)`,
    );
  }
}

// ---------------------------------------------------------------- scheduled changes

export function checkChanges(ctx: CheckContext): void {
  ctx.scenario.changes.forEach((change, i) => checkChange(ctx, change, `changes[${i}]`));
}

function checkChange(ctx: CheckContext, change: Change, path: string): void {
  checkTiming(ctx, change, path);
  const ids = ctx.scenario.establishments.map((e) => e.id);
  const establishment = ctx.scenario.establishments.find((e) => e.id === change.establishment);
  if (establishment === undefined) {
    ctx.problems.error(
      `${path}.establishment`,
      `unknown establishment "${change.establishment}"${didYouMean(change.establishment, ids)} (establishments: ${listNames(ids)})`,
    );
  }
  const { set } = change;
  const setPath = `${path}.set`;
  if (set.kind === 'groupsPerYear') {
    const known = checkProgrammeRef(ctx, set.programme, `${setPath}.programme`);
    if (known && establishment !== undefined && !establishment.programmes.some((p) => p.programme === set.programme)) {
      ctx.problems.warn(
        `${setPath}.programme`,
        `"${establishment.id}" does not list "${set.programme}" in its programmes; add it there (with groupsPerYear 0) to set its group size and referrals`,
      );
    }
  } else if (set.kind === 'beds') {
    const known = checkProgrammeRef(ctx, set.programme, `${setPath}.programme`);
    const delivered = establishment?.programmes.find((p) => p.programme === set.programme);
    if (known && establishment !== undefined && delivered?.beds === undefined) {
      ctx.problems.error(
        `${setPath}.programme`,
        `"${establishment.id}" does not run "${set.programme}" in beds; list it in its programmes with beds (0 until it opens) to change them`,
      );
    }
  } else if (set.kind === 'eligibility') {
    checkProgrammeRef(ctx, set.programme, `${setPath}.programme`);
    checkCriterion(ctx, set.eligibility, `${setPath}.eligibility`);
  } else if (set.kind === 'moveNeed') {
    checkMoveNeed(ctx, set, setPath);
  } else if (set.kind === 'receptionMix') {
    checkTables(ctx, set.tables, `${setPath}.tables`, undefined);
    checkPriors(ctx, set.priors, `${setPath}.priors`);
  }
}

function checkTiming(ctx: CheckContext, change: Change, path: string): void {
  const { fromDate, fromWeek } = change;
  if (fromDate === undefined && fromWeek === undefined) {
    ctx.problems.error(path, 'needs a fromDate or a fromWeek to say when it takes effect');
    return;
  }
  if (fromDate !== undefined && fromWeek !== undefined) {
    ctx.problems.error(path, 'has both fromDate and fromWeek; give only one');
    return;
  }
  const { startDate } = ctx.scenario;
  if (fromDate !== undefined && fromDate < startDate) {
    ctx.problems.error(`${path}.fromDate`, `${fromDate} is before the scenario's startDate (${startDate})`);
    return;
  }
  const week = fromWeek ?? weeksBetween(startDate, fromDate ?? startDate);
  const horizon = horizonWeeks(ctx);
  if (week > horizon) {
    const field = fromWeek === undefined ? 'fromDate' : 'fromWeek';
    ctx.problems.warn(
      `${path}.${field}`,
      `takes effect in week ${week}, after the ${horizon}-week horizon ends, so it changes nothing`,
    );
  }
}

function horizonWeeks(ctx: CheckContext): number {
  const { value, unit } = ctx.scenario.horizon;
  return unit === 'weeks' ? value : value * WEEKS_PER_YEAR;
}

/** Whole weeks from one ISO date (YYYY-MM-DD) to another. */
function weeksBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (7 * DAY_MS));
}
