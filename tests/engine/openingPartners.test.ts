import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpeningPartners } from '../../src/engine/openingPartners.js';
import { People } from '../../src/engine/people.js';

const OFFENCE = 0;
const SENTENCE = 1;

/** A table of people with the given (offence, sentence) codes, one person each. */
function peopleOf(codes: readonly (readonly [number, number])[]): People {
  const people = new People(2, 1, codes.length);
  for (const [offence, sentence] of codes) {
    const i = people.add();
    people.codes[i * 2 + OFFENCE] = offence;
    people.codes[i * 2 + SENTENCE] = sentence;
  }
  return people;
}

/** The places in `men` of the men of i's offence and sentence, walked over the whole list. */
function placesByWalk(people: People, men: readonly number[], i: number): number[] {
  const same = (j: number) =>
    people.codes[j * 2 + OFFENCE] === people.codes[i * 2 + OFFENCE] &&
    people.codes[j * 2 + SENTENCE] === people.codes[i * 2 + SENTENCE];
  return men.flatMap((j, at) => (same(j) ? [at] : []));
}

describe('OpeningPartners', () => {
  it('takes a man out as the walk over a plain list did: the last into his place', () => {
    const people = peopleOf([
      [0, 0],
      [1, 0],
      [0, 0],
      [1, 1],
    ]);
    const partners = new OpeningPartners([0, 1, 2, 3], people, OFFENCE, SENTENCE);
    expect(partners.placesLike(0)).toEqual([0, 2]);
    expect(partners.take(0)).toBe(0);
    expect(partners.men).toEqual([3, 1, 2]);
    expect(partners.placesLike(2)).toEqual([2]);
    expect(partners.placesLike(3)).toEqual([0]);
    expect(partners.take(2)).toBe(2);
    expect(partners.placesLike(0)).toEqual([]);
    expect(partners.men).toEqual([3, 1]);
  });

  it('keeps, after any takes, the places of each offence and sentence those a walk finds', () => {
    const codes = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(codes, fc.array(fc.nat(), { maxLength: 40 }), (men, draws) => {
        const people = peopleOf(men);
        const all = men.map((_, i) => i);
        const partners = new OpeningPartners(all.slice(), people, OFFENCE, SENTENCE);
        const plain = all.slice();
        for (const d of draws) {
          if (plain.length === 0) break;
          const at = d % plain.length;
          const expected = plain[at];
          plain[at] = plain[plain.length - 1];
          plain.pop();
          expect(partners.take(at)).toBe(expected);
          expect(partners.men).toEqual(plain);
          for (const i of all) expect(partners.placesLike(i)).toEqual(placesByWalk(people, plain, i));
        }
      }),
    );
  });
});
