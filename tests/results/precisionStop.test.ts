import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  batchSamples,
  compileScenario,
  leadingReplications,
  loadScenarioText,
  meanPrecision,
  percentText,
  PRECISION_CHECK_EVERY,
  PrecisionStop,
  precisionTargetSentence,
  replicationSamples,
  runScenario,
  sampleLayout,
  simulateBatch,
  type PrecisionScope,
  type ReplicationSamples,
  type Scenario,
} from '../../src/index.js';
import { twoPrisonsWithTsp } from '../engine/scenarioBuilder.js';

const REGION = '@region';

/** Two prisons with one programme: small enough to run a few hundred replications in a test. */
const small = twoPrisonsWithTsp();
const options = { horizonWeeks: 52, seed: 7 };

/** Every replication's headline counts, run as one batch. */
function samplesOfRun(s: Scenario, replications: number): ReplicationSamples {
  const compiled = compileScenario(s, { ...options, replications, precisionTarget: null });
  return replicationSamples(compiled, [simulateBatch(compiled, 0, replications)]);
}

/** Where a PrecisionStop fed `samples` in batches of the given sizes stops. */
function stopOver(
  samples: ReplicationSamples,
  target: number,
  asked: number,
  sizes: number[],
  scope: PrecisionScope = 'region',
): PrecisionStop {
  const stop = new PrecisionStop(samples.keys, target, asked, scope);
  let first = 0;
  for (const size of sizes) {
    if (first >= samples.replications) break;
    const count = Math.min(size, samples.replications - first);
    const part = leadingReplications(samples, first + count)!;
    // The batch's own values, key-major over its `count` replications.
    const values = new Float64Array(samples.keys.length * count);
    for (let k = 0; k < samples.keys.length; k++)
      values.set(part.values.subarray(k * part.replications + first, k * part.replications + first + count), k * count);
    stop.add(values, count);
    first += count;
  }
  return stop;
}

describe('a run that stops at a precision target', () => {
  const samples = samplesOfRun(small, 200);

  it("reads the region's means as the run strip's precision does, one pass for two", () => {
    for (const n of [2, 10, 37, 200]) {
      const stop = stopOver(samples, 1e-9, 1_000, [n]);
      const two = meanPrecision(leadingReplications(samples, n)!, REGION)!.widest!;
      const one = stop.widest()!;
      expect(one.programme).toBe(two.programme);
      expect(one.measure).toBe(two.measure);
      expect(one.mean).toBeCloseTo(two.mean, 9);
      expect(one.relative).toBeCloseTo(two.relative, 9);
    }
  });

  it('ends at the first checkpoint that meets the target, not before, and only at checkpoints', () => {
    const at = (n: number) => meanPrecision(leadingReplications(samples, n)!, REGION)!.widest!.relative;
    for (const by of [30, 50, 90]) {
      const target = at(by) * (1 + 1e-9);
      let expected = by;
      for (let c = by - PRECISION_CHECK_EVERY; c >= PRECISION_CHECK_EVERY; c -= PRECISION_CHECK_EVERY)
        if (at(c) <= target) expected = c;
      const stop = stopOver(samples, target, 200, [200]);
      expect(stop.stopAt).toBe(expected);
      expect(stop.replications).toBe(expected); // nothing after the checkpoint is taken
      for (let c = PRECISION_CHECK_EVERY; c < expected; c += PRECISION_CHECK_EVERY)
        expect(at(c)).toBeGreaterThan(target);
      // Between checkpoints it is never looked at: a target met at 31 and not at 30 waits for 40.
    }
  });

  it('ends at the same replication however the run comes back in batches', () => {
    const target = meanPrecision(leadingReplications(samples, 120)!, REGION)!.widest!.relative;
    const whole = stopOver(samples, target, 200, [200]).stopAt;
    expect(whole).not.toBeNull();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 37 }), { minLength: 40, maxLength: 60 }), (sizes) => {
        expect(stopOver(samples, target, 200, sizes).stopAt).toBe(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('has no checkpoint at the replications asked for, nor past the replications given', () => {
    const everywhere = stopOver(samples, 0.99, 10, [200]);
    expect(everywhere.stopAt).toBeNull(); // 10 asked: the run ends there anyway
    expect(stopOver(samples, 0.99, 11, [200]).stopAt).toBe(10);
    expect(stopOver(samples, 0.99, 1_000, [9]).stopAt).toBeNull();
  });

  it('never stops where no region mean is 5 or more, or with no target', () => {
    const tiny: ReplicationSamples = {
      seed: '1',
      replications: 40,
      keys: ['@region/tsp/starts', 'a/tsp/starts'],
      values: new Float64Array(80).map((_, i) => (i < 40 ? i % 3 : 50 + (i % 2))),
    };
    const stop = stopOver(tiny, 0.5, 100, [40]);
    expect(stop.stopAt).toBeNull();
    expect(stop.widest()).toBeNull();
    expect(stopOver(samples, null as unknown as number, 1_000, [200]).stopAt).toBeNull();
  });

  it('gives, from the file, the results of a run of the replications it stopped at', () => {
    const target = meanPrecision(leadingReplications(samples, 60)!, REGION)!.widest!.relative * 1.0001;
    const file = { ...small, precisionTarget: target };
    const stopped = runScenario(file, { ...options, replications: 200 });
    const c = stopped.replications;
    expect(c % PRECISION_CHECK_EVERY).toBe(0);
    expect(c).toBeLessThanOrEqual(60);
    expect(c).toBeGreaterThanOrEqual(PRECISION_CHECK_EVERY);
    expect(stopped.precisionTarget).toMatchObject({ target, replicationsAsked: 200, checkEvery: 10, met: true });
    expect(stopped.precisionTarget!.widest!.relative).toBeLessThanOrEqual(target);
    if (c > PRECISION_CHECK_EVERY)
      expect(meanPrecision(leadingReplications(samples, c - 10)!, REGION)!.widest!.relative).toBeGreaterThan(target);
    const plain = runScenario(small, { ...options, replications: c });
    const { precisionTarget: _, ...figures } = stopped;
    expect(JSON.stringify(figures)).toBe(JSON.stringify(plain));
    expect(precisionTargetSentence(stopped)).toMatch(new RegExp(`^Stopped at ${c} of the 200 replications asked for`));
  });

  it('runs every replication asked for where the target is never met, and says how short it is', () => {
    const results = runScenario({ ...small, precisionTarget: 0.001 }, { ...options, replications: 30 });
    expect(results.replications).toBe(30);
    expect(results.precisionTarget?.met).toBe(false);
    expect(precisionTargetSentence(results)).toMatch(
      /^All 30 replications run, the region's means within ±\d+(\.\d)?%: short of the target ±0\.1%/,
    );
    // The command line's --precision-target none (options.precisionTarget null) ignores the file's.
    const ignored = runScenario(
      { ...small, precisionTarget: 0.5 },
      { ...options, replications: 30, precisionTarget: null },
    );
    expect(ignored.replications).toBe(30);
    expect(ignored.precisionTarget).toBeUndefined();
  });
});

describe("a precision target on every establishment's means", () => {
  const samples = samplesOfRun(small, 200);
  /** The widest of the two prisons' means over the first n replications, as the strip reads each. */
  const widestOf = (n: number) => {
    const [a, b] = ['a', 'b'].map((id) => meanPrecision(leadingReplications(samples, n)!, id)!.widest!);
    return a!.relative >= b!.relative ? { ...a!, establishment: 'a' } : { ...b!, establishment: 'b' };
  };

  it("reads the widest of every establishment's means, and names its establishment", () => {
    for (const n of [10, 37, 200]) {
      const stop = stopOver(samples, 1e-9, 1_000, [n], 'everyEstablishment');
      const expected = widestOf(n);
      const one = stop.widest()!;
      expect(one.establishment).toBe(expected.establishment);
      expect(one.programme).toBe(expected.programme);
      expect(one.measure).toBe(expected.measure);
      expect(one.relative).toBeCloseTo(expected.relative, 9);
      // The region's reading names no establishment.
      expect(stopOver(samples, 1e-9, 1_000, [n]).widest()!.establishment).toBeUndefined();
    }
  });

  it('ends at the first checkpoint where each establishment meets the target, later than the region alone', () => {
    const target = widestOf(80).relative * (1 + 1e-9);
    let expected = 80;
    for (let c = 70; c >= PRECISION_CHECK_EVERY; c -= PRECISION_CHECK_EVERY)
      if (widestOf(c).relative <= target) expected = c;
    const every = stopOver(samples, target, 200, [13, 200], 'everyEstablishment');
    expect(every.stopAt).toBe(expected);
    const region = stopOver(samples, target, 200, [13, 200]);
    // The region adds the two prisons up: its means are the more precise, so it is met sooner here.
    expect(region.stopAt).not.toBeNull();
    expect(region.stopAt!).toBeLessThan(expected);
  });

  it('runs, from the file, to that checkpoint and says whose means it read', () => {
    const target = widestOf(60).relative * 1.0001;
    const stopped = runScenario(
      { ...small, precisionTarget: target, precisionScope: 'everyEstablishment' },
      { ...options, replications: 200 },
    );
    const c = stopped.replications;
    expect(c % PRECISION_CHECK_EVERY).toBe(0);
    expect(c).toBeLessThanOrEqual(60);
    if (c > PRECISION_CHECK_EVERY) expect(widestOf(c - 10).relative).toBeGreaterThan(target);
    expect(stopped.precisionTarget).toMatchObject({ target, scope: 'everyEstablishment', met: true });
    expect(['a', 'b']).toContain(stopped.precisionTarget!.widest!.establishment);
    expect(precisionTargetSentence(stopped)).toMatch(
      new RegExp(`^Stopped at ${c} of the 200 replications asked for: every establishment's means are within`),
    );
    // A file with no scope reads the region's, and says so in its results.
    const region = runScenario({ ...small, precisionTarget: target }, { ...options, replications: 200 });
    expect(region.precisionTarget!.scope).toBe('region');
    expect(region.precisionTarget!.widest!.establishment).toBeUndefined();
  });

  it('names the establishment holding the run back when it falls short', () => {
    const results = runScenario(
      { ...small, precisionTarget: 0.001, precisionScope: 'everyEstablishment' },
      { ...options, replications: 20 },
    );
    const at = results.precisionTarget!.widest!.establishment;
    const name = results.establishments.find((e) => e.establishment === at)!.name;
    expect(precisionTargetSentence(results)).toBe(
      `All 20 replications run, every establishment's means within ±${percentText(results.precisionTarget!.widest!.relative)}% (the widest at ${name}): short of the target ±0.1%, checked every 10 replications.`,
    );
  });
});

describe("the scenario file's precisionTarget", () => {
  const stafford = JSON.parse(readFileSync('scenarios/stafford-2014.json', 'utf8')) as Record<string, unknown>;

  it('loads where absent, as before, and where a share from 0.1% to 50%', () => {
    expect(loadScenarioText(JSON.stringify(stafford)).ok).toBe(true);
    for (const precisionTarget of [0.001, 0.02, 0.5]) {
      const result = loadScenarioText(JSON.stringify({ ...stafford, precisionTarget }));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.scenario.precisionTarget).toBe(precisionTarget);
    }
  });

  it('takes whose means as region or everyEstablishment, and refuses anything else with the field named', () => {
    for (const precisionScope of ['region', 'everyEstablishment']) {
      const result = loadScenarioText(JSON.stringify({ ...stafford, precisionTarget: 0.05, precisionScope }));
      expect(result.ok).toBe(true);
      if (result.ok) expect(compileScenario(result.scenario).precisionScope).toBe(precisionScope);
    }
    const absent = loadScenarioOk(stafford);
    expect(absent.precisionScope).toBeUndefined();
    expect(compileScenario(absent).precisionScope).toBe('region');
    const bad = loadScenarioText(JSON.stringify({ ...stafford, precisionScope: 'eachPrison' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path)).toContain('precisionScope');
  });

  it('is refused outside that range, with the field named', () => {
    for (const precisionTarget of [0, 0.6, 2, -0.1, '2%']) {
      const result = loadScenarioText(JSON.stringify({ ...stafford, precisionTarget }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toContain('precisionTarget');
    }
  });

  it("is checked on Stafford's built-in the same way a batch at a time and in one", () => {
    const compiled = compileScenario(loadScenarioOk(stafford), { replications: 60, precisionTarget: 0.2 });
    const layout = sampleLayout(compiled);
    const whole = new PrecisionStop(layout.keys, 0.2, 60);
    whole.add(batchSamples(layout, simulateBatch(compiled, 0, 30)), 30);
    const apart = new PrecisionStop(layout.keys, 0.2, 60);
    for (let r = 0; r < 30; r += 3) apart.add(batchSamples(layout, simulateBatch(compiled, r, 3)), 3);
    expect(whole.stopAt).not.toBeNull();
    expect(apart.stopAt).toBe(whole.stopAt);
    expect(apart.widest()).toEqual(whole.widest());
  });
});

function loadScenarioOk(json: unknown): Scenario {
  const result = loadScenarioText(JSON.stringify(json));
  if (!result.ok) throw new Error('scenario does not load');
  return result.scenario;
}
