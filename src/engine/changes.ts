/**
 * Scheduled changes (compiled from the scenario's `changes`): groups a year, beds, receptions,
 * capacity, session capacity, reception mix, eligibility rules (reassessing those inside when the
 * rule applies to them), and a need moved from a legacy programme to its successor, through the
 * transition lever (transition.ts): what it may do to the lists is this layer's host for it.
 */
import type { CompiledScenario } from './compile.js';
import * as layout from './layout.js';
import { moveNeed, type TransitionHost } from './transition.js';
import * as unmetReasons from './unmetReasons.js';
import { Custody } from './custody.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { O } = layout;
const { Reason, WITHDRAWN } = unmetReasons;

export abstract class Changes extends Custody {
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
    for (let k = 0; k < list.size; k++) {
      const end = this.entryEnd(list, k, p, e);
      if (end <= w) this.settleUnmet(e, p, list, k, end);
      else open.push(list.person[k], list.joinWeek[k], list.origin[k]);
    }
    list.size = 0;
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
        for (let k = 0; k < list.size; k++) if (this.entryEnd(list, k, q, at) > w) out.add(list.person[k]);
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
    this.addEntry(this.lists[listAt][p], i, joinWeek, origin, w);
    this.countOutcome(listAt, p, O.joined, i, w);
    this.needJoin(i, origin, p, w);
    // Men brought by a transfer are supply for the receiver's planned segments (waitingLists.ts).
    if (!this.opening && !this.warmingUp) this.countSupply(i, listAt, p, w);
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
        this.profiles[e] = null;
        return;
      case 'eligibility': {
        this.eligibility[e][action.programme] = action.eligibility;
        this.profiles[e] = null;
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
