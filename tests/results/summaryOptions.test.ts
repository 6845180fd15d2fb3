import { readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenario, simulateBatch, summarize } from '../../src/index.js';

const doc = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8'));
const loaded = loadScenario(doc);
if (!loaded.ok) throw new Error('Stafford does not load');
const compiled = compileScenario(loaded.scenario, { seed: 5, replications: 4 });
const batches = [simulateBatch(compiled, 0, 4)];

/** Every weekly series band in a results object, by its path. */
function seriesBands(value: unknown, path = ''): [string, { mean: number[] }][] {
  if (value === null || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['mean']) && Array.isArray(v['p5']) && Array.isArray(v['p95']))
    return [[path, v as unknown as { mean: number[] }]];
  return Object.entries(v).flatMap(([k, x]) => seriesBands(x, `${path}.${k}`));
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
    const withoutSeries = (r: unknown) =>
      JSON.stringify(r, (_k, v: unknown) =>
        v !== null && typeof v === 'object' && 'p95' in v && Array.isArray((v as { p95: unknown }).p95) ? 'series' : v,
      );
    expect(withoutSeries(lean)).toBe(withoutSeries(full));
  });

  it('is the whole results JSON by default', () => {
    expect(JSON.stringify(summarize(compiled, batches, { weeklySeries: true }))).toBe(JSON.stringify(full));
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
