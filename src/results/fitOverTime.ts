/**
 * The population against its source tables over the horizon: at the start and at the end of
 * each year, from the people counted in each table cell in every replication (the engine's fit
 * tallies), and a warning for any table the running population drifts from.
 *
 * Drift is measured against the start, not the table itself: tables that disagree with each other
 * are already missed at the start (the fit report says by how much), and that is not drift. A
 * cell's share (of the population for a count table, of the people in any of its cells for a
 * percent table) drifts when it moves by more than DRIFT_THRESHOLD of its share at the start.
 * Cells under MIN_CELL_PEOPLE at the start are left out: a 10% move of a handful of people is
 * Monte Carlo noise, not a planner's concern. A move is warned of only when it is beyond the
 * replications' own noise too (driftIsReal): a 20-30 person cell moves by 10% between two
 * snapshots of a 10-replication run by chance alone (West Midlands, 10 replications: 17 drift
 * warnings, most of them such cells).
 */
import type { CompiledScenario } from '../engine/compile.js';
import type { Attribute } from '../scenario/schema.js';
import type { TableCells } from '../population/tableCells.js';
import type { FitAtYear, RunWarning, TableFitOverTime } from './types.js';
import { studentTQuantile } from './studentT.js';

export const DRIFT_THRESHOLD = 0.1;
export const MIN_CELL_PEOPLE = 20;
/** Standard errors a cell's mean change of share must exceed to be drift, not chance, at the least. */
export const DRIFT_STANDARD_ERRORS = 3;
/**
 * The chance that a run with no drift anywhere warns of some, over every cell and year end it
 * tests (a family-wise rate): a region tests hundreds of cells, and a fixed 3 standard errors
 * warned of a few by chance in every run (West Midlands, 30 replications: Werrington, with no
 * flows at all, and Drake Hall on cells of 20-40 people).
 */
export const DRIFT_FALSE_ALARM = 0.05;

/** Mean over replications of each fit tally, by establishment: [snapshot][cell]. */
export function fitOverTime(
  compiled: CompiledScenario,
  scalarRows: readonly Float64Array[],
): { byEstablishment: FitAtYear[][]; warnings: RunWarning[] } {
  const L = compiled.layout;
  const R = scalarRows.length;
  const warnings: RunWarning[] = [];
  const byEstablishment = compiled.establishments.map((e) => {
    const mean = (s: number, cell: number) => {
      if (R === 0) return 0;
      let sum = 0;
      const at = L.fitCell(e.index, s, cell);
      for (const row of scalarRows) sum += row[at];
      return sum / R;
    };
    const years: FitAtYear[] = [];
    for (let s = 0; s < L.snapshots; s++) {
      years.push({
        year: s,
        week: s === 0 ? 0 : Math.min(52 * s, compiled.weeks),
        tables: e.tables.map((t) =>
          tableAt(
            t,
            (c) => mean(s, t.offset + c),
            (c) => mean(0, t.offset + c),
          ),
        ),
      });
    }
    return years;
  });
  // Every cell and year end tested, over the scenario: the test's bar is raised to keep the
  // chance of any false warning at DRIFT_FALSE_ALARM (Bonferroni), on Student's t for the
  // replications' few degrees of freedom.
  let tests = 0;
  for (const years of byEstablishment)
    for (const y of years.slice(1)) for (const t of y.tables) for (const c of t.cells) if (c.drift > 0) tests++;
  const df = (L.snapshots - 1) * (R - 1);
  const bar =
    df > 0 && tests > 0
      ? Math.max(DRIFT_STANDARD_ERRORS, studentTQuantile(1 - DRIFT_FALSE_ALARM / (2 * tests), df))
      : 0;
  compiled.establishments.forEach((e) => {
    const years = byEstablishment[e.index]!;
    e.tables.forEach((t, k) => {
      // The largest move beyond the threshold and beyond chance, over the year ends and cells.
      let worst: { year: number; cell: TableFitOverTime['cells'][number]; index: number } | null = null;
      for (const y of years.slice(1)) {
        const cells = y.tables[k]!.cells;
        for (let c = 0; c < cells.length; c++) {
          const cell = cells[c]!;
          if (cell.drift <= DRIFT_THRESHOLD || (worst !== null && cell.drift <= worst.cell.drift)) continue;
          const at = (s: number, cell: number) => L.fitCell(e.index, s, t.offset + cell);
          if (driftIsReal(scalarRows, t, c, y.year, L.snapshots, at, bar)) worst = { year: y.year, cell, index: c };
        }
      }
      if (worst === null) return;
      const cell = worst.cell;
      const change = cell.start > 0 ? (cell.share / cell.startShare - 1) * 100 : 0;
      const words =
        worst.index < t.cellCount ? cellWords(t.table.cells[worst.index]!.where, compiled.attributes) : cell.label;
      warnings.push({
        path: `establishments[${e.index}].population.tables[${k}]`,
        message:
          `${e.name}: the running population drifts from table "${t.table.label ?? t.table.id}": ` +
          `"${words}" from ${cell.start.toFixed(0)} people at the start to ${cell.mean.toFixed(0)} at the end of ` +
          `year ${worst.year} (${change > 0 ? '+' : ''}${change.toFixed(0)}% of its share, more than ` +
          `${(DRIFT_THRESHOLD * 100).toFixed(0)}%); ${driftCause(compiled, e.index)}`,
      });
    });
  });
  return { byEstablishment, warnings };
}

/**
 * Whether cell c's change of share from the start to year end `year` is more than chance: each
 * replication's change (its share then against its own at the start, paired), averaged, against
 * `bar` standard errors of that mean. The variance is pooled over every year end:
 * ten replications alone estimate it too roughly (a cell whose sd is 4-5 people read 2.6 in one
 * year, and chance passed for drift). One replication cannot tell: taken as real.
 */
function driftIsReal(
  rows: readonly Float64Array[],
  t: TableCells,
  c: number,
  year: number,
  snapshots: number,
  at: (snapshot: number, cell: number) => number,
  bar: number,
): boolean {
  const R = rows.length;
  if (R < 2 || snapshots < 2) return true;
  const n = t.cellCount;
  const share = (row: Float64Array, s: number) => {
    // As tableAt: of everyone (count table) or of the people in any cell (percent table).
    let base = 0;
    for (let k = 0; k < (t.kind === 'percent' ? n : n + 1); k++) base += row[at(s, k)]!;
    return base > 0 ? row[at(s, c)]! / base : 0;
  };
  let squares = 0;
  let meanAtYear = 0;
  for (let s = 1; s < snapshots; s++) {
    const changes = rows.map((row) => share(row, s) - share(row, 0));
    const mean = changes.reduce((a, b) => a + b, 0) / R;
    squares += changes.reduce((a, b) => a + (b - mean) ** 2, 0);
    if (s === year) meanAtYear = mean;
  }
  const variance = squares / ((snapshots - 1) * (R - 1));
  return Math.abs(meanAtYear) > bar * Math.sqrt(variance / R);
}

function tableAt(t: TableCells, mean: (cell: number) => number, start: (cell: number) => number): TableFitOverTime {
  const n = t.cellCount;
  const counts = Array.from({ length: n + 1 }, (_, c) => mean(c));
  const starts = Array.from({ length: n + 1 }, (_, c) => start(c));
  const population = counts.reduce((a, b) => a + b, 0);
  const startPopulation = starts.reduce((a, b) => a + b, 0);
  // The group a share is of: everyone (count table) or the people in any cell (percent table).
  const base = t.kind === 'percent' ? counts.slice(0, n).reduce((a, b) => a + b, 0) : population;
  const startBase = t.kind === 'percent' ? starts.slice(0, n).reduce((a, b) => a + b, 0) : startPopulation;
  const targetTotal = t.targets.slice(0, n + 1).reduce((a, b) => (Number.isNaN(b) ? a : a + b), 0);
  let maxCellError = 0;
  let totalAbsoluteError = 0;
  let drift = 0;
  const cells = counts.map((count, c) => {
    const targetShare = t.kind === 'percent' ? t.targets[c] : targetTotal > 0 ? t.targets[c] / targetTotal : 0;
    const target = Number.isNaN(targetShare) ? null : targetShare * base;
    if (target !== null) {
      const error = Math.abs(count - target);
      maxCellError = Math.max(maxCellError, error);
      totalAbsoluteError += error;
    }
    const share = base > 0 ? count / base : 0;
    const startShare = startBase > 0 ? starts[c] / startBase : 0;
    // The remainder of a percent table is outside the group its shares are of.
    const inGroup = t.kind === 'count' || c < n;
    const cellDrift = inGroup && starts[c] >= MIN_CELL_PEOPLE && startShare > 0 ? Math.abs(share / startShare - 1) : 0;
    drift = Math.max(drift, cellDrift);
    return { label: t.labels[c], target, start: starts[c], mean: count, share, startShare, drift: cellDrift };
  });
  return {
    table: t.table.id,
    label: t.table.label ?? t.table.id,
    tableTotal: t.tableTotal,
    populationTotal: population,
    maxCellError,
    totalAbsoluteError,
    drift,
    cells,
  };
}

/** Attributes whose category labels name the cell on their own ("Sexual", "Recall", "Under 6 months"). */
const SELF_NAMED = new Set(['offence', 'sentence', 'timeLeft']);

/**
 * A table cell in the scenario's words, as the rest of the app names them: "Sexual, OSP low
 * (0-11)", "OGRS high (50-74), Violent, OVP medium (30-59)", "Recall"; ids where the scenario
 * has no label.
 */
export function cellWords(where: Record<string, string | string[]>, attributes: readonly Attribute[]): string {
  return Object.entries(where)
    .map(([id, value]) => {
      const attribute = attributes.find((a) => a.id === id);
      const names = (Array.isArray(value) ? value : [value]).map(
        (v) => attribute?.categories.find((c) => c.id === v)?.label ?? v,
      );
      const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
      if (attribute === undefined || SELF_NAMED.has(id)) return list;
      // "OSP (sexual reoffending, score)" -> "OSP"; "High (60-79)" -> "high (60-79)".
      const short = (attribute.label ?? attribute.id).replace(/\s*\(.*\)$/, '');
      const lower = names.map((n) => (/^[A-Z][a-z]/.test(n) ? n[0]!.toLowerCase() + n.slice(1) : n));
      const lowered = lower.length > 1 ? `${lower.slice(0, -1).join(', ')} or ${lower[lower.length - 1]}` : lower[0];
      return `${short} ${lowered}`;
    })
    .join(', ');
}

/**
 * What a planner should read into a drift at establishment e. A prison that exchanges people with
 * others of the file (transfers in the region, men moved to a hub for a course and back) takes on
 * part of their mix while they are with it; alone, the built-ins' prisons keep their tables
 * (West Midlands 2014, each prison run alone, 10 replications over 3 years: no drift at Stafford,
 * Dovegate, Oakwood, Long Lartin or Swinfen Hall).
 */
function driftCause(compiled: CompiledScenario, e: number): string {
  const others = compiled.scenario.establishments;
  const self = others[e]!;
  const sends = self.referrals.some((r) => r.to !== self.id) || (self.flows.transfersTo ?? []).some((t) => t.share > 0);
  const hosts = others.some(
    (x) =>
      x.id !== self.id &&
      (x.referrals.some((r) => r.to === self.id) ||
        (x.flows.transfersTo ?? []).some((t) => t.establishment === self.id && t.share > 0)),
  );
  if (!sends && !hosts) return 'the receptions do not keep the population the table describes';
  const what =
    hosts && sends ? 'sends people to and takes people from' : hosts ? 'takes people from' : 'sends people to';
  return (
    `it ${what} other prisons of the file (transfers in the region, men moved to a hub for a course and back), ` +
    `who bring their own prisons' mix while they are here: a move of that kind comes from the region's flows, not from its receptions`
  );
}
