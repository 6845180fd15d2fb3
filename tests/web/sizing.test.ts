import { describe, expect, it } from 'vitest';
import type { SizingResult, SizingStep, Stat } from '../../src/index.js';
import {
  answerSentence,
  borderlineReasons,
  limitSentence,
  replicationsRun,
  sizingCsv,
  sortedSteps,
  targetReasonWords,
} from '../../web/results/sizing.js';

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
  it('states the sustaining answer with its places and interval against the target', () => {
    expect(answerSentence(sized, 52)).toBe(
      '17 groups a year (153 places) keep the unmet need places can fix at 20.0 (14.0–26.0) a year once the list at the start is cleared, at or under the target of 20.',
    );
    const one = { ...sized, answer: step(1, s(0.5, 0, 1)) };
    expect(answerSentence(one, 52)).toMatch(/^1 group a year \(9 places\) keeps the unmet need/);
  });

  it('names the reasons the target counts', () => {
    expect(targetReasonWords(sized)).toBe('released or moved on while waiting or too little time left while waiting');
  });

  it('says when no level up to the maximum, or the limit, meets the target', () => {
    const none: SizingResult = { ...sized, answer: null, steps: [step(52, s(8.6, 5.5, 12))] };
    expect(answerSentence(none, 52)).toBe(
      'No level up to 52 groups a year meets the target. At 52 groups a year, the unmet need places can fix is 8.6 (5.5–12.0) a year, over the target of 20.',
    );
    const limited: SizingResult = {
      ...none,
      steps: [step(8, s(30, 25, 35))],
      limit: { maxConcurrentGroups: 2, maxGroupsPerYear: 8, binds: true, groupsPerYearWithoutLimit: 17 },
    };
    expect(answerSentence(limited, 52)).toMatch(
      /^No level up to 8 groups a year meets the target\. At 8 groups a year, /,
    );
    expect(limitSentence(limited)).toBe(
      'At most 2 groups at once allow 8 groups a year: too few to sustain the flow. Without the limit, 17 groups a year would.',
    );
  });

  it('says how long the groups a limit leaves spare take to clear the list, and when none are left', () => {
    expect(limitSentence(sized)).toBeNull();
    const roomy: SizingResult = {
      ...sized,
      clearing: { ...sized.clearing, yearsToClear: 7 / 3 },
      limit: { maxConcurrentGroups: 5, maxGroupsPerYear: 20, binds: false, groupsPerYearWithoutLimit: null },
    };
    expect(limitSentence(roomy)).toBe(
      'At most 5 groups at once allow 20 groups a year. Sustaining runs 4 groups at once; the other 3 groups a year clear the list at the start in about 2.3 years.',
    );
    const full: SizingResult = {
      ...roomy,
      limit: { maxConcurrentGroups: 4, maxGroupsPerYear: 17, binds: true, groupsPerYearWithoutLimit: null },
    };
    expect(limitSentence(full)).toMatch(/none are left to clear the list at the start\.$/);
  });

  it('lists levels in order of groups, in the table and its CSV, marking the one answer', () => {
    expect(sortedSteps(sized).map((x) => x.groupsPerYear)).toEqual([16, 17, 26]);
    const lines = sizingCsv(sized).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^stafford,resolve,16,144,/);
    // A sizing made before levels could stop early has no count of replications: left empty.
    expect(lines.map((l) => l.split(',').slice(-3).join(','))).toEqual([
      'meets_target,answer,replications',
      'false,false,',
      'true,true,',
      'false,false,',
    ]);
    const counted: SizingResult = {
      ...sized,
      steps: sized.steps.map((x) => ({ ...x, replications: x === sized.answer ? 500 : 30 })),
    };
    expect(
      sizingCsv(counted)
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',').at(-1)),
    ).toEqual(['30', '500', '30']);
    expect(replicationsRun(counted)).toBe(560);
    expect(replicationsRun(sized)).toBeNull();
  });
});

describe('the chance of meeting the target and whether the answer is borderline', () => {
  const withShare = (x: SizingStep, share: number): SizingStep => ({ ...x, shareMeetingTarget: share });
  const parts = [withShare(step(16, s(22.5, 16, 29)), 0.3), withShare(step(17, s(20, 14, 26)), 0.55)];
  const sizedParts: SizingResult = { ...sized, answer: parts[1]!, steps: parts, weeks: 104 };

  it('flags an answer whose interval crosses the target, or whose neighbour is within the noise', () => {
    const reasons = borderlineReasons(sizedParts);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/crosses the target of 20/);
    expect(reasons[1]).toMatch(/One group fewer \(16\) leaves 2.5 more unmet need a year/);
    const clear: SizingResult = {
      ...sizedParts,
      answer: withShare(step(17, s(5, 4, 6)), 1),
      steps: [withShare(step(16, s(30, 28, 32)), 0), withShare(step(17, s(5, 4, 6)), 1)],
    };
    expect(borderlineReasons(clear)).toEqual([]);
  });

  it('writes the chance of meeting the target and whether the interval crosses it in the CSV', () => {
    const lines = sizingCsv(sizedParts).trimEnd().split('\r\n');
    const head = lines[0]!.split(',');
    const row = lines[2]!.split(',');
    expect(row[head.indexOf('chance_of_meeting_target')]).toBe('0.55');
    expect(row[head.indexOf('interval_crosses_target')]).toBe('true');
    expect(row[head.indexOf('sustained_unmet_per_year_mean')]).toBe('20');
  });
});

describe('a sizing in beds (a bed-based unit) in words and as CSV', () => {
  const bedStep = (beds: number, unmet: Stat): SizingStep => ({
    ...step(0, unmet),
    beds,
    placesPerYear: (beds * 52) / 39.25,
    concurrentGroups: 0,
    crossesTarget: unmet.p5 <= 10 && 10 < unmet.p95,
  });
  const bedSteps = [bedStep(80, s(2, 0, 5)), bedStep(40, s(9.4, 3, 18)), bedStep(39, s(10.7, 4.3, 19.3))];
  const beds: SizingResult = {
    ...sized,
    unit: 'beds',
    currentBeds: 70,
    meanStayWeeks: 39.25,
    targetUnmetPerYear: 10,
    answer: bedSteps[1]!,
    steps: bedSteps,
    maxGroupsPerYear: 500,
    clearing: { waitingAtStart: s(126, 114, 141), places: 127, groups: 0, beds: 96, yearsToClear: null },
  };

  it('states the answer in beds, with places a year', () => {
    expect(answerSentence(beds, 500)).toBe(
      '40 beds (53 places a year) keep the unmet need places can fix at 9.4 (3.0–18.0) a year once the list at the start is cleared, at or under the target of 10.',
    );
    const none: SizingResult = { ...beds, answer: null, steps: [bedStep(500, s(12, 8, 15))] };
    expect(answerSentence(none, 500)).toMatch(/^No level up to 500 beds meets the target\. At 500 beds,/);
  });

  it('orders levels by beds and compares with one bed fewer when borderline', () => {
    expect(sortedSteps(beds).map((x) => x.beds)).toEqual([39, 40, 80]);
    const reasons = borderlineReasons(beds);
    expect(reasons[0]).toMatch(/crosses the target of 10\.0/);
    expect(reasons[1]).toMatch(/^One bed fewer \(39\) leaves 1\.3 more unmet need a year/);
  });

  it('writes the beds of each level and marks the answer by beds in the CSV', () => {
    const lines = sizingCsv(beds).trim().split('\r\n');
    const head = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const at = (name: string) => head.indexOf(name);
    expect(rows.map((r) => r[at('beds')])).toEqual(['39', '40', '80']);
    expect(rows.map((r) => r[at('answer')])).toEqual(['false', 'true', 'false']);
    expect(rows.every((r) => r[at('groups_per_year')] === '0')).toBe(true);
    expect(sizingCsv(sized).split('\r\n')[0]).not.toMatch(/beds/);
  });
});
