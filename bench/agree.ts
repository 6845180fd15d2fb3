/**
 * `npm run bench:agree`: does this engine give the figures an earlier one gives, up to Monte Carlo
 * error? For a change that reorganises the random streams (issue 12: exact numbers may change,
 * their distribution may not), where `bench/digest.ts` cannot help because every number moves.
 *
 *   npm run bench:agree                           every built-in and national, against HEAD
 *   npm run bench:agree -- stafford               cases whose name contains "stafford"
 *   npm run bench:agree -- --against <ref>        against any commit, branch or tag
 *   npm run bench:agree -- --replications 400 --seeds one,two --worst 12
 *
 * Each engine runs each case in a child process of its own (agreeRun.ts; the earlier engine from
 * a worktree of its commit, worktree.ts), the two side by side, on different seeds so that their
 * samples are independent. Every figure of the results JSON is compared by Welch's t
 * (agreement.ts). Figures are many and correlated (a programme's starts, its completions and the
 * region's total move together), so read the counts beyond 2 and 3 standard errors against those
 * expected by chance as a guide, and look at the largest. It exits with 1 where a figure's chance
 * is under 1% over all of a case's figures (Bonferroni: about 4.8 standard errors for Stafford's
 * 5,600 figures), or it differs with no spread on either side: those are not chance.
 *
 * Run against HEAD with nothing changed (the same engine on two seeds, 2026-12-06): no figure of
 * any case failed; the counts beyond 2 and 4 standard errors were under those expected by chance,
 * and those beyond 3 under or a few over (Stafford 20 against 15.1, each figure of a one-prison
 * file counted twice, as the prison's and the region's).
 * Not run by CI (two minutes of simulation); its pieces are tested in tests/bench/agreement.test.ts.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareSamples, describeAgreement, type FigureSamples } from './agreement.js';
import { ArgReader } from './args.js';
import { CANNOT_LOAD_EXIT } from './cases.js';
import { git, worktreeOf } from './worktree.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const scenarios = join(root, 'scenarios');

/** Replications a case runs by default: enough for a shift of a few percent to show, in a minute or so. */
function defaultReplications(name: string): number {
  return name === 'national' ? 8 : name.startsWith('west-midlands') ? 40 : 200;
}

interface Args {
  filter: string | undefined;
  against: string;
  replications: number | undefined;
  seeds: [string, string];
  worst: number;
}

export function parseAgreeArgs(argv: readonly string[]): Args {
  const args: Args = {
    filter: undefined,
    against: 'HEAD',
    replications: undefined,
    seeds: ['agree-a', 'agree-b'],
    worst: 8,
  };
  const read = new ArgReader(argv);
  for (let a = read.next(); a !== undefined; a = read.next()) {
    if (a === '--against') args.against = read.value(a);
    else if (a === '--replications') args.replications = read.count(a, 2);
    else if (a === '--worst') args.worst = read.count(a, 1);
    else if (a === '--seeds') {
      const seeds = read.value(a).split(',');
      if (seeds.length !== 2 || seeds.some((s) => s === '') || seeds[0] === seeds[1])
        throw new Error('--seeds needs two different seeds, as one,two');
      args.seeds = [seeds[0] as string, seeds[1] as string];
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.filter = a;
  }
  return args;
}

/** Runs agreeRun.ts in `dir` for one case; null where that engine cannot load the case's file. */
function runIn(dir: string, name: string, replications: number, seed: string): Promise<FigureSamples | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('bench', 'agreeRun.ts'), name, scenarios, String(replications), seed],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === CANNOT_LOAD_EXIT) return resolve(null);
      if (code !== 0) return reject(new Error(`${name} failed in ${dir} (exit ${code}):\n${err.trim()}`));
      const parsed = JSON.parse(out.trim().split('\n').at(-1) ?? '') as FigureSamples & { values: number[] };
      resolve({ ...parsed, values: Float64Array.from(parsed.values) });
    });
  });
}

async function main(): Promise<void> {
  const args = parseAgreeArgs(process.argv.slice(2));
  const cases = [
    ...readdirSync(scenarios)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
      .map((f) => f.replace(/\.json$/, '')),
    'national',
  ].filter((name) => !args.filter || name.includes(args.filter));
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted edits' : '';
  const earlier = worktreeOf(args.against, ['agreeRun.ts', 'agreement.ts', 'cases.ts', 'nationalScenario.ts']);
  console.log(
    `This engine (${git('rev-parse', '--short', 'HEAD')}${dirty}, seed "${args.seeds[0]}") against ` +
      `${args.against} (${earlier.commit.slice(0, 7)}, seed "${args.seeds[1]}").`,
  );
  let failed = false;
  try {
    for (const name of cases) {
      const replications = args.replications ?? defaultReplications(name);
      const [a, b] = await Promise.all([
        runIn(root, name, replications, args.seeds[0]),
        runIn(earlier.dir, name, replications, args.seeds[1]),
      ]);
      if (!a || !b) {
        console.log(`${name}: ${a ? 'the earlier engine' : 'this engine'} cannot load its file; not compared.`);
        continue;
      }
      const agreement = compareSamples(a, b);
      for (const line of describeAgreement(`${name} (${replications} replications each)`, agreement, args.worst))
        console.log(line);
      if (agreement.failed.length > 0) failed = true;
    }
  } finally {
    earlier.dispose();
  }
  console.log(failed ? 'The engines differ beyond Monte Carlo error.' : 'No figure is beyond Monte Carlo error.');
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && /agree\.[tj]s$/.test(process.argv[1])) await main();
