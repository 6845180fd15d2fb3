/**
 * Moves within the region: transfers between the file's prisons (the man keeps his places, his
 * need and his history: transfers.ts), a referral start's move to the treatment site and the
 * return home after it (hubReturns.ts), and how both prisons are kept on their tables while he
 * is away: the receptions the receiver owes for his weeks there (ReceptionCredits), or, where the
 * hub already holds more of his segment than its table, one of its own sent home in his place and
 * back on his return (swaps). custody.ts's departures call them.
 */
import * as streams from '../random/streams.js';
import * as criteria from '../rules/criteria.js';
import * as unmetReasons from './unmetReasons.js';
import * as attrition from './attrition.js';
import * as transfers from './transfers.js';
import { remapIndices, remapSet } from './compaction.js';
import { LENT, lowerBound, riskBandsShared, SWAPPED, SwapCandidates, swapRiskAttributes } from './hubReturns.js';
import { Courses } from './courses.js';
import * as state from './replicationState.js';
import * as layout from './layout.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { hashUniform } = streams;
const { DEPENDS, FALSE } = criteria;
const { Reason, WITHDRAWN } = unmetReasons;
const { departWeekAfterMove, expectedWeeksAfterMove, rescheduleDeparture } = attrition;
const { keepsBands, TRANSFER_BANDS } = transfers;
type SegmentStays = transfers.SegmentStays;
const { MOVED_TRANSFER } = state;
const { TRANSFER_STAY, SWAP_PARTNER, SWAP_STAY, STAYS_AFTER_COURSE } = state;
const { departures: DEPARTURES_AT } = layout.ESTABLISHMENT_AT_NAME;

/** What a receiver owes its receptions for a man moved in (Moves.transferIn). */
export type Owes = 0 | 1 | 2;
export const OWES_NOTHING = 0;
export const OWES_RECEPTION = 1;
export const OWES_WEEKS = 2;

export abstract class Moves extends Courses {
  /** The risk bands a hub swap, or an opening swap (handOver.ts), matches where it can (hubReturns.ts). */
  protected readonly swapRisk = swapRiskAttributes(this.c.attributes);

  // A place that follows a man moved in goes on the receiver's list as a change would move it (changes.ts).
  protected abstract placeMoved(e: number, p: number, i: number, joinWeek: number, origin: number, w: number): void;

  /**
   * Hub man j, sent home in a visitor's place (lendAway), does not change back: for the weeks he
   * has left at home the hub receives parts of receptions of his segment in kind and home takes
   * as many fewer (transfers.ts lendBack, lend), as for a visitor's weeks away the other way.
   * Why not a whole reception in kind at the hub and one owed at home, as for other visitors: a
   * partner not free to change back is most often on a course at home or referred to the hub
   * himself, years to serve; a whole new stay for each grew the hub (a hub of 60 sex offenders,
   * 2-5 years to serve: 60 -> 76 by year 3).
   */
  protected settlePartner(j: number, hub: number, home: number, w: number): void {
    const people = this.people;
    // Wherever he is now (at home, or back at the hub referred himself, home's man then), still inside.
    if (j < 0 || home < 0 || people.departWeek[j] <= w) return;
    const [there, away] = [this.settlingKey(j, hub), this.settlingKey(j, home)];
    const weeks = people.departWeek[j] - w;
    if (there !== null) this.credits.lendBack(hub, there.key, weeks / there.stay, there.pool);
    if (away !== null) this.credits.lend(home, away.key, weeks / away.stay, away.pool, away.share, weeks);
  }

  /**
   * Whether person j, sent from hub `hub` to `home` in a visitor's place, can change back with
   * him now: still at home, inside after this week, on no course, not moved this week, not away
   * himself, and with no place on a list home does not share with the hub.
   */
  protected canSwapBack(j: number, home: number, hub: number, w: number): boolean {
    const people = this.people;
    if (people.establishment[j] !== home || people.departWeek[j] <= w || people.activeCourses[j] > 0) return false;
    if (people.movedWeek[j] === w || this.referredIn.has(j)) return false;
    if (this.hubReturns !== null && this.hubReturns.homeOf(j) >= 0) return false;
    return !this.leavesPlace(j, home, hub);
  }

  /**
   * Men due home this week from a hub (LENT: lendAway) whose home has no place for them, its
   * places refilled while they were away and none leaving this week, stay at the hub a week more.
   * Why: they come back from a course together, 10 at once, and home stood above its population
   * until its departures made room (a home of 300 with 2-5 years to serve: 306.7 on average).
   */
  protected holdReturns(w: number): void {
    const people = this.people;
    const hr = this.hubReturns!;
    let room: Int32Array | null = null;
    const held: number[] = [];
    for (let i = this.departuresHead[w]; i >= 0; i = people.nextDeparture[i]) {
      const home = hr.returnsLentTo(i, people.transferOut[i]);
      if (home < 0 || this.receptionsPerWeek[home] != null) continue;
      if (room === null) {
        room = new Int32Array(this.population.length);
        for (let e = 0; e < room.length; e++) room[e] = this.target[e] - this.population[e];
        for (let j = this.departuresHead[w]; j >= 0; j = people.nextDeparture[j])
          if (hr.returnsLentTo(j, people.transferOut[j]) < 0) room[people.establishment[j]]++;
      }
      if (room[home] > 0) room[home]--;
      else if (w + 1 < people.releaseWeek[i] && w + 1 < this.weeks) held.push(i);
    }
    for (const i of held) rescheduleDeparture(people, this.departuresHead, i, w + 1);
  }

  /** Men moved to a hub by a referral start, while they are there (never swap partners). */
  protected readonly referredIn = new Set<number>();

  /** People who went to another prison in a swap at a referral start, to assess there next week. */
  protected readonly swappedOut: number[] = [];

  /**
   * One of `at`'s people who can change places with person i, moving from `from` to `at` (a
   * referral start at a hub, or his return home from one), or -1: someone of his offence,
   * sentence and band of time left (so both prisons keep their mix, whatever their tables, and
   * it stays: a partner with less time to serve is released sooner and replaced from the whole
   * mix; matched on offence and sentence alone, a hub of long stays lost a fifth of its sex
   * offenders in two years, home men taking the places of its own), inside after this week, on no course
   * and with no place to leave behind (leavesPlace), not a man referred in (who goes home or
   * stays as the scenario says), and not moved this week. Searched over the people from a place drawn for (i, week).
   *
   * Why swaps: a man moved in for a course took the place of one of the hub's receptions of his
   * segment, but the hub's receptions of a rare segment (ISPs) come more slowly than the men
   * referred in, so its mix moved towards theirs before the places owed were settled (West
   * Midlands: Stafford's sexual ISPs 31 at the start, 39.7 after a year, then 24.5 in year 3 once
   * the visitors went home and the places owed were taken); the senders replaced him from their
   * whole mix while he was away and then owed a reception of his segment on his return.
   */
  protected swapPartner(i: number, from: number, at: number, w: number): number {
    const people = this.people;
    // Serial numbers, not slots: the walk starts where it would in a table never compacted.
    const n = people.added;
    if (n === 0 || from === at) return -1;
    const A = people.attributes;
    const codes = people.codes;
    const offence = this.c.offenceAttribute;
    const sentence = this.c.sentenceAttribute;
    const [o, s] = [codes[i * A + offence], codes[i * A + sentence]];
    const left = this.leftBand(people.releaseWeek[i] - w);
    const risk = this.swapRisk;
    // The people of his offence who may be at `at`, walked from the drawn index in the order a
    // walk over everyone from there meets them (hubReturns.ts SwapCandidates): the same partner.
    this.swapCandidates ??= SwapCandidates.build(
      people,
      offence,
      this.c.attributes[offence].categories.length,
      this.c.establishments.length,
      w,
    );
    const list = this.swapCandidates.at(at, o);
    const m = list.length;
    const from0 = lowerBound(
      list,
      Math.floor(hashUniform(this.key, people.serial[i], at, SWAP_PARTNER + w) * n),
      people.serial,
    );
    const first = from0 === m ? 0 : from0;
    let best = -1;
    let bestSame = -1;
    let gone = 0;
    for (let k = 0, x = first; k < m; k++, x = x + 1 === m ? 0 : x + 1) {
      const j = list[x];
      if (people.establishment[j] !== at || people.departWeek[j] < w) {
        gone++;
        continue;
      }
      if (codes[j * A + sentence] !== s) continue;
      // Not a man referred in (kept at the hub, or due home), nor one moved this week.
      if (j === i || people.departWeek[j] <= w || people.activeCourses[j] > 0 || people.movedWeek[j] === w) continue;
      if (this.referredIn.has(j) || this.leftBand(people.releaseWeek[j] - w) !== left) continue;
      if ((this.hubReturns !== null && this.hubReturns.homeOf(j) >= 0) || this.leavesPlace(j, at, from)) continue;
      // The first partner of his risk bands too (hubReturns.ts), else the closest: OGRS first.
      const same = riskBandsShared(codes, A, i, j, risk);
      if (same === (1 << risk.length) - 1) return j;
      if (same > bestSame) [best, bestSame] = [j, same];
    }
    // Those moved on or released since they joined the list: dropped once they are a quarter of it.
    if (gone * 4 > m)
      this.swapCandidates.compact(at, o, (j) => people.establishment[j] !== at || people.departWeek[j] < w);
    return best;
  }

  /**
   * The table of people renumbered (compaction.ts): person i is now map[i], or -1 where he has
   * left. Men referred in and swapped out are asked of men inside only; so is the swap walk.
   */
  protected remapMoves(map: Int32Array): void {
    remapIndices(this.swappedOut, map);
    remapSet(this.referredIn, map);
    this.swapCandidates?.remap(map);
  }

  /** Swap candidates by establishment and offence, made at the first swap (swapPartner). */
  private swapCandidates: SwapCandidates | null = null;

  /** Person i is now at establishment e: a swap candidate there (swapPartner). */
  protected candidateAt(i: number, e: number): void {
    this.swapCandidates?.add(i, e, this.people.codes[i * this.people.attributes + this.c.offenceAttribute]);
  }

  /** The band of time left (the scenario's time-left categories) that `weeks` to serve falls in. */
  private leftBand(weeks: number): number {
    const bands = this.timeLeftRange;
    for (let k = 0; k < bands.length; k++) if (weeks < bands[k].max) return k;
    return bands.length - 1;
  }

  /**
   * Whether person i, at `at`, holds a place on a list that `to` does not share (his own prison's
   * list of a programme it runs): moving him would end it. A place on a hub's list both refer to
   * goes on (swapOut).
   */
  protected leavesPlace(i: number, at: number, to: number): boolean {
    const people = this.people;
    for (let p = 0; p < this.programmeCount; p++) {
      if (!people.hasJoined(i, p) || people.hasCompleted(i, p)) continue;
      if (this.listFor(at, p) !== this.listFor(to, p)) return true;
    }
    return false;
  }

  /**
   * Person j, a swap partner (swapPartner), goes to `to` in the place of the man who came the
   * other way: a transfer with nothing owed (his place is the other man's), counted as one, with
   * `to`'s hazard of transfer out from now, or (`onLoan`) the hazard of the prison he leaves. Assessed
   * there now, or next week (`later`) when he leaves during group starts (lists are not joined
   * while a group is being filled).
   *
   * Why on loan: a hub's man sent home in a visitor's place (lendAway) stands for the hub's own
   * while the visitor is away. With home's hazard (a local's 2 a year against Stafford's 0.15) a
   * third of them left the region before the visitor came back, the hub was settled for nothing,
   * and Stafford's sexual ISPs fell 23 -> 18 of its own (two-prison test: the hub's sex offenders
   * 60 -> 47 in three years).
   */
  protected swapOut(j: number, to: number, w: number, later: boolean, onLoan = false): void {
    const people = this.people;
    const from = people.establishment[j];
    const L = this.c.layout;
    this.leaveFrom(j, from);
    this.add(L.establishmentScalar(from, 'transfersOut'), 1);
    this.add(L.establishmentScalar(to, 'transfersIn'), 1);
    this.enterAt(j, to, w);
    // His places are on lists both prisons refer to (swapPartner): they go on, joined from here.
    for (let p = 0; p < this.programmeCount; p++) {
      if (!people.hasJoined(j, p) || people.hasCompleted(j, p)) continue;
      const list = this.lists[this.listFor(to, p)][p];
      const k = list.indexOf(j);
      if (k >= 0) list.origin[k] = to;
    }
    const rate = this.c.establishments[onLoan ? from : to].transfersOutPerWeek;
    const depart = departWeekAfterMove(
      w,
      people.releaseWeek[j],
      rate,
      hashUniform(this.key, this.people.serial[j], to, SWAP_STAY + w),
    );
    people.transferOut[j] = depart < people.releaseWeek[j] ? 1 : 0;
    rescheduleDeparture(people, this.departuresHead, j, depart);
    if (later) this.swappedOut.push(j);
    else this.assess(j, to, w, -1);
  }

  /**
   * A man transferred out of his establishment to another of the file (transfers.ts): he arrives
   * at `to` as himself, his open places follow him, and he is assessed there for the rest. What
   * `to` owes its receptions for him: nothing (a settled or swapped move), a whole reception (a
   * man back from a hub, whose going was replaced by a whole one), or his weeks (oweWeeks).
   */
  protected transferIn(i: number, to: number, w: number, owes: Owes): void {
    const people = this.people;
    const from = people.establishment[i];
    const L = this.c.layout;
    this.add(L.establishmentScalar(from, 'transfersOut'), 1);
    this.add(L.establishmentScalar(to, 'transfersIn'), 1);
    // Places still open (his departure, this week, is what would end them), before he moves.
    const follow = this.openPlaces(i, from, w);
    this.enterAt(i, to, w);
    // His time left goes on; the receiver's hazards apply from now (attrition.ts).
    const depart = this.departAfterTransfer(i, to, w);
    if (owes === OWES_RECEPTION) this.owe(i, to);
    else if (owes === OWES_WEEKS) this.oweWeeks(i, to, depart - w);
    people.transferOut[i] = depart < people.releaseWeek[i] ? 1 : 0;
    rescheduleDeparture(people, this.departuresHead, i, depart);
    for (let k = 0; k < follow.length; k += 3) this.placeFollows(i, to, follow[k], follow[k + 1], follow[k + 2], w);
    this.assess(i, to, w, -1);
  }

  /** The week person i, transferred in to `to` in week w, leaves it: release, or a transfer at its rate. */
  protected departAfterTransfer(i: number, to: number, w: number): number {
    return departWeekAfterMove(
      w,
      this.people.releaseWeek[i],
      this.c.establishments[to].transfersOutPerWeek,
      hashUniform(this.key, this.people.serial[i], to, TRANSFER_STAY + w),
    );
  }

  /**
   * The receptions of his segment person i would stand for, transferred in to `to` in week w
   * (oweWeeks: his weeks there over its mean stay of the segment; one where no steady state says).
   */
  protected receptionsStoodFor(i: number, to: number, key: number, w: number): number {
    this.stays ??= this.segments.staysOf(this.c.establishments);
    const stay = this.stays.of(to, key);
    return Number.isFinite(stay) ? (this.departAfterTransfer(i, to, w) - w) / stay : 1;
  }

  /** Person i away from e for a while: e replaces him with a reception of his segment (transfers.ts). */
  protected replaceInKind(i: number, e: number): void {
    const key = this.segmentOf(i, e);
    if (this.segments.receives(e, key)) this.credits.replaceInKind(e, key);
  }

  /** Person i moved in at e takes the place of one of its receptions of his segment, if it receives any. */
  protected owe(i: number, e: number): void {
    const key = this.segmentOf(i, e);
    if (this.segments.receives(e, key)) this.credits.owe(e, key);
  }

  /**
   * Person i moved in at e for `weeks` (to his release, or his next move on): e takes weeks / T
   * fewer receptions of his segment, T its mean stay of them (transfers.ts lend), as for a
   * visitor at a hub; a whole reception where no steady state gives T.
   *
   * Why not one reception a man: e's own men of a segment are its receptions of it x T, so a man
   * moved in with d weeks to serve there stands for d / T of a reception. One each, the men the
   * locals send on with weeks left took the places of Stafford's recalls, who stay months: its
   * recalls fell 72 -> 63 over three years of the West Midlands, its OGRS 25-49 violent men rose
   * 23 -> 27 in one (20 replications; with transfers in the region off, neither moved).
   */
  protected oweWeeks(i: number, e: number, weeks: number): void {
    const key = this.segmentOf(i, e);
    if (!this.segments.receives(e, key)) return;
    this.stays ??= this.segments.staysOf(this.c.establishments);
    const stay = this.stays.of(e, key);
    if (Number.isFinite(stay)) this.credits.lend(e, key, weeks / stay);
    else this.credits.owe(e, key);
  }

  /**
   * Whether d takes person i, transferred to it from where he is, for his risk bands (transfers.ts
   * keepsBands): the share of d's receptions of his segment `key` that are of his bands against
   * the same share at the sender.
   */
  protected takesBands(i: number, d: number, key: number, w: number): boolean {
    const people = this.people;
    const e = people.establishment[i];
    const row = i * people.attributes;
    const inSegment = (x: number, segment: number) => this.segments.share(x, segment);
    const own = this.segmentOf(i, e);
    const bands = this.riskBands();
    const received =
      inSegment(d, key) > 0
        ? bands.share(d, bands.ofRow(people.codes, row, this.receptionSource[d])) / inSegment(d, key)
        : 0;
    const sent =
      inSegment(e, own) > 0
        ? bands.share(e, bands.ofRow(people.codes, row, this.receptionSource[e])) / inSegment(e, own)
        : 0;
    const scale = this.riskBands().bandsScaleOf(this.segments, e, own, d, key);
    return keepsBands(received * scale, sent, hashUniform(this.key, this.people.serial[i], d, TRANSFER_BANDS + w));
  }

  /** Person i's reception segment at establishment e (transfers.ts). */
  protected segmentOf(i: number, e: number): number {
    const people = this.people;
    const row = i * people.attributes;
    return this.segments.ofRow(people.codes, row, this.receptionSource[e]);
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
      const k = list.indexOf(i);
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

  /** Person i leaves `from` for another prison of the file: counted a departure there, off its caseload. */
  private leaveFrom(i: number, from: number): void {
    this.caseload.leave(i);
    this.population[from]--;
    this.tierCount[from * this.c.tiers.length + this.people.tier[i]]--;
    this.add(this.c.layout.establishmentBase(from) + DEPARTURES_AT, 1);
  }

  /** Person i is at `to` from week w: counted there, a swap candidate there, on its caseload. */
  private enterAt(i: number, to: number, w: number): void {
    const people = this.people;
    this.population[to]++;
    this.tierCount[to * this.c.tiers.length + people.tier[i]]++;
    people.establishment[i] = to;
    this.candidateAt(i, to);
    people.movedWeek[i] = w;
    this.caseload.enter(i, w);
  }

  /**
   * A visitor who stays at the hub after his course (his home takes none of his segment): its
   * transfer hazard applies from week w, as to a man moved there (move spared him it while he
   * was due home).
   */
  protected hubHazardFrom(i: number, w: number): void {
    const people = this.people;
    const at = people.establishment[i];
    const depart = departWeekAfterMove(
      w,
      people.releaseWeek[i],
      this.c.establishments[at].transfersOutPerWeek,
      hashUniform(this.key, people.serial[i], at, STAYS_AFTER_COURSE + w),
    );
    if (depart >= people.departWeek[i]) return;
    people.transferOut[i] = 1;
    rescheduleDeparture(people, this.departuresHead, i, depart);
  }

  /** A referral start: the person transfers to the treatment site. */
  protected move(i: number, to: number, w: number): void {
    const people = this.people;
    const from = people.establishment[i];
    this.leaveFrom(i, from);
    this.enterAt(i, to, w);
    // He takes the receiving establishment's hazards, not his home prison's (attrition.ts); but a
    // man there for a course, due home after it (hubReturns.ts), leaves only on release or his
    // return (the hub's transfers are for its own men): see courses.ts courseEvents.
    const home = this.hubReturns !== null ? this.hubReturns.homeOf(i) : -1;
    const rate = home >= 0 && home !== to ? 0 : this.c.establishments[to].transfersOutPerWeek;
    let depart = departWeekAfterMove(
      w,
      people.releaseWeek[i],
      rate,
      hashUniform(this.key, this.people.serial[i], to, MOVED_TRANSFER),
    );
    // On a course already (one that allows another at once), he stays held until it ends.
    if (people.activeCourses[i] > 0) depart = Math.max(depart, people.departWeek[i]);
    people.transferOut[i] = depart < people.releaseWeek[i] ? 1 : 0;
    rescheduleDeparture(people, this.departuresHead, i, depart);
    this.referredIn.add(i);
    if (this.lendAway(i, from, to, w)) return;
    // He changes places with one of the hub's own of his segment (swapPartner), or else takes
    // the place of one of its receptions of his segment (transfers.ts).
    // A reception of his segment due at the hub in kind (a visitor gone) is his place, and a hub
    // that receives none of his segment has none to give: no swap then.
    const key = this.segmentOf(i, to);
    const swap = this.segments.receives(to, key) && !this.credits.isDue(to, key);
    const partner = swap ? this.swapPartner(i, from, to, w) : -1;
    if (partner >= 0) this.swapOut(partner, from, w, true);
    else this.owe(i, to);
  }

  /** Mean stays by establishment and reception segment (transfers.ts), made at the first visitor. */
  protected stays: SegmentStays | null = null;

  /** The same by segment and risk bands (riskBands), made with it. */
  private riskStays: SegmentStays | null = null;

  /**
   * Person i's reception segment at e for settling his weeks (lend, lendBack): with his risk bands
   * where e receives men of them (a key -2 - k of riskBands), else his offence and sentence, and
   * e's mean stay of it, the segment its parts add up in (`pool`: his offence and sentence) and the
   * share of e's receptions it is; null where e receives none of his segment or no steady state
   * says.
   *
   * Why the risk bands: men referred for a course are chosen by risk (Dovegate's DTC takes the
   * high-OGRS violent men), and replaced by their offence and sentence alone, Stafford's OGRS
   * 25-49 violent men grew 23 -> 28 in three years and its OGRS 50-74 ones fell 38 -> 33 (West
   * Midlands, 20 replications).
   */
  private settlingKey(i: number, e: number): { key: number; stay: number; pool: number; share: number } | null {
    this.stays ??= this.segments.staysOf(this.c.establishments);
    const bands = this.riskBands();
    this.riskStays ??= bands.staysOf(this.c.establishments);
    const row = i * this.people.attributes;
    const risk = bands.ofRow(this.people.codes, row, this.receptionSource[e]);
    const riskStay = bands.receives(e, risk) ? this.riskStays.of(e, risk) : Infinity;
    const key = this.segmentOf(i, e);
    if (Number.isFinite(riskStay)) return { key: -2 - risk, stay: riskStay, pool: key, share: bands.share(e, risk) };
    const stay = this.segments.receives(e, key) ? this.stays.of(e, key) : Infinity;
    return Number.isFinite(stay) ? { key, stay, pool: key, share: this.segments.share(e, key) } : null;
  }

  /**
   * A man moved from `from` to hub `to` for a course, due home after it (hubReturns.ts): both
   * prisons' receptions are settled now for his expected weeks away d (the course, its drop-outs'
   * shorter stays counted, and the weeks before he goes back; no more than he has left to serve).
   * The hub takes d / (its mean stay of his segment) fewer receptions of his segment, home
   * d' / (its mean stay of it) more, in kind (transfers.ts lend, lendBack), d' the weeks at home
   * he loses by them (weeksAtHomeLost); nothing is owed or swapped when he goes home or is
   * released there. False (nothing done) for a man who stays, or whose segment either prison
   * does not receive: the swap or reception owed then, as before.
   *
   * Why, the accounting: a hub's table counts the men on its courses and waiting to go back (V
   * of his segment), a referring prison's leaves them out. A prison's own men of a segment are
   * its receptions of it a week x their mean stay T. So the hub's own must be its table less V,
   * its receptions of the segment V / T a week fewer than its table's; home's own, those present
   * and those away, its table plus V, V / T' a week more. Visitors come at r a week for d weeks
   * each (V = r d): d / T fewer receptions per visitor at the hub, d / T' more at home, and with
   * replacement of departures keeping each prison's headcount, each segment keeps its table.
   * Home's d' is d where it keeps its men to release; where it transfers them out, his weeks away
   * come out of his stay there only as far as they bring his release nearer, since away he is
   * spared its hazard and back he draws it afresh. Replaced for all d, a local that transfers out
   * 2 a year held 160-166 sex offenders against 150 (two-prison test, hubReturns.test.ts), the
   * West Midlands' Brinsford 80-84 against 75 by year 3, and the region's sexual ISPs grew 145 ->
   * 165 in three years (so, 155).
   * Swapping a visitor with one of the hub's own, as before, sent home a man like the visitor and
   * brought back another on his return, who stayed: the hub's own long stays grew back, and home
   * replaced the men away from its whole mix (two-prison test, hubVisitors.test.ts, 16
   * replications: the hub's 4-years-plus sex offenders 40 -> 44.8, 50.3, 59.8 in years 1-3, home's
   * sex offenders 150 -> 137.2, 130.1, 137.9; so, 39.1, 39.4, 37.1 and 149.3, 148.1, 158.2; West
   * Midlands, 10 replications: four drift warnings, Stafford's OGRS 50-74 violent men and Swinfen
   * Hall's sex offenders, none so).
   *
   * The accounting moves a hub's own only as they turn over (years), so a visitor who finds the
   * hub holding more of his segment than its table, visitors counted (an empty start, whose
   * opening has none: its first visitors came on top of a whole table of its own, the hub of 60
   * sex offenders of hubReturns.test.ts 81.5 in year 1), changes places with one of its own of his
   * segment and time left (swapPartner), and back on his return (SWAPPED). A running start places
   * its visitors at the opening (handOver.ts openVisitors), so the hub opens at its table.
   */
  private lendAway(i: number, from: number, to: number, w: number): boolean {
    const back = this.hubReturns?.weeksBack(i, from) ?? -1;
    if (back < 0) return false;
    const key = this.segmentOf(i, to);
    const [there, away] = [this.settlingKey(i, to), this.settlingKey(i, from)];
    if (there === null || away === null) return false;
    this.stays ??= this.segments.staysOf(this.c.establishments);
    const people = this.people;
    const p = this.hubReturns!.programmeOf(i);
    if (p < 0) return false;
    const programme = this.c.programmes[p].definition;
    const L = programme.durationWeeks;
    const course = programme.completionRate * L + (1 - programme.completionRate) * ((L + 1) / 2);
    const weeks = Math.max(0, Math.min(course + Math.max(1, back), people.releaseWeek[i] - w));
    // A hub holding more of his segment than its table (visitors counted: a cold start's first
    // visitors come on top of a whole table of its own) sends one of its own home in his place.
    if (this.heldOf(i, to, w) > this.stays.count(to, key)) {
      const partner = this.swapPartner(i, from, to, w);
      if (partner >= 0) {
        this.swapOut(partner, from, w, true, true);
        this.hubReturns!.markLent(i, SWAPPED, partner);
        return true;
      }
    }
    this.credits.lend(to, there.key, weeks / there.stay, there.pool, there.share, weeks);
    const homeLoses = this.weeksAtHomeLost(i, from, weeks, w);
    this.credits.lendBack(from, away.key, homeLoses / away.stay, away.pool);
    this.hubReturns!.markLent(i, LENT);
    return true;
  }

  /**
   * The weeks at `home` person i loses by `away` weeks at a hub from week w: those he could expect
   * there from now, at home's hazard of transfer out (expectedWeeksAfterMove), less those he can
   * expect from his return, his time to release shorter by his weeks away.
   */
  private weeksAtHomeLost(i: number, home: number, away: number, w: number): number {
    const left = this.people.releaseWeek[i] - w;
    const rate = this.c.establishments[home].transfersOutPerWeek;
    return expectedWeeksAfterMove(left, rate) - expectedWeeksAfterMove(left - away, rate);
  }

  /**
   * People of person i's reception segment at e (offence and sentence, those of them e's receptions
   * carry) after week w's moves so far, from e's swap candidates.
   */
  private heldOf(i: number, e: number, w: number): number {
    const people = this.people;
    const A = people.attributes;
    const codes = people.codes;
    const [offence, sentence] = [this.c.offenceAttribute, this.c.sentenceAttribute];
    const offences = this.c.attributes[offence].categories.length;
    this.swapCandidates ??= SwapCandidates.build(people, offence, offences, this.c.establishments.length, w);
    const source = this.receptionSource[e];
    const cell = source.drawableCells()[0];
    const carries = (a: number) => cell !== undefined && source.codeIn(cell, a) >= 0;
    const [o, s] = [codes[i * A + offence], carries(sentence) ? codes[i * A + sentence] : -1];
    let n = 0;
    for (let x = 0; x < offences; x++) {
      if (x !== o && carries(offence)) continue;
      for (const j of this.swapCandidates.at(e, x))
        if (people.establishment[j] === e && people.departWeek[j] > w && (s < 0 || codes[j * A + sentence] === s)) n++;
    }
    return n;
  }
}
