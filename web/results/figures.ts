/**
 * Every headline figure of a run as a flat list of records: what the compare view differences,
 * and what the results CSV holds. Figures are keyed so two runs can be matched row by row.
 */
import type { EstablishmentResult, ProgrammeResult, Results, Stat, TierResult } from '../../src/index.js';

export interface Figure {
  /** Stable key: scope/item/measure, e.g. "stafford/programme:tsp/unmetNeed". */
  key: string;
  scope: string;
  scopeLabel: string;
  item: string;
  itemLabel: string;
  measure: string;
  measureLabel: string;
  unit: string;
  stat: Stat;
  digits?: number;
}

export const PROGRAMME_MEASURES: readonly {
  key: keyof ProgrammeResult;
  label: string;
  unit: string;
  digits?: number;
}[] = [
  { key: 'starts', label: 'Starts', unit: 'people' },
  { key: 'completions', label: 'Completions', unit: 'people' },
  { key: 'nonCompletions', label: 'Non-completions', unit: 'people' },
  { key: 'unmetNeed', label: 'Unmet need', unit: 'people' },
  { key: 'waitingAtEnd', label: 'Waiting at end', unit: 'people' },
  { key: 'meanWaitWeeks', label: 'Mean wait', unit: 'weeks', digits: 1 },
  { key: 'referredOut', label: 'Referred out', unit: 'people' },
];

export const TIER_MEASURES: readonly { key: keyof TierResult; label: string; unit: string; digits?: number }[] = [
  { key: 'people', label: 'People (mean)', unit: 'people' },
  { key: 'sessionsRequired', label: 'Sessions required', unit: 'sessions' },
  { key: 'sessionsDelivered', label: 'Sessions deliverable', unit: 'sessions' },
  { key: 'shortfallSessions', label: 'Shortfall', unit: 'sessions' },
  { key: 'shortfallFte', label: 'Shortfall', unit: 'FTE', digits: 2 },
];

function programmeFigures(scope: string, scopeLabel: string, programmes: ProgrammeResult[]): Figure[] {
  return programmes.flatMap((p) =>
    PROGRAMME_MEASURES.map((m) => ({
      key: `${scope}/programme:${p.programme}/${String(m.key)}`,
      scope,
      scopeLabel,
      item: `programme:${p.programme}`,
      itemLabel: p.name,
      measure: String(m.key),
      measureLabel: m.label,
      unit: m.unit,
      stat: p[m.key] as Stat,
      ...(m.digits !== undefined ? { digits: m.digits } : {}),
    })),
  );
}

function tierFigures(scope: string, scopeLabel: string, tiers: TierResult[]): Figure[] {
  return tiers.flatMap((t) =>
    TIER_MEASURES.map((m) => ({
      key: `${scope}/tier:${t.tier}/${String(m.key)}${m.unit === 'FTE' ? 'Fte' : ''}`,
      scope,
      scopeLabel,
      item: `tier:${t.tier}`,
      itemLabel: `${t.label} (case management)`,
      measure: String(m.key),
      measureLabel: m.label,
      unit: m.unit,
      stat: t[m.key] as Stat,
      ...(m.digits !== undefined ? { digits: m.digits } : {}),
    })),
  );
}

function establishmentFigures(e: EstablishmentResult): Figure[] {
  return [
    {
      key: `${e.establishment}/population`,
      scope: e.establishment,
      scopeLabel: e.name,
      item: 'population',
      itemLabel: 'Population',
      measure: 'population',
      measureLabel: 'Mean population',
      unit: 'people',
      stat: e.population,
    },
    ...programmeFigures(e.establishment, e.name, e.programmes),
    ...tierFigures(e.establishment, e.name, e.caseManagement),
  ];
}

export const REGION_SCOPE = '@region';

export function headlineFigures(results: Results): Figure[] {
  return [
    ...results.establishments.flatMap(establishmentFigures),
    {
      key: `${REGION_SCOPE}/population`,
      scope: REGION_SCOPE,
      scopeLabel: 'Region',
      item: 'population',
      itemLabel: 'Population',
      measure: 'population',
      measureLabel: 'Mean population',
      unit: 'people',
      stat: results.region.population,
    },
    ...programmeFigures(REGION_SCOPE, 'Region', results.region.programmes),
    ...tierFigures(REGION_SCOPE, 'Region', results.region.caseManagement),
  ];
}

export interface FigureDiff {
  key: string;
  scopeLabel: string;
  itemLabel: string;
  measureLabel: string;
  unit: string;
  digits?: number;
  reference: Stat | null;
  current: Stat | null;
  /** current mean - reference mean (null when either is missing). */
  difference: number | null;
  /** difference / |reference mean| (null when the reference is 0 or missing). */
  relative: number | null;
  /** The two 5–95% intervals do not overlap. */
  distinct: boolean;
}

/** Match the figures of two runs by key; rows present in only one run are kept with a null side. */
export function compareFigures(reference: Results, current: Results): FigureDiff[] {
  const ref = new Map(headlineFigures(reference).map((f) => [f.key, f]));
  const cur = headlineFigures(current);
  const out: FigureDiff[] = [];
  const seen = new Set<string>();
  const push = (f: Figure, r: Figure | undefined, c: Figure | undefined) => {
    const difference = r && c ? c.stat.mean - r.stat.mean : null;
    out.push({
      key: f.key,
      scopeLabel: f.scopeLabel,
      itemLabel: f.itemLabel,
      measureLabel: f.measureLabel,
      unit: f.unit,
      ...(f.digits !== undefined ? { digits: f.digits } : {}),
      reference: r?.stat ?? null,
      current: c?.stat ?? null,
      difference,
      relative: difference !== null && r && Math.abs(r.stat.mean) > 1e-9 ? difference / Math.abs(r.stat.mean) : null,
      distinct: !!(r && c && (c.stat.p5 > r.stat.p95 || c.stat.p95 < r.stat.p5)),
    });
  };
  for (const c of cur) {
    seen.add(c.key);
    push(c, ref.get(c.key), c);
  }
  for (const r of ref.values()) if (!seen.has(r.key)) push(r, r, undefined);
  return out;
}
