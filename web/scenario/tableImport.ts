/**
 * Population tables from a spreadsheet: tabular text (a CSV file, or cells pasted from a
 * spreadsheet, which arrive tab-separated) to the cells of a scenario's population table, and any
 * population table back to CSV.
 *
 * Two shapes are read, as the SLA annexes print them: a cross-tab (band rows × offence columns,
 * as in a Table 4b) and a column of counts (one category a row). Rows and columns are mapped to
 * an attribute's categories by their labels; a row or column mapped to nothing (a "Total") is
 * left out. A blank cell, or a dash, is a cell the source does not give: the table is partial
 * there, as the annexes often are. Anything else must be a number, or the error names its row
 * and column as the user sees them.
 */
import { csvField } from '../../src/results/csv.js';

export interface Category {
  id: string;
  label?: string;
}
export interface AttributeInfo {
  id: string;
  label?: string;
  categories: Category[];
}

export interface Parsed {
  /** Rows of cells, trimmed; ragged rows are padded with ''. */
  grid: string[][];
  delimiter: ',' | '\t' | ';';
}

/** Split tabular text into cells: tabs (a spreadsheet paste), else commas or semicolons, with CSV quoting. */
export function parseTabular(text: string): Parsed {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter: Parsed['delimiter'] = firstLine.includes('\t')
    ? '\t'
    : !firstLine.includes(',') && firstLine.includes(';')
      ? ';'
      : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    if (quoted) {
      if (ch === '"' && clean[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      row.push(cell.trim());
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && clean[i + 1] === '\n') i++;
      row.push(cell.trim());
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell.trim());
    rows.push(row);
  }
  const grid = rows.filter((r) => r.some((c) => c !== ''));
  const width = Math.max(0, ...grid.map((r) => r.length));
  return { grid: grid.map((r) => [...r, ...Array<string>(width - r.length).fill('')]), delimiter };
}

/** How text is compared with a category: case, spaces, dashes and "%" do not matter. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/%/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

const TOTAL = /^(total|all|sum|grand total)\b/i;

/** The category a heading names, by id or label (or its first word), or null. */
export function matchCategory(heading: string, attribute: AttributeInfo): string | null {
  const h = normalise(heading);
  if (h === '' || TOTAL.test(h)) return null;
  for (const c of attribute.categories) if (normalise(c.id) === h || (c.label && normalise(c.label) === h)) return c.id;
  for (const c of attribute.categories) {
    const label = c.label ? normalise(c.label) : '';
    if (label.startsWith(h) || h.startsWith(normalise(c.id))) return c.id;
  }
  return null;
}

/** The attribute whose categories match most of the headings (at least one). */
export function guessAttribute(headings: readonly string[], attributes: readonly AttributeInfo[]): string | null {
  let best: { id: string; n: number } | null = null;
  for (const a of attributes) {
    const n = headings.filter((h) => matchCategory(h, a) !== null).length;
    if (n > 0 && (!best || n > best.n)) best = { id: a.id, n };
  }
  return best?.id ?? null;
}

export interface ImportMapping {
  /** 'cross' = rows × columns; 'column' = one column of counts, a category a row. */
  shape: 'cross' | 'column';
  rowAttribute: string | null;
  /** The category of each data row (grid rows after the header), null to leave it out. */
  rowCategories: (string | null)[];
  columnAttribute: string | null;
  /** The category of each data column (grid columns after the first), null to leave it out. */
  columnCategories: (string | null)[];
  /** For 'column': which data column holds the counts. */
  countColumn: number;
}

/** A first guess from the headings: the user can change every choice. */
export function guessMapping(grid: readonly string[][], attributes: readonly AttributeInfo[]): ImportMapping {
  const header = grid[0] ?? [];
  const rowHeads = grid.slice(1).map((r) => r[0] ?? '');
  const colHeads = header.slice(1);
  const rowAttribute = guessAttribute(rowHeads, attributes);
  const rowAttr = attributes.find((a) => a.id === rowAttribute);
  const colAttribute = guessAttribute(
    colHeads,
    attributes.filter((a) => a.id !== rowAttribute),
  );
  const colAttr = attributes.find((a) => a.id === colAttribute);
  const shape = colAttr && colHeads.filter((h) => matchCategory(h, colAttr)).length >= 2 ? 'cross' : 'column';
  // A column of counts: the first column whose data are mostly numbers.
  const numeric = colHeads.map((_, j) => grid.slice(1).filter((r) => parseCount(r[j + 1] ?? '') !== null).length);
  const countColumn = Math.max(
    0,
    numeric.findIndex((n) => n === Math.max(...numeric)),
  );
  return {
    shape,
    rowAttribute,
    rowCategories: rowHeads.map((h) => (rowAttr ? matchCategory(h, rowAttr) : null)),
    columnAttribute: shape === 'cross' ? colAttribute : null,
    columnCategories: colHeads.map((h) => (shape === 'cross' && colAttr ? matchCategory(h, colAttr) : null)),
    countColumn,
  };
}

/** "1,234", " 56 ", "12%" → a number; blank or a dash → undefined (not given); anything else → null. */
export function parseCount(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '' || /^[-–—.]$/.test(t) || /^n\/?a$/i.test(t)) return undefined;
  const n = Number(t.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/%$/, ''));
  return Number.isFinite(n) ? n : null;
}

export interface ImportError {
  /** 1-based, as a spreadsheet numbers them (the header is row 1). */
  row: number;
  column: number;
  message: string;
}

export interface ImportedCell {
  where: Record<string, string>;
  count: number;
}

export interface Imported {
  cells: ImportedCell[];
  /** The grand total the table prints (a Total row and column, or the Total column summed), if any. */
  printedTotal: number | null;
  errors: ImportError[];
}

const columnName = (j: number): string => {
  let n = j;
  let s = '';
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
};

/** Where a grid cell is, in a spreadsheet's words: "row 4 (50-74), column C (violent)". */
export function cellName(grid: readonly string[][], row: number, column: number): string {
  const rowHead = grid[row]?.[0];
  const colHead = grid[0]?.[column];
  return `row ${row + 1}${rowHead ? ` (${rowHead})` : ''}, column ${columnName(column)}${colHead ? ` (${colHead})` : ''}`;
}

export function buildCells(
  grid: readonly string[][],
  m: ImportMapping,
  attributes: readonly AttributeInfo[],
  unit: 'count' | 'percent' = 'count',
): Imported {
  const errors: ImportError[] = [];
  const cells: ImportedCell[] = [];
  const fail = (r: number, c: number, message: string) =>
    errors.push({ row: r + 1, column: c + 1, message: `${cellName(grid, r, c)}: ${message}` });
  const label = (id: string | null) => attributes.find((a) => a.id === id)?.label ?? id ?? '';
  if (!m.rowAttribute || !attributes.some((a) => a.id === m.rowAttribute)) {
    errors.push({ row: 1, column: 1, message: 'Choose what the rows are (an attribute such as OGRS band).' });
    return { cells, printedTotal: null, errors };
  }
  if (m.shape === 'cross' && (!m.columnAttribute || m.columnAttribute === m.rowAttribute)) {
    errors.push({
      row: 1,
      column: 2,
      message: `Choose what the columns are: an attribute other than the rows’ (${label(m.rowAttribute)}).`,
    });
    return { cells, printedTotal: null, errors };
  }
  const columns =
    m.shape === 'cross'
      ? m.columnCategories.map((cat, j) => ({ j: j + 1, cat })).filter((x) => x.cat !== null)
      : [{ j: m.countColumn + 1, cat: null }];
  if (m.shape === 'cross' && columns.length === 0)
    errors.push({ row: 1, column: 2, message: 'No column is mapped to a category: map at least one.' });
  if (!m.rowCategories.some((c) => c !== null))
    errors.push({ row: 2, column: 1, message: 'No row is mapped to a category: map at least one.' });
  const seen = new Map<string, number>();
  m.rowCategories.forEach((rowCat, i) => {
    if (rowCat === null) return;
    const r = i + 1;
    for (const { j, cat } of columns) {
      const parsed = parseCount(grid[r]?.[j] ?? '');
      if (parsed === undefined) continue;
      if (parsed === null) {
        fail(
          r,
          j,
          `“${grid[r]?.[j]}” is not a number of people. Use digits, or leave it blank if the source does not give it.`,
        );
        continue;
      }
      if (parsed < 0) {
        fail(r, j, `${parsed} is below 0: a count of people is 0 or more.`);
        continue;
      }
      if (unit === 'percent' && parsed > 100) {
        fail(r, j, `${parsed}% is over 100%.`);
        continue;
      }
      const where: Record<string, string> = { [m.rowAttribute!]: rowCat };
      if (cat !== null && m.columnAttribute) where[m.columnAttribute] = cat;
      const key = JSON.stringify(where);
      const first = seen.get(key);
      if (first !== undefined) {
        fail(r, j, `this is the same cell as row ${first + 1}: two rows (or columns) are mapped to the same category.`);
        continue;
      }
      seen.set(key, r);
      cells.push({ where, count: parsed });
    }
  });
  return { cells, printedTotal: printedTotal(grid, m), errors };
}

/** A Total row × Total column corner, or else the Total column summed over the mapped rows. */
function printedTotal(grid: readonly string[][], m: ImportMapping): number | null {
  const header = grid[0] ?? [];
  const totalCol = header.findIndex((h, j) => j > 0 && TOTAL.test(h.trim()));
  const totalRow = grid.findIndex((r, i) => i > 0 && TOTAL.test((r[0] ?? '').trim()));
  if (totalCol > 0 && totalRow > 0) {
    const v = parseCount(grid[totalRow]![totalCol] ?? '');
    if (typeof v === 'number') return v;
  }
  if (totalCol > 0) {
    let sum = 0;
    let any = false;
    m.rowCategories.forEach((c, i) => {
      const v = parseCount(grid[i + 1]?.[totalCol] ?? '');
      if (c !== null && typeof v === 'number') {
        sum += v;
        any = true;
      }
    });
    return any ? sum : null;
  }
  return null;
}

export interface TableLike {
  id: string;
  label?: string;
  unit?: 'count' | 'percent';
  total?: number;
  cells: { where: Record<string, string | string[]>; count: number }[];
}

/**
 * A population table as CSV, with category labels, shaped as the annexes print it: a cross-tab
 * when its cells use two attributes, a column of counts for one, and one row per cell otherwise.
 */
export function tableToCsv(table: TableLike, attributes: readonly AttributeInfo[]): string {
  const attrOf = (id: string) => attributes.find((a) => a.id === id);
  const catLabel = (attr: string, v: string | string[]) =>
    (Array.isArray(v) ? v : [v]).map((c) => attrOf(attr)?.categories.find((x) => x.id === c)?.label ?? c).join(' or ');
  const attrs = [...new Set(table.cells.flatMap((c) => Object.keys(c.where)))];
  const single = table.cells.every((c) => Object.values(c.where).every((v) => !Array.isArray(v)));
  const lines: (string | number)[][] = [];
  const unit = table.unit === 'percent' ? 'percent' : 'people';
  if (single && attrs.length === 2 && table.cells.every((c) => Object.keys(c.where).length === 2)) {
    const [ra, ca] = attrs as [string, string];
    const order = (attr: string) => {
      const present = new Set(table.cells.map((c) => c.where[attr] as string));
      const known = (attrOf(attr)?.categories ?? []).map((c) => c.id).filter((id) => present.has(id));
      return [...known, ...[...present].filter((id) => !known.includes(id))];
    };
    const rows = order(ra);
    const cols = order(ca);
    lines.push([attrOf(ra)?.label ?? ra, ...cols.map((c) => catLabel(ca, c))]);
    for (const r of rows)
      lines.push([
        catLabel(ra, r),
        ...cols.map((c) => table.cells.find((x) => x.where[ra] === r && x.where[ca] === c)?.count ?? ''),
      ]);
  } else if (single && attrs.length === 1) {
    const [a] = attrs as [string];
    lines.push([attrOf(a)?.label ?? a, unit]);
    for (const c of table.cells) lines.push([catLabel(a, c.where[a]!), c.count]);
  } else {
    lines.push([...attrs.map((a) => attrOf(a)?.label ?? a), unit]);
    for (const c of table.cells)
      lines.push([...attrs.map((a) => (a in c.where ? catLabel(a, c.where[a]!) : 'any')), c.count]);
  }
  return lines.map((l) => l.map((v) => csvField(v)).join(',')).join('\r\n') + '\r\n';
}
