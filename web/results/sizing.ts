/**
 * A sizing (`sizeProgramme` in the core) in words and as CSV: the two parts (clearing the list at
 * the start once, sustaining the flow each year), the limit on groups at once, and the table of
 * levels tried. Kept apart from the component so it can be tested without a DOM.
 */
import { REASON_WORDS, type SizingResult, type SizingStep, type Stat } from '../../src/index.js';
import { toCsv, type Cell } from '../csv.js';
import { num, stat } from '../format.js';

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Whether a sizing counts beds (a bed-based unit: TC, DTC, PIPE) rather than groups a year. */
export const inBeds = (sizing: SizingResult) => sizing.unit === 'beds';

/** A level's size: its beds when sizing beds, else its groups a year. */
export const levelOf = (sizing: SizingResult, step: SizingStep) =>
  inBeds(sizing) ? (step.beds ?? 0) : step.groupsPerYear;

/** A level in words: "40 beds" or "7 groups a year". */
export const levelWords = (sizing: SizingResult, n: number) =>
  inBeds(sizing) ? plural(n, 'bed') : `${plural(n, 'group')} a year`;

/** The unmet need the target counts, in words: "released or moved on while waiting, or too little time…". */
export function targetReasonWords(sizing: SizingResult): string {
  const words = sizing.targetReasons.map((r) => REASON_WORDS[r] ?? r);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
}

/** The highest level the search could use: the limit's, when it is the lower. */
export function highestLevel(sizing: SizingResult, maxGroupsPerYear: number): number {
  return Math.min(sizing.limit?.maxGroupsPerYear ?? Infinity, maxGroupsPerYear);
}

/** The sustaining answer in one sentence, e.g. "7 groups a year (63 places) keep the unmet need …". */
export function answerSentence(sizing: SizingResult, maxGroupsPerYear: number): string {
  const target = sizing.targetUnmetPerYear.toLocaleString('en-GB');
  const a = sizing.answer;
  if (!a) {
    const highest = highestLevel(sizing, maxGroupsPerYear);
    const top = sizing.steps.find((s) => levelOf(sizing, s) === highest);
    return (
      `No level up to ${levelWords(sizing, highest)} meets the target.` +
      (top
        ? ` At ${levelWords(sizing, highest)}, the unmet need places can fix is ${stat(top.sustainedUnmetPerYear, 1)} a year, over the target of ${target}.`
        : '')
    );
  }
  const n = levelOf(sizing, a);
  return (
    `${levelWords(sizing, n)} (${num(a.placesPerYear, 0)} places${inBeds(sizing) ? ' a year' : ''}) ` +
    `keep${n === 1 ? 's' : ''} the unmet need places can fix at ` +
    `${stat(a.sustainedUnmetPerYear, 1)} a year once the list at the start is cleared, at or under the target of ${target}.`
  );
}

/** What the limit on groups at once does, in a sentence (null when none was given). */
export function limitSentence(sizing: SizingResult): string | null {
  const l = sizing.limit;
  if (!l) return null;
  const a = sizing.answer;
  const head = `At most ${plural(l.maxConcurrentGroups, 'group')} at once allow${l.maxConcurrentGroups === 1 ? 's' : ''} ${plural(l.maxGroupsPerYear, 'group')} a year`;
  if (!a)
    return (
      `${head}: too few to sustain the flow. ` +
      (l.groupsPerYearWithoutLimit === null
        ? 'No level up to the maximum does, without the limit either.'
        : `Without the limit, ${plural(l.groupsPerYearWithoutLimit, 'group')} a year would.`)
    );
  if (l.binds) return `${head}, all needed to sustain the flow: none are left to clear the list at the start.`;
  const spare = l.maxGroupsPerYear - a.groupsPerYear;
  return (
    `${head}. Sustaining runs ${plural(a.concurrentGroups, 'group')} at once; the other ` +
    `${plural(spare, 'group')} a year clear${spare === 1 ? 's' : ''} the list at the start in about ${num(sizing.clearing.yearsToClear, 1)} years.`
  );
}

const statCols = (s: Stat): Cell[] => [s.mean, s.p5, s.p50, s.p95];
const statHeads = (name: string) => [`${name}_mean`, `${name}_p5`, `${name}_p50`, `${name}_p95`];

/** The levels tried, one row each in order of groups (or beds), with full-precision figures. */
export function sizingCsv(s: SizingResult): string {
  // A sizing in beds has a beds column; a sizing in groups keeps the columns it always had.
  const beds = inBeds(s);
  return toCsv(
    [
      'establishment',
      'programme',
      ...(beds ? ['beds'] : []),
      'groups_per_year',
      'places_per_year',
      ...statHeads('starts_per_year'),
      ...statHeads('unmet_need_per_year'),
      ...statHeads('waiting_at_end'),
      ...statHeads('fixable_unmet_per_year'),
      ...statHeads('sustained_unmet_per_year'),
      'concurrent_groups',
      'interval_crosses_target',
      'chance_of_meeting_target',
      'meets_target',
      'answer',
      'replications',
    ],
    sortedSteps(s).map((step) => [
      s.establishment,
      s.programme,
      ...(beds ? [step.beds ?? null] : []),
      step.groupsPerYear,
      step.placesPerYear,
      ...statCols(step.startsPerYear),
      ...statCols(step.unmetNeedPerYear),
      ...statCols(step.waitingAtEnd),
      ...statCols(step.fixableUnmetPerYear),
      ...statCols(step.sustainedUnmetPerYear),
      step.concurrentGroups,
      step.crossesTarget,
      step.shareMeetingTarget ?? null,
      meetsTarget(s, step),
      s.answer !== null && levelOf(s, step) === levelOf(s, s.answer),
      step.replications ?? null,
    ]),
  );
}

export function sortedSteps(s: SizingResult): SizingStep[] {
  return [...s.steps].sort((a, b) => levelOf(s, a) - levelOf(s, b));
}

/** The core's test: the mean of sustained unmet need, not its interval, is held to the target. */
export function meetsTarget(s: SizingResult, step: SizingStep): boolean {
  return step.sustainedUnmetPerYear.mean <= s.targetUnmetPerYear;
}

/** Why an answer is borderline, in words; empty when it is not. */
export function borderlineReasons(s: SizingResult): string[] {
  const a = s.answer;
  if (!a) return [];
  const reasons: string[] = [];
  const u = a.sustainedUnmetPerYear;
  if (a.crossesTarget)
    reasons.push(
      `The answer’s interval of unmet need, ${num(u.p5, 1)} to ${num(u.p95, 1)} a year, crosses the target of ${num(s.targetUnmetPerYear, 1)}: in some replications it is met, in others not.`,
    );
  const below = s.steps.find((x) => levelOf(s, x) === levelOf(s, a) - 1);
  if (below) {
    const fewer = inBeds(s) ? `One bed fewer (${levelOf(s, below)})` : `One group fewer (${below.groupsPerYear})`;
    const b = below.sustainedUnmetPerYear;
    const gap = b.mean - u.mean;
    const noise = Math.max(u.p95 - u.p5, b.p95 - b.p5) / 2;
    if (gap < noise)
      reasons.push(
        `${fewer} leaves ${num(gap, 1)} more unmet need a year, less than the noise between replications (±${num(noise, 1)}): the two levels are hard to tell apart.`,
      );
  }
  return reasons;
}

/**
 * Replications the levels tried ran, added up (not the run of today's provision the list at the
 * start comes from); null for a sizing made before levels counted theirs.
 */
export function replicationsRun(s: SizingResult): number | null {
  let n = 0;
  for (const step of s.steps) {
    if (step.replications === undefined) return null;
    n += step.replications;
  }
  return n;
}
