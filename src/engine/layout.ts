/**
 * Where each number of a replication lives in the flat per-replication record.
 *
 * A replication writes plain counts into one Float64Array (scalars) and one Float32Array of
 * weekly series; batches of replications are these records end to end, which is what crosses
 * the worker boundary. Everything derived (means, rates, region totals) is worked out later.
 */

import { UNMET_REASONS } from './unmetReasons.js';

/** Outcome counts kept for a programme at an establishment, and per OGRS band and offence. */
export const OUTCOMES = [
  'joined',
  'starts',
  'completions',
  'nonCompletions',
  'inProgressAtEnd',
  'unmetNeed',
  'waitingAtEnd',
  // Opening state (a running start): on the list, and on a course started before the window.
  'waitingAtStart',
  'inProgressAtStart',
  // Places given up because the person started another alternative of the same need (needs.ts).
  'withdrawn',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const O = Object.fromEntries(OUTCOMES.map((name, i) => [name, i])) as Record<Outcome, number>;

/** The assessment funnel's counts (assessment.ts), kept with the programme scalars. */
export const FUNNEL_COUNTS = [
  'referred',
  'reReferred',
  'reassessed',
  'suitable',
  'notReady',
  'notSuitable',
  'deniers',
  'refusers',
  'deselected',
] as const;

/** Programme scalars after the outcomes. */
export const PROGRAMME_EXTRAS = [
  'unmetByDeparture',
  'unmetByTimeLeft',
  'referredOut',
  'waitWeeksSum',
  'joinedAtStart',
  'placesOffered',
  // Of unmetNeed, by reason (unmetReasons.ts).
  ...UNMET_REASONS,
  // The assessment funnel (assessment.ts).
  ...FUNNEL_COUNTS,
  // Of joinedAtStart: places of men referred again before the window, their need started then.
  'reReferredAtStart',
] as const;
export type ProgrammeExtra = (typeof PROGRAMME_EXTRAS)[number];

/**
 * Counts by year of the window. `withdrawn`: places that followed their man to another list of the
 * file (a transfer in the region), so a region's joiners in a year can count each man once; a
 * declared need is never withdrawn (it is counted once, where it went: needs.ts).
 */
export const YEARLY = ['joined', 'starts', 'completions', 'unmetNeed', 'withdrawn'] as const;
/** Counts of a declared need at an establishment (needs.ts), before its yearly counts. */
export const NEED_COUNTS = [
  'joined',
  'starts',
  'completions',
  'unmetNeed',
  'waitingAtEnd',
  'waitingAtStart',
  ...UNMET_REASONS,
] as const;
export type NeedCount = (typeof NEED_COUNTS)[number];
const NEED_COUNT_SIZE = NEED_COUNTS.length;
export type Yearly = (typeof YEARLY)[number];

export const TIER_SCALARS = ['peopleWeeks', 'sessionsRequired', 'sessionsDelivered'] as const;
export const ESTABLISHMENT_SCALARS = [
  'populationWeeks',
  'receptions',
  'departures',
  'indeterminateWeeks',
  'pastTariffWeeks',
  // Transfers between establishments of the file (transfers.ts): out of here, and in.
  'transfersOut',
  'transfersIn',
] as const;
/**
 * Per planned segment of a delivery (allocation.ts): its starts and completions, its reserved
 * places, and `supply`: men of the segment joining a list of the need they could start from in
 * the window, once per need, at the first of the need's alternatives that plans for the segment
 * (waitingLists.ts countSupply; results/segmentPlan.ts sets it against the starts planned).
 */
export const SEGMENT_SCALARS = ['starts', 'completions', 'reservedOffered', 'reservedTaken', 'supply'] as const;
export type SegmentScalar = (typeof SEGMENT_SCALARS)[number];
export const PROGRAMME_SERIES = ['waiting', 'cumulativeStarts', 'cumulativeCompletions'] as const;
export const TIER_SERIES = ['required', 'delivered'] as const;

/** Position of each name in its list, looked up once rather than with indexOf in hot loops. */
function positions<T extends string>(names: readonly T[]): Record<T, number> {
  return Object.fromEntries(names.map((n, i) => [n, i])) as Record<T, number>;
}
const EXTRA_AT = positions(PROGRAMME_EXTRAS);
/** Positions of the programme extras in a programme's block, by name (a hot path reads them as fields). */
export const EXTRA: Readonly<Record<ProgrammeExtra, number>> = EXTRA_AT;
const YEARLY_AT = positions(YEARLY);
const ESTABLISHMENT_AT = positions(ESTABLISHMENT_SCALARS);
/**
 * Positions of the establishment scalars in its block, by name, for hot paths to copy into
 * constants: establishmentScalar's lookup by a name it is passed is a keyed load, not inlined,
 * at every reception and departure (about 0.9% of a national replication).
 */
export const ESTABLISHMENT_AT_NAME: Readonly<Record<(typeof ESTABLISHMENT_SCALARS)[number], number>> = ESTABLISHMENT_AT;
const PROGRAMME_SERIES_AT = positions(PROGRAMME_SERIES);
const TIER_SERIES_AT = positions(TIER_SERIES);
const SEGMENT_AT = positions(SEGMENT_SCALARS);

export class Layout {
  readonly years: number;
  /** Scalars of one programme at one establishment. */
  readonly programmeBlock: number;
  readonly tierBlock = TIER_SCALARS.length;
  readonly establishmentBlock: number;
  readonly scalarCount: number;
  readonly seriesPerEstablishment: number;
  readonly seriesCount: number;
  /** Population snapshots per establishment: the start (0) and the end of each year (1..years). */
  readonly snapshots: number;
  private readonly fitOffsets: number[];
  private readonly needsAt: number;
  readonly needBlockSize: number;
  /** Per establishment and programme: where its segments' scalars start. */
  private readonly segmentOffsets: number[][];
  /** Where each part of a programme's block starts within it. */
  readonly offsets: { outcomes: number; extras: number; yearly: number; byOgrs: number; byOffence: number };

  constructor(
    readonly establishments: number,
    readonly programmes: number,
    readonly tiers: number,
    readonly ogrsBands: number,
    readonly offences: number,
    readonly weeks: number,
    /** Offender-management workload (caseload.ts): its own block per establishment, after all the rest. */
    readonly caseloadScalars = 0,
    readonly caseloadSeriesCount = 0,
    /** Per establishment: people counted per source-table cell at each snapshot (all tables' cells and remainders). */
    readonly fitCells: readonly number[] = [],
    /** Declared needs (needs.ts): a block per establishment and need, after everything else. */
    readonly needs = 0,
    /** Per establishment and programme: segments planned for (allocation.ts), after the fit tallies. */
    segments: readonly (readonly number[])[] = [],
  ) {
    this.years = Math.ceil(weeks / 52);
    let at = 0;
    const offsets = { outcomes: 0, extras: 0, yearly: 0, byOgrs: 0, byOffence: 0 };
    offsets.outcomes = at;
    at += OUTCOMES.length;
    offsets.extras = at;
    at += PROGRAMME_EXTRAS.length;
    offsets.yearly = at;
    at += YEARLY.length * this.years;
    offsets.byOgrs = at;
    at += OUTCOMES.length * ogrsBands;
    offsets.byOffence = at;
    at += OUTCOMES.length * offences;
    this.offsets = offsets;
    this.programmeBlock = at;
    this.establishmentBlock = ESTABLISHMENT_SCALARS.length + programmes * this.programmeBlock + tiers * this.tierBlock;
    // Fit tallies come after every establishment block and the caseload blocks, so those keep their offsets.
    this.snapshots = this.years + 1;
    let fitAt = establishments * (this.establishmentBlock + caseloadScalars);
    this.fitOffsets = [];
    for (let e = 0; e < establishments; e++) {
      this.fitOffsets.push(fitAt);
      fitAt += (fitCells[e] ?? 0) * this.snapshots;
    }
    this.needsAt = fitAt;
    this.needBlockSize = NEED_COUNT_SIZE + YEARLY.length * this.years;
    fitAt += establishments * needs * this.needBlockSize;
    // Segments planned for (allocation.ts) come last, so every block before keeps its offsets.
    this.segmentOffsets = [];
    for (let e = 0; e < establishments; e++) {
      const row: number[] = [];
      for (let p = 0; p < programmes; p++) {
        row.push(fitAt);
        fitAt += (segments[e]?.[p] ?? 0) * SEGMENT_SCALARS.length;
      }
      this.segmentOffsets.push(row);
    }
    this.scalarCount = fitAt;
    this.seriesPerEstablishment = programmes * PROGRAMME_SERIES.length + tiers * TIER_SERIES.length;
    this.seriesCount = establishments * (this.seriesPerEstablishment + caseloadSeriesCount);
  }

  /** Index of scalar k of establishment e's caseload block. */
  caseloadScalar(e: number, k: number): number {
    return this.establishments * this.establishmentBlock + e * this.caseloadScalars + k;
  }

  /** Series index of series k of establishment e's caseload block. */
  caseloadSeries(e: number, k: number): number {
    return this.establishments * this.seriesPerEstablishment + e * this.caseloadSeriesCount + k;
  }

  establishmentBase(e: number): number {
    return e * this.establishmentBlock;
  }

  establishmentScalar(e: number, name: (typeof ESTABLISHMENT_SCALARS)[number]): number {
    return this.establishmentBase(e) + ESTABLISHMENT_AT[name];
  }

  /** Start of programme p's block at establishment e. */
  programmeBase(e: number, p: number): number {
    return this.establishmentBase(e) + ESTABLISHMENT_SCALARS.length + p * this.programmeBlock;
  }

  /** Offsets within a programme block. */
  outcome(o: number): number {
    return this.offsets.outcomes + o;
  }
  extra(name: ProgrammeExtra): number {
    return this.offsets.extras + EXTRA_AT[name];
  }
  yearly(name: Yearly, year: number): number {
    return this.offsets.yearly + year * YEARLY.length + YEARLY_AT[name];
  }
  byOgrs(band: number, o: number): number {
    return this.offsets.byOgrs + band * OUTCOMES.length + o;
  }
  byOffence(offence: number, o: number): number {
    return this.offsets.byOffence + offence * OUTCOMES.length + o;
  }

  tierBase(e: number, t: number): number {
    return (
      this.establishmentBase(e) +
      ESTABLISHMENT_SCALARS.length +
      this.programmes * this.programmeBlock +
      t * this.tierBlock
    );
  }

  /** People in fit cell `cell` (over all of e's tables) at snapshot s (0 start, y the end of year y). */
  fitCell(e: number, snapshot: number, cell: number): number {
    return this.fitOffsets[e] + snapshot * (this.fitCells[e] ?? 0) + cell;
  }

  /** Start of declared need n's block at establishment e (needs.ts NEED_COUNTS, then yearly). */
  needBase(e: number, n: number): number {
    return this.needsAt + (e * this.needs + n) * this.needBlockSize;
  }
  /** Offset within a need block of a yearly count. */
  needYearly(name: Yearly, year: number): number {
    return NEED_COUNT_SIZE + year * YEARLY.length + YEARLY_AT[name];
  }

  /** Scalar `name` of segment k of programme p's plan at establishment e. */
  segmentScalar(e: number, p: number, k: number, name: SegmentScalar): number {
    return this.segmentOffsets[e][p] + k * SEGMENT_SCALARS.length + SEGMENT_AT[name];
  }

  /**
   * The runs of a replication's record that belong to establishment e, as [start, length, ...]
   * pairs: `scalars` in the scalar record, `series` in series (times weeks for the offset in the
   * series record). Every number of the record belongs to exactly one establishment, which is what
   * lets establishments that exchange no one be simulated apart and put together
   * (establishmentParts.ts).
   */
  establishmentSpans(e: number): { scalars: number[]; series: number[] } {
    const E = this.establishments;
    const fitEnd = e + 1 < E ? this.fitOffsets[e + 1] : this.needsAt;
    const segmentsAt = this.segmentOffsets[e]?.[0] ?? this.scalarCount;
    const segmentsEnd = e + 1 < E ? (this.segmentOffsets[e + 1]?.[0] ?? this.scalarCount) : this.scalarCount;
    return {
      scalars: [
        this.establishmentBase(e),
        this.establishmentBlock,
        this.caseloadScalar(e, 0),
        this.caseloadScalars,
        this.fitOffsets[e],
        fitEnd - this.fitOffsets[e],
        this.needBase(e, 0),
        this.needs * this.needBlockSize,
        segmentsAt,
        segmentsEnd - segmentsAt,
      ],
      series: [
        e * this.seriesPerEstablishment,
        this.seriesPerEstablishment,
        this.caseloadSeries(e, 0),
        this.caseloadSeriesCount,
      ],
    };
  }

  /** Series index (multiply by weeks for the offset within a replication's series record). */
  programmeSeries(e: number, p: number, name: (typeof PROGRAMME_SERIES)[number]): number {
    return e * this.seriesPerEstablishment + p * PROGRAMME_SERIES.length + PROGRAMME_SERIES_AT[name];
  }
  tierSeries(e: number, t: number, name: (typeof TIER_SERIES)[number]): number {
    return (
      e * this.seriesPerEstablishment +
      this.programmes * PROGRAMME_SERIES.length +
      t * TIER_SERIES.length +
      TIER_SERIES_AT[name]
    );
  }
}
