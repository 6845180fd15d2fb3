/**
 * The command line: `placewise run [file] [options]` and `placewise validate [file]`.
 * Node-only glue around the pure core: read a file, load it, run, print.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  formatProblem,
  loadScenarioText,
  runScenario,
  sizeProgramme,
  type LoadResult,
  type PrecisionScope,
  type RunOptions,
  type Scenario,
} from '../src/index.js';
import { resultsCsv } from '../src/results/tabular.js';
import { LIMITS } from '../src/scenario/limits.js';
import {
  budgetProblem,
  describeEstimate,
  describeRunFailure,
  estimateWork,
  LARGEST_ARRAY,
  MACHINE_BUDGET,
} from '../src/engine/budget.js';
import { formatSizing, formatTable } from './table.js';
import { backtestJson, formatBacktest } from './backtest.js';
import { backtestCsv } from '../src/results/backtestTable.js';

export const DEFAULT_SCENARIO = resolve(dirname(fileURLToPath(import.meta.url)), '../scenarios/stafford-2014.json');

const USAGE = `Usage:
  placewise run [scenario.json] [--seed N] [--replications N] [--horizon-weeks N] [--format table|json|csv]
                 [--precision-target PERCENT|none] [--precision-scope region|every-establishment]
                 [--allow-large]
    --precision-target ends the run at the first 10th replication where the region's means of starts,
    completions and unmet need are known within ±PERCENT (95% confidence), as the file's
    precisionTarget does; --replications is then the most it runs; none runs them all.
    --precision-scope every-establishment asks it of each establishment's means, as the file's
    precisionScope does; region (the default) of the region's.
  placewise validate [scenario.json]
  placewise backtest [scenario.json] [--seed N] [--replications N] [--horizon-weeks N] [--format table|json|csv]
    the projection against the actual volumes the scenario gives (a delivery's "actual"): error,
    error % and whether the actual lies inside the 5th-95th percentile interval; and its cost.
  placewise size [scenario.json] --programme ID --target N [--establishment ID] [--max-groups N]
                 [--max-concurrent-groups N] [--max-beds N] [--every-level-in-full] [--seed N]
                 [--replications N] [--horizon-weeks N] [--format table|json]
    the places a programme needs (at the first establishment unless --establishment is given):
    once, to clear the list waiting at the start; and the fewest groups a year that keep the
    unmet need places can fix at or under N a year once it is cleared. --max-concurrent-groups
    limits the groups running at once (facilitators) and says when the limit binds. A bed-based
    programme there (TC, DTC, PIPE: beds with rolling intake) is sized in beds, up to --max-beds.
    A level the search tries stops at the replications that say which side of the target it lies
    (at least 30, its mean 4 standard errors away); the answer runs them all.
    --every-level-in-full runs every level to all of them.
With no file, the built-in HMP Stafford 2014-15 scenario is used.
A run estimated to need more than 4 GB or 6 hours is refused; --allow-large runs it anyway
(never one too large for any machine to allocate).`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

class UsageError extends Error {}

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** --precision-target: a percentage (as the file's precisionTarget, 0.1 to 50), or none. */
function precisionTargetOption(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  const percent = Number(value.replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent < 0.1 || percent > 50)
    throw new UsageError(`--precision-target must be a percentage from 0.1 to 50, or none, got "${value}"`);
  return percent / 100;
}

/** --precision-scope: region or every-establishment (the file's precisionScope, everyEstablishment). */
function precisionScopeOption(value: string | undefined): PrecisionScope | undefined {
  if (value === undefined) return undefined;
  if (value === 'region') return 'region';
  if (value === 'every-establishment') return 'everyEstablishment';
  throw new UsageError(`--precision-scope must be region or every-establishment, got "${value}"`);
}

function load(file: string, io: Io): LoadResult {
  let text: string;
  try {
    // Refuse a huge file before reading it all (UTF-8 takes at most 4 bytes a character).
    const bytes = statSync(file).size;
    if (bytes > LIMITS.fileChars * 4) {
      throw new UsageError(`${file} is ${(bytes / 1e6).toFixed(0)} MB, far larger than any scenario file`);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}${code === 'ENOENT' ? ': no such file' : code ? `: ${code}` : ''}`);
  }
  const result = loadScenarioText(text);
  for (const w of result.warnings) io.err(`warning: ${formatProblem(w)}`);
  if (!result.ok) for (const e of result.errors) io.err(`error: ${formatProblem(e)}`);
  return result;
}

/** Says (and returns true) when a run would not fit this machine's budget. */
function refuseLarge(scenario: Scenario, options: RunOptions, allowLarge: boolean, io: Io): boolean {
  const problem = budgetProblem(scenario, options, MACHINE_BUDGET, allowLarge);
  if (problem === undefined) return false;
  const hard = estimateWork(scenario, options).largestArray > LARGEST_ARRAY;
  io.err(`error: ${problem}${allowLarge || hard ? '' : ' (--allow-large runs it anyway if this machine can hold it)'}`);
  return true;
}

/** Runs the command line; returns the exit code (never throws for bad input). */
export function main(argv: readonly string[], io: Io): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        replications: { type: 'string' },
        'horizon-weeks': { type: 'string' },
        format: { type: 'string', default: 'table' },
        programme: { type: 'string' },
        establishment: { type: 'string' },
        target: { type: 'string' },
        'max-groups': { type: 'string' },
        'max-concurrent-groups': { type: 'string' },
        'max-beds': { type: 'string' },
        'every-level-in-full': { type: 'boolean' },
        'allow-large': { type: 'boolean' },
        'precision-target': { type: 'string' },
        'precision-scope': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, file = DEFAULT_SCENARIO, ...extra] = positionals;
    if (values.help || command === undefined) {
      io.out(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (command === 'validate') {
      const result = load(file, io);
      if (!result.ok) return 1;
      io.out(`${file}: valid (${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'})`);
      io.out(`a run as the file sets it needs ${describeEstimate(estimateWork(result.scenario))}`);
      const tooLarge = budgetProblem(result.scenario, {}, MACHINE_BUDGET, values['allow-large'] === true);
      if (tooLarge !== undefined) {
        io.err(`error: ${tooLarge}`);
        return 1;
      }
      return 0;
    }
    if (command !== 'run' && command !== 'size' && command !== 'backtest')
      throw new UsageError(`unknown command "${command}"`);
    const format = values.format;
    if (format !== 'table' && format !== 'json' && format !== 'csv') {
      throw new UsageError(`--format must be table, json or csv, got "${format}"`);
    }
    const seedText = values.seed;
    const seed = seedText === undefined ? undefined : /^\d+$/.test(seedText) ? Number(seedText) : seedText;
    const replications = wholeNumber('replications', values.replications, 1, 100000);
    const horizonWeeks = wholeNumber('horizon-weeks', values['horizon-weeks'], 1, 520);
    if (command === 'size') {
      if (format === 'csv') throw new UsageError('size prints a table or json');
      const programme = values.programme;
      if (programme === undefined) throw new UsageError('size needs --programme');
      const target = Number(values.target);
      if (values.target === undefined || !Number.isFinite(target) || target < 0) {
        throw new UsageError(`--target must be a number of people a year, 0 or more, got "${values.target ?? ''}"`);
      }
      const maxGroupsPerYear = wholeNumber('max-groups', values['max-groups'], 1, 520);
      const maxConcurrentGroups = wholeNumber('max-concurrent-groups', values['max-concurrent-groups'], 1, 520);
      const maxBeds = wholeNumber('max-beds', values['max-beds'], 1, 5000);
      const result = load(file, io);
      if (!result.ok) return 1;
      const scenario = result.scenario;
      if (refuseLarge(scenario, { seed, replications, horizonWeeks }, values['allow-large'] === true, io)) return 1;
      const establishment = values.establishment ?? scenario.establishments[0]?.id ?? '';
      if (!scenario.establishments.some((e) => e.id === establishment)) {
        throw new UsageError(`no establishment "${establishment}" in ${file}`);
      }
      if (!scenario.programmes.some((p) => p.id === programme)) {
        throw new UsageError(
          `no programme "${programme}" in ${file} (it has ${scenario.programmes.map((p) => p.id).join(', ')})`,
        );
      }
      const site = scenario.establishments.find((e) => e.id === establishment);
      if (
        maxConcurrentGroups !== undefined &&
        site?.programmes.some((d) => d.programme === programme && d.beds !== undefined)
      )
        throw new UsageError(
          `${programme} at ${establishment} is bed-based: size it in beds (--max-beds), not groups at once`,
        );
      const sizing = sizeProgramme(
        scenario,
        {
          establishment,
          programme,
          targetUnmetPerYear: target,
          maxGroupsPerYear,
          maxConcurrentGroups,
          maxBeds,
          ...(values['every-level-in-full'] === true ? { everyLevelInFull: true } : {}),
        },
        { seed, replications, horizonWeeks },
      );
      io.out(format === 'json' ? JSON.stringify(sizing, null, 2) : formatSizing(sizing, scenario));
      return 0;
    }
    const result = load(file, io);
    if (!result.ok) return 1;
    if (refuseLarge(result.scenario, { seed, replications, horizonWeeks }, values['allow-large'] === true, io))
      return 1;
    const precisionTarget = precisionTargetOption(values['precision-target']);
    const precisionScope = precisionScopeOption(values['precision-scope']);
    const results = runScenario(result.scenario, {
      seed,
      replications,
      horizonWeeks,
      ...(precisionTarget === undefined ? {} : { precisionTarget }),
      ...(precisionScope === undefined ? {} : { precisionScope }),
    });
    if (command === 'backtest') {
      io.out(
        format === 'json'
          ? JSON.stringify(backtestJson(results), null, 2)
          : format === 'csv'
            ? backtestCsv(results).trimEnd()
            : formatBacktest(results),
      );
      return 0;
    }
    if (format === 'json') io.out(JSON.stringify(results, null, 2));
    else if (format === 'csv') io.out(resultsCsv(results).trimEnd());
    else io.out(formatTable(results));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      io.err(`error: ${error.message}\n${USAGE}`);
      return 2;
    }
    io.err(`error: the run failed: ${describeRunFailure(error)}`);
    return 1;
  }
}
