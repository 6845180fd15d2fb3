/**
 * A running start: the services run for a warm-up before the reporting window, and are then
 * handed to a population drawn afresh from the source tables.
 *
 * Why hand over rather than carry on: the warm-up's population moves with its receptions (the
 * steady-state arrivals, or a stated mix), so after months it is no longer the population the
 * tables describe. The window must open on the tables' population. So the warm-up runs on the
 * fitted population, and at the start of the window each person of the freshly drawn opening
 * population takes on the service record of a warm-up person of the same segment (the same
 * establishment and the same bands of every attribute the programme rules read, and of time
 * left): programmes completed (treatment history), places on waiting lists with the week they
 * joined, a course under way with the week it ends, and a re-referral due after a drop-out or
 * deselection (else lost between the two runs). The population mix at the start is
 * exactly that of a cold start (the same draws); the services are those of a running one.
 *
 * Matching is without replacement within a segment, people on a course first, so groups under
 * way keep their members where the segment has room for them; a place whose warm-up person
 * found no match goes to someone else eligible for the course and free to take it, so groups
 * under way keep their size whatever the segments' sizes. When a segment's warm-up people
 * run out, a person takes the record but for courses under way of someone of the same segment
 * regardless of time left (handOver.ts inherit); with no one of his eligibility profile at all,
 * he takes per programme the state of someone it is open to (programmeRecords).
 */
import type { CompiledEstablishment, CompiledScenario } from './compile.js';
import { Layout } from './layout.js';
import type { People } from './people.js';
import type { RandomStream } from '../random/streams.js';
import type { Attribute, Criterion, Scenario } from '../scenario/schema.js';
import type { Rule } from './compile.js';
import type { Subject } from '../rules/criteria.js';
import { EligibilityProfiles, MAX_PROGRAMMES } from './eligibilityProfiles.js';
import { DEPENDS, FALSE } from '../rules/criteria.js';
import { stream } from '../random/streams.js';
import { compileAssessment } from './assessment.js';
import { SentenceKind } from './release.js';
import { openingTimeLeft } from '../population/arrivals.js';
import { meanStayWeeks } from './beds.js';

/** Longest course cycle the default gives: a year is enough for every course but the longest to be under way. */
const DEFAULT_CAP_WEEKS = 52;
/**
 * Longest warm-up the default gives to clear the cold lists (backlogWarmupWeeks): two years. Why
 * a cap: a list whose places cannot keep up never clears (Stafford's TSP, some 430 at a cold start
 * against 80 places a year); by two years its list is held by releases, not by the cold start.
 */
const BACKLOG_CAP_WEEKS = 104;

export interface StartPlan {
  mode: 'running' | 'empty';
  /** Weeks simulated and discarded before the window (0 in an empty start). */
  warmupWeeks: number;
  /** Whether warmupWeeks came from the scenario (false: the default worked out here). */
  warmupFromScenario: boolean;
  /** What was used and why, in words, for the results. */
  note: string;
  /** Where the opening population's treatment history comes from (treatmentHistoryUsed). */
  treatmentHistory: TreatmentHistoryUsed;
  /**
   * The history a running service would have given the warm-up's opening stock on lists that
   * never clear (derivedHistory); absent with no warm-up or no such list.
   */
  derivedHistory?: DerivedHistory;
}

/** The treatment history a run opens with, for the results. */
export interface TreatmentHistoryUsed {
  /** Rules of the scenario's `treatmentHistory` with a share above 0. */
  rules: number;
  /** Of those, rules whose share is marked as an editable default (`defaults` names `share`). */
  defaultShares: number;
  /** Whether the warm-up adds what it delivered to that history. */
  fromWarmup: boolean;
  note: string;
}

/**
 * Who has completed which programme when the window opens, in words: the scenario's rules by
 * segment (applied at the start and to receptions) and, in a running start with a warm-up, the
 * warm-up's completions. Why say so: with the warm-up off (an empty start, or warmupWeeks 0) the
 * rules are the only history, and a follow-on (Extended after Core) has need from week 0 only
 * through them.
 */
export function treatmentHistoryUsed(scenario: Scenario, warmupWeeks: number): TreatmentHistoryUsed {
  const used = scenario.treatmentHistory.filter((h) => h.share > 0);
  const rules = used.length;
  const defaultShares = used.filter((h) => h.defaults?.includes('share')).length;
  const fromWarmup = warmupWeeks > 0;
  const programmes = [...new Set(used.map((h) => h.programme))].join(', ');
  const given =
    rules === 0
      ? 'no rule of the scenario gives treatment history before the run'
      : `${rules} rule${rules === 1 ? '' : 's'} of the scenario's treatmentHistory (${programmes}) give who completed ` +
        `what before the run, at the start and for receptions; ${
          defaultShares === rules ? 'every share is' : `${defaultShares} of the shares are`
        } an editable default`;
  const warm = fromWarmup
    ? `, and the warm-up's ${warmupWeeks} weeks add the courses they completed`
    : rules === 0
      ? ', and there is no warm-up: nobody has completed a programme at the start'
      : ', and there is no warm-up: that is all the history';
  return { rules, defaultShares, fromWarmup, note: `Treatment history: ${given}${warm}.` };
}

/**
 * The start a scenario asks for. The default warm-up is one course cycle: long enough that every
 * course under way at the start began in the warm-up (the longest course delivered, with its
 * prerequisites before it, so that Core completers already wait for Extended SOTP), up to a year.
 */
export function planStart(scenario: Scenario): StartPlan {
  const start = scenario.start;
  if (start.mode === 'empty') {
    return {
      mode: 'empty',
      warmupWeeks: 0,
      warmupFromScenario: false,
      note: 'Empty start: no course under way and everyone eligible joining the lists in week 0.',
      treatmentHistory: treatmentHistoryUsed(scenario, 0),
    };
  }
  const fromScenario = start.warmupWeeks !== undefined;
  const weeks = start.warmupWeeks ?? defaultWarmupWeeks(scenario);
  const why = fromScenario
    ? 'as the scenario sets'
    : weeks === 0
      ? 'no programme is delivered, so nothing to warm up (default)'
      : 'one course cycle of the longest programme delivered, with its prerequisites, at most a year (default)';
  return {
    mode: 'running',
    warmupWeeks: weeks,
    warmupFromScenario: fromScenario,
    treatmentHistory: treatmentHistoryUsed(scenario, weeks),
    note:
      weeks === 0
        ? `Running start with no warm-up (${why}): the lists open as in an empty start.`
        : `Running start: the services ran for ${weeks} weeks before the window (${why}), then passed their ` +
          'courses under way, waiting lists and treatment history to the population drawn from the tables.',
  };
}

/**
 * The start the compiled scenario runs: planStart's, with a default warm-up long enough to clear
 * the cold lists as well as to run one course cycle (backlogWarmupWeeks).
 *
 * Why: the warm-up opens cold, with everyone eligible joining the lists in week 0, and a warm-up
 * of one course cycle ends long before that queue has gone. Stafford's RESOLVE (12-week course,
 * 2 groups of 10 a year, about 35 waiting at a cold start) ended a 26-week warm-up with 29 on its
 * list, 23 of them there since the warm-up's week 0, where a running service holds about 4; the
 * window then started 16.6 men in year 1 against 4.9 and 6.5 in years 2 and 3.
 */
export function sizeStart(compiled: CompiledScenario): StartPlan {
  const plan = compiled.start;
  if (plan.mode !== 'running' || plan.warmupWeeks === 0) return plan;
  const sized = plan.warmupFromScenario ? plan : sizeWarmup(compiled, plan);
  return withDerivedHistory(sized, derivedHistory(compiled));
}

/** The plan with the derived history (derivedHistory) and its sentence in both notes. */
function withDerivedHistory(plan: StartPlan, derived: DerivedHistory | undefined): StartPlan {
  if (!derived) return plan;
  const lists = derived.lists
    .map((l) => `${l.programme} at ${l.establishment} ${Math.round(100 * l.share)}%`)
    .join(', ');
  const sentence =
    ` The warm-up's opening stock starts with the history a running service would have given it (default, ` +
    `derived): on each list its places cannot clear in the warm-up, that share of the men who would join it ` +
    `had been through it already, completed or left for good (${lists}); these are history, not counted in any year.`;
  return {
    ...plan,
    derivedHistory: derived,
    note: plan.note + sentence,
    treatmentHistory: { ...plan.treatmentHistory, note: plan.treatmentHistory.note + sentence },
  };
}

/** The default warm-up lengthened, where it must be, to clear the cold lists (backlogWarmupWeeks). */
function sizeWarmup(compiled: CompiledScenario, plan: StartPlan): StartPlan {
  const backlog = backlogWarmupWeeks(compiled);
  if (backlog.weeks <= plan.warmupWeeks) return plan;
  const stay =
    backlog.settleWeeks > 0 ? `, plus its longest stay (${backlog.settleWeeks} weeks) for its beds to settle` : '';
  return {
    ...plan,
    warmupWeeks: backlog.weeks,
    treatmentHistory: treatmentHistoryUsed(compiled.scenario, backlog.weeks),
    note:
      `Running start: the services ran for ${backlog.weeks} weeks before the window (default: twice the time ` +
      `${backlog.programme} takes to clear a cold start's list at its places a year, at most ${BACKLOG_CAP_WEEKS}${stay}; ` +
      `one course cycle is ${plan.warmupWeeks}), then passed their courses under way, waiting lists and ` +
      'treatment history to the population drawn from the tables.',
  };
}

/**
 * A cold list shares its places with the men joining meanwhile, who often come first (priority
 * by release date), so it takes longer than its length over the places to clear: twice that.
 * Measured on a small service (tests/engine/runningStartYearOne.test.ts: 25 waiting at a cold
 * start, 20 places a year, 36 joining): a warm-up of the list over the places (58 weeks) left
 * 6.7 waiting at the start and year-1 starts 15.6 against 14.3 and 13.8; twice that (104 weeks)
 * 3.5 and 13.9 against 14.1 and 14.1.
 */
const CLEARING_FACTOR = 2;

/**
 * Weeks a bed unit needs after its cold list has cleared: its longest stay (the course length).
 * Why: the warm-up's beds fill from the cold list and stay full while it lasts; once it has
 * cleared, the unit starts only as many as join, and the stays begun at the full rate end over
 * the next stay, completers last (a completer stays the whole course). Until then the unit holds
 * more than a running one. Wymott's TC (70 beds, 52-week stays, a cold list of about 200 at 93
 * places a year, about 62 joining): a 104-week warm-up handed over 66 stays under way where a
 * running unit holds 47, and year-1 completions were 38.5 against 30.9 in years 2 and 3; 130
 * weeks 37.7, 144 weeks 34.6, 156 weeks (104 plus the 52-week stay) 32.8 against 30.5 and 30.7.
 * A unit whose list never clears stays full throughout and opens the window full either way.
 */
export function bedSettleWeeks(durationWeeks: number): number {
  return Math.ceil(durationWeeks);
}

/**
 * Whether a bed unit's cold list (`waiting` men, `placesPerYear`) is longer than its beds work off
 * in `weeks` with no one else joining: then the unit is still full at the end of a warm-up of that
 * length and needs no stay added to settle. Why: a stay added to a warm-up costs as much as the
 * weeks it adds, and a unit whose list never clears gains nothing from it (Dovegate's DTC, a cold
 * list of about 525 at 141 places a year, 194 weeks, held 61 waiting after 104 weeks of warm-up
 * and 33 after 182; the West Midlands' run took 38% more time for it). A heuristic: leavers
 * shorten a list too, so a list somewhat longer can still clear. Wymott's TC (about 200 at 93
 * places, 113 weeks) clears.
 */
export function listOutlasts(waiting: number, placesPerYear: number, weeks: number): boolean {
  return (52 * waiting) / placesPerYear > weeks;
}

/**
 * Weeks for the longest cold list to clear at its places: per list (the establishment where a
 * programme is delivered, with the men of the prisons referring it there), the men an opening
 * population would put on it at a cold start (eligible by the attribute rules, a rule on time left
 * or history counted as eligible, not remand unless remand is eligible, times the share found
 * suitable) over the places a year (groups x group size, or beds over the mean stay), in weeks,
 * times CLEARING_FACTOR, rounded up, at most BACKLOG_CAP_WEEKS; a bed unit's plus its longest stay
 * (bedSettleWeeks), for its beds to settle once its list has cleared. Programmes with prerequisites have no cold list (no one
 * has completed the first at a cold start but by treatment history) and are left out. The opening
 * population is one draw from the stock from a stream of its own (not the run's seed), so the
 * answer is the same in every run of the scenario.
 */
export function backlogWarmupWeeks(compiled: CompiledScenario): {
  weeks: number;
  programme: string;
  /** Of `weeks`, those for a bed unit's stays to settle (0: the longest is a list of groups). */
  settleWeeks: number;
} {
  const P = compiled.programmes.length;
  const E = compiled.establishments.length;
  const waiting = new Float64Array(E * P);
  const suitable = compiled.programmes.map((p) => compileAssessment(p.definition).suitableBelow);
  const A = compiled.attributes.length;
  const codes = new Uint8Array(A);
  const subject: Subject = { code: (a) => codes[a], weeksToRelease: () => Infinity, completed: () => false };
  const release = compiled.release;
  for (const e of compiled.establishments) {
    const rng = stream('warm-up/backlog', 0, e.id);
    for (const cell of e.stock.openingCells(e.populationTotal, rng)) {
      e.stock.fill(cell, codes, 0, rng);
      if (release.shutOut(codes[compiled.sentenceAttribute])) continue;
      for (let p = 0; p < P; p++) {
        if (compiled.programmes[p].definition.prerequisites.length > 0) continue;
        if (e.eligibility[p].lookup.valueFor(codes, 0, subject) === FALSE) continue;
        const at = e.referralTo[p] >= 0 ? e.referralTo[p] : e.index;
        waiting[at * P + p] += suitable[p];
      }
    }
  }
  let weeks = 0;
  let programme = '';
  let settleWeeks = 0;
  compiled.establishments.forEach((e, ei) =>
    e.deliveries.forEach((d, p) => {
      if (!d) return;
      const def = compiled.programmes[p].definition;
      const places = d.beds !== null ? (d.beds * 52) / meanStayWeeks(def) : d.groupsPerYear * d.groupSize;
      if (places <= 0) return;
      const clear = Math.min(BACKLOG_CAP_WEEKS, Math.ceil((CLEARING_FACTOR * 52 * waiting[ei * P + p]) / places));
      const stay = d.beds !== null && clear > 0 ? bedSettleWeeks(def.durationWeeks) : 0;
      // A cold list its beds alone cannot work off by the end of the warm-up with the stay added
      // keeps the unit full throughout: it opens the window full either way (listOutlasts).
      const settle = listOutlasts(waiting[ei * P + p], places, BACKLOG_CAP_WEEKS + stay) ? 0 : stay;
      if (clear + settle > weeks) {
        weeks = clear + settle;
        settleWeeks = settle;
        programme = `${def.id} at ${e.id}`;
      }
    }),
  );
  return { weeks, programme, settleWeeks };
}

/**
 * The most weeks the warm-up can run, from the scenario alone (no population fitted): what it
 * sets, else the default's upper bound (the course cycle, or the cap on clearing cold lists,
 * whichever is longer). For estimates made before compiling (budget.ts).
 */
export function warmupWeeksBound(scenario: Scenario): number {
  const plan = planStart(scenario);
  if (plan.mode !== 'running' || plan.warmupFromScenario || plan.warmupWeeks === 0) return plan.warmupWeeks;
  const byId = new Map(scenario.programmes.map((p) => [p.id, p]));
  let settle = 0;
  for (const e of scenario.establishments)
    for (const d of e.programmes) {
      const p = byId.get(d.programme);
      if (p && (d.beds ?? 0) > 0) settle = Math.max(settle, bedSettleWeeks(p.durationWeeks));
    }
  return Math.max(plan.warmupWeeks, BACKLOG_CAP_WEEKS + settle);
}

export function defaultWarmupWeeks(scenario: Scenario): number {
  const byId = new Map(scenario.programmes.map((p) => [p.id, p]));
  const cycle = (id: string, seen: Set<string>): number => {
    const p = byId.get(id);
    if (!p || seen.has(id)) return 0;
    seen.add(id);
    return p.durationWeeks + Math.max(0, ...p.prerequisites.map((q) => cycle(q, seen)));
  };
  let weeks = 0;
  for (const e of scenario.establishments) {
    for (const d of e.programmes) {
      if (d.groupsPerYear > 0 || (d.beds ?? 0) > 0) weeks = Math.max(weeks, cycle(d.programme, new Set()));
    }
  }
  return Math.min(DEFAULT_CAP_WEEKS, Math.ceil(weeks));
}

/**
 * The compiled scenario the warm-up runs: the same services for `weeks` weeks, with no scheduled
 * changes (they belong to the window), and each group schedule shifted so that, continued into
 * the window, its groups start where the scenario puts them (firstStartWeek and every
 * 52 / groupsPerYear weeks around it).
 */
export function warmupView(compiled: CompiledScenario, weeks: number): CompiledScenario {
  const L = compiled.layout;
  return {
    ...compiled,
    weeks,
    establishments: schedulesShifted(compiled, weeks),
    changes: [],
    layout: new Layout(L.establishments, L.programmes, L.tiers, L.ogrsBands, L.offences, weeks, 0, 0, [], L.needs),
  };
}

/**
 * The establishments with each group schedule shifted `weeks` earlier, so that a run that begins
 * `weeks` before the window starts its groups, once into the window, where the scenario puts them.
 */
export function schedulesShifted(compiled: CompiledScenario, weeks: number): CompiledEstablishment[] {
  return compiled.establishments.map((e) => ({
    ...e,
    deliveries: e.deliveries.map((d) => {
      if (!d || d.groupsPerYear <= 0) return d;
      const period = 52 / d.groupsPerYear;
      const first = d.firstStartWeek + weeks;
      return { ...d, firstStartWeek: first - Math.floor(first / period) * period };
    }),
  }));
}

/**
 * Group schedules whose phase the scenario leaves open: (establishment, programme) of each
 * delivery of closed groups with no `firstStartWeek` of its own. Why: groups every 52 / g weeks
 * with a first at week 0 put the window's opening just as a group starts, the least of any phase,
 * so a programme whose groups are further apart than its course opened with none under way
 * (Brinsford's TSP, 4.4 groups of 10 weeks: 0 where 0.85 are expected). A service that has been
 * running has no reason to start a group in the window's first week; its phase is unknown, so
 * each replication draws it (schedulePhases), and the groups under way at the start are
 * g x course length / 52 in expectation. A first start week the scenario gives is kept.
 */
export function openPhases(compiled: CompiledScenario): { establishment: number; programme: number; name: string }[] {
  const out: { establishment: number; programme: number; name: string }[] = [];
  compiled.establishments.forEach((e, ei) => {
    const declared = compiled.scenario.establishments[ei]!;
    e.deliveries.forEach((d, p) => {
      if (!d || d.groupsPerYear <= 0) return;
      const id = compiled.programmes[p]!.definition.id;
      if (declared.programmes.find((x) => x.programme === id)?.firstStartWeek !== undefined) return;
      out.push({ establishment: ei, programme: p, name: `warm-up/schedule/${declared.id}/${id}` });
    });
  });
  return out;
}

/**
 * The warm-up view of one replication: each open phase (openPhases) drawn uniformly over its
 * period from a stream of its own (the delivery's ids, so adding a delivery elsewhere moves no
 * other schedule), as the warm-up's first start week; the window continues that schedule.
 * A group starts in the first whole week at or after its time (courses.ts), so week 0 holds the
 * times in (-1, 0]: the first time is drawn in (-1, period - 1], else a schedule whose time
 * falls in (period - 1, period) would have lost the group before it (13-week groups of 26 weeks
 * opened with one under way in 1 replication of 13, not 2).
 */
export function schedulePhases(
  view: CompiledScenario,
  open: readonly { establishment: number; programme: number; name: string }[],
  draw: (name: string) => number,
): CompiledScenario {
  if (open.length === 0) return view;
  const establishments = view.establishments.map((e) => ({ ...e, deliveries: [...e.deliveries] }));
  for (const o of open) {
    const row = establishments[o.establishment]!.deliveries;
    const d = row[o.programme]!;
    row[o.programme] = { ...d, firstStartWeek: (1 - draw(o.name)) * (52 / d.groupsPerYear) - 1 };
  }
  return { ...view, establishments };
}

/**
 * The stay under way of a man in a bed-based unit (beds.ts) the warm-up opens full: the weeks
 * left and whether he completes, drawn from the unit's steady state rather than a course begun
 * now. Why: the warm-up opens cold, so every bed would start in its week 0 and end together (DTC:
 * 78 weeks, longer than the warm-up), and the window would open on one cohort (Dovegate: 86
 * completions in year 1, 40 in year 2, against a steady 66). In a unit running for long, a man is
 * in a bed with weeks r still to go with chance proportional to the share of stays lasting r
 * weeks or more (a completer stays the course; a drop-out leaves at a week drawn evenly over it):
 * c + (1 - c)(D - r + 1) / D for r = 1..D, and of those, completers are c over that sum.
 * u and v are uniform draws in [0, 1).
 */
export function stayUnderWay(
  durationWeeks: number,
  completionRate: number,
  u: number,
  v: number,
): {
  weeksLeft: number;
  completes: boolean;
} {
  const D = durationWeeks;
  const c = completionRate;
  const lasting = (r: number) => c + ((1 - c) * (D - r + 1)) / D;
  // The sum over r of lasting(r) is the mean stay (beds.ts meanStayWeeks).
  let left = u * (c * D + ((1 - c) * (D + 1)) / 2);
  let r = 1;
  for (; r < D; r++) {
    left -= lasting(r);
    if (left < 0) break;
  }
  return { weeksLeft: r, completes: v * lasting(r) < c };
}

/**
 * Attributes the programme rules read, plus OGRS (priority): with the time left at the hand-over
 * (timeLeftBounds), the segment a record passes within.
 */
export function matchAttributes(compiled: CompiledScenario): number[] {
  const ids = new Set<string>();
  const visit = (c: Criterion): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else if ('attribute' in c) ids.add(c.attribute);
  };
  for (const p of compiled.scenario.programmes) {
    visit(p.eligibility);
    for (const k of p.priority) if (k.by === 'criteria') visit(k.when);
  }
  for (const c of compiled.scenario.changes) if (c.set.kind === 'eligibility') visit(c.set.eligibility);
  // A site's own rules too: its eligibility, order and the segments it plans for.
  for (const e of compiled.scenario.establishments) {
    for (const d of e.programmes) {
      if (d.eligibility) visit(d.eligibility);
      for (const k of d.priority ?? []) if (k.by === 'criteria') visit(k.when);
      for (const g of d.segments ?? []) visit(g.when);
    }
  }
  const found = compiled.attributes.flatMap((a, i) => (ids.has(a.id) ? [i] : []));
  if (compiled.ogrsAttribute >= 0 && !found.includes(compiled.ogrsAttribute)) found.push(compiled.ogrsAttribute);
  return found.sort((x, y) => x - y);
}

/**
 * Weeks to release at which records are matched apart (ascending): the time-left bands' bounds
 * and the least time left to start each programme delivered (minWeeksLeftToStart). A warm-up
 * person is classed by the weeks to release he has when the window opens, an opening man by his
 * own, so the two are matched on the time they have now and on the programmes each could start.
 *
 * Why not the time-left band (the attribute): it is drawn at reception and never changes, so a
 * warm-up man received with 2 to 5 years left, waiting after a year inside, was matched to an
 * opening man with 2 to 5 years; and within a band that a programme's least time left divides
 * (6 to 12 months, C-SOTP's 39 weeks), a place held by a man with 45 weeks left passed to one with
 * 30, who cannot start. A place his taker could not keep lapsed at the hand-over: Stafford's TSP
 * held 326 live places at the warm-up's end and opened the window with 297.
 */
export function timeLeftBounds(compiled: CompiledScenario): number[] {
  const bounds = new Set<number>();
  for (const c of compiled.attributes[compiled.timeLeftAttribute]?.categories ?? []) {
    for (const b of [c.min, c.max]) if (b !== undefined && b > 0) bounds.add(b);
  }
  compiled.establishments.forEach((e) =>
    e.deliveries.forEach((d, p) => {
      if (d) bounds.add(compiled.programmes[p].definition.minWeeksLeftToStart);
    }),
  );
  return [...bounds].filter((b) => b > 0).sort((x, y) => x - y);
}

/** A course under way when the window opens, as the window receives it. */
export interface InheritedCourse {
  establishment: number;
  programme: number;
  /** Week the course ends, relative to the window (0 or later). */
  endWeek: number;
  completes: boolean;
  /** Whether its warm-up man was at the hub for it, from a prison that refers its need there (awayAtHubs). */
  visitor: boolean;
  /** Its warm-up man (an index into the snapshot's people). */
  person: number;
}

/** What the warm-up leaves: its people, lists, courses and schedules at its last week. */
export interface WarmupEnd {
  people: People;
  weeks: number;
  /** lists[listAt][programme]: people waiting, the week each joined and where they joined from. */
  lists: { size: number; person: ArrayLike<number>; joinWeek: ArrayLike<number>; origin: ArrayLike<number> }[][];
  courses: { person: number; programme: number; endWeek: number; completes: boolean }[];
  /** deliveries[e][p]: next and last group start, in warm-up weeks (null: not run there). */
  deliveries: ({ nextStart: number; lastStart: number } | null)[][];
  /**
   * Re-referrals of drop-outs and deselections due at or after the warm-up's end: (week, person,
   * programme) triples, in warm-up weeks (AssessmentQueue.reReferralsLater).
   */
  reReferrals: readonly number[];
  /**
   * Reassessments of men found "not ready", due at or after the warm-up's end, likewise
   * (AssessmentQueue.reassessmentsLater): the decision is handed over, so its reassessment is too.
   */
  reassessments?: readonly number[];
  /**
   * Men at a hub for a course, away from home (hubReturns.ts awayAt): (person, home, week of
   * return or -1 while on the course, programme) quadruples, in warm-up weeks; absent, none.
   */
  awayAtHubs?: readonly number[];
  /**
   * Whether entry k of lists[listAt][programme] can still start when the window opens (the list's
   * own rule: custody.ts stillWaiting); absent, every entry of a man still inside is handed over.
   * Why: lists are settled lazily, so at the warm-up's end they still hold places withdrawn when
   * their man started another alternative of the need, or whose window had closed. Handed over,
   * such a place stayed open for a taker whose need the hand-over left open (a course under way he
   * declined, a drop-out's record, a history-only record): Stafford's RESOLVE held 4.7 entries at
   * the warm-up's end, 1.5 of them live, opened the window with 2.3 waiting, and year 1 started
   * 6.3 against 5.4 in years 2 and 3 (200 replications).
   */
  live?: (listAt: number, programme: number, k: number) => boolean;
}

/**
 * Codes of a sentence attribute that shut every programme (ServiceSnapshot isShut): codes[c] is 1
 * where a man of sentence code c is assessed for none (remand, where remand is not eligible).
 */
export interface ShutSentences {
  attribute: number;
  codes: Uint8Array;
}

/** The sentences that shut every programme in a compiled scenario, or null where none does. */
export function shutSentences(compiled: CompiledScenario): ShutSentences | null {
  const release = compiled.release;
  if (release.remandEligible) return null;
  const codes = Uint8Array.from(release.kindOf, (kind) => (kind === SentenceKind.Remand ? 1 : 0));
  return codes.includes(1) ? { attribute: compiled.sentenceAttribute, codes } : null;
}

/** A prime under 2^52 / 256, to fold segment keys that would not fit in a double exactly. */
const FOLD = 17592186044399;

/** recordFor's answer when no warm-up person shares the segment. */
export const NO_RECORD = -1;

/**
 * The warm-up's end state, ready to hand over. A record is a warm-up person (their index in the
 * warm-up's People); their list places and courses are kept as linked lists in flat arrays, and
 * segments are numeric keys, so a hand-over allocates little per person.
 */
export class ServiceSnapshot {
  readonly people: People;
  /** Group schedules for the window: next and last start relative to it. */
  readonly deliveries: ({ nextStart: number; lastStart: number } | null)[][];
  /**
   * Men at a hub for a course, away from home, at the warm-up's end: (warm-up person, home, week
   * of return relative to the window or -1 while on the course, programme) quadruples
   * (handOver.ts openVisitors).
   */
  readonly awayAtHubs: readonly number[];
  /** Per warm-up person: 1 for a man at a hub on his course, away from home (awayAtHubs). */
  readonly visiting: Uint8Array;
  /** Per warm-up person: first list place and first course (-1: none). */
  private readonly entryHead: Int32Array;
  private readonly courseHead: Int32Array;
  private readonly entryNext: Int32Array;
  /**
   * List places: the establishment whose list it is, programme, week joined relative to the window,
   * and the warm-up person whose place it was (whose time left says whether it was live: custody.ts
   * joinPending). Typed arrays of the places kept, filled once: as arrays pushed to, they grew
   * from empty a replication.
   */
  readonly entryListAt: Int32Array;
  readonly entryPerson: Int32Array;
  readonly entryProgramme: Int32Array;
  readonly entryJoinWeek: Int32Array;
  private readonly courseNext: number[] = [];
  /**
   * Courses under way, by index (firstCourse / nextCourse): programme, end week relative to the
   * window, whether it completes. Flat arrays, not an object per course: the hand-over walks them
   * for every opening man (handOver.ts inherit) and allocates nothing doing so.
   */
  readonly courseProgramme: number[] = [];
  readonly courseEndWeek: number[] = [];
  readonly courseCompletes: boolean[] = [];
  /** Per warm-up person: first pending re-referral (-1: none); then each one's next, programme and week due. */
  private readonly reReferralHead: Int32Array;
  private readonly reReferralNext: number[] = [];
  readonly reReferralProgramme: number[] = [];
  readonly reReferralWeek: number[] = [];
  readonly reReferralReassessment: boolean[] = [];
  /**
   * Full-record pools per segment (with time left), people on a course first, consumed in order:
   * each with how far it is taken (RecordPools next), so a take is one Map lookup, not three.
   */
  private readonly pools: RecordPools;
  /**
   * Wider pools, tried in turn where a segment's own is used up: the same programmes open by the
   * establishment's rules (an eligibility profile) with the same OGRS band and time left, then the
   * same time left (a record of another time left would hand over courses its taker cannot stay to
   * finish: a year-1 dip in completions). Two independent draws from the tables rarely match
   * cell for cell (about half of Stafford's opening men found no one of their exact segment), and
   * a man left without a record joins every list he is eligible for in week 0: the whole-stock
   * queue a running start exists to avoid (RESOLVE's list opened at 35 where it runs at about 3).
   */
  private readonly widerPools: RecordPools[];
  /** The wider keys of the man recordFor is matching, less their time-left class (widerBase); reused. */
  private readonly widerBases = new Float64Array(2);
  /**
   * History-only pools by eligibility profile alone, for a man no warm-up person shares even his
   * attributes without time left (a rare cell the running service no longer holds): he takes the
   * programmes completed by someone the same programmes are open to, drawn with replacement. With
   * no history at all he would join every list he is eligible for in week 0 as if never treated
   * (Stafford: about 8 of RESOLVE's week-0 joiners a replication after a 3-year warm-up).
   */
  private readonly profileHistory: Groups;
  /**
   * Per establishment and programme (e x 32 + p): warm-up people the establishment's rules leave
   * the programme open to. The last fallback, for a man whose eligibility profile no warm-up
   * person shares (programmeRecords).
   */
  private readonly byProgramme: Slots;
  /**
   * byProgramme by time-left class as well ((e x 32 + p) x classes + class): where a record's man
   * had joined a list and his window had closed by the hand-over, its taker with his window open
   * takes that programme's state from one of these instead (openRecord).
   */
  private readonly byProgrammeClass: Slots;
  /** The warm-up's length: a warm-up person's weeks left when the window opens (weeksLeft). */
  private readonly handOverWeek: number;
  /** Warm-up people whose record a person of the window has taken (each is taken once). */
  private readonly used: Uint8Array;
  private readonly ogrsRadix: number;
  /** Time-left classes (timeLeftBounds): one more than the bounds. */
  private readonly timeLeftRadix: number;
  /** Per warm-up person: his time-left class when the window opens. */
  private readonly timeLeftClass: Uint8Array;
  /** History-only pools per segment without time left. */
  private readonly historyPools: Groups;
  private readonly radix: number[];
  /** False when there are too many segments for exact keys: they are then folded (rare merges). */
  private readonly exact: boolean;

  constructor(
    end: WarmupEnd,
    private readonly attributes: readonly number[],
    categoryCounts: readonly number[],
    private readonly timeLeftBounds: readonly number[],
    rng: RandomStream,
    private readonly profiles: readonly (EligibilityProfiles | null)[] = [],
    private readonly ogrsAttribute = -1,
    private readonly shut: ShutSentences | null = null,
  ) {
    const { people, weeks: W } = end;
    this.people = people;
    this.handOverWeek = W;
    this.used = new Uint8Array(people.count);
    this.ogrsRadix = ogrsAttribute >= 0 ? categoryCounts[ogrsAttribute] : 1;
    this.timeLeftRadix = timeLeftBounds.length + 1;
    // Set for the people still inside (below), the only ones it is read of.
    this.timeLeftClass = new Uint8Array(people.count);
    this.radix = attributes.map((a) => categoryCounts[a] + 1);
    const segments = this.radix.reduce((n, r) => n * r, 2 * end.deliveries.length * (this.timeLeftRadix + 1));
    this.exact = segments <= 2 ** 52;
    this.awayAtHubs = (end.awayAtHubs ?? []).map((x, k) => (k % 4 === 2 && x >= 0 ? x - W : x));
    this.visiting = new Uint8Array(people.count);
    for (let k = 0; k < this.awayAtHubs.length; k += 4)
      if (this.awayAtHubs[k + 2] < 0) this.visiting[this.awayAtHubs[k]] = 1;
    this.deliveries = end.deliveries.map((row) =>
      row.map((d) => (d ? { nextStart: d.nextStart - W, lastStart: d.lastStart - W } : null)),
    );
    // Still inside when the window opens (people.departWeek[i] > W, written out in each loop: no
    // closure a call): departures in warm-up week W happen in its week 0.
    const departWeek = people.departWeek;
    this.entryHead = new Int32Array(people.count).fill(-1);
    this.courseHead = new Int32Array(people.count).fill(-1);
    let places = 0;
    for (const row of end.lists) for (const list of row) places += list.size;
    const entryNext = new Int32Array(places);
    const entryListAt = new Int32Array(places);
    const entryPerson = new Int32Array(places);
    const entryProgramme = new Int32Array(places);
    const entryJoinWeek = new Int32Array(places);
    let kept = 0;
    for (let listAt = 0; listAt < end.lists.length; listAt++) {
      const row = end.lists[listAt];
      for (let programme = 0; programme < row.length; programme++) {
        const list = row[programme];
        for (let k = 0; k < list.size; k++) {
          const i = list.person[k];
          // Moved away from both where they joined and where the list is: the place lapsed.
          const at = people.establishment[i];
          if (departWeek[i] <= W || (at !== list.origin[k] && at !== listAt)) continue;
          if (end.live && !end.live(listAt, programme, k)) continue;
          entryNext[kept] = this.entryHead[i];
          this.entryHead[i] = kept;
          entryListAt[kept] = listAt;
          entryPerson[kept] = i;
          entryProgramme[kept] = programme;
          entryJoinWeek[kept] = list.joinWeek[k] - W;
          kept++;
        }
      }
    }
    this.entryNext = entryNext.subarray(0, kept);
    this.entryListAt = entryListAt.subarray(0, kept);
    this.entryPerson = entryPerson.subarray(0, kept);
    this.entryProgramme = entryProgramme.subarray(0, kept);
    this.entryJoinWeek = entryJoinWeek.subarray(0, kept);
    // Courses ending in warm-up week W or later are under way (those ending at W end in week 0).
    for (const c of end.courses) {
      if (c.endWeek < W || departWeek[c.person] <= W) continue;
      this.courseNext.push(this.courseHead[c.person]);
      this.courseHead[c.person] = this.courseProgramme.length;
      this.courseProgramme.push(c.programme);
      this.courseEndWeek.push(c.endWeek - W);
      this.courseCompletes.push(c.completes);
    }
    // Re-referrals due in the window: the person taking this record is referred again then.
    this.reReferralHead = new Int32Array(people.count).fill(-1);
    for (const [due, reassessment] of [
      [end.reReferrals, false],
      [end.reassessments ?? [], true],
    ] as const) {
      for (let k = 0; k < due.length; k += 3) {
        const [week, i, programme] = [due[k], due[k + 1], due[k + 2]];
        if (departWeek[i] <= W) continue;
        this.reReferralNext.push(this.reReferralHead[i]);
        this.reReferralHead[i] = this.reReferralProgramme.length;
        this.reReferralProgramme.push(programme);
        this.reReferralWeek.push(week - W);
        this.reReferralReassessment.push(reassessment);
      }
    }
    // The pools as groups of flat arrays (Groups), not a Map of arrays: national's hand-over
    // allocated about 76 MB a replication in small arrays and their boxed keys. Per warm-up person
    // still inside: whether on a course, his segment's key and eligibility profile (maskOf), each
    // read once for every pool. Every pass walks those inside alone, by index (`inside`, in
    // order): the warm-up's table holds as many again who have left (Stafford: 735 of 1,426).
    const n = people.count;
    const all = new Int32Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) if (departWeek[i] > W) all[count++] = i;
    const inside = all.subarray(0, count);
    const onCourse = new Uint8Array(n);
    const keys = new Float64Array(n);
    const masks = new Float64Array(n);
    const history = new GroupsBuilder(n, count);
    const profile = new GroupsBuilder(n, count);
    let establishments = 0;
    for (let k = 0; k < inside.length; k++) {
      const i = inside[k];
      onCourse[i] = this.courseHead[i] >= 0 ? 1 : 0;
      const row = i * people.attributes;
      const e = people.establishment[i];
      const t = (this.timeLeftClass[i] = this.classOf(people.releaseWeek[i] - W));
      const base = this.keyBase(e, people.codes, row);
      keys[i] = this.withTimeLeft(base, t);
      history.add(i, this.withTimeLeft(base, this.timeLeftRadix));
      masks[i] = this.maskOf(e, people.codes, row);
      if (masks[i] >= 0) profile.add(i, this.widerKey(2, e, masks[i], people.codes, row, t));
      establishments = Math.max(establishments, e + 1);
    }
    this.historyPools = history.build(null, inside);
    this.profileHistory = profile.build(null, inside);
    this.byProgramme = programmeSlots(people, inside, masks, establishments, null, 1);
    this.byProgrammeClass = programmeSlots(
      people,
      inside,
      masks,
      establishments,
      this.timeLeftClass,
      this.timeLeftRadix,
    );
    // Segments numbered as their keys first come among people not on a course, then those only
    // on a course; each pool's part on a course shuffled, then the rest.
    this.pools = recordPools(keys, inside, onCourse, 0, null);
    for (let g = 0; g < this.pools.ids.size; g++) {
      shuffle(this.pools.members, this.pools.start[g], this.pools.split[g], rng);
      shuffle(this.pools.members, this.pools.split[g], this.pools.start[g + 1], rng);
    }
    // The wider pools, numbered as their keys first come among people on a course: every part on
    // a course shuffled, then the rest's, in the order their keys first come among the rest.
    this.widerPools = [];
    // A visitor's record (on his course at a hub, awayAtHubs) is not in the pool by time left
    // alone: taken there by a hub man of another OGRS band, who then went home as the visitor,
    // Stafford opened with 6.1 OGRS 25-49 sex offenders on its courses from elsewhere where the
    // warm-up's end held 4.3, and 2.8 of OGRS 50-74 where it held 4.3 (10 replications). Left
    // untaken, his course goes to the referring prisons' man most like him (replication.ts
    // refillCourses).
    let notVisiting = new Int32Array(count);
    let others = 0;
    for (let k = 0; k < inside.length; k++) if (this.visiting[inside[k]] === 0) notVisiting[others++] = inside[k];
    notVisiting = notVisiting.subarray(0, others);
    for (let level = 0; level < 2; level++) {
      for (let k = 0; k < inside.length; k++) {
        const i = inside[k];
        if (masks[i] < 0) continue;
        const row = i * people.attributes;
        keys[i] = this.widerKey(level, people.establishment[i], masks[i], people.codes, row, this.timeLeftClass[i]);
      }
      const later: number[] = [];
      const pools = recordPools(keys, level === 0 ? inside : notVisiting, onCourse, 1, masks, later);
      for (let g = 0; g < pools.ids.size; g++) shuffle(pools.members, pools.start[g], pools.split[g], rng);
      for (const g of later) shuffle(pools.members, pools.split[g], pools.start[g + 1], rng);
      this.widerPools.push(pools);
    }
  }

  /** The next record of a pool nobody has taken yet, or NO_RECORD. */
  private take(pools: RecordPools, key: number): number {
    const g = pools.ids.get(key);
    if (g < 0) return NO_RECORD;
    const members = pools.members;
    const end = pools.start[g + 1];
    let next = pools.next[g];
    while (next < end && this.used[members[next]]) next++;
    if (next >= end) {
      pools.next[g] = next;
      return NO_RECORD;
    }
    pools.next[g] = next + 1;
    this.used[members[next]] = 1;
    return members[next];
  }

  /**
   * The programmes e's rules leave open for these codes (unsigned), or -1 where e has no profiles:
   * none for a man whose sentence shuts them all (isShut).
   */
  private maskOf(e: number, codes: Uint8Array, row: number): number {
    const profiles = this.profiles[e];
    if (!profiles) return -1;
    return this.isShut(codes, row) ? 0 : profiles.openByCodes(codes, row) >>> 0;
  }

  /**
   * Whether every programme is shut to a man of these codes whatever its rules say: a remand
   * prisoner where remand is not eligible (referrals.ts assess asks no rule of him). Why it is
   * part of every segment: the eligibility profiles read the rules only, so a remand man of the
   * opening population who found no record of his own segment took, from the wider pools, that of
   * a sentenced man of the same profile, with his places on the lists; and a sentenced man one of
   * a remand man, with no history, assessed afresh in week 0. Hewell (the West Midlands' local,
   * 3 replications): 46 remand men held a place on FOR's list when the window opened, where the
   * warm-up's list held none and 320 live places in all; the list fell from 380 to 320 in the
   * window's first 15 weeks as they left.
   */
  private isShut(codes: Uint8Array, row: number): boolean {
    const shut = this.shut;
    return shut !== null && shut.codes[codes[row + shut.attribute]] === 1;
  }

  /**
   * A wider segment as a number, from a profile's mask (maskOf): with (level 0) OGRS and time
   * left, (1) time left alone, or (2) neither (history only: profileHistory).
   */
  private widerKey(
    level: number,
    e: number,
    mask: number,
    codes: Uint8Array,
    row: number,
    timeLeftClass: number,
  ): number {
    const timeLeft = level <= 1 ? timeLeftClass : this.timeLeftRadix;
    return this.widerBase(level, e, mask, codes, row) * (this.timeLeftRadix + 1) + timeLeft;
  }

  /** widerKey less its time-left class: the same for every class recordFor tries. */
  private widerBase(level: number, e: number, mask: number, codes: Uint8Array, row: number): number {
    const ogrs = level === 0 ? codes[row + this.ogrsAttribute] : this.ogrsRadix;
    return (e * 2 ** 32 + mask) * (this.ogrsRadix + 1) + ogrs;
  }

  /**
   * The warm-up person whose record a person opening the window takes on (establishment e,
   * attribute codes at codes[row...], `weeksLeft` weeks to release): `donor` >= 0 for a full
   * record, `-2 - donor` for the history only, or NO_RECORD when no warm-up person shares their
   * segment. With `nearby` false, only a full record of his own time-left class (else NO_RECORD):
   * the hand-over's first pass (handOver.ts inheritRecords), so that a man of a class the warm-up
   * holds too few of takes a nearby class's record only once every man has had his own class's.
   *
   * Why nearby classes before the history alone: the warm-up's people by weeks left are not the
   * opening tables' (its receptions stay about their band's top, and time served moves men down
   * the classes), so a class holds more warm-up men than opening men, or fewer. A record of a
   * class no opening man has (sizing.test's 1-2 year receptions, up to 130 weeks left, where the
   * opening population has at most 104) found no taker: its course under way went to whoever was
   * free and eligible, most often no one in a service that treats everyone (30 groups a year: 3.2
   * of 22.3 courses under way lost), and its list place lapsed. The nearest class comes first,
   * the one above before the one below: a record with more time left holds places its taker can
   * use, and one with less may hold none the taker should (then assessed afresh in week 0).
   */
  recordFor(e: number, codes: Uint8Array, row: number, weeksLeft: number, rng: RandomStream, nearby = true): number {
    const t = this.classOf(weeksLeft);
    const mask = this.maskOf(e, codes, row);
    // Each key less its time-left class, once for every class tried.
    const base = this.keyBase(e, codes, row);
    if (mask >= 0)
      for (let level = 0; level < this.widerPools.length; level++)
        this.widerBases[level] = this.widerBase(level, e, mask, codes, row);
    const own = this.recordOfClass(base, mask, t);
    if (own !== NO_RECORD || !nearby) return own;
    for (let d = 1; d < this.timeLeftRadix; d++) {
      // The class above, then the one below.
      for (let side = 0; side < 2; side++) {
        const c = side === 0 ? t + d : t - d;
        if (c < 0 || c >= this.timeLeftRadix) continue;
        const donor = this.recordOfClass(base, mask, c);
        if (donor !== NO_RECORD) return donor;
      }
    }
    let donor = draw(this.historyPools, this.withTimeLeft(base, this.timeLeftRadix), rng);
    if (donor === NO_RECORD && mask >= 0)
      donor = draw(this.profileHistory, this.widerKey(2, e, mask, codes, row, t), rng);
    return donor === NO_RECORD ? NO_RECORD : -2 - donor;
  }

  /**
   * A full record of time-left class t: the segment's own, else the wider pools' (by profile).
   * `base`: the segment's key less its class (keyBase); the wider keys' are in widerBases.
   */
  private recordOfClass(base: number, mask: number, t: number): number {
    const own = this.take(this.pools, this.withTimeLeft(base, t));
    if (own !== NO_RECORD) return own;
    for (let level = 0; mask >= 0 && level < this.widerPools.length; level++) {
      const donor = this.take(this.widerPools[level], this.widerBases[level] * (this.timeLeftRadix + 1) + t);
      if (donor !== NO_RECORD) return donor;
    }
    return NO_RECORD;
  }

  /**
   * For a man with no record (recordFor gave NO_RECORD): per programme his establishment's rules
   * leave open to him, a warm-up person it is open to, drawn at random (with replacement), whose
   * state for that programme alone he takes (handOver.ts inheritProgramme); an empty list where
   * the establishment has no profiles.
   *
   * Why: such a man's eligibility profile is one the running service no longer holds (about 18 of
   * Stafford's 741 opening men after a two-year warm-up), and opened as in a cold start he joined
   * every list he was eligible for in week 0: 1.7 of RESOLVE's 3.6 waiting at the start, where
   * its list runs at about 1.8, and a start too many in year 1.
   */
  programmeRecords(
    e: number,
    codes: Uint8Array,
    row: number,
    rng: RandomStream,
  ): { programme: number; donor: number }[] {
    const out: { programme: number; donor: number }[] = [];
    const mask = this.maskOf(e, codes, row);
    if (mask < 0) return out;
    for (let m = mask, p = 0; m !== 0; m >>>= 1, p++) {
      const donor = m & 1 ? drawSlot(this.byProgramme, e * 32 + p, rng) : NO_RECORD;
      if (donor !== NO_RECORD) out.push({ programme: p, donor });
    }
    return out;
  }

  /** Warm-up person d's weeks to release when the window opens. */
  weeksLeft(d: number): number {
    return this.people.releaseWeek[d] - this.handOverWeek;
  }

  /**
   * For a man at e with `weeksLeft` to serve whose record's state for programme p is a place
   * lapsed because its man's window had closed (handOver.ts inherit): a warm-up person at e whom p
   * is open to, of his own time-left class, else the nearest class (above first) of at least
   * `minWeeksLeft`, drawn with replacement; NO_RECORD where there is none.
   */
  openRecord(e: number, p: number, weeksLeft: number, minWeeksLeft: number, rng: RandomStream): number {
    const t = this.classOf(weeksLeft);
    const lowest = this.classOf(minWeeksLeft);
    for (let d = 0; d < this.timeLeftRadix; d++) {
      // Its own class, then the class above and the one below (no array of them a call).
      for (let side = 0; side < (d === 0 ? 1 : 2); side++) {
        const c = side === 0 ? t + d : t - d;
        if (c < lowest || c >= this.timeLeftRadix) continue;
        const donor = drawSlot(this.byProgrammeClass, (e * 32 + p) * this.timeLeftRadix + c, rng);
        if (donor !== NO_RECORD) return donor;
      }
    }
    return NO_RECORD;
  }

  /**
   * A warm-up person's list places as a linked list of indices into the entry arrays, walked
   * without allocating: `for (let k = s.firstEntry(d); k >= 0; k = s.nextEntry(k))`. Likewise
   * his courses under way (firstCourse / nextCourse, into courseProgramme...) and his re-referrals
   * (firstReReferral / nextReReferral, into reReferralProgramme...).
   */
  firstEntry(donor: number): number {
    return this.entryHead[donor];
  }

  nextEntry(k: number): number {
    return this.entryNext[k];
  }

  firstCourse(donor: number): number {
    return this.courseHead[donor];
  }

  nextCourse(k: number): number {
    return this.courseNext[k];
  }

  firstReReferral(donor: number): number {
    return this.reReferralHead[donor];
  }

  nextReReferral(k: number): number {
    return this.reReferralNext[k];
  }

  /** A warm-up person's list places, by index into the entry arrays (firstEntry walks them without allocating). */
  *entries(donor: number): Generator<number> {
    for (let k = this.entryHead[donor]; k >= 0; k = this.entryNext[k]) yield k;
  }

  /** A warm-up person's courses under way (firstCourse walks them without allocating). */
  *courses(donor: number): Generator<{ programme: number; endWeek: number; completes: boolean }> {
    for (let k = this.courseHead[donor]; k >= 0; k = this.courseNext[k])
      yield { programme: this.courseProgramme[k], endWeek: this.courseEndWeek[k], completes: this.courseCompletes[k] };
  }

  /**
   * A warm-up person's re-referrals, and reassessments of a "not ready" decision, due in the
   * window (week relative to it, 0 or later; firstReReferral walks them without allocating).
   */
  *reReferrals(donor: number): Generator<{ programme: number; week: number; reassessment: boolean }> {
    for (let k = this.reReferralHead[donor]; k >= 0; k = this.reReferralNext[k])
      yield {
        programme: this.reReferralProgramme[k],
        week: this.reReferralWeek[k],
        reassessment: this.reReferralReassessment[k],
      };
  }

  /** Courses under way whose record's taker would leave before they end (decline). */
  private readonly declined: InheritedCourse[] = [];

  /** A course under way the person taking its record cannot stay to finish: untakenCourses passes it on. */
  decline(course: InheritedCourse): void {
    this.declined.push(course);
  }

  /**
   * Courses under way whose warm-up people found no one of their segment in the opening
   * population, or whose taker declined them (call after every recordFor): their places go to
   * others eligible (see simulate).
   */
  untakenCourses(): InheritedCourse[] {
    const out: InheritedCourse[] = this.declined.splice(0);
    // Every pool's members in turn, as the pools are numbered (indexed: this runs once a
    // replication, where a for-of allocated a result object a man).
    const members = this.pools.members;
    for (let m = 0; m < members.length; m++) {
      const i = members[m];
      if (this.used[i] || this.courseHead[i] < 0) continue;
      const establishment = this.people.establishment[i];
      for (let k = this.courseHead[i]; k >= 0; k = this.courseNext[k])
        out.push({
          programme: this.courseProgramme[k],
          endWeek: this.courseEndWeek[k],
          completes: this.courseCompletes[k],
          establishment,
          visitor: this.visiting[i] === 1,
          person: i,
        });
    }
    return out;
  }

  /**
   * A segment as a number: the establishment, whether his sentence shuts every programme
   * (isShut) and the codes in mixed radix; withTimeLeft adds the time-left class
   * (timeLeftRadix for "any"), so a man's classes share one base.
   */
  private keyBase(e: number, codes: Uint8Array, row: number): number {
    let key = 2 * e + (this.isShut(codes, row) ? 1 : 0);
    for (let k = 0; k < this.attributes.length; k++) {
      const code = codes[row + this.attributes[k]];
      key = this.exact ? key * this.radix[k] + code : (key * this.radix[k] + code) % FOLD;
    }
    return key;
  }

  /** A segment's key: its base (keyBase) with its time-left class. */
  private withTimeLeft(base: number, timeLeftClass: number): number {
    const r = this.timeLeftRadix + 1;
    return this.exact ? base * r + timeLeftClass : (base * r + timeLeftClass) % FOLD;
  }

  /** The time-left class of `weeksLeft` weeks to release: how many bounds it reaches. */
  private classOf(weeksLeft: number): number {
    const bounds = this.timeLeftBounds;
    let k = 0;
    while (k < bounds.length && weeksLeft >= bounds[k]) k++;
    return k;
  }
}

/**
 * Warm-up people grouped by a numeric key (a segment), in flat arrays rather than a Map of arrays
 * (ServiceSnapshot's pools): group g's members are members[start[g]] .. members[start[g + 1] - 1],
 * each part in the order of their indices, people on a course first where the groups have parts
 * (from split[g] the rest). Groups are numbered in the order their keys were first seen (ids), the
 * order a Map of arrays kept.
 */
interface Groups {
  ids: KeyIndex;
  start: Int32Array;
  split: Int32Array;
  members: Int32Array;
}

/**
 * Numbers for keys, 0, 1, 2... in the order they are added: an open-addressing hash table in typed
 * arrays. Why not a Map: segment keys pass 2^31, so a Map boxed each one and rehashed its entries
 * as it grew (national: about 18 MB a replication for 51,000 segments of 85,000 men), and its
 * lookups were a fifth of the hand-over's matching (take).
 */
export class KeyIndex {
  size = 0;
  /** Slots: a key and its number (-1: empty); a power of two, at most half full. */
  private keys: Float64Array;
  private numbers: Int32Array;

  /**
   * `expected`: about how many keys it will hold at most (the people grouped): room for half as
   * many before it grows, where growing from small rehashed 51,600 segments seven times (national).
   */
  constructor(expected = 0) {
    let slots = 1024;
    while (slots < expected) slots *= 2;
    this.keys = new Float64Array(slots);
    this.numbers = new Int32Array(slots).fill(-1);
  }

  /** The number of `key`, or -1 where it was never added. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let k = hashKey(key) & mask; ; k = (k + 1) & mask) {
      const number = this.numbers[k];
      if (number < 0 || this.keys[k] === key) return number;
    }
  }

  /** The number of `key`, the next one where it is new. */
  add(key: number): number {
    const mask = this.keys.length - 1;
    let k = hashKey(key) & mask;
    for (; this.numbers[k] >= 0; k = (k + 1) & mask) if (this.keys[k] === key) return this.numbers[k];
    this.keys[k] = key;
    this.numbers[k] = this.size;
    if (2 * ++this.size > this.keys.length) this.grow();
    return this.size - 1;
  }

  private grow(): void {
    const { keys, numbers } = this;
    this.keys = new Float64Array(2 * keys.length);
    this.numbers = new Int32Array(2 * keys.length).fill(-1);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      if (numbers[j] < 0) continue;
      let k = hashKey(keys[j]) & mask;
      while (this.numbers[k] >= 0) k = (k + 1) & mask;
      this.keys[k] = keys[j];
      this.numbers[k] = numbers[j];
    }
  }
}

/**
 * A hash of a key (a whole number: its low and high 32 bits mixed), the same for equal keys.
 * Keys are whole numbers, exact below 2^53; any other number still hashes the same each time.
 */
function hashKey(key: number): number {
  const h = Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x27d4eb2d), 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Record pools (ServiceSnapshot take): groups with how far each is taken (next[g], into members). */
interface RecordPools extends Groups {
  next: Int32Array;
}

/** Builds Groups: each person's group numbered as his key is added, then a counting sort. */
class GroupsBuilder {
  readonly ids: KeyIndex;
  /** Per person, his group, or -1. */
  readonly groupOf: Int32Array;

  /** n: people numbered below it; grouped: about how many of them are added (KeyIndex expected). */
  constructor(n: number, grouped = n) {
    this.ids = new KeyIndex(grouped);
    this.groupOf = new Int32Array(n).fill(-1);
  }

  /** Puts person i in the group of `key`, numbering it next where the key is new. */
  add(i: number, key: number): number {
    const g = this.ids.add(key);
    this.groupOf[i] = g;
    return g;
  }

  /**
   * The groups, those of `first` (where first[i] is 1) before the rest in each (null: one part);
   * `among`: every person added, in order (others may be there too).
   */
  build(first: Uint8Array | null, among: Int32Array): Groups {
    const groupOf = this.groupOf;
    const count = this.ids.size;
    const start = new Int32Array(count + 1);
    const split = new Int32Array(count);
    for (let k = 0; k < among.length; k++) {
      const i = among[k];
      const g = groupOf[i];
      if (g < 0) continue;
      start[g + 1]++;
      if (first && first[i]) split[g]++;
    }
    for (let g = 0; g < count; g++) {
      split[g] += start[g];
      start[g + 1] += start[g];
    }
    const members = new Int32Array(start[count]);
    const atFirst = start.slice(0, count);
    const atRest = split.slice();
    for (let k = 0; k < among.length; k++) {
      const i = among[k];
      const g = groupOf[i];
      if (g < 0) continue;
      if (first && first[i]) members[atFirst[g]++] = i;
      else members[atRest[g]++] = i;
    }
    return { ids: this.ids, start, split, members };
  }
}

/**
 * Record pools of the people `inside` (by index, in order; with a profile, masks[i] >= 0, where
 * masks is given) by keys[i], people on a course first in each: the groups numbered as their keys first come among
 * people of `leading` (onCourse[i] equal to it), then among the others, the order `later` is given
 * the groups of those others in as their keys first come there.
 */
function recordPools(
  keys: Float64Array,
  inside: Int32Array,
  onCourse: Uint8Array,
  leading: 0 | 1,
  masks: Float64Array | null,
  later: number[] = [],
): RecordPools {
  const builder = new GroupsBuilder(keys.length, inside.length);
  for (let pass = 0; pass < 2; pass++) {
    const seen = new Uint8Array(pass === 1 ? keys.length : 0);
    for (let k = 0; k < inside.length; k++) {
      const i = inside[k];
      if ((masks && masks[i] < 0) || (onCourse[i] === leading) !== (pass === 0)) continue;
      const g = builder.add(i, keys[i]);
      if (pass === 1 && !seen[g]) {
        seen[g] = 1;
        later.push(g);
      }
    }
  }
  const groups = builder.build(onCourse, inside);
  return { ...groups, next: groups.start.slice(0, groups.ids.size) };
}

/** A member of the group of `key` drawn at random (with replacement), or NO_RECORD where there is none. */
function draw(groups: Groups, key: number, rng: RandomStream): number {
  const g = groups.ids.get(key);
  if (g < 0) return NO_RECORD;
  return groups.members[groups.start[g] + Math.floor(rng.next() * (groups.start[g + 1] - groups.start[g]))];
}

/**
 * Warm-up people by establishment and programme open to them (e x 32 + p), and with `classes`
 * by time-left class as well ((e x 32 + p) x classes + class): dense slots, so a counting sort
 * with no Map. Slot s's members are members[start[s]] .. members[start[s + 1] - 1], by index.
 */
interface Slots {
  start: Int32Array;
  members: Int32Array;
}

function programmeSlots(
  people: People,
  inside: Int32Array,
  masks: Float64Array,
  establishments: number,
  timeLeftClass: Uint8Array | null,
  classes: number,
): Slots {
  const start = new Int32Array(establishments * 32 * classes + 1);
  // Each slot's size at start[s + 1], summed into where each begins, then its members placed.
  // The mask's set bits only (m &= m - 1 clears the lowest; 31 - clz32(m & -m) is its index).
  for (let k = 0; k < inside.length; k++) {
    const i = inside[k];
    if (masks[i] < 0) continue;
    const e = people.establishment[i] * 32;
    const t = timeLeftClass ? timeLeftClass[i] : 0;
    for (let m = masks[i] | 0; m !== 0; m &= m - 1) start[(e + 31 - Math.clz32(m & -m)) * classes + t + 1]++;
  }
  for (let s = 1; s < start.length; s++) start[s] += start[s - 1];
  const members = new Int32Array(start[start.length - 1]);
  const at = start.slice(0, start.length - 1);
  for (let k = 0; k < inside.length; k++) {
    const i = inside[k];
    if (masks[i] < 0) continue;
    const e = people.establishment[i] * 32;
    const t = timeLeftClass ? timeLeftClass[i] : 0;
    for (let m = masks[i] | 0; m !== 0; m &= m - 1) members[at[(e + 31 - Math.clz32(m & -m)) * classes + t]++] = i;
  }
  return { start, members };
}

/** A member of dense slot s drawn at random (with replacement), or NO_RECORD where it has none. */
function drawSlot(slots: Slots, s: number, rng: RandomStream): number {
  if (s + 1 >= slots.start.length) return NO_RECORD;
  const from = slots.start[s];
  const size = slots.start[s + 1] - from;
  return size > 0 ? slots.members[from + Math.floor(rng.next() * size)] : NO_RECORD;
}

/** Fisher-Yates of list[from] .. list[to - 1], in place, from the given stream. */
function shuffle(list: Int32Array, from: number, to: number, rng: RandomStream): void {
  for (let k = to - from - 1; k > 0; k--) {
    const j = from + Math.floor(rng.next() * (k + 1));
    const t = list[from + k];
    list[from + k] = list[j];
    list[j] = t;
  }
}

/**
 * Treatment history before this sentence or establishment, from the scenario's
 * `treatmentHistory` (editable defaults by segment): applied to each person as they are filled
 * in, at the start and on reception, so completers of a first programme (Core SOTP) need the
 * next (Extended SOTP) from the first week. In a running start the opening population then takes
 * its warm-up match's record, which had the same history on reception plus what the warm-up added.
 */
export class TreatmentHistoryDefaults {
  /**
   * The entries' rules tabled by profile of codes (eligibilityProfiles.ts, entry k as bit k): one
   * table read an arrival for all of them, not a lookup per entry; null with more than a mask holds.
   */
  private readonly profiles: EligibilityProfiles | null;

  private constructor(
    private readonly entries: { programme: number; when: Rule; share: number }[],
    attributes: readonly Attribute[],
  ) {
    this.profiles =
      entries.length <= MAX_PROGRAMMES
        ? new EligibilityProfiles(
            entries.map((h) => h.when),
            attributes,
          )
        : null;
  }

  static compile(
    scenario: Scenario,
    rule: (c: Criterion) => Rule,
    programmeIndex: (id: string) => number,
    attributes: readonly Attribute[],
  ): TreatmentHistoryDefaults | null {
    const entries = scenario.treatmentHistory
      .filter((h) => h.share > 0)
      .map((h) => ({ programme: programmeIndex(h.programme), when: rule(h.when), share: h.share }));
    return entries.length > 0 ? new TreatmentHistoryDefaults(entries, attributes) : null;
  }

  /** Marks person i's completed programmes; draws only for people a rule picks out. */
  apply(
    people: People,
    i: number,
    row: number,
    subject: Subject & { i: number; week: number },
    week: number,
    rng: RandomStream,
  ): void {
    subject.i = i;
    subject.week = week;
    // Indexed, not for-of: at every arrival.
    const entries = this.entries;
    const profiles = this.profiles;
    if (profiles !== null) {
      // Only the entries whose rule his codes leave open (their set bits, lowest first: the
      // entries' order, so the same draws in the same order); those that depend on more ask him.
      let open = profiles.open(people.codes, row);
      const check = profiles.check;
      while (open !== 0) {
        const k = 31 - Math.clz32(open & -open);
        open &= open - 1;
        const h = entries[k];
        if (people.hasCompleted(i, h.programme)) continue;
        if ((check & (1 << k)) !== 0 && !h.when.criterion.test(subject)) continue;
        if (rng.next() < h.share) people.markCompleted(i, h.programme);
      }
      return;
    }
    for (let k = 0; k < entries.length; k++) {
      const h = entries[k];
      if (people.hasCompleted(i, h.programme)) continue;
      const known = h.when.lookup.valueFor(people.codes, row, subject);
      if (known === FALSE || (known === DEPENDS && !h.when.criterion.test(subject))) continue;
      if (rng.next() < h.share) people.markCompleted(i, h.programme);
    }
  }
}

/**
 * Purpose of the derived history's draws (hashUniform's last argument, per man and programme:
 * replicationState.ts lists the others, which leave 6 to 15 free).
 */
export const DERIVED_HISTORY = 6;

/** One list's derived history (derivedHistory), for the reader. */
export interface DerivedHistoryList {
  establishment: string;
  programme: string;
  /** Men a cold start puts on it: eligible, with time to start, times the share found suitable. */
  coldList: number;
  placesPerYear: number;
  /** Its starts a year: its places, or fewer where fewer join it (alternatives of a need served most places first). */
  startsPerYear: number;
  /** Places a year times the completion rate. */
  completionsPerYear: number;
  /** Share of the men who would join it at the warm-up's start marked as having completed it. */
  share: number;
}

/**
 * Programmes whose completion something reads: another's prerequisites, or a `completed`
 * criterion anywhere in the scenario (eligibility, priority, tiers, changes). The file is data, so
 * every rule is found by walking it.
 */
function completionsRead(scenario: Scenario): Set<string> {
  const ids = new Set(scenario.programmes.flatMap((p) => p.prerequisites));
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x !== null && typeof x === 'object') {
      const completed = (x as { completed?: unknown }).completed;
      if (typeof completed === 'string') ids.add(completed);
      Object.values(x).forEach(visit);
    }
  };
  visit(scenario);
  return ids;
}

/** Per list and priority class, the share of would-be joiners marked completed. */
export interface DerivedHistory {
  /** (listAt x programmes + programme) x classes + class (priorityClass). */
  share: Float64Array;
  classes: number;
  /**
   * Per list (listAt x programmes + programme): 1 where a class of it has a share. An opening man
   * is asked his priority class only on those (custody.ts openingHistory; Stafford: 3 lists of 13).
   */
  marked: Uint8Array;
  lists: DerivedHistoryList[];
}

/**
 * The treatment history a running service would have given the warm-up's opening stock, on the
 * lists a cold start leaves longer than the warm-up can clear (backlogWarmupWeeks' cap).
 *
 * Why: a cold start puts every eligible man of the stock on the lists, where a running service's
 * list is the eligible stock less the men on a course and those who completed and are still
 * inside. A list whose places never keep up sheds that excess only as those men leave, years at
 * a trainer, so after the warm-up's two years the window opened with what was left and its list
 * fell through the window (Stafford, 60 replications: TSP 343 waiting at the start, 304 at the end
 * of year 3; C-SOTP 77 and 62, where a warm-up of 377 weeks gives 287 and 51); a warm-up that long
 * cost x1.37 (Stafford) to x2.1 (the West Midlands) in time, and more in memory.
 *
 * A fluid estimate per list and priority class (priorityClass), from the quantities
 * backlogWarmupWeeks reads. Its places a year (groups x size, or beds over the mean stay) go to
 * the men joining it (receptions a year times the share it would take), class by class in the
 * list's order; men eligible for several alternatives of one need are served first by the one
 * with the most places, the rest spill to the next (Stafford's RESOLVE: about 21 a year eligible
 * for its 20 places, nearly all TSP's too; about 5 start it). A class's completions a year
 * (starts times the completion rate) times the mean weeks its cold men could have had since
 * completing (in a steady stock time served is distributed as time left: his weeks left to
 * start it, less the course, in expectation over transfers out), over its cold list, is the share
 * of the men who would join it that had completed it (at most all). Measured (Stafford, 60
 * replications): TSP 281 waiting at the start, 281 at the end of year 3; C-SOTP 50 and 46.
 * Tried and dropped: each man completed with chance 1 - exp(-rate x his weeks), which saturates
 * (TSP 299 and 292, C-SOTP 61 and 52: the fall remained).
 *
 * Off the list for good are the completers and, where no programme follows (as Extended SOTP
 * follows Core, for completers only), the drop-outs not referred again: a running service's list
 * holds neither, and they are marked alike (completed, for the lists' purposes). Completers alone,
 * Dovegate's DTC (47% complete, none referred again) opened the West Midlands' window with 134
 * waiting and ended it with 112, where a 312-week warm-up holds 111 (20 replications); so, 110 and
 * 118.
 *
 * Each replication's warm-up draws per man and programme from its own counter stream
 * (custody.ts openingHistory, purpose DERIVED_HISTORY), after the scenario's own treatmentHistory
 * (a user's figures come first). The marks are history: no start or completion is counted.
 */
export function derivedHistory(compiled: CompiledScenario): DerivedHistory | undefined {
  const P = compiled.programmes.length;
  const E = compiled.establishments.length;
  const K = classCount(compiled);
  // Per list and priority class (list x K + class): men on its cold list (suitable-weighted),
  // and the sum of their weeks in which they could have started and finished it.
  const cold = new Float64Array(E * P * K);
  const spanWeeks = new Float64Array(E * P * K);
  // Receptions a year per site (list's establishment and need, or programme of no need), by the
  // lists each would join and his priority class on each ("p:class" joined by commas).
  const bySet = new Map<string, Map<string, number>>();
  const funnels = compiled.programmes.map((p) => compileAssessment(p.definition));
  const suitable = funnels.map((f) => f.suitableBelow);
  // Programmes another follows (Extended SOTP after Core), or any rule asks completed: only their
  // completers are through.
  const followed = completionsRead(compiled.scenario);
  const minWeeksLeft = compiled.programmes.map((p) => p.definition.minWeeksLeftToStart);
  const needOf = compiled.needs.needOf;
  const A = compiled.attributes.length;
  // The HDC weeks early of the stay an opening man is on (openingTimeLeft), as custody.ts keeps it.
  const early = new Int32Array(1).fill(-1);
  const codes = new Uint8Array(A);
  const subject: Subject = { code: (a) => codes[a], weeksToRelease: () => Infinity, completed: () => false };
  const release = compiled.release;
  const timeLeft = compiled.attributes[compiled.timeLeftAttribute]!.categories;
  const placesOf = (at: number, p: number): number => {
    const d = compiled.establishments[at].deliveries[p];
    if (!d) return 0;
    return d.beds !== null
      ? (d.beds * 52) / meanStayWeeks(compiled.programmes[p].definition)
      : d.groupsPerYear * d.groupSize;
  };
  // The lists (listAt x P + p) a man of these codes, `toRelease` weeks from release, would wait on.
  const listsOf = (e: CompiledEstablishment, toRelease: number): number[] => {
    const out: number[] = [];
    if (release.shutOut(codes[compiled.sentenceAttribute])) return out;
    for (let p = 0; p < P; p++) {
      if (compiled.programmes[p].definition.prerequisites.length > 0 || suitable[p] <= 0) continue;
      if (toRelease < minWeeksLeft[p] || e.eligibility[p].lookup.valueFor(codes, 0, subject) === FALSE) continue;
      out.push((e.referralTo[p] >= 0 ? e.referralTo[p] : e.index) * P + p);
    }
    return out;
  };
  for (const e of compiled.establishments) {
    const rng = stream('warm-up/history', 0, e.id);
    let leaving = 0;
    for (const cell of e.stock.openingCells(e.populationTotal, rng)) {
      e.stock.fill(cell, codes, 0, rng);
      // His stay as an opening man's (custody.ts arrive): his time left by the stay law his
      // receptions keep (openingTimeLeft), then his sentence's rule; a segment that moves on
      // before release leaves earlier.
      const category = timeLeft[codes[compiled.timeLeftAttribute]]!;
      const band = { min: category.min ?? 0, max: category.max ?? category.min ?? 0 };
      const law = e.receptions.stayToBandTop ? e.receptions.joint.stays : undefined;
      const left = openingTimeLeft(law, cell, band, rng.next(), early);
      const kind = release.kindOf[codes[compiled.sentenceAttribute]];
      const fixedShare = law ? law.fixedShare[cell] : -1;
      const toRelease = release.draw(kind, left, true, rng, codes, 0, early[0], fixedShare).weeksToRelease;
      let depart = toRelease;
      const exit = e.openingExitWeeksLeft ? e.openingExitWeeksLeft[cell] : 0;
      if (exit > 0 && toRelease - exit > 0) depart = Math.min(depart, toRelease - exit);
      const rate = e.transfersOutPerWeek;
      leaving += depart <= 52 ? 1 : 1 - Math.exp(-rate * 52);
      for (const k of listsOf(e, toRelease)) {
        const p = k % P;
        const c = k * K + priorityClass(compiled, Math.floor(k / P), p, codes, 0, subject);
        cold[c] += suitable[p];
        // Weeks he could have started and finished it in: those left before his window closes
        // or he leaves, less the course, in expectation over transfers out.
        const span = Math.max(
          0,
          Math.min(depart, toRelease - minWeeksLeft[p]) - compiled.programmes[p].definition.durationWeeks,
        );
        spanWeeks[c] += suitable[p] * (rate > 0 ? (1 - Math.exp(-rate * span)) / rate : span);
      }
    }
    // Receptions a year: the scenario's rate, or as many as leave (the stock's leavers in a year).
    const perYear = e.receptionsPerWeek !== null ? 52 * e.receptionsPerWeek : leaving;
    const sample = Math.max(1, Math.round(e.populationTotal));
    const receptionRng = stream('warm-up/history/receptions', 0, e.id);
    for (let n = 0; n < sample; n++) {
      const cell = e.receptions.drawCell(receptionRng);
      e.receptions.fill(cell, codes, 0, receptionRng);
      // A reception stays about the top of his band (custody.ts arrive).
      const band = timeLeft[codes[compiled.timeLeftAttribute]]!;
      const sets = new Map<string, string[]>();
      for (const k of listsOf(e, band.max ?? band.min ?? 0)) {
        const p = k % P;
        const site = needOf[p] >= 0 ? `${Math.floor(k / P)}/${needOf[p]}` : `${Math.floor(k / P)}/p${p}`;
        const c = priorityClass(compiled, Math.floor(k / P), p, codes, 0, subject);
        sets.set(site, [...(sets.get(site) ?? []), `${p}:${c}`]);
      }
      for (const [site, set] of sets) {
        const row = bySet.get(site) ?? new Map<string, number>();
        row.set(set.join(','), (row.get(set.join(',')) ?? 0) + perYear / sample);
        bySet.set(site, row);
      }
    }
  }
  // Starts a year per list and class: a site's alternatives of a need, most places first, take
  // their places from the men still unserved, class by class in the order of the list's
  // priority (classes apart, the men of a class are served in proportion).
  const starts = new Float64Array(E * P * K);
  for (const [site, row] of bySet) {
    const at = Number(site.split('/')[0]);
    const groups = [...row.keys()].map(
      (key) => new Map(key.split(',').map((x) => x.split(':').map(Number) as [number, number])),
    );
    const weight = [...row.values()];
    const left = groups.map(() => 1);
    const order = [...new Set(groups.flatMap((g) => [...g.keys()]))]
      .filter((p) => placesOf(at, p) > 0)
      .sort((x, y) => placesOf(at, y) - placesOf(at, x) || x - y);
    for (const p of order) {
      const demand = new Float64Array(K);
      groups.forEach((g, j) => {
        const c = g.get(p);
        if (c !== undefined) demand[c] += weight[j] * left[j] * suitable[p];
      });
      let places = placesOf(at, p);
      const served = new Float64Array(K);
      for (let c = 0; c < K && places > 0; c++) {
        served[c] = Math.min(places, demand[c]);
        places -= served[c];
        starts[(at * P + p) * K + c] += served[c];
      }
      groups.forEach((g, j) => {
        const c = g.get(p);
        if (c !== undefined && demand[c] > 0) left[j] *= 1 - served[c] / demand[c];
      });
    }
  }
  const share = new Float64Array(E * P * K);
  const lists: DerivedHistoryList[] = [];
  compiled.establishments.forEach((e, ei) =>
    e.deliveries.forEach((d, p) => {
      const k = ei * P + p;
      const places = placesOf(ei, p);
      let coldList = 0;
      let started = 0;
      for (let c = 0; c < K; c++) {
        coldList += cold[k * K + c];
        started += starts[k * K + c];
      }
      // Only a list the warm-up cannot clear (backlogWarmupWeeks' cap): others it clears alone.
      if (!d || places <= 0 || coldList <= 0 || started <= 0) return;
      if ((CLEARING_FACTOR * 52 * coldList) / places <= BACKLOG_CAP_WEEKS) return;
      const def = compiled.programmes[p].definition;
      const through = followed.has(def.id)
        ? def.completionRate
        : def.completionRate + (1 - def.completionRate) * (1 - funnels[p].reReferralShare);
      let marked = 0;
      for (let c = 0; c < K; c++) {
        const at = k * K + c;
        if (cold[at] <= 0) continue;
        // Men off the list for good a year (completers, and drop-outs not referred again where no
        // programme follows) times the mean weeks a man of the class could have had since, over
        // the class's cold list.
        share[at] = Math.min(1, (starts[at] * through * (spanWeeks[at] / cold[at])) / 52 / cold[at]);
        marked += share[at] * cold[at];
      }
      lists.push({
        establishment: e.id,
        programme: def.id,
        coldList,
        placesPerYear: places,
        startsPerYear: started,
        completionsPerYear: started * def.completionRate,
        share: marked / coldList,
      });
    }),
  );
  const marked = Uint8Array.from({ length: E * P }, (_, k) =>
    share.subarray(k * K, (k + 1) * K).some((x) => x > 0) ? 1 : 0,
  );
  return lists.length > 0 ? { share, classes: K, marked, lists } : undefined;
}

/**
 * Most priority classes a list can have (priorityClass): the product of the sizes of the static
 * keys (OGRS bands, criteria) before a list's first dynamic key (release date, waiting time),
 * over every delivery.
 */
function classCount(compiled: CompiledScenario): number {
  const bands = compiled.ogrsAttribute >= 0 ? compiled.attributes[compiled.ogrsAttribute].categories.length : 1;
  let most = 1;
  for (const e of compiled.establishments)
    for (const d of e.deliveries) {
      if (!d) continue;
      let n = 1;
      for (const key of d.priority) {
        if (key.by === 'ogrs') n *= bands;
        else if (key.by === 'criteria') n *= 2;
        else break;
      }
      most = Math.max(most, n);
    }
  return most;
}

/**
 * A man's priority class on the list of programme p at establishment `at` (0 first): his place
 * by the list's static keys (OGRS band, criteria) before its first dynamic key, in mixed radix.
 * Why classes: a running service whose places fall short serves the first classes and leaves
 * the rest waiting, so its completers, and the history they carry, are of those classes.
 */
export function priorityClass(
  compiled: CompiledScenario,
  at: number,
  p: number,
  codes: ArrayLike<number>,
  row: number,
  subject: Subject,
): number {
  const d = compiled.establishments[at].deliveries[p];
  if (!d) return 0;
  const ogrs = compiled.ogrsAttribute;
  const bands = ogrs >= 0 ? compiled.attributes[ogrs].categories.length : 1;
  let c = 0;
  for (const key of d.priority) {
    if (key.by === 'ogrs') {
      const band = ogrs >= 0 ? codes[row + ogrs] : 0;
      c = c * bands + (key.descending ? bands - 1 - band : band);
    } else if (key.by === 'criteria') c = c * 2 + (key.when.test(subject) ? 0 : 1);
    else break;
  }
  return c;
}
