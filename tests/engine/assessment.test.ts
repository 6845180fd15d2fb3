/**
 * The assessment funnel (assessment.ts): referred -> assessed -> suitable / not ready / not
 * suitable, reassessment of the not ready, re-referral after a drop-out.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { Assessed, assessmentOutcome, compileAssessment } from '../../src/engine/assessment.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

/** Within k standard errors of a binomial mean of n trials at rate p, over R replications. */
function expectBinomialMean(observed: number, n: number, p: number, replications: number, k = 4): void {
  const se = Math.sqrt((n * p * (1 - p)) / replications);
  expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(k * se + 1e-9);
}

/**
 * Everyone in a 30-place prison starts TSP (one group of 30, `groupsPerYear` a year) and drops out
 * by week 4 (completion rate 0); `reReferralShare` of them are referred again 5 weeks later.
 */
function dropOuts(
  reReferralShare: number,
  groupsPerYear: number,
  more: {
    programmes?: ReturnType<typeof programme>[];
    needs?: NonNullable<Parameters<typeof scenario>[0]>['needs'];
  } = {},
) {
  return scenario({
    start: { mode: 'empty' },
    programmes: [
      programme({
        id: 'tsp',
        durationWeeks: 4,
        completionRate: 0,
        assessment: { suitable: 1, reReferralShare, reReferralAfterWeeks: 5 },
      }),
      ...(more.programmes ?? []),
    ],
    ...(more.needs ? { needs: more.needs } : {}),
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 30,
        programmes: [{ programme: 'tsp', groupsPerYear, groupSize: 30 }],
      }),
    ],
  });
}

describe('the assessment funnel', () => {
  it('maps an old file’s suitabilityRate to suitable and not suitable, nobody not ready', () => {
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', suitabilityRate: 0.35 })],
      establishments: [establishment({ id: 'a', operationalCapacity: 400 })],
    });
    const R = 100;
    const r = runScenario(s, { replications: R, horizonWeeks: 4 }).establishments[0]!.programmes[0]!;
    expect(r.funnel.referred.mean).toBe(400);
    expect(r.funnel.assessed.mean).toBe(400);
    expect(r.funnel.notReady.mean).toBe(0);
    expectBinomialMean(r.funnel.suitable.mean, 400, 0.35, R);
    expect(r.funnel.suitable.mean + r.funnel.notSuitable.mean).toBe(400);
    // The suitable are exactly those who joined (an opening population's not suitable are not
    // counted as unmet: their history before the window is not known).
    expect(r.funnel.suitable.mean).toBe(r.joined.mean);
    expect(r.unmetByReason.deselectedOrNotSuitable.mean).toBe(0);
  });

  it('counts those found not suitable after the opening as unmet need, deselected or not suitable', () => {
    // Short stays: receptions replace departures, each assessed on arrival.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', suitabilityRate: 0.4 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 200,
          population: { tables: [], priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 1 } }] },
        }),
      ],
    });
    const r = runScenario(s, { replications: 5, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    const reason = r.unmetByReason.deselectedOrNotSuitable.mean;
    expect(reason).toBeGreaterThan(100);
    // Every not-suitable assessment but the opening population's (about 0.6 x 200).
    expect(r.funnel.notSuitable.mean - reason).toBeGreaterThan(80);
    expect(r.funnel.notSuitable.mean - reason).toBeLessThan(160);
  });

  it('splits the assessed by the shares given and reassesses the not ready after the delay', () => {
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [
        programme({
          id: 'sotp',
          assessment: { suitable: 0.5, notReady: 0.2, deniers: 0.1, refusers: 0.05, reassessAfterWeeks: 10 },
        }),
      ],
      establishments: [establishment({ id: 'a', operationalCapacity: 1000 })],
    });
    const R = 50;
    // 15 weeks: one reassessment (week 10); a second (week 20) falls after the horizon.
    const r = runScenario(s, { replications: R, horizonWeeks: 15 }).establishments[0]!.programmes[0]!;
    const f = r.funnel;
    expect(f.referred.mean).toBe(1000);
    expectBinomialMean(f.reassessed.mean, 1000, 0.2, R);
    expectBinomialMean(f.deniers.mean, 1000 + 200, 0.1, R, 6);
    expectBinomialMean(f.refusers.mean, 1000 + 200, 0.05, R, 6);
    // Suitable at the first assessment, or at the second: 0.5 + 0.2 x 0.5.
    expectBinomialMean(f.suitable.mean, 1000, 0.6, R, 6);
    expect(f.assessed.mean).toBeCloseTo(f.suitable.mean + f.notReady.mean + f.notSuitable.mean, 9);
    // Joined: the suitable, and those found not suitable at week 10 (unmet at once).
    expect(r.joined.mean).toBeCloseTo(f.suitable.mean + r.unmetByReason.deselectedOrNotSuitable.mean, 9);
  });

  it('refers drop-outs again after the delay, or counts them unmet as deselected', () => {
    const run = (reReferralShare: number) =>
      runScenario(dropOuts(reReferralShare, 1), { replications: 3, horizonWeeks: 20 }).establishments[0]!
        .programmes[0]!;
    const again = run(1);
    expect(again.starts.mean).toBe(30);
    expect(again.nonCompletions.mean).toBe(30);
    expect(again.funnel.reReferred.mean).toBe(30);
    expect(again.funnel.referred.mean).toBe(60);
    expect(again.joined.mean).toBe(60);
    expect(again.funnel.deselected.mean).toBe(0);
    const never = run(0);
    expect(never.funnel.referred.mean).toBe(30);
    expect(never.funnel.deselected.mean).toBe(30);
    // Unmet need by reason (unmetReasons.ts): joined and unmet again, so the identities hold.
    expect(never.unmetByReason.deselectedOrNotSuitable.mean).toBe(30);
    expect(never.joined.mean).toBe(60);
  });

  it('refers a drop-out again when his programme meets a declared need, counting the need once', () => {
    // Everyone starts TSP (an alternative of a declared need with RESOLVE) in week 0 and drops
    // out by week 4; all are referred again 5 weeks later and start the second group. The need
    // was met by the first start, so the ledger counted it started: that must not shut the re-
    // referred man out of his own programme's list, nor count his need again.
    const run = (reReferralShare: number) =>
      runScenario(
        dropOuts(reReferralShare, 4, {
          programmes: [programme({ id: 'resolve', durationWeeks: 4 })],
          needs: [{ id: 'violence', name: 'Violence', stages: [{ alternatives: ['tsp', 'resolve'] }] }],
        }),
        // 18 weeks: the second group's drop-outs (weeks 14-17) would be referred after it ends.
        { replications: 3, horizonWeeks: 18 },
      ).establishments[0]!;
    const again = run(1);
    const tsp = again.programmes[0]!;
    expect(tsp.funnel.reReferred.mean).toBe(30);
    expect(tsp.funnel.referred.mean).toBe(60);
    // Two courses each: the first group (week 0) and the second (week 13).
    expect(tsp.starts.mean).toBe(60);
    expect(tsp.joined.mean).toBe(60);
    expect(tsp.joined.mean).toBe(tsp.starts.mean + tsp.unmetNeed.mean + tsp.waitingAtEnd.mean);
    // The need: 30 men, each counted once, started.
    const need = again.needs.find((n) => n.need === 'violence')!;
    expect(need.joined.mean).toBe(30);
    expect(need.starts.mean).toBe(30);
    expect(need.unmetNeed.mean).toBe(0);
    expect(need.waitingAtEnd.mean).toBe(0);
    const never = run(0);
    expect(never.programmes[0]!.funnel.deselected.mean).toBe(30);
    expect(never.needs.find((n) => n.need === 'violence')!.joined.mean).toBe(30);
  });

  it('gives a re-referred man’s new course a fresh draw: completions stay at the completion rate', () => {
    // Everyone drops out or completes at 0.5; drop-outs are all referred again a week later and
    // start at the next group (every 4 weeks). Were the draw the same, they would all drop out again.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [
        programme({
          id: 'tsp',
          durationWeeks: 4,
          completionRate: 0.5,
          assessment: { suitable: 1, reReferralShare: 1, reReferralAfterWeeks: 1 },
        }),
      ],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 200,
          programmes: [{ programme: 'tsp', groupsPerYear: 13, groupSize: 200 }],
        }),
      ],
    });
    const r = runScenario(s, { replications: 20, horizonWeeks: 40 }).establishments[0]!.programmes[0]!;
    expect(r.funnel.reReferred.mean).toBeGreaterThan(150);
    const ended = r.completions.mean + r.nonCompletions.mean;
    // About 400 courses end a replication: a binomial share's standard error over 20 is under 0.006.
    expect(Math.abs(r.completions.mean / ended - 0.5)).toBeLessThan(0.03);
  });

  it('draws outcomes in the order suitable, not ready, deniers, refusers, others', () => {
    const a = compileAssessment({
      suitabilityRate: 1,
      assessment: {
        suitable: 0.5,
        notReady: 0.2,
        deniers: 0.1,
        refusers: 0.1,
        reassessAfterWeeks: 26,
        reReferralShare: 0,
        reReferralAfterWeeks: 26,
      },
    });
    expect([0.1, 0.6, 0.75, 0.85, 0.95].map((u) => assessmentOutcome(a, u))).toEqual([
      Assessed.Suitable,
      Assessed.NotReady,
      Assessed.Denier,
      Assessed.Refuser,
      Assessed.NotSuitable,
    ]);
  });

  it('refuses shares that add up to more than all of those assessed, naming the field', () => {
    const s = scenario();
    const input = JSON.parse(JSON.stringify(s)) as Record<string, unknown> & { programmes: Record<string, unknown>[] };
    input.programmes[0]!.assessment = { suitable: 0.8, notReady: 0.3 };
    const loaded = loadScenario(input);
    expect(loaded.ok).toBe(false);
    const text = JSON.stringify(loaded);
    expect(text).toContain('programmes[0].assessment');
    expect(text).toContain('more than 1');
  });
});
