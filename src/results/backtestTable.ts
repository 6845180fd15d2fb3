/**
 * The backtest and cost as rows of cells: one layout for the command line's table and CSV and the
 * app's download, so the three never disagree on what a column means.
 */
import { toCsv, type CsvCell } from './csv.js';
import type { BacktestRow, CostResult, Results } from './types.js';

export const BACKTEST_COLUMNS = [
  'establishment',
  'programme',
  'segment',
  'measure',
  'actual',
  'projected_mean',
  'projected_p5',
  'projected_p95',
  'error',
  'absolute_error',
  'percent_error',
  'inside_interval',
  'period_from',
  'period_to',
  'period_note',
  'source',
] as const;

export function backtestCells(row: BacktestRow): CsvCell[] {
  return [
    row.establishmentName,
    row.programmeName,
    row.segment?.label ?? 'all',
    row.measure,
    row.actual,
    row.projected.mean,
    row.projected.p5,
    row.projected.p95,
    row.error,
    row.absoluteError,
    row.percentError,
    row.insideInterval,
    row.periodFrom,
    row.periodTo,
    row.periodNote ?? '',
    row.source ?? '',
  ];
}

/** The backtest as CSV through the one CSV writer; older results without the field give the header only. */
export function backtestCsv(results: Pick<Results, 'backtest'>, decimals = 4): string {
  const rows = results.backtest?.rows ?? [];
  return toCsv(BACKTEST_COLUMNS, rows.map(backtestCells), { decimals });
}

/** "+12.5%" or "n/a" when the actual is 0. */
export function formatPercent(value: number | null): string {
  return value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

/** Pounds with thousands separators and no pence: "£11,508,731". */
export function formatPounds(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  const whole = Math.round(value);
  return `${whole < 0 ? '-' : ''}£${Math.abs(whole)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** The cost lines worth reading: operating prices and programme costs, each saying what it covers. */
export function costLines(cost: CostResult | undefined): string[] {
  if (cost === undefined) return [];
  const lines: string[] = [];
  for (const e of cost.establishments) {
    if (e.annualOperatingPrice !== null) {
      lines.push(
        `  ${e.name}: Annual Operating Price (whole establishment, not its programmes) ${formatPounds(e.annualOperatingPrice)} a year; ${formatPounds(e.operatingPriceOverWindow)} over the ${cost.windowWeeks}-week window`,
      );
    }
    for (const p of e.programmes) {
      lines.push(
        `  ${e.name}, ${p.name}: programme cost over the window ${formatPounds(p.total)} (${p.placesOffered.toFixed(0)} places offered, ${p.completions.toFixed(1)} completions), cost per completion ${p.costPerCompletion === null ? 'n/a (no completions)' : formatPounds(p.costPerCompletion)}${p.defaults.length > 0 ? ` [defaults: ${p.defaults.join(', ')}]` : ''}`,
      );
    }
  }
  if (cost.establishments.length > 1 && cost.region.operatingPriceOverWindow !== null) {
    lines.push(`  Region: operating prices over the window ${formatPounds(cost.region.operatingPriceOverWindow)}`);
  }
  return lines;
}
