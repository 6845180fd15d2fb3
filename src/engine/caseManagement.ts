/**
 * Case-management tiers and offender-manager contact: the tier a person's codes (and time left)
 * put him in, and each week the sessions each tier needs against the establishment's capacity,
 * given in the order of tier priority. Who holds the case and what it costs is caseload.ts.
 */
import * as criteria from '../rules/criteria.js';
import { Accounting } from './accounting.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { DEPENDS, TRUE } = criteria;

export abstract class CaseManagement extends Accounting {
  /** `tierCell`: the person's tier profile cell where the caller has it (arrive), else -1. */
  protected assignTier(i: number, week: number, tierCell = -1): number {
    const s = this.subject;
    s.i = i;
    s.week = week;
    const tiers = this.c.tiers;
    const codes = this.people.codes;
    const row = i * this.people.attributes;
    // Most codes settle the tier (tierProfile.ts): one table read, not a lookup per tier.
    const profile = this.c.tierProfile;
    if (profile !== null) {
      const settled = profile.tier[tierCell >= 0 ? tierCell : profile.cellOf(codes, row)];
      if (settled >= 0) return settled;
    }
    for (let t = 0; t < tiers.length; t++) {
      const rule = tiers[t].when;
      const known = rule.lookup.valueFor(codes, row, s);
      if (known === TRUE || (known === DEPENDS && rule.criterion.test(s))) return t;
    }
    return tiers.length - 1;
  }

  protected caseManagement(w: number): void {
    const c = this.c;
    const T = c.tiers.length;
    const L = c.layout;
    for (const e of c.establishments) {
      let capacity = this.sessionCapacity[e.index] ?? Infinity;
      for (const t of c.tierPriority) {
        const tier = c.tiers[t];
        const people = this.tierCount[e.index * T + t];
        const required = (people * tier.sessionsPerYear) / 52;
        const delivered = Math.min(required, capacity);
        capacity -= delivered;
        const base = L.tierBase(e.index, t);
        this.scalars[base] = this.scalars[base] + people;
        this.scalars[base + 1] = this.scalars[base + 1] + required;
        this.scalars[base + 2] = this.scalars[base + 2] + delivered;
        this.series[L.tierSeries(e.index, t, 'required') * this.weeks + w] = required;
        this.series[L.tierSeries(e.index, t, 'delivered') * this.weeks + w] = delivered;
      }
    }
  }
}
