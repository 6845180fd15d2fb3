/**
 * Transfers within the region: a man transferred out (the establishment's `transfersOutPerYear`
 * hazard) goes, for the shares in `flows.transfersTo`, to another establishment of the file, the
 * rest leaving the region as before. He stays the same person: attributes, need, the week he
 * joined each list (tie-breaks), treatment history and time left all go with him, so his open
 * need follows him and is counted once, not "moved on" at the sender and joined again at the
 * receiver.
 *
 * The receiver's population keeps its size and mix: a man moved in (a transfer here, or a
 * referral start at a treatment hub) takes the place of the receiver's own receptions of the
 * same segment (ReceptionCredits): a transfer, of weeks / T of one, his weeks there over its mean
 * stay of the segment (moves.ts oweWeeks). Without it, men moved in for treatment push receptions
 * out of the mix (issue 6's hub drift: ISPs and sex offenders growing at the hubs).
 *
 * So a receiver takes a transfer only while the receptions of his segment it owes are fewer than
 * a few weeks of its own receptions of that segment (ReceptionCredits.hasRoom): men of a segment
 * come in no faster than its receptions of that segment, whose places they take. A transfer it
 * has no room for leaves the region, as the share not sent to the file does. Without
 * that, transfers from the locals (Birmingham and Hewell send 2 a year of their population, 5% of
 * it to Stafford) brought ISPs and sex offenders faster than Stafford receives them: the places
 * owed piled up and Stafford's ISPs grew from 71 to 84, its sexual ISPs from 31 to 40, in a year.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Synthesizer } from '../population/synthesizer.js';

/** Per establishment: where its transfers out go in the file, as cumulative shares. */
export interface CompiledTransfers {
  to: Int32Array;
  /** Running totals of the shares; a draw at or above the last leaves the region. */
  cumulative: Float64Array;
}

/** Each establishment's destinations, or null where all its transfers leave the region. */
export function compileTransfers(scenario: Scenario): (CompiledTransfers | null)[] {
  const index = new Map(scenario.establishments.map((e, k) => [e.id, k]));
  return scenario.establishments.map((e) => {
    const list = (e.flows.transfersTo ?? []).filter((t) => t.share > 0 && index.has(t.establishment));
    if (list.length === 0 || e.flows.transfersOutPerYear <= 0) return null;
    let total = 0;
    return {
      to: Int32Array.from(list, (t) => index.get(t.establishment) as number),
      cumulative: Float64Array.from(list, (t) => (total += t.share)),
    };
  });
}

/** The establishment a transfer goes to for a uniform draw u in [0, 1), or -1: out of the region. */
export function destinationFor(t: CompiledTransfers, u: number): number {
  const c = t.cumulative;
  for (let k = 0; k < c.length; k++) if (u < c[k]) return t.to[k];
  return -1;
}

/**
 * The segment a reception or a man moved in belongs to, for the receptions he replaces: his
 * offence and sentence bands (what the sources' tables and the hub drift are about: ISPs at
 * Stafford, sex offenders at Swinfen Hall). Finer cells (time left, OGRS, OVP, OSP) leave most
 * men without a reception of their own to replace: with time left added, Stafford replaced 4 of
 * 87 men moved in over two years, against 26 of 89 without it.
 */
export class ReceptionSegments {
  /** Per establishment: segment key of each joint cell (-1: never drawn), and whether a key is drawn. */
  private readonly keyOfCell: Map<number, number>[];
  private readonly drawn: Set<number>[];
  /** Per establishment: the share of its receptions in each segment. */
  private readonly shares: Map<number, number>[];

  constructor(
    sources: readonly Synthesizer[],
    private readonly attributes: readonly number[],
    private readonly sizes: readonly number[],
  ) {
    this.keyOfCell = [];
    this.drawn = [];
    this.shares = [];
    // Establishments with the same population fit share one reception source (compile.ts
    // populationOf), and so one set of tables here, which nothing changes after this: the
    // national bench's 100 prisons built 100 identical sets, twice per context (window and
    // warm-up), about 50 MB of maps and sets.
    const built = new Map<Synthesizer, number>();
    for (const source of sources) {
      const same = built.get(source);
      if (same !== undefined) {
        this.keyOfCell.push(this.keyOfCell[same]);
        this.drawn.push(this.drawn[same]);
        this.shares.push(this.shares[same]);
        continue;
      }
      built.set(source, this.keyOfCell.length);
      const keys = new Map<number, number>();
      const drawn = new Set<number>();
      const shares = new Map<number, number>();
      source.drawableCells().forEach((cell, k) => {
        const key = this.key((a) => source.codeIn(cell, a));
        keys.set(cell, key);
        drawn.add(key);
        shares.set(key, (shares.get(key) ?? 0) + source.drawShare(k));
      });
      this.keyOfCell.push(keys);
      this.drawn.push(drawn);
      this.shares.push(shares);
    }
  }

  private key(code: (attribute: number) => number): number {
    let key = 0;
    for (let k = 0; k < this.attributes.length; k++) key = key * (this.sizes[k] + 1) + (code(this.attributes[k]) + 1);
    return key;
  }

  ofCell(e: number, cell: number): number {
    return this.keyOfCell[e].get(cell) ?? -1;
  }

  /**
   * A person's segment as an establishment's receptions (`source`) see it, from `code` (his band
   * of an attribute); attributes its cells leave free do not count.
   */
  ofPerson(code: (attribute: number) => number, source: Synthesizer): number {
    const counted = this.countedOf(source);
    return this.key((a) => (counted[this.attributes.indexOf(a)] === 1 ? code(a) : -1));
  }

  /**
   * ofPerson for the person whose codes start at `row`, with no function made per call: it runs
   * at every transfer, visit and settling (moves.ts segmentOf), and the two closures it took
   * were 6% of a West Midlands replication under tsx, which names each one made.
   */
  ofRow(codes: ArrayLike<number>, row: number, source: Synthesizer): number {
    const counted = this.countedOf(source);
    let key = 0;
    for (let k = 0; k < this.attributes.length; k++)
      key = key * (this.sizes[k] + 1) + (counted[k] === 1 ? codes[row + this.attributes[k]] + 1 : 0);
    return key;
  }

  /**
   * Each establishment's mean stay by segment (SegmentStays), made once for establishments of the
   * same tables and kept: the segments are shared by a scenario's replications (simulate.ts
   * SimulationContext), and made at each one the stays took 30 ms of a West Midlands replication.
   * Compared table by table, not as one array: a warm-up's replications each get a copy of the
   * establishments with their own group phases (warmup.ts schedulePhases), the same tables.
   */
  staysOf(establishments: SegmentStays['establishments']): SegmentStays {
    const kept = this.stays?.establishments;
    const same =
      kept !== undefined &&
      kept.length === establishments.length &&
      kept.every(
        (e, k) =>
          e.stock === establishments[k].stock &&
          e.receptions === establishments[k].receptions &&
          e.populationTotal === establishments[k].populationTotal,
      );
    if (!same) this.stays = new SegmentStays(establishments, this);
    return this.stays as SegmentStays;
  }

  private stays: SegmentStays | null = null;

  /**
   * bandsScale from e's segment `own` to d's segment `key`, these being risk bands and `segments`
   * the reception segments, worked out once for these bands, which a batch's replications share
   * (a Map made with each replication, refilled in each, was 5-9% of a West Midlands replication).
   */
  bandsScaleOf(segments: ReceptionSegments, e: number, own: number, d: number, key: number): number {
    if (this.scalesFrom !== segments) {
      this.scales.clear();
      this.scalesFrom = segments;
    }
    const E = this.keyOfCell.length;
    const id = ((own * segments.radixAfter(0) + key) * E + e) * E + d;
    let scale = this.scales.get(id);
    if (scale === undefined) {
      scale = bandsScale(this, e, own, d, key, segments.share(e, own), segments.share(d, key));
      this.scales.set(id, scale);
    }
    return scale;
  }

  /** bandsScaleOf's answers by (segment, segment, sender, receiver), and the segments they were worked out with. */
  private readonly scales = new Map<number, number>();
  private scalesFrom: ReceptionSegments | null = null;

  /** For each attribute of the key, 1 where `source`'s cells fix it (what ofPerson and ofRow count), kept per source. */
  private countedOf(source: Synthesizer): Uint8Array {
    let counted = this.countedBy.get(source);
    if (counted === undefined) {
      const cell = source.drawableCells()[0];
      counted = Uint8Array.from(this.attributes, (a) => (cell === undefined || source.codeIn(cell, a) < 0 ? 0 : 1));
      this.countedBy.set(source, counted);
    }
    return counted;
  }

  /** Per reception source: for each attribute of the key, 1 where its cells fix it (countedOf). */
  private readonly countedBy = new Map<Synthesizer, Uint8Array>();

  /** A reception cell of e in the segment, for a uniform draw u (-1: e receives none of it). */
  cellOf(e: number, key: number, source: Synthesizer, u: number): number {
    const total = this.share(e, key);
    if (total <= 0) return -1;
    let left = u * total;
    let last = -1;
    const cells = source.drawableCells();
    for (let k = 0; k < cells.length; k++) {
      if (this.keyOfCell[e].get(cells[k]) !== key) continue;
      left -= source.drawShare(k);
      last = cells[k];
      if (left < 0) return last;
    }
    return last; // rounding: the segment's last cell
  }

  /** The share of e's receptions in the segment (0: none). */
  share(e: number, key: number): number {
    return this.shares[e].get(key) ?? 0;
  }

  /** e's segments, each with its share of e's receptions. */
  sharesOf(e: number): ReadonlyMap<number, number> {
    return this.shares[e];
  }

  /** What a key is divided by to leave its first n attributes' digits (the segment of a risk band's key). */
  radixAfter(n: number): number {
    let radix = 1;
    for (let k = n; k < this.sizes.length; k++) radix *= this.sizes[k] + 1;
    return radix;
  }

  /** Whether e's receptions include the segment (a trainer receives no remand prisoners, say). */
  receives(e: number, key: number): boolean {
    return this.drawn[e].has(key);
  }
}

/**
 * Each establishment's mean stay of its own receptions by reception segment (ReceptionSegments),
 * by Little's law: the stock's people of the segment (its tables) over its steady receptions of it
 * a week (arrivals.ts: the reception joint's weights are arrivals a week). Infinity where it
 * receives none of the segment, or its receptions are a stated mix (no steady state says).
 *
 * What for: a man at a hub for a course, due home after it (hubReturns.ts), is counted by both
 * prisons' tables, at the hub while there and at home while away. Over his weeks away d, the hub
 * takes d / (its mean stay of his segment) fewer receptions of his segment, and home as many
 * more in kind (ReceptionCredits.lend, lendBack): each prison's own men of the segment are then
 * its table less (hub) or plus (home) the men away, in expectation (moves.ts move).
 */
export class SegmentStays {
  private readonly stays: Map<number, number>[];
  private readonly counts: Map<number, number>[] = [];

  constructor(
    readonly establishments: readonly { stock: Synthesizer; receptions: Synthesizer; populationTotal: number }[],
    segments: ReceptionSegments,
  ) {
    this.stays = establishments.map((e, x) => {
      const stays = new Map<number, number>();
      const people = new Map<number, number>();
      this.counts.push(people);
      e.stock.drawableCells().forEach((cell, k) => {
        const key = segments.ofPerson((a) => e.stock.codeIn(cell, a), e.receptions);
        people.set(key, (people.get(key) ?? 0) + e.stock.drawShare(k) * e.populationTotal);
      });
      if (!e.receptions.stayToBandTop) return stays;
      const arrivals = e.receptions.joint.weights.reduce((n, w) => n + (w > 0 ? w : 0), 0);
      if (!(arrivals > 0)) return stays;
      for (const [key, n] of people) {
        const perWeek = arrivals * segments.share(x, key);
        if (perWeek > 0 && n > 0) stays.set(key, n / perWeek);
      }
      return stays;
    });
  }

  /** People of segment `key` at e by its tables (its stock's share of it x its population). */
  count(e: number, key: number): number {
    return this.counts[e].get(key) ?? 0;
  }

  /** Mean stay in weeks of e's receptions of segment `key` (Infinity: none, or not known). */
  of(e: number, key: number): number {
    return this.stays[e].get(key) ?? Infinity;
  }
}

/**
 * Segments and risk bands (OGRS, OSP, OVP where the scenario has them) of transfers in the region
 * (keepsBands).
 */
export function riskSegments(
  sources: readonly Synthesizer[],
  attributes: readonly { id: string; categories: readonly unknown[] }[],
  offence: number,
  sentence: number,
): ReceptionSegments {
  const risk = ['ogrs', 'osp', 'ovp'].map((id) => attributes.findIndex((a) => a.id === id)).filter((k) => k >= 0);
  const by = [offence, sentence, ...risk];
  return segmentsOf(
    sources,
    by,
    by.map((a) => attributes[a].categories.length),
  );
}

/**
 * ReceptionSegments of `sources` by `attributes` (of `sizes` bands), kept with the first source
 * (Synthesizer.keptWith) for every later context of the same fits: the window's and the warm-up's,
 * and those of the edits after it in an app's worker, whose compiles reuse the fits. Made afresh,
 * with the mean stays a transfer or hub visit settles by (staysOf), they were 20-45 ms of the West
 * Midlands' first replication after each edit (Node; more in a browser's worker). What they hold
 * is worked out from the sources alone, whichever context asks first.
 */
export function segmentsOf(
  sources: readonly Synthesizer[],
  attributes: readonly number[],
  sizes: readonly number[],
): ReceptionSegments {
  const make = () => new ReceptionSegments(sources, attributes, sizes);
  if (sources.length === 0) return make();
  return sources[0].keptWith(`reception segments by ${attributes.join(',')} of ${sizes.join(',')}`, sources, make);
}

/** Purpose of the draw keepsBands makes (hashUniform; after replicationState.ts's SWAP_STAY): base + week. */
export const TRANSFER_BANDS = 1 << 27;

/**
 * The chance that a receiver takes a man transferred in, for his risk bands: `received`, the
 * share of the receiver's receptions of his segment (offence and sentence) that are of his risk
 * bands, against `sent`, the same share at the sender. A man of bands the receiver takes less
 * often than the sender holds is taken at their ratio, else always; one not taken leaves the
 * region, as a transfer the receiver has no room for does.
 *
 * Why: he takes the place of one of the receiver's receptions of his segment (ReceptionCredits),
 * whatever its risk bands, and brought the sender's risk mix (a local's, the region's) in place of
 * the receiver's: West Midlands, 3 years, Stafford's OGRS 50-74 violent men at OVP medium 37 -> 24,
 * its sex offenders at OSP medium 94 -> 106, Oakwood's violent men at OVP high 73 -> 82, Long
 * Lartin's sex offenders 82 -> 71; with transfers in the region off, none of these moved. Owing
 * a reception of his risk bands too instead held the owed places of rare bands for months, and
 * the segments drifted (Stafford's ISPs 73 -> 84). `received` comes scaled (bandsScale).
 */
export function keepsBands(received: number, sent: number, u: number): boolean {
  return sent <= 0 || received >= sent || u * sent < received;
}

/** The least scale bandsScale gives: a segment's transfers are never cut by more than half for their bands. */
export const BANDS_SCALE_FLOOR = 0.5;

/**
 * The scale on keepsBands' `received` for the men of a segment sent from `from` to `to` (its key
 * at each, `fromSegment` and `toSegment`, of offence and sentence; `bands` by risk band too, whose
 * first two attributes are those): the least, over the bands both receive, of the sender's share
 * of the segment in the band over the receiver's, at most 1, at least BANDS_SCALE_FLOOR.
 *
 * Why: taken at min(1, received / sent), the men of each band come at min(sent, received), so a
 * band the sender holds less of than the receiver comes short of the receiver's mix and the
 * others make up the rest, while the receptions they take the places of are of every band in the
 * receiver's mix. Scaled, each band comes at its receiver's share wherever the sender has enough:
 * West Midlands, 60 replications, Stafford's OGRS 25-49 violent men 22.8 -> 24.6, 25.9, 26.7 at
 * the year ends, now 23.2, 22.9, 23.0; its OGRS 50-74 ones at OVP medium 37.6 -> 33.9 by year 3,
 * now 36.4 (the locals send 35% of their violent men at OGRS 25-49, where Stafford holds 22%).
 * Stafford takes 13% fewer transfers (266 -> 231 in three years); no other prison's change.
 * The floor keeps the file's flows where a sender has only a little of one band.
 */
export function bandsScale(
  bands: ReceptionSegments,
  from: number,
  fromSegment: number,
  to: number,
  toSegment: number,
  fromShare: number,
  toShare: number,
): number {
  if (!(fromShare > 0) || !(toShare > 0)) return 1;
  const radix = bands.radixAfter(2);
  let scale = 1;
  for (const [band, share] of bands.sharesOf(to)) {
    if (Math.floor(band / radix) !== toSegment || !(share > 0)) continue;
    const sent = bands.share(from, fromSegment * radix + (band % radix)) / fromShare;
    if (sent > 0) scale = Math.min(scale, sent / (share / toShare));
  }
  return Math.max(scale, BANDS_SCALE_FLOOR);
}

/** Weeks of a receiver's receptions of a segment that men moved in may have taken ahead (hasRoom). */
const ROOM_WEEKS = 4;

/**
 * Receptions owed to men moved in: per establishment, a count per reception segment. Nothing is
 * owed in a run without moves, so its receptions draw exactly as before.
 */
export class ReceptionCredits {
  private readonly bySegment: Map<number, number>[];
  private readonly pending: Int32Array;
  /** Per establishment: receptions a week, recently (noteReceptions). */
  private readonly perWeek: Float64Array;
  private readonly departed: Int32Array;
  /** Receptions due in kind per establishment and segment (replaceInKind). */
  private readonly dueBySegment: Map<number, number>[];
  private readonly duePending: Int32Array;

  constructor(establishments: number) {
    this.bySegment = Array.from({ length: establishments }, () => new Map<number, number>());
    this.pending = new Int32Array(establishments);
    this.perWeek = new Float64Array(establishments);
    this.departed = new Int32Array(establishments);
    this.dueBySegment = Array.from({ length: establishments }, () => new Map<number, number>());
    this.duePending = new Int32Array(establishments);
  }

  /**
   * A man of segment `key` moved in at e for a course (a hub) leaves it, going home or released:
   * e settles the reception it still owes for him, or, owing none (his place was taken from one
   * of its receptions of his segment), replaces him in kind, with a reception of his segment (its
   * next receptions' first draws). Why: replaced from the whole mix, each visitor for months took
   * one of e's own receptions of his segment for good; Stafford's sexual ISPs, 31 at the start of
   * the West Midlands run, were 39 after a year (men in for Core SOTP) and 18 after three.
   */
  replaceInKind(e: number, key: number): void {
    if (this.take(e, key)) return;
    this.dueBySegment[e].set(key, (this.dueBySegment[e].get(key) ?? 0) + 1);
    this.duePending[e]++;
  }

  /** Parts of a reception owed (lend) or due in kind (lendBack), per establishment and segment, until a whole one. */
  private readonly lentParts: Map<number, number>[] = [];
  private readonly dueParts: Map<number, number>[] = [];

  /**
   * A man of segment `key` at e for `weeks` (a visitor at a hub): e owes `part` of a reception of
   * his segment (his weeks there over its receptions' mean stay: SegmentStays), skipped as owe's
   * are once the parts make a whole one. Parts add up in `pool`, the segment a risk-band key
   * (settlingKey) belongs to, and the whole one is owed by the band of the man whose part made it,
   * unless e's receptions (`share` of them that band) would not bring one in his weeks there: then
   * by the segment.
   *
   * Why: kept apart by band, most parts stayed below one for good (a band has few visitors), and a
   * whole one owed by a band a young offenders' hub hardly receives waited years for it, so the hub
   * went on receiving the receptions its visitors stood for: Swinfen Hall's sex offenders, 77 in its
   * table, were 80, 85 and 81 at the ends of the West Midlands' years (60 replications), its
   * unsettled parts and receptions owed growing by about 7 a year; so, 79, 80 and 79.
   */
  lend(e: number, key: number, part: number, pool: number = key, share = 1, weeks = Infinity): void {
    for (let n = this.addPart(this.lentParts, e, pool, part); n > 0; n--)
      this.owe(e, key === pool || this.metWithin(e, key, share, weeks) ? key : pool);
  }

  /** Whether one more reception owed of `key` at e (`share` of its receptions) comes within `weeks` at its recent rate. */
  private metWithin(e: number, key: number, share: number, weeks: number): boolean {
    const perWeek = Math.max(this.perWeek[e], this.departed[e]);
    return (this.bySegment[e].get(key) ?? 0) + 1 <= share * perWeek * weeks;
  }

  /**
   * A man of segment `key` away from e for a while (at a hub for a course): `part` of a reception
   * of his segment is due at e in kind (his weeks away over its receptions' mean stay), drawn
   * first among its receptions (receptionsInKind) once the parts in `pool` make a whole one (lend).
   */
  lendBack(e: number, key: number, part: number, pool: number = key): void {
    const n = this.addPart(this.dueParts, e, pool, part);
    if (n === 0) return;
    this.dueBySegment[e].set(key, (this.dueBySegment[e].get(key) ?? 0) + n);
    this.duePending[e] += n;
  }

  /** Adds a part to parts[e][key]; the whole ones they make, taken off. */
  private addPart(parts: Map<number, number>[], e: number, key: number, part: number): number {
    if (!(part > 0) || !Number.isFinite(part)) return 0;
    while (parts.length <= e) parts.push(new Map<number, number>());
    const sum = (parts[e].get(key) ?? 0) + part;
    const whole = Math.floor(sum);
    parts[e].set(key, sum - whole);
    return whole;
  }

  /** Whether e owes a reception of segment `key` to a man moved in (owe). */
  owes(e: number, key: number): boolean {
    return (this.bySegment[e].get(key) ?? 0) > 0;
  }

  /** Whether e has a reception of segment `key` due in kind (replaceInKind). */
  isDue(e: number, key: number): boolean {
    return (this.dueBySegment[e].get(key) ?? 0) > 0;
  }

  /** Whether e has receptions due in kind (replaceInKind). */
  hasDue(e: number): boolean {
    return this.duePending[e] > 0;
  }

  /** Segments of e's receptions due in kind, each as often as due; clears them. */
  takeDue(e: number, max: number, out: number[]): void {
    out.length = 0;
    for (const [key, n] of this.dueBySegment[e]) {
      for (let k = 0; k < n && out.length < max; k++) out.push(key);
      if (out.length >= max) break;
    }
    for (const key of out) {
      const n = this.dueBySegment[e].get(key) as number;
      if (n === 1) this.dueBySegment[e].delete(key);
      else this.dueBySegment[e].set(key, n - 1);
      this.duePending[e]--;
    }
  }

  /** A man of segment `key` moved in at e. */
  owe(e: number, key: number): void {
    // A reception of his segment still due at e, in kind for a visitor gone, is his place.
    const due = this.dueBySegment[e].get(key) ?? 0;
    if (due > 0) {
      if (due === 1) this.dueBySegment[e].delete(key);
      else this.dueBySegment[e].set(key, due - 1);
      this.duePending[e]--;
      return;
    }
    this.bySegment[e].set(key, (this.bySegment[e].get(key) ?? 0) + 1);
    this.pending[e]++;
  }

  has(e: number): boolean {
    return this.pending[e] > 0;
  }

  /**
   * Whether e has room for one more man of segment `key` moved in, standing for `part` of its
   * receptions of it (his weeks there over its mean stay, moves.ts receptionsStoodFor): the
   * receptions it owes of that segment, his part counted, are fewer than one plus those its
   * receptions (`share` of them) bring in ROOM_WEEKS weeks at its recent rate. Beyond that, men
   * moved in would outrun the receptions whose places they take, and the population would drift
   * towards their mix. Why his part: an ISP with years to serve stands for several receptions of a
   * segment a trainer receives a few of a year; let in on the receptions owed alone, such men
   * grew the West Midlands' Stafford's ISPs of offences its tables do not name 10 -> 13.6 in two
   * years (12 replications).
   */
  hasRoom(e: number, key: number, share: number, part = 0): boolean {
    // This week's departures, where the recent rate is not known yet (the first weeks of a run).
    const perWeek = Math.max(this.perWeek[e], this.departed[e]);
    return (this.bySegment[e].get(key) ?? 0) + part < 1 + share * perWeek * ROOM_WEEKS;
  }

  /** A departure from e this week (newWeek clears them). */
  noteDeparture(e: number): void {
    this.departed[e]++;
  }

  newWeek(): void {
    this.departed.fill(0);
  }

  /** e's receptions this week (week w of the run): its recent rate, a running mean then a moving one. */
  noteReceptions(e: number, n: number, w: number): void {
    const weight = Math.max(1 / (w + 1), 0.1);
    this.perWeek[e] += weight * (n - this.perWeek[e]);
  }

  /** Whether a reception of segment `key` at e is taken by a man already moved in (and settles it). */
  take(e: number, key: number): boolean {
    const owed = this.bySegment[e].get(key) ?? 0;
    if (owed === 0) return false;
    if (owed === 1) this.bySegment[e].delete(key);
    else this.bySegment[e].set(key, owed - 1);
    this.pending[e]--;
    return true;
  }
}
