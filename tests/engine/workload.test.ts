/** The workload arithmetic (engine/workload.ts), by hand. */
import { describe, expect, it } from 'vitest';
import {
  deliverInPriority,
  fteFor,
  keyWorkFor,
  minutesPerFteWeek,
  tierMinutesPerWeek,
} from '../../src/engine/workload.js';
import { keyWorkSchema } from '../../src/scenario/schema.js';

describe('workload arithmetic', () => {
  it('adds contact, tasks and one-off minutes for a tier', () => {
    // 10 POM-led men at 12 sessions of 75 minutes; 3 with a 520-minute task; a 180-minute handover this week.
    expect(tierMinutesPerWeek(10, 12 * 75, [7, 7, 3, 0], 2, [520, 999], 180)).toBeCloseTo(
      (10 * 900 + 3 * 520) / 52 + 180,
      12,
    );
  });

  it('serves tiers in priority order, each in full before the next', () => {
    const delivered = new Float64Array(3);
    const left = deliverInPriority([100, 50, 30], [1, 0, 2], 120, delivered);
    expect([...delivered]).toEqual([70, 50, 0]);
    expect(left).toBe(0);
    expect(deliverInPriority([100, 50, 30], [0, 1, 2], Infinity, delivered)).toBe(Infinity);
    expect([...delivered]).toEqual([100, 50, 30]);
  });

  it('turns minutes into FTE at the staffing hours', () => {
    expect(minutesPerFteWeek({ hoursPerFteWeek: 37.5, availability: 0.8 })).toBe(1800);
    expect(fteFor(2700, 1800)).toBe(1.5);
    expect(fteFor(2700, 0)).toBe(0);
  });

  it('works key work out at 45 minutes a prisoner a week and 6 prisoners an officer', () => {
    expect(keyWorkFor(600, keyWorkSchema.parse({}))).toEqual({
      hoursPerWeek: 450,
      officerFteRequired: 12,
      keyWorkers: 100,
    });
  });
});
