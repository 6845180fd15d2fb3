/**
 * `npm run bench:simpy`: Placewise beside a plain SimPy model of the same dynamics (issue 12's
 * baseline, bench/simpy/model.py), on the same scenario and the same number of replications,
 * back to back. Prints seconds a replication for each (loading, fitting and summary included),
 * the ratio, and the person-events each counts a replication (receptions, departures, places
 * joined, starts, completions, non-completions), so the two can be seen to do the same work.
 *
 *   npm run bench:simpy                          Stafford (1,000 replications), national (10)
 *   npm run bench:simpy -- stafford              only cases whose name contains "stafford"
 *   npm run bench:simpy -- --replications 50     any number of replications
 *   npm run bench:simpy -- --simpy-replications 2
 *       SimPy simulates only 2 of them (a national replication takes minutes), its simulation
 *       time scaled to the full count; its counts are then means over those 2
 *
 * The SimPy side is timed as the exporter (loading, compiling and tabulating the scenario for the
 * model: its loading and fitting) plus the Python run (reading that JSON, simulating, summarising);
 * the Placewise side as `npm run bench` times it. Each runs in a child process of its own, timed
 * inside it (process start-up left out of both). Needs SimPy 2 (Debian's python3-simpy); without
 * it, says so and times Placewise alone. Not a test: timings depend on the machine's load.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario, loadScenarioText, simulateBatch, summarize } from '../src/index.js';
import { SIMPY_SCENARIOS } from './simpy/exportScenario.js';

const here = dirname(fileURLToPath(import.meta.url));

const CASES = [
  { name: 'stafford', scenario: 'stafford', replications: 1000 },
  { name: 'national', scenario: 'national', replications: 10 },
];

/** What each model counts a replication, summed over establishments and programmes. */
const EVENTS = ['receptions', 'departures', 'joined', 'starts', 'completions', 'nonCompletions'] as const;
type Events = Record<(typeof EVENTS)[number], number>;

interface Timing {
  seconds: number;
  events: Events;
}

/** Placewise, in this process (run as a child): load, compile, simulate, summarise. */
function runPlacewise(scenario: string, replications: number): Timing {
  const text = SIMPY_SCENARIOS[scenario]?.();
  if (!text) throw new Error(`unknown scenario ${scenario}`);
  const t0 = performance.now();
  const loaded = loadScenarioText(text);
  if (!loaded.ok) throw new Error(`${scenario} does not load`);
  const compiled = compileScenario(loaded.scenario, { replications });
  const results = summarize(compiled, [simulateBatch(compiled, 0, compiled.replications)]);
  const seconds = (performance.now() - t0) / 1000;
  const sum = (f: (x: { mean: number }) => number, xs: { mean: number }[]) => xs.reduce((n, x) => n + f(x), 0);
  const programmes = results.region.programmes;
  const mean = (k: 'joined' | 'starts' | 'completions' | 'nonCompletions') =>
    sum(
      (x) => x.mean,
      programmes.map((p) => p[k]),
    );
  return {
    seconds,
    events: {
      receptions: sum(
        (x) => x.mean,
        results.establishments.map((e) => e.receptions),
      ),
      departures: sum(
        (x) => x.mean,
        results.establishments.map((e) => e.departures),
      ),
      joined: mean('joined'),
      starts: mean('starts'),
      completions: mean('completions'),
      nonCompletions: mean('nonCompletions'),
    },
  };
}

/** A Python with SimPy 2 (Debian's python3-simpy), or null. */
function findSimPy(): string | null {
  const candidates = [process.env.SIMPY_PYTHON, '/usr/bin/python3', 'python3'].filter((x): x is string => !!x);
  for (const python of candidates) {
    const out = spawnSync(python, ['-c', 'import SimPy.Simulation'], { encoding: 'utf8' });
    if (out.status === 0) return python;
  }
  return null;
}

function child(args: string[]): string {
  const out = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(`${args.join(' ')} failed:\n${out.stderr || out.stdout}`);
  return out.stdout.trim().split('\n').at(-1) ?? '';
}

interface SimPyOutput {
  seconds: { load: number; simulate: number; summarize: number; total: number };
  summary: {
    programmes: Record<string, Record<string, { mean: number }>>;
    establishments: Record<string, { mean: number }>;
  };
  notes: string[];
}

/**
 * The SimPy model on `timed` replications (at most `replications`); with fewer, its simulation
 * time is scaled to the full count (its replications cost alike), loading and summary counted once.
 */
function runSimPy(
  python: string,
  scenario: string,
  replications: number,
  timed: number,
  dir: string,
): Timing & { notes: string[] } {
  const file = join(dir, `${scenario}.json`);
  const exported = JSON.parse(
    child([process.execPath, '--import', 'tsx', join(here, 'simpy', 'exportScenario.ts'), scenario, file]),
  ) as { exportMs: number };
  const out = JSON.parse(child([python, join(here, 'simpy', 'model.py'), file, String(timed)])) as SimPyOutput;
  const { load, simulate, summarize } = out.seconds;
  const programmes = Object.values(out.summary.programmes);
  const mean = (k: string) => programmes.reduce((n, p) => n + (p[k]?.mean ?? 0), 0);
  return {
    seconds: exported.exportMs / 1000 + load + (simulate * replications) / timed + summarize,
    events: {
      receptions: out.summary.establishments.receptions?.mean ?? 0,
      departures: out.summary.establishments.departures?.mean ?? 0,
      joined: mean('joined'),
      starts: mean('starts'),
      completions: mean('completions'),
      nonCompletions: mean('nonCompletions'),
    },
    notes: out.notes,
  };
}

function main(): void {
  const argv = process.argv.slice(2);
  // Child mode: time Placewise on one scenario and print it as JSON.
  if (argv[0] === '--placewise-child') {
    console.log(JSON.stringify(runPlacewise(argv[1] as string, Number(argv[2]))));
    return;
  }
  let filter: string | undefined;
  let replications: number | undefined;
  let simpyReplications: number | undefined;
  const count = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number of 1 or more`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--replications') replications = count('--replications', argv[++i]);
    else if (argv[i] === '--simpy-replications') simpyReplications = count('--simpy-replications', argv[++i]);
    else filter = argv[i];
  }
  const python = findSimPy();
  if (!python) {
    console.log(
      'SimPy 2 is not installed (Debian: apt-get install python3-simpy; or set SIMPY_PYTHON to a Python that has it): timing Placewise alone.',
    );
  }
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  console.log(`Seconds a replication, loading, fitting and summary included; load average at the start: ${load}.`);
  const dir = mkdtempSync(join(tmpdir(), 'placewise-simpy-'));
  try {
    for (const c of CASES.filter((x) => !filter || x.name.includes(filter))) {
      const reps = replications ?? c.replications;
      const placewise = JSON.parse(
        child([
          process.execPath,
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          '--placewise-child',
          c.scenario,
          String(reps),
        ]),
      ) as Timing;
      const timed = Math.min(reps, simpyReplications ?? reps);
      const simpy = python ? runSimPy(python, c.scenario, reps, timed, dir) : null;
      console.log(
        `\n${c.name}: ${reps} replications${python && timed < reps ? ` (SimPy timed on ${timed}, its simulation time scaled to ${reps})` : ''}`,
      );
      console.log(
        `  ${''.padEnd(24)}${'s / rep'.padStart(10)}${EVENTS.map((k) => k.padStart(15)).join('')}${'person-events'.padStart(15)}`,
      );
      const row = (label: string, t: Timing) => {
        const events = EVENTS.reduce((n, k) => n + t.events[k], 0);
        const cells = EVENTS.map((k) => t.events[k].toFixed(1).padStart(15)).join('');
        return `  ${label.padEnd(24)}${(t.seconds / reps).toPrecision(3).padStart(10)}${cells}${events.toFixed(0).padStart(15)}`;
      };
      console.log(row('Placewise', placewise));
      if (simpy) {
        console.log(row('SimPy 2 model', simpy));
        console.log(
          `  SimPy / Placewise: x${(simpy.seconds / placewise.seconds).toFixed(1)} (counts are means a replication)`,
        );
        for (const n of simpy.notes) console.log(`  note: ${n}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
