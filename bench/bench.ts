/**
 * `npm run bench`: times the engine single-threaded in Node, one JSON line per case.
 * Not a test: timings depend on the machine. Each case runs `repeats` times; we report the
 * fastest and the median (the fastest is the least disturbed by whatever else the machine does).
 */
import { readFileSync } from 'node:fs';
import { compileScenario, loadScenarioText, simulateBatch, summarize, type Scenario } from '../src/index.js';
import { nationalScenario } from './nationalScenario.js';

interface Case {
  name: string;
  scenario: () => Scenario;
  replications: number;
  horizonWeeks?: number;
  repeats: number;
}

function builtIn(file: string): () => Scenario {
  return () => {
    const loaded = loadScenarioText(readFileSync(new URL(`../scenarios/${file}`, import.meta.url), 'utf8'));
    if (!loaded.ok) throw new Error(`${file} does not load`);
    return loaded.scenario;
  };
}

const cases: Case[] = [
  { name: 'stafford-1y-1000reps', scenario: builtIn('stafford-2014.json'), replications: 1000, repeats: 5 },
  { name: 'west-midlands-1y-200reps', scenario: builtIn('west-midlands-2014.json'), replications: 200, repeats: 3 },
  { name: 'national-85k-10prog-3y-100reps', scenario: nationalScenario, replications: 100, repeats: 2 },
];

const only = process.argv[2];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const scenario = c.scenario();
  const times: { compile: number; simulate: number; summarize: number; total: number }[] = [];
  let people = 0;
  for (let k = 0; k < c.repeats; k++) {
    const t0 = performance.now();
    const compiled = compileScenario(scenario, { replications: c.replications, horizonWeeks: c.horizonWeeks });
    const t1 = performance.now();
    const batch = simulateBatch(compiled, 0, compiled.replications);
    const t2 = performance.now();
    const results = summarize(compiled, [batch]);
    const t3 = performance.now();
    times.push({ compile: t1 - t0, simulate: t2 - t1, summarize: t3 - t2, total: t3 - t0 });
    people = results.region.population.mean;
  }
  times.sort((a, b) => a.total - b.total);
  const best = times[0];
  const median = times[Math.floor(times.length / 2)];
  if (!best || !median) continue;
  const round = (v: number) => Math.round(v);
  console.log(
    JSON.stringify({
      case: c.name,
      replications: c.replications,
      meanPopulation: Math.round(people),
      repeats: c.repeats,
      bestMs: round(best.total),
      medianMs: round(median.total),
      bestCompileMs: round(best.compile),
      bestSimulateMs: round(best.simulate),
      bestSummarizeMs: round(best.summarize),
      node: process.version,
    }),
  );
}
