import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/engine/compile.js';
import { SimulationContext, simulateBatch } from '../../src/engine/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';

describe('the table of people and the needs ledger, sized from the flows (expectedPeople)', () => {
  it('hold everyone a replication and its warm-up pass through without growing', () => {
    for (const file of ['stafford-2014', 'west-midlands-2014']) {
      const loaded = loadScenario(
        JSON.parse(readFileSync(new URL(`../../scenarios/${file}.json`, import.meta.url), 'utf8')),
      );
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const compiled = compileScenario(loaded.scenario, { replications: 1 });
      const context = new SimulationContext(compiled);
      const warmup = context.warmup as unknown as { people: { capacity: number; count: number } };
      const sizes = [context.people.capacity, warmup.people.capacity];
      const opening = compiled.establishments.reduce((n, e) => n + e.populationTotal, 0);
      simulateBatch(compiled, 0, 1, {}, context);
      // West Midlands passes ~28,400 people through each: the old sizing (19,500) doubled.
      expect(context.people.count, file).toBeGreaterThan(opening);
      expect([context.people.capacity, warmup.people.capacity], file).toEqual(sizes);
      // Not sized wildly past them either.
      expect(context.people.capacity, file).toBeLessThan(1.5 * context.people.count);
    }
  });
});
