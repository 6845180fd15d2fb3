import { describe, expect, it } from 'vitest';
import { runScenario, loadScenario } from '../../src/index.js';
import { compareFigures, headlineFigures } from '../../web/results/figures.js';
import { toCsv } from '../../web/csv.js';
import { num, signed, stat } from '../../web/format.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

function run(edit: (d: ReturnType<typeof minimalScenario>) => void = () => {}) {
  const doc = minimalScenario();
  edit(doc);
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return runScenario(r.scenario, { replications: 8 });
}

describe('headline figures and comparison', () => {
  const base = run();

  it('list every programme, tier and population figure with a unique key', () => {
    const figures = headlineFigures(base);
    const keys = figures.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain(`${base.establishments[0]!.establishment}/programme:TSP/unmetNeed`);
    expect(keys.some((k) => k.startsWith('@region/tier:'))).toBe(true);
  });

  it('give zero differences for the same run', () => {
    expect(compareFigures(base, base).every((d) => d.difference === 0 && !d.distinct)).toBe(true);
  });

  it('show fewer groups as fewer starts', () => {
    const fewer = run((d) => {
      d.establishments[0]!.programmes![0]!.groupsPerYear = 1;
    });
    const diff = compareFigures(base, fewer).find(
      (d) => d.key.endsWith('/programme:TSP/starts') && !d.key.startsWith('@region'),
    )!;
    expect(diff.difference).toBeLessThan(0);
  });
});

describe('formatting and CSV', () => {
  it('round numbers for reading', () => {
    expect(num(80)).toBe('80');
    expect(num(71.56)).toBe('71.6');
    expect(num(1234.5)).toBe('1,235');
    expect(num(null)).toBe('–');
    expect(signed(-0.01)).toBe('0.0');
    expect(signed(3.2)).toBe('+3.2');
    expect(stat({ mean: 10.5, p5: 8, p50: 10, p95: 13 })).toBe('10.5 (8–13)');
  });

  it('quote CSV cells that need it', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1.5, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\n');
  });
});
