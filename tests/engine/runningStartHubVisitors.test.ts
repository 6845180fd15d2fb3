/**
 * A running start opens each hub with the visitors the warm-up left on its courses (issue 6):
 * men of the referring prisons, whom the hub's table counts beside its own. Given to the hub's own
 * men instead, a course under way opened with the hub over its own share and the visitors who
 * came for the next courses on top of it (the West Midlands: Swinfen Hall's sex offenders, 77 in
 * its table, 83 a year into the window; Stafford's OGRS 50-74 sex offenders 21 -> 24).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenarioText } from '../../src/index.js';
import type { Replication } from '../../src/engine/replication.js';
import { probeHandOver, type Moment } from './warmupProbe.js';

const REPLICATIONS = 4;

describe('a running start at hubs', () => {
  it('opens the window with the visitors on courses that the warm-up left, hub by hub', () => {
    const text = readFileSync(new URL('../../scenarios/west-midlands-2014.json', import.meta.url), 'utf8');
    const loaded = loadScenarioText(text);
    if (!loaded.ok) throw new Error('the West Midlands scenario does not load');
    const compiled = compileScenario(loaded.scenario, { replications: REPLICATIONS, horizonWeeks: 4 });
    const hubs = compiled.establishments.length;
    const onCourses: Record<Moment, Float64Array> = {
      warmupEnd: new Float64Array(hubs),
      window: new Float64Array(hubs),
    };
    probeHandOver(compiled, (r: Replication, week: number, moment: Moment) => {
      // The replication's people and hub returns, read as the engine holds them.
      const state = r as unknown as {
        people: Replication['people'];
        hubReturns: { homeOf(i: number): number } | null;
      };
      const people = state.people;
      for (let i = 0; i < people.count; i++) {
        if (people.departWeek[i] <= week || people.activeCourses[i] === 0) continue;
        const home = state.hubReturns?.homeOf(i) ?? -1;
        if (home >= 0 && home !== people.establishment[i])
          onCourses[moment][people.establishment[i]] += 1 / REPLICATIONS;
      }
    });
    const rows = compiled.establishments
      .map((e) => ({ hub: e.name, warmupEnd: onCourses.warmupEnd[e.index], window: onCourses.window[e.index] }))
      .filter((row) => row.warmupEnd >= 5);
    // Swinfen Hall, Stafford, Oakwood and Dovegate hold men of the region on their courses.
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row.window, row.hub).toBeGreaterThanOrEqual(0.9 * row.warmupEnd);
  });
});
