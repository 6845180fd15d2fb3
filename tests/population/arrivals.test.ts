import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { steadyStateArrivals } from '../../src/population/arrivals.js';
import type { FittedJoint } from '../../src/population/jointFit.js';
import { BAND_SCHEMES } from '../../src/index.js';
import { establishment, scenario } from '../engine/scenarioBuilder.js';

const timeLeft = BAND_SCHEMES['segmentation-2014'].attributes.find((a) => a.id === 'timeLeft')!;

/** A joint over time left alone (bands of 26, 26, 52, 156 and 260 weeks). */
function joint(people: number[]): FittedJoint {
  return { dims: [3], sizes: [5], strides: [1], weights: Float64Array.from(people), fit: [] };
}

describe('receptions that keep a population steady', () => {
  it("arrive at the rate people leave: Little's law over the segment", () => {
    // 598 people inside; a reception of band k is here for its stay, T_k - j weeks (j < m_k).
    const arrivals = steadyStateArrivals(joint([260, 130, 104, 78, 26]), timeLeft, 3);
    const law = arrivals.stays!;
    const weeks = Array.from(arrivals.weights, (w, k) => w * (law.top[k]! - (law.spread[k]! - 1) / 2));
    expect(weeks.reduce((a, b) => a + b, 0)).toBeCloseTo(598, 9);
  });

  it('stay at most the top whole week of their band, spread below it, keeping each band (renewal theory)', () => {
    // Whole weeks of time left by band: 1-25, 26-51, 52-103, 104-259, 260-519. Densities a week
    // 10.4, 5, 2, 0.5, 0.1 fall, so each band takes a spread of a sixth of its width at most.
    const people = [260, 130, 104, 78, 26];
    const arrivals = steadyStateArrivals(joint(people), timeLeft, 3);
    const law = arrivals.stays!;
    expect(Array.from(law.top)).toEqual([25, 51, 103, 259, 519]);
    expect(Array.from(law.spread)).toEqual([4, 4, 8, 26, 43]);
    // Band k holds the receptions of longer bands for its whole width, and its own for the weeks
    // of their stay in it.
    const low = [1, 26, 52, 104, 260];
    let above = 0;
    for (let k = 4; k >= 0; k--) {
      const m = law.spread[k]!;
      const own = arrivals.weights[k]! * (law.top[k]! - (m - 1) / 2 - low[k]! + 1);
      expect(own + above * (law.top[k]! - low[k]! + 1), `band ${k}`).toBeCloseTo(people[k]!, 9);
      above += arrivals.weights[k]!;
    }
  });

  it('carries a later, higher density back rather than arrive a negative number', () => {
    const arrivals = steadyStateArrivals(joint([26, 260, 0, 0, 0]), timeLeft, 3);
    expect(Array.from(arrivals.weights)).toEqual([0, 10, 0, 0, 0]);
  });

  it('keeps departures steady year after year in a run (no drift to short stays)', () => {
    // Half with 1-25 weeks left, half with 26-51: the arrivals replacing those who leave stay
    // 49-51 weeks (a spread of 3 leaves the shortest band none of its own), 20 a week, 1,040 a
    // year (a drift to short stays would be many more).
    const s = scenario({
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 1000,
          population: { tables: [], priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 1, '6-12m': 1 } }] },
        }),
      ],
    });
    const e = runScenario(s, { replications: 5, horizonWeeks: 156 }).establishments[0]!;
    expect(e.population.mean).toBe(1000);
    expect(e.departures.mean / 3).toBeGreaterThan(1000);
    expect(e.departures.mean / 3).toBeLessThan(1080);
  });
});

describe('receptions of a segment that moves on before release', () => {
  it('come only into the populated bands and leave at the top of the empty ones (Stafford OGRS 0-24)', () => {
    // Nobody with under 12 months left: people leave with 52 weeks to go, so they are here for
    // their stay less 52 weeks (1-2 years: weeks 53-103 of time left).
    const arrivals = steadyStateArrivals(joint([0, 0, 30, 20, 10]), timeLeft, 3);
    const w = Array.from(arrivals.weights);
    expect(w[0]).toBe(0);
    expect(w[1]).toBe(0);
    expect(w.slice(2).every((x) => x > 0)).toBe(true);
    expect(Array.from(arrivals.exitWeeksLeft!)).toEqual([52, 52, 52, 52, 52]);
    expect(arrivals.stays!.low[2]).toBe(53);
    // Little's law, segment by segment: arrivals x weeks here = the 60 people inside.
    const law = arrivals.stays!;
    const here = w.map((x, k) => (x > 0 ? law.top[k]! - (law.spread[k]! - 1) / 2 - 52 : 0));
    expect(w.reduce((sum, x, k) => sum + x * here[k]!, 0)).toBeCloseTo(60, 9);
  });
});

describe('people inside at the start of a segment that moves on', () => {
  // OGRS 0-24 all have 1-2 years left, beside men with under 6 months: OGRS 0-24 men move on
  // with 52 weeks to go. Those inside at the start must too, or OGRS 0-24 swells in year 1 as
  // receptions arrive for it and none of its men leave (Stafford: 253 to 291).
  const movingOn = (prior: 'mixed' | 'long only') =>
    scenario({
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 400,
          population: {
            tables: [
              {
                id: 'by-band',
                total: 400,
                cells: [
                  { where: { ogrs: '0-24' }, count: 200 },
                  { where: { ogrs: '50-74' }, count: 200 },
                ],
              },
              {
                id: 'time-left',
                total: 400,
                cells:
                  prior === 'mixed'
                    ? [
                        { where: { ogrs: '0-24', timeLeft: '1-2y' }, count: 200 },
                        { where: { ogrs: '50-74', timeLeft: 'under-6m' }, count: 200 },
                      ]
                    : [
                        { where: { ogrs: '0-24', timeLeft: '1-2y' }, count: 200 },
                        { where: { ogrs: '50-74', timeLeft: '1-2y' }, count: 200 },
                      ],
              },
            ],
            priors: [],
          },
          flows: { receptionsPerWeek: null, transfersOutPerYear: 0 },
        }),
      ],
    });

  it('leave at the same time left as its receptions: the segment keeps its size', () => {
    const e = runScenario(movingOn('mixed'), { replications: 10, horizonWeeks: 104 }).establishments[0]!;
    for (const y of e.fitByYear) {
      const low = y.tables[0]!.cells.find((c) => c.label === 'ogrs 0-24')!;
      expect(low.mean, `year ${y.year}`).toBeGreaterThan(180);
      expect(low.mean, `year ${y.year}`).toBeLessThan(220);
    }
  });

  it('stay to release where nobody in the prison has less time left (the tables say nothing of moving on)', () => {
    // Everyone has 1-2 years left: nobody leaves in the first year.
    const e = runScenario(movingOn('long only'), { replications: 5, horizonWeeks: 52 }).establishments[0]!;
    expect(e.departures.mean).toBe(0);
  });
});

describe('remand prisoners sentenced and staying', () => {
  it('arrive for their time on remand; the sentenced segment they join arrives that much less', () => {
    // Sentence codes 0 (remand) and 1 (sentenced), time left in one band: 90 on remand for a
    // mean of 9 weeks arrive at 10 a week; a fifth stay 12 weeks sentenced, 24 people, so the
    // 120 sentenced (stays of 26 weeks, 120 / 26 a week) arrive at (120 - 24) / 26 a week.
    const stock: FittedJoint = {
      dims: [0, 1],
      sizes: [2, 1],
      strides: [1, 2],
      weights: Float64Array.from([90, 120]),
      fit: [],
    };
    const oneBand = { ...timeLeft, categories: [{ id: 'all', label: 'all', min: 0, max: 26 }] };
    const arrivals = steadyStateArrivals(stock, oneBand, 1, {
      sentenceIndex: 0,
      meanStay: (code) => (code === 0 ? 9 : null),
      remandConversion: { remandCode: 0, sentencedCode: 1, share: 0.2, weeksAfter: 12 },
    });
    expect(arrivals.weights[0]).toBeCloseTo(10, 12);
    // The sentenced segment's stays: 22-25 weeks (the band's top whole week, 25, spread by 4).
    expect(arrivals.weights[1]).toBeCloseTo((120 - 24) / 23.5, 12);
  });
});

describe('the built-in prisons stay with their own tables', () => {
  it.each(['stafford-2014.json', 'leicester-2014.json', 'wymott-2014.json'])(
    '%s: no table drifts by more than 10% over two years',
    async (file) => {
      const { readFileSync } = await import('node:fs');
      const { fileURLToPath } = await import('node:url');
      const { loadScenarioText } = await import('../../src/index.js');
      const text = readFileSync(fileURLToPath(new URL(`../../scenarios/${file}`, import.meta.url)), 'utf8');
      const loaded = loadScenarioText(text);
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const r = runScenario(loaded.scenario, { replications: 20, horizonWeeks: 104 });
      const drifts = r.warnings.filter((w) => w.message.includes('drifts')).map((w) => w.message);
      expect(drifts).toEqual([]);
      for (const e of r.establishments)
        for (const y of e.fitByYear) for (const t of y.tables) expect(t.drift).toBeLessThan(0.1);
    },
  );
});

describe('the regional built-ins stay with their prisons’ tables', () => {
  // The warning asks for a move beyond chance (src/results/fitOverTime.ts): many of a region's
  // cells are a handful of people, whose share moves 10% by noise alone.
  const run = async (file: string) => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { loadScenarioText } = await import('../../src/index.js');
    const url = new URL(`../../scenarios/${file}`, import.meta.url);
    const loaded = loadScenarioText(readFileSync(fileURLToPath(url), 'utf8'));
    if (!loaded.ok) throw new Error(`${file} does not load`);
    return runScenario(loaded.scenario, { replications: 20, horizonWeeks: 104 });
  };
  const driftWarnings = (r: Awaited<ReturnType<typeof run>>) =>
    r.warnings.filter((w) => w.message.includes('drifts')).map((w) => w.message);

  it('region-today: no drift warning over two years', async () => {
    expect(driftWarnings(await run('region-today.json'))).toEqual([]);
  }, 120_000);

  it('West Midlands: no drift warning over two years, and the sex offenders the hubs move within 20%', async () => {
    // Before transfers were settled by weeks and band (moves.ts oweWeeks, transfers.ts
    // bandsScale), Stafford's recalls (72 -> 66 in three years) and OGRS 25-49 violent men (23 ->
    // 26 in two) warned; before a visitor's weeks were settled within his segment (transfers.ts
    // lend), Swinfen Hall's sex offenders, a hub's, ran 8-13% over its table (77 -> 87 at the end
    // of year 2). Before a man at a hub for a course was spared its transfers (moves.ts move),
    // Stafford's sexual ISPs fell 10-15% (32 -> 27.9 by year 2) and its OGRS 25-49 sex offenders
    // with OSP high 16% (22 -> 18), men sent to Dovegate's DTC shipped out of the region from there.
    // Before a visitor's home was replaced for the weeks of its stay he loses, not all his weeks
    // away (moves.ts weeksAtHomeLost), Brinsford's sex offenders ran 75 -> 82 by year 2, and its
    // OSP low 22 -> 20 warned at this seed.
    const r = await run('west-midlands-2014.json');
    expect(driftWarnings(r)).toEqual([]);
    for (const e of r.establishments)
      for (const year of e.fitByYear)
        for (const t of year.tables)
          for (const cell of t.cells) {
            if (!/sexual/i.test(cell.label) || (cell.start ?? 0) < 20) continue;
            const where = `${e.name}, ${t.label}: ${cell.label}, year ${year.year}`;
            // Swinfen Hall's sex offenders (its offence profile) hold their table.
            const bound = e.name.includes('Swinfen') && /offence profile/i.test(t.label) ? 0.1 : 0.2;
            expect(cell.drift, where).toBeLessThan(bound);
          }
  }, 120_000);
});

describe("Stafford's steady state", () => {
  it('is its own tables: the arrivals keep OGRS bands where Table 4b puts them (no pull to OGRS 0-24)', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { loadScenarioText, resolveAttributes } = await import('../../src/index.js');
    const { compilePriors } = await import('../../src/population/priors.js');
    const { fitJoint } = await import('../../src/population/jointFit.js');
    const { establishmentTypePriors } = await import('../../src/population/sentences.js');
    const { ReleaseModel } = await import('../../src/engine/release.js');
    const text = readFileSync(fileURLToPath(new URL('../../scenarios/stafford-2014.json', import.meta.url)), 'utf8');
    const loaded = loadScenarioText(text);
    if (!loaded.ok) throw new Error('Stafford does not load');
    const s = loaded.scenario;
    const e = s.establishments[0]!;
    const attributes = resolveAttributes(s.bandScheme, s.attributes);
    const at = (id: string) => attributes.findIndex((a) => a.id === id);
    const [ti, si, oi] = [at('timeLeft'), at('sentence'), at('ogrs')];
    const typed = establishmentTypePriors(e.establishmentType, attributes[ti]!, attributes[si]!, s.release);
    const priors = compilePriors([e.population.priors, typed, s.priors, BAND_SCHEMES[s.bandScheme].priors], {
      attributes,
      programmeIds: s.programmes.map((p) => p.id),
    });
    const stock = fitJoint(attributes, e.population.tables, priors, e.operationalCapacity, [si, ti]);
    const release = new ReleaseModel(s.release, attributes[si]!);
    const tops = attributes[ti]!.categories.map((c) => c.max ?? 0);
    const stayOf = (code: number, band: number) => release.meanStay(release.kindOf[code]!, tops[band]!);
    const arrivals = steadyStateArrivals(stock, attributes[ti]!, ti, { sentenceIndex: si, meanStay: stayOf });
    const code = (j: number, a: number) => {
      const d = stock.dims.indexOf(a);
      return Math.floor(j / stock.strides[d]!) % stock.sizes[d]!;
    };
    // Little's law by OGRS band: arrivals a week x weeks here = people inside.
    const implied = new Float64Array(5);
    const inside = new Float64Array(5);
    arrivals.weights.forEach((w, j) => {
      const band = code(j, ti);
      const law = arrivals.stays!;
      const stay = law.top[j]! - (law.spread[j]! - 1) / 2;
      const here = stayOf(code(j, si), band) ?? stay - arrivals.exitWeeksLeft![j]!;
      implied[code(j, oi)] += w * here;
      inside[code(j, oi)] += stock.weights[j]!;
    });
    for (let b = 0; b < 5; b++) expect(implied[b]).toBeCloseTo(inside[b]!, 6);
    // About 253 inside in OGRS 0-24 (Table 4b's 237 of 712, where the tables disagree a little);
    // the old arrivals (densities carried back) held 329 there in their steady state.
    expect(inside[0]).toBeGreaterThan(240);
    expect(inside[0]).toBeLessThan(260);
  });
});
