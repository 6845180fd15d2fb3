import { describe, expect, it } from 'vitest';
import { bedFigures, otherNotSuitableShare, reservationWords } from '../../web/scenario/plans.js';

describe('figures beside the funnel, reservations and beds in the editor', () => {
  it('gives the share not suitable for other reasons as the rest of 1', () => {
    expect(otherNotSuitableShare({ suitable: 0.65, notReady: 0.1, deniers: 0.15, refusers: 0.07 })).toBeCloseTo(
      0.03,
      9,
    );
    // Shares left out are 0 (the schema's defaults).
    expect(otherNotSuitableShare({ suitable: 0.8 })).toBeCloseTo(0.2, 9);
    // Typed as percentages: 70 + 20 + 10 leaves nothing, not 1e-17.
    expect(otherNotSuitableShare({ suitable: 0.7, notReady: 0.2, refusers: 0.1 })).toBe(0);
    expect(otherNotSuitableShare({ suitable: 0.9, notReady: 0.2 })).toBeCloseTo(-0.1, 9);
    expect(otherNotSuitableShare(undefined)).toBeNull();
    expect(otherNotSuitableShare({ suitable: 'x' })).toBeNull();
  });

  it('gives a bed-based unit’s mean stay and places a year (beds x 52 / mean stay)', () => {
    const f = bedFigures(70, { durationWeeks: 52, completionRate: 0.5 })!;
    expect(f.meanStayWeeks).toBeCloseTo(0.5 * 52 + 0.5 * 26.5, 9);
    expect(f.placesPerYear).toBeCloseTo((70 * 52) / 39.25, 9);
    expect(bedFigures(70, { durationWeeks: 52 })).toBeNull();
    expect(bedFigures(undefined, { durationWeeks: 52, completionRate: 0.5 })).toBeNull();
  });

  it('says what a reservation keeps of each group', () => {
    expect(reservationWords({ reservedShare: 0.25 }, 10)).toBe('25% (about 2.5 of 10)');
    expect(reservationWords({ reservedShare: 0.07 }, null)).toBe('7%');
    expect(reservationWords({ reservedPlaces: 3 }, 10)).toBe('3 of 10');
    expect(reservationWords({ plannedCompletions: 18 }, 10)).toBe('none');
  });
});
