/**
 * Results as flat rows, for CSV files and printed tables. Shared by the command line and the app.
 */
import { toCsv } from './csv.js';
import type { NeedResult, ProgrammeResult, Results, Stat, TierResult } from './types.js';
import { UNMET_REASONS } from '../engine/unmetReasons.js';

export interface ResultRow {
  scope: 'establishment' | 'region';
  establishment: string;
  subject: string;
  metric: string;
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

const PROGRAMME_STATS = [
  'joined',
  'starts',
  'completions',
  'nonCompletions',
  'inProgressAtEnd',
  'unmetNeed',
  'unmetByDeparture',
  'unmetByTimeLeft',
  'waitingAtEnd',
  'withdrawn',
  'unmetFixableByPlaces',
  'referredOut',
  'meanWaitWeeks',
  'joiningPerYear',
  'load',
] as const satisfies readonly (keyof ProgrammeResult)[];

const TIER_STATS = [
  'people',
  'sessionsRequired',
  'sessionsDelivered',
  'shortfallSessions',
  'shortfallFte',
] as const satisfies readonly (keyof TierResult)[];

function row(scope: ResultRow['scope'], establishment: string, subject: string, metric: string, s: Stat): ResultRow {
  return { scope, establishment, subject, metric, ...s };
}

/**
 * A running start's opening state, so the balances can be read from the rows (starts plus those
 * on a course at the start = completions + non-completions + those on one at the end). Rows are
 * read by metric name; results saved before these fields existed have none of them.
 */
const PROGRAMME_START_STATS = [
  'waitingAtStart',
  'inProgressAtStart',
  'reReferredAtStart',
] as const satisfies readonly (keyof ProgrammeResult)[];

function programmeRows(scope: ResultRow['scope'], establishment: string, p: ProgrammeResult): ResultRow[] {
  const rows = PROGRAMME_STATS.map((m) => row(scope, establishment, p.programme, m, p[m]));
  for (const m of PROGRAMME_START_STATS) {
    const s = p[m] as Stat | undefined;
    if (s) rows.push(row(scope, establishment, p.programme, m, s));
  }
  for (const r of UNMET_REASONS)
    rows.push(row(scope, establishment, p.programme, `unmetByReason.${r}`, p.unmetByReason[r]));
  for (const y of p.perYear) {
    for (const m of ['joined', 'starts', 'completions', 'unmetNeed', 'withdrawn'] as const) {
      rows.push(row(scope, establishment, p.programme, `year${y.year}.${m}`, y[m]));
    }
  }
  for (const [by, segments] of [
    ['ogrs', p.byOgrs],
    ['offence', p.byOffence],
  ] as const) {
    for (const s of segments) {
      for (const m of ['joined', 'starts', 'unmetNeed', 'waitingAtEnd'] as const) {
        rows.push(row(scope, establishment, p.programme, `${by}=${s.segment}.${m}`, s[m]));
      }
    }
  }
  // Segments the site plans for: projected against planned (the plan itself is in the scenario).
  for (const g of p.segmentPlan ?? []) {
    for (const m of ['starts', 'completions', 'completionsPerYear', 'reservedPlaces', 'reservedTaken'] as const) {
      rows.push(row(scope, establishment, p.programme, `plan=${g.segment}.${m}`, g[m]));
    }
    // Men of the segment joining who could start, each once over the need's alternatives (older results: none).
    if (g.eligibleJoiningPerYear) {
      rows.push(
        row(scope, establishment, p.programme, `plan=${g.segment}.eligibleJoiningPerYear`, g.eligibleJoiningPerYear),
      );
    }
  }
  return rows;
}

const NEED_STATS = [
  'joined',
  'starts',
  'completions',
  'unmetNeed',
  'unmetFixableByPlaces',
  'waitingAtEnd',
] as const satisfies readonly (keyof NeedResult)[];

/** Declared needs only: an undeclared programme's need is its own rows above. */
function needRows(scope: ResultRow['scope'], establishment: string, needs: readonly NeedResult[]): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const n of needs) {
    if (!n.declared) continue;
    for (const m of NEED_STATS) rows.push(row(scope, establishment, `need:${n.need}`, m, n[m]));
    if (n.waitingAtStart) rows.push(row(scope, establishment, `need:${n.need}`, 'waitingAtStart', n.waitingAtStart));
    for (const r of UNMET_REASONS)
      rows.push(row(scope, establishment, `need:${n.need}`, `unmetByReason.${r}`, n.unmetByReason[r]));
  }
  return rows;
}

function tierRows(scope: ResultRow['scope'], establishment: string, t: TierResult): ResultRow[] {
  return TIER_STATS.map((m) => row(scope, establishment, `tier:${t.tier}`, m, t[m]));
}

/** Every statistic of a run as one row each (long format: easy to filter and pivot). */
export function resultRows(results: Results): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const e of results.establishments) {
    rows.push(row('establishment', e.establishment, 'population', 'meanPopulation', e.population));
    for (const p of e.programmes) rows.push(...programmeRows('establishment', e.establishment, p));
    rows.push(...needRows('establishment', e.establishment, e.needs ?? []));
    for (const t of e.caseManagement) rows.push(...tierRows('establishment', e.establishment, t));
  }
  if (results.establishments.length > 1) {
    rows.push(row('region', 'region', 'population', 'meanPopulation', results.region.population));
    for (const p of results.region.programmes) rows.push(...programmeRows('region', 'region', p));
    rows.push(...needRows('region', 'region', results.region.needs ?? []));
    for (const t of results.region.caseManagement) rows.push(...tierRows('region', 'region', t));
  }
  return rows;
}

export function resultsCsv(results: Results): string {
  const header = ['scope', 'establishment', 'subject', 'metric', 'mean', 'p5', 'p50', 'p95'];
  return toCsv(
    header,
    resultRows(results).map((r) => [r.scope, r.establishment, r.subject, r.metric, r.mean, r.p5, r.p50, r.p95]),
    { decimals: 4 },
  );
}
