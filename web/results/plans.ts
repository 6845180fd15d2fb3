/**
 * The assessment funnel, the segment plan and bed-based units of a run, as rows and CSV for the
 * Results view. Pure: tested without a DOM. Every CSV goes through the core's one writer.
 */
import type { ProgrammeResult, SegmentPlanResult, Stat } from '../../src/index.js';
import { toCsv, type Cell } from '../csv.js';
import { num } from '../format.js';
import { getAt } from '../scenario/doc.js';
import { bedFigures } from '../scenario/plans.js';

const statCols = (s: Stat | undefined): Cell[] => [s?.mean, s?.p5, s?.p50, s?.p95];
const statHeads = (name: string) => [`${name}_mean`, `${name}_p5`, `${name}_p50`, `${name}_p95`];

/** The funnel's stages in the order a man passes through them, with their words. */
export const FUNNEL_STAGES = [
  ['referred', 'Referred'],
  ['reReferred', 'of whom re-referred'],
  ['assessed', 'Assessed'],
  ['reassessed', 'of whom reassessed'],
  ['suitable', 'Suitable: joined the list'],
  ['notReady', 'Suitable but not ready'],
  ['notSuitable', 'Not suitable'],
  ['deniers', 'of whom deniers'],
  ['refusers', 'of whom refusers'],
  ['deselected', 'Dropped out, not re-referred'],
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number][0];

/** Outcomes of an assessment, whose shares of those assessed are shown. */
const OUTCOMES: ReadonlySet<FunnelStage> = new Set(['suitable', 'notReady', 'notSuitable', 'deniers', 'refusers']);

/** Programmes anyone was referred to (results saved before the funnel existed have none). */
export function funnelProgrammes(programmes: readonly ProgrammeResult[]): ProgrammeResult[] {
  return programmes.filter((p) => p.funnel && p.funnel.referred.mean > 0);
}

/** Whether the catalogue gives the programme an assessment funnel (otherwise a suitable share alone). */
export function hasFunnel(doc: unknown, programme: string): boolean {
  const list = getAt(doc, ['programmes']);
  const entry = (Array.isArray(list) ? list : []).find((p) => (p as { id?: unknown }).id === programme);
  return Boolean((entry as { assessment?: unknown } | undefined)?.assessment);
}

/** A stage's share of those assessed (mean over mean), for assessment outcomes only. */
export function shareOfAssessed(p: ProgrammeResult, stage: FunnelStage): number | null {
  if (!OUTCOMES.has(stage)) return null;
  const assessed = p.funnel.assessed.mean;
  return assessed > 0 ? p.funnel[stage].mean / assessed : null;
}

/** One programme's funnel, a row a stage. */
export function funnelCsv(scope: string, p: ProgrammeResult): string {
  return toCsv(
    ['scope', 'programme', 'stage', 'label', ...statHeads('people'), 'share_of_assessed'],
    FUNNEL_STAGES.map(([stage, label]) => [
      scope,
      p.programme,
      stage,
      label,
      ...statCols(p.funnel[stage]),
      shareOfAssessed(p, stage),
    ]),
  );
}

/** Programmes with segments planned for (an annex's Table 4b). */
export function segmentPlanProgrammes(programmes: readonly ProgrammeResult[]): ProgrammeResult[] {
  return programmes.filter((p) => (p.segmentPlan?.length ?? 0) > 0);
}

export function segmentPlanCsv(scope: string, p: ProgrammeResult): string {
  return toCsv(
    [
      'scope',
      'programme',
      'segment',
      'label',
      'planned_completions_per_year',
      ...statHeads('completions_per_year'),
      'completions_variance_per_year',
      'completions_material',
      ...statHeads('starts'),
      ...statHeads('completions'),
      ...statHeads('reserved_places'),
      ...statHeads('reserved_taken'),
      // Supply (added later: empty for results saved before the fields existed).
      'planned_starts_per_year',
      'pooled_with',
      'pooled_planned_starts_per_year',
      ...statHeads('eligible_joining_per_year'),
      'supply_warning',
    ],
    p.segmentPlan.map((s) => [
      scope,
      p.programme,
      s.segment,
      s.label,
      s.plannedCompletions,
      ...statCols(s.completionsPerYear),
      s.completionsVariance,
      s.completionsMaterial,
      ...statCols(s.starts),
      ...statCols(s.completions),
      ...statCols(s.reservedPlaces),
      ...statCols(s.reservedTaken),
      s.plannedStartsPerYear,
      s.pooledWith?.join(' '),
      s.pooledPlannedStartsPerYear,
      ...statCols(s.eligibleJoiningPerYear),
      s.supplyWarning,
    ]),
  );
}

/**
 * A programme's short name: "Thinking Skills Programme (TSP)" is TSP, "RESOLVE (moderate-intensity
 * violence programme)" is RESOLVE (an acronym in brackets at the end, else the words before them).
 */
export function shortName(name: string): string {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(name);
  if (!m) return name;
  return /^[A-Z0-9][A-Z0-9 &+-]*$/.test(m[2]!) ? m[2]! : m[1] || name;
}

/** A list of names in words: "A", "A or B", "A, B or C". */
function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * The other programmes a segment's plan is pooled with (they draw on the same men), by name, or
 * an empty list when the plan is this programme's alone (or the result predates the field).
 */
export function pooledOthers(p: ProgrammeResult, s: SegmentPlanResult, nameOf: (id: string) => string): string[] {
  return (s.pooledWith ?? []).filter((id) => id !== p.programme).map(nameOf);
}

/**
 * A planner's words for a segment whose flow of eligible men falls short of the starts planned
 * from it (the engine sets supplyWarning when short by more than the materiality threshold), or
 * null. The programmes by their short names ("TSP or RESOLVE").
 */
export function supplyWarningWords(s: SegmentPlanResult, nameOf: (id: string) => string): string | null {
  if (!s.supplyWarning || !s.eligibleJoiningPerYear) return null;
  const planned = s.pooledPlannedStartsPerYear ?? s.plannedStartsPerYear;
  if (planned === null || planned === undefined) return s.supplyWarning;
  const joining = s.eligibleJoiningPerYear;
  const programmes = orList((s.pooledWith ?? []).map(nameOf));
  const range = joining.p5 !== joining.p95 ? ` (${num(joining.p5, 0)}–${num(joining.p95, 0)} in 9 runs of 10)` : '';
  return (
    `${s.label}: about ${num(joining.mean, 0)} men a year${range} join who could start ${programmes || 'the programme'}, ` +
    `against ${num(planned, 0)} starts a year planned from them. This is a shortage of men, not places: ` +
    'more places cannot close this. Men already waiting fill the gap for a while; then refer more men ' +
    'from this group or plan fewer completions from it.'
  );
}

export interface BedRow {
  programme: string;
  name: string;
  /** Beds in the file at the start, and at the end of the horizon (after scheduled changes). */
  beds: number;
  bedsAtEnd: number;
  meanStayWeeks: number | null;
  /** What the unit offers a year, full (beds x 52 / mean stay; over the horizon, with any changes). */
  placesPerYear: number;
  startsPerYear: Stat;
  /** Starts a year over a full unit's: above 1 where stays are cut short (release) or an empty unit fills. */
  startsOverFull: Stat | null;
  /** Men on the unit at the end of the horizon, and that over its beds then (occupancy). */
  inProgressAtEnd: Stat;
  occupancyAtEnd: Stat | null;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Beds of a delivery at the end of `weeks`: the last scheduled change of its beds before then, or `beds`. */
export function bedsAtEnd(doc: unknown, establishment: string, programme: string, beds: number, weeks: number): number {
  const start = getAt(doc, ['startDate']);
  const changes = getAt(doc, ['changes']);
  let at = beds;
  let latest = -1;
  for (const c of Array.isArray(changes) ? changes : []) {
    const x = c as { fromWeek?: unknown; fromDate?: unknown; establishment?: unknown; set?: Record<string, unknown> };
    if (x.establishment !== establishment || x.set?.kind !== 'beds' || x.set.programme !== programme) continue;
    const week =
      typeof x.fromWeek === 'number'
        ? x.fromWeek
        : typeof x.fromDate === 'string' && typeof start === 'string'
          ? Math.round((Date.parse(`${x.fromDate}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / WEEK_MS)
          : 0;
    if (week < weeks && week >= latest && typeof x.set.value === 'number') {
      latest = week;
      at = x.set.value;
    }
  }
  return at;
}

/** Bed-based units an establishment delivers (from the document the run was made from). */
export function bedRows(doc: unknown, establishment: string, programmes: readonly ProgrammeResult[], weeks: number) {
  const list = getAt(doc, ['establishments']);
  const site = (Array.isArray(list) ? list : []).find((e) => (e as { id?: unknown }).id === establishment);
  const deliveries = getAt(site, ['programmes']);
  const catalogue = getAt(doc, ['programmes']);
  const years = weeks / 52;
  const rows: BedRow[] = [];
  for (const d of Array.isArray(deliveries) ? deliveries : []) {
    const beds = (d as { beds?: unknown }).beds;
    if (typeof beds !== 'number') continue;
    const id = (d as { programme?: unknown }).programme;
    const p = programmes.find((x) => x.programme === id);
    if (!p || years <= 0) continue;
    const entry = (Array.isArray(catalogue) ? catalogue : []).find((x) => (x as { id?: unknown }).id === id);
    const scale = (s: Stat, by: number): Stat => ({
      mean: s.mean / by,
      p5: s.p5 / by,
      p50: s.p50 / by,
      p95: s.p95 / by,
    });
    const startsPerYear = scale(p.starts, years);
    const atEnd = bedsAtEnd(doc, establishment, p.programme, beds, weeks);
    rows.push({
      programme: p.programme,
      name: p.name,
      beds,
      bedsAtEnd: atEnd,
      meanStayWeeks: bedFigures(beds, entry)?.meanStayWeeks ?? null,
      placesPerYear: p.placesPerYear,
      startsPerYear,
      startsOverFull: p.placesPerYear > 0 ? scale(startsPerYear, p.placesPerYear) : null,
      inProgressAtEnd: p.inProgressAtEnd,
      occupancyAtEnd: atEnd > 0 ? scale(p.inProgressAtEnd, atEnd) : null,
    });
  }
  return rows;
}

export function bedCsv(scope: string, rows: readonly BedRow[]): string {
  return toCsv(
    [
      'scope',
      'programme',
      'name',
      'beds_at_start',
      'beds_at_end',
      'mean_stay_weeks',
      'places_per_year',
      ...statHeads('starts_per_year'),
      ...statHeads('starts_over_full_unit'),
      ...statHeads('on_unit_at_end'),
      ...statHeads('occupancy_at_end'),
    ],
    rows.map((r) => [
      scope,
      r.programme,
      r.name,
      r.beds,
      r.bedsAtEnd,
      r.meanStayWeeks,
      r.placesPerYear,
      ...statCols(r.startsPerYear),
      ...(r.startsOverFull ? statCols(r.startsOverFull) : [null, null, null, null]),
      ...statCols(r.inProgressAtEnd),
      ...(r.occupancyAtEnd ? statCols(r.occupancyAtEnd) : [null, null, null, null]),
    ]),
  );
}
