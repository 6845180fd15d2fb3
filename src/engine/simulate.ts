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
import type { CompiledEstablishment, CompiledScenario } from './compile.js';
import * as layout from './layout.js';
import type { Outcome } from './layout.js';
import * as release from './release.js';
import { People } from './people.js';
import * as streams from '../random/streams.js';
import { stream, type RandomStream } from '../random/streams.js';
import * as criteria from '../rules/criteria.js';
import type { Synthesizer } from '../population/synthesizer.js';
import { FitLookup } from './fitLookup.js';
import {
  matchAttributes,
  NO_RECORD as NO_RECORD_IMPORTED,
  ServiceSnapshot,
  warmupView,
  type WarmupEnd,
} from './warmup.js';
import { NeedLedger } from './needs.js';
import { moveNeed, type TransitionHost } from './transition.js';
import * as unmetReasons from './unmetReasons.js';
import * as attrition from './attrition.js';
import * as transfers from './transfers.js';
import { Courses } from './courses.js';
import * as state from './replicationState.js';
import { receptionSegments, type Shared } from './replicationState.js';

// The imported values this module uses at every event, copied into module constants once. Under
// tsx (the command line and `npm run bench`) every read of an imported binding calls a getter:
// about 8% of a Stafford replication's time before these copies.
const { O } = layout;
const { SentenceKind } = release;
const { hashUniform, poisson } = streams;
const { DEPENDS, FALSE, TRUE } = criteria;
const NO_RECORD = NO_RECORD_IMPORTED;
const { Reason, WITHDRAWN } = unmetReasons;
const { departWeekAfterMove, rescheduleDeparture } = attrition;
const { destinationFor } = transfers;
const { TIE_BREAK, MOVED_TRANSFER } = state;
const { TRANSFERRED, TRANSFER_STAY } = state;

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

class Replication extends Courses {
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

  /** Opening people whose assessment waits for the running start's hand-over. */
  protected deferred: number[] | null = null;

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

  // ------------------------------------------------------------------ people in and out

  protected arrive(e: CompiledEstablishment, cell: number, source: Synthesizer, week: number, rng: RandomStream): void {
    const people = this.people;
    const i = people.add();
    this.needs.ensure(i);
    const row = i * people.attributes;
    source.fill(cell, people.codes, row, rng);
    if (this.c.treatmentHistory) this.c.treatmentHistory.apply(people, i, row, this.subject, week, rng);
    people.tieBreak[i] = hashUniform(this.key, i, 0, TIE_BREAK);
    const band = this.timeLeftRange[people.codes[row + this.c.timeLeftAttribute]];
    // A reception keeping the population steady stays about the top of its band: spread
    // evenly over a band's width centred there, which keeps the mean stay (and so the rate of
    // turnover) while not putting everyone exactly on a threshold such as 26 weeks. The shortest
    // band spreads from one week to twice its top (no floor of half the band).
    const width = band.max - band.min;
    const left = source.stayToBandTop
      ? band.min <= 0
        ? 1 + Math.floor(rng.next() * Math.max(1, 2 * band.max - 1))
        : Math.max(1, Math.floor(band.max + (rng.next() - 0.5) * width))
      : Math.max(1, Math.floor(band.min + rng.next() * width));
    // The sentence's own rule (release.ts) turns that into the week of release.
    const kind = this.c.release.kindOf[people.codes[row + this.c.sentenceAttribute]];
    const plan = this.c.release.draw(kind, left, this.opening, rng, people.codes, row);
    people.releaseWeek[i] = week + plan.weeksToRelease;
    people.earliestReleaseWeek[i] = week + plan.weeksToEarliestRelease;
    let depart = week + plan.weeksToRelease;
    // People of a segment that moves on before release (arrivals.ts) leave at that time left:
    // receptions, and those inside at the start who still have more than that to serve.
    if (source.stayToBandTop) {
      const exit = source.exitWeeksLeft(cell);
      if (exit > 0) depart = Math.max(week + 1, Math.min(depart, people.releaseWeek[i] - exit));
    } else if (this.opening && e.openingExitWeeksLeft) {
      const exit = e.openingExitWeeksLeft[cell];
      if (exit > 0 && people.releaseWeek[i] - exit > week) depart = Math.min(depart, people.releaseWeek[i] - exit);
    }
    if (plan.weeksToSentence > 0 && week + plan.weeksToSentence < Math.min(depart, this.weeks)) {
      this.sentenceBuckets[week + plan.weeksToSentence].push(i);
    }
    people.transferOut[i] = 0;
    if (e.transfersOutPerWeek > 0) {
      const transfer = week + 1 + Math.floor(-Math.log(1 - rng.next()) / e.transfersOutPerWeek);
      if (transfer < depart) {
        depart = transfer;
        people.transferOut[i] = 1;
      }
    }
    people.departWeek[i] = depart;
    if (kind === SentenceKind.Indeterminate) this.countIndeterminate(e.index, week, depart, plan.weeksToTariff);
    if (depart < this.weeks) {
      people.nextDeparture[i] = this.departuresHead[depart];
      this.departuresHead[depart] = i;
    }
    people.establishment[i] = e.index;
    this.population[e.index]++;
    if (!this.opening) this.add(this.c.layout.establishmentScalar(e.index, 'receptions'), 1);
    const tier = this.assignTier(i, week);
    people.tier[i] = tier;
    this.tierCount[e.index * this.c.tiers.length + tier]++;
    this.caseload.arrive(i, week, this.opening);
    if (this.deferred) {
      const donor = this.snapshot?.recordFor(e.index, people.codes, row, this.matchRng) ?? NO_RECORD;
      if (donor !== NO_RECORD) this.inherit(i, e.index, donor);
      this.deferred.push(i);
    } else this.assess(i, e.index, week, -1);
    if (this.c.reassessBeforeRelease.length > 0 && (this.alwaysReassess || this.timeMatters(i, e.index))) {
      for (const before of this.c.reassessBeforeRelease) {
        const at = people.releaseWeek[i] - before;
        if (at > week && at < this.weeks) this.reassessBuckets[at].push(i);
      }
    }
  }

  /** An ISP's weeks here within the horizon, and those past tariff (person-weeks). */
  protected countIndeterminate(e: number, week: number, depart: number, weeksToTariff: number): void {
    const end = Math.min(depart, this.weeks);
    if (end <= week) return;
    const L = this.c.layout;
    this.add(L.establishmentScalar(e, 'indeterminateWeeks'), end - week);
    const tariff = week + weeksToTariff;
    if (end > tariff) this.add(L.establishmentScalar(e, 'pastTariffWeeks'), end - Math.max(week, tariff));
  }

  /** Remand prisoners sentenced this week who stay: now sentenced, assessed as anyone else. */
  protected sentencing(w: number): void {
    const people = this.people;
    const code = this.c.release.sentencedCode;
    const T = this.c.tiers.length;
    for (const i of this.sentenceBuckets[w]) {
      if (people.departWeek[i] <= w) continue;
      // No longer remand: the caseload settles who holds the case now (the COM, for a short sentence).
      this.caseload.leave(i);
      people.codes[i * people.attributes + this.c.sentenceAttribute] = code;
      const e = people.establishment[i];
      const tier = this.assignTier(i, w);
      if (tier !== people.tier[i]) {
        this.tierCount[e * T + people.tier[i]]--;
        this.tierCount[e * T + tier]++;
        people.tier[i] = tier;
      }
      this.caseload.arrive(i, w, false);
      this.assess(i, e, w, -1);
    }
  }

  /**
   * Whether any rule on time left could change for this person: a tier that depends on it comes
   * before their codes settle the tier, or a programme whose rule depends on it is still open
   * to them. Most people have neither, and need no reassessment events.
   */
  protected timeMatters(i: number, e: number): boolean {
    const people = this.people;
    const codes = people.codes;
    const row = i * people.attributes;
    const s = this.subject;
    for (const tier of this.c.tiers) {
      const known = tier.when.lookup.valueFor(codes, row, s);
      if (known === DEPENDS) return true;
      if (known === TRUE) break;
    }
    const rules = this.eligibility[e];
    for (const p of this.c.timeDependent) {
      if (people.wasReferred(i, p) || people.hasCompleted(i, p)) continue;
      if (rules[p].lookup.valueFor(codes, row, s) !== FALSE) return true;
    }
    return false;
  }

  /** Time left has crossed a rule's threshold: the tier and eligibility may have changed. */
  protected reassess(w: number): void {
    const people = this.people;
    const T = this.c.tiers.length;
    for (const i of this.reassessBuckets[w]) {
      if (people.departWeek[i] <= w) continue;
      const e = people.establishment[i];
      const tier = this.assignTier(i, w);
      if (tier !== people.tier[i]) {
        this.tierCount[e * T + people.tier[i]]--;
        this.tierCount[e * T + tier]++;
        this.caseload.leave(i);
        people.tier[i] = tier;
        this.caseload.enter(i, w);
      }
      for (const p of this.c.timeDependent) this.assess(i, e, w, p);
    }
  }

  protected departures(w: number): void {
    const people = this.people;
    const T = this.c.tiers.length;
    const moving = this.transferring;
    for (let i = this.departuresHead[w]; i >= 0; i = people.nextDeparture[i]) {
      const e = people.establishment[i];
      this.population[e]--;
      this.tierCount[e * T + people.tier[i]]--;
      this.caseload.leave(i);
      this.add(this.c.layout.establishmentScalar(e, 'departures'), 1);
      const to = this.transfersTo[e];
      if (to !== null && people.transferOut[i] === 1) {
        const d = destinationFor(to, hashUniform(this.key, i, e, TRANSFERRED + w));
        // A receiver takes men of the segments it receives (no remand prisoners at a trainer).
        if (d >= 0 && this.segments.receives(d, this.segmentOf(i, d))) moving.push(i, d);
      }
    }
    // After the walk: a transfer in region reschedules the man's departure, relinking the lists.
    for (let k = 0; k < moving.length; k += 2) this.transferIn(moving[k], moving[k + 1], w);
    moving.length = 0;
  }

  /**
   * A man transferred out of his establishment to another of the file (transfers.ts): he arrives
   * at `to` as himself, his open places follow him, and he is assessed there for the rest.
   */
  protected transferIn(i: number, to: number, w: number): void {
    const people = this.people;
    const from = people.establishment[i];
    const L = this.c.layout;
    this.add(L.establishmentScalar(from, 'transfersOut'), 1);
    this.add(L.establishmentScalar(to, 'transfersIn'), 1);
    // Places still open (his departure, this week, is what would end them), before he moves.
    const follow = this.openPlaces(i, from, w);
    const T = this.c.tiers.length;
    this.population[to]++;
    this.tierCount[to * T + people.tier[i]]++;
    people.establishment[i] = to;
    people.movedWeek[i] = w;
    this.caseload.enter(i, w);
    this.owe(i, to);
    // His time left goes on; the receiver's hazards apply from now (attrition.ts).
    const rate = this.c.establishments[to].transfersOutPerWeek;
    const depart = departWeekAfterMove(w, people.releaseWeek[i], rate, hashUniform(this.key, i, to, TRANSFER_STAY + w));
    people.transferOut[i] = depart < people.releaseWeek[i] ? 1 : 0;
    rescheduleDeparture(people, this.departuresHead, i, depart);
    for (let k = 0; k < follow.length; k += 3) this.placeFollows(i, to, follow[k], follow[k + 1], follow[k + 2], w);
    this.assess(i, to, w, -1);
  }

  /** Person i moved in at e takes the place of one of its receptions of his segment, if it receives any. */
  protected owe(i: number, e: number): void {
    const key = this.segmentOf(i, e);
    if (this.segments.receives(e, key)) this.credits.owe(e, key);
  }

  /** Person i's reception segment at establishment e (transfers.ts). */
  protected segmentOf(i: number, e: number): number {
    const people = this.people;
    const row = i * people.attributes;
    return this.segments.ofPerson((a) => people.codes[row + a], this.receptionSource[e]);
  }

  /**
   * Person i's places open until this week's transfer out of `from`: [programme, list, index]
   * triples. Only programmes he joined and has not completed are looked at.
   */
  protected openPlaces(i: number, from: number, w: number): number[] {
    const people = this.people;
    const out: number[] = [];
    for (let p = 0; p < this.programmeCount; p++) {
      if (!people.hasJoined(i, p) || people.hasCompleted(i, p)) continue;
      const listAt = this.listFor(from, p);
      const list = this.lists[listAt][p];
      const k = list.person.indexOf(i);
      if (k < 0) continue;
      if (this.entryEnd(list, k, p, listAt) === w && this.endReason === Reason.movedOn) out.push(p, listAt, k);
    }
    return out;
  }

  /**
   * A place on p's list (at listAt, entry k) of a man transferred to `to`: where the
   * receiver has a list for p that takes him, the place goes on there with the week he joined
   * (the same list, at a hub both refer to, keeps it as it is); otherwise it ends where it was,
   * moved on, as for a transfer out of the region.
   */
  protected placeFollows(i: number, to: number, p: number, listAt: number, k: number, w: number): void {
    const people = this.people;
    const s = this.subject;
    s.i = i;
    s.week = w;
    const rule = this.eligibility[to][p];
    const known = rule.lookup.valueFor(people.codes, i * people.attributes, s);
    if (known === FALSE || (known === DEPENDS && !rule.criterion.test(s))) return;
    const list = this.lists[listAt][p];
    const next = this.listFor(to, p);
    if (next === listAt) {
      list.origin[k] = to;
      return;
    }
    // The new place first, so the need (needs.ts) never sees all its places closed.
    this.placeMoved(to, p, i, list.joinWeek[k], to, w);
    this.settleUnmet(listAt, p, list, k, w, WITHDRAWN);
    this.removeEntry(list, k, w);
  }

  protected receptions(w: number): void {
    for (const e of this.c.establishments) {
      const rate = this.receptionsPerWeek[e.index];
      const n =
        rate === null || rate === undefined
          ? Math.max(0, this.target[e.index] - this.population[e.index])
          : poisson(this.arrivalsRng, rate);
      const source = this.receptionSource[e.index];
      if (this.credits.has(e.index)) {
        this.receptionsOwed(e, source, n, rate === null || rate === undefined, w);
        continue;
      }
      for (let k = 0; k < n; k++) this.arrive(e, source.drawCell(this.arrivalsRng), source, w, this.arrivalsRng);
    }
  }

  /**
   * Receptions at an establishment owed to men moved in (transfers.ts): a draw of a segment owed
   * is taken by the man already here. Replacing departures, the count already leaves room for
   * him, so the draw is made again; at a reception rate, that reception does not come.
   */
  protected receptionsOwed(
    e: CompiledEstablishment,
    source: Synthesizer,
    n: number,
    replace: boolean,
    w: number,
  ): void {
    const rng = this.arrivalsRng;
    for (let k = 0; k < n; k++) {
      const cell = source.drawCell(rng);
      if (this.credits.has(e.index) && this.credits.take(e.index, this.segments.ofCell(e.index, cell))) {
        if (replace) k--;
        continue;
      }
      this.arrive(e, cell, source, w, rng);
    }
  }

  /**
   * A person opening a running start takes on a warm-up person's service record: programmes
   * completed, places on lists (kept only while this person can still finish a course) and
   * courses under way. Whatever it leaves open, assess() does as for a newcomer.
   */
  protected inherit(i: number, e: number, donor: number): void {
    const snapshot = this.snapshot as ServiceSnapshot;
    const from = snapshot.people;
    const people = this.people;
    const at = i * people.words;
    // A history-only record (no one of the same time left to match): completed programmes alone.
    const full = donor >= 0;
    const d = full ? donor : -2 - donor;
    for (let k = 0; k < people.words; k++) people.completed[at + k] = from.completed[d * from.words + k];
    if (!full) return;
    for (let k = 0; k < people.words; k++) people.joined[at + k] = from.joined[d * from.words + k];
    for (const c of snapshot.courses(d)) this.needStartedBefore(i, e, c.programme);
    for (const k of snapshot.entries(d)) {
      const p = snapshot.entryProgramme[k];
      // A place on an alternative of a need met or under way before the window was withdrawn then.
      if (people.releaseWeek[i] < this.minWeeksLeft[p] || this.needClosed(i, p)) {
        // No window left for this person: not need (as assess() would judge a newcomer).
        people.joined[at + (p >>> 5)] &= ~(1 << (p & 31));
        continue;
      }
      this.joinAt(i, e, snapshot.entryListAt[k], p, snapshot.entryJoinWeek[k]);
    }
    for (const c of snapshot.courses(d)) this.inheritCourse(i, e, c.programme, c.endWeek, c.completes);
    // A drop-out's re-referral due in the window (warmup.ts).
    for (const r of snapshot.reReferrals(d))
      this.assessmentsDue.schedule(r.week, i, r.programme, AssessmentKind.ReReferral);
  }

  /** A course started before the window, under way when it opens. */
  protected inheritCourse(i: number, e: number, p: number, endWeek: number, completes: boolean): void {
    const people = this.people;
    people.activeCourses[i]++;
    if (!this.c.programmes[p].definition.allowConcurrent) people.exclusiveCourses[i]++;
    this.needStartedBefore(i, e, p);
    this.beginCourse(i, e, p, endWeek, completes);
    this.countOutcome(e, p, O.inProgressAtStart, i, 0);
  }

  /** A referral start: the person transfers to the treatment site. */
  protected move(i: number, to: number, w: number): void {
    const people = this.people;
    const from = people.establishment[i];
    const T = this.c.tiers.length;
    const tier = people.tier[i];
    this.caseload.leave(i);
    this.population[from]--;
    this.tierCount[from * T + tier]--;
    this.add(this.c.layout.establishmentScalar(from, 'departures'), 1);
    this.population[to]++;
    this.tierCount[to * T + tier]++;
    people.establishment[i] = to;
    people.movedWeek[i] = w;
    this.caseload.enter(i, w);
    // He takes the receiving establishment's hazards, not his home prison's (attrition.ts).
    const rate = this.c.establishments[to].transfersOutPerWeek;
    let depart = departWeekAfterMove(w, people.releaseWeek[i], rate, hashUniform(this.key, i, to, MOVED_TRANSFER));
    // On a course already (one that allows another at once), he stays held until it ends.
    if (people.activeCourses[i] > 0) depart = Math.max(depart, people.departWeek[i]);
    people.transferOut[i] = depart < people.releaseWeek[i] ? 1 : 0;
    rescheduleDeparture(people, this.departuresHead, i, depart);
    // He takes the place of one of the hub's own receptions of his segment (transfers.ts).
    this.owe(i, to);
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
