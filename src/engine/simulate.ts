/**
 * One replication, week by week, and batches of them.
 *
 * Each week, in this order: scheduled changes; departures (release, transfer out); course
 * completions and drop-outs; reassessment of people whose time left has crossed a rule's
 * threshold (tier, eligibility); receptions (new people assessed for every programme and a
 * case-management tier); group starts, taking people from each waiting list by its priority;
 * offender-manager contact delivered by tier priority up to staff capacity.
 *
 * Waiting lists are settled lazily: an entry whose window has closed (released, transferred, or
 * too little time left to finish a course) is counted as unmet need, at the week it closed,
 * when its list is next looked at or at the end. Every entry ends in exactly one of started,
 * unmet need or waiting at the end.
 */
import type { CompiledScenario } from './compile.js';
import * as layout from './layout.js';
import type { Outcome } from './layout.js';
import { People } from './people.js';
import { stream } from '../random/streams.js';
import { FitLookup } from './fitLookup.js';
import { matchAttributes, ServiceSnapshot, warmupView, type WarmupEnd } from './warmup.js';
import { NeedLedger } from './needs.js';
import { moveNeed, type TransitionHost } from './transition.js';
import * as unmetReasons from './unmetReasons.js';
import { Custody } from './custody.js';
import { receptionSegments, type Shared } from './replicationState.js';

// The imported values this module uses at every event, copied into module constants once. Under
// tsx (the command line and `npm run bench`) every read of an imported binding calls a getter:
// about 8% of a Stafford replication's time before these copies.
const { O } = layout;
const { Reason, WITHDRAWN } = unmetReasons;

export interface RepBatch {
  firstReplication: number;
  count: number;
  /** count records of layout.scalarCount numbers. */
  scalars: Float64Array;
  /** count records of layout.seriesCount series of `weeks` numbers. */
  series: Float32Array;
}

export interface BatchHooks {
  onProgress?: (replicationsDone: number) => void;
}

export function simulateBatch(
  compiled: CompiledScenario,
  firstReplication: number,
  count: number,
  hooks: BatchHooks = {},
): RepBatch {
  const { scalarCount, seriesCount } = compiled.layout;
  const seriesLength = seriesCount * compiled.weeks;
  const scalars = new Float64Array(count * scalarCount);
  const series = new Float32Array(count * seriesLength);
  // One table of people serves every replication of the batch, emptied between them.
  const opening = compiled.establishments.reduce((n, e) => n + e.populationTotal, 0);
  const people = new People(
    compiled.attributes.length,
    compiled.programmes.length,
    Math.ceil(opening * (1 + compiled.weeks / 52)) + 16,
  );
  const warmup = compiled.start.warmupWeeks > 0 ? new Warmup(compiled, opening) : null;
  // Built once for the batch: each establishment's source tables as lookups (fitLookup.ts).
  const fitLookups = compiled.establishments.map((e) => e.tables.map((t) => new FitLookup(t, compiled.attributes)));
  const shared: Shared = {
    fitLookups,
    needs: new NeedLedger(compiled.needs, people.capacity, compiled.layout, scalars),
    segments: receptionSegments(compiled),
  };
  for (let r = 0; r < count; r++) {
    const snapshot = warmup?.run(firstReplication + r) ?? null;
    people.reset();
    new Replication(
      compiled,
      people,
      firstReplication + r,
      scalars.subarray(r * scalarCount, (r + 1) * scalarCount),
      series.subarray(r * seriesLength, (r + 1) * seriesLength),
      snapshot,
      '',
      shared,
    ).run();
    hooks.onProgress?.(r + 1);
  }
  return { firstReplication, count, scalars, series };
}

/**
 * The warm-up of a running start (warmup.ts): the same services simulated for the warm-up weeks
 * on the fitted population, from streams of its own, and discarded but for what it hands over.
 */
class Warmup {
  private readonly view: CompiledScenario;
  private readonly people: People;
  private readonly scalars: Float64Array;
  private readonly series: Float32Array;
  private readonly attributes: number[];

  constructor(
    private readonly compiled: CompiledScenario,
    opening: number,
  ) {
    this.view = warmupView(compiled, compiled.start.warmupWeeks);
    const L = this.view.layout;
    this.people = new People(
      compiled.attributes.length,
      compiled.programmes.length,
      Math.ceil(opening * (1 + this.view.weeks / 52)) + 16,
    );
    this.scalars = new Float64Array(L.scalarCount);
    this.series = new Float32Array(L.seriesCount * this.view.weeks);
    this.attributes = matchAttributes(compiled);
    this.shared = {
      fitLookups: [],
      needs: new NeedLedger(this.view.needs, this.people.capacity, L, this.scalars),
      segments: receptionSegments(this.view),
    };
  }

  private readonly shared: Shared;

  run(replication: number): ServiceSnapshot {
    this.people.reset();
    const warm = new Replication(
      this.view,
      this.people,
      replication,
      this.scalars,
      this.series,
      null,
      'warm-up/',
      this.shared,
    );
    const end = warm.warmUp();
    const rng = stream(this.compiled.seed, replication, 'warm-up/match');
    const categories = this.compiled.attributes.map((a) => a.categories.length);
    return new ServiceSnapshot(end, this.attributes, categories, this.compiled.timeLeftAttribute, rng);
  }
}

class Replication extends Custody {
  run(): void {
    this.open();
    this.tallyFit(0, -1);
    this.weekByWeek();
    this.finish();
  }

  /** Runs a warm-up and hands over its end state (warmup.ts), recording nothing else. */
  warmUp(): WarmupEnd {
    this.open();
    this.weekByWeek();
    return {
      people: this.people,
      weeks: this.weeks,
      lists: this.lists,
      courses: this.courses,
      deliveries: this.deliveries,
      reReferrals: this.assessmentsDue.reReferralsLater,
    };
  }

  /** The opening population, drawn from the fitted tables. */
  protected open(): void {
    // A running start assesses the opening population once every service record is handed over.
    if (this.snapshot) this.deferred = [];
    for (const e of this.c.establishments) {
      const cells = e.stock.openingCells(e.populationTotal, this.populationRng);
      for (const cell of cells) this.arrive(e, cell, e.stock, 0, this.populationRng);
      this.target[e.index] = e.populationTotal;
    }
    const deferred = this.deferred;
    this.deferred = null;
    if (deferred) {
      this.refillCourses(deferred);
      for (const i of deferred) this.assess(i, this.people.establishment[i], 0, -1);
    }
    this.opening = false;
  }

  /**
   * Places on courses under way whose warm-up person matched no one go to opening people who
   * are eligible for the programme, not yet on its list or through it, and free to start.
   */
  protected refillCourses(opening: number[]): void {
    const people = this.people;
    const untaken = this.snapshot?.untakenCourses() ?? [];
    if (untaken.length === 0) return;
    const byEstablishment = this.c.establishments.map((): number[] => []);
    for (const i of opening) byEstablishment[people.establishment[i]].push(i);
    // One candidate list per establishment and programme, drawn from at random.
    const candidates = new Map<number, number[]>();
    for (const course of untaken) {
      const e = course.establishment;
      const p = course.programme;
      const key = e * this.c.programmes.length + p;
      let pool = candidates.get(key);
      if (!pool) {
        pool = byEstablishment[e].filter((i) => this.wouldJoin(i, e, p, 0));
        candidates.set(key, pool);
      }
      const concurrent = this.c.programmes[p].definition.allowConcurrent;
      while (pool.length > 0) {
        const k = Math.floor(this.matchRng.next() * pool.length);
        const i = pool[k];
        pool[k] = pool[pool.length - 1];
        pool.pop();
        const free = people.activeCourses[i] === 0 || (concurrent && people.exclusiveCourses[i] === 0);
        if (!free || people.releaseWeek[i] <= course.endWeek) continue;
        people.markJoined(i, p);
        this.inheritCourse(i, e, p, course.endWeek, course.completes);
        break;
      }
    }
  }

  protected weekByWeek(): void {
    const c = this.c;
    const L = c.layout;
    let nextChange = 0;
    for (let w = 0; w < this.weeks; w++) {
      while (nextChange < c.changes.length && c.changes[nextChange].week <= w) {
        this.applyChange(c.changes[nextChange], w);
        nextChange++;
      }
      this.departures(w);
      this.sentencing(w);
      this.courseEvents(w);
      this.reassess(w);
      this.assessDue(w);
      this.receptions(w);
      this.groupStarts(w);
      if (this.warmingUp) continue;
      this.caseManagement(w);
      this.caseload.week(w, this.sessionCapacity);
      for (const e of c.establishments)
        this.add(L.establishmentScalar(e.index, 'populationWeeks'), this.population[e.index]);
      if (w % 52 === 51 || w === this.weeks - 1) this.tallyFit(Math.floor(w / 52) + 1, w);
    }
  }

  // ------------------------------------------------------------------ changes

  /** What the transition lever (transition.ts) may do to the lists: take, place, withdraw. */
  protected readonly transitionHost: TransitionHost = {
    takeOpen: (e, p, w) => this.takeOpen(e, p, w),
    hasPlace: (i, p) => this.people.hasJoined(i, p),
    waitingForOthers: (legacy, successor, w) => this.waitingForOthers(legacy, successor, w),
    place: (e, p, i, joinWeek, origin, w) => this.placeMoved(e, p, i, joinWeek, origin, w),
    withdraw: (e, p, i, joinWeek, w) => {
      this.countOutcome(e, p, O.withdrawn, i, w);
      this.needPlaceClosed(i, p, w, WITHDRAWN);
      if (w < this.weeks) this.waitingDiff[e][p][Math.max(w, joinWeek, 0)]--;
    },
    stopGroups: (e, p) => {
      const d = this.deliveries[e][p];
      if (d) d.groupsPerYear = 0;
    },
  };

  /** Empty p's list at e: closed windows settled as they closed, open entries returned (person, join week, origin). */
  protected takeOpen(e: number, p: number, w: number): number[] {
    const list = this.lists[e][p];
    const open: number[] = [];
    for (let k = 0; k < list.person.length; k++) {
      const end = this.entryEnd(list, k, p, e);
      if (end <= w) this.settleUnmet(e, p, list, k, end);
      else open.push(list.person[k], list.joinWeek[k], list.origin[k]);
    }
    list.person.length = 0;
    list.joinWeek.length = 0;
    list.origin.length = 0;
    return open;
  }

  /** People with an open window on another first-stage alternative of legacy's need, at any list. */
  protected waitingForOthers(legacy: number, successor: number, w: number): Set<number> {
    const out = new Set<number>();
    const n = this.firstStageNeed[legacy];
    if (n < 0) return out;
    for (const q of this.c.needs.declared[n].stages[0]) {
      if (q === legacy || q === successor) continue;
      for (let at = 0; at < this.lists.length; at++) {
        const list = this.lists[at][q];
        for (let k = 0; k < list.person.length; k++) if (this.entryEnd(list, k, q, at) > w) out.add(list.person[k]);
      }
    }
    return out;
  }

  /** A place moved from a legacy list: the successor's list where e sends it, keeping the join week. */
  protected placeMoved(e: number, p: number, i: number, joinWeek: number, origin: number, w: number): void {
    const establishment = this.c.establishments[e];
    const referral = establishment.referralTo[p];
    const listAt = !establishment.deliveries[p] && referral >= 0 ? referral : e;
    this.people.markJoined(i, p);
    // The successor may ask for more time left (Becoming New Me Plus: a year): then the window
    // closed with the change, while he waited, and the place is unmet at once.
    if (this.people.releaseWeek[i] - w < this.windowFor(i, origin, p, w)) {
      this.countOutcome(listAt, p, O.joined, i, w);
      this.needJoin(i, origin, p, w);
      this.countUnmet(listAt, p, i, w, Reason.tooLittleTimeWhileWaiting);
      this.needPlaceClosed(i, p, w, Reason.tooLittleTimeWhileWaiting);
      return;
    }
    const list = this.lists[listAt][p];
    list.person.push(i);
    list.joinWeek.push(joinWeek);
    list.origin.push(origin);
    if (list.heap) this.siftUp(list, list.person.length - 1, list.keys, w);
    this.countOutcome(listAt, p, O.joined, i, w);
    this.needJoin(i, origin, p, w);
    this.waitingDiff[listAt][p][w]++;
  }

  protected applyChange(change: CompiledScenario['changes'][number], w: number): void {
    const e = change.establishment;
    const action = change.action;
    switch (action.kind) {
      case 'groupsPerYear': {
        const d = this.deliveries[e][action.programme];
        if (!d) return;
        const wasRunning = d.groupsPerYear > 0;
        d.groupsPerYear = action.value;
        if (action.value > 0) {
          d.nextStart = wasRunning && d.lastStart > -Infinity ? Math.max(w, d.lastStart + 52 / action.value) : w;
        }
        return;
      }
      case 'beds': {
        const d = this.deliveries[e][action.programme];
        if (d && d.beds !== null) d.beds = action.value;
        return;
      }
      case 'receptionsPerWeek':
        this.receptionsPerWeek[e] = action.value;
        return;
      case 'operationalCapacity': {
        // The population the receptions aim for moves by the change in capacity.
        this.target[e] = Math.max(0, this.target[e] + action.value - this.capacity[e]);
        this.capacity[e] = action.value;
        return;
      }
      case 'sessionCapacity':
        this.sessionCapacity[e] = action.value;
        return;
      case 'receptionMix':
        this.receptionSource[e] = action.synthesizer;
        return;
      case 'moveNeed':
        moveNeed(this.transitionHost, e, action.programme, action.to, w);
        this.eligibility[e][action.programme] = action.closed;
        return;
      case 'eligibility': {
        this.eligibility[e][action.programme] = action.eligibility;
        if (!change.appliesToExisting) return;
        const people = this.people;
        for (let i = 0; i < people.count; i++) {
          if (people.establishment[i] === e && people.departWeek[i] > w) this.assess(i, e, w, action.programme);
        }
        return;
      }
    }
  }
}
export type { Outcome };
