/**
 * Bed-based programmes (beds.ts): beds with rolling intake, a leaver's bed refilled from the list.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { meanStayWeeks } from '../../src/engine/beds.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

describe('bed-based programmes', () => {
  it('starts beds / mean stay a year at full occupancy (Little’s law), within 2%', () => {
    // Everyone starting has time to finish: a stay cut short by release would shorten the mean
    // stay and so raise the starts beds can take (first-come order starts men near release).
    const tc = programme({ id: 'tc', durationWeeks: 20, completionRate: 0.6, minWeeksLeftToStart: 20 });
    const s = scenario({
      programmes: [tc],
      establishments: [
        establishment({ id: 'a', operationalCapacity: 3000, programmes: [{ programme: 'tc', beds: 50 }] }),
      ],
    });
    const r = runScenario(s, { replications: 20, horizonWeeks: 520 }).establishments[0]!.programmes[0]!;
    const stay = meanStayWeeks({ durationWeeks: 20, completionRate: 0.6 });
    expect(stay).toBeCloseTo(0.6 * 20 + 0.4 * 10.5, 9);
    const perYear = (50 * 52) / stay;
    // Years 2-10: past any effect of the opening.
    const later = r.perYear.slice(1);
    const observed = later.reduce((n, y) => n + y.starts.mean, 0) / later.length;
    expect(Math.abs(observed - perYear) / perYear).toBeLessThan(0.02);
    expect(r.placesPerYear).toBeCloseTo(perYear, 6);
    // The unit is full at the end: every bed taken.
    expect(r.inProgressAtEnd).toEqual({ mean: 50, p5: 50, p50: 50, p95: 50 });
  });

  it('refills a leaver’s bed in the week it is freed (rolling intake, not closed groups)', () => {
    // 10 beds, stays of exactly 10 weeks: intakes of 10 at weeks 0, 10, 20 and 30.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tc', durationWeeks: 10 })],
      establishments: [
        establishment({ id: 'a', operationalCapacity: 100, programmes: [{ programme: 'tc', beds: 10 }] }),
      ],
    });
    const r = runScenario(s, { replications: 3, horizonWeeks: 35 }).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(40);
    const cumulative = r.series.cumulativeStarts.mean;
    expect([cumulative[0], cumulative[9], cumulative[10], cumulative[29], cumulative[30]]).toEqual([
      10, 10, 20, 30, 40,
    ]);
  });

  it('starts a drop-out’s replacement at once, so a unit with high drop-out starts more than its beds a year', () => {
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tc', durationWeeks: 52, completionRate: 0.2 })],
      establishments: [
        establishment({ id: 'a', operationalCapacity: 500, programmes: [{ programme: 'tc', beds: 70 }] }),
      ],
    });
    const r = runScenario(s, { replications: 5, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBeGreaterThan(100);
    expect(r.inProgressAtEnd.mean).toBe(70);
  });

  it('opens beds from a scheduled change', () => {
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'pipe', durationWeeks: 52 })],
      establishments: [
        establishment({ id: 'a', operationalCapacity: 100, programmes: [{ programme: 'pipe', beds: 0 }] }),
      ],
      changes: [{ fromWeek: 10, establishment: 'a', set: { kind: 'beds', programme: 'pipe', value: 20 } }],
    });
    const r = runScenario(s, { replications: 3, horizonWeeks: 30 }).establishments[0]!.programmes[0]!;
    expect(r.series.cumulativeStarts.mean[9]).toBe(0);
    expect(r.series.cumulativeStarts.mean[10]).toBe(20);
    expect(r.starts.mean).toBe(20);
  });
});

describe('bed-based deliveries in a file', () => {
  const withDelivery = (delivery: Record<string, unknown>, changes: unknown[] = []) => {
    const input = JSON.parse(JSON.stringify(scenario({ programmes: [programme({ id: 'tc' })] }))) as {
      establishments: { programmes: unknown[] }[];
      changes: unknown[];
    };
    input.establishments[0]!.programmes = [{ programme: 'tc', ...delivery }];
    input.changes = changes;
    return loadScenario(input);
  };

  it('refuses beds and groups a year on one delivery, naming the field', () => {
    const loaded = withDelivery({ beds: 20, groupsPerYear: 4 });
    expect(loaded.ok).toBe(false);
    const text = JSON.stringify(loaded);
    expect(text).toContain('establishments[0].programmes[0].groupsPerYear');
    expect(text).toContain('bed-based');
  });

  it('refuses a change of beds for a delivery run in groups', () => {
    const loaded = withDelivery({ groupsPerYear: 4 }, [
      { fromWeek: 5, establishment: 'a', set: { kind: 'beds', programme: 'tc', value: 10 } },
    ]);
    expect(loaded.ok).toBe(false);
    expect(JSON.stringify(loaded)).toContain('changes[0].set.programme');
  });

  it('loads a file with beds alone', () => {
    expect(withDelivery({ beds: 20 }).ok).toBe(true);
  });
});
