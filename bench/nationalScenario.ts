/**
 * A synthetic national-scale scenario for the benchmark: 100 establishments of 850 people
 * (85,000 in all) with the West Midlands profile, ten programmes from the built-in catalogue,
 * each establishment running some of them, three years. Built from the regional scenario so the
 * rules and tables are the real ones; transfers out run at the region's capacity-weighted rate.
 */
import { readFileSync } from 'node:fs';
import { loadScenarioText, type Scenario, type ScenarioInput } from '../src/index.js';

/** The national scenario as file text, built from the regional scenario's text. */
export function nationalScenarioText(regionText: string): string {
  const region = JSON.parse(regionText) as ScenarioInput;
  const template = region.establishments.find((e) => e.id !== 'stafford') ?? region.establishments[0];
  if (!template) throw new Error('the regional scenario has no establishments');
  const programmes = region.programmes.slice(0, 10);
  const capacity = region.establishments.reduce((n, e) => n + e.operationalCapacity, 0);
  const transfersOutPerYear =
    region.establishments.reduce((n, e) => n + e.operationalCapacity * (e.flows?.transfersOutPerYear ?? 0), 0) /
    capacity;
  const establishments = Array.from({ length: 100 }, (_, k) => ({
    ...template,
    id: `prison-${k + 1}`,
    name: `Prison ${k + 1}`,
    operationalCapacity: 850,
    population: { ...template.population, total: 850 },
    // The template's transfers within the region name its neighbours, which are not here: all leave.
    flows: { ...template.flows, transfersOutPerYear, transfersTo: [] },
    referrals: [],
    // Each runs four of the ten programmes, rotating, so every programme is delivered somewhere.
    programmes: [0, 1, 2, 3].map((j) => {
      const p = programmes[(k + j * 3) % programmes.length];
      return { programme: p?.id ?? 'tsp', groupsPerYear: 6 };
    }),
    staffing: { pomFte: 12 },
  }));
  const input: ScenarioInput = {
    ...region,
    name: 'Synthetic national (85,000 people)',
    horizon: { value: 3, unit: 'years' },
    replications: 100,
    programmes,
    establishments,
    changes: [],
  };
  return JSON.stringify(input);
}

export function nationalScenario(): Scenario {
  const text = nationalScenarioText(
    readFileSync(new URL('../scenarios/west-midlands-2014.json', import.meta.url), 'utf8'),
  );
  const loaded = loadScenarioText(text);
  if (!loaded.ok) throw new Error(`the synthetic scenario does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  return loaded.scenario;
}
