/**
 * What a chart's legend lists and what its readout says, from its spec alone (no DOM): one entry
 * per line, drawn as the line is (solid or dashed, same colour and weight), and one entry per
 * shaded band in place of the two lines that edge it.
 */
import type { ChartSpec } from '../components/chart.js';
import { num } from '../format.js';

export type LegendItem =
  | { kind: 'line'; label: string; color: string; width: number; dash: number[] }
  | { kind: 'band'; label: string; fill: string; edge: string };

/** The legend's label for a band whose own label is not given. */
export const DEFAULT_BAND_LABEL = '5th–95th percentile band';

/** Series drawn as the edges of a band: listed through the band, not on their own. */
function bandEdges(spec: ChartSpec): Set<number> {
  return new Set((spec.bands ?? []).flatMap((b) => [b.upper, b.lower]));
}

export function legendItems(spec: ChartSpec): LegendItem[] {
  const edges = bandEdges(spec);
  const items: LegendItem[] = [];
  spec.series.forEach((s, i) => {
    if (edges.has(i)) return;
    items.push({
      kind: 'line',
      label: s.label,
      color: s.color,
      width: s.width ?? (s.role === 'band-edge' ? 1 : 2),
      dash: s.dash ?? [],
    });
  });
  for (const b of spec.bands ?? [])
    items.push({
      kind: 'band',
      label: b.label ?? DEFAULT_BAND_LABEL,
      fill: b.fill,
      edge: spec.series[b.upper]?.color ?? '#999',
    });
  return items;
}

/** How an entry is drawn, in words, for people who do not see the swatch. */
export function styleWords(item: LegendItem): string {
  return item.kind === 'band' ? 'shaded band' : item.dash.length ? 'dashed line' : 'solid line';
}

/** The values at one point of the x axis, in words: "Week ending 2014-06-01: Mean 12.3; 5th–95th percentile band 8.0 to 17.0". */
export function readout(spec: ChartSpec, index: number): string {
  const x = spec.x[index];
  if (!x) return '';
  const edges = bandEdges(spec);
  const parts: string[] = [];
  // In the legend's order: lines, then bands.
  spec.series.forEach((s, i) => {
    if (!edges.has(i)) parts.push(`${s.label} ${num(s.values[index])}`);
  });
  for (const b of spec.bands ?? []) {
    const lo = spec.series[b.lower]?.values[index];
    const hi = spec.series[b.upper]?.values[index];
    parts.push(`${b.label ?? DEFAULT_BAND_LABEL} ${num(lo)} to ${num(hi)}`);
  }
  return `${spec.xLabel} ${x.toISOString().slice(0, 10)}: ${parts.join('; ')}`;
}
