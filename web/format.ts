/** How numbers read on screen. Statistics are computed in the core; this only rounds them. */
import type { Stat } from '../src/index.js';

export function num(x: number | null | undefined, digits?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const d = digits ?? (Math.abs(x) >= 100 || Number.isInteger(x) ? 0 : 1);
  const rounded = Number(x.toFixed(d));
  return formatter(d).format(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * One en-GB formatter for each number of decimals: `toLocaleString` with options builds a new one
 * at every call (the same text), and a results table or an editor draws thousands of numbers.
 */
const formatters = new Map<number, Intl.NumberFormat>();
function formatter(digits: number): Intl.NumberFormat {
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(digits, f);
  }
  return f;
}

/** "71.6 (64–79)": the mean and its 5th–95th percentile interval. */
export function stat(s: Stat | null | undefined, digits?: number): string {
  if (!s) return '–';
  return `${num(s.mean, digits)} (${num(s.p5, digits)}–${num(s.p95, digits)})`;
}

export function signed(x: number | null | undefined, digits?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const text = num(x, digits);
  return x > 0 && text !== num(0, digits) ? `+${text}` : text;
}

export function percent(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${num(x * 100, digits)}%`;
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The date at the end of week `week` (1-based) after `startDate` (yyyy-mm-dd). */
export function weekEnding(startDate: string, week: number): Date {
  const d = new Date(`${startDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + week * 7);
  return d;
}

/** "Thinking Skills Programme (TSP)" -> "TSP"; otherwise the id in capitals. */
export function shortName(p: { programme: string; name: string }): string {
  const m = /\(([^()]{1,12})\)\s*$/.exec(p.name);
  return m ? m[1]! : p.programme.toUpperCase();
}
