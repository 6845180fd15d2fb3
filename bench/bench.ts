/**
 * `npm run bench`: times the engine single-threaded in Node, each case beside the previous
 * engine's, and prints per-replication figures (loading and summary included) and the speed-up.
 *
 *   npm run bench                      every case, against the previous engine (PREVIOUS_ENGINE;
 *                                      its fallback where it cannot load a case's file)
 *   npm run bench -- stafford          only cases whose name contains "stafford"
 *   npm run bench -- --against <ref>   against any commit, branch or tag
 *   npm run bench -- --alone           this engine only
 *   npm run bench -- --replications 20 --repeats 1 --rounds 4 --json
 *
 * The earlier engine runs from a temporary `git worktree` of its commit (sharing this clone's
 * node_modules), with this clone's case runner (cases.ts) and scenario files copied in, so both
 * engines are timed by the same code on the same input. Each case and engine runs in child
 * processes of their own, in rounds that alternate which engine goes first (this one, the earlier,
 * the earlier, this one, ...), and the runs of all rounds are pooled: on this project's machine the
 * same engine timed against itself ran about 10% faster in the first process of a pair, and the
 * machine's speed drifted by about 40% within minutes, so an engine always timed first looked
 * faster than it was. Not a test: timings depend on the machine and on whatever else it is doing.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANNOT_LOAD_EXIT, CASES, pooled, type CaseTiming, type Phases } from './cases.js';
import { ArgReader } from './args.js';
import { PREVIOUS_ENGINE } from './previousEngine.js';
import { git, worktreeOf as worktreeAt, type Worktree } from './worktree.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const scenarios = join(root, 'scenarios');

interface Args {
  filter: string | undefined;
  against: string | null;
  replications: number | undefined;
  repeats: number | undefined;
  /** Child processes an engine runs a case in, alternating which engine goes first. */
  rounds: number | undefined;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    filter: undefined,
    against: PREVIOUS_ENGINE.commit,
    replications: undefined,
    repeats: undefined,
    rounds: undefined,
    json: false,
  };
  const read = new ArgReader(argv);
  for (let a = read.next(); a !== undefined; a = read.next()) {
    if (a === '--against') args.against = read.value(a);
    else if (a === '--alone') args.against = null;
    else if (a === '--replications') args.replications = read.count(a, 1);
    else if (a === '--repeats') args.repeats = read.count(a, 1);
    else if (a === '--rounds') args.rounds = read.count(a, 1);
    else if (a === '--json') args.json = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.filter = a;
  }
  return args;
}

/** A worktree of `ref` ready to run this clone's case runner against its core; removed by `dispose`. */
const worktreeOf = (ref: string): Worktree => worktreeAt(ref, ['cases.ts', 'nationalScenario.ts']);

/** A case an engine did not time: it cannot load the file, or it failed. */
interface Untimed {
  failed: 'cannot load' | 'crashed';
  message: string;
}

function timeIn(dir: string, name: string, args: Args): CaseTiming | Untimed {
  const extra = [String(args.replications ?? ''), String(args.repeats ?? '')];
  while (extra.at(-1) === '') extra.pop();
  if (extra[0] === '') extra[0] = String(CASES.find((c) => c.name === name)?.replications);
  const out = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'cases.ts'), name, scenarios, ...extra], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (out.status === CANNOT_LOAD_EXIT) return { failed: 'cannot load', message: out.stderr.trim() };
  if (out.status !== 0) {
    const why = out.error?.message ?? out.signal ?? `exit code ${out.status}`;
    return { failed: 'crashed', message: `${why}\n${(out.stderr || out.stdout).trim()}` };
  }
  const line = out.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as CaseTiming;
}

const untimed = (t: CaseTiming | Untimed): t is Untimed => 'failed' in t;

/** One engine's rounds of a case as one timing, its runs pooled; the first failure where one failed. */
function pool(rounds: readonly (CaseTiming | Untimed)[]): CaseTiming | Untimed {
  const failed = rounds.find(untimed);
  if (failed) return failed;
  const timed = rounds as readonly CaseTiming[];
  const first = timed[0] as CaseTiming;
  return pooled(
    { case: first.case, replications: first.replications, meanPopulation: first.meanPopulation, node: first.node },
    timed.flatMap((t) => t.runs),
  );
}

/** One line (the first of the message) saying why an engine did not time a case. */
function whyNot(engine: string, u: Untimed): string {
  const first = u.message.split('\n').find((l) => l.trim()) ?? '';
  return u.failed === 'cannot load' ? `${engine} cannot load this file: ${first}` : `${engine} failed: ${first}`;
}

const PHASES: (keyof Phases)[] = ['load', 'compile', 'simulate', 'summarize', 'total'];

function ms(v: number): string {
  return v >= 100 ? `${Math.round(v)}` : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function report(label: string, t: CaseTiming): string {
  const cells = PHASES.map((p) => ms(t.best[p]).padStart(10));
  const perRep = ms(t.best.total / t.replications).padStart(10);
  return `  ${label.padEnd(20)}${cells.join('')}${perRep}`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const cases = CASES.filter((c) => !args.filter || c.name.includes(args.filter));
  if (cases.length === 0) throw new Error(`no case matches "${args.filter}": ${CASES.map((c) => c.name).join(', ')}`);
  const here =
    git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? '+edits' : '');
  const previous = args.against === null ? null : worktreeOf(args.against);
  // Made when a case first needs it: the default engine cannot load that case's file.
  let fallback: ReturnType<typeof worktreeOf> | null = null;
  const fallbackTree = () =>
    args.against === PREVIOUS_ENGINE.commit ? (fallback ??= worktreeOf(PREVIOUS_ENGINE.fallback.commit)) : null;
  const cleanUp = () => {
    previous?.dispose();
    fallback?.dispose();
  };
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  // Two rounds by default against an earlier engine (each engine once first), one alone.
  const rounds = args.rounds ?? (previous ? 2 : 1);
  try {
    if (!args.json) {
      console.log(
        `Best of the runs, milliseconds, single-threaded; ${previous ? `this engine (${here}) and ${previous.commit.slice(0, 7)}, ${rounds} round${rounds === 1 ? '' : 's'} alternating which goes first` : `this engine (${here})`}.`,
      );
    }
    for (const c of cases) {
      /** The case in alternating rounds, this engine and `tree`'s (none: this engine alone), each pooled. */
      const alternate = (tree: { dir: string } | null) => {
        const nowRounds: (CaseTiming | Untimed)[] = [];
        const beforeRounds: (CaseTiming | Untimed)[] = [];
        for (let r = 0; r < rounds; r++) {
          const order = r % 2 === 0 ? [true, false] : [false, true];
          for (const isNow of order) {
            if (isNow) nowRounds.push(timeIn(root, c.name, args));
            else if (tree) beforeRounds.push(timeIn(tree.dir, c.name, args));
          }
        }
        return { now: pool(nowRounds), before: tree ? pool(beforeRounds) : null };
      };
      let engine = previous;
      let timed = alternate(previous);
      /** Why the default engine was not the one compared against, where it was not. */
      let replaced: string | null = null;
      if (previous && timed.before && untimed(timed.before) && timed.before.failed === 'cannot load') {
        const tree = fallbackTree();
        if (tree) {
          replaced = whyNot(previous.commit.slice(0, 7), timed.before);
          engine = tree;
          // Timed again beside the fallback, so each side is the best of as many runs.
          timed = alternate(tree);
        }
      }
      const { now, before } = timed;
      // This engine failing is the bench failing (exit code 1, after the other cases); the
      // earlier engine failing on a file written since is reported and the bench goes on.
      if (untimed(now)) {
        process.exitCode = 1;
        console.error(
          `\n${c.name}: this engine (${here}) ${now.failed === 'cannot load' ? 'cannot load this file' : 'failed'}:\n${now.message}`,
        );
      }
      if (args.json) {
        if (!untimed(now)) console.log(JSON.stringify({ ...now, engine: here }));
        if (before && engine) {
          const entry = untimed(before) ? { case: c.name, ...before } : before;
          console.log(JSON.stringify({ ...entry, engine: engine.commit, ...(replaced ? { instead: replaced } : {}) }));
        }
        continue;
      }
      if (untimed(now)) continue;
      console.log(
        `\n${c.name}: ${now.replications} replications, best of ${now.repeats} runs, mean population ${now.meanPopulation}`,
      );
      console.log(`  ${''.padEnd(20)}${[...PHASES, 'per rep'].map((p) => p.padStart(10)).join('')}`);
      console.log(report(`now ${here}`, now));
      if (before && engine) {
        if (replaced) {
          console.log(`  ${replaced}`);
          console.log(`  so timed beside ${engine.commit.slice(0, 7)} instead: ${PREVIOUS_ENGINE.fallback.note}`);
        }
        if (untimed(before)) {
          console.log(`  ${whyNot(engine.commit.slice(0, 7), before)}`);
          continue;
        }
        console.log(report(`before ${engine.commit.slice(0, 7)}`, before));
        const ratio = PHASES.map((p) => `x${(before.best[p] / now.best[p]).toFixed(2)}`.padStart(10));
        console.log(`  ${'speed-up'.padEnd(20)}${ratio.join('')}${ratio.at(-1)}`);
        if (before.meanPopulation !== now.meanPopulation) {
          console.log(`  (mean population differs: ${before.meanPopulation} before, ${now.meanPopulation} now)`);
        }
      }
    }
  } finally {
    cleanUp();
  }
}

main();
