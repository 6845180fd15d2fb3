/**
 * Sizing: the smallest number of groups a year (and so starts) for one programme at one
 * establishment that keeps its mean unmet need a year at or under a target.
 *
 * Each candidate is a full run with the same seed, so candidates share their random numbers
 * (the same people, the same suitability and drop-out draws) and differ only by the groups.
 * Unmet need falls as groups rise, so a binary search over whole numbers of groups finds the
 * answer in a handful of runs. Scheduled changes to this programme's groups at this site are
 * set aside while sizing: the question is what a steady level of delivery would need.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Stat } from '../results/types.js';
import { compileScenario, type RunOptions } from './compile.js';
import { simulateBatch } from './simulate.js';
import { summarize } from '../results/summarize.js';
import { replicationSamples, sampleKey, samplesOf, shareAtOrUnder, statOf } from '../results/samples.js';

export interface SizingRequest {
  establishment: string;
  programme: string;
  /** Largest acceptable mean unmet need a year. */
  targetUnmetPerYear: number;
  /** Search no higher than this (default 52: a group starting every week). */
  maxGroupsPerYear?: number;
}

export interface SizingStep {
  groupsPerYear: number;
  placesPerYear: number;
  startsPerYear: Stat;
  unmetNeedPerYear: Stat;
  waitingAtEnd: Stat;
  /**
   * Share of replications whose unmet need a year is at or under the target: the chance of
   * meeting it at this level. (Optional only so that sizings made before it still type-check.)
   */
  shareMeetingTarget?: number;
  /** Eligible, suitable people joining the list a year after the start: what sustaining must meet. */
  joiningPerYear?: Stat;
  /** People on the list at the start: what clearing today's list must meet, once. */
  waitingAtStart?: Stat;
}

export interface SizingResult {
  establishment: string;
  programme: string;
  targetUnmetPerYear: number;
  /** The smallest whole number of groups a year meeting the target, or null if none up to the maximum does. */
  answer: SizingStep | null;
  /** Every level tried, in increasing order of groups. */
  steps: SizingStep[];
  /** Weeks each level ran for (the horizon): clearing the list at the start is spread over them. */
  weeks?: number;
}

function perYear(s: Stat, years: number): Stat {
  return { mean: s.mean / years, p5: s.p5 / years, p50: s.p50 / years, p95: s.p95 / years };
}

export function withGroupsPerYear(
  scenario: Scenario,
  establishment: string,
  programme: string,
  groups: number,
): Scenario {
  const catalogue = scenario.programmes.find((p) => p.id === programme);
  if (!catalogue) throw new Error(`unknown programme "${programme}"`);
  if (!scenario.establishments.some((e) => e.id === establishment))
    throw new Error(`unknown establishment "${establishment}"`);
  return {
    ...scenario,
    establishments: scenario.establishments.map((e) => {
      if (e.id !== establishment) return e;
      const delivered = e.programmes.some((d) => d.programme === programme);
      const programmes = delivered
        ? e.programmes.map((d) => (d.programme === programme ? { ...d, groupsPerYear: groups } : d))
        : [...e.programmes, { programme, groupsPerYear: groups, acceptsReferrals: false }];
      // Delivering it here replaces any referral of it elsewhere.
      return { ...e, programmes, referrals: e.referrals.filter((r) => r.programme !== programme) };
    }),
    changes: scenario.changes.filter(
      (c) => !(c.establishment === establishment && c.set.kind === 'groupsPerYear' && c.set.programme === programme),
    ),
  };
}

export function sizeProgramme(scenario: Scenario, request: SizingRequest, options: RunOptions = {}): SizingResult {
  const max = request.maxGroupsPerYear ?? 52;
  const tried = new Map<number, SizingStep>();
  let weeks: number | undefined;
  const evaluate = (groups: number): SizingStep => {
    const known = tried.get(groups);
    if (known) return known;
    const compiled = compileScenario(
      withGroupsPerYear(scenario, request.establishment, request.programme, groups),
      options,
    );
    const batch = simulateBatch(compiled, 0, compiled.replications);
    const results = summarize(compiled, [batch]);
    const e = results.establishments.find((x) => x.establishment === request.establishment);
    const p = e?.programmes.find((x) => x.programme === request.programme);
    if (!p) throw new Error(`no results for ${request.programme} at ${request.establishment}`);
    const years = results.weeks / 52;
    weeks = results.weeks;
    const samples = replicationSamples(compiled, [batch]);
    const unmet = samplesOf(samples, sampleKey(request.establishment, request.programme, 'unmetNeed'));
    const atStart = samplesOf(samples, sampleKey(request.establishment, request.programme, 'joinedAtStart'));
    const step: SizingStep = {
      groupsPerYear: groups,
      placesPerYear: p.placesPerYear,
      startsPerYear: perYear(p.starts, years),
      unmetNeedPerYear: perYear(p.unmetNeed, years),
      waitingAtEnd: p.waitingAtEnd,
      shareMeetingTarget: unmet
        ? shareAtOrUnder(
            unmet.map((v) => v / years),
            request.targetUnmetPerYear,
          )
        : 0,
      joiningPerYear: p.joiningPerYear,
      ...(atStart ? { waitingAtStart: statOf(atStart) } : {}),
    };
    tried.set(groups, step);
    return step;
  };
  const meets = (groups: number) => evaluate(groups).unmetNeedPerYear.mean <= request.targetUnmetPerYear;

  let answer: SizingStep | null = null;
  if (meets(max)) {
    let lo = 0;
    let hi = max;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (meets(mid)) hi = mid;
      else lo = mid + 1;
    }
    answer = evaluate(lo);
  }
  return {
    establishment: request.establishment,
    programme: request.programme,
    targetUnmetPerYear: request.targetUnmetPerYear,
    answer,
    steps: [...tried.values()].sort((a, b) => a.groupsPerYear - b.groupsPerYear),
    ...(weeks !== undefined ? { weeks } : {}),
  };
}
