/**
 * Projected against planned for each segment a site plans for (an annex's Table 4b: "number of
 * proposed TSP completions from this group"), and the places reserved for it. Counts are the
 * window's (a running start's reporting window), scaled to a year as the agreed volumes are.
 * A region adds up, replication by replication, the segments of the same id at every site.
 *
 * Supply: the starts planned from a segment by every first-stage alternative of the programme's
 * need (Stafford's violent offenders: TSP 54 and RESOLVE 18 completions, 60 + 20 starts) draw on
 * the same men, so they are set against the men of the segment joining any of those lists who
 * could start, each once (the engine's `supply` count). A flow short of the plan by more than the
 * materiality threshold is a shortfall of supply, not of places, and the row says by how much.
 */
import type { CompiledScenario } from '../engine/compile.js';
import type { SegmentScalar } from '../engine/layout.js';
import type { SegmentPlanResult, Stat } from './types.js';

export interface SegmentHelpers {
  gather: (establishments: readonly number[], index: (e: number) => number) => Float64Array;
  stat: (values: Float64Array) => Stat;
}

export function segmentPlanResults(
  compiled: CompiledScenario,
  establishments: readonly number[],
  p: number,
  { gather, stat }: SegmentHelpers,
): SegmentPlanResult[] {
  const L = compiled.layout;
  const horizonYears = compiled.weeks / 52;
  const threshold = compiled.scenario.materialityThreshold;
  // Segment ids in the order first met, with where each lives at each site.
  const ids: string[] = [];
  const at = new Map<string, { e: number; k: number }[]>();
  for (const e of establishments) {
    compiled.establishments[e].deliveries[p]?.segments.forEach((segment, k) => {
      if (!at.has(segment.id)) {
        ids.push(segment.id);
        at.set(segment.id, []);
      }
      at.get(segment.id)?.push({ e, k });
    });
  }
  // The programmes whose plans for a segment draw on the same men: the first stage of p's need.
  const need = compiled.needs.needOf[p];
  const pool = need >= 0 && compiled.needs.stageOf[p] === 0 ? compiled.needs.declared[need].stages[0] : [p];
  return ids.map((id) => {
    const places = at.get(id) ?? [];
    const column = (name: SegmentScalar) =>
      gather(
        places.map((x) => x.e),
        (e) => L.segmentScalar(e, p, places.find((x) => x.e === e)?.k ?? 0, name),
      );
    const first = places[0];
    const definition = compiled.establishments[first.e].deliveries[p]?.segments[first.k];
    let planned: number | null = null;
    for (const x of places) {
      const g = compiled.establishments[x.e].deliveries[p]?.segments[x.k];
      if (g?.plannedCompletions != null) planned = (planned ?? 0) + g.plannedCompletions;
    }
    const completions = column('completions');
    // Every delivery of the pool at these sites with a segment of this id: its supply and plan.
    const rate = (q: number) => compiled.programmes[q].definition.completionRate;
    const startsFor = (q: number, completions: number | null) =>
      completions === null ? null : rate(q) > 0 ? completions / rate(q) : null;
    const supply = new Float64Array(completions.length);
    const pooledWith: string[] = [];
    let pooledPlanned: number | null = null;
    for (const q of pool) {
      for (const e of establishments) {
        const segments = compiled.establishments[e].deliveries[q]?.segments ?? [];
        const k = segments.findIndex((g) => g.id === id);
        if (k < 0) continue;
        const programmeId = compiled.programmes[q].definition.id;
        if (!pooledWith.includes(programmeId)) pooledWith.push(programmeId);
        const starts = startsFor(q, segments[k].plannedCompletions);
        if (starts !== null) pooledPlanned = (pooledPlanned ?? 0) + starts;
        const column = gather([e], () => L.segmentScalar(e, q, k, 'supply'));
        for (let r = 0; r < supply.length; r++) supply[r] += column[r];
      }
    }
    const joining = stat(supply.map((v) => v / horizonYears));
    const plannedStarts = planned === null ? null : startsFor(p, planned);
    const perYear = stat(completions.map((v) => v / horizonYears));
    const variance = planned === null ? null : perYear.mean - planned;
    return {
      segment: id,
      label: definition?.label ?? id,
      plannedCompletions: planned,
      starts: stat(column('starts')),
      completions: stat(completions),
      completionsPerYear: perYear,
      completionsVariance: variance,
      completionsMaterial:
        planned !== null &&
        variance !== null &&
        (planned === 0 ? variance !== 0 : Math.abs(variance) / planned > threshold),
      reservedPlaces: stat(column('reservedOffered')),
      reservedTaken: stat(column('reservedTaken')),
      plannedStartsPerYear: plannedStarts,
      pooledWith,
      pooledPlannedStartsPerYear: pooledPlanned,
      eligibleJoiningPerYear: joining,
      supplyWarning: supplyWarning(definition?.label ?? id, pooledWith, pooledPlanned, joining, threshold),
    };
  });
}

/** Words for a pooled plan that the segment's flow of eligible men falls materially short of. */
function supplyWarning(
  label: string,
  pooledWith: readonly string[],
  planned: number | null,
  joining: Stat,
  threshold: number,
): string | null {
  if (planned === null || planned <= 0) return null;
  const short = planned - joining.mean;
  if (short / planned <= threshold) return null;
  const programmes = pooledWith.map((id) => id.toUpperCase()).join(' or ');
  return (
    `Supply: about ${joining.mean.toFixed(1)} ${label.toLowerCase()} a year join ${programmes} who could start ` +
    `(eligible, suitable, time left to finish; each once), for ${planned.toFixed(0)} starts a year planned from them ` +
    `(planned completions / completion rate): short by ${short.toFixed(1)} a year (${((100 * short) / planned).toFixed(0)}%). ` +
    'More places cannot close this gap; the list waiting at the start fills it for a while.'
  );
}
