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
import type { Rule } from './compile.js';
import type { Layout } from './layout.js';
import type { People } from './people.js';
import { handoverPoint, handoverWeek } from './responsibility.js';
import {
  KIND_CODES,
  WEEKS_PER_YEAR,
  contactMinutesPerYear,
  deliverInPriority,
  fteFor,
  tierMinutesPerWeek,
} from './workload.js';
import { DEPENDS, TRUE, type Subject } from '../rules/criteria.js';
import type { CaseTask, KeyWork, ResponsibilityRules } from '../scenario/schema.js';

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
}): CompiledCaseload {
  const tasks = args.tasks.map((t): CompiledCaseTask => ({
    id: t.id,
    label: t.label ?? t.id,
    cases: t.cases,
    when: args.rule(t.when),
    minutesPerYear: t.minutesPerYear,
    minutesAtHandover: t.minutesAtHandover,
  }));
  return {
    block: new CaseloadBlock(args.tierSessionsPerYear.length, tasks.length),
    kinds: args.kinds.map((k) => ({ code: KIND_CODES.indexOf(k.kind), when: args.rule(k.when) })),
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
  };
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
  private counted = new Uint8Array(0);
  private readonly pomLed: Int32Array;
  private readonly comLed: Int32Array;
  private readonly noOm: Int32Array;
  private readonly taskCases: Int32Array;
  private readonly oneOff: Float64Array;
  private readonly events: number[][];
  private readonly subject: Subject & { i: number; week: number };
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
  ) {
    this.E = layout.establishments;
    this.T = c.block.tiers;
    this.K = c.tasks.length;
    this.pomLed = new Int32Array(this.E * this.T);
    this.comLed = new Int32Array(this.E);
    this.noOm = new Int32Array(this.E);
    this.taskCases = new Int32Array(this.E * this.T * this.K);
    this.oneOff = new Float64Array(this.E * this.T);
    this.events = Array.from({ length: weeks }, () => []);
    this.required = new Float64Array(this.T);
    this.delivered = new Float64Array(this.T);
    this.taskMinutes = Float64Array.from(c.tasks, (t) => t.minutesPerYear);
    this.anyTaskDepends = c.taskThresholds.length > 0;
    this.subject = {
      i: 0,
      week: 0,
      code(a) {
        return people.codes[this.i * people.attributes + a];
      },
      weeksToRelease() {
        return people.releaseWeek[this.i] - this.week;
      },
      completed(p) {
        return people.hasCompleted(this.i, p);
      },
    };
  }

  private ensure(i: number): void {
    if (i < this.holder.length) return;
    const n = Math.max(16, this.people.capacity, (i + 1) * 2);
    const widen = <T extends Int8Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (len: number) => T)(n);
      b.set(a);
      return b;
    };
    this.holder = widen(this.holder);
    this.handover = widen(this.handover);
    this.state = widen(this.state);
    this.mask = widen(this.mask);
    this.counted = widen(this.counted);
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
    this.ensure(i);
    const people = this.people;
    const c = this.c;
    let code = 0;
    for (const k of c.kinds) {
      if (this.matches(k.when, i, week)) {
        code = k.code;
        break;
      }
    }
    const kind = KIND_CODES[code];
    const left = people.releaseWeek[i] - week;
    const before = handoverPoint(
      {
        kind,
        weeksSinceSentence: opening ? left * c.rules.openingWeeksServedPerWeekLeft : c.rules.receptionWeeksServed,
        weeksToRelease: left,
        earlyAllocation: c.earlyAllocation !== null && this.matches(c.earlyAllocation, i, week),
      },
      c.rules,
    );
    this.counted[i] = 0;
    if (kind === 'remand' || kind === 'none') this.holder[i] = HOLDER_NONE;
    else if (before === null) this.holder[i] = HOLDER_COM;
    else {
      this.holder[i] = HOLDER_POM_THEN_COM;
      const at = handoverWeek(people.releaseWeek[i], before);
      this.handover[i] = at;
      if (at > week && at < this.weeks) this.events[at].push(i);
    }
    // Task rules on time left: look again as each threshold passes.
    if (this.anyTaskDepends && this.holder[i] !== HOLDER_NONE) {
      const s = this.subject;
      s.i = i;
      s.week = week;
      const row = i * people.attributes;
      if (c.tasks.some((t) => t.when.lookup.valueFor(people.codes, row, s) === DEPENDS)) {
        for (const before of c.taskThresholds) {
          const at = people.releaseWeek[i] - before;
          if (at > week && at < this.weeks) this.events[at].push(i);
        }
      }
    }
    this.enter(i, week);
  }

  /** Count person i where they are now, in their tier, as they stand in `week`. */
  enter(i: number, week: number): void {
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
      const tasks = this.c.tasks;
      for (let k = 0; k < tasks.length; k++) {
        const t = tasks[k];
        const applies = t.cases === 'both' || (t.cases === 'pomLed') === (state === POM_LED);
        if (applies && t.minutesPerYear > 0 && this.matches(t.when, i, week)) {
          mask |= 1 << k;
          this.taskCases[et * this.K + k]++;
        }
      }
    }
    this.mask[i] = mask;
    this.counted[i] = 1;
  }

  /** Stop counting person i (before they leave, move or change tier). */
  leave(i: number): void {
    if (this.counted[i] === 0) return;
    const people = this.people;
    const e = people.establishment[i];
    const et = e * this.T + people.tier[i];
    const state = this.state[i];
    if (state === POM_LED) this.pomLed[et]--;
    else if (state === COM_LED) this.comLed[e]--;
    else this.noOm[e]--;
    const mask = this.mask[i];
    if (mask !== 0) for (let k = 0; k < this.K; k++) if (mask & (1 << k)) this.taskCases[et * this.K + k]--;
    this.counted[i] = 0;
  }

  /** Handovers and task thresholds of the week, then the week's workload against staff hours. */
  week(w: number, sessionCapacity: readonly (number | null)[]): void {
    const people = this.people;
    const c = this.c;
    const L = this.layout;
    const block = c.block;
    for (const i of this.events[w]) {
      if (people.departWeek[i] <= w || this.counted[i] === 0) continue;
      const was = this.state[i];
      this.leave(i);
      this.enter(i, w);
      if (was === POM_LED && this.state[i] === COM_LED) this.chargeHandover(i, w);
    }
    const T = this.T;
    const K = this.K;
    for (let e = 0; e < this.E; e++) {
      const scalar = (k: number) => L.caseloadScalar(e, k);
      const seriesAt = (k: number) => L.caseloadSeries(e, k) * this.weeks + w;
      const staffed = sessionCapacity[e] !== null && sessionCapacity[e] !== undefined;
      const capacity = staffed ? (sessionCapacity[e] as number) * c.minutesPerSession : Infinity;
      let total = 0;
      for (let t = 0; t < T; t++) {
        const et = e * T + t;
        this.required[t] = tierMinutesPerWeek(
          this.pomLed[et],
          c.contactPerYear[t],
          this.taskCases.subarray(et * K, et * K + K),
          this.taskMinutes,
          this.oneOff[et],
        );
        total += this.required[t];
      }
      deliverInPriority(this.required, this.tierPriority, capacity, this.delivered);
      const perFte = c.minutesPerFteWeek[e];
      let deliveredTotal = 0;
      for (let t = 0; t < T; t++) {
        const et = e * T + t;
        const required = this.required[t];
        const delivered = this.delivered[t];
        deliveredTotal += delivered;
        const pom = this.pomLed[et];
        const share = required > 0 ? delivered / required : 1;
        const sessions = (pom * (c.contactPerYear[t] / c.minutesPerSession)) / WEEKS_PER_YEAR;
        this.add(scalar(block.tierScalar(t, 'pomLedWeeks')), pom);
        this.add(scalar(block.tierScalar(t, 'contactSessionsRequired')), sessions);
        this.add(scalar(block.tierScalar(t, 'contactSessionsDelivered')), sessions * share);
        this.add(scalar(block.tierScalar(t, 'minutesRequired')), required);
        this.add(scalar(block.tierScalar(t, 'minutesDelivered')), delivered);
        this.add(scalar(block.tierScalar(t, 'peopleShortWeeks')), pom * (1 - share));
        this.series[seriesAt(block.tierSeries(t, 'fteRequired'))] = fteFor(required, perFte);
        this.series[seriesAt(block.tierSeries(t, 'fteDelivered'))] = fteFor(delivered, perFte);
        for (let k = 0; k < K; k++) {
          const cases = this.taskCases[et * K + k];
          if (cases > 0) this.add(scalar(block.taskScalar(k)), (cases * this.taskMinutes[k]) / WEEKS_PER_YEAR);
        }
        this.oneOff[et] = 0;
      }
      let pomLed = 0;
      for (let t = 0; t < T; t++) pomLed += this.pomLed[e * T + t];
      const fteRequired = fteFor(total, perFte);
      const fteAvailable = staffed ? fteFor(capacity, perFte) : 0;
      const shortfall = staffed ? Math.max(0, fteRequired - fteAvailable) : 0;
      this.add(scalar(block.scalar('pomLedWeeks')), pomLed);
      this.add(scalar(block.scalar('comLedWeeks')), this.comLed[e]);
      this.add(scalar(block.scalar('noOffenderManagerWeeks')), this.noOm[e]);
      this.add(scalar(block.scalar('minutesRequired')), total);
      this.add(scalar(block.scalar('minutesDelivered')), deliveredTotal);
      this.add(scalar(block.scalar('fteRequiredWeeks')), fteRequired);
      this.add(scalar(block.scalar('fteAvailableWeeks')), fteAvailable);
      this.add(scalar(block.scalar('fteShortfallWeeks')), shortfall);
      this.series[seriesAt(block.seriesOf('pomLed'))] = pomLed;
      this.series[seriesAt(block.seriesOf('comLed'))] = this.comLed[e];
      this.series[seriesAt(block.seriesOf('noOffenderManager'))] = this.noOm[e];
      this.series[seriesAt(block.seriesOf('fteRequired'))] = fteRequired;
      this.series[seriesAt(block.seriesOf('fteAvailable'))] = fteAvailable;
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
