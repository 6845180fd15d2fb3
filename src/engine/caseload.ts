/**
 * Offender-management caseload over a replication: who is POM-led, COM-led or has no offender
 * manager each week, what their cases cost (workload.ts) and what the POMs' hours deliver.
 *
 * Each person's sentence kind and handover week are settled when they arrive
 * (responsibility.ts); the counts by establishment, tier and task are kept up to date as people
 * arrive, leave, move, change tier, are handed over, or cross a task's threshold on time left
 * (the weeks before tariff when parole work begins). A week's workload is then a few
 * multiply-adds per tier, not a pass over people.
 */
import { WeekQueue } from './weekQueue.js';
import { ScratchArrays } from './scratchArrays.js';
import type { Rule } from './compile.js';
import type { Layout } from './layout.js';
import type { People } from './people.js';
import * as responsibility from './responsibility.js';
import * as workload from './workload.js';
import * as criteria from '../rules/criteria.js';
import type { Subject } from '../rules/criteria.js';
import { ASKS_PERSON, firstTrue, NONE_TRUE, RuleGrid } from '../rules/ruleGrid.js';
import type { CaseTask, KeyWork, ResponsibilityRules } from '../scenario/schema.js';
import { withStableFields } from './stableFields.js';

// Imported values copied into module constants once: under tsx (the command line and bench) each
// read of an imported binding calls a getter, and these are read for every arrival.
const { handoverPoint, handoverWeek } = responsibility;
const { KIND_CODES, WEEKS_PER_YEAR, contactMinutesPerYear, deliverInPriority, fteFor, tierMinutesPerWeek } = workload;
const { DEPENDS, TRUE } = criteria;

export const CASELOAD_SCALARS = [
  'pomLedWeeks',
  'comLedWeeks',
  'noOffenderManagerWeeks',
  'minutesRequired',
  'minutesDelivered',
  'fteRequiredWeeks',
  'fteAvailableWeeks',
  'fteShortfallWeeks',
] as const;
export const CASELOAD_TIER_SCALARS = [
  'pomLedWeeks',
  'contactSessionsRequired',
  'contactSessionsDelivered',
  'minutesRequired',
  'minutesDelivered',
  'peopleShortWeeks',
] as const;
export const CASELOAD_SERIES = ['pomLed', 'comLed', 'noOffenderManager', 'fteRequired', 'fteAvailable'] as const;
export const CASELOAD_TIER_SERIES = ['fteRequired', 'fteDelivered'] as const;

// Offsets within the lists above, as plain numbers for the weekly loop.
const S_POM_LED = 0;
const S_COM_LED = 1;
const S_NO_OM = 2;
const S_MINUTES_REQUIRED = 3;
const S_MINUTES_DELIVERED = 4;
const S_FTE_REQUIRED = 5;
const S_FTE_AVAILABLE = 6;
const S_FTE_SHORTFALL = 7;
const TIER_AT = CASELOAD_SCALARS.length;
const T_POM_LED = 0;
const T_SESSIONS_REQUIRED = 1;
const T_SESSIONS_DELIVERED = 2;
const T_MINUTES_REQUIRED = 3;
const T_MINUTES_DELIVERED = 4;
const T_PEOPLE_SHORT = 5;

export type CaseloadScalar = (typeof CASELOAD_SCALARS)[number];
export type CaseloadTierScalar = (typeof CASELOAD_TIER_SCALARS)[number];
export type CaseloadSeries = (typeof CASELOAD_SERIES)[number];
export type CaseloadTierSeries = (typeof CASELOAD_TIER_SERIES)[number];

/** Offsets within one establishment's caseload block (scalars, then series). */
export class CaseloadBlock {
  readonly scalars: number;
  readonly series: number;
  constructor(
    readonly tiers: number,
    readonly tasks: number,
  ) {
    this.scalars = CASELOAD_SCALARS.length + tiers * CASELOAD_TIER_SCALARS.length + tasks;
    this.series = CASELOAD_SERIES.length + tiers * CASELOAD_TIER_SERIES.length;
  }
  scalar(name: CaseloadScalar): number {
    return CASELOAD_SCALARS.indexOf(name);
  }
  tierScalar(t: number, name: CaseloadTierScalar): number {
    return CASELOAD_SCALARS.length + t * CASELOAD_TIER_SCALARS.length + CASELOAD_TIER_SCALARS.indexOf(name);
  }
  taskScalar(k: number): number {
    return CASELOAD_SCALARS.length + this.tiers * CASELOAD_TIER_SCALARS.length + k;
  }
  seriesOf(name: CaseloadSeries): number {
    return CASELOAD_SERIES.indexOf(name);
  }
  tierSeries(t: number, name: CaseloadTierSeries): number {
    return CASELOAD_SERIES.length + t * CASELOAD_TIER_SERIES.length + CASELOAD_TIER_SERIES.indexOf(name);
  }
}

export interface CompiledCaseTask {
  id: string;
  label: string;
  cases: CaseTask['cases'];
  when: Rule;
  minutesPerYear: number;
  minutesAtHandover: number;
}

export interface CompiledCaseload {
  block: CaseloadBlock;
  /** Ordered sentence-kind rules; the code is an index into KIND_CODES. */
  kinds: { code: number; when: Rule }[];
  rules: ResponsibilityRules;
  earlyAllocation: Rule | null;
  tasks: CompiledCaseTask[];
  /** Weeks before release at which some task's rule can change its answer. */
  taskThresholds: number[];
  /** Per tier: contact minutes a year for one POM-led case. */
  contactPerYear: Float64Array;
  /** Per establishment: minutes a week one POM FTE gives. */
  minutesPerFteWeek: Float64Array;
  keyWork: KeyWork;
  /** Minutes per contact session with recording. */
  minutesPerSession: number;
  /** Sentence kind and static task answers by the attribute codes they read, or null when too large. */
  profiles: ProfileTable | null;
  /** Weeks between an ISP's Parole Board reviews after tariff (release rules). */
  reviewIntervalWeeks: number;
}

/**
 * Every kind and task rule answered at once from the few attributes they read (sentence, ROSH,
 * offence, RM2000...): one table read per arrival instead of a lookup per rule.
 */
export class ProfileTable {
  /** Per cell: kind code, or -1 when a kind rule depends on more than codes. */
  readonly kind: Int8Array;
  readonly fixed: Int32Array;
  readonly depends: Int32Array;

  private constructor(private readonly grid: RuleGrid) {
    this.kind = new Int8Array(grid.cells);
    this.fixed = new Int32Array(grid.cells);
    this.depends = new Int32Array(grid.cells);
  }

  static build(
    kinds: readonly { code: number; when: Rule }[],
    tasks: readonly { when: Rule }[],
    attributeSizes: readonly number[],
  ): ProfileTable | null {
    const kindRules = kinds.map((k) => k.when);
    const grid = RuleGrid.over([...kindRules, ...tasks.map((t) => t.when)], attributeSizes);
    if (grid === null) return null;
    const table = new ProfileTable(grid);
    grid.forEachCell(attributeSizes.length, (cell, row, subject) => {
      const k = firstTrue(kindRules, row, subject);
      table.kind[cell] = k === ASKS_PERSON ? -1 : k === NONE_TRUE ? 0 : kinds[k].code;
      tasks.forEach((t, k) => {
        const known = t.when.lookup.valueFor(row, 0, subject);
        if (known === TRUE) table.fixed[cell] |= 1 << k;
        else if (known === DEPENDS) table.depends[cell] |= 1 << k;
      });
    });
    return table;
  }

  cellOf(codes: Uint8Array, row: number): number {
    return this.grid.cellOf(codes, row);
  }
}

export function compileCaseload(args: {
  kinds: ResponsibilityRules['kinds'];
  rules: ResponsibilityRules;
  tasks: readonly CaseTask[];
  tierSessionsPerYear: readonly number[];
  minutesPerSession: number;
  minutesPerFteWeek: readonly number[];
  keyWork: KeyWork;
  rule: (c: ResponsibilityRules['kinds'][number]['when']) => Rule;
  thresholds: (criteria: readonly CaseTask['when'][]) => number[];
  /** Number of bands of each attribute, by attribute index. */
  attributeSizes: readonly number[];
  reviewIntervalWeeks: number;
}): CompiledCaseload {
  const tasks = args.tasks.map((t): CompiledCaseTask => ({
    id: t.id,
    label: t.label ?? t.id,
    cases: t.cases,
    when: args.rule(t.when),
    minutesPerYear: t.minutesPerYear,
    minutesAtHandover: t.minutesAtHandover,
  }));
  const kinds = args.kinds.map((k) => ({ code: KIND_CODES.indexOf(k.kind), when: args.rule(k.when) }));
  return withStableFields(CaseloadFields, {
    block: new CaseloadBlock(args.tierSessionsPerYear.length, tasks.length),
    kinds,
    profiles: ProfileTable.build(kinds, tasks, args.attributeSizes),
    rules: args.rules,
    earlyAllocation: args.rules.earlyAllocation ? args.rule(args.rules.earlyAllocation) : null,
    tasks,
    taskThresholds: args.thresholds(args.tasks.map((t) => t.when)),
    contactPerYear: Float64Array.from(args.tierSessionsPerYear, (s) =>
      contactMinutesPerYear(s, args.minutesPerSession),
    ),
    minutesPerFteWeek: Float64Array.from(args.minutesPerFteWeek),
    keyWork: args.keyWork,
    minutesPerSession: args.minutesPerSession,
    reviewIntervalWeeks: args.reviewIntervalWeeks,
  });
}

// Who holds a case, per person.
const NO_OM = 0;
const COM_LED = 1;
const POM_LED = 2;
/** Case holder over a stay: nobody, the COM throughout, or the POM until the handover week. */
const HOLDER_NONE = 0;
const HOLDER_COM = 1;
const HOLDER_POM_THEN_COM = 2;

/** The caseload of one replication. The caller tells it of every arrival, departure, move and tier change. */
export class Caseload {
  private readonly E: number;
  private readonly T: number;
  private readonly K: number;
  private holder = new Int8Array(0);
  private handover = new Int32Array(0);
  private state = new Int8Array(0);
  private mask = new Int32Array(0);
  /** Per person: tasks whose rule holds on their codes alone, and those that depend on time or courses. */
  private fixedTasks = new Int32Array(0);
  private dependsTasks = new Int32Array(0);
  private counted = new Uint8Array(0);
  /** Per person: 1 for an ISP, whose task rules count to the next Parole Board review. */
  private indeterminate = new Uint8Array(0);
  /** Tasks (as bits) that POM-led and COM-led cases carry, a year. */
  private readonly pomTasks: number;
  private readonly comTasks: number;
  private readonly pomLed: Int32Array;
  private readonly comLed: Int32Array;
  private readonly noOm: Int32Array;
  private readonly taskCases: Int32Array;
  private readonly oneOff: Float64Array;
  /** Handovers and task thresholds due in a week (weekQueue.ts): people to count again then. */
  private readonly events: WeekQueue;
  private readonly subject: Subject & { i: number; week: number };
  /**
   * The facts handoverPoint reads, filled in for each arrival: a new record per arrival was about
   * 40 bytes, 63 MB over two national replications (a tenth of what the window allocates).
   */
  private readonly facts: Parameters<typeof handoverPoint>[0] = {
    kind: 'none',
    weeksSinceSentence: 0,
    weeksToRelease: 0,
    earlyAllocation: false,
  };
  private readonly required: Float64Array;
  private readonly delivered: Float64Array;
  private readonly taskMinutes: Float64Array;
  private readonly anyTaskDepends: boolean;

  constructor(
    private readonly c: CompiledCaseload,
    private readonly layout: Layout,
    private readonly people: People,
    private readonly weeks: number,
    private readonly tierPriority: readonly number[],
    private readonly scalars: Float64Array,
    private readonly series: Float32Array,
    /**
     * False for a running start's warm-up, which hands over no caseload (serviceSnapshot.ts WarmupEnd) and
     * records nothing: every call is then a no-op. Nothing else reads the caseload, and it draws
     * no random numbers, so the window's figures are the same; the warm-up's caseload work was
     * about 3% of a national replication.
     */
    private readonly recording = true,
    /** Emptied for this run (a batch's replications share one: replicationState.ts). */
    events = new WeekQueue(weeks, 1),
    /** Where its arrays by person come from: a batch's replications share their memory (scratchArrays.ts). */
    private readonly scratch: ScratchArrays = new ScratchArrays(),
  ) {
    this.E = layout.establishments;
    this.T = c.block.tiers;
    this.K = c.tasks.length;
    this.pomLed = new Int32Array(this.E * this.T);
    this.comLed = new Int32Array(this.E);
    this.noOm = new Int32Array(this.E);
    this.taskCases = new Int32Array(this.E * this.T * this.K);
    this.oneOff = new Float64Array(this.E * this.T);
    this.events = events;
    this.required = new Float64Array(this.T);
    this.delivered = new Float64Array(this.T);
    this.taskMinutes = Float64Array.from(c.tasks, (t) => t.minutesPerYear);
    this.anyTaskDepends = c.taskThresholds.length > 0;
    let pomTasks = 0;
    let comTasks = 0;
    c.tasks.forEach((t, k) => {
      if (t.minutesPerYear <= 0) return;
      if (t.cases !== 'comLed') pomTasks |= 1 << k;
      if (t.cases !== 'pomLed') comTasks |= 1 << k;
    });
    this.pomTasks = pomTasks;
    this.comTasks = comTasks;
    this.subject = {
      i: 0,
      week: 0,
      code(a) {
        return people.codes[this.i * people.attributes + a];
      },
      // Task rules on time left count to the earliest release date (tariff for an ISP, then
      // each later review), as the handover does.
      weeksToRelease: () => this.nextReleasePoint(this.subject.i, this.subject.week) - this.subject.week,
      completed(p) {
        return people.hasCompleted(this.i, p);
      },
    };
  }

  /**
   * The table of people renumbered (compaction.ts): person i is now map[i] (-1: dropped) among
   * `kept`; `count` slots were in use. Events of a man who has left are dropped (week() skips them).
   */
  remap(map: Int32Array, count: number, kept: number, w: number): void {
    const n = Math.min(count, this.holder.length);
    // One pass, column by column named: a loop over the columns as an array of typed arrays of
    // four kinds read and wrote them megamorphically (national: about 0.75% of a replication).
    const { holder, handover, state, mask, fixedTasks, dependsTasks, counted, indeterminate } = this;
    for (let i = 0; i < n; i++) {
      const j = map[i];
      if (j < 0 || j === i) continue;
      holder[j] = holder[i];
      handover[j] = handover[i];
      state[j] = state[i];
      mask[j] = mask[i];
      fixedTasks[j] = fixedTasks[i];
      dependsTasks[j] = dependsTasks[i];
      counted[j] = counted[i];
      indeterminate[j] = indeterminate[i];
    }
    const from = Math.min(kept, n);
    holder.fill(0, from, n);
    handover.fill(0, from, n);
    state.fill(0, from, n);
    mask.fill(0, from, n);
    fixedTasks.fill(0, from, n);
    dependsTasks.fill(0, from, n);
    counted.fill(0, from, n);
    indeterminate.fill(0, from, n);
    this.events.remap(map, w);
  }

  private ensure(i: number): void {
    if (i < this.holder.length) return;
    const n = Math.max(16, this.people.capacity, (i + 1) * 2);
    this.holder = this.scratch.widen('caseload.holder', this.holder, n);
    this.handover = this.scratch.widen('caseload.handover', this.handover, n);
    this.state = this.scratch.widen('caseload.state', this.state, n);
    this.mask = this.scratch.widen('caseload.mask', this.mask, n);
    this.fixedTasks = this.scratch.widen('caseload.fixedTasks', this.fixedTasks, n);
    this.dependsTasks = this.scratch.widen('caseload.dependsTasks', this.dependsTasks, n);
    this.counted = this.scratch.widen('caseload.counted', this.counted, n);
    this.indeterminate = this.scratch.widen('caseload.indeterminate', this.indeterminate, n);
  }

  /**
   * The next point at which person i may be released: the earliest release date, and for an ISP
   * refused parole there, each later review until the one that directs release (release.ts).
   * Parole work (the report, the hearing) comes before every review, not only the first.
   */
  private nextReleasePoint(i: number, week: number): number {
    const people = this.people;
    const earliest = people.earliestReleaseWeek[i];
    if (this.indeterminate[i] === 0 || week <= earliest) return earliest;
    const interval = this.c.reviewIntervalWeeks;
    const reviews = Math.ceil((week - earliest) / interval);
    return Math.min(people.releaseWeek[i], earliest + reviews * interval);
  }

  private matches(rule: Rule, i: number, week: number): boolean {
    const s = this.subject;
    s.i = i;
    s.week = week;
    const known = rule.lookup.valueFor(this.people.codes, i * this.people.attributes, s);
    return known === TRUE || (known === DEPENDS && rule.criterion.test(s));
  }

  /** A person arrives (opening population or reception): settle who holds their case and count it. */
  arrive(i: number, week: number, opening: boolean): void {
    if (!this.recording) return;
    this.ensure(i);
    const people = this.people;
    const c = this.c;
    const codes = people.codes;
    const row = i * people.attributes;
    const s = this.subject;
    s.i = i;
    s.week = week;
    const profiles = c.profiles;
    const cell = profiles === null ? -1 : profiles.cellOf(codes, row);
    let code = profiles === null ? -1 : profiles.kind[cell];
    if (code < 0) {
      code = 0;
      for (const k of c.kinds) {
        const known = k.when.lookup.valueFor(codes, row, s);
        if (known === TRUE || (known === DEPENDS && k.when.criterion.test(s))) {
          code = k.code;
          break;
        }
      }
    }
    const kind = KIND_CODES[code];
    this.indeterminate[i] = kind === 'indeterminate' ? 1 : 0;
    // OMiC times the handover from the earliest release date (release.ts): the release point of a
    // determinate sentence, an ISP's tariff (or next review once past it), not the release a
    // Parole Board review may later direct.
    const earliest = people.earliestReleaseWeek[i];
    const left = earliest - week;
    this.counted[i] = 0;
    if (kind === 'remand' || kind === 'none') this.holder[i] = HOLDER_NONE;
    else {
      const facts = this.facts;
      facts.kind = kind;
      facts.weeksSinceSentence = opening ? left * c.rules.openingWeeksServedPerWeekLeft : c.rules.receptionWeeksServed;
      facts.weeksToRelease = left;
      facts.earlyAllocation = c.earlyAllocation !== null && this.matches(c.earlyAllocation, i, week);
      const before = handoverPoint(facts, c.rules);
      if (before === null) this.holder[i] = HOLDER_COM;
      else {
        this.holder[i] = HOLDER_POM_THEN_COM;
        const at = handoverWeek(earliest, before);
        this.handover[i] = at;
        if (at > week && at < this.weeks) this.events.push(at, i);
      }
    }
    let fixed = 0;
    let depends = 0;
    if (this.holder[i] !== HOLDER_NONE) {
      if (profiles !== null) {
        fixed = profiles.fixed[cell];
        depends = profiles.depends[cell];
      } else {
        const tasks = c.tasks;
        for (let k = 0; k < tasks.length; k++) {
          const known = tasks[k].when.lookup.valueFor(codes, row, s);
          if (known === TRUE) fixed |= 1 << k;
          else if (known === DEPENDS) depends |= 1 << k;
        }
      }
      // A task rule on time left: look again as each threshold passes, before each review
      // an ISP may still have.
      if (depends !== 0 && this.anyTaskDepends) {
        const last = this.indeterminate[i] === 1 ? people.releaseWeek[i] : earliest;
        const interval = Math.max(1, c.reviewIntervalWeeks);
        for (let point = earliest; point <= last; point += interval) {
          for (const before of c.taskThresholds) {
            const at = point - before;
            if (at > week && at < this.weeks) this.events.push(at, i);
          }
          // Past a review, the rules count to the next one: look again the week after.
          if (point < last && point + 1 > week && point + 1 < this.weeks) this.events.push(point + 1, i);
        }
      }
    }
    this.fixedTasks[i] = fixed;
    this.dependsTasks[i] = depends;
    this.enter(i, week);
  }

  /** Count person i where they are now, in their tier, as they stand in `week`. */
  enter(i: number, week: number): void {
    if (!this.recording) return;
    const people = this.people;
    const e = people.establishment[i];
    const et = e * this.T + people.tier[i];
    const holder = this.holder[i];
    const state =
      holder === HOLDER_NONE ? NO_OM : holder === HOLDER_COM || week >= this.handover[i] ? COM_LED : POM_LED;
    this.state[i] = state;
    if (state === POM_LED) this.pomLed[et]++;
    else if (state === COM_LED) this.comLed[e]++;
    else this.noOm[e]++;
    let mask = 0;
    if (state !== NO_OM) {
      const carried = state === POM_LED ? this.pomTasks : this.comTasks;
      mask = this.fixedTasks[i] & carried;
      const s = this.subject;
      s.i = i;
      s.week = week;
      for (let d = this.dependsTasks[i] & carried; d !== 0; d &= d - 1) {
        const k = 31 - Math.clz32(d & -d);
        if (this.c.tasks[k].when.criterion.test(s)) mask |= 1 << k;
      }
      for (let m = mask; m !== 0; m &= m - 1) this.taskCases[et * this.K + (31 - Math.clz32(m & -m))]++;
    }
    this.mask[i] = mask;
    this.counted[i] = 1;
  }

  /** Stop counting person i (before they leave, move or change tier). */
  leave(i: number): void {
    if (!this.recording) return;
    if (this.counted[i] === 0) return;
    const people = this.people;
    const e = people.establishment[i];
    const et = e * this.T + people.tier[i];
    const state = this.state[i];
    if (state === POM_LED) this.pomLed[et]--;
    else if (state === COM_LED) this.comLed[e]--;
    else this.noOm[e]--;
    const mask = this.mask[i];
    for (let m = mask; m !== 0; m &= m - 1) this.taskCases[et * this.K + (31 - Math.clz32(m & -m))]--;
    this.counted[i] = 0;
  }

  /** Handovers and task thresholds of the week, then the week's workload against staff hours. */
  week(w: number, sessionCapacity: readonly (number | null)[]): void {
    if (!this.recording) return;
    const people = this.people;
    const c = this.c;
    const L = this.layout;
    const events = this.events;
    for (let k = events.head(w); k >= 0; k = events.next[k]) {
      const i = events.values[k];
      if (people.departWeek[i] <= w || this.counted[i] === 0) continue;
      const was = this.state[i];
      this.leave(i);
      this.enter(i, w);
      if (was === POM_LED && this.state[i] === COM_LED) this.chargeHandover(i, w);
    }
    events.release(w);
    const T = this.T;
    const K = this.K;
    const W = this.weeks;
    const sc = this.scalars;
    const series = this.series;
    for (let e = 0; e < this.E; e++) {
      const at = L.caseloadScalar(e, 0);
      // Series k of this establishment's block, this week: (first + k) * W + w.
      const first = L.caseloadSeries(e, 0);
      const staffed = sessionCapacity[e] !== null && sessionCapacity[e] !== undefined;
      const capacity = staffed ? (sessionCapacity[e] as number) * c.minutesPerSession : Infinity;
      let total = 0;
      for (let t = 0; t < T; t++) {
        const et = e * T + t;
        this.required[t] = tierMinutesPerWeek(
          this.pomLed[et],
          c.contactPerYear[t],
          this.taskCases,
          et * K,
          this.taskMinutes,
          this.oneOff[et],
        );
        total += this.required[t];
      }
      deliverInPriority(this.required, this.tierPriority, capacity, this.delivered);
      const perFte = c.minutesPerFteWeek[e];
      let deliveredTotal = 0;
      let pomLed = 0;
      for (let t = 0; t < T; t++) {
        const et = e * T + t;
        const required = this.required[t];
        const delivered = this.delivered[t];
        deliveredTotal += delivered;
        const pom = this.pomLed[et];
        pomLed += pom;
        const share = required > 0 ? delivered / required : 1;
        const sessions = (pom * (c.contactPerYear[t] / c.minutesPerSession)) / WEEKS_PER_YEAR;
        const tierAt = at + TIER_AT + t * CASELOAD_TIER_SCALARS.length;
        sc[tierAt + T_POM_LED] += pom;
        sc[tierAt + T_SESSIONS_REQUIRED] += sessions;
        sc[tierAt + T_SESSIONS_DELIVERED] += sessions * share;
        sc[tierAt + T_MINUTES_REQUIRED] += required;
        sc[tierAt + T_MINUTES_DELIVERED] += delivered;
        sc[tierAt + T_PEOPLE_SHORT] += pom * (1 - share);
        const tierSeriesAt = CASELOAD_SERIES.length + t * CASELOAD_TIER_SERIES.length;
        series[(first + tierSeriesAt) * W + w] = fteFor(required, perFte);
        series[(first + tierSeriesAt + 1) * W + w] = fteFor(delivered, perFte);
        const taskAt = at + TIER_AT + T * CASELOAD_TIER_SCALARS.length;
        for (let k = 0; k < K; k++) {
          const cases = this.taskCases[et * K + k];
          if (cases > 0) sc[taskAt + k] += (cases * this.taskMinutes[k]) / WEEKS_PER_YEAR;
        }
        this.oneOff[et] = 0;
      }
      const fteRequired = fteFor(total, perFte);
      const fteAvailable = staffed ? fteFor(capacity, perFte) : 0;
      sc[at + S_POM_LED] += pomLed;
      sc[at + S_COM_LED] += this.comLed[e];
      sc[at + S_NO_OM] += this.noOm[e];
      sc[at + S_MINUTES_REQUIRED] += total;
      sc[at + S_MINUTES_DELIVERED] += deliveredTotal;
      sc[at + S_FTE_REQUIRED] += fteRequired;
      sc[at + S_FTE_AVAILABLE] += fteAvailable;
      sc[at + S_FTE_SHORTFALL] += staffed ? Math.max(0, fteRequired - fteAvailable) : 0;
      series[(first + 0) * W + w] = pomLed;
      series[(first + 1) * W + w] = this.comLed[e];
      series[(first + 2) * W + w] = this.noOm[e];
      series[(first + 3) * W + w] = fteRequired;
      series[(first + 4) * W + w] = fteAvailable;
    }
  }

  /** Handover work: charged to the person's tier in the week the case goes to the COM. */
  private chargeHandover(i: number, w: number): void {
    const people = this.people;
    const e = people.establishment[i];
    const et = e * this.T + people.tier[i];
    const tasks = this.c.tasks;
    for (let k = 0; k < tasks.length; k++) {
      const t = tasks[k];
      if (t.minutesAtHandover > 0 && this.matches(t.when, i, w)) {
        this.oneOff[et] += t.minutesAtHandover;
        this.add(this.layout.caseloadScalar(e, this.c.block.taskScalar(k)), t.minutesAtHandover);
      }
    }
  }

  private add(index: number, amount: number): void {
    this.scalars[index] = this.scalars[index] + amount;
  }
}

/** The class of a compiled caseload (stableFields.ts says why). */
class CaseloadFields {}
