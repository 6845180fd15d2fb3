/**
 * Time per replication when a run is split into batches of `size` replications, against one
 * batch of them all, for the per-batch overhead (simulateBatch's setup) that the app's small
 * chunks pay: the workers run West Midlands in chunks of one replication.
 *
 * Usage: tsx bench/batchSplit.ts <stafford|west-midlands|national> [replications] [size=1]
 * Not a test: timings depend on the machine's load; run it back to back to compare.
 */
import { readFileSync } from 'node:fs';
import { compileScenario, loadScenarioText, simulateBatch, SimulationContext } from '../src/index.js';
import { nationalScenarioText } from './nationalScenario.js';

const [name = 'stafford', reps = '50', size = '1'] = process.argv.slice(2);
const file = (f: string) => readFileSync(new URL(`../scenarios/${f}`, import.meta.url), 'utf8');
const text =
  name === 'national'
    ? nationalScenarioText(file('west-midlands-2014.json'))
    : file(name === 'stafford' ? 'stafford-2014.json' : 'west-midlands-2014.json');
const loaded = loadScenarioText(text);
if (!loaded.ok) throw new Error(`${name} does not load`);
const replications = Number(reps);
const chunk = Number(size);
const compiled = compileScenario(loaded.scenario, { replications });
// One untimed replication first, so both ways start with the code compiled by V8.
simulateBatch(compiled, 0, 1);
// Each batch building its own context (as every batch did before SimulationContext), or one
// context for the scenario shared by all its batches (as a worker now keeps it).
const time = (step: number, shared: boolean) => {
  const t0 = performance.now();
  const context = shared ? new SimulationContext(compiled) : undefined;
  for (let first = 0; first < replications; first += step)
    simulateBatch(compiled, first, Math.min(step, replications - first), {}, context);
  return (performance.now() - t0) / replications;
};
const own = [time(chunk, false)];
const shared = [time(chunk, true)];
const whole = time(replications, true);
own.push(time(chunk, false));
shared.push(time(chunk, true));
const f = (v: number[]) => v.map((x) => x.toFixed(2)).join(' / ');
console.log(
  `${name}: ${replications} replications, ms a replication: batches of ${chunk} each with its own context ${f(own)}, sharing one ${f(shared)}; one batch ${whole.toFixed(2)}`,
);
