/**
 * Treatment history defaults by segment (warmup.ts TreatmentHistoryDefaults): a share of the
 * people a rule names have completed a programme before they come, at the start and on
 * reception, so a follow-on programme (Extended after Core) has need from the first week.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { establishment, programme, scenario, timeLeftPrior } from './scenarioBuilder.js';

const sexual = { attribute: 'offence', in: ['sexual'] };

function build(history: { share: number; when?: object; defaults?: string[] }[], mode: 'running' | 'empty' = 'empty') {
  const s = scenario({
    programmes: [
      programme({ id: 'core' }),
      programme({ id: 'extended', prerequisites: ['core'], eligibility: { completed: 'core' } }),
    ],
    priors: [
      { attribute: 'sentence', shares: { 'det-4y-plus': 1 } },
      { attribute: 'offence', shares: { sexual: 50, violent: 50 } },
    ],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 400,
        population: { tables: [], priors: [timeLeftPrior('2-5y')] },
        programmes: [
          { programme: 'core', groupsPerYear: 0 },
          { programme: 'extended', groupsPerYear: 4 },
        ],
      }),
    ],
    treatmentHistory: history.map((h) => ({
      programme: 'core',
      when: h.when ?? sexual,
      share: h.share,
      ...(h.defaults ? { defaults: h.defaults } : {}),
    })),
    start: { mode },
  });
  return s;
}

function run(history: { share: number; when?: object }[], mode: 'running' | 'empty' = 'empty') {
  return runScenario(build(history, mode), { replications: 4, horizonWeeks: 52 }).establishments[0]!.programmes;
}

describe('treatment history defaults', () => {
  it('with none, nobody has completed Core, so Extended never starts', () => {
    const [core, extended] = run([]);
    expect(core!.starts.mean).toBe(0);
    expect(extended!.joined.mean).toBe(0);
    expect(extended!.starts.mean).toBe(0);
  });

  it('a share of the segment has completed Core: Extended has need and starts from the first week', () => {
    const [core, extended] = run([{ share: 0.5 }]);
    // 200 sex offenders at the start, half with Core done: about 100 waiting in week 0.
    expect(extended!.waitingAtStart.mean + extended!.starts.mean).toBeGreaterThan(80);
    expect(extended!.waitingAtStart.mean).toBeLessThan(125);
    expect(extended!.starts.mean).toBeGreaterThan(0);
    // Those with Core done (about 100 of the 400 Core applies to) do not need it again.
    expect(core!.joined.mean).toBeLessThan(run([])[0]!.joined.mean - 80);
  });

  it('the results say where the opening history came from: the rules, their default shares, the warm-up', () => {
    const empty = runScenario(
      build([
        { share: 0.5, defaults: ['share'] },
        { share: 0.2, when: { always: true } },
      ]),
      {
        replications: 1,
        horizonWeeks: 4,
      },
    ).start;
    expect(empty.mode).toBe('empty');
    expect(empty.treatmentHistory).toMatchObject({ rules: 2, defaultShares: 1, fromWarmup: false });
    expect(empty.treatmentHistory.note).toContain('2 rules');
    expect(empty.treatmentHistory.note).toContain('1 of the shares are an editable default');
    expect(empty.treatmentHistory.note).toContain('no warm-up: that is all the history');
    const none = runScenario(build([]), { replications: 1, horizonWeeks: 4 }).start.treatmentHistory;
    expect(none).toMatchObject({ rules: 0, defaultShares: 0, fromWarmup: false });
    expect(none.note).toContain('nobody has completed a programme at the start');
    const running = runScenario(build([{ share: 0.5, defaults: ['share'] }], 'running'), {
      replications: 1,
      horizonWeeks: 4,
    }).start;
    expect(running.treatmentHistory).toMatchObject({ rules: 1, defaultShares: 1, fromWarmup: true });
    expect(running.treatmentHistory.note).toContain(`warm-up's ${running.warmupWeeks} weeks`);
    expect(running.treatmentHistory.note).toContain('every share is an editable default');
  });

  it('applies only to the segment its rule names, and carries through a running start', () => {
    const violentOnly = run([{ share: 1, when: { attribute: 'offence', in: ['violent'] } }]);
    expect(violentOnly[1]!.joined.mean).toBeGreaterThan(150);
    const running = run([{ share: 0.5 }], 'running');
    expect(running[1]!.starts.mean).toBeGreaterThan(0);
  });
});
