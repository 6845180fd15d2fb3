/**
 * Where an establishment's time left to serve comes from, and a warning when a trainer's comes
 * wholly from a regional profile: the region's profile mixes locals' short sentences, remand and
 * recalls with the trainers' long ones (39% under 6 months in the West Midlands), and applied to
 * a trainer it makes the men turn over several times too fast.
 */
import type { Scenario } from '../scenario/schema.js';
import type { RunWarning } from '../results/types.js';

const TRAINERS = new Set(['cat-c-trainer', 'sex-offender-trainer', 'high-security']);

const mentionsTimeLeft = (table: Scenario['establishments'][number]['population']['tables'][number]) =>
  table.cells.some((c) => Object.hasOwn(c.where, 'timeLeft'));

export function regionalTimeLeftWarnings(scenario: Scenario, index: number): RunWarning[] {
  const e = scenario.establishments[index];
  if (!e || !TRAINERS.has(e.establishmentType)) return [];
  const own = e.population.tables.filter(mentionsTimeLeft);
  if (own.length === 0) return [];
  // A table of time left that other establishments carry too is a regional profile.
  const shared = own.filter((t) =>
    scenario.establishments.some((o, k) => k !== index && o.population.tables.some((u) => u.id === t.id)),
  );
  if (shared.length < own.length) return [];
  const others = scenario.establishments.filter(
    (o, k) => k !== index && o.population.tables.some((u) => shared.some((t) => t.id === u.id)),
  ).length;
  return [
    {
      path: `establishments[${index}].population.tables`,
      message:
        `${e.name} is a ${e.establishmentType} but its time left comes wholly from a regional profile ` +
        `(${shared.map((t) => t.id).join(', ')}, shared with ${others} other prison${others === 1 ? '' : 's'}): ` +
        `its men would turn over too fast; give its own table of time left, or remove this one to use the ` +
        `${e.establishmentType} defaults`,
    },
  ];
}
