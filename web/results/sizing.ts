/**
 * A sizing (`sizeProgramme` in the core) in words and as CSV: the answer sentence and the table of
 * levels tried. Kept apart from the component so it can be tested without a DOM.
 */
import type { SizingResult, SizingStep, Stat } from '../../src/index.js';
import { toCsv, type Cell } from '../csv.js';
import { num, stat } from '../format.js';

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The answer in one sentence, e.g. "17 groups a year (153 places, 153 starts a year) keep unmet need at …". */
export function answerSentence(sizing: SizingResult, maxGroupsPerYear: number): string {
  const target = sizing.targetUnmetPerYear.toLocaleString('en-GB');
  const a = sizing.answer;
  if (!a) {
    const top = sizing.steps.find((s) => s.groupsPerYear === maxGroupsPerYear);
    return (
      `No level up to ${plural(maxGroupsPerYear, 'group')} a year meets the target.` +
      (top
        ? ` At ${maxGroupsPerYear}, unmet need is ${stat(top.unmetNeedPerYear, 1)} a year, over the target of ${target}.`
        : '')
    );
  }
  return (
    `${plural(a.groupsPerYear, 'group')} a year (${num(a.placesPerYear, 0)} places, ` +
    `${num(a.startsPerYear.mean, 0)} starts a year) keep${a.groupsPerYear === 1 ? 's' : ''} unmet need at ` +
    `${stat(a.unmetNeedPerYear, 1)} a year, at or under the target of ${target}.`
  );
}

const statCols = (s: Stat): Cell[] => [s.mean, s.p5, s.p50, s.p95];
const statHeads = (name: string) => [`${name}_mean`, `${name}_p5`, `${name}_p50`, `${name}_p95`];

/** The levels tried, one row each in order of groups, with full-precision figures. */
export function sizingCsv(s: SizingResult): string {
  return toCsv(
    [
      'establishment',
      'programme',
      'groups_per_year',
      'places_per_year',
      ...statHeads('starts_per_year'),
      ...statHeads('unmet_need_per_year'),
      ...statHeads('waiting_at_end'),
      'chance_of_meeting_target',
      'meets_target',
      'answer',
    ],
    sortedSteps(s).map((step) => [
      s.establishment,
      s.programme,
      step.groupsPerYear,
      step.placesPerYear,
      ...statCols(step.startsPerYear),
      ...statCols(step.unmetNeedPerYear),
      ...statCols(step.waitingAtEnd),
      step.shareMeetingTarget ?? null,
      meetsTarget(s, step),
      step.groupsPerYear === s.answer?.groupsPerYear,
    ]),
  );
}

export function sortedSteps(s: SizingResult): SizingStep[] {
  return [...s.steps].sort((a, b) => a.groupsPerYear - b.groupsPerYear);
}

/** The core's test: the mean, not the interval, is held to the target. */
export function meetsTarget(s: SizingResult, step: SizingStep): boolean {
  return step.unmetNeedPerYear.mean <= s.targetUnmetPerYear;
}

/**
 * The answer split into its two jobs, worked out from what each run reports: the people already
 * waiting at the start (cleared once, here spread over the horizon) and the people who become
 * eligible each year (met every year). The engine sizes the total only; these parts are read
 * from the same runs, not searched for separately.
 */
export interface SizingSplit {
  groupSize: number;
  horizonYears: number;
  /** People on the list at the start. */
  waitingAtStart: Stat;
  /** Starts a year that clear them over the horizon. */
  clearingStartsPerYear: number;
  /** People joining a year after the start. */
  joiningPerYear: Stat;
  /** Starts a year that keep pace with them, less the unmet need the target allows. */
  sustainingStartsPerYear: number;
  /** Whole groups a year that sustain, once the list is cleared. */
  sustainingGroupsPerYear: number;
}

export function sizingSplit(s: SizingResult, step: SizingStep): SizingSplit | null {
  if (!step.waitingAtStart || !step.joiningPerYear || !s.weeks || step.groupsPerYear <= 0) return null;
  const groupSize = step.placesPerYear / step.groupsPerYear;
  const horizonYears = s.weeks / 52;
  const sustaining = Math.max(0, step.joiningPerYear.mean - s.targetUnmetPerYear);
  return {
    groupSize,
    horizonYears,
    waitingAtStart: step.waitingAtStart,
    clearingStartsPerYear: step.waitingAtStart.mean / horizonYears,
    joiningPerYear: step.joiningPerYear,
    sustainingStartsPerYear: sustaining,
    sustainingGroupsPerYear: groupSize > 0 ? Math.ceil(sustaining / groupSize) : 0,
  };
}

/** Why an answer is borderline, in words; empty when it is not. */
export function borderlineReasons(s: SizingResult): string[] {
  const a = s.answer;
  if (!a) return [];
  const reasons: string[] = [];
  const target = s.targetUnmetPerYear;
  const u = a.unmetNeedPerYear;
  if (u.p5 <= target && target <= u.p95 && u.p5 !== u.p95)
    reasons.push(
      `The answer’s interval of unmet need, ${num(u.p5, 1)} to ${num(u.p95, 1)} a year, crosses the target of ${num(target, 1)}: in some replications it is met, in others not.`,
    );
  const below = s.steps.find((x) => x.groupsPerYear === a.groupsPerYear - 1);
  if (below) {
    const gap = below.unmetNeedPerYear.mean - u.mean;
    const noise = Math.max(u.p95 - u.p5, below.unmetNeedPerYear.p95 - below.unmetNeedPerYear.p5) / 2;
    if (gap < noise)
      reasons.push(
        `One group fewer (${below.groupsPerYear}) leaves ${num(gap, 1)} more unmet need a year, less than the noise between replications (±${num(noise, 1)}): the two levels are hard to tell apart.`,
      );
  }
  return reasons;
}
