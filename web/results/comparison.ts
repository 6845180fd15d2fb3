/**
 * A comparison of two runs for a planner: the regional headline first, then every programme
 * figure by establishment, each difference summarised replication by replication (paired) when
 * the two runs share their seed and number of replications. Kept apart from the component so it
 * can be tested without a DOM.
 */
import {
  ALL_PROGRAMMES,
  REGION_SAMPLE_SCOPE,
  canPair,
  leadingReplications,
  sampleKey,
  samplesOf,
  statOf,
  type ReplicationSamples,
  type Results,
  type SampleMeasure,
  type Stat,
} from '../../src/index.js';
import { toCsv } from '../csv.js';

export interface RunSide {
  /** "Baseline (pinned 10:20)", "Edited", or a file's scenario name. */
  label: string;
  results: Results;
  samples: ReplicationSamples;
}

export const COMPARED_MEASURES: readonly { id: SampleMeasure; label: string }[] = [
  { id: 'placesOffered', label: 'Places offered' },
  { id: 'starts', label: 'Starts' },
  { id: 'completions', label: 'Completions' },
  { id: 'unmetNeed', label: 'Unmet need' },
  { id: 'waitingAtEnd', label: 'Waiting at end' },
];

export interface ComparedFigure {
  /** Same form as the results figures: "stafford/programme:tsp/starts", "@region/all/unmetNeed". */
  key: string;
  scope: string;
  scopeLabel: string;
  programme: string;
  programmeLabel: string;
  measure: SampleMeasure;
  measureLabel: string;
  reference: Stat;
  current: Stat;
  /** current minus reference: per replication when paired, else of the means only (p5 = p95 = mean). */
  difference: Stat;
  paired: boolean;
}

export interface Comparison {
  paired: boolean;
  /**
   * Set where the two runs stopped at a precision target after different numbers of replications:
   * both are compared over the first this many of each (a run's first replications are a run of
   * that many), so their differences pair. Null otherwise.
   */
  pairedOverFirst: number | null;
  /** Why the runs could not be paired, in words (null when they are). */
  unpairedReason: string | null;
  /** The region (or the one establishment), every programme added up. */
  headline: ComparedFigure[];
  headlineScope: string;
  /** Every programme at every establishment, and the regional total of each programme. */
  detail: ComparedFigure[];
  /** Each establishment, every programme added up: what the chart draws. */
  byEstablishment: ComparedFigure[];
}

const ZERO: Stat = { mean: 0, p5: 0, p50: 0, p95: 0 };

/**
 * Where two runs of one seed stopped at a precision target (either) after different numbers of
 * replications, the first of them both have: compared over those, their replications pair as
 * they would have had both asked for that many. Null where they pair as they are, or not at all.
 */
function commonLeadingReplications(reference: RunSide, current: RunSide): number | null {
  const a = reference.samples;
  const b = current.samples;
  const targeted = reference.results.precisionTarget !== undefined || current.results.precisionTarget !== undefined;
  if (!targeted || a.seed !== b.seed || a.replications === b.replications) return null;
  const common = Math.min(a.replications, b.replications);
  return common > 0 ? common : null;
}

export function compareRuns(referenceRun: RunSide, currentRun: RunSide): Comparison {
  const pairedOverFirst = commonLeadingReplications(referenceRun, currentRun);
  const [reference, current] = [referenceRun, currentRun].map((side) =>
    pairedOverFirst === null ? side : { ...side, samples: leadingReplications(side.samples, pairedOverFirst)! },
  ) as [RunSide, RunSide];
  const paired = canPair(reference.samples, current.samples);
  const unpairedReason = paired
    ? null
    : reference.samples.seed !== current.samples.seed
      ? `the two runs use different seeds (${reference.samples.seed} and ${current.samples.seed}), so their replications cannot be paired`
      : `the two runs have different numbers of replications (${reference.samples.replications} and ${current.samples.replications}), so they cannot be paired`;
  const names = new Map<string, string>();
  for (const r of [reference.results, current.results]) {
    for (const e of r.establishments) names.set(e.establishment, e.name);
    for (const p of r.region.programmes) names.set(`programme:${p.programme}`, p.name);
  }
  const single = reference.results.establishments.length === 1 && current.results.establishments.length === 1;
  const regionLabel = single ? (current.results.establishments[0]?.name ?? 'Region') : 'Region';

  const figure = (scope: string, programme: string, measure: SampleMeasure): ComparedFigure | null => {
    const key = sampleKey(scope, programme, measure);
    const a = samplesOf(reference.samples, key);
    const b = samplesOf(current.samples, key);
    if (!a && !b) return null;
    const refStat = a ? statOf(a) : ZERO;
    const curStat = b ? statOf(b) : ZERO;
    let difference: Stat;
    if (paired && a && b) difference = statOf(b.map((v, r) => v - a[r]!));
    else {
      const d = curStat.mean - refStat.mean;
      difference = { mean: d, p5: d, p50: d, p95: d };
    }
    const scopeLabel = scope === REGION_SAMPLE_SCOPE ? regionLabel : (names.get(scope) ?? scope);
    return {
      key: `${scope}/${programme === ALL_PROGRAMMES ? 'all' : `programme:${programme}`}/${measure}`,
      scope,
      scopeLabel,
      programme,
      programmeLabel:
        programme === ALL_PROGRAMMES ? 'All programmes' : (names.get(`programme:${programme}`) ?? programme),
      measure,
      measureLabel: COMPARED_MEASURES.find((m) => m.id === measure)!.label,
      reference: refStat,
      current: curStat,
      difference,
      paired: paired && !!a && !!b,
    };
  };
  const present = (f: ComparedFigure | null): f is ComparedFigure => f !== null;
  const establishments = [
    ...new Set([...current.results.establishments, ...reference.results.establishments].map((e) => e.establishment)),
  ];
  const programmes = [
    ...new Set([...current.results.region.programmes, ...reference.results.region.programmes].map((p) => p.programme)),
  ];
  const headline = COMPARED_MEASURES.map((m) => figure(REGION_SAMPLE_SCOPE, ALL_PROGRAMMES, m.id)).filter(present);
  const scopes = single ? establishments : [...establishments, REGION_SAMPLE_SCOPE];
  const detail = scopes
    .flatMap((scope) => programmes.flatMap((p) => COMPARED_MEASURES.map((m) => figure(scope, p, m.id))))
    .filter(present)
    // A programme nobody needs or gets at a site, on both sides, is no figure at all.
    .filter((f) => !isAllZero(f.reference) || !isAllZero(f.current));
  const byEstablishment = establishments
    .flatMap((scope) => COMPARED_MEASURES.map((m) => figure(scope, ALL_PROGRAMMES, m.id)))
    .filter(present);
  return { paired, pairedOverFirst, unpairedReason, headline, headlineScope: regionLabel, detail, byEstablishment };
}

function isAllZero(s: Stat): boolean {
  return s.mean === 0 && s.p5 === 0 && s.p95 === 0;
}

/**
 * A change worth reading: with no threshold, the difference's 5th–95th percentile interval
 * excludes zero (unpaired: the mean moved at all); with one, the mean moved by at least that many.
 */
export function isMeaningful(f: ComparedFigure, threshold: number | null): boolean {
  if (threshold !== null) return Math.abs(f.difference.mean) >= threshold;
  return f.difference.p5 > 0 || f.difference.p95 < 0;
}

/** Values in the CSV are rounded: a planner reads people to one decimal place, not to 15. */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

export function comparisonCsv(c: Comparison, figures: readonly ComparedFigure[], ref: string, cur: string): string {
  return toCsv(
    [
      'establishment',
      'programme',
      'measure',
      `${ref} mean`,
      `${ref} p5`,
      `${ref} p95`,
      `${cur} mean`,
      `${cur} p5`,
      `${cur} p95`,
      'difference mean',
      'difference p5',
      'difference p95',
      'paired',
    ],
    figures.map((f) => [
      f.scopeLabel,
      f.programmeLabel,
      f.measureLabel,
      round1(f.reference.mean),
      round1(f.reference.p5),
      round1(f.reference.p95),
      round1(f.current.mean),
      round1(f.current.p5),
      round1(f.current.p95),
      round1(f.difference.mean),
      f.paired ? round1(f.difference.p5) : null,
      f.paired ? round1(f.difference.p95) : null,
      c.paired && f.paired ? 'yes' : 'no',
    ]),
  );
}
