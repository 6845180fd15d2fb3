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
