/**
 * Projected against planned for each segment a site plans for (an annex's Table 4b: "number of
 * proposed TSP completions from this group"), and the places reserved for it. Counts are the
 * window's (a running start's reporting window), scaled to a year as the agreed volumes are.
 * A region adds up, replication by replication, the segments of the same id at every site.
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
    };
  });
}
