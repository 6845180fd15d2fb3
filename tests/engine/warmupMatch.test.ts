/**
 * A running start's hand-over matches an opening man to a warm-up man by the time each has left
 * when the window opens (serviceSnapshot.ts timeLeftBounds), not by the time-left band drawn when the
 * warm-up man was received, which he keeps however long he has been inside.
 */
import { describe, expect, it } from 'vitest';
import { People } from '../../src/engine/people.js';
import { ServiceSnapshot, type WarmupEnd } from '../../src/engine/serviceSnapshot.js';
import { KeyIndex, NO_RECORD } from '../../src/engine/recordGroups.js';
import { stream } from '../../src/random/streams.js';

const W = 100;
/** Bands under 26 weeks, 26-52, 52-104, 104-260, 260 and more; C-SOTP's 39 weeks within 26-52. */
const BOUNDS = [26, 39, 52, 104, 260];
const BAND = { '6-12m': 1, '1-2y': 2, '2-5y': 3 };

/** Warm-up men of one segment (offence 0), each received in the 2-5 year band, with weeks left at W. */
function warmupEnd(weeksLeft: number[], waiting: number[]): WarmupEnd {
  const people = new People(2, 1, 8);
  for (const left of weeksLeft) {
    const i = people.add();
    people.codes[i * 2] = 0;
    people.codes[i * 2 + 1] = BAND['2-5y'];
    people.establishment[i] = 0;
    people.releaseWeek[i] = W + left;
    people.departWeek[i] = W + left;
  }
  return {
    people,
    weeks: W,
    lists: [
      [
        {
          size: waiting.length,
          person: waiting,
          joinWeek: waiting.map(() => W - 10),
          origin: waiting.map(() => 0),
        },
      ],
    ],
    courses: { count: 0, person: [], programme: [], endWeek: [], completes: [] },
    deliveries: [[{ nextStart: W + 5, lastStart: W - 5 }]],
    reReferrals: [],
  };
}

function snapshot(end: WarmupEnd): ServiceSnapshot {
  return new ServiceSnapshot(end, [0], [2, 5], BOUNDS, stream('test', 0, 'match'));
}

/** An opening man's codes: offence 0, and the time-left band his weeks to serve are in. */
function opening(band: number): Uint8Array {
  return Uint8Array.of(0, band);
}

describe('the hand-over’s match', () => {
  it('reads a warm-up man’s time left now, not the band he was received in', () => {
    // Received with 2 to 5 years, 45 weeks left when the window opens, waiting; another with 200.
    const snap = snapshot(warmupEnd([45, 200], [0]));
    const rng = stream('test', 0, 'draws');
    // An opening man with 45 weeks (band 6 to 12 months) takes the waiting man's record: by the
    // band the two never met, and his place was lost with a record of another segment.
    expect(snap.recordFor(0, opening(BAND['6-12m']), 0, 45, rng)).toBe(0);
    expect([...snap.entries(0)].length).toBe(1);
    // One with 150 weeks (2 to 5 years) takes the man who has 200.
    expect(snap.recordFor(0, opening(BAND['2-5y']), 0, 150, rng)).toBe(1);
  });

  it('matches apart the men a programme’s least time left divides within a band', () => {
    // Two warm-up men with 45 and 30 weeks left (both 6 to 12 months now): only the first can start
    // a programme needing 39, and he is the one waiting for it.
    const snap = snapshot(warmupEnd([30, 45], [1]));
    const rng = stream('test', 0, 'draws');
    // The opening man with 44 weeks takes the waiting man's record whatever the pools' order...
    expect(snap.recordFor(0, opening(BAND['6-12m']), 0, 44, rng)).toBe(1);
    // ...and the one with 31 weeks the other's; a third finds no full record of his time left
    // (a history-only record, below NO_RECORD, at most).
    expect(snap.recordFor(0, opening(BAND['6-12m']), 0, 31, rng)).toBe(0);
    expect(snap.recordFor(0, opening(BAND['6-12m']), 0, 31, rng)).toBeLessThan(0);
  });

  it('takes a record of the nearest class with records left before the history alone, the class above first', () => {
    // No warm-up man has 52 to 104 weeks left; one has 30 (waiting), one 120 (his reception band's
    // top, above every opening man's time left). Matched by his class alone, the opening man with
    // 60 weeks took the history only, and the record holding the place found no taker.
    const snap = snapshot(warmupEnd([30, 120], [1]));
    const rng = stream('test', 0, 'draws');
    expect(snap.recordFor(0, opening(BAND['1-2y']), 0, 60, rng, false)).toBe(NO_RECORD);
    expect(snap.recordFor(0, opening(BAND['1-2y']), 0, 60, rng)).toBe(1);
    expect([...snap.entries(1)].length).toBe(1);
    // The next takes the one left, below; a third the history alone.
    expect(snap.recordFor(0, opening(BAND['1-2y']), 0, 60, rng)).toBe(0);
    expect(snap.recordFor(0, opening(BAND['1-2y']), 0, 60, rng)).toBeLessThan(NO_RECORD);
  });
});

describe('KeyIndex (the hand-over pools’ segment numbers)', () => {
  it('numbers keys in the order first added and finds each again as it grows, keys past 2^32 too', () => {
    // Keys that share their low 32 bits or their high bits, and whole numbers up to 2^52.
    const keys: number[] = [];
    for (let k = 0; k < 3000; k++)
      keys.push(k * 2 ** 32 + 7, 7 + k, k * 2 ** 32, Math.floor(Math.sin(k + 1) ** 2 * 2 ** 52));
    const unique = [...new Set(keys)];
    const index = new KeyIndex();
    for (const key of keys) index.add(key);
    expect(index.size).toBe(unique.length);
    unique.forEach((key, n) => {
      expect(index.get(key)).toBe(n);
      expect(index.add(key)).toBe(n);
    });
    expect(index.size).toBe(unique.length);
    expect(index.get(2 ** 52 + 2)).toBe(-1);
    expect(index.get(5)).toBe(-1);
  });
});
