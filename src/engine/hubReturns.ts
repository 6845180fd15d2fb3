/**
 * Men moved to a treatment hub for a course go back to the prison that referred them.
 *
 * A referral start moves a man to the site that runs the course (Stafford for Core SOTP, Swinfen
 * Hall for young adults and Extended SOTP, Oakwood for SCP and BBR, Dovegate for DTC). When the
 * course ends there, completed or not, he goes back `afterWeeks` later (the scenario's
 * `referralReturn`, or the referral's own `returnAfterWeeks`; null: he stays). Kept for good,
 * men moved in for treatment crowd out the hub's own receptions and the hub drifts from its
 * tables (issue 6: Stafford ISPs ~99 against 73, Swinfen Hall sex offenders 108 against 77 by
 * year 2).
 *
 * The return is a transfer in the region (transfers.ts) and his open places follow him. Both
 * prisons' receptions were settled for his weeks away when he came (moves.ts lendAway: LENT), or
 * he changed places with one of the hub's own (SWAPPED), so neither owes anything then; a man due
 * home when it has no place waits at the hub a week (moves.ts holdReturns).
 * A man on another course at the hub goes back when his last course there ends; one released or
 * transferred out before the return week
 * leaves as he would have; one whose home receives no one of his segment stays.
 */
import type { Scenario } from '../scenario/schema.js';
import type { People } from './people.js';
import { rescheduleDeparture } from './attrition.js';

/**
 * The risk bands a hub swap matches where it can (swapPartner in moves.ts): OGRS, OSP, OVP, the
 * attributes the built-ins' tables cross with offence. Swaps matched on offence, sentence and time
 * left only moved each hub towards the risk mix of the men referred in (selected for their risk:
 * Stafford's OGRS 25-49 sex offenders at OSP high 23 -> 19 in a year, OGRS 50-74 ones 20 -> 23).
 */
export const SWAP_RISK_ATTRIBUTES = ['ogrs', 'osp', 'ovp'] as const;

/** Indices of SWAP_RISK_ATTRIBUTES among the scenario's attributes (those it has). */
export function swapRiskAttributes(attributes: readonly { id: string }[]): Int32Array {
  return Int32Array.from(
    SWAP_RISK_ATTRIBUTES.map((id) => attributes.findIndex((a) => a.id === id)).filter((k) => k >= 0),
  );
}

/**
 * How closely person j matches person i on the risk bands `risk` (rows of `codes`, `width` codes a
 * person): each band shared counts twice the one after it, so OGRS comes first, then OSP, then
 * OVP; all shared is `(1 << risk.length) - 1`.
 */
export function riskBandsShared(
  codes: ArrayLike<number>,
  width: number,
  i: number,
  j: number,
  risk: Int32Array,
): number {
  let same = 0;
  for (let k = 0; k < risk.length; k++) {
    if (codes[i * width + risk[k]] === codes[j * width + risk[k]]) same |= 1 << (risk.length - 1 - k);
  }
  return same;
}

/**
 * How closely person j, of a hub's opening people, matches person i of a referring prison who
 * takes a course under way there in j's place (an opening swap, handOverCourses.ts partnerFor): offence,
 * then sentence, then the risk bands (riskBandsShared), then band of time left, and last whether
 * j is free of places on lists (`free`: nothing of the hub's lists lapses with him). All matched:
 * `openingPartnerFull(risk)`.
 *
 * Why a sentence before a free list: a hub's men of a trainer's long sentences are nearly all
 * waiting for something, and with only list-free men to choose from, 86 of 129 opening swaps of
 * a West Midlands replication sent home a man of another sentence (Stafford opened with 83
 * recalls against its table's 71; Birmingham took 10 remand prisoners for its det-4y+ men).
 * A place a partner leaves on the hub's list lapses and he is assessed at home (joinPending), as
 * the visitor's own places at home lapse. Time left last but one: with it before the risk bands,
 * Stafford's OGRS 50-74 sex offenders opened at 23.1 against 19.9 run alone (22.0 this way).
 */
export function openingPartnerScore(
  codes: ArrayLike<number>,
  width: number,
  i: number,
  j: number,
  risk: Int32Array,
  offence: number,
  sentence: number,
  timeLeft: number,
  free: boolean,
): number {
  // No inner function: it runs for every man walked, and tsx (the bench, the command line) wraps
  // each closure made in a call to name it, which cost more than the score (West Midlands).
  const [a, b] = [i * width, j * width];
  const kept =
    ((codes[a + offence] === codes[b + offence] ? 1 : 0) << 1) | (codes[a + sentence] === codes[b + sentence] ? 1 : 0);
  const bands = (kept << risk.length) | riskBandsShared(codes, width, i, j, risk);
  return (((bands << 1) | (codes[a + timeLeft] === codes[b + timeLeft] ? 1 : 0)) << 1) | (free ? 1 : 0);
}

/** The score of a partner matching in everything (openingPartnerScore). */
export function openingPartnerFull(risk: Int32Array): number {
  return (1 << (risk.length + 4)) - 1;
}

/** Weeks after the course a referred man goes back, per referring establishment and programme (-1: he stays). */
export function compileReturnWeeks(scenario: Scenario, programmeIndex: (id: string) => number): Int32Array {
  const P = scenario.programmes.length;
  const fallback = scenario.referralReturn.afterWeeks ?? -1;
  const weeks = new Int32Array(scenario.establishments.length * P).fill(fallback);
  scenario.establishments.forEach((e, k) => {
    for (const r of e.referrals) {
      if (r.returnAfterWeeks === undefined) continue;
      const p = programmeIndex(r.programme);
      if (p >= 0) weeks[k * P + p] = r.returnAfterWeeks ?? -1;
    }
  });
  return weeks;
}

/** A visitor for whom both prisons' receptions were settled for his weeks away (moves.ts lendAway). */
export const LENT = 1;
/** A visitor who changed places with one of the hub's own while it held more of his segment than its table. */
export const SWAPPED = 2;

/** Who goes back where: men at a hub after a referral start, and those whose next departure is the return. */
export class HubReturns {
  /**
   * Person -> the establishment that referred him, the weeks after his course he goes back, the
   * programme he came for, how both prisons were settled for his weeks away when he came
   * (moves.ts lendAway: `lent`, LENT or SWAPPED, 0 neither) and the hub man he changed places
   * with (SWAPPED), or -1.
   */
  private readonly home = new Map<
    number,
    { at: number; weeks: number; lent: number; programme: number; partner: number }
  >();
  /** People whose scheduled departure is their return home. */
  private readonly returning = new Set<number>();

  constructor(
    private readonly returnWeeks: Int32Array,
    private readonly programmes: number,
  ) {}

  /** Nothing to do in a run whose referrals all stay (or that has none). */
  static for(scenario: Scenario, programmeIndex: (id: string) => number): HubReturns | null {
    const weeks = compileReturnWeeks(scenario, programmeIndex);
    const anyReferral = scenario.establishments.some((e) => e.referrals.length > 0);
    return anyReferral && weeks.some((w) => w >= 0) ? new HubReturns(weeks, scenario.programmes.length) : null;
  }

  /**
   * A referral start: person i moved from `from` to a hub for programme p. A man already away
   * from home (at one hub, referred to another) keeps his home and the weeks of his first referral.
   */
  referred(i: number, from: number, p: number): void {
    this.returning.delete(i);
    if (this.home.has(i)) return;
    const weeks = this.returnWeeks[from * this.programmes + p];
    if (weeks >= 0) this.home.set(i, { at: from, weeks, lent: 0, programme: p, partner: -1 });
  }

  /** The weeks after his course person i, referred from `from` now, goes back (-1: he stays, or is not from there). */
  weeksBack(i: number, from: number): number {
    const home = this.home.get(i);
    return home !== undefined && home.at === from ? home.weeks : -1;
  }

  /** The programme person i came to the hub for (-1: not known). */
  programmeOf(i: number): number {
    return this.home.get(i)?.programme ?? -1;
  }

  /** How person i's places were settled when he came (moves.ts lendAway): LENT or SWAPPED (0: neither). */
  markLent(i: number, how: number = LENT, partner = -1): void {
    const home = this.home.get(i);
    if (home) [home.lent, home.partner] = [how, partner];
  }

  /** The hub man person i changed places with when he came (SWAPPED), or -1; read before leaving(). */
  partnerOf(i: number): number {
    return this.home.get(i)?.partner ?? -1;
  }

  /** How person i's places were settled when he came: LENT, SWAPPED or 0 (neither, or not a visitor). */
  lentHow(i: number): number {
    return this.home.get(i)?.lent ?? 0;
  }

  /**
   * One of a hub's opening men stands for a man the warm-up left there between his course and his
   * return (handOver.ts openVisitors): he goes home to `at` at his departure, `back`, which the
   * caller has scheduled, with nothing owed either side (the hub's table counted him, home's not).
   */
  returnsAt(i: number, at: number): void {
    this.home.set(i, { at, weeks: 0, lent: LENT, programme: -1, partner: -1 });
    this.returning.add(i);
  }

  /**
   * Men at a hub for a course, away from home at week `weeks` (a warm-up's end), for the window's
   * opening (handOver.ts openVisitors): (person, home, week of return, programme) quadruples,
   * the week -1 for one not yet due back (on his course).
   */
  awayAt(people: People, weeks: number): number[] {
    const out: number[] = [];
    for (const [i, home] of this.home) {
      if (people.departWeek[i] <= weeks || people.establishment[i] === home.at) continue;
      const back = this.returning.has(i) && people.transferOut[i] === 1 ? people.departWeek[i] : -1;
      out.push(i, home.at, back, home.programme);
    }
    return out;
  }

  /**
   * Person i's course at a hub ended in week w: schedules his return home, as a departure before
   * his own, unless he is on another course, his home takes no one of his segment (`receives`),
   * or he leaves first anyway.
   */
  afterCourse(
    people: People,
    departuresHead: Int32Array,
    i: number,
    w: number,
    receives: (home: number) => boolean,
  ): void {
    const home = this.home.get(i);
    if (home === undefined || people.departWeek[i] <= w || people.activeCourses[i] > 0) return;
    if (people.establishment[i] === home.at || !receives(home.at)) {
      this.home.delete(i);
      return;
    }
    const back = w + Math.max(1, home.weeks);
    if (back >= people.departWeek[i]) return;
    rescheduleDeparture(people, departuresHead, i, back);
    people.transferOut[i] = 1;
    this.returning.add(i);
  }

  /** The table of people renumbered (compaction.ts): person i is now map[i] (-1: left, forgotten). */
  remap(map: Int32Array): void {
    const home = [...this.home];
    this.home.clear();
    for (const [i, h] of home) {
      if (h.partner >= 0) h.partner = map[h.partner];
      if (map[i] >= 0) this.home.set(map[i], h);
    }
    const returning = [...this.returning];
    this.returning.clear();
    for (const i of returning) if (map[i] >= 0) this.returning.add(map[i]);
  }

  /**
   * The home person i goes back to when his departure now is his return and both prisons were
   * settled for his weeks away (LENT), else -1 (moves.ts holdReturns).
   */
  returnsLentTo(i: number, transferOut: number): number {
    const home = this.home.get(i);
    return home !== undefined && home.lent === LENT && transferOut === 1 && this.returning.has(i) ? home.at : -1;
  }

  /** The home of the man leaving() last looked at, or -1. */
  homeOfLeft = -1;

  /** The prison person i was referred from and will go back to, or -1. */
  homeOf(i: number): number {
    return this.home.get(i)?.at ?? -1;
  }

  /** Person i departs now: his home when it is his return, else -1 (and he is forgotten). */
  leaving(i: number, transferOut: number): number {
    const home = this.home.get(i);
    this.homeOfLeft = home?.at ?? -1;
    if (home === undefined) return -1;
    this.home.delete(i);
    return this.returning.delete(i) && transferOut === 1 ? home.at : -1;
  }
}

/**
 * Swap candidates (swapPartner in moves.ts) by establishment and offence: for each, the people
 * who may be there, in increasing index, so a search from a drawn index walks them in the order
 * a walk over the whole population meets them and finds the same partner.
 *
 * Why: the search for a partner of every risk band walked the whole population (about 10,000 in
 * the West Midlands, growing with receptions) at each swap, and most swaps find none of every
 * band, so most walked all of it. A list may hold people no longer there (moved on, released):
 * they are skipped as the walk skipped them, and dropped once they are a quarter of the list.
 */
export class SwapCandidates {
  private readonly lists: number[][];

  constructor(
    private readonly offences: number,
    establishments: number,
  ) {
    this.lists = Array.from({ length: establishments * offences }, () => []);
  }

  /** Everyone inside at establishment e in week w or later (departWeek at least w), by offence. */
  static build(people: People, offence: number, offences: number, establishments: number, w: number): SwapCandidates {
    const out = new SwapCandidates(offences, establishments);
    const A = people.attributes;
    for (let j = 0; j < people.count; j++) {
      if (people.departWeek[j] < w) continue;
      out.lists[people.establishment[j] * offences + people.codes[j * A + offence]].push(j);
    }
    return out;
  }

  /** Person i (of offence code o) is now at establishment e: kept in order, once. */
  add(i: number, e: number, o: number): void {
    const list = this.lists[e * this.offences + o];
    const n = list.length;
    if (n === 0 || list[n - 1] < i) {
      list.push(i);
      return;
    }
    const k = lowerBound(list, i);
    if (list[k] !== i) list.splice(k, 0, i);
  }

  /** The people who may be at e of offence code o, in increasing index (not to be changed). */
  at(e: number, o: number): number[] {
    return this.lists[e * this.offences + o];
  }

  /**
   * The table of people renumbered (compaction.ts): person i is now map[i], or -1 where he has
   * left (the walk skips him: never a partner). Order kept.
   */
  remap(map: Int32Array): void {
    for (const list of this.lists) {
      let n = 0;
      for (let k = 0; k < list.length; k++) if (map[list[k]] >= 0) list[n++] = map[list[k]];
      list.length = n;
    }
  }

  /** Drops from e's list of offence o those `gone` says are not there. */
  compact(e: number, o: number, gone: (j: number) => boolean): void {
    const list = this.lists[e * this.offences + o];
    let n = 0;
    for (let k = 0; k < list.length; k++) if (!gone(list[k])) list[n++] = list[k];
    list.length = n;
  }
}

/**
 * The first index of sorted `list` whose value is at least x (list.length if none); with `key`,
 * of its values' keys (a sorted list of people by their serial numbers: People.serial).
 */
export function lowerBound(list: readonly number[], x: number, key?: Int32Array): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((key === undefined ? list[mid] : key[list[mid]]) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
