/**
 * Backtests: the projection against what a site actually delivered (a delivery's `actual`), with
 * the error and whether the actual lies inside the projection's 5th-95th percentile interval.
 * Worked out from the summarised results, so it needs no replication data of its own.
 */
import type { ActualVolumes } from '../scenario/actualsSchema.js';
import type { Scenario } from '../scenario/schema.js';
import type { BacktestResult, BacktestRow, ProgrammeCounts, ProgrammeResult, RunFigures, Stat } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type Measure = 'starts' | 'completions';
const MEASURES: readonly Measure[] = ['starts', 'completions'];

/** Whole weeks in an inclusive period of dates. */
export function periodWeeks(from: string, to: string): number {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  return Math.max(1, Math.round(days / 7));
}

/** The ISO date `days` after `date`. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A window statistic scaled to a period of `weeks` (every quantile scales with it). */
export function scaleStat(s: Stat, factor: number): Stat {
  return { mean: s.mean * factor, p5: s.p5 * factor, p50: s.p50 * factor, p95: s.p95 * factor };
}

/** The error of a projection against an actual: signed, absolute, % of the actual, and inside the interval. */
export function compareWithActual(
  projected: Stat,
  actual: number,
): Pick<BacktestRow, 'error' | 'absoluteError' | 'percentError' | 'insideInterval'> {
  const error = projected.mean - actual;
  return {
    error,
    absoluteError: Math.abs(error),
    percentError: actual === 0 ? null : (100 * error) / actual,
    insideInterval: projected.p5 <= actual && actual <= projected.p95,
  };
}

interface Period {
  from: string;
  to: string;
  weeks: number;
}

/** Says how the actual's period relates to the run's window, or null when they are the same. */
function periodNote(period: Period, results: RunFigures): string | null {
  const windowEnd = addDays(results.startDate, results.weeks * 7 - 1);
  if (period.from === results.startDate && period.weeks === results.weeks) return null;
  const scaled =
    period.weeks === results.weeks
      ? 'same length, so not scaled'
      : `projection scaled from ${results.weeks} to ${period.weeks} weeks`;
  return `actual is for ${period.from} to ${period.to}, the run's window ${results.startDate} to ${windowEnd} (${scaled})`;
}

interface Row {
  counts: ProgrammeCounts;
  actual: number;
}

function rowsFor(
  base: Omit<
    BacktestRow,
    'measure' | 'actual' | 'projected' | 'error' | 'absoluteError' | 'percentError' | 'insideInterval'
  >,
  period: Period,
  results: RunFigures,
  measures: readonly (Row & { measure: Measure })[],
): BacktestRow[] {
  const factor = period.weeks / results.weeks;
  return measures.map(({ counts, actual, measure }) => {
    const projected = scaleStat(counts[measure], factor);
    return { ...base, measure, actual, projected, ...compareWithActual(projected, actual) };
  });
}

/**
 * Whether the backtest reads an establishment's breakdowns (segmentCounts): a delivery there gives
 * actual volumes by band. A summary that leaves breakdowns out keeps them there.
 */
export function backtestReadsBreakdowns(establishment: Scenario['establishments'][number]): boolean {
  return establishment.programmes.some((d) => (d.actual?.segments?.length ?? 0) > 0);
}

function segmentCounts(programme: ProgrammeResult, by: 'ogrs' | 'offence', band: string): ProgrammeCounts | undefined {
  return (by === 'ogrs' ? programme.byOgrs : programme.byOffence).find((s) => s.segment === band);
}

/** One delivery's (or the region's summed) actual volumes against its programme result. */
function rowsOfActual(
  actual: ActualVolumes,
  programme: ProgrammeResult,
  where: { establishment: string | null; establishmentName: string },
  results: RunFigures,
): BacktestRow[] {
  const period: Period = { from: actual.from, to: actual.to, weeks: periodWeeks(actual.from, actual.to) };
  const base = {
    ...where,
    programme: programme.programme,
    programmeName: programme.name,
    periodFrom: period.from,
    periodTo: period.to,
    periodWeeks: period.weeks,
    periodNote: periodNote(period, results),
    source: actual.source ?? null,
  };
  const out: BacktestRow[] = [];
  const whole = MEASURES.flatMap((measure) => {
    const value = actual[measure];
    return value === undefined ? [] : [{ counts: programme as ProgrammeCounts, actual: value, measure }];
  });
  out.push(...rowsFor({ ...base, segment: null }, period, results, whole));
  for (const segment of actual.segments ?? []) {
    const counts = segmentCounts(programme, segment.by, segment.band);
    if (counts === undefined) continue;
    const label = segment.label ?? `${segment.by === 'ogrs' ? 'OGRS' : 'offence'} ${segment.band}`;
    const measures = MEASURES.flatMap((measure) => {
      const value = segment[measure];
      return value === undefined ? [] : [{ counts, actual: value, measure }];
    });
    out.push(
      ...rowsFor({ ...base, segment: { by: segment.by, band: segment.band, label } }, period, results, measures),
    );
  }
  return out;
}

/**
 * The region's actuals for a programme: the sum over every establishment that delivers it, only
 * when each gives actuals for the same period (otherwise the sum would compare unlike with like).
 */
function regionActual(scenario: Scenario, programme: string): ActualVolumes | null {
  const deliveries = scenario.establishments.flatMap((e) => e.programmes.filter((d) => d.programme === programme));
  if (deliveries.length === 0) return null;
  const actuals = deliveries.map((d) => d.actual);
  if (actuals.some((a) => a === undefined)) return null;
  const first = actuals[0] as ActualVolumes;
  const given = actuals as ActualVolumes[];
  if (given.some((a) => a.from !== first.from || a.to !== first.to)) return null;
  const sum = (values: (number | undefined)[]): number | undefined =>
    values.some((v) => v === undefined) ? undefined : values.reduce<number>((acc, v) => acc + (v ?? 0), 0);
  const segmentKeys = new Map<string, { by: 'ogrs' | 'offence'; band: string; label?: string }>();
  for (const a of given) for (const s of a.segments ?? []) segmentKeys.set(`${s.by}:${s.band}`, s);
  const segments = [...segmentKeys.values()].flatMap((key) => {
    const rows = given.map((a) => (a.segments ?? []).find((s) => s.by === key.by && s.band === key.band));
    if (rows.some((r) => r === undefined)) return [];
    return [
      {
        ...key,
        starts: sum(rows.map((r) => r?.starts)),
        completions: sum(rows.map((r) => r?.completions)),
      },
    ];
  });
  return {
    from: first.from,
    to: first.to,
    starts: sum(given.map((a) => a.starts)),
    completions: sum(given.map((a) => a.completions)),
    segments,
    source: `The sum over ${given.length} establishments' actual volumes`,
  };
}

export const BACKTEST_NOTE =
  'Projected: the mean and 5th-95th percentile interval of the run, scaled to the actual period length. ' +
  'Error: projected mean minus actual; % of the actual. Actuals are what was delivered, not agreed volumes.';

export function backtestOf(scenario: Scenario, results: RunFigures): BacktestResult {
  const rows: BacktestRow[] = [];
  scenario.establishments.forEach((establishment, e) => {
    const result = results.establishments[e];
    for (const delivery of establishment.programmes) {
      if (delivery.actual === undefined) continue;
      const programme = result.programmes.find((p) => p.programme === delivery.programme);
      if (programme === undefined) continue;
      const where = { establishment: establishment.id, establishmentName: establishment.name };
      rows.push(...rowsOfActual(delivery.actual, programme, where, results));
    }
  });
  if (scenario.establishments.length > 1) {
    for (const programme of results.region.programmes) {
      const actual = regionActual(scenario, programme.programme);
      if (actual === null) continue;
      rows.push(...rowsOfActual(actual, programme, { establishment: null, establishmentName: 'Region' }, results));
    }
  }
  return { rows, note: BACKTEST_NOTE };
}
