import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fieldContext } from '../../web/scenario/field-context.js';

const stafford = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
  establishments: { programmes: unknown[]; population: { tables: unknown[] } }[];
  programmes: unknown[];
};

describe('field context', () => {
  it('names the scenario for its top-level fields', () => {
    expect(fieldContext(stafford, ['name'])).toBe('Scenario');
    expect(fieldContext(stafford, ['source'])).toBe('Scenario');
  });

  it('names the establishment, section and list item a field sits in', () => {
    expect(fieldContext(stafford, ['establishments', 0, 'name'])).toBe('HMP Stafford');
    expect(fieldContext(stafford, ['establishments', 0, 'flows', 'source'])).toBe('HMP Stafford, flows');
    expect(fieldContext(stafford, ['establishments', 0, 'population', 'tables', 0, 'label'])).toMatch(
      /^HMP Stafford, population, table “.+”$/,
    );
    // A delivered programme is named as the catalogue names it, not by its id ("tsp").
    expect(fieldContext(stafford, ['establishments', 0, 'programmes', 0, 'groupSize'])).toBe(
      'HMP Stafford, programme “Thinking Skills Programme (TSP)”',
    );
    expect(fieldContext(stafford, ['programmes', 0, 'groupSize'])).toMatch(/^Catalogue, programme “.+”$/);
  });

  it('gives fields that share a label different contexts', () => {
    const sources = [
      ['source'],
      ['establishments', 0, 'source'],
      ['establishments', 0, 'population', 'source'],
      ...stafford.establishments[0]!.population.tables.map((_, i) => [
        'establishments',
        0,
        'population',
        'tables',
        i,
        'source',
      ]),
      ...stafford.programmes.map((_, i) => ['programmes', i, 'source']),
      ['caseManagement', 'source'],
    ] as (string | number)[][];
    const contexts = sources.map((p) => fieldContext(stafford, p));
    expect(new Set(contexts).size).toBe(contexts.length);
  });

  it('numbers an unnamed item by its position', () => {
    const doc = { caseManagement: { tiers: [{}, {}] } };
    expect(fieldContext(doc, ['caseManagement', 'tiers', 1, 'sessionsPerYear'])).toBe('Case management, tier 2');
  });

  it('never names an item by its id: an item with only an id is numbered', () => {
    const doc = {
      establishments: [
        { id: 'hmp-x', referrals: [{ programme: 'c-sotp', to: 'hmp-y' }], population: { tables: [{ id: 't4b' }] } },
      ],
    };
    expect(fieldContext(doc, ['establishments', 0, 'referrals', 0, 'to'])).toBe('Establishment 1, referral 1');
    expect(fieldContext(doc, ['establishments', 0, 'population', 'tables', 0, 'total'])).toBe(
      'Establishment 1, population, table 1',
    );
  });
});

describe('field context in the Bands and fill distributions card', () => {
  it('names fill distributions, declared attributes and their categories as the form does', () => {
    const doc = {
      ...stafford,
      attributes: [{ id: 'gang', label: 'Gang affiliation', categories: [{ id: 'yes', label: 'Affiliated' }] }],
      priors: [{ attribute: 'gang', shares: { yes: 1 } }],
    };
    expect(fieldContext(doc, ['priors', 0, 'shares', 'yes'])).toBe('Fill distribution 1');
    expect(fieldContext(doc, ['establishments', 0, 'population', 'priors', 0, 'source'])).toBe(
      'HMP Stafford, population, fill distribution 1',
    );
    expect(fieldContext(doc, ['attributes', 0, 'categories', 0, 'label'])).toBe(
      'Declared attribute “Gang affiliation”, category “Affiliated”',
    );
  });
});
