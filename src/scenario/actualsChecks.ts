/**
 * Checks of a delivery's actual volumes (backtest data) that need the whole scenario: the period
 * reads forwards, each segment names a real band, and segments that disagree with the total say so.
 */
import { checkCategory, lookUpAttribute, type CheckContext } from './checkContext.js';
import type { DeliveredProgramme } from './schema.js';

export function checkActuals(ctx: CheckContext, delivered: DeliveredProgramme, path: string): void {
  const actual = delivered.actual;
  if (actual === undefined) return;
  const at = `${path}.actual`;
  const label = `Actual volumes of ${delivered.programme}`;
  if (actual.to < actual.from) {
    ctx.problems.error(`${at}.to`, `${label}: the period ends (${actual.to}) before it begins (${actual.from})`);
  }
  const segments = actual.segments ?? [];
  if (actual.starts === undefined && actual.completions === undefined && segments.length === 0) {
    ctx.problems.error(at, `${label}: give starts, completions or segments; there is nothing to compare`);
  }
  const seen = new Map<string, number>();
  segments.forEach((segment, k) => {
    const segmentPath = `${at}.segments[${k}]`;
    const key = `${segment.by}:${segment.band}`;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.problems.error(
        segmentPath,
        `${label}: ${segment.by} "${segment.band}" is already given at segments[${first}]`,
      );
    }
    seen.set(key, first ?? k);
    const attribute = lookUpAttribute(ctx, segment.by, `${segmentPath}.by`);
    if (attribute !== undefined) checkCategory(ctx, attribute, segment.band, `${segmentPath}.band`);
    if (segment.starts === undefined && segment.completions === undefined) {
      ctx.problems.error(
        segmentPath,
        `${label}: segment ${segment.by} "${segment.band}" gives neither starts nor completions`,
      );
    }
  });
  for (const measure of ['starts', 'completions'] as const) {
    const total = actual[measure];
    for (const by of ['ogrs', 'offence'] as const) {
      const rows = segments.filter((s) => s.by === by);
      if (total === undefined || rows.length === 0 || rows.some((s) => s[measure] === undefined)) continue;
      const sum = rows.reduce((acc, s) => acc + (s[measure] ?? 0), 0);
      if (sum > total) {
        ctx.problems.warn(
          `${at}.${measure}`,
          `${label}: the ${by} segments' ${measure} add up to ${sum}, more than the total ${total}`,
        );
      }
    }
  }
}
