/**
 * Custody flows: people in and out of an establishment. Arrivals (the opening population and
 * receptions, their release week by their sentence's rule, transfer out and tier), remand
 * prisoners sentenced, reassessment as time left crosses a rule's threshold, departures (release,
 * transfer out, and transfers in the region, whose open places follow the man), and receptions
 * owed to men moved in. The moves themselves (transfers in the region, a referral start's move to
 * the treatment site and back, and how both prisons are settled for it) are moves.ts's; a running
 * start's hand-over of the warm-up's service records is handOver.ts's.
 */
import type { CompiledEstablishment } from './compile.js';
import * as release from './release.js';
import * as streams from '../random/streams.js';
import { type RandomStream } from '../random/streams.js';
import * as criteria from '../rules/criteria.js';
import type { Synthesizer } from '../population/synthesizer.js';
import { openingTimeLeft } from '../population/arrivals.js';
import { DERIVED_HISTORY as DERIVED_HISTORY_IMPORTED, priorityClass } from './treatmentHistory.js';
import * as transfers from './transfers.js';
import { LENT, SWAPPED } from './hubReturns.js';
import * as moves from './moves.js';
import * as state from './replicationState.js';
import * as layout from './layout.js';
import * as attrition from './attrition.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { SentenceKind } = release;
const { hashBits, hashUniform, poisson } = streams;
const { DEPENDS, FALSE, TRUE } = criteria;
const DERIVED_HISTORY = DERIVED_HISTORY_IMPORTED;
const { destinationFor } = transfers;
const { TIE_BREAK } = state;
const { TRANSFERRED } = state;
const { OWES_NOTHING, OWES_RECEPTION, OWES_WEEKS } = moves;
const { transferBefore } = attrition;
const { receptions: RECEPTIONS_AT, departures: DEPARTURES_AT } = layout.ESTABLISHMENT_AT_NAME;

export abstract class Custody extends moves.Moves {
  /** Opening people whose assessment waits for the running start's hand-over. */
  protected deferred: number[] | null = null;

  protected arrive(e: CompiledEstablishment, cell: number, source: Synthesizer, week: number, rng: RandomStream): void {
    const people = this.people;
    const i = people.add();
    this.needs.ensure(i);
    const row = i * people.attributes;
    source.fill(cell, people.codes, row, rng);
    if (this.c.treatmentHistory) this.c.treatmentHistory.apply(people, i, row, this.subject, week, rng);
    // hashUniform's number from its bits: arrive is too large for hashUniform to be inlined, and
    // its double result was boxed at every arrival (about 45 MB over two national replications).
    people.tieBreak[i] = (hashBits(this.key, this.people.serial[i], 0, TIE_BREAK) >>> 0) / 4294967296;
    const band = this.timeLeftRange[people.codes[row + this.c.timeLeftAttribute]];
    const left = this.weeksToServe(e, cell, source, band, rng);
    // The sentence's own rule (release.ts) turns that into the week of release.
    const kind = this.c.release.kindOf[people.codes[row + this.c.sentenceAttribute]];
    const law = this.opening && e.receptions.stayToBandTop ? e.receptions.joint.stays : undefined;
    const fixedShare = law ? law.fixedShare[cell] : -1;
    const plan = this.c.release.draw(
      kind,
      left,
      this.opening,
      rng,
      people.codes,
      row,
      this.openingEarly[0],
      fixedShare,
    );
    people.releaseWeek[i] = week + plan.weeksToRelease;
    people.earliestReleaseWeek[i] = week + plan.weeksToEarliestRelease;
    let depart = week + plan.weeksToRelease;
    // People of a segment that moves on before release (arrivals.ts) leave at that time left:
    // receptions, and those inside at the start who still have more than that to serve.
    if (source.stayToBandTop) {
      // Read here, not through exitWeeksLeft(): not inlined in arrive, its double was boxed. From
      // the cell's record (synthesizer.ts), on the line fill() read his codes from, where it has one.
      const reals = source.recordReals;
      const exits = source.joint.exitWeeksLeft;
      const exit = reals !== null ? reals[cell * 4 + 2] : exits !== undefined ? exits[cell] : 0;
      if (exit > 0) depart = Math.max(week + 1, Math.min(depart, people.releaseWeek[i] - exit));
    } else if (this.opening && e.openingExitWeeksLeft) {
      const exit = e.openingExitWeeksLeft[cell];
      if (exit > 0 && people.releaseWeek[i] - exit >= week) depart = Math.min(depart, people.releaseWeek[i] - exit);
    }
    if (plan.weeksToSentence > 0 && week + plan.weeksToSentence < Math.min(depart, this.weeks)) {
      this.sentencesDue.push(week + plan.weeksToSentence, i);
    }
    people.transferOut[i] = 0;
    if (e.transfersOutPerWeek > 0) {
      const transfer = transferBefore(week, depart, e.transfersOutPerWeek, rng);
      if (transfer >= 0) {
        depart = transfer;
        people.transferOut[i] = 1;
      }
    }
    people.departWeek[i] = depart;
    if (kind === SentenceKind.Indeterminate) this.countIndeterminate(e.index, week, depart, plan.weeksToTariff);
    if (depart < this.weeks) people.linkDeparture(this.departuresHead, i, depart);
    people.establishment[i] = e.index;
    this.candidateAt(i, e.index);
    this.population[e.index]++;
    if (!this.opening) this.add(this.c.layout.establishmentBase(e.index) + RECEPTIONS_AT, 1);
    // The tier profile's cell worked out once, for the tier and for timeMatters (codes unchanged between).
    const tierCell = this.c.tierProfile !== null ? this.c.tierProfile.cellOf(people.codes, row) : -1;
    const tier = this.assignTier(i, week, tierCell);
    people.tier[i] = tier;
    this.tierCount[e.index * this.c.tiers.length + tier]++;
    this.caseload.arrive(i, week, this.opening);
    // A running start's opening man takes his service record once everyone is in (inheritRecords).
    if (this.deferred) this.deferred.push(i);
    else {
      // A warm-up's opening man: the history a running service would have given him (treatmentHistory.ts derivedHistory).
      if (this.opening && this.c.start.derivedHistory) this.openingHistory(i, e.index);
      this.assess(i, e.index, week, -1);
      this.scheduleReassessments(i, e.index, week, tierCell);
    }
  }

  /**
   * Marks the programmes a running service would have given warm-up opening man i (at e)
   * already (treatmentHistory.ts derivedHistory): for each list he would join now, with its share, drawn
   * from the replication's own counter stream. History, not completions: nothing is counted.
   */
  private openingHistory(i: number, e: number): void {
    const derived = this.c.start.derivedHistory!;
    const P = this.c.programmes.length;
    const referralTo = this.c.establishments[e].referralTo;
    const row = i * this.people.attributes;
    for (let p = 0; p < P; p++) {
      const at = referralTo[p] >= 0 ? referralTo[p] : e;
      if (derived.marked[at * P + p] === 0) continue;
      this.subject.i = i;
      this.subject.week = 0;
      const share =
        derived.share[
          (at * P + p) * derived.classes + priorityClass(this.c, at, p, this.people.codes, row, this.subject)
        ];
      if (!(share > 0) || hashUniform(this.key, this.people.serial[i], p, DERIVED_HISTORY) >= share) continue;
      if (this.wouldJoin(i, e, p, 0)) this.people.markCompleted(i, p);
    }
  }

  /** The HDC weeks early of the stay an opening man is on (openingWeeksLeft), -1 unknown. */
  private readonly openingEarly = new Int32Array(1).fill(-1);

  /**
   * Weeks to serve of someone arriving in joint cell `cell` of band `band` (u uniform on [0, 1)).
   * Receptions keeping a population steady stay by their segment's law (arrivals.ts StayLaw):
   * at most the band's top week and the sentence's release bound, spread a few weeks below it
   * so short sentences are not all on one threshold such as 26 weeks. The opening's time left is
   * drawn from the density those receptions keep, so the stock starts where they hold it (a spread
   * about the top with time left uniform in the band moved a quarter of a local's short sentences
   * past 26 weeks: Hewell's TSP list 217 -> 282 and FOR 386 -> 258 in the first weeks).
   * Sentences with a rule of their own (release.ts) keep a spread over a band's width centred on its top;
   * a stated reception mix, and an opening without steady receptions, are uniform within the band.
   * The uniform is drawn here from rng, not passed in: a double argument is boxed at each call.
   */
  private weeksToServe(
    e: CompiledEstablishment,
    cell: number,
    source: Synthesizer,
    band: { min: number; max: number },
    rng: RandomStream,
  ): number {
    const u = rng.next();
    const width = band.max - band.min;
    this.openingEarly[0] = -1;
    if (source.stayToBandTop) {
      const stay = source.stay(cell, u);
      if (stay > 0) return stay;
      return band.min <= 0
        ? 1 + Math.floor(u * Math.max(1, 2 * band.max - 1))
        : Math.max(1, Math.floor(band.max + (u - 0.5) * width));
    }
    const law = this.opening && e.receptions.stayToBandTop ? e.receptions.joint.stays : undefined;
    return openingTimeLeft(law, cell, band, u, this.openingEarly);
  }

  /**
   * Reassessments before release at the thresholds of time left a rule reads (reassess).
   * `tierCell`: the person's tier profile cell where the caller has it (arrive), else -1.
   */
  protected scheduleReassessments(i: number, e: number, week: number, tierCell = -1): void {
    const people = this.people;
    const thresholds = this.c.reassessBeforeRelease;
    if (thresholds.length > 0 && (this.alwaysReassess || this.timeMatters(i, e, tierCell))) {
      // Indexed loops here and in timeMatters: both run at every arrival.
      for (let k = 0; k < thresholds.length; k++) {
        const at = people.releaseWeek[i] - thresholds[k];
        if (at > week && at < this.weeks) this.reassessmentsDue.push(at, i);
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
    const due = this.sentencesDue;
    for (let k = due.head(w); k >= 0; k = due.next[k]) {
      const i = due.values[k];
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
    due.release(w);
  }

  /**
   * Whether any rule on time left could change for this person: a tier that depends on it comes
   * before their codes settle the tier, or a programme whose rule depends on it is still open
   * to them. Most people have neither, and need no reassessment events.
   */
  protected timeMatters(i: number, e: number, tierCell: number): boolean {
    const people = this.people;
    const codes = people.codes;
    const row = i * people.attributes;
    const s = this.subject;
    const profile = this.c.tierProfile;
    if (profile !== null) {
      // -1: a tier rule on time left or history comes before the codes settle it (tierProfile.ts).
      if (profile.tier[tierCell >= 0 ? tierCell : profile.cellOf(codes, row)] < 0) return true;
    } else {
      const tiers = this.c.tiers;
      for (let t = 0; t < tiers.length; t++) {
        const known = tiers[t].when.lookup.valueFor(codes, row, s);
        if (known === DEPENDS) return true;
        if (known === TRUE) break;
      }
    }
    const rules = this.eligibility[e];
    const timeDependent = this.c.timeDependent;
    for (let k = 0; k < timeDependent.length; k++) {
      const p = timeDependent[k];
      if (people.wasReferred(i, p) || people.hasCompleted(i, p)) continue;
      if (rules[p].lookup.valueFor(codes, row, s) !== FALSE) return true;
    }
    return false;
  }

  /** Time left has crossed a rule's threshold: the tier and eligibility may have changed. */
  protected reassess(w: number): void {
    const people = this.people;
    const T = this.c.tiers.length;
    const due = this.reassessmentsDue;
    for (let k = due.head(w); k >= 0; k = due.next[k]) {
      const i = due.values[k];
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
    due.release(w);
  }

  protected receptions(w: number): void {
    for (const e of this.c.establishments) {
      const rate = this.receptionsPerWeek[e.index];
      let n =
        rate === null || rate === undefined
          ? Math.max(0, this.target[e.index] - this.population[e.index])
          : poisson(this.arrivalsRng, rate);
      const source = this.receptionSource[e.index];
      this.credits.noteReceptions(e.index, n, w);
      n -= this.receptionsInKind(e, source, n, w);
      if (this.credits.has(e.index)) {
        this.receptionsOwed(e, source, n, rate === null || rate === undefined, w);
        continue;
      }
      for (let k = 0; k < n; k++) this.arrive(e, source.drawCell(this.arrivalsRng), source, w, this.arrivalsRng);
    }
  }

  /** Scratch: segments of this week's receptions due in kind. */
  private readonly inKind: number[] = [];

  /** The first of n receptions, those due in kind for men away (transfers.ts); how many were drawn. */
  protected receptionsInKind(e: CompiledEstablishment, source: Synthesizer, n: number, w: number): number {
    if (n <= 0 || !this.credits.hasDue(e.index)) return 0;
    const rng = this.arrivalsRng;
    this.credits.takeDue(e.index, n, this.inKind);
    let drawn = 0;
    for (const key of this.inKind) {
      // Keys below -1 are of segments with risk bands (settlingKey).
      const cell =
        key < -1
          ? this.riskBands().cellOf(e.index, -2 - key, source, rng.next())
          : this.segments.cellOf(e.index, key, source, rng.next());
      if (cell < 0) continue;
      this.arrive(e, cell, source, w, rng);
      drawn++;
    }
    return drawn;
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
      if (
        this.credits.has(e.index) &&
        (this.credits.take(e.index, this.segments.ofCell(e.index, cell)) ||
          (this.stays !== null && this.credits.take(e.index, -2 - this.riskBands().ofCell(e.index, cell))))
      ) {
        if (replace) k--;
        continue;
      }
      this.arrive(e, cell, source, w, rng);
    }
  }

  protected departures(w: number): void {
    const people = this.people;
    const T = this.c.tiers.length;
    const moving = this.transferring;
    this.credits.newWeek();
    // Partners of last week's referral starts, assessed where they went (swapOut).
    const due = this.swappedOut;
    for (let k = 0; k < due.length; k++) {
      const j = due[k];
      if (people.departWeek[j] > w) this.assess(j, people.establishment[j], w, -1);
    }
    due.length = 0;
    if (this.hubReturns !== null) this.holdReturns(w);
    for (let i = this.departuresHead[w]; i >= 0; i = people.nextDeparture[i]) {
      const e = people.establishment[i];
      this.referredIn.delete(i);
      this.credits.noteDeparture(e);
      this.population[e]--;
      this.tierCount[e * T + people.tier[i]]--;
      this.caseload.leave(i);
      this.add(this.c.layout.establishmentBase(e) + DEPARTURES_AT, 1);
      const to = this.transfersTo[e];
      const visitor = this.hubReturns !== null && this.hubReturns.homeOf(i) >= 0;
      // Both prisons' receptions settled for his weeks away when he came (lendAway): nothing owed now.
      const lent = visitor ? this.hubReturns!.lentHow(i) : 0;
      const partner = lent === SWAPPED ? this.hubReturns!.partnerOf(i) : -1;
      const home = this.hubReturns?.leaving(i, people.transferOut[i]) ?? -1; // hubReturns.ts
      if (home >= 0) moving.push(i, home, lent === LENT ? 2 : lent === SWAPPED ? 4 + partner : 0);
      else {
        // A man at a hub for a course leaves it, released: the hub replaces him in kind.
        if (visitor && lent === 0) this.replaceInKind(i, e);
        // Released or moved on there, having changed places with a hub man: that man's weeks at home.
        if (lent === SWAPPED) this.settlePartner(partner, e, this.hubReturns!.homeOfLeft, w);
        if (to !== null && people.transferOut[i] === 1) {
          const d = destinationFor(to, hashUniform(this.key, this.people.serial[i], e, TRANSFERRED + w));
          // A receiver takes men of the segments it receives (no remand prisoners at a trainer).
          if (d >= 0 && this.segments.receives(d, this.segmentOf(i, d))) moving.push(i, d, 1);
        }
      }
    }
    // After the walk: a transfer in region reschedules the man's departure, relinking the lists.
    // A transfer comes only while the receiver has room for his segment (transfers.ts); else he
    // leaves the region. A man going home from a hub changes places with one of his segment at
    // home where there is one free to go (swapPartner): both keep their mix, nothing is owed;
    // else the hub replaces him in kind and home owes a reception of his segment.
    for (let k = 0; k < moving.length; k += 3) {
      const [i, d] = [moving[k], moving[k + 1]];
      if (moving[k + 2] === 2) {
        this.transferIn(i, d, w, OWES_NOTHING);
        continue;
      }
      if (moving[k + 2] >= 3) {
        // He changed places with a hub man when he came (lendAway): they change back where that man
        // is at home and free to go; else that man's weeks left are settled in parts (settlePartner).
        const partner = moving[k + 2] - 4;
        const e = people.establishment[i];
        if (partner >= 0 && this.canSwapBack(partner, d, e, w)) {
          this.transferIn(i, d, w, OWES_NOTHING);
          this.swapOut(partner, e, w, false);
        } else {
          this.settlePartner(partner, e, d, w);
          this.transferIn(i, d, w, OWES_NOTHING);
        }
        continue;
      }
      if (moving[k + 2] === 0) {
        // His leaving settles a place the hub still owes for him, and a hub that receives none of
        // his segment has no place of it to refill: no swap then.
        const e = people.establishment[i];
        const key = this.segmentOf(i, e);
        const refill = this.segments.receives(e, key) && !this.credits.owes(e, key);
        const partner = refill ? this.swapPartner(i, e, d, w) : -1;
        if (partner >= 0) {
          this.transferIn(i, d, w, OWES_NOTHING);
          this.swapOut(partner, e, w, false);
        } else {
          this.replaceInKind(i, e);
          this.transferIn(i, d, w, OWES_RECEPTION);
        }
        continue;
      }
      const key = this.segmentOf(i, d);
      if (
        this.credits.hasRoom(d, key, this.segments.share(d, key), this.receptionsStoodFor(i, d, key, w)) &&
        this.takesBands(i, d, key, w)
      ) {
        this.transferIn(i, d, w, OWES_WEEKS);
      }
    }
    moving.length = 0;
  }
}
