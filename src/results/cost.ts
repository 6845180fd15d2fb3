/**
 * What a plan costs, from the prices a scenario gives: each establishment's Annual Operating Price
 * (the whole prison, not its programmes) and a programme's unit costs (per place offered, per
 * completion). Only figures the scenario gives are used; nothing is guessed.
 */
import type { Scenario } from '../scenario/schema.js';
import type { CostResult, EstablishmentCost, ProgrammeCostResult, ProgrammeResult, RunFigures } from './types.js';

/**
 * A programme's cost over the window: places offered x per place + completions x per completion
 * (mean completions), and that cost per completion. Null pieces when no unit cost is given.
 */
export function programmeCost(
  perPlace: number | null,
  perCompletion: number | null,
  placesOffered: number,
  completions: number,
): { total: number | null; costPerCompletion: number | null } {
  if (perPlace === null && perCompletion === null) return { total: null, costPerCompletion: null };
  const total = (perPlace ?? 0) * placesOffered + (perCompletion ?? 0) * completions;
  return { total, costPerCompletion: completions > 0 ? total / completions : null };
}

function programmeCostResult(
  programme: ProgrammeResult,
  cost: { perPlace?: number; perCompletion?: number; source?: string; defaults?: string[] },
  windowYears: number,
): ProgrammeCostResult {
  const perPlace = cost.perPlace ?? null;
  const perCompletion = cost.perCompletion ?? null;
  const placesOffered = programme.placesPerYear * windowYears;
  const completions = programme.completions.mean;
  return {
    programme: programme.programme,
    name: programme.name,
    perPlace,
    perCompletion,
    placesOffered,
    completions,
    ...programmeCost(perPlace, perCompletion, placesOffered, completions),
    source: cost.source ?? null,
    defaults: cost.defaults ?? [],
  };
}

const sumOrNull = (values: (number | null)[]): number | null =>
  values.every((v) => v === null) ? null : values.reduce<number>((acc, v) => acc + (v ?? 0), 0);

export const COST_NOTE =
  "Operating price: the establishment's Annual Operating Price (its SLA annex) for the whole prison, over the window; " +
  'it is not the cost of its programmes. Programme cost: places offered x cost per place + completions x cost per completion, ' +
  'from the unit costs the scenario gives; cost per completion = programme cost / mean completions.';

export function costOf(scenario: Scenario, results: RunFigures): CostResult {
  const windowYears = results.weeks / 52;
  const establishments: EstablishmentCost[] = scenario.establishments.map((establishment, e) => {
    const result = results.establishments[e];
    const programmes = establishment.programmes.flatMap((delivery) => {
      const programme = result.programmes.find((p) => p.programme === delivery.programme);
      if (delivery.cost === undefined || programme === undefined) return [];
      return [programmeCostResult(programme, delivery.cost, windowYears)];
    });
    const price = establishment.operatingPrice;
    return {
      establishment: establishment.id,
      name: establishment.name,
      annualOperatingPrice: price?.annualOperatingPrice ?? null,
      operatingPriceOverWindow: price === undefined ? null : price.annualOperatingPrice * windowYears,
      operatingPriceSource: price?.source ?? null,
      programmes,
      programmeCostTotal: sumOrNull(programmes.map((p) => p.total)),
    };
  });
  const priced = establishments.filter((e) => e.operatingPriceOverWindow !== null);
  return {
    windowWeeks: results.weeks,
    establishments,
    region: {
      // A regional price only when every establishment has one: a partial sum would read as the region's.
      operatingPriceOverWindow:
        priced.length === establishments.length ? sumOrNull(priced.map((e) => e.operatingPriceOverWindow)) : null,
      establishmentsPriced: priced.length,
      programmeCostTotal: sumOrNull(establishments.map((e) => e.programmeCostTotal)),
    },
    note: COST_NOTE,
  };
}
