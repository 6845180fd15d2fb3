import { describe, expect, it } from 'vitest';
import type { SizingResult, SizingStep, Stat } from '../../src/index.js';
import { answerSentence, sizingCsv, sortedSteps } from '../../web/results/sizing.js';

const s = (mean: number, p5: number, p95: number): Stat => ({ mean, p5, p50: mean, p95 });
const step = (groups: number, unmet: Stat): SizingStep => ({
  groupsPerYear: groups,
  placesPerYear: groups * 9,
  startsPerYear: s(groups * 9, groups * 9 - 4, groups * 9 + 3),
  unmetNeedPerYear: unmet,
  waitingAtEnd: s(2, 0, 5),
});

const steps = [step(26, s(31, 25, 38)), step(17, s(20, 14, 26)), step(16, s(22.5, 16, 29))];
const sized: SizingResult = {
  establishment: 'stafford',
  programme: 'resolve',
  targetUnmetPerYear: 20,
  answer: steps[1]!,
  steps,
};

describe('a sizing in words and as CSV', () => {
  it('states the answer with its places, starts and interval against the target', () => {
    expect(answerSentence(sized, 52)).toBe(
      '17 groups a year (153 places, 153 starts a year) keep unmet need at 20.0 (14.0–26.0) a year, at or under the target of 20.',
    );
    const one = { ...sized, answer: step(1, s(0.5, 0, 1)) };
    expect(answerSentence(one, 52)).toMatch(/^1 group a year \(9 places, 9 starts a year\) keeps unmet need/);
  });

  it('says when no level up to the maximum meets the target, and how far the maximum falls short', () => {
    const none: SizingResult = { ...sized, answer: null, steps: [step(52, s(8.6, 5.5, 12))] };
    expect(answerSentence(none, 52)).toBe(
      'No level up to 52 groups a year meets the target. At 52, unmet need is 8.6 (5.5–12.0) a year, over the target of 20.',
    );
  });

  it('lists levels in order of groups, in the table and its CSV, marking the one answer', () => {
    expect(sortedSteps(sized).map((x) => x.groupsPerYear)).toEqual([16, 17, 26]);
    const lines = sizingCsv(sized).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^stafford,resolve,16,144,/);
    expect(lines.map((l) => l.split(',').slice(-2).join(','))).toEqual([
      'meets_target,answer',
      'false,false',
      'true,true',
      'false,false',
    ]);
  });
});
