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
 * regardless of time left (handOverRecords.ts inherit); with no one of his eligibility profile at all,
 * he takes per programme the state of someone it is open to (programmeRecords).
 */
import type { CompiledEstablishment, CompiledScenario } from './compile.js';
import type { CompileCache } from './compileCache.js';
import { Layout } from './layout.js';
import type { Scenario } from '../scenario/schema.js';
import type { Subject } from '../rules/criteria.js';
import { FALSE } from '../rules/criteria.js';
import { stream } from '../random/streams.js';
import { compileAssessment } from './assessment.js';
import { meanStayWeeks } from './beds.js';
import { derivedHistory, type DerivedHistory } from './treatmentHistory.js';

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
export function sizeStart(compiled: CompiledScenario, cache?: CompileCache): StartPlan {
  const plan = compiled.start;
  if (plan.mode !== 'running' || plan.warmupWeeks === 0) return plan;
  const sized = plan.warmupFromScenario ? plan : sizeWarmup(compiled, plan);
  return withDerivedHistory(sized, derivedHistory(compiled, warmupClears, cache));
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

/** Whether a warm-up clears a cold list of `coldList` men at `placesPerYear` within its cap (backlogWarmupWeeks). */
export function warmupClears(coldList: number, placesPerYear: number): boolean {
  return (CLEARING_FACTOR * 52 * coldList) / placesPerYear <= BACKLOG_CAP_WEEKS;
}

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
