/**
 * Where a replication's figures are written: each person's outcome on a list or course (the
 * total, by OGRS band, by offence, by year), a programme's extras, unmet reasons, segment counts,
 * the population against its source tables, and at the end of the horizon the entries still open
 * and the weekly series. Everything the results read goes through here, so the identities the
 * invariants test (joined = started + unmet + withdrawn + waiting at the end) are kept in one place.
 */
import type { WaitingList } from './waitingLists.js';
import * as layout from './layout.js';
import * as unmetReasons from './unmetReasons.js';
import { ReplicationState } from './replicationState.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { EXTRA, O, OUTCOMES, YEARLY } = layout;
const { isDeparture, isTimeLeft, STILL_WAITING, UNMET_REASONS } = unmetReasons;

const OUTCOME_COUNT = OUTCOMES.length;
/** Per outcome, its position among the yearly counts (layout's YEARLY), or -1 if not counted by year. */
const YEARLY_OF: number[] = OUTCOMES.map((name) => (YEARLY as readonly string[]).indexOf(name));
/** Per unmet reason code, its programme extra. */
const REASON_EXTRA: number[] = UNMET_REASONS.map((name) => EXTRA[name]);

export abstract class Accounting extends ReplicationState {
  // The end of the horizon settles the entries still open, as the lists do (waitingLists.ts, needWindows.ts).
  protected abstract entryEnd(list: WaitingList, k: number, programme: number, listAt: number): number;
  protected abstract settleUnmet(
    e: number,
    p: number,
    list: WaitingList,
    k: number,
    week: number,
    reason?: number,
  ): void;
  protected abstract needPlaceClosed(i: number, p: number, week: number, reason: number): void;

  // A warm-up records nothing (warmingUp): its figures are discarded (warmupReplication.ts keeps
  // one record for all its replications, never read), and its 2.5 million counts a national
  // replication (945,000 outcomes, 610,000 extras, 980,000 others) were work for nothing.

  protected add(index: number, amount: number): void {
    if (this.warmingUp) return;
    this.scalars[index] = this.scalars[index] + amount;
  }

  /** Adds to one of programme p's extras at e (`extra`: a position from layout's EXTRA). */
  protected addProgramme(e: number, p: number, extra: number, amount: number): void {
    if (this.warmingUp) return;
    const at = this.programmeBase[e * this.programmeCount + p] + this.extrasAt + extra;
    this.scalars[at] = this.scalars[at] + amount;
  }

  /** One person's outcome: the total, its OGRS band and offence, and its year. */
  protected countOutcome(e: number, p: number, outcome: number, i: number, week: number): void {
    if (this.warmingUp) return;
    const o = this.outcomeAt;
    const base = this.programmeBase[e * this.programmeCount + p];
    const codes = this.people.codes;
    const scalars = this.scalars;
    const row = i * this.people.attributes;
    // The layout's offsets (layout.ts), read from fields here: this runs for every outcome.
    const total = base + o.outcomes + outcome;
    const ogrs = base + o.byOgrs + codes[row + this.c.ogrsAttribute] * OUTCOME_COUNT + outcome;
    const offence = base + o.byOffence + codes[row + this.c.offenceAttribute] * OUTCOME_COUNT + outcome;
    scalars[total] = scalars[total] + 1;
    scalars[ogrs] = scalars[ogrs] + 1;
    scalars[offence] = scalars[offence] + 1;
    // Years count the window only: not those waiting, or on a course, at the start.
    const yearly = this.opening ? -1 : YEARLY_OF[outcome];
    if (yearly >= 0) {
      const year = Math.min(this.years - 1, Math.max(0, Math.floor(week / 52)));
      const at = base + o.yearly + year * YEARLY.length + yearly;
      scalars[at] = scalars[at] + 1;
    }
  }

  /** One unmet place on programme p's list at e, with its reason (unmetReasons.ts). */
  protected countUnmet(e: number, p: number, i: number, week: number, reason: number): void {
    if (this.warmingUp) return;
    this.countOutcome(e, p, O.unmetNeed, i, week);
    this.addProgramme(e, p, REASON_EXTRA[reason], 1);
    if (isDeparture(reason)) this.addProgramme(e, p, EXTRA.unmetByDeparture, 1);
    else if (isTimeLeft(reason)) this.addProgramme(e, p, EXTRA.unmetByTimeLeft, 1);
  }

  /** Counts a start or a completion against each planned segment the person is in. */
  protected countSegments(e: number, p: number, i: number, w: number, what: 'starts' | 'completions'): void {
    if (this.warmingUp) return;
    const segments = this.c.establishments[e].deliveries[p]?.segments;
    if (!segments || segments.length === 0) return;
    const L = this.c.layout;
    for (let s = 0; s < segments.length; s++) {
      if (this.matches(segments[s].when, i, w) === 1) this.add(L.segmentScalar(e, p, s, what), 1);
    }
  }

  /** Counts the people inside at the end of week w against each source table (snapshot s). */
  protected tallyFit(s: number, w: number): void {
    if (this.warmingUp) return;
    const people = this.people;
    const L = this.c.layout;
    // Each establishment's block of tallies for snapshot s: its tables' cells follow one another.
    const base = this.c.establishments.map((e) => L.fitCell(e.index, s, 0));
    const scalars = this.scalars;
    const codes = people.codes;
    for (let i = 0; i < people.count; i++) {
      if (people.departWeek[i] <= w) continue;
      const e = people.establishment[i];
      const row = i * people.attributes;
      const tables = this.c.establishments[e].tables;
      const lookups = this.fitLookups[e];
      for (let t = 0; t < tables.length; t++) scalars[base[e] + tables[t].offset + lookups[t].cellOf(codes, row)] += 1;
    }
  }

  /**
   * The window's end: places still on lists settled or counted waiting, courses under way counted
   * (each pass a method of its own: V8 compiled this one long body again in each Chromium worker).
   */
  protected finish(): void {
    this.settleListsAtEnd();
    this.countCoursesAtEnd();
    this.writeWeeklySeries();
  }

  private settleListsAtEnd(): void {
    const c = this.c;
    const W = this.weeks;
    for (const e of c.establishments) {
      for (const p of c.programmes) {
        const list = this.lists[e.index][p.index];
        for (let k = 0; k < list.size; k++) {
          const end = this.entryEnd(list, k, p.index, e.index);
          if (end < W) this.settleUnmet(e.index, p.index, list, k, end);
          else {
            this.countOutcome(e.index, p.index, O.waitingAtEnd, list.person[k], W - 1);
            this.needPlaceClosed(list.person[k], p.index, W - 1, STILL_WAITING);
          }
        }
      }
    }
  }

  private countCoursesAtEnd(): void {
    const W = this.weeks;
    const people = this.people;
    const courses = this.courses;
    for (let k = 0; k < courses.count; k++) {
      if (courses.endWeek[k] < W) continue;
      const i = courses.person[k];
      const e = courses.establishment[k];
      const p = courses.programme[k];
      if (people.departWeek[i] < W) this.countOutcome(e, p, O.nonCompletions, i, people.departWeek[i]);
      else this.countOutcome(e, p, O.inProgressAtEnd, i, W - 1);
    }
  }

  private writeWeeklySeries(): void {
    const c = this.c;
    const L = c.layout;
    const W = this.weeks;
    // Weekly series: waiting from its difference array, starts and completions cumulated.
    for (const e of c.establishments) {
      for (const p of c.programmes) {
        const diff = this.waitingDiff[e.index][p.index];
        const starts = this.startsPerWeek[e.index][p.index];
        const completions = this.completionsPerWeek[e.index][p.index];
        const waitingAt = L.programmeSeries(e.index, p.index, 'waiting') * W;
        const startsAt = L.programmeSeries(e.index, p.index, 'cumulativeStarts') * W;
        const completionsAt = L.programmeSeries(e.index, p.index, 'cumulativeCompletions') * W;
        let waiting = 0;
        let s = 0;
        let done = 0;
        for (let w = 0; w < W; w++) {
          waiting += diff[w];
          s += starts[w];
          done += completions[w];
          this.series[waitingAt + w] = waiting;
          this.series[startsAt + w] = s;
          this.series[completionsAt + w] = done;
        }
      }
    }
  }
}
