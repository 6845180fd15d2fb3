import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import type { Results } from '../../src/results/types.js';
import { errorsOf, fixtureWith } from '../scenario/helpers.js';

/** Fields the results format declares "null when not applicable" (no agreed volume, no staffing). */
const NULLABLE = new Set([
  'agreedStarts',
  'agreedCompletions',
  'startsVariance',
  'completionsVariance',
  'loadWarning',
  'agreed',
  'sessionCapacityPerWeek',
  'target', // fit over time: a cell its table says nothing of (a percent table's remainder)
]);

/** Paths to every number in a result that is not finite, and every null a figure should hold. */
function nonFinite(value: unknown, path = ''): string[] {
  // The cost section holds null for a price or unit cost the scenario does not give (issue 11).
  const notGiven = NULLABLE.has(path.slice(path.lastIndexOf('.') + 1)) || path.startsWith('.cost.');
  if (value === null) return notGiven ? [] : [`${path}=null`];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path}=${value}`];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
}

function loaded(edits: Record<string, unknown>): Scenario {
  const result = loadScenario(fixtureWith(edits));
  if (!result.ok) throw new Error(errorsOf(result).join('\n'));
  return result.scenario;
}

const TABLE = 'establishments[0].population.tables[0]';

/**
 * Runs the scenario; a population that tables and priors leave no one to draw from may instead
 * be refused, with an error naming the tables (never NaN, never an engine-internal message).
 */
function runOrClearError(scenario: Scenario, replications: number, horizonWeeks: number): Results | null {
  try {
    return runScenario(scenario, { replications, horizonWeeks });
  } catch (e) {
    expect((e as Error).message).toMatch(
      /^establishments\[\d+\]\.population\.tables: the tables and priors leave no one to draw/,
    );
    return null;
  }
}

describe('no NaN or null in any result', () => {
  it('refuses a count table whose total is a tiny fraction of a person', () => {
    expect(errorsOf(loadScenario(fixtureWith({ [`${TABLE}.total`]: 1e-320 })))).toEqual([
      `${TABLE}.total: "Population by sentence, October 2014": a count table's total is a number of people: at least 1 (or leave it out), got 1e-320`,
    ]);
  });

  it('keeps the fit report finite even if a tiny total gets past the checks', () => {
    const scenario = loaded({});
    const table = scenario.establishments[0]!.population.tables[0]!;
    table.total = 1e-320;
    const results = runOrClearError(scenario, 2, 8);
    if (results) expect(nonFinite(results)).toEqual([]);
  });

  it('gives finite results for tiny, huge and zero cell counts that load', () => {
    const count = fc.oneof(
      fc.constantFrom(0, 5e-324, 1e-320, 1e-300, 1e-9, 1, 1e7),
      fc.double({ min: 0, max: 1e7, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.tuple(count, count, count), fc.constantFrom('count', 'percent'), (counts, unit) => {
        const edits: Record<string, unknown> = { [`${TABLE}.unit`]: unit };
        counts.forEach((c, i) => (edits[`${TABLE}.cells[${i}].count`] = c));
        const result = loadScenario(fixtureWith(edits));
        if (!result.ok) return; // refused with a clear error is fine too
        const results = runOrClearError(result.scenario, 1, 4);
        if (results) expect(nonFinite(results)).toEqual([]);
      }),
      { numRuns: 12, seed: 10 },
    );
  });
});
