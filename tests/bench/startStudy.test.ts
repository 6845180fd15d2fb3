/**
 * `npm run bench:start` sets a carried-on start and other warm-ups against the running start, so
 * each arm must be what its name says, and each figure compared must be read from the window year
 * it names: a carried-on arm read from its first year (the cold start's) would price the running
 * start against the very artefact it removes.
 */
import { describe, expect, it } from 'vitest';
import {
  STUDY_CASES,
  carriedOnArm,
  compareCarriedOn,
  compareWarmups,
  largest,
  parseStudyArgs,
  runCarriedOn,
  runningArm,
  scenarioInput,
  warmupArm,
  warmupWeeksOf,
  type Difference,
} from '../../bench/startStudy.js';
import { compileScenario, runScenario, type Results } from '../../src/index.js';

const YEARS = 2;
const REPLICATIONS = 4;

describe('bench:start arms', () => {
  it('every case loads as each arm, and the carried-on arm is a cold start over warm-up and window', () => {
    for (const c of STUDY_CASES) {
      const input = scenarioInput(c.file);
      const warmup = warmupWeeksOf(input);
      expect(warmup % 52, c.file).toBe(0);
      const running = compileScenario(runningArm(input, YEARS), { replications: 1 });
      expect(running.start.warmupWeeks).toBe(warmup);
      expect(running.weeks).toBe(52 * YEARS);
      if (warmup + 52 * YEARS <= 520) {
        const carried = compileScenario(carriedOnArm(input, warmup, YEARS), { replications: 1 });
        expect(carried.start.warmupWeeks, c.file).toBe(0);
        expect(carried.weeks).toBe(warmup + 52 * YEARS);
        // The window's changes stay in the window: moved on by the warm-up.
        expect(carried.changes.map((x) => x.week)).toEqual(running.changes.map((x) => x.week + warmup));
      }
      expect(compileScenario(warmupArm(input, 52), { replications: 1 }).start.warmupWeeks).toBe(52);
    }
    // Wymott's PIPE opens in its window's week 26, so the check above is not of nothing.
    const wymott = scenarioInput('wymott-2014.json');
    const opening = compileScenario(carriedOnArm(wymott, 312, YEARS), { replications: 1 }).changes;
    expect(opening.map((x) => x.week)).toEqual([312 + 26]);
  });
});

describe('bench:start comparisons, on Stafford', () => {
  const input = scenarioInput('stafford-2014.json');
  const warmup = warmupWeeksOf(input);
  const running = runScenario(runningArm(input, YEARS), { replications: REPLICATIONS });
  const carried = runCarriedOn(input, warmup, YEARS, REPLICATIONS).results;
  const tsp = (r: Results) => r.establishments[0]!.programmes.find((p) => p.programme === 'tsp')!;

  it('opens the carried-on arm as the warm-up opens, not as an empty start', () => {
    // An empty start over the same weeks: no derived history, so its cold TSP list is the whole
    // backlog (about 350 after 104 weeks, against about 285 where the warm-up's history is given).
    const cold = runScenario(carriedOnArm(input, warmup, YEARS), { replications: REPLICATIONS });
    const waitingAt = (r: Results) => tsp(r).series.waiting.mean[warmup - 1]!;
    expect(waitingAt(carried)).toBeLessThan(waitingAt(cold) - 30);
    expect(Math.abs(waitingAt(carried) - tsp(running).waitingAtStart.mean)).toBeLessThan(20);
  });

  it('leaves bed units out, which it cannot open on stays under way', () => {
    const wymott = runCarriedOn(scenarioInput('wymott-2014.json'), 312, 1, 1);
    expect([...wymott.beds].map((b) => b.split('\u0000')[1]).sort()).toEqual(['pipe', 'tc']);
    expect(runCarriedOn(input, warmup, 1, 1).beds.size).toBe(0);
  });

  it('reads the carried-on arm in the window years, after its warm-up', () => {
    const differences = compareCarriedOn(running, carried, warmup, YEARS, REPLICATIONS);
    const find = (year: number, measure: Difference['measure']) =>
      differences.find((d) => d.programme === 'tsp' && d.year === year && d.measure === measure)!;
    for (let y = 1; y <= YEARS; y++) {
      expect(find(y, 'unmetNeed').running).toBe(tsp(running).perYear[y - 1]!.unmetNeed.mean);
      expect(find(y, 'unmetNeed').other).toBe(tsp(carried).perYear[warmup / 52 + y - 1]!.unmetNeed.mean);
    }
    // The cold start's own first year is never read as the window's.
    expect(find(1, 'unmetNeed').other).not.toBe(tsp(carried).perYear[0]!.unmetNeed.mean);
    expect(find(0, 'waitingAtStart').other).toBe(tsp(carried).series.waiting.mean[warmup - 1]);
    expect(find(0, 'waitingAtStart').running).toBe(tsp(running).waitingAtStart.mean);
    // Only delivered programmes, each with its waiting list and every measure of every year.
    const programmes = new Set(differences.map((d) => d.programme));
    const deliveredHere = running.establishments[0]!.programmes.filter((p) => p.delivered).length;
    expect(programmes.size).toBe(deliveredHere);
    expect(differences.length).toBe(deliveredHere * (1 + 3 * YEARS));
  });

  it('refuses a warm-up that is not whole years (its window years would not line up)', () => {
    expect(() => compareCarriedOn(running, carried, 78, YEARS, REPLICATIONS)).toThrow(/whole years/);
  });

  it('sets each warm-up against the longest, tagged with its length', () => {
    const byWarmup = new Map([
      [52, runScenario(warmupArm(input, 52), { replications: REPLICATIONS })],
      [104, runScenario(warmupArm(input, 104), { replications: REPLICATIONS })],
    ]);
    const differences = compareWarmups(byWarmup, REPLICATIONS);
    expect(new Set(differences.map((d) => d.warmupWeeks))).toEqual(new Set([52]));
    const start = differences.find((d) => d.programme === 'tsp' && d.measure === 'waitingAtStart')!;
    expect(start.running).toBe(tsp(byWarmup.get(104)!).waitingAtStart.mean);
    expect(start.other).toBe(tsp(byWarmup.get(52)!).waitingAtStart.mean);
  });
});

describe('bench:start largest', () => {
  const d = (running: number, other: number, z: number): Difference => ({
    establishment: 'E',
    programme: 'p',
    year: 1,
    measure: 'starts',
    running,
    other,
    relative: running !== 0 ? (other - running) / running : Number.NaN,
    z,
  });

  it('keeps differences beyond both thresholds, largest first', () => {
    const lines = largest([d(100, 105, 9), d(10, 20, 5), d(100, 150, 2), d(100, 130, 4), d(0, 3, 6)]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('100.0 -> 130.0 (+30%, z 4.0)');
    expect(lines[1]).toContain('10.0 -> 20.0 (+100%');
    expect(lines[2]).toContain('0.0 -> 3.0 (-, z 6.0)');
  });
});

describe('bench:start options', () => {
  it('reads the options and a case filter', () => {
    expect(parseStudyArgs(['stafford', '--replications', '50', '--years', '2', '--warmups', '52,312'])).toEqual({
      filter: 'stafford',
      replications: 50,
      years: 2,
      warmups: [52, 312],
    });
    expect(parseStudyArgs([])).toEqual({ years: 3, warmups: [26, 52, 104, 312] });
  });

  it('names the option a malformed value was given to', () => {
    expect(() => parseStudyArgs(['--replications', 'many'])).toThrow('--replications takes a whole number from 1');
    expect(() => parseStudyArgs(['--replications'])).toThrow(
      '--replications takes a whole number from 1 to 100000, not ""',
    );
    expect(() => parseStudyArgs(['--years', '0'])).toThrow('--years takes a whole number from 1 to 10, not "0"');
    expect(() => parseStudyArgs(['--warmups', '52,,104'])).toThrow(
      '--warmups takes a whole number from 0 to 520, not ""',
    );
    expect(() => parseStudyArgs(['--warmups', '52,600'])).toThrow('not "600"');
    expect(() => parseStudyArgs(['--warmup', '52'])).toThrow('unknown option --warmup');
  });
});
