/**
 * The offender-management figures of a run (engine/caseload.ts) for a set of establishments:
 * one establishment, or the region as the replication-by-replication sum of them.
 */
import type { CompiledScenario } from '../engine/compile.js';
import { keyWorkFor } from '../engine/workload.js';
import type { CaseloadScalar, CaseloadSeries } from '../engine/caseload.js';
import type { OffenderManagementResult, SeriesBand, Stat } from './types.js';
import { offenderManagementDefaults } from './omicDefaults.js';

export interface SummaryTools {
  /** Values over replications of a scalar, summed over the establishments. */
  gather: (establishments: readonly number[], localIndex: (e: number) => number) => Float64Array;
  /** A weekly series summed over the establishments, summarised over replications. */
  band: (establishments: readonly number[], seriesIndex: (e: number) => number) => SeriesBand;
  stat: (values: Float64Array) => Stat;
}

export function offenderManagementResult(
  compiled: CompiledScenario,
  establishments: readonly number[],
  { gather, band, stat }: SummaryTools,
): OffenderManagementResult {
  const L = compiled.layout;
  const W = compiled.weeks;
  const c = compiled.caseload;
  const block = c.block;
  const column = (k: number) => gather(establishments, (e) => L.caseloadScalar(e, k));
  const perWeek = (name: CaseloadScalar) => column(block.scalar(name)).map((v) => v / W);
  const seriesOf = (name: CaseloadSeries) => band(establishments, (e) => L.caseloadSeries(e, block.seriesOf(name)));
  const pomLed = perWeek('pomLedWeeks');
  const available = perWeek('fteAvailableWeeks');
  const population = gather(establishments, (e) => L.establishmentScalar(e, 'populationWeeks')).map((v) => v / W);
  const keyWork = (pick: (k: ReturnType<typeof keyWorkFor>) => number) =>
    stat(population.map((p) => pick(keyWorkFor(p, c.keyWork))));
  return {
    responsibility: {
      pomLed: stat(pomLed),
      comLed: stat(perWeek('comLedWeeks')),
      noOffenderManager: stat(perWeek('noOffenderManagerWeeks')),
      series: {
        pomLed: seriesOf('pomLed'),
        comLed: seriesOf('comLed'),
        noOffenderManager: seriesOf('noOffenderManager'),
      },
    },
    staffed: establishments.some((e) => compiled.establishments[e].sessionCapacityPerWeek !== null),
    pomFteRequired: stat(perWeek('fteRequiredWeeks')),
    pomFteAvailable: stat(available),
    pomFteShortfall: stat(perWeek('fteShortfallWeeks')),
    caseloadPerPomFte: stat(pomLed.map((p, r) => (available[r] > 0 ? p / available[r] : 0))),
    minutesRequired: stat(column(block.scalar('minutesRequired'))),
    minutesDelivered: stat(column(block.scalar('minutesDelivered'))),
    byTier: compiled.tiers.map((tier, t) => {
      const tierColumn = (name: Parameters<typeof block.tierScalar>[1]) => column(block.tierScalar(t, name));
      const tierSeries = (name: Parameters<typeof block.tierSeries>[1]) =>
        band(establishments, (e) => L.caseloadSeries(e, block.tierSeries(t, name)));
      const fte = tierSeries('fteRequired');
      return {
        tier: tier.id,
        label: tier.label,
        sessionsPerYear: tier.sessionsPerYear,
        pomLed: stat(tierColumn('pomLedWeeks').map((v) => v / W)),
        contactSessionsRequired: stat(tierColumn('contactSessionsRequired')),
        contactSessionsDelivered: stat(tierColumn('contactSessionsDelivered')),
        minutesRequired: stat(tierColumn('minutesRequired')),
        minutesDelivered: stat(tierColumn('minutesDelivered')),
        peopleShort: stat(tierColumn('peopleShortWeeks').map((v) => v / W)),
        fteRequired: stat(fteByReplication(compiled, establishments, t, gather)),
        series: { fteRequired: fte, fteDelivered: tierSeries('fteDelivered') },
      };
    }),
    byTask: c.tasks.map((task, k) => ({
      task: task.id,
      label: task.label,
      minutesRequired: stat(column(block.taskScalar(k))),
    })),
    keyWork: {
      minutesPerPrisonerWeek: c.keyWork.minutesPerPrisonerWeek,
      hoursPerWeek: keyWork((k) => k.hoursPerWeek),
      keyWorkOfficerFteRequired: keyWork((k) => k.officerFteRequired),
      keyWorkers: keyWork((k) => k.keyWorkers),
    },
    series: { pomFteRequired: seriesOf('fteRequired'), pomFteAvailable: seriesOf('fteAvailable') },
    restsOnDefaults: offenderManagementDefaults(compiled.scenario, establishments),
  };
}

/** A tier's FTE required, mean over the horizon, per replication: its minutes over each establishment's minutes per FTE. */
function fteByReplication(
  compiled: CompiledScenario,
  establishments: readonly number[],
  t: number,
  gather: SummaryTools['gather'],
): Float64Array {
  const L = compiled.layout;
  const c = compiled.caseload;
  const W = compiled.weeks;
  const out = new Float64Array(gather([], () => 0).length);
  for (const e of establishments) {
    const minutes = gather([e], (x) => L.caseloadScalar(x, c.block.tierScalar(t, 'minutesRequired')));
    const perFte = c.minutesPerFteWeek[e];
    for (let r = 0; r < out.length; r++) out[r] += perFte > 0 ? minutes[r] / W / perFte : 0;
  }
  return out;
}
