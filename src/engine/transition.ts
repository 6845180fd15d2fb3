/**
 * The transition lever: a scheduled change (`set: {kind: 'moveNeed', programme, to}`) that hands
 * a legacy course's need to its successor at one establishment (TSP and RESOLVE to Building
 * Choices moderate; Core SOTP to Horizon or Kaizen), so a planner can model the changeover
 * without losing anyone's need.
 *
 * At the change: every place on the legacy list whose window is still open moves to the
 * successor's list keeping its join week (so nobody loses his turn), unless the person already
 * waits for the successor or for another alternative of the need (whose place keeps his need);
 * either way the legacy place ends as withdrawn, not unmet. Places whose
 * window had closed are settled as unmet when they closed, as at any group start. The legacy
 * course then takes nobody new here and starts no more groups; courses under way finish.
 *
 * Counted once: the load checks (src/scenario/transitionChecks.ts) make legacy and successor
 * alternatives of one stage of one need, so the need ledger sees one need with a place that moved.
 */
import type { Criterion } from '../scenario/schema.js';

/** The legacy course's eligibility after the change: nobody joins its list again. */
export const NO_NEW_PLACES: Criterion = { not: { always: true } };

/** What the move may do to a replication's lists (simulate.ts implements it). */
export interface TransitionHost {
  /** Empty programme p's list at e, settling closed windows; open entries as (person, join week, origin). */
  takeOpen(e: number, p: number, w: number): number[];
  /** Whether the person has (or had) a place on programme p's list. */
  hasPlace(i: number, p: number): boolean;
  /** People with a window still open on another alternative of the legacy course's need (not the successor). */
  waitingForOthers(legacy: number, successor: number, w: number): Set<number>;
  /** A place on p's list where e sends it, joined at `joinWeek`, counted as joined at week w. */
  place(e: number, p: number, i: number, joinWeek: number, origin: number, w: number): void;
  /** The legacy place ends as withdrawn (handed to the successor). */
  withdraw(e: number, p: number, i: number, joinWeek: number, w: number): void;
  stopGroups(e: number, p: number): void;
}

export function moveNeed(host: TransitionHost, e: number, legacy: number, successor: number, w: number): void {
  const open = host.takeOpen(e, legacy, w);
  // A man still waiting for another alternative (Kaizen, when Core SOTP hands over to Horizon)
  // keeps his need there: he is not put on a list his assessment did not choose.
  const others = host.waitingForOthers(legacy, successor, w);
  for (let k = 0; k < open.length; k += 3) {
    const i = open[k] as number;
    const joinWeek = open[k + 1] as number;
    // Place first, then withdraw: the need keeps an open place throughout, so it never closes.
    if (!host.hasPlace(i, successor) && !others.has(i)) host.place(e, successor, i, joinWeek, open[k + 2] as number, w);
    host.withdraw(e, legacy, i, joinWeek, w);
  }
  host.stopGroups(e, legacy);
}
