import { describe, expect, it } from 'vitest';
import { compileScenario, simulateBatch, summarize } from '../../src/index.js';
import { canonicalJson } from '../../src/population/canonical.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

const tables = [
  {
    id: 'ogrs',
    unit: 'count' as const,
    cells: [
      { where: { ogrs: '75-89' }, count: 60 },
      { where: { ogrs: '50-74' }, count: 90 },
    ],
  },
];
const site = (id: string, total: number, transfersOutPerYear = 0.3) =>
  establishment({
    id,
    operationalCapacity: total,
    population: { total, tables, priors: [] },
    flows: { transfersOutPerYear },
    programmes: [{ programme: 'tsp', groupsPerYear: 4 }],
  });
const tsp = programme({ id: 'tsp', eligibility: { attribute: 'ogrs', atLeast: '50-74' }, completionRate: 0.8 });

describe('a population fit shared by identical establishments', () => {
  const s = scenario({
    programmes: [tsp],
    establishments: [site('a', 300), site('b', 300), site('c', 400), site('d', 300, 0.5)],
  });
  const compiled = compileScenario(s, { seed: 7, replications: 4 });
  const [a, b, c, d] = compiled.establishments;

  it('is computed once for establishments whose population inputs agree', () => {
    expect(b?.stock).toBe(a?.stock);
    expect(b?.receptions).toBe(a?.receptions);
    expect(b?.tables).toBe(a?.tables);
  });

  it('is not shared where the size or the flows differ', () => {
    expect(c?.stock).not.toBe(a?.stock);
    expect(d?.receptions).not.toBe(a?.receptions);
  });

  it('gives each establishment a fit report of its own', () => {
    expect(b?.fit).not.toBe(a?.fit);
    expect(b?.fit).toEqual(a?.fit);
  });

  it('gives the same results as fitting each establishment alone', () => {
    // Compile each establishment in a scenario of its own: no sharing is possible there.
    const alone = compileScenario(scenario({ programmes: [tsp], establishments: [site('b', 300)] }), {
      seed: 7,
      replications: 4,
    });
    const shared = summarize(compiled, [simulateBatch(compiled, 0, 4)]).establishments[1];
    const own = summarize(alone, [simulateBatch(alone, 0, 4)]).establishments[0];
    expect(shared?.fit).toEqual(own?.fit);
    expect(b?.openingExitWeeksLeft).toEqual(alone.establishments[0]?.openingExitWeeksLeft);
  });
});

describe('canonicalJson', () => {
  it('does not depend on the order keys were written in', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 'z' }] })).toBe(canonicalJson({ a: [{ x: 'z', y: 2 }], b: 1 }));
  });
  it('tells different values apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});
