/** Chart specifications for offender-management workload. Only selection and layout: the numbers are the core's. */
import type { OffenderManagementResult } from '../../src/index.js';
import type { ChartSpec } from '../components/chart.js';
import { num, weekEnding } from '../format.js';

const PALETTE = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

function weeksAxis(startDate: string, weeks: number): Date[] {
  return Array.from({ length: weeks }, (_, i) => weekEnding(startDate, i + 1));
}

const shortLabel = (label: string) => label.replace(/\s*\(.*\)\s*$/, '');

/** POM FTE the caseload needs each week (mean and 5th-95th band) against the FTE in post. */
export function pomFteChart(om: OffenderManagementResult, startDate: string, scope: string, name: string): ChartSpec {
  const req = om.series.pomFteRequired;
  const avail = om.series.pomFteAvailable;
  const n = req.mean.length;
  return {
    id: `${scope}-pom-fte`,
    title: `${name}: POM FTE required against available`,
    xLabel: 'Week ending',
    yLabel: 'POM full-time equivalents',
    x: weeksAxis(startDate, n),
    series: [
      { label: 'Required, 95th percentile', values: req.p95, color: '#93b4dc', role: 'band-edge' },
      { label: 'Required, 5th percentile', values: req.p5, color: '#93b4dc', role: 'band-edge' },
      { label: 'Required (mean)', values: req.mean, color: PALETTE[0]!, width: 2.5 },
      ...(om.staffed
        ? [{ label: 'Available (in post)', values: avail.mean, color: '#1f2937', dash: [6, 4], width: 2 }]
        : []),
    ],
    bands: [{ upper: 0, lower: 1, fill: 'rgba(31, 95, 168, 0.15)' }],
    summary: om.staffed
      ? `POM FTE required ${num(om.pomFteRequired.mean, 1)} on average (5th–95th percentile band shaded) against ${num(om.pomFteAvailable.mean, 1)} available; mean shortfall ${num(om.pomFteShortfall.mean, 1)}.`
      : `POM FTE required ${num(om.pomFteRequired.mean, 1)} on average (5th–95th percentile band shaded); no staffing is given.`,
  };
}

/** People by who holds their case: POM, COM, or nobody (remand). */
export function responsibilityChart(
  om: OffenderManagementResult,
  startDate: string,
  scope: string,
  name: string,
): ChartSpec {
  const s = om.responsibility.series;
  const n = s.pomLed.mean.length;
  return {
    id: `${scope}-responsibility`,
    title: `${name}: who holds each case`,
    xLabel: 'Week ending',
    yLabel: 'People',
    x: weeksAxis(startDate, n),
    series: [
      { label: 'POM-led, 95th percentile', values: s.pomLed.p95, color: '#93b4dc', role: 'band-edge' },
      { label: 'POM-led, 5th percentile', values: s.pomLed.p5, color: '#93b4dc', role: 'band-edge' },
      { label: 'POM-led (mean)', values: s.pomLed.mean, color: PALETTE[0]!, width: 2.5 },
      { label: 'COM-led (mean)', values: s.comLed.mean, color: PALETTE[1]!, width: 2.5 },
      { label: 'No offender manager (mean)', values: s.noOffenderManager.mean, color: PALETTE[2]!, width: 2.5 },
    ],
    bands: [{ upper: 0, lower: 1, fill: 'rgba(31, 95, 168, 0.15)' }],
    summary: `On average ${num(om.responsibility.pomLed.mean, 0)} people POM-led, ${num(om.responsibility.comLed.mean, 0)} COM-led and ${num(om.responsibility.noOffenderManager.mean, 0)} with no offender manager.`,
  };
}

/** POM FTE each tier needs, and what the hours deliver to it (tiers served in priority order). */
export function tierFteChart(om: OffenderManagementResult, startDate: string, scope: string, name: string): ChartSpec {
  const n = om.byTier[0]?.series.fteRequired.mean.length ?? 0;
  return {
    id: `${scope}-tier-fte`,
    title: `${name}: POM FTE required and delivered, by tier`,
    xLabel: 'Week ending',
    yLabel: 'POM FTE (mean)', // longer is cut: the axis is 180 px tall
    x: weeksAxis(startDate, n),
    series: om.byTier.flatMap((t, i) => [
      {
        label: `${shortLabel(t.label)}: required`,
        values: t.series.fteRequired.mean,
        color: PALETTE[i % PALETTE.length]!,
        width: 2.5,
      },
      {
        label: `${shortLabel(t.label)}: delivered`,
        values: t.series.fteDelivered.mean,
        color: PALETTE[i % PALETTE.length]!,
        dash: [6, 4],
        width: 1.5,
      },
    ]),
    summary: om.byTier.map((t) => `${t.label}: ${num(t.fteRequired.mean, 1)} FTE required`).join('; '),
  };
}
