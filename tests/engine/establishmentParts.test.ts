/**
 * Establishments that exchange no one are simulated one at a time (establishmentParts.ts): the
 * record is put together from each establishment's own, every number in its place, each
 * establishment's draws its own, and the model the same as the whole file's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  loadScenarioText,
  runScenario,
  simulateBatch,
  sizeProgramme,
  SimulationContext,
  summarize,
  type CompiledScenario,
  type Scenario,
} from '../../src/index.js';
import { O } from '../../src/engine/layout.js';
import { establishment, programme, scenario as builtScenario, timeLeftPrior } from './scenarioBuilder.js';
import { compileEstablishment, separableEstablishments } from '../../src/engine/establishmentParts.js';
import { CompileCache } from '../../src/engine/compileCache.js';

function builtIn(file: string): Scenario {
  const loaded = loadScenarioText(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.scenario;
}

const stafford = builtIn('stafford-2014.json');
const staffordSite = stafford.establishments[0]!;
/** Stafford beside another prison that exchanges no one with it. */
function withNeighbour(first: boolean, neighbour: Partial<Scenario['establishments'][number]> = {}): Scenario {
  const other = { ...staffordSite, id: 'neighbour', name: 'Neighbour', ...neighbour };
  return { ...stafford, establishments: first ? [staffordSite, other] : [other, staffordSite] };
}

describe('the record of a replication, by establishment (Layout.establishmentSpans)', () => {
  it('gives every number of the record to exactly one establishment', () => {
    for (const s of [builtIn('west-midlands-2014.json'), builtIn('region-today.json'), withNeighbour(true)]) {
      const compiled = compileScenario(s, { replications: 1 });
      const L = compiled.layout;
      const scalars = new Uint8Array(L.scalarCount);
      const series = new Uint8Array(L.seriesCount);
      for (let e = 0; e < L.establishments; e++) {
        const spans = L.establishmentSpans(e);
        for (let k = 0; k < spans.scalars.length; k += 2)
          for (let i = spans.scalars[k]!; i < spans.scalars[k]! + spans.scalars[k + 1]!; i++) scalars[i]!++;
        for (let k = 0; k < spans.series.length; k += 2)
          for (let i = spans.series[k]!; i < spans.series[k]! + spans.series[k + 1]!; i++) series[i]!++;
      }
      expect(scalars.every((n) => n === 1)).toBe(true);
      expect(series.every((n) => n === 1)).toBe(true);
    }
  });
});

describe('establishments that exchange no one', () => {
  it('are told apart from those that do', () => {
    const separable = (s: Scenario) => separableEstablishments(compileScenario(s, { replications: 1 }));
    expect(separable(withNeighbour(true))).toBe(true);
    expect(separable(stafford)).toBe(false);
    expect(separable(builtIn('west-midlands-2014.json'))).toBe(false);
    expect(separable(builtIn('region-today.json'))).toBe(false);
    // A referral from one to the other (a site that takes referrals), or transfers within the
    // file, tie them together.
    const referring: Scenario = {
      ...withNeighbour(true, { programmes: [], referrals: [{ programme: 'tsp', to: 'stafford' }] }),
    };
    referring.establishments = [
      {
        ...staffordSite,
        programmes: staffordSite.programmes.map((d) => (d.programme === 'tsp' ? { ...d, acceptsReferrals: true } : d)),
      },
      referring.establishments[1]!,
    ];
    expect(separable(referring)).toBe(false);
    const transferring = withNeighbour(true, {
      flows: {
        ...staffordSite.flows,
        transfersOutPerYear: 0.5,
        transfersTo: [{ establishment: 'stafford', share: 0.2 }],
      },
    });
    expect(separable(transferring)).toBe(false);
  });

  it("give a prison the same numbers whatever the file's other prisons and their order", () => {
    const result = (s: Scenario) => {
      const compiled = compileScenario(s, { seed: 'parts', replications: 6 });
      const results = summarize(compiled, [simulateBatch(compiled, 0, 2), simulateBatch(compiled, 2, 4)]);
      return results.establishments.find((e) => e.establishment === 'stafford');
    };
    const beside = JSON.stringify(result(withNeighbour(true)));
    expect(
      JSON.stringify(
        result(
          withNeighbour(false, { operationalCapacity: 400, population: { ...staffordSite.population, total: 400 } }),
        ),
      ),
    ).toBe(beside);
    // The neighbour's numbers are not Stafford's: each establishment draws from streams of its own.
    const compiled = compileScenario(withNeighbour(true), { seed: 'parts', replications: 6 });
    const results = summarize(compiled, [simulateBatch(compiled, 0, 6)]);
    expect(JSON.stringify(results.establishments[1]!.programmes)).not.toBe(
      JSON.stringify(results.establishments[0]!.programmes),
    );
  });

  it("count a prison's needs in its own record, whatever the tables of the prison simulated before it", () => {
    // Parts share one needs ledger, one after another (simulate.ts); a need's block follows the
    // fit tallies, so it lies elsewhere in a record where the tables differ.
    const ogrs = {
      id: 'by-ogrs',
      unit: 'count' as const,
      cells: [
        { where: { ogrs: '0-24' }, count: 40 },
        { where: { ogrs: '25-49' }, count: 30 },
        { where: { ogrs: '50-74' }, count: 30 },
      ],
    };
    const file = (order: 'tabled first' | 'tabled second') => {
      const tabled = establishment({
        id: 'tabled',
        operationalCapacity: 100,
        population: { tables: [ogrs], priors: [timeLeftPrior('1-2y')] },
        programmes: [{ programme: 'p', groupsPerYear: 4 }],
      });
      const plain = establishment({
        id: 'plain',
        population: { tables: [], priors: [timeLeftPrior('1-2y')] },
        programmes: [{ programme: 'q', groupsPerYear: 4 }],
      });
      return builtScenario({
        programmes: [programme({ id: 'p' }), programme({ id: 'q' })],
        needs: [{ id: 'n', name: 'N', stages: [{ alternatives: ['p', 'q'] }] }],
        establishments: order === 'tabled first' ? [tabled, plain] : [plain, tabled],
      });
    };
    const needsOf = (s: Scenario) => {
      const compiled = compileScenario(s, { seed: 'needs', replications: 4 });
      expect(separableEstablishments(compiled)).toBe(true);
      const results = summarize(compiled, [simulateBatch(compiled, 0, 4)]);
      return Object.fromEntries(results.establishments.map((e) => [e.establishment, JSON.stringify(e.needs)]));
    };
    const first = needsOf(file('tabled first'));
    const second = needsOf(file('tabled second'));
    expect(second).toEqual(first);
    expect(first['tabled']).toContain('"joined":{"mean":');
    expect(JSON.parse(first['tabled']!)[0].joined.mean).toBeGreaterThan(0);
  });

  it('give the same bytes however replications are split and whatever context serves them', () => {
    const compiled = compileScenario(withNeighbour(true), { seed: 'split', replications: 5 });
    const whole = JSON.stringify(summarize(compiled, [simulateBatch(compiled, 0, 5)]));
    const context = new SimulationContext(compiled);
    const batches = [simulateBatch(compiled, 3, 2, {}, context), simulateBatch(compiled, 0, 3, {}, context)];
    expect(JSON.stringify(summarize(compiled, batches))).toBe(whole);
  });

  it('model a prison as the file of that prison alone does (means within their Monte Carlo error)', () => {
    const R = 160;
    const perReplication = (compiled: CompiledScenario, e: number) => {
      const L = compiled.layout;
      const batch = simulateBatch(compiled, 0, R);
      const tsp = compiled.programmes.findIndex((p) => p.definition.id === 'tsp');
      const at = (r: number, o: number) => batch.scalars[r * L.scalarCount + L.programmeBase(e, tsp) + L.outcome(o)]!;
      return [O.joined, O.starts, O.completions, O.unmetNeed, O.waitingAtStart, O.waitingAtEnd].map((o) =>
        Array.from({ length: R }, (_, r) => at(r, o)),
      );
    };
    const alone = perReplication(compileScenario(stafford, { seed: 'alone', replications: R }), 0);
    const beside = perReplication(compileScenario(withNeighbour(false), { seed: 'beside', replications: R }), 1);
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const variance = (x: number[]) => x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1);
    alone.forEach((a, k) => {
      const b = beside[k]!;
      const standardError = Math.sqrt((variance(a) + variance(b)) / R);
      expect(Math.abs(mean(a) - mean(b))).toBeLessThanOrEqual(4 * standardError + 1e-9);
      expect(mean(b)).toBeGreaterThan(0);
    });
  });

  it('are sized alone, with the numbers they have within the file (sizing.ts)', () => {
    const file = withNeighbour(true);
    const options = { seed: 'size', replications: 12 };
    const sizing = sizeProgramme(
      file,
      { establishment: 'neighbour', programme: 'tsp', targetUnmetPerYear: 50, maxGroupsPerYear: 16 },
      options,
    );
    const run = runScenario(file, options);
    const tsp = run.establishments[1]!.programmes.find((p) => p.programme === 'tsp')!;
    expect(run.establishments[1]!.establishment).toBe('neighbour');
    expect(sizing.clearing.waitingAtStart.mean).toBe(tsp.waitingAtStart.mean);
    expect(sizing.clearing.waitingAtStart.mean).toBeGreaterThan(0);
  });

  it('keep what was added to the compiled file after compiling (a change at week 0, a list set aside)', () => {
    const compiled = compileScenario(withNeighbour(true), { replications: 1 });
    const P = compiled.programmes.length;
    const p = compiled.programmes.findIndex((x) => x.definition.id === 'tsp');
    const sized: CompiledScenario = {
      ...compiled,
      changes: [
        {
          week: 0,
          establishment: 1,
          appliesToExisting: false,
          action: { kind: 'groupsPerYear', programme: p, value: 9 },
        },
        ...compiled.changes,
      ],
      setAsideAtStart: new Set([1 * P + p]),
    };
    const cache = new CompileCache();
    const first = compileEstablishment(sized, 0, cache);
    const second = compileEstablishment(sized, 1, cache);
    expect(second.changes[0]).toEqual({ ...sized.changes[0], establishment: 0 });
    expect(second.changes.length).toBe(first.changes.length + 1);
    expect([...second.setAsideAtStart!]).toEqual([p]);
    expect([...first.setAsideAtStart!]).toEqual([]);
    // Its warm-up is the whole file's, and its fit the same as the file's for the same prison.
    expect(second.start.warmupWeeks).toBe(compiled.start.warmupWeeks);
    expect(second.establishments[0]!.populationTotal).toBe(compiled.establishments[1]!.populationTotal);
  });
});
