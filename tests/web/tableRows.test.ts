import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveAttributes } from '../../src/index.js';
import { columnsOf, decode, encode, newRowWhere } from '../../web/scenario/tableRows.js';

const attributes = resolveAttributes('segmentation-2014', []);
const stafford = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
  establishments: { population: { tables: { cells: { where: Record<string, string | string[]> }[] }[] } }[];
};

describe('a population table’s rows in the editor', () => {
  it('shows a column per attribute the cells use, in the band scheme’s order, and any the user added', () => {
    const cells = stafford.establishments[0]!.population.tables[2]!.cells;
    expect(columnsOf(cells, attributes)).toEqual(['ogrs', 'offence']);
    expect(columnsOf([{ where: { offence: 'sexual', ogrs: '0-24' } }], attributes, ['sentence'])).toEqual([
      'ogrs',
      'offence',
      'sentence',
    ]);
    expect(columnsOf([{ where: { colour: 'red' } }], attributes)).toEqual(['colour']);
  });

  it('gives a new row the first combination no row has, so it overlaps none', () => {
    const cells = stafford.establishments[0]!.population.tables[2]!.cells;
    // Stafford's table gives OGRS 0-24 for every offence but motoring: the new row is that one.
    expect(newRowWhere(cells, ['ogrs', 'offence'], attributes)).toEqual({ ogrs: '0-24', offence: 'motoring' });
    const all = attributes.find((a) => a.id === 'dv')!.categories.map((c) => ({ where: { dv: c.id } }));
    expect(newRowWhere(all, ['dv'], attributes)).toEqual({ dv: 'no' }); // every one taken: the first
    expect(newRowWhere([{ where: {} }], [], attributes)).toEqual({});
  });

  it('round-trips a select’s value: any, one category, several', () => {
    for (const v of [undefined, 'sexual', ['violent', 'sexual']]) expect(decode(encode(v))).toEqual(v);
  });
});
