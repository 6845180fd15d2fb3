/**
 * From per-replication records to the results people read: mean and percentiles of every count,
 * rates worked out per replication before summarising, and the region as the replication-by-
 * replication sum over establishments (so its interval is that of the total, not a sum of
 * intervals).
 */
import { withPlanChecks } from './planChecks.js';
import { batchSamples, sampleLayout } from './samples.js';
import { precisionTargetResult } from './precisionStop.js';
import { backtestReadsBreakdowns } from './backtest.js';
import type { CompiledScenario } from '../engine/compile.js';
import type { RepBatch } from '../engine/simulate.js';
import { OUTCOMES, PROGRAMME_SERIES, YEARLY, type Outcome } from '../engine/layout.js';
import type { Attribute } from '../scenario/schema.js';
import { offenderManagementResult } from './caseloadSummary.js';
import { fitOverTime } from './fitOverTime.js';
import {
  compensatedSum,
  libraryQuantiles,
  quantileOfSorted,
  SortScratch,
  sortInto,
  sortRangeInto,
  tailQuantiles,
} from './quantiles.js';
import { needResults, reasonsOf } from './needSummary.js';
import { funnelResult } from './funnel.js';
import { segmentPlanResults } from './segmentPlan.js';
import type {
  AgreedComparison,
  EstablishmentResult,
  PrecisionTargetResult,
  ProgrammeResult,
  Results,
  SegmentCounts,
  SeriesBand,
  Stat,
  TierResult,
  YearCounts,
} from './types.js';

const STAT_PERCENTILES = [0.05, 0.5, 0.95];
const BAND_PERCENTILES = [0.05, 0.95];

/**
 * Summary of one number over replications. Values in replication order. A summary passes one
 * scratch to all its stats (a West Midlands summary asks for tens of thousands).
 */
export function stat(values: Float64Array, scratch: SortScratch = new SortScratch()): Stat {
  const n = values.length;
  if (n === 0) return { mean: 0, p5: 0, p50: 0, p95: 0 };
  // Many columns are constant (often all zero): nothing to sort.
  const first = values[0];
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === first;
  if (constant) return { mean: first, p5: first, p50: first, p95: first };
  const sorted = scratch.sortedOf(n);
  const mean = compensatedSum(values) / n;
  if (!sortInto(values, sorted, STAT_PERCENTILES, scratch)) {
    const [p5, p50, p95] = libraryQuantiles(values, [0.05, 0.5, 0.95]) as [number, number, number];
    return { mean, p5, p50, p95 };
  }
  return {
    mean,
    p5: quantileOfSorted(sorted, n, 0.05),
    p50: quantileOfSorted(sorted, n, 0.5),
    p95: quantileOfSorted(sorted, n, 0.95),
  };
}

/**
 * Per-replication values of a block of scalars: `block(r)` gives the block of replication r.
 * Region blocks are sums over establishments.
 */
type Column = (offset: number) => Float64Array;

/** How much to summarise. The defaults give the whole results JSON, the public interface. */
export interface SummaryOptions {
  /**
   * Weekly series (waiting lists, cumulative starts, tier hours) with their bands: false leaves
   * every series empty (`mean`, `p5` and `p95` of length 0, the fields still there), for a
   * summary read only for its figures (a provisional one, a headline), where the series are
   * most of the summarising of a long horizon. Every other figure is the same either way.
   */
  weeklySeries?: boolean | WeeklySeriesScope;
  /**
   * The establishments, by id, whose breakdowns (each programme's figures by OGRS band, by offence
   * and by year, and the population's fit by year) are worked out; absent: every establishment's.
   * Another establishment's are left empty and it is marked `breakdownsLeftOut`, unless a delivery
   * there gives actual volumes by band (the backtest reads its breakdowns). For a provisional
   * summary of a view that shows one establishment's breakdowns, or none: in a national one the
   * other establishments' breakdowns were most of the bytes sent to the page.
   */
  breakdowns?: readonly string[];
}

/**
 * The weekly series to work out, where a view draws only some: the region's, and those of the
 * establishments named by id. Every other series is left empty as with `weeklySeries: false`. In
 * a national provisional summary the series of a hundred establishments nobody is looking at were
 * most of the series' summarising and over half of the bytes sent to the page.
 */
export interface WeeklySeriesScope {
  region: boolean;
  establishments: readonly string[];
}

export function summarize(
  compiled: CompiledScenario,
  batches: readonly RepBatch[],
  options: SummaryOptions = {},
): Results {
  const scope = options.weeklySeries ?? true;
  // Sorting buffers for every stat and band of this summary, and of no other.
  const scratch = new SortScratch();
  const statOf = (values: Float64Array) => stat(values, scratch);
  const L = compiled.layout;
  const W = compiled.weeks;
  const ordered = [...batches].sort((a, b) => a.firstReplication - b.firstReplication);
  const R = ordered.reduce((n, b) => n + b.count, 0);
  const scalarRows: Float64Array[] = [];
  const seriesRows: Float32Array[] = [];
  for (const b of ordered) {
    for (let r = 0; r < b.count; r++) {
      scalarRows.push(b.scalars.subarray(r * L.scalarCount, (r + 1) * L.scalarCount));
      seriesRows.push(b.series.subarray(r * L.seriesCount * W, (r + 1) * L.seriesCount * W));
    }
  }

  /**
   * Values over replications of the scalar at `index`, summed over the given establishments, into
   * `out` (a new array unless given).
   */
  const gather = (
    establishments: readonly number[],
    localIndex: (e: number) => number,
    out: Float64Array = new Float64Array(R),
  ): Float64Array => {
    if (establishments.length === 1) {
      const index = localIndex(establishments[0]);
      for (let r = 0; r < R; r++) out[r] = scalarRows[r][index];
      return out;
    }
    // Where each establishment's value sits in a replication's row: the same in every row.
    const indices = Int32Array.from(establishments, localIndex);
    for (let r = 0; r < R; r++) {
      const row = scalarRows[r];
      let v = 0;
      for (let k = 0; k < indices.length; k++) v += row[indices[k]];
      out[r] = v;
    }
    return out;
  };
  // A column read only for its stat is gathered here, not into an array of its own: most of a
  // national summary's columns (segments, years), each a small typed array to collect.
  const passing = new Float64Array(R);
  // One sorting buffer for every week of every band, and the two percentiles tailQuantiles finds.
  const sorted = new Float64Array(R);
  const tails = new Float64Array(2);
  // A week's replications side by side, one buffer for every band: one establishment's read week
  // by week from the replications' rows (a week's values of 100 replications sit on 100 cache
  // lines that serve the next 15 weeks too); several establishments' summed into `sums`, stored
  // week by week.
  const column = new Float64Array(R);
  const all = compiled.establishments.map((e) => e.index);
  // Whether the series of a scope are wanted: one establishment's, or the region's (every
  // establishment; with one establishment, the region is that establishment).
  const shownIds = typeof scope === 'object' ? new Set(scope.establishments) : null;
  const seriesWanted = (establishments: readonly number[]): boolean => {
    if (typeof scope === 'boolean') return scope;
    const region = establishments.length === all.length && scope.region;
    return region || (establishments.length === 1 && shownIds!.has(compiled.establishments[establishments[0]].id));
  };
  const sums = new Float64Array(all.length > 1 && seriesWanted(all) ? R * W : 0);
  const band = (establishments: readonly number[], seriesIndex: (e: number) => number): SeriesBand => {
    if (!seriesWanted(establishments)) return { mean: [], p5: [], p95: [] };
    // Filled week by week from empty, never made W long first: an array made with holes stays
    // "holey" once filled, and a worker's results cross to the page by structured cloning, which
    // copies a holey array index by index (the West Midlands' results: 117 ms to clone against
    // 52 ms packed, Node; most of the provisional summary's time on the way to the first figures).
    const m: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    const offsets = Int32Array.from(establishments, (e) => seriesIndex(e) * W);
    const single = offsets.length === 1;
    if (!single) {
      // Establishments added in their order, to zero, one week of one replication at a time: its
      // establishments' values sit on as many cache lines, which serve its next 15 weeks too.
      const K = offsets.length;
      for (let r = 0; r < R; r++) {
        const row = seriesRows[r];
        for (let w = 0, at = r; w < W; w++, at += R) {
          let v = 0;
          for (let k = 0; k < K; k++) v += row[offsets[k] + w];
          sums[at] = v;
        }
      }
    }
    const values = single ? column : sums;
    for (let w = 0; w < W; w++) {
      // The week's column, read in place (no view of it made a week).
      const at = single ? 0 : w * R;
      let sum = 0;
      let constant = true;
      if (single) {
        // 0 + v: as if added to zeros (the same number, and -0 made 0 alike).
        const offset = offsets[0] + w;
        const first = R > 0 ? 0 + seriesRows[0][offset] : 0;
        for (let r = 0; r < R; r++) {
          const v = 0 + seriesRows[r][offset];
          column[r] = v;
          sum += v;
          if (v !== first) constant = false;
        }
      } else {
        for (let r = 0; r < R; r++) {
          const v = sums[at + r];
          sum += v;
          if (v !== sums[at]) constant = false;
        }
      }
      m[w] = R > 0 ? sum / R : 0;
      if (R === 0 || constant) {
        lo[w] = hi[w] = R > 0 ? values[at] : 0;
        continue;
      }
      if (tailQuantiles(values, at, R, 0.05, 0.95, tails, scratch)) {
        lo[w] = tails[0];
        hi[w] = tails[1];
      } else if (sortRangeInto(values, at, R, sorted, BAND_PERCENTILES, scratch)) {
        lo[w] = quantileOfSorted(sorted, R, 0.05);
        hi[w] = quantileOfSorted(sorted, R, 0.95);
      } else {
        [lo[w], hi[w]] = libraryQuantiles(values.subarray(at, at + R), [0.05, 0.95]) as [number, number];
      }
    }
    return { mean: m, p5: lo, p95: hi };
  };

  const years = L.years;
  const horizonYears = W / 52;
  const ogrs = compiled.attributes[compiled.ogrsAttribute];
  const offence = compiled.attributes[compiled.offenceAttribute];

  // Whether an establishment's breakdowns are worked out (options.breakdowns); with one
  // establishment, the region's breakdowns are its own, so they always are.
  const breakdownIds = options.breakdowns === undefined ? null : new Set(options.breakdowns);
  const breakdownsWanted = (e: number): boolean =>
    breakdownIds === null ||
    all.length === 1 ||
    breakdownIds.has(compiled.establishments[e].id) ||
    backtestReadsBreakdowns(compiled.scenario.establishments[e]);

  const programmeResult = (
    establishments: readonly number[],
    p: number,
    region: boolean,
    breakdowns = true,
  ): ProgrammeResult => {
    const programme = compiled.programmes[p];
    const column: Column = (offset) => gather(establishments, (e) => L.programmeBase(e, p) + offset);
    const columnStat = (offset: number) =>
      statOf(gather(establishments, (e) => L.programmeBase(e, p) + offset, passing));
    const outcome = (name: Outcome) => column(L.outcome(OUTCOMES.indexOf(name)));
    const counts = Object.fromEntries(
      OUTCOMES.map((name) => [name, columnStat(L.outcome(OUTCOMES.indexOf(name)))]),
    ) as Record<Outcome, Stat>;
    const starts = outcome('starts');
    const joined = outcome('joined');
    const joinedAtStart = column(L.extra('joinedAtStart'));
    const waitSum = column(L.extra('waitWeeksSum'));
    const places = column(L.extra('placesOffered'));
    const meanWait = starts.map((s, r) => (s > 0 ? waitSum[r] / s : 0));
    // Joining a list places could serve: not those counted in `joined` only to be unmet at once
    // (too little time on arrival, not suitable or deselected). Places withdrawn for another
    // alternative of the same need stay in: they include withdrawals of men waiting at the start,
    // which are not in the window's joiners.
    const onArrival = column(L.extra('tooLittleTimeOnArrival'));
    const notSuitable = column(L.extra('deselectedOrNotSuitable'));
    const joiningPerYear = joined.map(
      (j, r) => Math.max(0, j - joinedAtStart[r] - onArrival[r] - notSuitable[r]) / horizonYears,
    );
    const placesPerYear = (R > 0 ? compensatedSum(places) / R : NaN) / horizonYears;
    const load = joiningPerYear.map((j, r) => {
      const offered = places[r] / horizonYears;
      return offered > 0 ? j / offered : j > 0 ? Infinity : 0;
    });
    const delivered = establishments.some((e) => compiled.establishments[e].deliveries[p] !== null);
    const loadStat = finiteStat(load, statOf);
    const joiningStat = statOf(joiningPerYear);
    // Built field by field (the same order as a spread): thousands of rows in a regional summary.
    const segment = (attribute: Attribute, at: (k: number, o: number) => number): SegmentCounts[] =>
      attribute.categories.map((category, k) => {
        const row: Record<string, unknown> = { segment: category.id, label: category.label ?? category.id };
        for (let o = 0; o < OUTCOMES.length; o++) row[OUTCOMES[o]] = columnStat(at(k, o));
        return row as unknown as SegmentCounts;
      });
    const perYear: YearCounts[] = Array.from({ length: breakdowns ? years : 0 }, (_, y) => ({
      year: y + 1,
      weeks: Math.min(52, W - y * 52),
      ...(Object.fromEntries(YEARLY.map((name) => [name, columnStat(L.yearly(name, y))])) as Record<
        (typeof YEARLY)[number],
        Stat
      >),
    }));
    const seriesOf = (name: (typeof PROGRAMME_SERIES)[number]) =>
      band(establishments, (e) => L.programmeSeries(e, p, name));
    return {
      programme: programme.definition.id,
      name: programme.definition.name,
      delivered,
      ...counts,
      referredOut: columnStat(L.extra('referredOut')),
      unmetByDeparture: columnStat(L.extra('unmetByDeparture')),
      unmetByTimeLeft: columnStat(L.extra('unmetByTimeLeft')),
      ...reasonsOf((reason) => column(L.extra(reason)), statOf),
      meanWaitWeeks: statOf(meanWait),
      reReferredAtStart: columnStat(L.extra('reReferredAtStart')),
      ...funnelResult(L, column, statOf),
      placesPerYear,
      joiningPerYear: joiningStat,
      load: loadStat,
      loadWarning: loadWarning(delivered, placesPerYear, counts.joined, joiningStat, loadStat),
      agreed: region
        ? regionAgreed(establishments, p, counts, horizonYears, starts, outcome('completions'))
        : agreedFor(establishments[0], p, counts, horizonYears, starts, outcome('completions')),
      segmentPlan: segmentPlanResults(compiled, establishments, p, { gather, stat: statOf }),
      perYear,
      byOgrs: breakdowns ? segment(ogrs, (k, o) => L.byOgrs(k, o)) : [],
      byOffence: breakdowns ? segment(offence, (k, o) => L.byOffence(k, o)) : [],
      series: {
        waiting: seriesOf('waiting'),
        cumulativeStarts: seriesOf('cumulativeStarts'),
        cumulativeCompletions: seriesOf('cumulativeCompletions'),
      },
    };
  };

  const agreement = (
    agreedStarts: number | null,
    agreedCompletions: number | null,
    counts: Record<Outcome, Stat>,
    horizon: number,
    starts: Float64Array,
    completions: Float64Array,
  ): AgreedComparison | null => {
    if (agreedStarts === null && agreedCompletions === null) return null;
    const threshold = compiled.scenario.materialityThreshold;
    const variance = (agreed: number | null, projected: Stat) =>
      agreed === null ? null : projected.mean / horizon - agreed;
    const material = (agreed: number | null, v: number | null) =>
      agreed !== null && v !== null && (agreed === 0 ? v !== 0 : Math.abs(v) / agreed > threshold);
    const startsVariance = variance(agreedStarts, counts.starts);
    const completionsVariance = variance(agreedCompletions, counts.completions);
    return {
      agreedStarts,
      agreedCompletions,
      startsVariance,
      completionsVariance,
      startsMaterial: material(agreedStarts, startsVariance),
      completionsMaterial: material(agreedCompletions, completionsVariance),
      projectedStartsPerYear: statOf(starts.map((v) => v / horizon)),
      projectedCompletionsPerYear: statOf(completions.map((v) => v / horizon)),
      windowWeeks: W,
    };
  };
  function agreedFor(
    e: number,
    p: number,
    counts: Record<Outcome, Stat>,
    horizon: number,
    starts: Float64Array,
    completions: Float64Array,
  ): AgreedComparison | null {
    const d = compiled.establishments[e].deliveries[p];
    return d ? agreement(d.agreedStarts, d.agreedCompletions, counts, horizon, starts, completions) : null;
  }
  function regionAgreed(
    establishments: readonly number[],
    p: number,
    counts: Record<Outcome, Stat>,
    horizon: number,
    startsByReplication: Float64Array,
    completionsByReplication: Float64Array,
  ) {
    let starts: number | null = null;
    let completions: number | null = null;
    for (const e of establishments) {
      const d = compiled.establishments[e].deliveries[p];
      if (d?.agreedStarts != null) starts = (starts ?? 0) + d.agreedStarts;
      if (d?.agreedCompletions != null) completions = (completions ?? 0) + d.agreedCompletions;
    }
    return agreement(starts, completions, counts, horizon, startsByReplication, completionsByReplication);
  }

  const tierResults = (establishments: readonly number[]): TierResult[] =>
    compiled.tiers.map((tier, t) => {
      const column = (offset: number) => gather(establishments, (e) => L.tierBase(e, t) + offset);
      const peopleWeeks = column(0);
      const required = column(1);
      const delivered = column(2);
      const shortfall = required.map((v, r) => v - delivered[r]);
      const capacityPerFteWeek = establishments.map((e) => compiled.establishments[e].sessionsPerFteWeek);
      // Sessions a week one FTE can deliver (establishments differ in hours; use their mean).
      const perFte =
        capacityPerFteWeek.length > 0 ? capacityPerFteWeek.reduce((a, b) => a + b, 0) / capacityPerFteWeek.length : 0;
      return {
        tier: tier.id,
        label: tier.label,
        sessionsPerYear: tier.sessionsPerYear,
        people: statOf(peopleWeeks.map((v) => v / W)),
        sessionsRequired: statOf(required),
        sessionsDelivered: statOf(delivered),
        shortfallSessions: statOf(shortfall),
        shortfallFte: statOf(shortfall.map((v) => (perFte > 0 ? v / W / perFte : 0))),
        series: {
          required: band(establishments, (e) => L.tierSeries(e, t, 'required')),
          delivered: band(establishments, (e) => L.tierSeries(e, t, 'delivered')),
        },
      };
    });

  const offenderManagement = (establishments: readonly number[]) =>
    offenderManagementResult(compiled, establishments, { gather, band, stat: statOf });

  const fits = fitOverTime(compiled, scalarRows);
  const establishments: EstablishmentResult[] = compiled.establishments.map((e) => {
    const breakdowns = breakdownsWanted(e.index);
    const programmes = compiled.programmes.map((p) => programmeResult([e.index], p.index, false, breakdowns));
    return {
      establishment: e.id,
      name: e.name,
      population: statOf(gather([e.index], () => L.establishmentScalar(e.index, 'populationWeeks')).map((v) => v / W)),
      receptions: statOf(gather([e.index], () => L.establishmentScalar(e.index, 'receptions'))),
      departures: statOf(gather([e.index], () => L.establishmentScalar(e.index, 'departures'))),
      transfersOut: statOf(gather([e.index], () => L.establishmentScalar(e.index, 'transfersOut'))),
      transfersIn: statOf(gather([e.index], () => L.establishmentScalar(e.index, 'transfersIn'))),
      establishmentType: e.establishmentType,
      indeterminate: statOf(
        gather([e.index], () => L.establishmentScalar(e.index, 'indeterminateWeeks')).map((v) => v / W),
      ),
      pastTariff: statOf(gather([e.index], () => L.establishmentScalar(e.index, 'pastTariffWeeks')).map((v) => v / W)),
      programmes,
      needs: needResults(compiled, [e.index], programmes, { gather, stat: statOf }),
      caseManagement: tierResults([e.index]),
      offenderManagement: offenderManagement([e.index]),
      sessionCapacityPerWeek: e.sessionCapacityPerWeek,
      fit: e.fit,
      fitByYear: breakdowns ? fits.byEstablishment[e.index] : [],
      ...(breakdowns ? {} : { breakdownsLeftOut: true }),
    };
  });
  const regionProgrammes =
    all.length === 1
      ? establishments[0].programmes
      : compiled.programmes.map((p) => programmeResult(all, p.index, true));

  return withPlanChecks(compiled.scenario, {
    scenario: compiled.scenario.name,
    seed: compiled.seed,
    replications: R,
    startDate: compiled.scenario.startDate,
    weeks: W,
    start: {
      mode: compiled.start.mode,
      warmupWeeks: compiled.start.warmupWeeks,
      warmupFromScenario: compiled.start.warmupFromScenario,
      note: compiled.start.note,
      treatmentHistory: compiled.start.treatmentHistory,
    },
    establishments,
    // With one establishment the region is that establishment: no need to work it out twice.
    region: {
      programmes: regionProgrammes,
      needs:
        all.length === 1
          ? establishments[0].needs
          : needResults(compiled, all, regionProgrammes, { gather, stat: statOf }),
      caseManagement: all.length === 1 ? establishments[0].caseManagement : tierResults(all),
      offenderManagement: all.length === 1 ? establishments[0].offenderManagement : offenderManagement(all),
      population: statOf(gather(all, (e) => L.establishmentScalar(e, 'populationWeeks')).map((v) => v / W)),
    },
    warnings: [...compiled.warnings, ...fits.warnings],
    ...(compiled.precisionTarget === null ? {} : { precisionTarget: targetResult(compiled, ordered) }),
  });
}

/** The run's precision against the scenario's target, from its batches in replication order. */
function targetResult(compiled: CompiledScenario, ordered: readonly RepBatch[]): PrecisionTargetResult {
  const layout = sampleLayout(compiled);
  const counts = ordered.map((b) => ({ values: batchSamples(layout, b), count: b.count }));
  const target = compiled.precisionTarget ?? 0;
  return precisionTargetResult(layout.keys, target, compiled.replications, counts, compiled.precisionScope);
}

/** Load can be infinite (need, no places); summarise the finite part and flag the rest. */
function finiteStat(values: Float64Array, statOf: (values: Float64Array) => Stat): Stat {
  if (values.some((v) => !Number.isFinite(v))) return { mean: Infinity, p5: Infinity, p50: Infinity, p95: Infinity };
  return statOf(values);
}

function loadWarning(
  delivered: boolean,
  placesPerYear: number,
  joined: Stat,
  joining: Stat,
  load: Stat,
): string | null {
  const perYear = joining.mean.toFixed(1);
  if (!delivered || placesPerYear === 0) {
    if (joined.mean <= 0) return null;
    return `No places here: ${joined.mean.toFixed(1)} eligible people on the list (about ${perYear} a year joining) with nowhere to start.`;
  }
  if (joining.mean <= 0) return null;
  if (load.mean > 1) {
    return `Load ${load.mean.toFixed(2)}: about ${perYear} eligible people join a year for ${placesPerYear.toFixed(0)} places, so the waiting list grows without bound.`;
  }
  return null;
}
