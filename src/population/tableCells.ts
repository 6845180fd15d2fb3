/**
 * Which cell of each source table a person falls in, and what each table asks of a cell.
 *
 * The joint fit (jointFit.ts) works on its own compact joint; this reads people's attribute
 * codes directly, so the running population can be counted against the same tables at any week
 * (the fit report at each year end, and drift warnings).
 */
import type { Attribute, PopulationTable } from '../scenario/schema.js';

export interface TableCells {
  table: PopulationTable;
  kind: 'count' | 'percent';
  /** Cells of the table; the remainder (people in no cell) is cell `cellCount`. */
  cellCount: number;
  /** Where this table's cells start among all of an establishment's tables' cells. */
  offset: number;
  /**
   * Count tables: people per cell (remainder last) scaled to the population total. Percent
   * tables: shares of the people in any cell (remainder NaN: the table says nothing of it).
   */
  targets: Float64Array;
  /** The table's own total (count tables) or its cells' sum (percent). */
  tableTotal: number;
  labels: string[];
  /** Per cell: the attributes it constrains, and for each the categories it admits (1) or not (0). */
  admits: { attribute: number; allowed: Uint8Array }[][];
}

export function tableCells(
  attributes: readonly Attribute[],
  tables: readonly PopulationTable[],
  populationTotal: number,
): TableCells[] {
  let offset = 0;
  return tables.map((table) => {
    const cellCount = table.cells.length;
    // Only the attributes a cell names: a person is tested on those alone.
    const admits = table.cells.map((cell) =>
      attributes.flatMap((attribute, index) => {
        const value = Object.hasOwn(cell.where, attribute.id) ? cell.where[attribute.id] : undefined;
        if (value === undefined) return [];
        const wanted = new Set(Array.isArray(value) ? value : [value]);
        return [
          { attribute: index, allowed: Uint8Array.from(attribute.categories, (c) => (wanted.has(c.id) ? 1 : 0)) },
        ];
      }),
    );
    const counts = table.cells.map((c) => c.count);
    const cellSum = counts.reduce((a, b) => a + b, 0);
    const targets = new Float64Array(cellCount + 1);
    const kind = table.unit === 'percent' ? 'percent' : 'count';
    let tableTotal: number;
    if (kind === 'percent') {
      const scale = cellSum > 0 ? 1 / cellSum : 0;
      counts.forEach((n, c) => (targets[c] = n * scale));
      targets[cellCount] = NaN;
      tableTotal = table.total ?? cellSum;
    } else {
      tableTotal = table.total ?? populationTotal;
      const scale = tableTotal > 0 ? populationTotal / tableTotal : 0;
      counts.forEach((n, c) => (targets[c] = n * scale));
      targets[cellCount] = Math.max(0, tableTotal - cellSum) * scale;
    }
    const labels = [
      ...table.cells.map((cell) =>
        Object.entries(cell.where)
          .map(([a, v]) => `${a} ${Array.isArray(v) ? v.join('/') : v}`)
          .join(', '),
      ),
      'people in no cell',
    ];
    const prepared: TableCells = { table, kind, cellCount, offset, targets, tableTotal, labels, admits };
    offset += cellCount + 1;
    return prepared;
  });
}

/** Total cells (with remainders) over the tables: the size of one snapshot of tallies. */
export function cellTotal(tables: readonly TableCells[]): number {
  return tables.reduce((n, t) => n + t.cellCount + 1, 0);
}

/** The cell person's codes (from `row`) fall in: the first that admits them, else the remainder. */
export function cellOf(t: TableCells, codes: Uint8Array, row: number): number {
  for (let c = 0; c < t.cellCount; c++) {
    const admits = t.admits[c];
    let match = true;
    for (let k = 0; k < admits.length && match; k++) {
      if (admits[k].allowed[codes[row + admits[k].attribute]] === 0) match = false;
    }
    if (match) return c;
  }
  return t.cellCount;
}
