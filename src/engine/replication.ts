/**
 * One replication, week by week: the concrete class over the concept layers (replicationState.ts
 * up to changes.ts), which only says in what order each week runs them.
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
import { Changes } from './changes.js';
import type { WarmupEnd } from './warmup.js';

export class Replication extends Changes {
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
}
