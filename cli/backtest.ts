/** `placewise backtest`: the projection against the actual volumes a scenario gives, as a readable table. */
import type { BacktestRow, Results } from '../src/index.js';
import { costLines, formatPercent } from '../src/results/backtestTable.js';

const interval = (row: BacktestRow) =>
  `${row.projected.mean.toFixed(1)} (${row.projected.p5.toFixed(1)}-${row.projected.p95.toFixed(1)})`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatBacktest(results: Results): string {
  const out = [
    `${results.scenario}: backtest, ${results.weeks} weeks from ${results.startDate}, ${results.replications} replications, seed ${results.seed}`,
  ];
  const rows = results.backtest?.rows ?? [];
  if (rows.length === 0) {
    out.push(
      'No actual volumes in this scenario: give a delivery an "actual" (what was delivered in a period, with its source) to backtest it.',
    );
  } else {
    out.push(results.backtest.note, '');
    out.push(
      table(
        ['where', 'programme', 'segment', 'measure', 'actual', 'projected (5th-95th)', 'error', 'error %', 'inside'],
        rows.map((r) => [
          r.establishmentName,
          r.programmeName,
          r.segment?.label ?? 'all',
          r.measure,
          String(r.actual),
          interval(r),
          `${r.error >= 0 ? '+' : ''}${r.error.toFixed(1)}`,
          formatPercent(r.percentError),
          r.insideInterval ? 'yes' : 'NO',
        ]),
      ),
    );
    const notes = [
      ...new Set(rows.flatMap((r) => (r.periodNote === null ? [] : [`${r.programmeName}: ${r.periodNote}`]))),
    ];
    if (notes.length > 0) out.push('', 'Periods:', ...notes.map((n) => `  ${n}`));
  }
  const cost = costLines(results.cost);
  if (cost.length > 0) out.push('', 'Cost:', ...cost);
  return out.join('\n');
}

/** The backtest as one JSON document: which run, then the results' backtest and cost sections. */
export function backtestJson(results: Results) {
  const { scenario, seed, replications, startDate, weeks, backtest, cost } = results;
  return { scenario, seed, replications, startDate, weeks, backtest, cost };
}
