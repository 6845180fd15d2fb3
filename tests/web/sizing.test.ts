import { describe, expect, it } from 'vitest';
import type { SizingResult, SizingStep, Stat } from '../../src/index.js';
import { answerSentence, borderlineReasons, sizingCsv, sizingSplit, sortedSteps } from '../../web/results/sizing.js';

const s = (mean: number, p5: number, p95: number): Stat => ({ mean, p5, p50: mean, p95 });
const step = (groups: number, unmet: Stat): SizingStep => ({
  groupsPerYear: groups,
  placesPerYear: groups * 9,
  startsPerYear: s(groups * 9, groups * 9 - 4, groups * 9 + 3),
  unmetNeedPerYear: unmet,
  waitingAtEnd: s(2, 0, 5),
  fixableUnmetPerYear: unmet,
  sustainedUnmetPerYear: unmet,
  crossesTarget: unmet.p5 <= 20 && 20 < unmet.p95,
  concurrentGroups: Math.ceil((groups * 12) / 52),
});

const steps = [step(26, s(31, 25, 38)), step(17, s(20, 14, 26)), step(16, s(22.5, 16, 29))];
const sized: SizingResult = {
  establishment: 'stafford',
  programme: 'resolve',
  targetUnmetPerYear: 20,
  answer: steps[1]!,
  steps,
  maxGroupsPerYear: 52,
  targetReasons: ['unmetByDeparture', 'unmetByTimeLeft'],
  groupSize: 9,
  durationWeeks: 12,
  currentGroupsPerYear: 2,
  clearing: { waitingAtStart: s(60, 50, 70), places: 60, groups: 7, yearsToClear: null },
  limit: null,
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

describe('the answer split, its chance and whether it is borderline', () => {
  const withParts = (x: SizingStep, share: number): SizingStep => ({
    ...x,
    shareMeetingTarget: share,
    joiningPerYear: s(120, 110, 130),
    waitingAtStart: s(60, 50, 70),
  });
  const parts = [withParts(step(16, s(22.5, 16, 29)), 0.3), withParts(step(17, s(20, 14, 26)), 0.55)];
  const sizedParts: SizingResult = { ...sized, answer: parts[1]!, steps: parts, weeks: 104 };

  it('splits the answer into clearing the list at the start and sustaining each year, from the run', () => {
    const split = sizingSplit(sizedParts, parts[1]!)!;
    expect(split.groupSize).toBe(9);
    expect(split.horizonYears).toBe(2);
    // 60 waiting at the start over two years; 120 joining a year less the 20 the target allows.
    expect(split.clearingStartsPerYear).toBe(30);
    expect(split.sustainingStartsPerYear).toBe(100);
    expect(split.sustainingGroupsPerYear).toBe(12);
    // A sizing from before the engine reported the parts has no split, rather than a made-up one.
    expect(sizingSplit(sized, steps[1]!)).toBeNull();
  });

  it('flags an answer whose interval crosses the target, or whose neighbour is within the noise', () => {
    const reasons = borderlineReasons(sizedParts);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/crosses the target of 20/);
    expect(reasons[1]).toMatch(/One group fewer \(16\) leaves 2.5 more unmet need a year/);
    const clear: SizingResult = {
      ...sizedParts,
      answer: withParts(step(17, s(5, 4, 6)), 1),
      steps: [withParts(step(16, s(30, 28, 32)), 0), withParts(step(17, s(5, 4, 6)), 1)],
    };
    expect(borderlineReasons(clear)).toEqual([]);
  });

  it('writes the chance of meeting the target in the CSV', () => {
    const lines = sizingCsv(sizedParts).trimEnd().split('\r\n');
    expect(lines[0]).toContain('chance_of_meeting_target');
    expect(lines[2]!.split(',').at(-3)).toBe('0.55');
  });
});
