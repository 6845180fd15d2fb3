import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compareSamples, describeAgreement, figuresOf, samplesOf, type FigureSamples } from '../../bench/agreement.js';
import { parseAgreeArgs } from '../../bench/agree.js';
import { studentTCdf } from '../../src/results/studentT.js';
import { runFigures } from '../../bench/agreeRun.js';

const samples = (paths: string[], columns: number[][]): FigureSamples => ({
  replications: columns[0]?.length ?? 0,
  paths,
  values: Float64Array.from(columns.flat()),
});

describe('figuresOf', () => {
  it('reads a Stat by its mean, names array elements by their key, and leaves out series, text and Infinity', () => {
    const stat = (mean: number) => ({ mean, p5: mean - 1, p50: mean, p95: mean + 1 });
    const figures = figuresOf({
      scenario: 'a name',
      weeks: 52,
      establishments: [
        {
          establishment: 'x',
          name: 'HMP X',
          population: stat(700),
          programmes: [
            {
              programme: 'tsp',
              starts: stat(80),
              load: stat(Infinity),
              listLoad: Infinity,
              waiting: { mean: [1, 2], p5: [1, 2], p95: [1, 2] },
            },
          ],
          byYear: [{ year: 1, starts: 3 }],
          unnamed: [{ v: 1 }, { v: 2 }],
          twice: [
            { name: 'same', v: 1 },
            { name: 'same', v: 2 },
          ],
        },
      ],
    });
    expect(Object.fromEntries(figures)).toEqual({
      weeks: 52,
      'establishments[HMP X].population': 700,
      'establishments[HMP X].programmes[tsp].starts': 80,
      'establishments[HMP X].byYear[1].starts': 3,
      'establishments[HMP X].unnamed[0].v': 1,
      'establishments[HMP X].unnamed[1].v': 2,
      'establishments[HMP X].twice[same].v': 1,
      'establishments[HMP X].twice[same#1].v': 2,
    });
  });
});

describe('samplesOf', () => {
  it('keeps the paths every replication has, values path-major', () => {
    const s = samplesOf([
      new Map([
        ['a', 1],
        ['b', 2],
        ['only first', 9],
      ]),
      new Map([
        ['a', 3],
        ['b', 4],
      ]),
    ]);
    expect(s.paths).toEqual(['a', 'b']);
    expect(Array.from(s.values)).toEqual([1, 3, 2, 4]);
  });
});

describe('compareSamples', () => {
  it("gives Welch's t with Welch-Satterthwaite's degrees of freedom, and the normal z of its chance", () => {
    // a: mean 2, variance 1 over 3; b: mean 5, variance 4 over 3. SE = sqrt(1/3 + 4/3).
    const agreement = compareSamples(samples(['x'], [[1, 2, 3]]), samples(['x'], [[3, 5, 7]]));
    expect(agreement.compared).toBe(1);
    const [d] = agreement.differences;
    expect(d?.meanA).toBe(2);
    expect(d?.meanB).toBe(5);
    expect(d?.standardError).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(d?.t).toBeCloseTo(-3 / Math.sqrt(5 / 3), 12);
    // (5/3)^2 / ((1/3)^2 / 2 + (4/3)^2 / 2) = 50/17.
    expect(d?.degreesOfFreedom).toBeCloseTo(50 / 17, 12);
    expect(d?.chance).toBeCloseTo(2 * studentTCdf(-3 / Math.sqrt(5 / 3), 50 / 17), 12);
    // t of -2.3 on 3 degrees of freedom is a chance of about 10%: a normal z of about -1.6, not -2.3.
    expect(d?.z).toBeLessThan(-1.5);
    expect(d?.z).toBeGreaterThan(-1.8);
    expect(agreement.beyond).toEqual({ 2: 0, 3: 0, 4: 0 });
    expect(agreement.failed).toEqual([]);
  });

  it('gives z close to t over many replications, and fails a figure whose chance is under 1% over all', () => {
    const n = 1000;
    const column = (shift: number) => Array.from({ length: n }, (_, r) => (r % 10) + shift);
    const agreement = compareSamples(
      samples(['near', 'far'], [column(0), column(0)]),
      samples(['near', 'far'], [column(0.3), column(2)]),
    );
    const byPath = new Map(agreement.differences.map((d) => [d.path, d]));
    const near = byPath.get('near');
    expect(near?.t).toBeCloseTo(-0.3 / Math.sqrt((2 * 8.25 * n) / (n - 1) / n), 9);
    expect(Math.abs((near?.z ?? 0) - (near?.t ?? 1))).toBeLessThan(0.02);
    expect(agreement.failBelow).toBe(0.01 / 2);
    expect(agreement.failed.map((d) => d.path)).toEqual(['far']);
  });

  it('reads a constant both sides share as agreeing, and a constant that moved as infinitely far', () => {
    const agreement = compareSamples(
      samples(
        ['same', 'moved', 'only a'],
        [
          [4, 4],
          [1, 1],
          [0, 0],
        ],
      ),
      samples(
        ['same', 'moved', 'only b'],
        [
          [4, 4],
          [2, 2],
          [0, 0],
        ],
      ),
    );
    expect(agreement.onlyA).toBe(1);
    expect(agreement.onlyB).toBe(1);
    expect(agreement.differences.map((d) => [d.path, d.z, d.chance])).toEqual([
      ['moved', -Infinity, 0],
      ['same', 0, 1],
    ]);
    expect(agreement.beyond[4]).toBe(1);
    expect(agreement.failed.map((d) => d.path)).toEqual(['moved']);
    const lines = describeAgreement('case', agreement);
    expect(lines[0]).toMatch(/^case: 2 figures compared; .* in one run only: 1 and 1$/);
    expect(lines[1]).toContain('moved: 1.000 against 2.000');
    expect(lines[2]).toMatch(/^ {2}1 figure with a chance under 0.0050 .*beyond Monte Carlo error/);
    expect(lines).toHaveLength(3);
  });
});

describe('parseAgreeArgs', () => {
  it('reads the options and refuses a seed given twice', () => {
    expect(parseAgreeArgs(['stafford', '--against', 'abc', '--replications', '50', '--seeds', 'x,y'])).toMatchObject({
      filter: 'stafford',
      against: 'abc',
      replications: 50,
      seeds: ['x', 'y'],
    });
    expect(() => parseAgreeArgs(['--seeds', 'x,x'])).toThrow(/two different seeds/);
    expect(() => parseAgreeArgs(['--replications', '1'])).toThrow(/2 or more/);
  });
});

describe('runFigures', () => {
  const text = readFileSync(new URL('../../scenarios/leicester-2014.json', import.meta.url), 'utf8');

  it('gives one engine the same figures from the same seed, and a standard normal z from another', () => {
    const a = runFigures(text, 6, 'one');
    const again = runFigures(text, 6, 'one');
    const b = runFigures(text, 6, 'two');
    if (!a || !again || !b) throw new Error('the built-in file does not load');
    expect(a.paths.length).toBeGreaterThan(100);
    expect(a.paths).toContain('establishments[HMP Leicester].receptions');
    expect(compareSamples(a, again).differences.every((d) => d.z === 0)).toBe(true);
    // Another seed moves the receptions, by chance alone.
    const receptions = compareSamples(a, b).differences.find(
      (d) => d.path === 'establishments[HMP Leicester].receptions',
    );
    expect(receptions?.meanA).not.toBe(receptions?.meanB);
    expect(Math.abs(receptions?.z ?? Infinity)).toBeLessThan(5);
  });
});
