/**
 * Fingerprints of the results JSON of every built-in scenario and the national bench scenario,
 * for a fixed seed and a few replications: run it before and after a change meant to leave the
 * numbers alone (work moved out of the replications, faster summaries) and compare the lines.
 *
 * Usage: tsx bench/digest.ts [replications=3] [filter]
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { compileScenario, loadScenarioText, simulateBatch, summarize } from '../src/index.js';
import { nationalScenarioText } from './nationalScenario.js';

const replications = Number(process.argv[2] ?? 3);
const only = process.argv[3];
const dir = new URL('../scenarios/', import.meta.url);
const texts: [string, () => string][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => [f, () => readFileSync(new URL(f, dir), 'utf8')]);
texts.push(['national', () => nationalScenarioText(readFileSync(new URL('west-midlands-2014.json', dir), 'utf8'))]);

for (const [name, text] of texts) {
  if (only && !name.includes(only)) continue;
  const loaded = loadScenarioText(text());
  if (!loaded.ok) {
    console.log(`${name}: does not load`);
    continue;
  }
  const compiled = compileScenario(loaded.scenario, { seed: 12345, replications });
  // Two batches, as two workers would return them.
  const half = Math.floor(replications / 2);
  const batches = [simulateBatch(compiled, 0, half), simulateBatch(compiled, half, replications - half)];
  const json = JSON.stringify(summarize(compiled, batches));
  console.log(`${name} ${createHash('sha256').update(json).digest('hex').slice(0, 16)} ${json.length}`);
}
