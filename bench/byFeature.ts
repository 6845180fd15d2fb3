/**
 * `npm run bench:features`: what each part of the model costs a replication, by taking it away.
 * Each case of the benchmark (cases.ts) runs as it is and with parts of its scenario removed, and
 * the simulation's CPU time a replication is printed beside the case's as it is. Where the goal of
 * issue 12 puts a case's time (x100 over SimPy for national, x20 for Stafford: about 41% and 29% of
 * what they took on 88c6f5d), this says how much of a replication is left for everything once a
 * part is gone: a part whose removal leaves more than the goal's share cannot be the whole answer.
 *
 *   npm run bench:features                  every case
 *   npm run bench:features -- stafford      only cases whose name contains "stafford"
 *   npm run bench:features -- --replications 20
 *
 * The variants change the scenario's data only (a file the app could load); none changes the
 * engine. Each variant runs in a child process of its own (JIT feedback from one variant does
 * not slow or speed another), after a few replications to warm the JIT that are not timed. Not a
 * test: timings depend on the machine and on whatever else it is doing.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario, loadScenarioText, simulateBatch, type Scenario, type ScenarioInput } from '../src/index.js';
import { CASES } from './cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const scenarios = join(dirname(here), 'scenarios');

interface Variant {
  name: string;
  /** What the variant leaves out, for the printout. */
  leaves: string;
  apply: (s: ScenarioInput) => void;
}

const noDeliveries = (s: ScenarioInput) => {
  for (const e of s.establishments) {
    e.programmes = [];
    e.referrals = [];
  }
};

export const VARIANTS: Variant[] = [
  { name: 'as is', leaves: 'nothing', apply: () => {} },
  {
    name: 'empty start',
    leaves: "the running start: no warm-up, no second opening, no hand-over of the warm-up's records",
    apply: (s) => {
      s.start = { mode: 'empty' };
    },
  },
  {
    name: 'no treatment history',
    leaves: 'programmes completed before this sentence, at the start and for receptions',
    apply: (s) => {
      s.treatmentHistory = [];
    },
  },
  {
    name: 'no deliveries',
    leaves: 'every group and referral: men are still assessed and wait on lists no group starts from',
    apply: (s) => {
      noDeliveries(s);
      s.changes = [];
    },
  },
  {
    name: 'custody only',
    leaves: 'the programmes themselves (no list, assessment or course) and the running start',
    apply: (s) => {
      noDeliveries(s);
      s.programmes = [];
      s.needs = [];
      s.treatmentHistory = [];
      s.changes = [];
      s.start = { mode: 'empty' };
    },
  },
];

/** Case `caseName`'s scenario with `variantName`'s cut, loaded (an error names what did not load). */
export function variantScenario(caseName: string, variantName: string, scenariosDir = scenarios): Scenario {
  const c = CASES.find((x) => x.name === caseName);
  const variant = VARIANTS.find((v) => v.name === variantName);
  if (!c || !variant) throw new Error(`no case ${caseName} or variant ${variantName}`);
  const input = JSON.parse(c.text(scenariosDir)) as ScenarioInput;
  variant.apply(input);
  const loaded = loadScenarioText(JSON.stringify(input));
  if (!loaded.ok) throw new Error(`${caseName}, ${variantName}: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  return loaded.scenario;
}

/** CPU milliseconds a replication of `caseName` under `variant`, simulation only, and its warm-up's weeks. */
function timeOne(caseName: string, variantName: string, replications: number): { ms: number; warmupWeeks: number } {
  const scenario = variantScenario(caseName, variantName);
  const warm = Math.max(1, Math.ceil(replications / 10));
  const compiled = compileScenario(scenario, { replications: warm + replications });
  simulateBatch(compiled, 0, warm);
  const before = process.cpuUsage();
  simulateBatch(compiled, warm, replications);
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000 / replications, warmupWeeks: compiled.start.warmupWeeks };
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === '--one') {
    const [, caseName, variantName, reps] = argv;
    console.log(JSON.stringify(timeOne(caseName as string, variantName as string, Number(reps))));
    return;
  }
  let filter: string | undefined;
  let replications: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--replications') replications = Number(argv[++i]);
    else if (argv[i]?.startsWith('--')) throw new Error(`unknown option ${argv[i]}`);
    else filter = argv[i];
  }
  if (replications !== undefined && !(Number.isInteger(replications) && replications >= 1))
    throw new Error('--replications needs a whole number of 1 or more');
  const cases = CASES.filter((c) => !filter || c.name.includes(filter));
  if (cases.length === 0) throw new Error(`no case matches "${filter}": ${CASES.map((c) => c.name).join(', ')}`);
  console.log('Simulation only (no loading, compiling or summary), CPU milliseconds a replication, single-threaded.');
  for (const c of cases) {
    const reps = replications ?? Math.max(2, Math.round(c.replications / 2));
    console.log(`\n${c.name}: ${reps} replications a variant`);
    console.log(`  ${''.padEnd(22)}${'CPU'.padStart(13)}${'share'.padStart(6)}${'warm-up'.padStart(8)}`);
    let whole = NaN;
    for (const v of VARIANTS) {
      const out = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', c.name, v.name, String(reps)],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        },
      );
      if (out.status !== 0) {
        process.exitCode = 1;
        console.log(`  ${v.name.padEnd(22)} failed: ${(out.stderr || out.stdout).trim().split('\n')[0]}`);
        continue;
      }
      const { ms, warmupWeeks } = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ms: number;
        warmupWeeks: number;
      };
      if (v.name === 'as is') whole = ms;
      const share = `${Math.round((100 * ms) / whole)}%`;
      const time = ms >= 100 ? `${Math.round(ms)}` : ms.toFixed(2);
      const warmup = `${warmupWeeks}`.padStart(8);
      console.log(`  ${v.name.padEnd(22)}${time.padStart(10)} ms${share.padStart(6)}${warmup}   without ${v.leaves}`);
    }
  }
}

// Run as a script (not when a test imports the variants).
if (process.argv[1] && /byFeature\.[tj]s$/.test(process.argv[1])) main();
