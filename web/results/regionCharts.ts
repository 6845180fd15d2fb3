/**
 * The region's charts by establishment: unmet need (with its interval), and starts against the
 * places offered. "Every programme" adds programmes up; its interval needs each replication's
 * totals (the run's samples), and is left out, not guessed, without them.
 */
import {
  ALL_PROGRAMMES,
  sampleKey,
  samplesOf,
  statOf,
  type ReplicationSamples,
  type Results,
  type Stat,
} from '../../src/index.js';
import type { BarChartSpec, BarRow } from '../components/bar-chart.js';

function sumMeans(stats: Stat[]): number {
  return stats.reduce((n, s) => n + s.mean, 0);
}

/** Unmet need at each establishment (and the region) for one programme or every programme (''). */
export function unmetNeedChart(r: Results, programme: string, samples: ReplicationSamples | null): BarChartSpec {
  const name = programme ? (r.region.programmes.find((p) => p.programme === programme)?.name ?? programme) : '';
  const rows: BarRow[] = r.establishments.map((e) => {
    if (programme) {
      const p = e.programmes.find((x) => x.programme === programme);
      const s = p?.unmetNeed ?? { mean: 0, p5: 0, p50: 0, p95: 0 };
      return { key: e.establishment, label: e.name, value: s.mean, lo: s.p5, hi: s.p95 };
    }
    const values = samples ? samplesOf(samples, sampleKey(e.establishment, ALL_PROGRAMMES, 'unmetNeed')) : null;
    if (values) {
      const s = statOf(values);
      return { key: e.establishment, label: e.name, value: s.mean, lo: s.p5, hi: s.p95 };
    }
    return { key: e.establishment, label: e.name, value: sumMeans(e.programmes.map((p) => p.unmetNeed)) };
  });
  return {
    title: `Unmet need by establishment, ${programme ? name : 'every programme added up'} (over the horizon)`,
    valueLabel: 'unmet need (people)',
    digits: 0,
    rows,
  };
}

/** Starts (bar) against places offered (outline) over the horizon, by establishment. */
export function startsAgainstPlacesChart(r: Results, programme: string): BarChartSpec {
  const years = r.weeks / 52;
  const name = programme ? (r.region.programmes.find((p) => p.programme === programme)?.name ?? programme) : '';
  const rows: BarRow[] = r.establishments.map((e) => {
    const ps = e.programmes.filter((p) => !programme || p.programme === programme);
    return {
      key: e.establishment,
      label: e.name,
      value: sumMeans(ps.map((p) => p.starts)),
      outline: ps.reduce((n, p) => n + p.placesPerYear * years, 0),
    };
  });
  return {
    title: `Starts against places by establishment, ${programme ? name : 'every programme added up'} (over the horizon)`,
    valueLabel: 'starts',
    outlineLabel: 'places',
    digits: 0,
    rows,
  };
}
