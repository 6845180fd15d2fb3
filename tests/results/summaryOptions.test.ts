import { readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenario, simulateBatch, summarize } from '../../src/index.js';

/** A built-in compiled (seed 5) and simulated for `replications`, in one batch. */
function simulated(file: string, replications: number) {
  const loaded = loadScenario(JSON.parse(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8')));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const compiled = compileScenario(loaded.scenario, { seed: 5, replications });
  return { compiled, batches: [simulateBatch(compiled, 0, replications)] };
}

const { compiled, batches } = simulated('stafford-2014.json', 4);

/** Every weekly series band in a results object, by its path. */
function seriesBands(value: unknown, path = ''): [string, { mean: number[] }][] {
  if (value === null || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['mean']) && Array.isArray(v['p5']) && Array.isArray(v['p95']))
    return [[path, v as unknown as { mean: number[] }]];
  return Object.entries(v).flatMap(([k, x]) => seriesBands(x, `${path}.${k}`));
}

/** A results object as JSON with every weekly series band replaced by the same word. */
function withoutSeries(results: unknown): string {
  return JSON.stringify(results, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && 'p95' in v && Array.isArray((v as { p95: unknown }).p95) ? 'series' : v,
  );
}

describe('a summary without weekly series', () => {
  const full = summarize(compiled, batches);
  const lean = summarize(compiled, batches, { weeklySeries: false });

  it('keeps every series field, empty, where the full summary has one a week', () => {
    const fullBands = seriesBands(full);
    expect(fullBands.length).toBeGreaterThan(3);
    expect(fullBands.every(([, b]) => b.mean.length === compiled.weeks)).toBe(true);
    const leanBands = seriesBands(lean);
    expect(leanBands.map(([p]) => p)).toEqual(fullBands.map(([p]) => p));
    expect(leanBands.every(([, b]) => b.mean.length === 0)).toBe(true);
  });

  it('gives every other figure exactly as the full summary does', () => {
    expect(withoutSeries(lean)).toBe(withoutSeries(full));
  });

  it('is the whole results JSON by default', () => {
    expect(JSON.stringify(summarize(compiled, batches, { weeklySeries: true }))).toBe(JSON.stringify(full));
  });
});

describe('a summary with the weekly series of some scopes only', () => {
  const { compiled: region, batches: regionBatches } = simulated('region-today.json', 3);
  const full = summarize(region, regionBatches);
  const weekly = (b: { mean: number[] }) => b.mean.length;

  it('works out those of the establishments named and of the region, exactly as a full summary does', () => {
    const shown = summarize(region, regionBatches, { weeklySeries: { region: true, establishments: ['so-site'] } });
    const kept = (r: typeof full) => [
      ...seriesBands(r.region, 'region'),
      ...seriesBands(
        r.establishments.find((e) => e.establishment === 'so-site'),
        'so-site',
      ),
    ];
    expect(kept(shown).length).toBeGreaterThan(3);
    expect(kept(shown).every(([, b]) => weekly(b) === region.weeks)).toBe(true);
    expect(JSON.stringify(kept(shown))).toBe(JSON.stringify(kept(full)));
    for (const e of shown.establishments.filter((x) => x.establishment !== 'so-site'))
      expect(seriesBands(e).every(([, b]) => weekly(b) === 0)).toBe(true);
    expect(withoutSeries(shown)).toBe(withoutSeries(full));
  });

  it("leaves out the region's when only an establishment's are asked for, and every one for an empty scope", () => {
    const one = summarize(region, regionBatches, { weeklySeries: { region: false, establishments: ['trainer'] } });
    expect(seriesBands(one.region).every(([, b]) => weekly(b) === 0)).toBe(true);
    expect(seriesBands(one.establishments[0]).every(([, b]) => weekly(b) === region.weeks)).toBe(true);
    const none = summarize(region, regionBatches, { weeklySeries: { region: false, establishments: [] } });
    expect(JSON.stringify(none)).toBe(JSON.stringify(summarize(region, regionBatches, { weeklySeries: false })));
  });

  it('with one establishment, gives its series for the region and the region for it: they are one', () => {
    const full = summarize(compiled, batches);
    for (const weeklySeries of [
      { region: true, establishments: [] },
      { region: false, establishments: [compiled.establishments[0].id] },
    ])
      expect(JSON.stringify(summarize(compiled, batches, { weeklySeries }))).toBe(JSON.stringify(full));
  });
});

describe('weekly series as they cross to the page', () => {
  it('are packed arrays, which structured cloning copies whole (a holey one it copies index by index, about three times slower)', () => {
    const bands = seriesBands(summarize(compiled, batches));
    expect(bands.length).toBeGreaterThan(3);
    // V8 writes a holey array in a longer form, index by index: the same numbers pushed one by one
    // onto an empty array (packed; a copy by spread or Array.from keeps the holey kind) are shorter.
    for (const [path, band] of bands)
      for (const values of [band.mean, (band as unknown as { p5: number[] }).p5]) {
        const packed: number[] = [];
        for (const v of values) packed.push(v);
        expect(serialize(values).length, path).toBe(serialize(packed).length);
      }
  });
});

describe('a summary with the breakdowns of some establishments only', () => {
  const { compiled: region, batches: regionBatches } = simulated('region-today.json', 3);
  const full = summarize(region, regionBatches);
  type Establishment = (typeof full.establishments)[number];
  /** An establishment's results with its breakdowns blanked, as a summary leaving them out gives them. */
  const withoutBreakdowns = (e: Establishment): Establishment => ({
    ...e,
    programmes: e.programmes.map((p) => ({ ...p, perYear: [], byOgrs: [], byOffence: [] })),
    fitByYear: [],
    breakdownsLeftOut: true,
  });
  /** Needs with their years blanked: a programme that is its own need reads its years from the programme's. */
  const needsWithoutYears = (e: Establishment): Establishment => ({
    ...e,
    needs: e.needs.map((n) => ({ ...n, perYear: [] })),
  });

  it("works out the named establishment's exactly as a full summary does, and leaves the others' out", () => {
    const shown = summarize(region, regionBatches, { breakdowns: ['so-site'] });
    const soSite = shown.establishments.find((e) => e.establishment === 'so-site')!;
    expect(JSON.stringify(soSite)).toBe(JSON.stringify(full.establishments.find((e) => e.establishment === 'so-site')));
    expect(soSite.breakdownsLeftOut).toBeUndefined();
    const others = shown.establishments.filter((e) => e.establishment !== 'so-site');
    expect(others.length).toBe(2);
    for (const e of others) {
      expect(e.breakdownsLeftOut).toBe(true);
      expect(e.fitByYear).toEqual([]);
      for (const p of e.programmes) expect([p.byOgrs, p.byOffence, p.perYear]).toEqual([[], [], []]);
      const before = full.establishments.find((x) => x.establishment === e.establishment)!;
      // Everything but the breakdowns (and the needs' years made from them) as the full summary has it.
      expect(JSON.stringify(needsWithoutYears(e))).toBe(JSON.stringify(needsWithoutYears(withoutBreakdowns(before))));
    }
    // The region's figures, breakdowns included, and the backtest are the full summary's.
    expect(JSON.stringify(shown.region)).toBe(JSON.stringify(full.region));
    expect(JSON.stringify(shown.backtest)).toBe(JSON.stringify(full.backtest));
    expect(JSON.stringify(shown.cost)).toBe(JSON.stringify(full.cost));
  });

  it('leaves every establishment whole by default, and names none left out', () => {
    expect(full.establishments.every((e) => !('breakdownsLeftOut' in e))).toBe(true);
    const named = summarize(region, regionBatches, { breakdowns: region.establishments.map((e) => e.id) });
    expect(JSON.stringify(named)).toBe(JSON.stringify(full));
  });

  it('keeps the breakdowns of an establishment whose actual volumes by band the backtest reads', () => {
    const { compiled: wymott, batches: wymottBatches } = simulated('wymott-2014.json', 2);
    const whole = summarize(wymott, wymottBatches);
    expect(whole.backtest.rows.some((row) => row.segment !== null)).toBe(true);
    expect(JSON.stringify(summarize(wymott, wymottBatches, { breakdowns: [] }))).toBe(JSON.stringify(whole));
  });

  it('with one establishment, keeps its breakdowns: they are the region’s too', () => {
    expect(JSON.stringify(summarize(compiled, batches, { breakdowns: [] }))).toBe(
      JSON.stringify(summarize(compiled, batches)),
    );
  });
});
