/**
 * Keeps each prison's population as its tables describe it when men move between prisons for
 * treatment (a referral start).
 *
 * A planner reads a prison's tables as its population, men moved in for treatment included.
 * Without this, a man moved to a treatment site adds to the site's mix (the site's receptions
 * then fill the place left with the site's own mix, so its sex offenders and ISPs grow: Swinfen
 * Hall's sex offenders 77 -> 108 and Stafford's ISPs 73 -> 95 in a year), while the prison he
 * left refills his place with its own mix and so loses men like him (Long Lartin's sex
 * offenders -11%). So, in kind:
 * - the prison he left takes its next reception in his segment (his attributes), staying about
 *   as long as he was still due to stay there (the band of time to serve holding that), a man
 *   like him from the courts or another prison, so its segment keeps its people and their weeks;
 * - at the site he moved to, a man of his segment (his attributes but time to serve) who is on no
 *   course moves on, making the room he takes: the site's mix is unchanged, man for man. Where
 *   the site has no such man, his weeks there count as receptions of his segment instead: its
 *   draws of that segment are drawn again while his weeks outweigh half the segment's mean stay
 *   (stock / arrivals a week, Little's law), each redraw setting one mean stay against them.
 * The draws come from the replication's arrivals stream, so results stay a function of
 * (scenario, seed, replication).
 */
import type { RandomStream } from '../random/streams.js';
import type { Synthesizer } from './synthesizer.js';
import { cellOf, type TableCells } from './tableCells.js';

/** Redraws for one reception before giving up on the credits (every segment credited). */
const MAX_REDRAWS = 32;

export interface BalancedSite {
  stock: Synthesizer;
  receptions: Synthesizer;
  /** The site's source tables: "alike" is alike in their cells. */
  tables: readonly TableCells[];
}

/** What the balance reads of the people: the engine's People arrays. */
export interface BalancedPeople {
  establishment: Int32Array;
  departWeek: Int32Array;
  activeCourses: Uint8Array;
}

export class ReferralBalance {
  /** Per treatment site (null elsewhere): people who arrived there, oldest first (pruned as they leave). */
  private readonly residents: (number[] | null)[];
  /** Per prison: cells of its receptions owed in kind to replace men moved out, first in first out. */
  private readonly owed: number[][];
  private readonly owedNext: number[];
  /** Per prison: segment key -> weeks of men moved in not yet set against receptions of that segment. */
  private readonly credits: Map<number, number>[];
  /** Per prison: segment key -> mean stay of its receptions in weeks (null: a stated mix, count one for one). */
  private readonly meanStay: (Map<number, number> | null)[];
  /** The reception sources the mean stays belong to (a scheduled change may replace one). */
  private readonly sources: Synthesizer[];
  private readonly tables: (readonly TableCells[])[];

  constructor(
    sites: readonly BalancedSite[],
    private readonly timeLeftAttribute: number,
    /** Attribute codes per person (the width of a row of People.codes). */
    private readonly attributes: number,
    /** Per site: whether any other refers people to it. */
    treatmentSite: readonly boolean[],
    /** Bands of time left, in weeks, by code. */
    private readonly bands: readonly { min: number; max: number }[],
  ) {
    this.residents = treatmentSite.map((t) => (t ? [] : null));
    this.sources = sites.map((s) => s.receptions);
    this.tables = sites.map((s) => s.tables);
    this.owed = sites.map(() => []);
    this.owedNext = sites.map(() => 0);
    this.credits = sites.map(() => new Map());
    this.meanStay = sites.map((s) => {
      // Steady-state receptions are people a week: stock / arrivals is the segment's mean stay.
      if (!s.receptions.stayToBandTop) return null;
      const stock = s.stock.segmentWeights(timeLeftAttribute);
      const arrivals = s.receptions.segmentWeights(timeLeftAttribute);
      const stay = new Map<number, number>();
      for (const [key, a] of arrivals) stay.set(key, Math.max(1, (stock.get(key) ?? 0) / a));
      return stay;
    });
  }

  /**
   * A man (codes from `row`) moved from prison `from`, where he was due to stay `weeksLeftFrom`
   * more weeks, to `to`, where he is due to stay `weeksThere`; the sources are the prisons'
   * current reception sources. `roomMade`:
   * someone like him moved on from `to` (makeRoom), so its receptions need no correction.
   */
  moved(
    from: number,
    fromSource: Synthesizer,
    to: number,
    toSource: Synthesizer,
    codes: Uint8Array,
    row: number,
    weeksLeftFrom: number,
    weeksThere: number,
    roomMade: boolean,
  ): void {
    // Receptions stay about the top of their band (arrivals.ts): the band whose top is nearest above.
    let band = -1;
    for (let k = 0; k < this.bands.length; k++) {
      const b = this.bands[k];
      if (weeksLeftFrom > b.min && (band < 0 || b.max < this.bands[band].max)) band = k;
    }
    const cell = fromSource.cellOfCodes(codes, row);
    this.owed[from].push(band < 0 ? cell : fromSource.withCode(cell, this.timeLeftAttribute, band));
    if (roomMade) return;
    const key = toSource.cellOfCodes(codes, row, this.timeLeftAttribute);
    const stays = this.meanStay[to];
    const credit = stays === null || toSource !== this.sourceOf(to) ? 1 : Math.max(0, weeksThere);
    this.credits[to].set(key, (this.credits[to].get(key) ?? 0) + credit);
  }

  /** Person i is now at site e: a man who may later make room for one like him. */
  arrived(e: number, i: number): void {
    this.residents[e]?.push(i);
  }

  /**
   * Someone at site `to` like moved man i (codes from `row`), on no course and not leaving by
   * `week`, to move on and make room for him; or -1 when there is none. "Like him": in the same
   * cell of the most of the site's source tables (what a planner reads the site's population
   * by), so every table is kept where the site has such a man; among those, the one due to leave nearest
   * the week he is (he is due to stay longer than most: he was chosen with time for a course).
   */
  makeRoom(to: number, i: number, codes: Uint8Array, row: number, week: number, people: BalancedPeople): number {
    const list = this.residents[to];
    if (!list) return -1;
    const tables = this.tables[to];
    const his = tables.map((t) => cellOf(t, codes, row));
    let best = -1;
    let bestScore = -1;
    let bestGap = Infinity;
    const stay = people.departWeek[i];
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      const j = list[k];
      // Gone (left, or moved on): drop from the list.
      if (people.establishment[j] !== to || people.departWeek[j] <= week) continue;
      list[kept++] = j;
      if (j === i || people.activeCourses[j] > 0) continue;
      let score = 0;
      for (let t = 0; t < tables.length; t++) if (cellOf(tables[t], codes, j * this.attributes) === his[t]) score++;
      // Among those alike, the one due to stay as long as he is: he takes that man's weeks, so
      // the segment's person-weeks, not only its head count, stay as they were.
      const gap = Math.abs(people.departWeek[j] - stay);
      if (score > bestScore || (score === bestScore && gap <= bestGap)) {
        bestScore = score;
        bestGap = gap;
        best = j;
      }
    }
    list.length = kept;
    return best;
  }

  /** The joint cell of prison e's next reception. */
  drawCell(e: number, source: Synthesizer, rng: RandomStream): number {
    const owed = this.owed[e];
    if (this.owedNext[e] < owed.length) {
      const cell = owed[this.owedNext[e]++];
      if (this.owedNext[e] === owed.length) {
        owed.length = 0;
        this.owedNext[e] = 0;
      }
      return cell;
    }
    const credits = this.credits[e];
    let cell = source.drawCell(rng);
    if (credits.size === 0) return cell;
    const stays = source === this.sourceOf(e) ? this.meanStay[e] : null;
    for (let k = 0; k < MAX_REDRAWS; k++) {
      const key = source.segmentOfCell(cell, this.timeLeftAttribute);
      const credit = credits.get(key);
      const stay = stays?.get(key) ?? 1;
      if (credit === undefined || credit < stay / 2) return cell;
      if (credit - stay <= 0) credits.delete(key);
      else credits.set(key, credit - stay);
      cell = source.drawCell(rng);
    }
    return cell;
  }

  private sourceOf(e: number): Synthesizer {
    return this.sources[e];
  }
}
