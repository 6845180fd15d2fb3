/**
 * One engine's side of `npm run bench:agree`: runs a case and prints every figure of every
 * replication (agreement.ts). `agree.ts` runs this file in a child process, in this clone for
 * this engine and copied into a worktree of an earlier commit for that one (worktree.ts), so it
 * may use only the core's public API.
 *
 * Usage: tsx bench/agreeRun.ts <case> <scenarios dir> <replications> <seed>; prints one JSON line.
 * A case is a built-in file's name without `.json`, or `national` (nationalScenario.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario, loadScenarioText, simulateBatch, summarize, type RepBatch } from '../src/index.js';
import { figuresOf, samplesOf, type FigureSamples } from './agreement.js';
import { CANNOT_LOAD_EXIT } from './cases.js';
import { nationalScenarioText } from './nationalScenario.js';

export function caseText(name: string, scenarios: string): string {
  return name === 'national'
    ? nationalScenarioText(readFileSync(join(scenarios, 'west-midlands-2014.json'), 'utf8'))
    : readFileSync(join(scenarios, `${name}.json`), 'utf8');
}

/** The figures of each of `replications` replications of the file text, run on `seed`; null where it does not load. */
export function runFigures(text: string, replications: number, seed: string): FigureSamples | null {
  const loaded = loadScenarioText(text);
  if (!loaded.ok) return null;
  const compiled = compileScenario(loaded.scenario, { seed, replications });
  const batch = simulateBatch(compiled, 0, replications);
  const { scalarCount, seriesCount } = compiled.layout;
  const seriesLength = seriesCount * compiled.weeks;
  const byReplication: Map<string, number>[] = [];
  for (let r = 0; r < replications; r++) {
    // One replication as a batch of its own, summarised alone: its figures are its values.
    const one: RepBatch = {
      firstReplication: r,
      count: 1,
      scalars: batch.scalars.subarray(r * scalarCount, (r + 1) * scalarCount),
      series: batch.series.subarray(r * seriesLength, (r + 1) * seriesLength),
    };
    byReplication.push(figuresOf(summarize(compiled, [one], { weeklySeries: false })));
  }
  return samplesOf(byReplication);
}

if (process.argv[1] && /agreeRun\.[tj]s$/.test(process.argv[1])) {
  const [name, scenarios, replications, seed] = process.argv.slice(2);
  if (!name || !scenarios || !replications || !seed) {
    console.error('usage: agreeRun.ts <case> <scenarios dir> <replications> <seed>');
    process.exit(2);
  }
  const samples = runFigures(caseText(name, scenarios), Number(replications), seed);
  if (!samples) {
    console.error(`${name} does not load in this engine`);
    process.exit(CANNOT_LOAD_EXIT);
  }
  console.log(JSON.stringify({ ...samples, values: Array.from(samples.values) }));
}
