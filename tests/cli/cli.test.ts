/**
 * The command line (cli/main.ts), called in-process with a capturing io, plus one run of the
 * real binary (bin/placewise.mjs) to prove it starts and reports a bad file without a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCENARIO, main } from '../../cli/main.js';
import type { Results } from '../../src/index.js';

// Runs of the built-in scenarios include their warm-up (a running start): seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAFFORD = join(ROOT, 'scenarios/stafford-2014.json');

interface Captured {
  code: number;
  out: string;
  err: string;
  outCalls: number;
}

function cli(...argv: string[]): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), outCalls: out.length };
}

/** A line of a Node stack trace ("    at fn (file:line:col)"). */
const STACK_LINE = /^\s+at /m;

const dir = mkdtempSync(join(tmpdir(), 'placewise-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tempFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const staffordDoc = () =>
  JSON.parse(readFileSync(STAFFORD, 'utf8')) as Record<string, unknown> & {
    programmes: Record<string, unknown>[];
  };

const malformed = tempFile('malformed.json', '{ "schemaVersion": 1, "name": "broken",\n  "programmes": [ }\n');
const negativeGroupSize = tempFile(
  'negative-group-size.json',
  JSON.stringify(
    (() => {
      const doc = staffordDoc();
      doc.programmes[0]!.groupSize = -4;
      return doc;
    })(),
  ),
);
const missing = join(dir, 'no-such-scenario.json');
const twoPrisons = tempFile(
  'two-prisons.json',
  JSON.stringify(
    (() => {
      const doc = staffordDoc() as ReturnType<typeof staffordDoc> & { establishments: Record<string, unknown>[] };
      doc.establishments.push({ ...doc.establishments[0]!, id: 'stafford-b', name: 'HMP Stafford (copy)' });
      return doc;
    })(),
  ),
);

// Small runs: a few replications, and half a year where the horizon does not matter.
const FAST = ['--replications', '3', '--horizon-weeks', '26'];

describe('placewise run', () => {
  it('with no file runs the built-in Stafford scenario and prints a table', () => {
    expect(DEFAULT_SCENARIO).toBe(STAFFORD);
    const r = cli('run', ...FAST);
    expect(r.code).toBe(0);
    expect(r.out).toContain('HMP Stafford');
    expect(r.out).toContain('Thinking Skills Programme');
    expect(r.out).not.toMatch(STACK_LINE);
  });

  it('prints offender management: who holds the cases, POM FTE required against in post, and the defaults behind it', () => {
    const r = cli('run', ...FAST);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Offender management \(OMiC\).*POM-led \d+ \(\d+-\d+\), COM-led \d+/);
    expect(r.out).toMatch(/POM FTE required [\d.]+ \([\d.]+-[\d.]+\), in post 10\.5 .*shortfall/);
    expect(r.out).toMatch(
      /These rest on defaults no source gives: POM FTE in post;.*minutes per task \(OASys assessment/,
    );
  });

  it('shows the completions variance beside the starts variance, and completions by planned segment', () => {
    const r = cli('run', ...FAST);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const header = lines.find((l) => l.startsWith('Programme'))!;
    expect(header).toMatch(/Agreed starts \(variance\/yr\)\s+Agreed completions \(variance\/yr\)$/);
    // The list a running start hands over is shown on its own, so a year's joiners are not read as the stock.
    expect(header).toMatch(/^Programme\s+Waiting at start\s+Joined, incl\. at start\s+Starts/);
    // Stafford's Table 5: TSP 80 starts, 72 completions, each with its variance a year.
    const tsp = lines.find((l) => l.startsWith('Thinking Skills Programme'))!;
    expect(tsp).toMatch(/ 80 \([+-]\d+\.\d( MATERIAL)?\)\s+72 \([+-]\d+\.\d( MATERIAL)?\)$/);
    // Table 4b's plan: 18 TSP completions from sex offenders, 54 from violent offenders.
    expect(r.out).toContain('Completions by planned segment');
    expect(
      lines.some((l) => /^ {2}Thinking Skills Programme \(TSP\), Sex offenders: .*planned 18, variance [+-]\d/.test(l)),
    ).toBe(true);
    expect(
      lines.some((l) =>
        /^ {2}Thinking Skills Programme \(TSP\), Violent offenders: .*planned 54, variance [+-]\d/.test(l),
      ),
    ).toBe(true);
  });

  it('--format json prints one JSON document with starts {mean, p5, p50, p95} per programme', () => {
    const r = cli('run', STAFFORD, ...FAST, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.outCalls).toBe(1);
    const results = JSON.parse(r.out) as Results;
    expect(results.scenario).toBe('HMP Stafford 2014-15');
    const programmes = results.establishments[0]!.programmes;
    expect(programmes.length).toBeGreaterThan(0);
    for (const p of programmes) {
      expect(Object.keys(p.starts).sort(), p.programme).toEqual(['mean', 'p5', 'p50', 'p95']);
      for (const v of Object.values(p.starts)) expect(typeof v).toBe('number');
    }
    expect(programmes.find((p) => p.programme === 'tsp')!.starts.mean).toBeGreaterThan(0);
  });

  it('--precision-target ends the run at the first 10th replication within it, and says so; none runs them all', () => {
    const within = cli('run', STAFFORD, '--replications', '200', '--horizon-weeks', '26', '--precision-target', '25%');
    expect(within.code).toBe(0);
    const line =
      /^Stopped at (\d+) of the 200 replications asked for: the means are within ±([\d.]+)% \(target ±25%, checked every 10 replications\)\.$/m.exec(
        within.out,
      );
    expect(line, within.out.slice(0, 2000)).not.toBeNull();
    expect(Number(line![1]) % 10).toBe(0);
    expect(Number(line![2])).toBeLessThanOrEqual(25);
    expect(within.out).toMatch(new RegExp(`, ${line![1]} replications, seed `));
    // The file's own target, set aside.
    const file = tempFile('with-target.json', JSON.stringify({ ...staffordDoc(), precisionTarget: 0.25 }));
    const all = cli('run', file, ...FAST, '--precision-target', 'none', '--format', 'json');
    const results = JSON.parse(all.out) as Results;
    expect(results.replications).toBe(3);
    expect(results.precisionTarget).toBeUndefined();
    const bad = cli('run', STAFFORD, ...FAST, '--precision-target', '0.01');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--precision-target must be a percentage from 0\.1 to 50, or none, got "0\.01"/);
  });

  it("--precision-scope every-establishment asks the target of each establishment's means", () => {
    const args = ['--replications', '40', '--horizon-weeks', '26', '--precision-target', '50%', '--format', 'json'];
    const every = JSON.parse(
      cli('run', twoPrisons, ...args, '--precision-scope', 'every-establishment').out,
    ) as Results;
    expect(every.precisionTarget).toMatchObject({ target: 0.5, scope: 'everyEstablishment' });
    expect(['stafford', 'stafford-b']).toContain(every.precisionTarget!.widest!.establishment);
    const region = JSON.parse(cli('run', twoPrisons, ...args, '--precision-scope', 'region').out) as Results;
    expect(region.precisionTarget).toMatchObject({ target: 0.5, scope: 'region' });
    expect(region.precisionTarget!.widest!.establishment).toBeUndefined();
    const bad = cli('run', twoPrisons, ...FAST, '--precision-scope', 'prison');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--precision-scope must be region or every-establishment, got "prison"/);
  });

  it('--format csv prints the header and one row per statistic', () => {
    const r = cli('run', ...FAST, '--format', 'csv');
    expect(r.code).toBe(0);
    // RFC 4180 line ends (CRLF) or plain newlines are both fine.
    const lines = r.out.split(/\r?\n/);
    expect(lines[0]).toBe('scope,establishment,subject,metric,mean,p5,p50,p95');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines.slice(1)) expect(line.split(',').length, line).toBe(8);
    expect(lines.some((l) => l.startsWith('establishment,stafford,tsp,starts,'))).toBe(true);
  });

  it('--format csv adds region rows when a file has more than one establishment', () => {
    const r = cli('run', twoPrisons, ...FAST, '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.split(/\r?\n/);
    expect(lines.some((l) => l.startsWith('establishment,stafford-b,tsp,starts,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('region,region,tsp,starts,'))).toBe(true);
  });

  it('gives identical JSON for the same seed, and different draws for another seed', () => {
    const a = cli('run', ...FAST, '--format', 'json', '--seed', '7');
    const b = cli('run', ...FAST, '--format', 'json', '--seed', '7');
    const c = cli('run', ...FAST, '--format', 'json', '--seed', '8');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const withoutSeed = (text: string) => JSON.stringify({ ...(JSON.parse(text) as Results), seed: '' });
    expect(withoutSeed(c.out)).not.toBe(withoutSeed(a.out));
    expect((JSON.parse(a.out) as Results).seed).toBe('7');
  });

  it('--replications sets the number of replications', () => {
    const r = cli('run', '--replications', '3', '--horizon-weeks', '13', '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Results).replications).toBe(3);
  });

  it('--horizon-weeks sets the horizon', () => {
    const r = cli('run', '--replications', '2', '--horizon-weeks', '26', '--format', 'json');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.out) as Results;
    expect(results.weeks).toBe(26);
    expect(results.establishments[0]!.programmes[0]!.series.waiting.mean).toHaveLength(26);
  });

  it('reports a file with errors and does not run it (exit 1, field path, no stack trace)', () => {
    const r = cli('run', negativeGroupSize, ...FAST);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('programmes[0].groupSize');
    expect(r.err).not.toMatch(STACK_LINE);
  });
});

describe('placewise validate', () => {
  it('accepts a good file (exit 0)', () => {
    const r = cli('validate', STAFFORD);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid/);
    // Warnings are shown but do not fail validation: Stafford's 712 against 741.
    expect(r.err).toContain('29 fewer');
  });

  it('rejects malformed JSON, saying where (non-zero, no stack trace)', () => {
    const r = cli('validate', malformed);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/JSON/);
    expect(r.err).toMatch(/line 2/);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('rejects a negative groupSize, naming the field path (non-zero, no stack trace)', () => {
    const r = cli('validate', negativeGroupSize);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('programmes[0].groupSize');
    expect(r.err).toContain('-4');
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('rejects a missing file, naming it (non-zero, no stack trace)', () => {
    const r = cli('validate', missing);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(missing);
    expect(r.err).toMatch(/no such file/);
    expect(r.err).not.toMatch(STACK_LINE);
  });
});

describe('usage errors exit 2 with the usage text', () => {
  it.each([
    ['an unknown command', ['frobnicate']],
    ['a bad --format', ['run', '--format', 'xml']],
    ['a bad --replications (zero)', ['run', '--replications', '0']],
    ['a bad --replications (not a number)', ['run', '--replications', 'many']],
    ['a bad --horizon-weeks', ['run', '--horizon-weeks', '1.5']],
    ['an unknown option', ['run', '--bogus']],
    ['an extra argument', ['run', STAFFORD, 'extra.json']],
    [
      'a value given to --every-level-in-full',
      ['size', '--programme', 'tsp', '--target', '5', '--every-level-in-full=yes'],
    ],
    ['no command', []],
  ])('%s', (_name, argv) => {
    const r = cli(...argv);
    expect(r.code).toBe(2);
    expect(`${r.out}\n${r.err}`).toContain('Usage:');
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('--help prints the usage and exits 0', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage:');
  });
});

describe('the placewise binary', () => {
  it('validates a bad file: non-zero exit, the field path on stderr, no stack trace', () => {
    const r = spawnSync(process.execPath, ['bin/placewise.mjs', 'validate', negativeGroupSize], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('programmes[0].groupSize');
    expect(r.stderr).not.toMatch(STACK_LINE);
  }, 60_000);
});

describe('placewise size', () => {
  type Sized = {
    answer: { groupsPerYear: number; sustainedUnmetPerYear: { mean: number }; concurrentGroups: number } | null;
    clearing: { waitingAtStart: { mean: number }; places: number; groups: number; yearsToClear: number | null };
    limit: { maxGroupsPerYear: number; binds: boolean; groupsPerYearWithoutLimit: number | null } | null;
    targetReasons: string[];
    groupSize: number;
  };

  it('reports the one-off to clear the list apart from the groups a year that sustain the flow', () => {
    const r = cli('size', '--programme', 'resolve', '--target', '5', '--replications', '5', '--format', 'json');
    expect(r.code).toBe(0);
    const sizing = JSON.parse(r.out) as Sized;
    expect(sizing.answer).not.toBeNull();
    expect(sizing.answer!.sustainedUnmetPerYear.mean).toBeLessThanOrEqual(5);
    expect(sizing.clearing.places).toBe(Math.ceil(sizing.clearing.waitingAtStart.mean));
    expect(sizing.clearing.groups).toBe(Math.ceil(sizing.clearing.places / sizing.groupSize));
    expect(sizing.targetReasons.length).toBeGreaterThan(0);
    expect(sizing.limit).toBeNull();
  }, 60_000);

  it('prints both parts, the chance of meeting the target and the levels tried', () => {
    const r = cli('size', '--programme', 'resolve', '--target', '5', '--replications', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /Clearing the list \(once\): [\d.]+ \([\d.]+-[\d.]+\) waiting at the start need \d+ places, \d+ groups of 10\./,
    );
    expect(r.out).toMatch(/Sustaining the flow: \d+ groups a year \(\d+ places\)/);
    expect(r.out).toMatch(/Chance of meeting the target: \d+% of replications at or under 5\./);
    expect(r.out).toMatch(/Groups a year +At once/);
    // Today's 2 groups a year of RESOLVE at Stafford, tried first and marked so.
    expect(r.out).toMatch(/^2 (\* )?\(today\) /m);
    expect(r.out).toMatch(/^\* the answer; \(today\) today's provision, tried first;/m);
  }, 60_000);

  it('says when a limit on groups at once binds, and what sustaining needs without it', () => {
    const free = JSON.parse(
      cli('size', '--programme', 'tsp', '--target', '5', '--replications', '5', '--format', 'json').out,
    ) as Sized;
    const needed = free.answer!.groupsPerYear;
    expect(free.answer!.concurrentGroups).toBeGreaterThan(1);
    const args = ['size', '--programme', 'tsp', '--target', '5', '--replications', '5', '--max-concurrent-groups'];
    const tight = free.answer!.concurrentGroups - 1;
    const bound = JSON.parse(cli(...args, String(tight), '--format', 'json').out) as Sized;
    expect(bound.answer).toBeNull();
    expect(bound.limit).toMatchObject({ binds: true, groupsPerYearWithoutLimit: needed });
    const text = cli(...args, String(tight)).out;
    expect(text).toMatch(new RegExp(`LIMIT BINDS: at most ${tight} groups at once allow \\d+ groups a year, too few`));
    expect(text).toMatch(new RegExp(`without it, ${needed} groups a year`));
  }, 120_000);

  it('sizes a bed-based programme in beds, with the chance of meeting the target', () => {
    const wymott = join(ROOT, 'scenarios/wymott-2014.json');
    const args = ['size', wymott, '--programme', 'tc', '--target', '10', '--replications', '3', '--max-beds', '120'];
    const json = JSON.parse(cli(...args, '--format', 'json').out) as Sized & {
      unit: string;
      currentBeds: number;
      answer: { beds: number; groupsPerYear: number } | null;
    };
    expect(json.unit).toBe('beds');
    expect(json.currentBeds).toBe(70);
    expect(json.answer!.groupsPerYear).toBe(0);
    expect(json.answer!.beds).toBeGreaterThan(0);
    expect(json.answer!.sustainedUnmetPerYear.mean).toBeLessThanOrEqual(10);
    const text = cli(...args).out;
    expect(text).toMatch(/Now 70 beds, rolling intake, mean stay [\d.]+ weeks/);
    expect(text).toMatch(new RegExp(`Sustaining the flow: ${json.answer!.beds} beds \\(\\d+ places a year\\)`));
    expect(text).toMatch(/Chance of meeting the target: \d+% of replications at or under 10\./);
    expect(text).toMatch(/^Beds +Places/m);
    const groupsAtOnce = cli(...args, '--max-concurrent-groups', '2');
    expect(groupsAtOnce.code).toBe(2);
    expect(groupsAtOnce.err).toMatch(/bed-based: size it in beds/);
  }, 120_000);

  it('refuses a missing or unknown programme and a bad target or limit with usage, exit 2', () => {
    expect(cli('size', '--target', '3').code).toBe(2);
    const unknown = cli('size', '--programme', 'nope', '--target', '3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no programme "nope"/);
    expect(cli('size', '--programme', 'tsp', '--target', '-1').code).toBe(2);
    const limit = cli('size', '--programme', 'tsp', '--target', '3', '--max-concurrent-groups', '0');
    expect(limit.code).toBe(2);
    expect(limit.err).toMatch(/--max-concurrent-groups must be a whole number from 1 to 520, got "0"/);
    expect(STACK_LINE.test(unknown.err)).toBe(false);
  });
});

describe('placewise backtest', () => {
  const WYMOTT = join(ROOT, 'scenarios/wymott-2014.json');
  const FAST_BACKTEST = ['--replications', '3', '--horizon-weeks', '26'];

  it("prints Wymott's TSP completions against the projection, band by band, with the period it covers", () => {
    const r = cli('backtest', WYMOTT, ...FAST_BACKTEST);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/HMP Wymott\s+Thinking Skills Programme \(TSP\)\s+all\s+completions\s+117\s/);
    for (const band of ['0-24', '25-49', '50-74', '75-89', '90-100']) expect(r.out).toContain(`OGRS ${band}`);
    expect(r.out).toContain('actual is for 2013-04-01 to 2014-03-31');
    expect(r.out).toContain('Annual Operating Price (whole establishment, not its programmes) £18,811,910 a year');
  });

  it('writes the same rows as JSON and as CSV', () => {
    const json = cli('backtest', WYMOTT, ...FAST_BACKTEST, '--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as Pick<Results, 'backtest' | 'cost' | 'weeks'>;
    expect(doc.weeks).toBe(26);
    expect(doc.backtest.rows).toHaveLength(6);
    const whole = doc.backtest.rows[0];
    expect(whole.error).toBeCloseTo(whole.projected.mean - 117, 9);
    expect(doc.cost.establishments[0].annualOperatingPrice).toBe(18811910);
    const csv = cli('backtest', WYMOTT, ...FAST_BACKTEST, '--format', 'csv');
    const lines = csv.out.split('\r\n');
    expect(lines[0]).toBe(
      'establishment,programme,segment,measure,actual,projected_mean,projected_p5,projected_p95,error,absolute_error,percent_error,inside_interval,period_from,period_to,period_note,source',
    );
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^HMP Wymott,Thinking Skills Programme \(TSP\),all,completions,117,/);
  });

  it("run's table says what the operating price covers, over the window", () => {
    const r = cli('run', STAFFORD, '--replications', '2', '--horizon-weeks', '13');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'HMP Stafford: Annual Operating Price (whole establishment, not its programmes) £11,508,731 a year; £2,877,183 over the 13-week window',
    );
  });

  it('says so when a scenario gives no actual volumes', () => {
    const r = cli('backtest', STAFFORD, '--replications', '2', '--horizon-weeks', '13');
    expect(r.code).toBe(0);
    expect(r.out).toContain('No actual volumes in this scenario');
    expect(r.out).toContain('£11,508,731');
  });
});
