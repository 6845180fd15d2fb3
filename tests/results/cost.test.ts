/** Cost (src/results/cost.ts): the arithmetic, and what a run reports from the prices a scenario gives. */
import { describe, expect, it } from 'vitest';
import { programmeCost } from '../../src/results/cost.js';
import { costDifferences, totalCostDifference } from '../../src/results/costComparison.js';
import { formatPounds } from '../../src/results/backtestTable.js';
import { runScenario } from '../../src/engine/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

describe('programme cost arithmetic', () => {
  it('adds places offered x cost per place and completions x cost per completion', () => {
    const c = programmeCost(500, 100, 80, 40);
    expect(c.total).toBe(500 * 80 + 100 * 40);
    expect(c.costPerCompletion).toBe((500 * 80 + 100 * 40) / 40);
  });

  it('uses the one unit cost given, and has no cost per completion with no completions', () => {
    expect(programmeCost(null, 250, 80, 10)).toEqual({ total: 2500, costPerCompletion: 250 });
    expect(programmeCost(300, null, 20, 0)).toEqual({ total: 6000, costPerCompletion: null });
  });

  it('gives no cost at all when the scenario gives no unit cost', () => {
    expect(programmeCost(null, null, 80, 40)).toEqual({ total: null, costPerCompletion: null });
  });

  it('writes pounds with thousands separators', () => {
    expect(formatPounds(11508731)).toBe('£11,508,731');
    expect(formatPounds(-1234.6)).toBe('-£1,235');
    expect(formatPounds(null)).toBe('');
  });
});

describe('cost of a run', () => {
  const input = minimalScenario();
  input.establishments[0].operatingPrice = { annualOperatingPrice: 10_400_000, source: 'test' };
  const tsp = input.establishments[0].programmes!.find((d) => d.programme === 'TSP')!;
  tsp.cost = { perPlace: 1000, perCompletion: 200, defaults: ['perPlace', 'perCompletion'] };
  const loaded = loadScenario(input);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const results = runScenario(loaded.scenario, { replications: 3, horizonWeeks: 26 });
  const cost = results.cost.establishments[0];
  const programme = results.establishments[0].programmes.find((p) => p.programme === 'TSP')!;

  it("takes the operating price over the window (half a year's here)", () => {
    expect(cost.annualOperatingPrice).toBe(10_400_000);
    expect(cost.operatingPriceOverWindow).toBeCloseTo(5_200_000, 6);
  });

  it("costs the programme's places offered and mean completions, and only programmes with a cost", () => {
    expect(cost.programmes.map((p) => p.programme)).toEqual(['TSP']);
    const p = cost.programmes[0];
    expect(p.placesOffered).toBeCloseTo(programme.placesPerYear / 2, 9);
    expect(p.total).toBeCloseTo(1000 * (programme.placesPerYear / 2) + 200 * programme.completions.mean, 6);
    expect(p.costPerCompletion).toBeCloseTo(p.total! / programme.completions.mean, 6);
    expect(p.defaults).toEqual(['perPlace', 'perCompletion']);
    expect(cost.programmeCostTotal).toBeCloseTo(p.total!, 6);
  });

  it('gives the region an operating price only when every establishment has one', () => {
    expect(results.cost.region.operatingPriceOverWindow).toBeCloseTo(5_200_000, 6);
    const unpriced = minimalScenario();
    const second = structuredClone(unpriced.establishments[0]);
    second.id = 'second';
    unpriced.establishments[0].operatingPrice = { annualOperatingPrice: 1_000_000 };
    unpriced.establishments.push(second);
    const l = loadScenario(unpriced);
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    const r = runScenario(l.scenario, { replications: 2, horizonWeeks: 13 });
    expect(r.cost.region.operatingPriceOverWindow).toBeNull();
    expect(r.cost.region.establishmentsPriced).toBe(1);
  });
});

describe('cost difference in Compare', () => {
  const side = (price: number | null, tspTotal: number | null) =>
    ({
      establishments: [],
      cost: {
        windowWeeks: 52,
        establishments: [
          {
            establishment: 'stafford',
            name: 'HMP Stafford',
            annualOperatingPrice: price,
            operatingPriceOverWindow: price,
            operatingPriceSource: null,
            programmes:
              tspTotal === null
                ? []
                : [
                    {
                      programme: 'tsp',
                      name: 'TSP',
                      perPlace: 1,
                      perCompletion: null,
                      placesOffered: tspTotal,
                      completions: 10,
                      total: tspTotal,
                      costPerCompletion: tspTotal / 10,
                      source: null,
                      defaults: [],
                    },
                  ],
            programmeCostTotal: tspTotal,
          },
        ],
        region: {
          operatingPriceOverWindow: price,
          establishmentsPriced: price === null ? 0 : 1,
          programmeCostTotal: tspTotal,
        },
        note: '',
      },
    }) as Parameters<typeof costDifferences>[0];

  it('subtracts the reference from the current side, figure by figure, and adds up the differences', () => {
    const rows = costDifferences(side(1000, 300), side(1200, 250));
    expect(rows.map((r) => [r.programme, r.reference, r.current, r.difference])).toEqual([
      [null, 1000, 1200, 200],
      ['tsp', 300, 250, -50],
    ]);
    expect(totalCostDifference(rows)).toBe(150);
  });

  it('gives no difference for a figure only one side prices, and leaves it out of the total', () => {
    const rows = costDifferences(side(1000, null), side(1000, 400));
    const tsp = rows.find((r) => r.programme === 'tsp')!;
    expect(tsp.reference).toBeNull();
    expect(tsp.difference).toBeNull();
    expect(totalCostDifference(rows)).toBe(0);
    expect(totalCostDifference(costDifferences(side(null, null), side(null, 5)))).toBeNull();
  });
});
