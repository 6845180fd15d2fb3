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
import { compileScenario, type CompiledScenario, type RunOptions } from './compile.js';
import { CompileCache } from './compileCache.js';
import { compileEstablishment, separableEstablishments } from './establishmentParts.js';
import { O, type Layout } from './layout.js';
import { SimulationContext, simulateBatch, type RepBatch } from './simulate.js';
import { shareAtOrUnder, statOf } from '../results/samples.js';
import { FIXED_BY_PLACES } from './unmetReasons.js';
import { meanStayWeeks } from './beds.js';
import { LEVEL_CHECK_EVERY, levelDecided } from '../results/levelDecision.js';

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
  /**
   * Run every level tried to all its replications, not only as many as decide which side of the
   * target it lies (levelDecision.ts). The answer runs them all either way.
   */
  everyLevelInFull?: boolean;
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
  /**
   * Replications this level's figures rest on: all those asked for at the answer, fewer at a
   * level whose side of the target they already made clear (levelDecision.ts). Absent in sizings
   * made before levels could be decided early: all of them.
   */
  replications?: number;
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

/** A programme's counts at one establishment, a column per figure and a row per replication. */
type Columns = Record<
  'starts' | 'unmet' | 'fixable' | 'waitingAtEnd' | 'waitingAtStart' | 'joining' | 'places' | 'sustained',
  Float64Array
>;

function columns(replications: number): Columns {
  const column = () => new Float64Array(replications);
  return {
    starts: column(),
    unmet: column(),
    fixable: column(),
    waitingAtEnd: column(),
    waitingAtStart: column(),
    joining: column(),
    places: column(),
    sustained: column(),
  };
}

/** The first n rows of every column. */
function firstRows(cols: Columns, n: number): Columns {
  const out = {} as Columns;
  for (const key of Object.keys(cols) as (keyof Columns)[]) out[key] = cols[key].subarray(0, n);
  return out;
}

/** Writes a batch's replications of a programme at one establishment into their rows of `cols`. */
function perReplication(compiled: CompiledScenario, batch: RepBatch, e: number, p: number, cols: Columns): void {
  const L = compiled.layout;
  const years = compiled.weeks / 52;
  for (let k = 0; k < batch.count; k++) {
    const r = batch.firstReplication + k;
    const record = batch.scalars.subarray(k * L.scalarCount, (k + 1) * L.scalarCount);
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
}

/**
 * One level of the search: its replications run in order, LEVEL_CHECK_EVERY at a time, until
 * they decide which side of the target it lies on (or all have run).
 */
class Level {
  private readonly context: SimulationContext;
  private readonly cols: Columns;
  /** Replications run so far (the first `ran`, in order). */
  ran = 0;
  /** Whether its mean sustained unmet need is at or under the target; null until decided. */
  meets: boolean | null = null;

  constructor(
    private readonly run: CompiledScenario,
    private readonly e: number,
    private readonly p: number,
    private readonly target: number,
    /** Told after each batch of replications, with how many it ran. */
    private readonly onBatch: (count: number) => void = () => {},
  ) {
    this.context = new SimulationContext(run);
    this.cols = columns(run.replications);
  }

  /**
   * Whether the level meets the target: decided on as few replications as say so (`early`), or
   * on every one. Once all have run, their mean decides, whatever an early look said.
   */
  runUntilDecided(early: boolean): boolean {
    const all = this.run.replications;
    while (this.ran < all && !(early && this.meets !== null)) {
      this.runMore(Math.min(LEVEL_CHECK_EVERY, all - this.ran));
      if (early && this.meets === null) this.meets = levelDecided(this.cols.sustained, this.ran, this.target);
    }
    // The mean the step reports (statOf), so a level's verdict and its figure never disagree.
    if (this.ran === all) this.meets = statOf(this.cols.sustained.subarray(0, all)).mean <= this.target;
    return this.meets === true;
  }

  private runMore(count: number): void {
    const batch = simulateBatch(this.run, this.ran, count, {}, this.context);
    perReplication(this.run, batch, this.e, this.p, this.cols);
    this.ran += count;
    this.onBatch(count);
  }

  figures(): Columns {
    return firstRows(this.cols, this.ran);
  }
}

/**
 * The fewest level in [from, to] that `meets` (monotone: more groups never meet it less), or null.
 * By bisection, the top level first; or, given a `guess`, from it: downward while levels meet,
 * upward while they do not, the step doubling each time, then by bisection between the last level
 * that did not meet and the first that did. A good guess (searchSizing's, from the level it tries
 * first) finds the answer in two or three levels where bisection over [0, 52] tries six or seven.
 * `meetsOnAll` asks the level found again on every replication; where they carry it over the target
 * (a level decided early on the wrong side, levelDecision.ts says how rarely), the search goes on
 * above it.
 */
export function fewestMeeting(
  from: number,
  to: number,
  meets: (level: number) => boolean,
  meetsOnAll: (level: number) => boolean,
  guess?: number,
): number | null {
  // Every level below lo is known not to meet the target (or lies below `from`).
  for (let lo = from; ;) {
    if (to < lo) return null;
    const first = guess === undefined ? to : Math.min(to, Math.max(lo, guess));
    let hi: number;
    if (meets(first)) {
      hi = first;
      for (let step = 1; guess !== undefined && hi > lo; step *= 2) {
        const below = Math.max(lo, hi - step);
        if (!meets(below)) {
          lo = below + 1;
          break;
        }
        hi = below;
      }
    } else {
      if (guess === undefined) return null;
      let failing = first;
      for (let step = 1; ; step *= 2) {
        if (failing >= to) return null;
        const above = Math.min(to, failing + step);
        if (meets(above)) {
          [lo, hi] = [failing + 1, above];
          break;
        }
        failing = above;
      }
    }
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (meets(mid)) hi = mid;
      else lo = mid + 1;
    }
    if (meetsOnAll(lo)) return lo;
    lo += 1;
    if (guess !== undefined) guess = lo;
  }
}

/**
 * Today's provision as a level, in whole groups (or beds) as every level is: a site's groups a
 * year can be 9.8 (Hewell's TSP), tried as 10. The search tries it first; the Sizing view and the
 * command line mark it "today".
 */
export function todayLevel(sizing: Pick<SizingResult, 'unit' | 'currentBeds' | 'currentGroupsPerYear'>): number {
  return Math.round(sizing.unit === 'beds' ? (sizing.currentBeds ?? 0) : sizing.currentGroupsPerYear);
}

/** A level the search has tried, as guessLevel reads it. */
export interface TriedLevel {
  level: number;
  meets: boolean;
  sustainedUnmetPerYear: number;
}

/**
 * The level to look for the answer from, read off the last level tried: the unmet need it leaves
 * above the target, over the unmet need a level more takes away. While levels are short, a place
 * more is about a man more treated (sustained unmet is then the shortfall of places against the
 * people joining), so a level takes away its places a year (`placesPerLevel`); where two short
 * levels have been tried (`before`), what they measured instead, which is less where more places
 * also keep men who would have gone unmet for reasons places cannot fix from joining the count
 * (Leicester's TSP: about 6 a group of 10). At least a level more than one that does not meet the
 * target, at most the level itself where it does.
 */
export function guessLevel(
  tried: TriedLevel,
  target: number,
  placesPerLevel: number,
  before: TriedLevel | null = null,
): number {
  let perLevel = placesPerLevel;
  if (before !== null && !before.meets && !tried.meets && before.level !== tried.level) {
    const fall = (before.sustainedUnmetPerYear - tried.sustainedUnmetPerYear) / (tried.level - before.level);
    if (fall > 0) perLevel = fall;
  }
  const level = tried.level + Math.ceil((tried.sustainedUnmetPerYear - target) / perLevel - 1e-9);
  if (!Number.isFinite(level)) return tried.meets ? tried.level : tried.level + 1;
  return tried.meets ? Math.min(tried.level, Math.max(0, level)) : Math.max(tried.level + 1, level);
}

/** How far a sizing's search has gone: reported after each ten replications of a level. */
export interface SizingProgress {
  /** Levels tried so far, the one running included. */
  levelsTried: number;
  /** Replications the levels have run, in all. */
  replications: number;
  /** The level running: groups a year, or beds. */
  level: number;
}

export interface SizingHooks {
  onProgress?: (progress: SizingProgress) => void;
}

/** A request read against its scenario: what every part of a sizing needs. */
interface SizingPlan {
  /** The scenario with today's provision of the programme there, its scheduled changes set aside. */
  today: Scenario;
  unit: SizingUnit;
  inBeds: boolean;
  max: number;
  currentGroups: number;
  currentBeds: number;
  groupSize: number;
  durationWeeks: number;
  stay: number;
}

function planSizing(scenario: Scenario, request: SizingRequest): SizingPlan {
  const site = scenario.establishments.find((e) => e.id === request.establishment);
  const definition = scenario.programmes.find((p) => p.id === request.programme);
  if (!definition) throw new Error(`unknown programme "${request.programme}"`);
  if (!site) throw new Error(`unknown establishment "${request.establishment}"`);
  const delivery = site.programmes.find((d) => d.programme === request.programme);
  const unit: SizingUnit = request.unit ?? (delivery?.beds !== undefined ? 'beds' : 'groups');
  const inBeds = unit === 'beds';
  if (inBeds && request.maxConcurrentGroups !== undefined)
    throw new Error('a bed-based programme runs no groups: a limit on groups at once does not apply to beds');
  const currentGroups = delivery?.groupsPerYear ?? 0;
  const currentBeds = delivery?.beds ?? 0;
  return {
    today: inBeds
      ? withBeds(scenario, request.establishment, request.programme, currentBeds)
      : withGroupsPerYear(scenario, request.establishment, request.programme, currentGroups),
    unit,
    inBeds,
    max: inBeds ? (request.maxBeds ?? 500) : (request.maxGroupsPerYear ?? 52),
    currentGroups,
    currentBeds,
    groupSize: delivery?.groupSize ?? definition.groupSize,
    durationWeeks: definition.durationWeeks,
    stay: meanStayWeeks(definition),
  };
}

/**
 * Today's provision compiled for a sizing: the sized establishment alone where the file's
 * establishments exchange no one (its part, establishmentParts.ts, gives the numbers it has within
 * the file at a fraction of the time), and where the programme and establishment sit in it.
 */
function compileToday(plan: SizingPlan, request: SizingRequest, options: RunOptions, fits: CompileCache) {
  const today = compileScenario(plan.today, options, fits);
  const p = today.programmes.findIndex((x) => x.definition.id === request.programme);
  const at = today.establishments.findIndex((x) => x.id === request.establishment);
  const separable = separableEstablishments(today);
  return { today, sized: separable ? compileEstablishment(today, at, fits) : today, e: separable ? 0 : at, p };
}

/**
 * The people waiting for the programme there when the window opens under today's provision: the
 * list the clearing part sizes. From a run that ends a week into the window, since the warm-up
 * and the opening make the list and do not depend on the horizon.
 */
export function sizingListAtStart(
  scenario: Scenario,
  request: SizingRequest,
  options: RunOptions = {},
  fits: CompileCache = new CompileCache(),
): Stat {
  const plan = planSizing(scenario, request);
  const { sized, e, p } = compileToday(plan, request, { ...options, horizonWeeks: 1 }, fits);
  const cols = columns(sized.replications);
  perReplication(sized, simulateBatch(sized, 0, sized.replications), e, p, cols);
  return statOf(cols.waitingAtStart);
}

/** The limit on groups at once as the search leaves it, before the list at the start is known. */
export interface SizingSearchLimit {
  maxConcurrentGroups: number;
  maxGroupsPerYear: number;
  /** No level the limit allows meets the target, though the search's maximum is higher. */
  stopsSustaining: boolean;
  groupsPerYearWithoutLimit: number | null;
}

/**
 * A sizing's search (sustaining), before the list at the start (clearing) is known: the two are
 * independent runs, which an app's two workers make at once (finishSizing puts them together).
 * Its steps have no `waitingAtStart` yet.
 */
export interface SizingSearch extends Omit<SizingResult, 'clearing' | 'limit'> {
  searchLimit: SizingSearchLimit | null;
}

/** The search for the fewest groups (or beds) meeting the target: sizing's sustaining part. */
export function searchSizing(
  scenario: Scenario,
  request: SizingRequest,
  options: RunOptions = {},
  /** Fits kept between compiles (sizeProgramme shares them with the list at the start's run). */
  fits: CompileCache = new CompileCache(),
  hooks: SizingHooks = {},
): SizingSearch {
  const plan = planSizing(scenario, request);
  const { inBeds, max, durationWeeks } = plan;
  // Compiled once: today's provision (so every level's warm-up and list at the start are the same).
  const { today, sized, e, p } = compileToday(plan, request, options, fits);
  const target = request.targetUnmetPerYear;
  const early = request.everyLevelInFull !== true;

  const levels = new Map<number, Level>();
  let replications = 0;
  const level = (value: number): Level => {
    const known = levels.get(value);
    if (known) return known;
    const run: CompiledScenario = {
      ...sized,
      // From week 0 the level being tried; the warm-up (which drops changes) keeps today's.
      changes: [
        {
          week: 0,
          establishment: e,
          appliesToExisting: false,
          action: { kind: inBeds ? 'beds' : 'groupsPerYear', programme: p, value },
        },
        ...sized.changes,
      ],
      setAsideAtStart: new Set([e * sized.programmes.length + p]),
    };
    const made = new Level(run, e, p, target, (count) => {
      replications += count;
      hooks.onProgress?.({ levelsTried: levels.size, replications, level: value });
    });
    levels.set(value, made);
    return made;
  };
  const stepOf = (value: number): SizingStep => {
    const c = level(value).figures();
    const sustained = statOf(c.sustained);
    return {
      groupsPerYear: inBeds ? 0 : value,
      ...(inBeds ? { beds: value } : {}),
      placesPerYear: statOf(c.places).mean,
      startsPerYear: statOf(c.starts),
      unmetNeedPerYear: statOf(c.unmet),
      waitingAtEnd: statOf(c.waitingAtEnd),
      shareMeetingTarget: shareAtOrUnder(c.sustained, target),
      joiningPerYear: statOf(c.joining),
      fixableUnmetPerYear: statOf(c.fixable),
      sustainedUnmetPerYear: sustained,
      crossesTarget: sustained.p5 <= target && target < sustained.p95,
      concurrentGroups: inBeds ? 0 : concurrentGroups(value, durationWeeks),
      replications: level(value).ran,
    };
  };
  const meets = (value: number) => level(value).runUntilDecided(early);
  const meetsOnAll = (value: number) => level(value).runUntilDecided(false);
  // Places a year a level more adds (guessLevel), and today's level, which the search tries first.
  const placesPerLevel = inBeds ? 52 / plan.stay : plan.groupSize;
  const first = todayLevel({
    unit: plan.unit,
    currentBeds: plan.currentBeds,
    currentGroupsPerYear: plan.currentGroups,
  });
  const tried = (value: number): TriedLevel => ({
    level: value,
    meets: meets(value),
    sustainedUnmetPerYear: statOf(level(value).figures().sustained).mean,
  });
  const search = (from: number, to: number): number | null => {
    // A target of none: where a level meets it is a matter of its rarest replications (one man
    // unmet in any of them fails it), not of places, so a guess says nothing: bisection.
    if (to < from || target <= 0) return fewestMeeting(from, to, meets, meetsOnAll);
    // Today's level first (within the range looked in), then up while levels fall short, each next
    // level guessed from the last two, to the first that meets the target; from there (or from a
    // guess below today's level, where it meets the target) fewestMeeting finds the fewest.
    let lo = from;
    let before: TriedLevel | null = null;
    for (let at = Math.min(to, Math.max(from, first)); ;) {
      const last = tried(at);
      if (last.meets)
        return fewestMeeting(
          lo,
          to,
          meets,
          meetsOnAll,
          before === null ? guessLevel(last, target, placesPerLevel) : at,
        );
      if (at >= to) return null;
      lo = at + 1;
      at = Math.min(to, guessLevel(last, target, placesPerLevel, before));
      before = last;
    }
  };

  const cap =
    request.maxConcurrentGroups === undefined
      ? Infinity
      : Math.floor((request.maxConcurrentGroups * 52) / durationWeeks);
  const found = search(0, Math.min(max, cap));
  let searchLimit: SizingSearchLimit | null = null;
  if (request.maxConcurrentGroups !== undefined) {
    const stopsSustaining = found === null && cap < max;
    searchLimit = {
      maxConcurrentGroups: request.maxConcurrentGroups,
      maxGroupsPerYear: cap,
      stopsSustaining,
      groupsPerYearWithoutLimit: stopsSustaining ? search(cap + 1, max) : null,
    };
  }
  return {
    establishment: request.establishment,
    programme: request.programme,
    targetUnmetPerYear: target,
    answer: found === null ? null : stepOf(found),
    steps: [...levels.keys()].sort((a, b) => a - b).map(stepOf),
    weeks: today.weeks,
    maxGroupsPerYear: max,
    targetReasons: [...FIXABLE_REASONS],
    groupSize: plan.groupSize,
    durationWeeks,
    currentGroupsPerYear: plan.currentGroups,
    unit: plan.unit,
    ...(inBeds ? { currentBeds: plan.currentBeds, meanStayWeeks: plan.stay } : {}),
    searchLimit,
  };
}

/** A sizing from its search and the list at the start: the clearing part, and the limit's verdict on both. */
export function finishSizing(search: SizingSearch, waitingAtStart: Stat): SizingResult {
  const { searchLimit, ...found } = search;
  const inBeds = found.unit === 'beds';
  const withList = (step: SizingStep): SizingStep => ({ ...step, waitingAtStart });
  const answer = found.answer === null ? null : withList(found.answer);
  const places = Math.ceil(waitingAtStart.mean - 1e-9);
  const groupSize = found.groupSize;
  const clearing: SizingClearing = {
    waitingAtStart,
    places,
    groups: inBeds ? 0 : groupSize > 0 ? Math.ceil(places / groupSize) : 0,
    // A place in a bed-based unit holds a bed for the mean stay: places x stay bed-weeks, over a year.
    ...(inBeds ? { beds: Math.ceil((places * (found.meanStayWeeks ?? 0)) / 52 - 1e-9) } : {}),
    yearsToClear: null,
  };
  let limit: SizingLimit | null = null;
  if (searchLimit !== null) {
    const spare = answer ? searchLimit.maxGroupsPerYear - answer.groupsPerYear : 0;
    if (answer && spare > 0) clearing.yearsToClear = clearing.groups / spare;
    limit = {
      maxConcurrentGroups: searchLimit.maxConcurrentGroups,
      maxGroupsPerYear: searchLimit.maxGroupsPerYear,
      binds: searchLimit.stopsSustaining || (answer !== null && spare <= 0 && clearing.places > 0),
      groupsPerYearWithoutLimit: searchLimit.groupsPerYearWithoutLimit,
    };
  }
  return { ...found, answer, steps: found.steps.map(withList), clearing, limit };
}

/** Sizes a programme at one establishment: its search and its list at the start, one after the other. */
export function sizeProgramme(scenario: Scenario, request: SizingRequest, options: RunOptions = {}): SizingResult {
  const fits = new CompileCache();
  const search = searchSizing(scenario, request, options, fits);
  return finishSizing(search, sizingListAtStart(scenario, request, options, fits));
}
