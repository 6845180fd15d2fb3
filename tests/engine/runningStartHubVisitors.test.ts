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

// 8 were too few for the bounds below: with the derived history's larger sample (treatmentHistory.ts)
// Swinfen Hall kept 0.83 of its visitors over 8 replications and 0.89 over 24 (0.91 before it).
const REPLICATIONS = 24;

describe('a running start at hubs', () => {
  it('opens the window with the visitors on courses that the warm-up left, hub by hub', () => {
    const text = readFileSync(new URL('../../scenarios/west-midlands-2014.json', import.meta.url), 'utf8');
    const loaded = loadScenarioText(text);
    if (!loaded.ok) throw new Error('the West Midlands scenario does not load');
    const compiled = compileScenario(loaded.scenario, { replications: REPLICATIONS, horizonWeeks: 4 });
    const hubs = compiled.establishments.length;
    const ogrs = compiled.ogrsAttribute;
    const bands = compiled.attributes[ogrs]!.categories.length;
    const onCourses: Record<Moment, Float64Array> = {
      warmupEnd: new Float64Array(hubs),
      window: new Float64Array(hubs),
    };
    // By hub and OGRS band (hub x bands + band): the visitors the list's order sent.
    const byBand: Record<Moment, Float64Array> = {
      warmupEnd: new Float64Array(hubs * bands),
      window: new Float64Array(hubs * bands),
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
        if (home < 0 || home === people.establishment[i]) continue;
        const hub = people.establishment[i];
        onCourses[moment][hub] += 1 / REPLICATIONS;
        byBand[moment][hub * bands + people.codes[i * people.attributes + ogrs]!] += 1 / REPLICATIONS;
      }
    });
    const rows = compiled.establishments
      .map((e) => ({ hub: e.name, warmupEnd: onCourses.warmupEnd[e.index]!, window: onCourses.window[e.index]! }))
      .filter((row) => row.warmupEnd >= 5);
    // Swinfen Hall, Stafford, Oakwood and Dovegate hold men of the region on their courses.
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // 8f39356 (a course a visitor held went to the hub's own men first): Oakwood 12 of 18.3,
    // Stafford 11.1 of 15.3, Swinfen Hall 14.9 of 20.3 (8 replications).
    for (const row of rows) expect(row.window, row.hub).toBeGreaterThanOrEqual(0.85 * row.warmupEnd);
    // And of the OGRS bands the warm-up had sent, at the sex-offender hubs: with a visitor's
    // record taken by time left alone (3c0aad8), Stafford opened with 6.3 OGRS 25-49 men where the
    // warm-up held 4, and 2.8 of OGRS 50-74 where it held 4.9. Still short: Oakwood's OGRS 75-89
    // (SCP), 13 of 18.1 (8.3 before), its referring prisons holding too few free men of the band.
    for (const hub of ['HMP Stafford', 'HMP Swinfen Hall']) {
      const e = compiled.establishments.find((x) => x.name === hub)!.index;
      for (let band = 0; band < bands; band++) {
        const [end, open] = [byBand.warmupEnd[e * bands + band]!, byBand.window[e * bands + band]!];
        if (end >= 3) expect(Math.abs(open - end), `${hub}, OGRS band ${band}`).toBeLessThanOrEqual(0.3 * end);
      }
    }
  });
});
