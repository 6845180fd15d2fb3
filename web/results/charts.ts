/** Chart specifications from results. Only selection and layout: the numbers are the core's. */
import type { ProgrammeResult, TierResult } from '../../src/index.js';
import type { ChartSpec } from '../components/chart.js';
import { weekEnding } from '../format.js';

const PALETTE = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

function weeksAxis(startDate: string, weeks: number): Date[] {
  return Array.from({ length: weeks }, (_, i) => weekEnding(startDate, i + 1));
}

export function waitingChart(p: ProgrammeResult, startDate: string, scope: string): ChartSpec {
  const s = p.series.waiting;
  const last = s.mean.length - 1;
  return {
    id: `${scope}-${p.programme}-waiting`,
    title: `${p.name}: waiting list`,
    xLabel: 'Week ending',
    yLabel: 'People waiting',
    x: weeksAxis(startDate, s.mean.length),
    series: [
      { label: '95th percentile', values: s.p95, color: '#93b4dc', role: 'band-edge' },
      { label: '5th percentile', values: s.p5, color: '#93b4dc', role: 'band-edge' },
      { label: 'Mean', values: s.mean, color: PALETTE[0]!, width: 2.5 },
    ],
    bands: [{ upper: 0, lower: 1, fill: 'rgba(31, 95, 168, 0.15)' }],
    summary:
      last >= 0
        ? `People waiting for ${p.name} each week: ${Math.round(s.mean[0] ?? 0)} after the first week and ${Math.round(s.mean[last] ?? 0)} at the end on average (5th–95th percentile band shaded).`
        : 'Weekly figures come with the full run.',
  };
}

export function cumulativeChart(p: ProgrammeResult, startDate: string, scope: string): ChartSpec {
  const starts = p.series.cumulativeStarts;
  const completions = p.series.cumulativeCompletions;
  const n = starts.mean.length;
  const series: ChartSpec['series'] = [
    { label: 'Starts (mean)', values: starts.mean, color: PALETTE[0]!, width: 2.5 },
    { label: 'Completions (mean)', values: completions.mean, color: PALETTE[2]!, width: 2.5 },
  ];
  const agreed = p.agreed;
  if (agreed?.agreedStarts != null) {
    const a = agreed.agreedStarts;
    series.push({
      label: 'Agreed starts (pro rata)',
      values: Array.from({ length: n }, (_, i) => (a * (i + 1)) / 52),
      color: PALETTE[0]!,
      dash: [6, 4],
      width: 1.5,
    });
  }
  if (agreed?.agreedCompletions != null) {
    const a = agreed.agreedCompletions;
    series.push({
      label: 'Agreed completions (pro rata)',
      values: Array.from({ length: n }, (_, i) => (a * (i + 1)) / 52),
      color: PALETTE[2]!,
      dash: [6, 4],
      width: 1.5,
    });
  }
  return {
    id: `${scope}-${p.programme}-cumulative`,
    title: `${p.name}: cumulative starts and completions against agreed`,
    xLabel: 'Week ending',
    yLabel: 'People (cumulative)',
    x: weeksAxis(startDate, n),
    series,
    summary: `By the end, ${Math.round(starts.mean[n - 1] ?? 0)} starts and ${Math.round(completions.mean[n - 1] ?? 0)} completions on average${
      agreed?.agreedStarts != null ? `, against ${agreed.agreedStarts} starts a year agreed` : ''
    }.`,
  };
}

export function sessionsChart(tiers: TierResult[], startDate: string, scope: string, scopeName: string): ChartSpec {
  const n = tiers[0]?.series.required.mean.length ?? 0;
  const short = (label: string) => label.replace(/\s*\(.*\)\s*$/, '');
  const series: ChartSpec['series'] = tiers.flatMap((t, i) => [
    {
      label: `${short(t.label)}: required`,
      values: t.series.required.mean,
      color: PALETTE[i % PALETTE.length]!,
      width: 2.5,
    },
    {
      label: `${short(t.label)}: deliverable`,
      values: t.series.delivered.mean,
      color: PALETTE[i % PALETTE.length]!,
      dash: [6, 4],
      width: 1.5,
    },
  ]);
  return {
    id: `${scope}-sessions`,
    title: `${scopeName}: case-management sessions required and deliverable, by tier`,
    xLabel: 'Week ending',
    yLabel: 'Sessions a week (mean)',
    x: weeksAxis(startDate, n),
    series,
    summary: tiers
      .map(
        (t) =>
          `${t.label}: ${Math.round(t.sessionsRequired.mean)} sessions required and ${Math.round(t.sessionsDelivered.mean)} deliverable over the horizon`,
      )
      .join('; '),
  };
}
