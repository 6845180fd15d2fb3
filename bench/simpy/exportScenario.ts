/**
 * Exports a compiled Placewise scenario as plain JSON for the SimPy baseline (model.py): what a
 * modeller would hand a discrete-event model of the same dynamics. The fits, rules and release
 * model are Placewise's own (compileScenario), so both models start from the same input:
 *
 * - per establishment, the opening population and the receptions as weighted person profiles
 *   (OGRS rank, time-left band, sentence kind, the time left at which the segment moves on, and
 *   eligibility per programme as bit masks), tabulated from draws of the fitted synthesizers;
 * - stay distributions: draws of (weeks to release, to earliest release, to sentence) per
 *   time-left band and sentence kind, from the release model, for the opening population and
 *   for receptions (which stay to about the top of their band);
 * - arrival rates, transfers out, programme definitions, assessment funnels, needs' first-stage
 *   alternatives, priorities and group schedules.
 *
 * Eligibility on time left is exported as one mask per interval between the thresholds at which
 * the engine reassesses (reassessBeforeRelease); rules on treatment history other than the
 * prerequisites are read with the prerequisites done (model.py checks those itself); segments
 * with places kept for them are exported per profile as programme * 8 + segment.
 *
 * Usage: tsx bench/simpy/exportScenario.ts <stafford|national> <out.json> [draws per table]; prints
 * its milliseconds (loading, compiling, tabulating) as one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compileScenario, loadScenarioText } from '../../src/index.js';
import type { CompiledScenario } from '../../src/engine/compile.js';
import { bandRanks, hasReservations } from '../../src/engine/allocation.js';
import { compileAssessment } from '../../src/engine/assessment.js';
import { SentenceKind } from '../../src/engine/release.js';
import type { Synthesizer } from '../../src/population/synthesizer.js';
import { DEPENDS, FALSE, type Subject } from '../../src/rules/criteria.js';
import { stream } from '../../src/random/streams.js';
import { nationalScenarioText } from '../nationalScenario.js';

const scenarios = new URL('../../scenarios/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, scenarios), 'utf8');

/** The benchmark scenarios the comparison runs, as file text. */
export const SIMPY_SCENARIOS: Record<string, () => string> = {
  stafford: () => read('stafford-2014.json'),
  national: () => nationalScenarioText(read('west-midlands-2014.json')),
};

/** Weeks to release standing for "more than every threshold" when a rule reads time left. */
const FAR = 100000;

export function exportScenario(compiled: CompiledScenario, draws = 40000): unknown {
  const c = compiled;
  const A = c.attributes.length;
  const P = c.programmes.length;
  const ogrsRank = bandRanks(c.attributes[c.ogrsAttribute]);
  const bands = c.attributes[c.timeLeftAttribute].categories.map((k) => ({
    min: k.min ?? 0,
    max: k.max ?? k.min ?? 0,
  }));
  // Thresholds, largest first: interval 0 is more than all of them, interval k at most thresholds[k-1].
  const thresholds = [...c.reassessBeforeRelease].sort((a, b) => b - a);
  const intervals = [FAR, ...thresholds];
  const codes = new Uint8Array(A);
  let weeksToRelease = FAR;
  let prerequisites: readonly number[] = [];
  const subject: Subject = {
    code: (a) => codes[a],
    weeksToRelease: () => weeksToRelease,
    completed: (q) => prerequisites.includes(q),
  };

  /** Eligibility bit mask (programme p is bit p) for each time-left interval, under `rules`. */
  const masks = (rules: CompiledScenario['establishments'][number]['eligibility']): number[] =>
    intervals.map((wtr) => {
      weeksToRelease = wtr;
      let mask = 0;
      for (let p = 0; p < P; p++) {
        prerequisites = c.programmes[p].prerequisites;
        const known = rules[p].lookup.valueFor(codes, 0, subject);
        if (known === FALSE || (known === DEPENDS && !rules[p].criterion.test(subject))) continue;
        mask |= 1 << p;
      }
      prerequisites = [];
      return mask;
    });

  // Profiles shared by every establishment's tables: one row per distinct key.
  const profiles: unknown[] = [];
  const profileIndex = new Map<string, number>();
  const profileOf = (row: unknown[]): number => {
    const key = JSON.stringify(row);
    let k = profileIndex.get(key);
    if (k === undefined) {
      k = profiles.length;
      profiles.push(row);
      profileIndex.set(key, k);
    }
    return k;
  };

  /** A synthesizer's people as weighted profiles (identical establishments share one table). */
  const tableCache = new Map<string, [number, number][]>();
  const tabulate = (
    e: CompiledScenario['establishments'][number],
    source: Synthesizer,
    exitOf: (cell: number) => number,
    name: string,
  ): [number, number][] => {
    const rng = stream(c.seed, 0, `simpy-export/${name}`);
    const counts = new Map<number, number>();
    for (let k = 0; k < draws; k++) {
      const cell = source.drawCell(rng);
      source.fill(cell, codes, 0, rng);
      const kind = c.release.kindOf[codes[c.sentenceAttribute]];
      const eligible = masks(e.eligibility);
      // After a remand prisoner is sentenced he is assessed as anyone else, on the sentenced code.
      const sentence = codes[c.sentenceAttribute];
      codes[c.sentenceAttribute] = c.release.sentencedCode;
      const sentenced = masks(e.eligibility);
      codes[c.sentenceAttribute] = sentence;
      // Priority "criteria" keys: whether the person matches each programme's first such key.
      let criteria = 0;
      for (let p = 0; p < P; p++) {
        const key = (e.deliveries[p]?.priority ?? c.programmes[p].priority).find((x) => x.by === 'criteria');
        if (key && key.by === 'criteria' && key.when.test(subject)) criteria |= 1 << p;
      }
      // Segments with places kept for them, as programme * 8 + segment.
      const segments: number[] = [];
      e.deliveries.forEach((d, p) =>
        d?.segments.forEach((g, k) => {
          if ((g.reservedShare !== null || g.reservedPlaces !== null) && g.when.test(subject)) segments.push(p * 8 + k);
        }),
      );
      const row = [
        ogrsRank[codes[c.ogrsAttribute]],
        codes[c.timeLeftAttribute],
        kind,
        exitOf(cell),
        eligible,
        sentenced,
        criteria,
        segments,
      ];
      const profile = profileOf(row);
      counts.set(profile, (counts.get(profile) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => a[0] - b[0]);
  };
  const table = (
    e: CompiledScenario['establishments'][number],
    source: Synthesizer,
    exitOf: (cell: number) => number,
    name: string,
  ) => {
    // Same synthesizer and rules (shared fits of identical establishments): same table.
    const key = `${name}/${objectId(source)}/${e.eligibility.map((r) => objectId(r)).join(',')}`;
    let t = tableCache.get(key);
    if (!t) {
      t = tabulate(e, source, exitOf, `${e.id}/${name}`);
      tableCache.set(key, t);
    }
    return t;
  };

  // Stays: draws of the release plan per band and kind, for the opening population and receptions.
  const kindCount = Math.max(...Object.values(SentenceKind)) + 1;
  const stays = (opening: boolean, toBandTop: boolean) => {
    const rng = stream(c.seed, 0, `simpy-export/stays/${opening}`);
    return bands.map((band) =>
      Array.from({ length: kindCount }, (_, kind) =>
        Array.from({ length: 256 }, () => {
          const width = band.max - band.min;
          const left = toBandTop
            ? band.min <= 0
              ? 1 + Math.floor(rng.next() * Math.max(1, 2 * band.max - 1))
              : Math.max(1, Math.floor(band.max + (rng.next() - 0.5) * width))
            : Math.max(1, Math.floor(band.min + rng.next() * width));
          const plan = c.release.draw(kind, left, opening, rng);
          return [plan.weeksToRelease, plan.weeksToEarliestRelease, plan.weeksToSentence];
        }),
      ),
    );
  };

  const notes: string[] = [];
  const establishments = c.establishments.map((e) => {
    if (e.referralTo.some((r) => r >= 0)) notes.push(`${e.id}: referrals to other sites are not modelled`);
    const deliveries = e.deliveries.flatMap((d, p) => {
      if (!d) return [];
      if (d.segments.length > 8) throw new Error(`${e.id}: more than 8 segments on a delivery`);
      return [
        {
          programme: p,
          groupsPerYear: d.groupsPerYear,
          groupSize: d.groupSize,
          firstStartWeek: d.firstStartWeek,
          beds: d.beds,
          reserved: hasReservations(d.segments)
            ? d.segments.map((g) => ({ share: g.reservedShare, places: g.reservedPlaces }))
            : null,
          priority: d.priority.map((k) => (k.by === 'ogrs' ? (k.descending ? 'ogrsDescending' : 'ogrs') : k.by)),
        },
      ];
    });
    return {
      id: e.id,
      populationTotal: e.populationTotal,
      receptionsPerWeek: e.receptionsPerWeek,
      transfersOutPerWeek: e.transfersOutPerWeek,
      stock: table(e, e.stock, (cell) => e.openingExitWeeksLeft?.[cell] ?? 0, 'stock'),
      receptions: table(
        e,
        e.receptions,
        (cell) => (e.receptions.stayToBandTop ? e.receptions.exitWeeksLeft(cell) : 0),
        'receptions',
      ),
      receptionsStayToBandTop: e.receptions.stayToBandTop,
      deliveries,
    };
  });
  if (c.changes.length > 0) notes.push(`${c.changes.length} scheduled changes are not modelled`);

  return {
    name: c.scenario.name,
    weeks: c.weeks,
    warmupWeeks: c.start.warmupWeeks,
    remandEligible: c.release.remandEligible,
    remandKind: SentenceKind.Remand,
    thresholds,
    programmes: c.programmes.map((p) => {
      const a = compileAssessment(p.definition);
      const n = c.needs.needOf[p.index];
      return {
        id: p.definition.id,
        durationWeeks: p.definition.durationWeeks,
        minWeeksLeftToStart: p.definition.minWeeksLeftToStart,
        completionRate: p.definition.completionRate,
        allowConcurrent: p.definition.allowConcurrent,
        heldOnCourse: p.definition.heldOnCourse,
        prerequisites: p.prerequisites,
        // Alternatives of the same need's first stage: starting one withdraws the others.
        firstStageNeed: n >= 0 && c.needs.stageOf[p.index] === 0 ? n : -1,
        funnel: a,
        priority: p.priority.map((k) => (k.by === 'ogrs' ? (k.descending ? 'ogrsDescending' : 'ogrs') : k.by)),
      };
    }),
    reassessOnCompletion: c.reassessOnCompletion,
    stays: { opening: stays(true, false), receptions: stays(false, true) },
    profileFields: [
      'ogrsRank',
      'timeLeftBand',
      'sentenceKind',
      'exitWeeksLeft',
      'eligible',
      'eligibleSentenced',
      'criteria',
      'segments',
    ],
    profiles,
    establishments,
    notes: [...new Set(notes)],
  };
}

/** A number per object, to key tables by the synthesizer and rules they were drawn from. */
const ids = new WeakMap<object, number>();
function objectId(o: object): number {
  let k = ids.get(o);
  if (k === undefined) ids.set(o, (k = nextId++));
  return k;
}
let nextId = 0;

// Run as a script: export one scenario.
if (process.argv[1] && /exportScenario\.[tj]s$/.test(process.argv[1])) {
  const [name, out, draws] = process.argv.slice(2);
  const text = name ? SIMPY_SCENARIOS[name] : undefined;
  if (!text || !out) {
    console.error(`usage: exportScenario.ts <${Object.keys(SIMPY_SCENARIOS).join('|')}> <out.json> [draws]`);
    process.exit(2);
  }
  const t0 = performance.now();
  const loaded = loadScenarioText(text());
  if (!loaded.ok) throw new Error(`${name} does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const compiled = compileScenario(loaded.scenario, { replications: 1 });
  writeFileSync(out, JSON.stringify(exportScenario(compiled, draws ? Number(draws) : undefined)));
  // Loading, fitting and tabulating: the SimPy model's share of "loading and fitting".
  console.log(JSON.stringify({ exportMs: performance.now() - t0 }));
}
