/**
 * What an offender-management case costs, in minutes, and what staff can give: the arithmetic of
 * the workload model, kept apart from the simulation so it can be checked by hand.
 *
 * A POM-led case costs its tier's contact sessions (sessions a year x minutes per session with
 * recording) plus every task whose rule matches it (OASys reviews, sentence planning, parole
 * reports, risk meetings, one-to-one work: `caseManagement.workload.tasks`); a COM-led case in
 * custody costs only the tasks marked for COM-led cases (the POM's supporting role). Staff hours
 * go to tiers in priority order, as contact always has.
 */
import type {
  CaseTask,
  KeyWork,
  ResponsibilityRules,
  Scenario,
  SentenceKind,
  Tier,
  TierSet,
} from '../scenario/schema.js';
import { keyWorkSchema, responsibilitySchema, workloadSchema } from '../scenario/schema.js';

export const WEEKS_PER_YEAR = 52;

/** Minutes a year of contact for one POM-led case in a tier. */
export function contactMinutesPerYear(sessionsPerYear: number, minutesPerSession: number): number {
  return sessionsPerYear * minutesPerSession;
}

/**
 * Minutes a week a tier needs: its POM-led people's contact plus each task's cases (task k's
 * cases at `taskCases[from + k]`), and any one-off minutes (handovers) that fall this week.
 */
export function tierMinutesPerWeek(
  pomLed: number,
  contactPerYear: number,
  taskCases: ArrayLike<number>,
  from: number,
  taskMinutesPerYear: ArrayLike<number>,
  oneOffMinutes: number,
): number {
  let perYear = pomLed * contactPerYear;
  for (let k = 0; k < taskMinutesPerYear.length; k++) perYear += taskCases[from + k] * taskMinutesPerYear[k];
  return perYear / WEEKS_PER_YEAR + oneOffMinutes;
}

/**
 * Minutes delivered to each tier when `capacity` minutes are available, tiers served in
 * `priority` order, each in full before the next. Writes into `delivered`; returns what is left.
 */
export function deliverInPriority(
  required: ArrayLike<number>,
  priority: readonly number[],
  capacity: number,
  delivered: Float64Array,
): number {
  let left = capacity;
  for (const t of priority) {
    const d = Math.min(required[t], left);
    delivered[t] = d;
    left -= d;
  }
  return left;
}

/** Full-time equivalents needed for `minutesPerWeek` when one FTE gives `minutesPerFteWeek`. */
export function fteFor(minutesPerWeek: number, minutesPerFteWeek: number): number {
  return minutesPerFteWeek > 0 ? minutesPerWeek / minutesPerFteWeek : 0;
}

/** Minutes a week one FTE gives to offender management: paid hours x share available. */
export function minutesPerFteWeek(staffing: { hoursPerFteWeek: number; availability: number }): number {
  return staffing.hoursPerFteWeek * staffing.availability * 60;
}

/** Key work: officer hours a week, officer FTE at the officer's weekly hours, and key workers at a caseload each. */
export function keyWorkFor(population: number, keyWork: KeyWork) {
  const hoursPerWeek = (population * keyWork.minutesPerPrisonerWeek) / 60;
  return {
    hoursPerWeek,
    officerFteRequired: hoursPerWeek / keyWork.officerHoursPerFteWeek,
    keyWorkers: population / keyWork.prisonersPerOfficer,
  };
}

// ---------------------------------------------------------------- the scenario's choices, with defaults

/** The tiers in use: a named tier set when `tierSet` picks one, else `tiers`. */
export function activeTiers(cm: Scenario['caseManagement']): {
  tiers: Tier[];
  priority: string[] | undefined;
  set: TierSet | null;
} {
  const set = cm.tierSet ? (cm.tierSets ?? []).find((s) => s.id === cm.tierSet) : undefined;
  if (cm.tierSet && !set) throw new Error(`caseManagement.tierSet: unknown tier set "${cm.tierSet}"`);
  return set
    ? { tiers: set.tiers, priority: set.priority, set }
    : { tiers: cm.tiers, priority: cm.priority, set: null };
}

export function responsibilityRules(cm: Scenario['caseManagement']): ResponsibilityRules {
  return cm.responsibility ?? responsibilitySchema.parse({});
}

export function keyWorkRules(cm: Scenario['caseManagement']): KeyWork {
  return cm.keyWork ?? keyWorkSchema.parse({});
}

export function caseTasks(cm: Scenario['caseManagement']): CaseTask[] {
  return (cm.workload ?? workloadSchema.parse({})).tasks;
}

/** Sentence kind codes as stored per person (Int8Array). */
export const KIND_CODES: readonly SentenceKind[] = [
  'none',
  'remand',
  'determinate',
  'determinate-parole',
  'indeterminate',
  'com-only',
];
