import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/results/csv.js';
import { resultRows, resultsCsv } from '../../src/results/tabular.js';
import type { ProgrammeResult } from '../../src/results/types.js';
import { runScenario } from '../../src/engine/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { fixtureWith } from '../scenario/helpers.js';

describe('the one CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+cmd|/C calc!A0', "'+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['@region', "'@region"],
    ['\tindented', "'\tindented"],
    ['\rcarriage', `"'\rcarriage"`],
  ])('makes text starting with a formula character inert: %j', (text, written) => {
    expect(csvField(text)).toBe(written);
  });

  it('writes numbers as numbers, negative ones included, and no NaN or Infinity', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(1.25)).toBe('1.25');
    expect(csvField(1 / 3, { decimals: 4 })).toBe('0.3333');
    expect(csvField(-0.00001, { decimals: 4 })).toBe('0');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.NEGATIVE_INFINITY)).toBe('');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and leaves plain text alone', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1.5, null],
          ['TSP', true],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\nTSP,true\r\n');
  });

  it('neutralises hostile programme and prison names in the command line results CSV', () => {
    const doc = fixtureWith({
      'programmes[0].name': '=HYPERLINK("http://evil","x")',
      'establishments[0].name': '+cmd|/C calc!A0',
    });
    const loaded = loadScenario(doc);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const csv = resultsCsv(runScenario(loaded.scenario, { replications: 2, horizonWeeks: 10 }));
    for (const line of csv.split('\r\n')) {
      for (const field of line.split(',')) expect(field).not.toMatch(/^"?[=+@\t\r]/);
    }
  });
});

describe('the results CSV', () => {
  it("carries a running start's opening state, so its balances can be read from the rows", () => {
    const loaded = loadScenario(fixtureWith({ start: { mode: 'running', warmupWeeks: 30 } }));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const results = runScenario(loaded.scenario, { replications: 3, horizonWeeks: 26 });
    const rows = resultRows(results);
    const p = results.establishments[0]!.programmes[0]!;
    const mean = (metric: string) =>
      rows.find((r) => r.scope === 'establishment' && r.subject === p.programme && r.metric === metric)!.mean;
    expect(mean('waitingAtStart')).toBe(p.waitingAtStart.mean);
    expect(mean('inProgressAtStart')).toBeGreaterThan(0);
    expect(mean('reReferredAtStart')).toBe(p.reReferredAtStart.mean);
    expect(mean('starts') + mean('inProgressAtStart')).toBeCloseTo(
      mean('completions') + mean('nonCompletions') + mean('inProgressAtEnd'),
      9,
    );
    // Results saved before these fields existed still write, without their rows.
    const saved = structuredClone(results);
    for (const e of saved.establishments)
      for (const q of e.programmes) delete (q as Partial<ProgrammeResult>).reReferredAtStart;
    expect(resultRows(saved).some((r) => r.metric === 'reReferredAtStart')).toBe(false);
    expect(resultRows(saved).filter((r) => r.metric === 'waitingAtStart').length).toBeGreaterThan(0);
  });
});
