/** Small scenarios for engine tests: everything explicit, nothing left to chance but the draws. */
import { releaseRulesSchema, scenarioSchema, type Scenario, type ScenarioInput } from '../../src/index.js';

type ProgrammeInput = ScenarioInput['programmes'][number];
type EstablishmentInput = ScenarioInput['establishments'][number];

export function programme(overrides: Partial<ProgrammeInput> & { id: string }): ProgrammeInput {
  return {
    name: overrides.id.toUpperCase(),
    eligibility: { always: true },
    groupSize: 10,
    durationWeeks: 10,
    completionRate: 1,
    minWeeksLeftToStart: 0,
    suitabilityRate: 1,
    ...overrides,
  };
}

/** People whose time left to serve is fixed to one band, so nobody leaves unless the test says. */
export function timeLeftPrior(band: string) {
  return { attribute: 'timeLeft', shares: { [band]: 1 } };
}

export function establishment(overrides: Partial<EstablishmentInput> & { id: string }): EstablishmentInput {
  return {
    name: overrides.id,
    operationalCapacity: 100,
    population: { tables: [], priors: [timeLeftPrior('5y-plus')] },
    ...overrides,
  };
}

/** The sentence prior every builder scenario has unless it gives its own priors. */
export const DETERMINATE = { attribute: 'sentence', shares: { 'det-4y-plus': 1 } };

export function scenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  const input: ScenarioInput = {
    schemaVersion: 2,
    name: 'Test',
    startDate: '2014-04-01',
    seed: 1,
    replications: 20,
    programmes: [programme({ id: 'tsp' })],
    caseManagement: { tiers: [{ id: 'all', when: { always: true }, sessionsPerYear: 4 }] },
    establishments: [establishment({ id: 'a' })],
    // Everyone serves a determinate sentence, so time left alone decides release (release.ts
    // gives remand, recalls and ISPs rules of their own, and extended sentences and home
    // detention curfew release some determinate sentences early); a test that wants them says so.
    priors: [DETERMINATE],
    release: releaseRulesSchema.parse({ extended: { share: 0 }, hdc: { grantedShare: 0 } }),
    ...overrides,
  };
  return scenarioSchema.parse(input);
}

/**
 * Two prisons (200 and 100 places) with TSP alone, 6 and 3 groups a year: small enough to run
 * a few hundred replications in a test, with a region that is more than one prison.
 */
export function twoPrisonsWithTsp(): Scenario {
  return scenario({
    programmes: [
      programme({
        id: 'tsp',
        minWeeksLeftToStart: 26,
        durationWeeks: 10,
        suitabilityRate: 0.6,
        completionRate: 0.8,
        priority: [{ by: 'releaseDate' }],
      }),
    ],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 200,
        population: { tables: [], priors: [timeLeftPrior('1-2y')] },
        flows: { receptionsPerWeek: 2 },
        programmes: [{ programme: 'tsp', groupsPerYear: 6 }],
      }),
      establishment({
        id: 'b',
        operationalCapacity: 100,
        population: { tables: [], priors: [timeLeftPrior('1-2y')] },
        flows: { receptionsPerWeek: 1 },
        programmes: [{ programme: 'tsp', groupsPerYear: 3 }],
      }),
    ],
  });
}
