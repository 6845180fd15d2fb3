import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { errorsOf, fixtureWith } from './helpers.js';

const load = (edits: Record<string, unknown>) => loadScenario(fixtureWith(edits));
const SEXUAL = { attribute: 'offence', in: ['sexual'] };

describe("a site's allocation rules", () => {
  it('loads a site eligibility, priority and planned segments', () => {
    const result = load({
      'establishments[0].programmes[0].eligibility': SEXUAL,
      'establishments[0].programmes[0].priority': [{ by: 'ogrs' }, { by: 'releaseDate' }],
      'establishments[0].programmes[0].segments': [
        { id: 'sex', when: SEXUAL, plannedCompletions: 18, reservedShare: 0.25 },
      ],
    });
    expect(errorsOf(result)).toEqual([]);
  });

  it('names a bad criterion in a site eligibility or a segment by its path', () => {
    const errors = errorsOf(
      load({
        'establishments[0].programmes[0].eligibility': { attribute: 'offence', in: ['sexul'] },
        'establishments[0].programmes[0].segments': [{ id: 'x', when: { attribute: 'ogr', in: ['50-74'] } }],
      }),
    );
    expect(errors.some((e) => e.startsWith('establishments[0].programmes[0].eligibility.in'))).toBe(true);
    expect(errors.some((e) => e.startsWith('establishments[0].programmes[0].segments[0].when'))).toBe(true);
  });

  it('refuses a segment with both a share and a number of places, and reservations beyond a group', () => {
    const errors = errorsOf(
      load({
        'establishments[0].programmes[0].segments': [
          { id: 'a', when: SEXUAL, reservedShare: 0.5, reservedPlaces: 2 },
          { id: 'b', when: SEXUAL, reservedShare: 0.75 },
        ],
      }),
    );
    expect(errors).toContain(
      'establishments[0].programmes[0].segments[0].reservedPlaces: give reservedShare or reservedPlaces, not both (got a share of 0.5 and 2 places)',
    );
    expect(
      errors.some((e) => e.startsWith('establishments[0].programmes[0].segments: reserved shares add up to 1.25')),
    ).toBe(true);
  });

  it('refuses two segments with one id', () => {
    const errors = errorsOf(
      load({
        'establishments[0].programmes[0].segments': [
          { id: 'a', when: SEXUAL },
          { id: 'a', when: SEXUAL },
        ],
      }),
    );
    expect(errors.some((e) => e.includes('duplicate segment id "a"'))).toBe(true);
  });
});
