import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveAttributes } from '../../src/index.js';
import {
  buildCells,
  guessMapping,
  parseCount,
  parseTabular,
  tableToCsv,
  type ImportedCell,
  type TableLike,
} from '../../web/scenario/tableImport.js';

const attributes = resolveAttributes('segmentation-2014', []);
const scenario = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8')) as {
    establishments: { population: { tables: TableLike[] } }[];
  };
const tableOf = (name: string, id: string) =>
  scenario(name).establishments[0]!.population.tables.find((t) => t.id === id)!;
const key = (c: ImportedCell | TableLike['cells'][number]) =>
  `${JSON.stringify(Object.entries(c.where).sort())}=${c.count}`;
const sameCells = (a: readonly (ImportedCell | TableLike['cells'][number])[], b: typeof a) =>
  expect(a.map(key).sort()).toEqual(b.map(key).sort());

describe('reading tabular text', () => {
  it('reads CSV with quotes and a spreadsheet paste (tabs) alike', () => {
    expect(parseTabular('a,"b, c",d\r\n1,"say ""hi""",3\n').grid).toEqual([
      ['a', 'b, c', 'd'],
      ['1', 'say "hi"', '3'],
    ]);
    const pasted = parseTabular('OGRS\tsexual\tviolent\n0-24\t12\t9\n25-49\t8\n');
    expect(pasted.delimiter).toBe('\t');
    expect(pasted.grid).toEqual([
      ['OGRS', 'sexual', 'violent'],
      ['0-24', '12', '9'],
      ['25-49', '8', ''],
    ]);
  });

  it('reads counts with thousands separators, and blanks or dashes as not given', () => {
    expect(parseCount('1,234')).toBe(1234);
    expect(parseCount(' 56 ')).toBe(56);
    expect(parseCount('12%')).toBe(12);
    expect(parseCount('')).toBeUndefined();
    expect(parseCount('-')).toBeUndefined();
    expect(parseCount('4O')).toBeNull();
  });
});

describe('a Table 4b CSV becomes the table the scenario has built in', () => {
  it('maps Leicester’s OGRS-by-offence CSV to the same 35 cells and printed total as the built-in table', () => {
    const text = readFileSync('/work/shared/reference/leicester-2014-ogrs-by-offence.csv', 'utf8');
    const { grid } = parseTabular(text);
    const mapping = guessMapping(grid, attributes);
    expect(mapping.shape).toBe('cross');
    expect(mapping.rowAttribute).toBe('ogrs');
    expect(mapping.columnAttribute).toBe('offence');
    // The "total" column is left out, not read as an offence.
    expect(mapping.columnCategories.at(-1)).toBeNull();
    const imported = buildCells(grid, mapping, attributes);
    expect(imported.errors).toEqual([]);
    const builtIn = tableOf('leicester-2014', 'l-ogrs-offence');
    sameCells(imported.cells, builtIn.cells);
    expect(imported.printedTotal).toBe(builtIn.total);
  });

  it('round-trips Stafford’s partial Table 4b through CSV: blanks stay cells the source does not give', () => {
    const builtIn = tableOf('stafford-2014', 's-ogrs-offence');
    const csv = tableToCsv(builtIn, attributes);
    expect(csv.split('\r\n')[0]).toBe('"OGRS (general reoffending, %)",Sexual,Violent,Robbery,Acquisitive,Drugs,Other');
    expect(csv.split('\r\n')[2]).toBe('Medium (25-49),43,30,,,,');
    const { grid } = parseTabular(csv);
    const imported = buildCells(grid, guessMapping(grid, attributes), attributes);
    expect(imported.errors).toEqual([]);
    sameCells(imported.cells, builtIn.cells);
  });

  it('reads a column of counts (one band a row)', () => {
    const { grid } = parseTabular(
      'OGRS band,people\nLow (0-24),237\n25-49,137\n50-74,216\n75-89,120\n90-100,2\nTotal,712\n',
    );
    const mapping = guessMapping(grid, attributes);
    expect(mapping.shape).toBe('column');
    const imported = buildCells(grid, mapping, attributes);
    expect(imported.errors).toEqual([]);
    sameCells(imported.cells, tableOf('stafford-2014', 's-ogrs').cells);
  });
});

describe('errors name the row and column as the spreadsheet shows them', () => {
  it('names a cell that is not a number, and a negative count', () => {
    const { grid } = parseTabular('ogrs,sexual,violent\n0-24,12,9\n50-74,4O,-3\n');
    const imported = buildCells(grid, guessMapping(grid, attributes), attributes);
    expect(imported.errors.map((e) => e.message)).toEqual([
      'row 3 (50-74), column B (sexual): “4O” is not a number of people. Use digits, or leave it blank if the source does not give it.',
      'row 3 (50-74), column C (violent): -3 is below 0: a count of people is 0 or more.',
    ]);
    expect(imported.errors[0]).toMatchObject({ row: 3, column: 2 });
  });

  it('says when two rows are mapped to one category, or nothing is mapped', () => {
    const { grid } = parseTabular('ogrs,sexual\n0-24,1\nLow (0-24),2\n');
    const imported = buildCells(grid, guessMapping(grid, attributes), attributes);
    expect(imported.errors[0]!.message).toMatch(
      /^row 3 \(Low \(0-24\)\), column B \(sexual\): this is the same cell as row 2/,
    );
    const none = buildCells(grid, { ...guessMapping(grid, attributes), rowAttribute: null }, attributes);
    expect(none.errors[0]!.message).toMatch(/Choose what the rows are/);
  });

  it('neutralises a label a spreadsheet would run as a formula', () => {
    const t: TableLike = { id: 't', cells: [{ where: { offence: '=HYPERLINK()' }, count: 1 }] };
    expect(tableToCsv(t, attributes)).toContain("'=HYPERLINK()");
  });
});
