/**
 * Checks of population tables: cells name real attributes and bands, no two cells of a table can
 * match the same person, and tables that disagree with each other or with the population total
 * are pointed out (the sources often disagree; the tool says where rather than failing).
 */
import { categoryWord, checkCategory, checkUniqueIds, lookUpAttribute, type CheckContext } from './checkContext.js';
import { child, describeDifference, formatAmount } from './problems.js';
import type { PopulationTable, TableCell } from './schema.js';

/** A cell's `where` as sets of category ids per attribute. */
type CellSets = ReadonlyMap<string, ReadonlySet<string>>;

const EPSILON = 1e-6;
/** Percent tables are often rounded: 99.6% is taken as complete. */
const PERCENT_TOLERANCE = 0.5;
const MAX_OVERLAPS_REPORTED = 10;

/**
 * `populationTotal` is the establishment's population when the tables describe it, undefined for
 * reception mixes (whose totals are not people in the prison).
 */
export function checkTables(
  ctx: CheckContext,
  tables: readonly PopulationTable[],
  listPath: string,
  populationTotal: number | undefined,
): void {
  checkUniqueIds(ctx.problems, tables, listPath, 'table');
  const totals = tables.map((table, i) => checkTable(ctx, table, `${listPath}[${i}]`, populationTotal));
  if (populationTotal !== undefined) warnOfDisagreeingTotals(ctx, tables, totals, listPath, populationTotal);
}

/**
 * One warning per distinct table total that differs from the population's, naming the tables:
 * a source's tables usually share one total (Stafford's Table 4b: 712 against 741 in prison).
 */
function warnOfDisagreeingTotals(
  ctx: CheckContext,
  tables: readonly PopulationTable[],
  totals: readonly (number | undefined)[],
  listPath: string,
  populationTotal: number,
): void {
  const byTotal = new Map<number, number[]>();
  totals.forEach((total, i) => {
    if (total === undefined || describeDifference(total, populationTotal, '') === undefined) return;
    byTotal.set(total, [...(byTotal.get(total) ?? []), i]);
  });
  for (const [total, indices] of byTotal) {
    const difference = describeDifference(total, populationTotal, 'the population total') as string;
    if (indices.length === 1) {
      const i = indices[0] as number;
      ctx.problems.warn(
        `${listPath}[${i}]`,
        `${tableName(tables[i] as PopulationTable)} totals ${formatAmount(total)}, ${difference}; it is scaled to it`,
      );
      continue;
    }
    const names = indices.map((i) => `${tableName(tables[i] as PopulationTable)} (tables[${i}])`).join(', ');
    ctx.problems.warn(
      listPath,
      `${indices.length} tables, ${names}, total ${formatAmount(total)}, ${difference}; each is scaled to it`,
    );
  }
}

/** Checks one table; returns its total when it describes the whole population, else undefined. */
function checkTable(
  ctx: CheckContext,
  table: PopulationTable,
  path: string,
  populationTotal: number | undefined,
): number | undefined {
  const cells = table.cells.map((cell, i) => readCell(ctx, cell, `${path}.cells[${i}]`));
  const overlapping = checkOverlaps(ctx, cells, path);
  const covered = overlapping ? undefined : coveredAttributes(ctx, cells);
  const sum = table.cells.reduce((s, c) => s + c.count, 0);
  const totals = { ctx, table, path, sum, covered };
  if (table.unit === 'percent') checkPercentTable(totals);
  else checkCountTable(totals);
  // A percent table's total is the size of the group its shares describe (e.g. the violent
  // offenders), not of the population. A count table without a total counts out of the
  // population total, so only cells that cover everyone, or add up to more, can disagree with it.
  const tableTotal = table.unit === 'percent' ? undefined : (table.total ?? (covered !== undefined ? sum : undefined));
  if (table.unit === 'count' && table.total === undefined && covered === undefined && populationTotal !== undefined) {
    if (sum > populationTotal + EPSILON) {
      ctx.problems.warn(
        path,
        `${tableName(table)}: its cells add up to ${formatAmount(sum)}, ${formatAmount(sum - populationTotal)} more than the population total of ${formatAmount(populationTotal)}`,
      );
    }
  }
  return tableTotal;
}

function tableName(table: PopulationTable): string {
  return JSON.stringify(table.label ?? table.id);
}

function readCell(ctx: CheckContext, cell: TableCell, path: string): CellSets {
  const sets = new Map<string, ReadonlySet<string>>();
  for (const [attributeId, value] of Object.entries(cell.where)) {
    const at = child(`${path}.where`, attributeId);
    const values = typeof value === 'string' ? [value] : value;
    const attribute = lookUpAttribute(ctx, attributeId, at);
    if (attribute !== undefined) {
      values.forEach((v, k) => checkCategory(ctx, attribute, v, typeof value === 'string' ? at : `${at}[${k}]`));
    }
    sets.set(attributeId, new Set(values));
  }
  return sets;
}

/** A cell as arrays indexed by attribute, so comparing a pair allocates nothing and looks up no names. */
interface IndexedCell {
  attributes: number[];
  values: string[][];
  sets: (ReadonlySet<string> | undefined)[];
}

function indexCells(cells: readonly CellSets[]): IndexedCell[] {
  const index = new Map<string, number>();
  return cells.map((cell) => {
    const out: IndexedCell = { attributes: [], values: [], sets: [] };
    for (const [attribute, values] of cell) {
      let i = index.get(attribute);
      if (i === undefined) index.set(attribute, (i = index.size));
      out.attributes.push(i);
      out.values[i] = [...values];
      out.sets[i] = values;
    }
    return out;
  });
}

/**
 * Whether someone could match both cells. Cheap: a table may hold 2,000 cells and every pair is
 * compared (two tables of 2,000 overlapping cells took 5 s when each pair built its description).
 */
function cellsOverlap(a: IndexedCell, b: IndexedCell): boolean {
  for (const i of a.attributes) {
    const bValues = b.sets[i];
    if (bValues === undefined) continue;
    const aValues = a.values[i]!;
    let any = false;
    for (let k = 0; k < aValues.length; k++) {
      if (bValues.has(aValues[k]!)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

/** What two cells have in common (someone matching both), or undefined if they cannot both match. */
function overlapOf(a: CellSets, b: CellSets): Map<string, string[]> | undefined {
  const shared = new Map<string, string[]>();
  for (const [attribute, aValues] of a) {
    const bValues = b.get(attribute);
    const both = bValues === undefined ? [...aValues] : [...aValues].filter((v) => bValues.has(v));
    if (both.length === 0) return undefined;
    shared.set(attribute, both);
  }
  for (const [attribute, bValues] of b) if (!a.has(attribute)) shared.set(attribute, [...bValues]);
  return shared;
}

function describeShared(shared: ReadonlyMap<string, string[]>): string {
  if (shared.size === 0) return 'anyone';
  const parts = [...shared].map(([attribute, values]) => `${attribute} ${values.map((v) => `"${v}"`).join(' or ')}`);
  return `someone with ${parts.join(' and ')}`;
}

/** Reports overlapping pairs (each at the later cell); returns whether there were any. */
function checkOverlaps(ctx: CheckContext, cells: readonly CellSets[], path: string): boolean {
  let found = 0;
  const indexed = indexCells(cells);
  cells.forEach((later, j) => {
    for (let i = 0; i < j; i++) {
      if (!cellsOverlap(indexed[i]!, indexed[j]!)) continue;
      found++;
      if (found > MAX_OVERLAPS_REPORTED) continue;
      const shared = overlapOf(cells[i]!, later) ?? new Map<string, string[]>();
      ctx.problems.error(
        `${path}.cells[${j}]`,
        `overlaps ${path}.cells[${i}]: ${describeShared(shared)} would match both (the cells of one table must not overlap)`,
      );
    }
  });
  if (found > MAX_OVERLAPS_REPORTED) {
    ctx.problems.error(`${path}.cells`, `${found - MAX_OVERLAPS_REPORTED} more pairs of overlapping cells`);
  }
  return found > 0;
}

/**
 * The attributes whose every combination of categories the cells cover, or undefined when they
 * do not (cells must already be known not to overlap, so counting combinations is enough).
 */
function coveredAttributes(ctx: CheckContext, cells: readonly CellSets[]): string[] | undefined {
  const first = cells[0];
  if (first === undefined || first.size === 0) return undefined;
  const attributes = [...first.keys()];
  const sameShape = cells.every((c) => c.size === attributes.length && attributes.every((a) => c.has(a)));
  if (!sameShape) return undefined;
  let needed = 1;
  let covered = 0;
  for (const id of attributes) needed *= ctx.attributes.get(id)?.categories.length ?? Infinity;
  for (const cell of cells) {
    covered += attributes.reduce((product, id) => product * validCount(ctx, id, cell.get(id)), 1);
  }
  return covered >= needed ? attributes : undefined;
}

function validCount(ctx: CheckContext, attributeId: string, values: ReadonlySet<string> | undefined): number {
  const categories = ctx.attributes.get(attributeId)?.categories ?? [];
  return categories.filter((c) => values?.has(c.id) === true).length;
}

function describeCoverage(ctx: CheckContext, attributes: readonly string[]): string {
  const first = attributes[0] ?? '';
  const attribute = ctx.attributes.get(first);
  if (attributes.length === 1 && attribute !== undefined) return `every ${categoryWord(attribute)} of "${first}"`;
  return `every combination of ${attributes.map((a) => `"${a}"`).join(' and ')}`;
}

interface TableTotals {
  ctx: CheckContext;
  table: PopulationTable;
  path: string;
  sum: number;
  covered: string[] | undefined;
}

function checkCountTable({ ctx, table, path, sum, covered }: TableTotals): void {
  if (table.total === undefined) return;
  const name = tableName(table);
  if (table.total > 0 && table.total < 1) {
    // Cells are scaled by population / total: a total of 1e-320 would scale them to infinity.
    ctx.problems.error(
      `${path}.total`,
      `${name}: a count table's total is a number of people: at least 1 (or leave it out), got ${table.total}`,
    );
    return;
  }
  const gap = formatAmount(Math.abs(sum - table.total));
  if (sum > table.total + EPSILON) {
    ctx.problems.warn(
      path,
      `${name}: its cells add up to ${formatAmount(sum)}, ${gap} more than its total of ${formatAmount(table.total)}`,
    );
  } else if (covered !== undefined && sum < table.total - EPSILON) {
    ctx.problems.warn(
      path,
      `${name}: its cells cover ${describeCoverage(ctx, covered)} but add up to ${formatAmount(sum)}, ` +
        `${gap} fewer than its total of ${formatAmount(table.total)}; those ${gap} can match no cell`,
    );
  }
}

function checkPercentTable({ ctx, table, path, sum, covered }: TableTotals): void {
  const name = tableName(table);
  if (sum > 100 + PERCENT_TOLERANCE) {
    ctx.problems.warn(
      path,
      `${name}: its cells add up to ${formatAmount(sum)}%, ${formatAmount(sum - 100)} points more than 100%`,
    );
  } else if (covered !== undefined && sum < 100 - PERCENT_TOLERANCE) {
    ctx.problems.warn(
      path,
      `${name}: its cells cover ${describeCoverage(ctx, covered)} but add up to ${formatAmount(sum)}%, ` +
        `${formatAmount(100 - sum)} points short of 100%`,
    );
  }
}
