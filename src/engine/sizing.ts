/**
 * Sizing: how many groups a year of one programme at one establishment its population needs, in
 * the two parts a team acts on apart:
 *
 * - clearing: the people already waiting when the window opens (a running start: the list that
 *   today's provision leaves) each need a place once. A one-off, reported as places and groups.
 * - sustaining: the fewest whole groups a year that keep the unmet need places can fix, a year,
 *   at or under a target once that list is cleared. Found by runs in which the list waiting at
 *   the start is set aside, so they measure the flow of people becoming eligible alone; mixing
 *   the two made the answer depend on the horizon (the one-off spread over one year or three).
 *
 * Every run shares the warm-up and opening population (the same seed, and the warm-up runs
 * today's provision whatever the level), so levels share their random numbers and differ only by
 * the groups started from week 0. Unmet need falls as groups rise, so a binary search over whole
 * numbers of groups finds the answer in a handful of runs. An optional limit on groups running at
 * once (facilitators) caps the groups a year; the result says when it binds. Scheduled changes
 * to this programme's groups at this site are set aside: the question is a steady level.
 *
 * A bed-based delivery (TC, DTC, PIPE: `beds`, rolling intake) is sized in beds the same way: the
 * fewest beds whose places (beds x 52 / mean stay, Little's law) keep the fixable unmet need a
 * year at or under the target; the list at the start is cleared by extra beds held for a year.
 */
import type { Change, DeliveredProgramme, Scenario } from '../scenario/schema.js';
import type { Stat } from '../results/types.js';
import { CompileCache, compileScenario, type CompiledScenario, type RunOptions } from './compile.js';
import { compileEstablishment, separableEstablishments } from './establishmentParts.js';
import { O, type Layout } from './layout.js';
import { simulateBatch, type RepBatch } from './simulate.js';
import { shareAtOrUnder, statOf } from '../results/samples.js';
import { FIXED_BY_PLACES } from './unmetReasons.js';
import { meanStayWeeks } from './beds.js';

/**
 * The unmet need the target counts: the reasons more places can fix (released untreated, too
 * little time left while waiting), not those a different remedy needs (moved on, too little time
 * on arrival, deselected or not suitable).
 */
export const FIXABLE_REASONS = FIXED_BY_PLACES;

/** The reasons in words, for the command line and the app. */
export const REASON_WORDS: Record<string, string> = {
  unmetByDeparture: 'released or moved on while waiting',
  unmetByTimeLeft: 'too little time left while waiting',
  releasedUntreated: 'released untreated',
  tooLittleTimeWhileWaiting: 'too little time left while waiting',
};

function fixableUnmet(layout: Layout, record: Float64Array, base: number): number {
  let n = 0;
  for (const reason of FIXABLE_REASONS) n += record[base + layout.extra(reason)];
  return n;
}

export interface SizingRequest {
  establishment: string;
  programme: string;
  /** Largest acceptable mean unmet need a year that places can fix (FIXABLE_REASONS). */
  targetUnmetPerYear: number;
  /** Search no higher than this (default 52: a group starting every week). */
  maxGroupsPerYear?: number;
  /** Most groups of the programme that can run at once here (the facilitators there are); no limit if absent. */
  maxConcurrentGroups?: number;
  /**
   * Size in groups a year or in beds. Absent: beds where the site's delivery has `beds` (a
   * bed-based unit), otherwise groups.
   */
  unit?: SizingUnit;
  /** Search no higher than this many beds (default 500); bed sizing only. */
  maxBeds?: number;
}

/** What a sizing counts: closed groups a year, or beds with rolling intake. */
export type SizingUnit = 'groups' | 'beds';

export interface SizingStep {
  /** Groups a year at this level (0 when sizing beds: a bed-based unit runs no groups). */
  groupsPerYear: number;
  /** Beds at this level, when sizing beds. */
  beds?: number;
  placesPerYear: number;
  startsPerYear: Stat;
  /** Every unmet need a year, whatever the reason. */
  unmetNeedPerYear: Stat;
  waitingAtEnd: Stat;
  /**
   * Share of replications whose sustained unmet need a year is at or under the target: the chance
   * of meeting it at this level. (Optional only so that sizings made before it still type-check.)
   */
  shareMeetingTarget?: number;
  /** Eligible, suitable people joining the list a year after the start: what sustaining must meet. */
  joiningPerYear?: Stat;
  /** People on the list at the start (the same at every level): the one-off to clear. */
  waitingAtStart?: Stat;
  /** Unmet need a year that places can fix (FIXABLE_REASONS), as counted in the window. */
  fixableUnmetPerYear: Stat;
  /**
   * What the target is held to: fixable unmet need a year once the flow is steady, the larger of
   * that counted in the window and the shortfall of places against the people joining (less
   * those lost for reasons places cannot fix), which a list growing without end turns into unmet
   * need every year, even where the horizon ends before it shows.
   */
  sustainedUnmetPerYear: Stat;
  /** Whether the 5th-95th percentile interval of sustained unmet need a year crosses the target. */
  crossesTarget: boolean;
  /** Most groups under way at once at this level: ceil(groups a year x weeks a course / 52). */
  concurrentGroups: number;
}

/** The one-off: a place for each person waiting when the window opens. */
export interface SizingClearing {
  /** People on the list at the start (a running start: the list today's provision leaves). */
  waitingAtStart: Stat;
  /** Places needed once to clear it: the mean waiting, rounded up. */
  places: number;
  /** Those places in whole groups (0 when sizing beds). */
  groups: number;
  /** When sizing beds: extra beds held for a year that clear it (places x mean stay / 52, rounded up). */
  beds?: number;
  /**
   * With a limit on concurrent groups: years the groups a year it allows beyond the sustaining
   * answer take to clear the list; null with no limit, or when it leaves no room (see limit.binds).
   */
  yearsToClear: number | null;
}

export interface SizingLimit {
  maxConcurrentGroups: number;
  /** Groups a year that many can run: floor(limit x 52 / weeks a course). */
  maxGroupsPerYear: number;
  /** Whether the limit binds: sustaining needs more groups a year than it allows, or it leaves none to clear the list. */
  binds: boolean;
  /** When the limit stops sustaining: the fewest groups a year without it (null: none up to the search's maximum). */
  groupsPerYearWithoutLimit: number | null;
}

export interface SizingResult {
  establishment: string;
  programme: string;
  targetUnmetPerYear: number;
  /**
   * Sustaining: the smallest whole number of groups a year whose mean sustained unmet need a year,
   * the list at the start cleared, is at or under the target (null if none up to the maximum
   * and the limit does).
   */
  answer: SizingStep | null;
  /** Every level tried, in increasing order of groups. */
  steps: SizingStep[];
  /** Weeks each level ran for (the horizon). */
  weeks?: number;
  /** The most groups a year (or beds, sizing beds) the search tried (before any limit on groups at once). */
  maxGroupsPerYear: number;
  /** The unmet-need reasons the target counts (names of the results' fields). */
  targetReasons: string[];
  groupSize: number;
  durationWeeks: number;
  /** Groups a year the scenario delivers there now (the warm-up runs this). */
  currentGroupsPerYear: number;
  /** What the levels count (absent in sizings made before beds could be sized: groups). */
  unit?: SizingUnit;
  /** When sizing beds: the beds there now (the warm-up runs this), and the mean stay in weeks. */
  currentBeds?: number;
  meanStayWeeks?: number;
  clearing: SizingClearing;
  limit: SizingLimit | null;
}

/** The kinds of scheduled change that name a programme. */
type ProvisionChangeKind = Extract<Change['set'], { programme: string }>['kind'];

/**
 * The scenario with one establishment's delivery of a programme given `fields` (added, not
 * referred, where it did not deliver it), its referrals of that programme dropped and its
 * scheduled changes of `changeKinds` to that programme set aside: a steady level to size.
 */
export function withDelivery(
  scenario: Scenario,
  establishment: string,
  programme: string,
  fields: Partial<DeliveredProgramme>,
  changeKinds: readonly ProvisionChangeKind[],
): Scenario {
  if (!scenario.programmes.some((p) => p.id === programme)) throw new Error(`unknown programme "${programme}"`);
  if (!scenario.establishments.some((e) => e.id === establishment))
    throw new Error(`unknown establishment "${establishment}"`);
  return {
    ...scenario,
    establishments: scenario.establishments.map((e) => {
      if (e.id !== establishment) return e;
      const delivered = e.programmes.some((d) => d.programme === programme);
      const programmes = delivered
        ? e.programmes.map((d) => (d.programme === programme ? { ...d, ...fields } : d))
        : [...e.programmes, { programme, groupsPerYear: 0, ...fields, acceptsReferrals: false }];
      // Delivering it here replaces any referral of it elsewhere.
      return { ...e, programmes, referrals: e.referrals.filter((r) => r.programme !== programme) };
    }),
    changes: scenario.changes.filter(
      (c) =>
        !(
          c.establishment === establishment &&
          'programme' in c.set &&
          c.set.programme === programme &&
          changeKinds.includes(c.set.kind)
        ),
    ),
  };
}

/** The scenario with `groups` a year of a programme at one establishment, its scheduled group changes set aside. */
export function withGroupsPerYear(
  scenario: Scenario,
  establishment: string,
  programme: string,
  groups: number,
): Scenario {
  return withDelivery(scenario, establishment, programme, { groupsPerYear: groups }, ['groupsPerYear']);
}

/** The scenario with `beds` of a bed-based programme at one establishment, its scheduled bed changes set aside. */
export function withBeds(scenario: Scenario, establishment: string, programme: string, beds: number): Scenario {
  // A delivery is closed groups or beds, never both: beds replace its groups (and changes to them).
  return withDelivery(scenario, establishment, programme, { groupsPerYear: 0, beds }, ['beds', 'groupsPerYear']);
}

/** Most groups of `durationWeeks` under way at once when `groupsPerYear` start evenly over a year. */
export function concurrentGroups(groupsPerYear: number, durationWeeks: number): number {
  return Math.ceil((groupsPerYear * durationWeeks) / 52 - 1e-9);
}

/** Per replication, a programme's counts at one establishment, from a batch's records. */
function perReplication(compiled: CompiledScenario, batch: RepBatch, e: number, p: number) {
  const L = compiled.layout;
  const years = compiled.weeks / 52;
  const R = batch.count;
  const cols = {
    starts: new Float64Array(R),
    unmet: new Float64Array(R),
    fixable: new Float64Array(R),
    waitingAtEnd: new Float64Array(R),
    waitingAtStart: new Float64Array(R),
    joining: new Float64Array(R),
    places: new Float64Array(R),
    sustained: new Float64Array(R),
  };
  for (let r = 0; r < R; r++) {
    const record = batch.scalars.subarray(r * L.scalarCount, (r + 1) * L.scalarCount);
    const base = L.programmeBase(e, p);
    cols.starts[r] = record[base + L.outcome(O.starts)] / years;
    cols.unmet[r] = record[base + L.outcome(O.unmetNeed)] / years;
    cols.fixable[r] = fixableUnmet(L, record, base) / years;
    cols.waitingAtEnd[r] = record[base + L.outcome(O.waitingAtEnd)];
    cols.waitingAtStart[r] = record[base + L.outcome(O.waitingAtStart)];
    cols.joining[r] = (record[base + L.outcome(O.joined)] - record[base + L.extra('joinedAtStart')]) / years;
    cols.places[r] = record[base + L.extra('placesOffered')] / years;
    // A level offering fewer places than join, less those lost for reasons places cannot fix,
    // leaves the difference unmet every year once its list has grown, however long that takes
    // to show (a man with years to serve goes unmet years later): count at least that.
    const unfixable = cols.unmet[r] - cols.fixable[r];
    cols.sustained[r] = Math.max(cols.fixable[r], cols.joining[r] - cols.places[r] - unfixable);
  }
  return cols;
}

export function sizeProgramme(scenario: Scenario, request: SizingRequest, options: RunOptions = {}): SizingResult {
  const site = scenario.establishments.find((e) => e.id === request.establishment);
  const definition = scenario.programmes.find((p) => p.id === request.programme);
  if (!definition) throw new Error(`unknown programme "${request.programme}"`);
  if (!site) throw new Error(`unknown establishment "${request.establishment}"`);
  const delivery = site.programmes.find((d) => d.programme === request.programme);
  const unit: SizingUnit = request.unit ?? (delivery?.beds !== undefined ? 'beds' : 'groups');
  const inBeds = unit === 'beds';
  if (inBeds && request.maxConcurrentGroups !== undefined)
    throw new Error('a bed-based programme runs no groups: a limit on groups at once does not apply to beds');
  const max = inBeds ? (request.maxBeds ?? 500) : (request.maxGroupsPerYear ?? 52);
  const currentGroups = delivery?.groupsPerYear ?? 0;
  const currentBeds = delivery?.beds ?? 0;
  const groupSize = delivery?.groupSize ?? definition.groupSize;
  const durationWeeks = definition.durationWeeks;
  const stay = meanStayWeeks(definition);

  // Compiled once: today's provision (so every level's warm-up and list at the start are the same).
  // Its fits are kept for the sized establishment's part, if it has one (below).
  const fits = new CompileCache();
  const today = compileScenario(
    inBeds
      ? withBeds(scenario, request.establishment, request.programme, currentBeds)
      : withGroupsPerYear(scenario, request.establishment, request.programme, currentGroups),
    options,
    fits,
  );
  const p = today.programmes.findIndex((x) => x.definition.id === request.programme);
  const at = today.establishments.findIndex((x) => x.id === request.establishment);
  // Where the file's establishments exchange no one, the one sized is simulated alone: its part
  // (establishmentParts.ts) gives the numbers it has within the file, at a fraction of the time.
  const separable = separableEstablishments(today);
  const sized = separable ? compileEstablishment(today, at, fits) : today;
  const e = separable ? 0 : at;
  const target = request.targetUnmetPerYear;

  const baseline = perReplication(sized, simulateBatch(sized, 0, sized.replications), e, p);
  const waitingAtStart = statOf(baseline.waitingAtStart);

  const tried = new Map<number, SizingStep>();
  const evaluate = (level: number): SizingStep => {
    const known = tried.get(level);
    if (known) return known;
    const run: CompiledScenario = {
      ...sized,
      // From week 0 the level being tried; the warm-up (which drops changes) keeps today's.
      changes: [
        {
          week: 0,
          establishment: e,
          appliesToExisting: false,
          action: { kind: inBeds ? 'beds' : 'groupsPerYear', programme: p, value: level },
        },
        ...sized.changes,
      ],
      setAsideAtStart: new Set([e * sized.programmes.length + p]),
    };
    const c = perReplication(run, simulateBatch(run, 0, run.replications), e, p);
    const sustained = statOf(c.sustained);
    const step: SizingStep = {
      groupsPerYear: inBeds ? 0 : level,
      ...(inBeds ? { beds: level } : {}),
      placesPerYear: statOf(c.places).mean,
      startsPerYear: statOf(c.starts),
      unmetNeedPerYear: statOf(c.unmet),
      waitingAtEnd: statOf(c.waitingAtEnd),
      shareMeetingTarget: shareAtOrUnder(c.sustained, target),
      joiningPerYear: statOf(c.joining),
      waitingAtStart,
      fixableUnmetPerYear: statOf(c.fixable),
      sustainedUnmetPerYear: sustained,
      crossesTarget: sustained.p5 <= target && target < sustained.p95,
      concurrentGroups: inBeds ? 0 : concurrentGroups(level, durationWeeks),
    };
    tried.set(level, step);
    return step;
  };
  const meets = (level: number) => evaluate(level).sustainedUnmetPerYear.mean <= target;
  /** The fewest groups (or beds) in [lo, hi] meeting the target, or null. */
  const search = (from: number, to: number): SizingStep | null => {
    if (to < from || !meets(to)) return null;
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (meets(mid)) hi = mid;
      else lo = mid + 1;
    }
    return evaluate(lo);
  };

  const cap =
    request.maxConcurrentGroups === undefined
      ? Infinity
      : Math.floor((request.maxConcurrentGroups * 52) / durationWeeks);
  const answer = search(0, Math.min(max, cap));
  const places = Math.ceil(waitingAtStart.mean - 1e-9);
  const clearing: SizingClearing = {
    waitingAtStart,
    places,
    groups: inBeds ? 0 : groupSize > 0 ? Math.ceil(places / groupSize) : 0,
    // A place in a bed-based unit holds a bed for the mean stay: places x stay bed-weeks, over a year.
    ...(inBeds ? { beds: Math.ceil((places * stay) / 52 - 1e-9) } : {}),
    yearsToClear: null,
  };
  let limit: SizingLimit | null = null;
  if (request.maxConcurrentGroups !== undefined) {
    const spare = answer ? cap - answer.groupsPerYear : 0;
    if (answer && spare > 0) clearing.yearsToClear = clearing.groups / spare;
    const stopsSustaining = answer === null && cap < max;
    limit = {
      maxConcurrentGroups: request.maxConcurrentGroups,
      maxGroupsPerYear: cap,
      binds: stopsSustaining || (answer !== null && spare <= 0 && clearing.places > 0),
      groupsPerYearWithoutLimit: stopsSustaining ? (search(cap + 1, max)?.groupsPerYear ?? null) : null,
    };
  }
  return {
    establishment: request.establishment,
    programme: request.programme,
    targetUnmetPerYear: target,
    answer,
    steps: [...tried.entries()].sort((a, b) => a[0] - b[0]).map(([, step]) => step),
    weeks: today.weeks,
    maxGroupsPerYear: max,
    targetReasons: [...FIXABLE_REASONS],
    groupSize,
    durationWeeks,
    currentGroupsPerYear: currentGroups,
    unit,
    ...(inBeds ? { currentBeds, meanStayWeeks: stay } : {}),
    clearing,
    limit,
  };
}
