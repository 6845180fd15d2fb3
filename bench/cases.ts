/**
 * The benchmark's cases and how one is timed, single-threaded. `bench.ts` runs this file in a
 * child process once per case and engine, so both engines are timed by the same code on the same
 * scenario text: for an earlier engine it is copied into a worktree of that commit, where its
 * imports resolve to that commit's core. It may use only the core's public API.
 *
 * Usage: tsx bench/cases.ts <case> <scenarios dir> [replications] [repeats]; prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario, loadScenarioText, simulateBatch, summarize } from '../src/index.js';
import { nationalScenarioText } from './nationalScenario.js';

export interface BenchCase {
  name: string;
  /** The scenario's file text, from the scenarios directory given. */
  text: (scenarios: string) => string;
  replications: number;
  repeats: number;
}

const file = (name: string) => (scenarios: string) => readFileSync(join(scenarios, name), 'utf8');

export const CASES: BenchCase[] = [
  { name: 'stafford-1y-1000reps', text: file('stafford-2014.json'), replications: 1000, repeats: 3 },
  { name: 'west-midlands-1y-50reps', text: file('west-midlands-2014.json'), replications: 50, repeats: 2 },
  // The protocol: ten replications, loading, fitting and summarising included.
  {
    name: 'national-85k-10prog-3y-10reps',
    text: (scenarios) => nationalScenarioText(file('west-midlands-2014.json')(scenarios)),
    replications: 10,
    repeats: 1,
  },
];

/** Milliseconds spent in each phase of one timed run. */
export interface Phases {
  /** Parse and validate the file text. */
  load: number;
  /** Compile: rules, population fits, schedules. */
  compile: number;
  simulate: number;
  summarize: number;
  total: number;
}

export interface CaseTiming {
  case: string;
  replications: number;
  repeats: number;
  meanPopulation: number;
  /** The fastest run (the least disturbed by whatever else the machine does) and the median. */
  best: Phases;
  median: Phases;
  /** Every run, fastest first: bench.ts pools the runs of several processes. */
  runs: Phases[];
  node: string;
}

/** The engine cannot load the case's file text (an earlier engine, a later file): not a crash. */
export class CannotLoad extends Error {}

/** Exit code of `cases.ts` when the engine cannot load the file; the message is on stderr. */
export const CANNOT_LOAD_EXIT = 3;

export function timeCase(c: BenchCase, scenarios: string, replications: number, repeats: number): CaseTiming {
  const text = c.text(scenarios);
  const runs: Phases[] = [];
  let people = 0;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const loaded = loadScenarioText(text);
    if (!loaded.ok) throw new CannotLoad(JSON.stringify(loaded.errors.slice(0, 3)));
    const t1 = performance.now();
    const compiled = compileScenario(loaded.scenario, { replications });
    const t2 = performance.now();
    const batch = simulateBatch(compiled, 0, compiled.replications);
    const t3 = performance.now();
    const results = summarize(compiled, [batch]);
    const t4 = performance.now();
    runs.push({ load: t1 - t0, compile: t2 - t1, simulate: t3 - t2, summarize: t4 - t3, total: t4 - t0 });
    people = results.region.population.mean;
  }
  return pooled({ case: c.name, replications, meanPopulation: Math.round(people), node: process.version }, runs);
}

/** A timing of `runs` (fastest first afterwards): their best, median and count. */
export function pooled(about: Omit<CaseTiming, 'repeats' | 'best' | 'median' | 'runs'>, runs: Phases[]): CaseTiming {
  const sorted = [...runs].sort((a, b) => a.total - b.total);
  return {
    ...about,
    repeats: sorted.length,
    best: sorted[0] as Phases,
    median: sorted[Math.floor(sorted.length / 2)] as Phases,
    runs: sorted,
  };
}

// Run as a script: time one case and print it as JSON.
if (process.argv[1] && /cases\.[tj]s$/.test(process.argv[1])) {
  const [name, scenarios, reps, repeats] = process.argv.slice(2);
  const c = CASES.find((x) => x.name === name);
  if (!c || !scenarios) {
    console.error(`usage: cases.ts <${CASES.map((x) => x.name).join('|')}> <scenarios dir> [replications] [repeats]`);
    process.exit(2);
  }
  try {
    const timing = timeCase(c, scenarios, reps ? Number(reps) : c.replications, repeats ? Number(repeats) : c.repeats);
    console.log(JSON.stringify(timing));
  } catch (e) {
    if (!(e instanceof CannotLoad)) throw e;
    console.error(e.message);
    process.exit(CANNOT_LOAD_EXIT);
  }
}
