/**
 * `npm run bench:start`: is there a cheaper running start that gives the same figures? (issue 12)
 *
 * A running start is about two thirds of a Stafford replication: a warm-up from a cold opening,
 * then a fresh opening population that takes over the warm-up's service records (handOver.ts).
 * Two ways to make it cheaper change what it models, and this measures by how much, on the
 * built-in scenarios:
 *
 * 1. A carried-on start: the window goes on from the warm-up's end as it is, with no fresh opening
 *    and no hand-over (about a third of a Stafford replication less). It is simulated as one run
 *    over the warm-up and the window together, opened as a warm-up opens (runCarriedOn), read in
 *    the window's years; each is set beside the same year of the running start. Bed units are left
 *    out: the warm-up opens them on stays under way, which this cannot do from outside the engine.
 * 2. A shorter (or longer) warm-up: year 1 of the running start with warm-ups of other lengths.
 *
 *   npm run bench:start                              every case
 *   npm run bench:start -- stafford                  cases whose file name contains "stafford"
 *   npm run bench:start -- --replications 100 --years 3 --warmups 26,52,104,312
 *
 * Differences are of means over replications. z is the difference over its approximate standard
 * error, from each side's 5th-95th percentile spread (taken as 3.29 standard deviations): a guide
 * to what is beyond Monte Carlo noise, not a test. Not run by CI; its smoke test is
 * tests/bench/startStudy.test.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileScenario,
  loadScenarioText,
  runScenario,
  summarize,
  type CompiledScenario,
  type ProgrammeResult,
  type Results,
  type Scenario,
  type ScenarioInput,
  type Stat,
} from '../src/index.js';
// The carried-on arm opens as the warm-up does, which the public API has no option for.
import { SimulationContext } from '../src/engine/simulate.js';
import { Replication } from '../src/engine/replication.js';
import { openPhases, schedulePhases, schedulesShifted } from '../src/engine/warmup.js';
import { stream } from '../src/random/streams.js';

const here = dirname(fileURLToPath(import.meta.url));
const scenariosDir = join(dirname(here), 'scenarios');

export interface StudyCase {
  file: string;
  /** Replications each arm runs by default. */
  replications: number;
}

/**
 * The built-ins with a running start. Not Leicester: it delivers no programme (its need is
 * referred), so its running start has no warm-up.
 */
export const STUDY_CASES: StudyCase[] = [
  { file: 'stafford-2014.json', replications: 200 },
  { file: 'wymott-2014.json', replications: 100 },
  { file: 'region-today.json', replications: 100 },
  { file: 'west-midlands-2014.json', replications: 40 },
];

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The figures compared, per programme delivered and window year. */
const MEASURES = ['starts', 'completions', 'unmetNeed'] as const;
type Measure = (typeof MEASURES)[number];

function load(input: ScenarioInput, what: string): Scenario {
  const loaded = loadScenarioText(JSON.stringify(input));
  if (!loaded.ok) throw new Error(`${what}: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  return loaded.scenario;
}

/** The scenario's file as data (the variants change only its data). */
export function scenarioInput(file: string, dir = scenariosDir): ScenarioInput {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as ScenarioInput;
}

/** The warm-up weeks the scenario's running start gets (its own, or the engine's default). */
export function warmupWeeksOf(input: ScenarioInput): number {
  return compileScenario(load(input, 'as is'), { replications: 1 }).start.warmupWeeks;
}

/** The running start as the file has it, over `years` window years. */
export function runningArm(input: ScenarioInput, years: number): Scenario {
  const copy = structuredClone(input);
  copy.horizon = { value: years, unit: 'years' };
  return load(copy, 'running start');
}

/**
 * The scenario of a carried-on start after `warmupWeeks`: one run, with no warm-up of its own, over
 * the warm-up and `years` window years together (runCarriedOn opens it as a warm-up opens).
 */
export function carriedOnArm(input: ScenarioInput, warmupWeeks: number, years: number): Scenario {
  const copy = structuredClone(input);
  copy.start = { mode: 'empty' };
  copy.horizon = { value: warmupWeeks + 52 * years, unit: 'weeks' };
  // The window's changes (Wymott's PIPE opening in its week 26) fall in the window here too, not
  // in the warm-up: each is moved on by the warm-up, in weeks (as compile.ts reads a date).
  for (const change of copy.changes ?? []) {
    const week =
      change.fromWeek ??
      (change.fromDate
        ? Math.round((Date.parse(`${change.fromDate}T00:00:00Z`) - Date.parse(`${copy.startDate}T00:00:00Z`)) / WEEK_MS)
        : 0);
    delete change.fromDate;
    change.fromWeek = week + warmupWeeks;
  }
  return load(copy, 'carried-on start');
}

/**
 * The carried-on arm's results: carriedOnArm's scenario, opened as a running start's warm-up
 * opens rather than as an empty start (warmup.ts, custody.ts): its opening stock with the history
 * a running service would have given it (the running start's derived history), and each
 * replication's group schedules with their phase drawn (schedulePhases) and a declared first
 * start kept in the window (warmupView). What it cannot do is open bed units on stays under way
 * (courses.ts, keyed on the warm-up's own streams): `beds` names those deliveries, which are left
 * out of the comparison.
 */
export function runCarriedOn(
  input: ScenarioInput,
  warmupWeeks: number,
  years: number,
  replications: number,
): { results: Results; beds: Set<string> } {
  const running = compileScenario(runningArm(input, years), { replications: 1 });
  const compiled = compileScenario(carriedOnArm(input, warmupWeeks, years), { replications });
  compiled.start = { ...compiled.start, derivedHistory: running.start.derivedHistory };
  const shifted: CompiledScenario = { ...compiled, establishments: schedulesShifted(compiled, warmupWeeks) };
  const open = openPhases(compiled);
  const context = new SimulationContext(compiled);
  const { scalarCount, seriesCount } = compiled.layout;
  const seriesLength = seriesCount * compiled.weeks;
  const scalars = new Float64Array(replications * scalarCount);
  const series = new Float32Array(replications * seriesLength);
  for (let r = 0; r < replications; r++) {
    const view = schedulePhases(shifted, open, (name) => stream(compiled.seed, r, name).next());
    context.people.reset();
    new Replication(
      view,
      context.people,
      r,
      scalars.subarray(r * scalarCount, (r + 1) * scalarCount),
      series.subarray(r * seriesLength, (r + 1) * seriesLength),
      null,
      '',
      context.shared,
    ).run();
  }
  const results = summarize(compiled, [{ firstReplication: 0, count: replications, scalars, series }]);
  const beds = new Set<string>();
  compiled.establishments.forEach((e, ei) =>
    e.deliveries.forEach((d, p) => {
      if (d && d.beds !== null) beds.add(key(results.establishments[ei]!.name, compiled.programmes[p]!.definition.id));
    }),
  );
  return { results, beds };
}

/** A delivery's key in the comparisons: establishment name and programme id. */
const key = (establishment: string, programme: string) => `${establishment}\u0000${programme}`;

/** The running start with a warm-up of `weeks`, over one window year. */
export function warmupArm(input: ScenarioInput, weeks: number): Scenario {
  const copy = structuredClone(input);
  copy.start = { ...(copy.start ?? {}), mode: 'running', warmupWeeks: weeks };
  copy.horizon = { value: 1, unit: 'years' };
  return load(copy, `warm-up ${weeks}`);
}

export interface Difference {
  establishment: string;
  programme: string;
  /** Window year, 1-based; 0 for the waiting list at the window's start. */
  year: number;
  /** The warm-up set against the longest (compareWarmups), or undefined. */
  warmupWeeks?: number;
  measure: Measure | 'waitingAtStart';
  running: number;
  other: number;
  /** other - running, as a share of running (NaN where running is 0). */
  relative: number;
  z: number;
}

/** Approximate standard error of a mean over `n` replications, from its 5th-95th percentile spread. */
function standardError(s: Stat, n: number): number {
  return (s.p95 - s.p5) / 3.29 / Math.sqrt(n);
}

function difference(
  establishment: string,
  programme: string,
  year: number,
  measure: Difference['measure'],
  a: Stat,
  b: Stat,
  n: number,
): Difference {
  const error = Math.hypot(standardError(a, n), standardError(b, n));
  const d = b.mean - a.mean;
  return {
    establishment,
    programme,
    year,
    measure,
    running: a.mean,
    other: b.mean,
    relative: a.mean !== 0 ? d / a.mean : Number.NaN,
    z: error > 0 ? d / error : d === 0 ? 0 : Number.POSITIVE_INFINITY * Math.sign(d),
  };
}

/** The programmes an establishment delivers, by id. */
function delivered(results: Results): Map<string, ProgrammeResult> {
  const out = new Map<string, ProgrammeResult>();
  for (const e of results.establishments)
    for (const p of e.programmes) if (p.delivered) out.set(key(e.name, p.programme), p);
  return out;
}

/**
 * Each window year of the carried-on start against the running start's, per programme delivered,
 * and the waiting list at the window's start (the carried-on arm's at the warm-up's last week).
 */
export function compareCarriedOn(
  running: Results,
  carried: Results,
  warmupWeeks: number,
  years: number,
  replications: number,
  leaveOut: ReadonlySet<string> = new Set(),
): Difference[] {
  if (warmupWeeks % 52 !== 0) throw new Error(`a warm-up of ${warmupWeeks} weeks is not whole years`);
  const offset = warmupWeeks / 52;
  const out: Difference[] = [];
  const other = delivered(carried);
  for (const [k, a] of delivered(running)) {
    const b = other.get(k);
    if (!b || leaveOut.has(k)) continue;
    const [establishment, programme] = k.split('\u0000') as [string, string];
    const w = b.series.waiting;
    const atStart: Stat =
      warmupWeeks > 0
        ? { mean: w.mean[warmupWeeks - 1], p5: w.p5[warmupWeeks - 1], p50: NaN, p95: w.p95[warmupWeeks - 1] }
        : b.waitingAtStart;
    out.push(difference(establishment, programme, 0, 'waitingAtStart', a.waitingAtStart, atStart, replications));
    for (let y = 1; y <= years; y++) {
      const ya = a.perYear[y - 1];
      const yb = b.perYear[offset + y - 1];
      if (!ya || !yb) throw new Error(`${establishment} ${programme}: no year ${y}`);
      for (const m of MEASURES) out.push(difference(establishment, programme, y, m, ya[m], yb[m], replications));
    }
  }
  return out;
}

/** Year 1 of each warm-up's run against the longest's, per programme delivered. */
export function compareWarmups(byWarmup: Map<number, Results>, replications: number): Difference[] {
  const longest = Math.max(...byWarmup.keys());
  const reference = delivered(byWarmup.get(longest) as Results);
  const out: Difference[] = [];
  for (const [weeks, results] of byWarmup) {
    if (weeks === longest) continue;
    for (const [k, b] of delivered(results)) {
      const a = reference.get(k);
      if (!a) continue;
      const [establishment, programme] = k.split('\u0000') as [string, string];
      const row = (measure: Difference['measure'], x: Stat, y: Stat): Difference => ({
        ...difference(establishment, programme, measure === 'waitingAtStart' ? 0 : 1, measure, x, y, replications),
        warmupWeeks: weeks,
      });
      out.push(row('waitingAtStart', a.waitingAtStart, b.waitingAtStart));
      for (const m of MEASURES) out.push(row(m, a.perYear[0][m], b.perYear[0][m]));
    }
  }
  return out;
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)}%` : '-');

/** The differences beyond `minRelative` and `minZ`, largest first, as lines. */
export function largest(differences: Difference[], minRelative = 0.1, minZ = 3, limit = 12): string[] {
  return differences
    .filter((d) => Math.abs(d.z) >= minZ && (Number.isNaN(d.relative) || Math.abs(d.relative) >= minRelative))
    .sort((a, b) => Math.abs(b.other - b.running) - Math.abs(a.other - a.running))
    .slice(0, limit)
    .map(
      (d) =>
        `  ${d.establishment}, ${d.programme}, ${d.year === 0 ? 'start' : `year ${d.year}`}, ${d.measure}: ` +
        `${fmt(d.running)} -> ${fmt(d.other)} (${pct(d.relative)}, z ${fmt(d.z)})`,
    );
}

export interface StudyOptions {
  /** Cases whose file name contains it, or every case. */
  filter?: string;
  /** Replications each arm runs, or each case's own. */
  replications?: number;
  years: number;
  warmups: number[];
}

/**
 * The command line's options (`--replications N`, `--years N`, `--warmups a,b,...` and a case
 * filter). A malformed one is an error that names the option and says what it takes.
 */
export function parseStudyArgs(argv: readonly string[]): StudyOptions {
  const options: StudyOptions = { years: 3, warmups: [26, 52, 104, 312] };
  const whole = (option: string, text: string | undefined, min: number, max: number): number => {
    const n = Number(text);
    if (text === undefined || text.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new Error(`${option} takes a whole number from ${min} to ${max}, not "${text ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--replications') options.replications = whole(a, argv[++i], 1, 100_000);
    else if (a === '--years') options.years = whole(a, argv[++i], 1, 10);
    else if (a === '--warmups') {
      const list = argv[++i];
      options.warmups = (list ?? '').split(',').map((w) => whole(a, w, 0, 520));
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else options.filter = a;
  }
  return options;
}

function main(): void {
  const { filter, replications, years, warmups } = parseStudyArgs(process.argv.slice(2));
  const cases = STUDY_CASES.filter((c) => !filter || c.file.includes(filter));
  if (cases.length === 0) throw new Error(`no case matches "${filter}"`);
  for (const c of cases) {
    const n = replications ?? c.replications;
    const input = scenarioInput(c.file);
    const warmup = warmupWeeksOf(input);
    console.log(`\n${c.file}: ${n} replications, warm-up ${warmup} weeks`);
    if (warmup + 52 * years > 520) {
      console.log(`  carried-on start: skipped (${warmup} + ${52 * years} weeks is over the 520 a horizon takes)`);
    } else {
      const running = runScenario(runningArm(input, years), { replications: n });
      const carried = runCarriedOn(input, warmup, years, n);
      const differences = compareCarriedOn(running, carried.results, warmup, years, n, carried.beds);
      const lines = largest(differences);
      console.log(
        `  carried-on start against the running start, ${years} window year${years === 1 ? '' : 's'}: ` +
          `${lines.length} of ${differences.length} figures differ by 10% or more and z 3 or more` +
          (carried.beds.size > 0
            ? ` (bed units left out: ${[...carried.beds].map((b) => b.replace('\u0000', ' ')).join(', ')})`
            : ''),
      );
      for (const line of lines) console.log(line);
    }
    const byWarmup = new Map<number, Results>();
    for (const weeks of [...new Set([...warmups, warmup])].sort((a, b) => a - b))
      byWarmup.set(weeks, runScenario(warmupArm(input, weeks), { replications: n }));
    const longest = Math.max(...byWarmup.keys());
    const differences = compareWarmups(byWarmup, n);
    console.log(`  year 1 against a ${longest}-week warm-up's (10% or more and z 3 or more):`);
    for (const weeks of byWarmup.keys()) {
      if (weeks === longest) continue;
      const own = differences.filter((d) => d.warmupWeeks === weeks);
      const lines = largest(own, 0.1, 3, 6);
      console.log(`   ${weeks} weeks: ${lines.length} of ${own.length} figures`);
      for (const line of lines) console.log(`  ${line}`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
