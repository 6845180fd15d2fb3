/**
 * Conservation laws that must hold in every replication of every scenario, checked on the raw
 * per-replication records over randomly generated scenarios (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileScenario, simulateBatch, type CompiledScenario, type RepBatch } from '../../src/index.js';
import { NEED_COUNTS, O, OUTCOMES } from '../../src/engine/layout.js';
import { UNMET_REASONS } from '../../src/engine/unmetReasons.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

const bands = ['under-6m', '6-12m', '1-2y', '2-5y', '5y-plus'];

const arbitraryScenario = fc
  .record({
    groupsPerYear: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 3 }),
    // Declared needs: none (each programme its own), p or r as alternatives, or that then q.
    needs: fc.constantFrom('none', 'alternatives', 'pathway'),
    groupSize: fc.integer({ min: 1, max: 12 }),
    durationWeeks: fc.integer({ min: 1, max: 40 }),
    completionRate: fc.double({ min: 0, max: 1, noNaN: true }),
    suitabilityRate: fc.double({ min: 0, max: 1, noNaN: true }),
    minWeeksLeftToStart: fc.integer({ min: 0, max: 60 }),
    timeLeftShares: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 5, maxLength: 5 }),
    transfersOutPerYear: fc.double({ min: 0, max: 2, noNaN: true }),
    receptionsPerWeek: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null }),
    capacity: fc.integer({ min: 1, max: 120 }),
    weeks: fc.integer({ min: 1, max: 120 }),
    concurrent: fc.boolean(),
    referral: fc.boolean(),
    held: fc.boolean(),
    beds: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    assessment: fc.option(
      fc.record({
        suitable: fc.double({ min: 0, max: 0.5, noNaN: true }),
        notReady: fc.double({ min: 0, max: 0.3, noNaN: true }),
        deniers: fc.double({ min: 0, max: 0.1, noNaN: true }),
        refusers: fc.double({ min: 0, max: 0.1, noNaN: true }),
        reassessAfterWeeks: fc.integer({ min: 1, max: 30 }),
        reReferralShare: fc.double({ min: 0, max: 1, noNaN: true }),
        reReferralAfterWeeks: fc.integer({ min: 1, max: 30 }),
      }),
      { nil: undefined },
    ),
    // The transition lever (transition.ts): p's need moved to r at one site, when they share a need.
    transition: fc.option(fc.record({ week: fc.integer({ min: 0, max: 60 }), at: fc.constantFrom('a', 'b') }), {
      nil: null,
    }),
    start: fc.oneof(
      fc.constant({ mode: 'empty' as const }),
      fc.constant({ mode: 'running' as const }),
      fc.record({ mode: fc.constant('running' as const), warmupWeeks: fc.integer({ min: 0, max: 60 }) }),
    ),
  })
  .map((a) => {
    const shares = Object.fromEntries(bands.map((b, k) => [b, a.timeLeftShares[k] ?? 0]));
    if (Object.values(shares).every((v) => v === 0)) shares['1-2y'] = 1;
    const shared = {
      durationWeeks: a.durationWeeks,
      completionRate: a.completionRate,
      suitabilityRate: a.suitabilityRate,
      minWeeksLeftToStart: a.minWeeksLeftToStart,
      groupSize: a.groupSize,
      allowConcurrent: a.concurrent,
      heldOnCourse: a.held,
      ...(a.assessment ? { assessment: a.assessment } : {}),
    };
    const population = { tables: [], priors: [{ attribute: 'timeLeft', shares }] };
    const flows = { transfersOutPerYear: a.transfersOutPerYear, receptionsPerWeek: a.receptionsPerWeek };
    return {
      weeks: a.weeks,
      scenario: scenario({
        start: a.start,
        programmes: [
          programme({ id: 'p', eligibility: { attribute: 'ogrs', atLeast: '25-49' }, ...shared }),
          programme({
            id: 'q',
            eligibility: { attribute: 'offence', in: ['violent', 'sexual'] },
            ...shared,
            prerequisites: ['p'],
          }),
          programme({ id: 'r', eligibility: { attribute: 'ogrs', atLeast: '50-74' }, ...shared }),
        ],
        needs:
          a.needs === 'none'
            ? []
            : [
                {
                  id: 'n',
                  name: 'N',
                  stages: [{ alternatives: ['p', 'r'] }, ...(a.needs === 'pathway' ? [{ alternatives: ['q'] }] : [])],
                },
              ],
        changes:
          a.transition && a.needs !== 'none'
            ? [
                {
                  fromWeek: a.transition.week,
                  establishment: a.transition.at,
                  set: { kind: 'moveNeed' as const, programme: 'p', to: 'r' },
                },
              ]
            : [],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: a.capacity,
            population,
            flows,
            programmes: a.referral
              ? [{ programme: 'r', groupsPerYear: a.groupsPerYear[2] ?? 0 }]
              : [
                  { programme: 'p', groupsPerYear: a.groupsPerYear[0] ?? 0 },
                  { programme: 'r', groupsPerYear: a.groupsPerYear[2] ?? 0 },
                ],
            referrals: a.referral ? [{ programme: 'p', to: 'b' }] : [],
          }),
          establishment({
            id: 'b',
            operationalCapacity: a.capacity,
            population,
            flows,
            programmes: [
              { programme: 'p', groupsPerYear: a.groupsPerYear[0] ?? 0, acceptsReferrals: true },
              a.beds === undefined
                ? { programme: 'q', groupsPerYear: a.groupsPerYear[1] ?? 0 }
                : { programme: 'q', beds: a.beds },
            ],
          }),
        ],
      }),
    };
  });

function checkReplication(compiled: CompiledScenario, batch: RepBatch, r: number): void {
  const L = compiled.layout;
  const row = batch.scalars.subarray(r * L.scalarCount, (r + 1) * L.scalarCount);
  for (let k = 0; k < row.length; k++) expect(row[k]).toBeGreaterThanOrEqual(0);
  // A programme in no declared need withdraws a place only when it followed its man to another
  // list in the file (a transfer, or a return home from a hub): one move, one place at most.
  let moves = 0;
  for (const e of compiled.establishments) moves += row[L.establishmentScalar(e.index, 'transfersOut')] as number;
  for (const p of compiled.programmes) {
    if (compiled.needs.needOf[p.index] >= 0) continue;
    let withdrawn = 0;
    for (const e of compiled.establishments)
      withdrawn += row[L.programmeBase(e.index, p.index) + L.outcome(O.withdrawn)] as number;
    expect(withdrawn).toBeLessThanOrEqual(moves);
  }
  for (const e of compiled.establishments) {
    for (const p of compiled.programmes) {
      const base = L.programmeBase(e.index, p.index);
      const v = (o: number) => row[base + L.outcome(o)] as number;
      // Every person who joins a list ends in exactly one of started / unmet / still waiting /
      // withdrawn (started another alternative of the same need).
      expect(v(O.joined)).toBe(v(O.starts) + v(O.unmetNeed) + v(O.waitingAtEnd) + v(O.withdrawn));
      // The reasons add up to unmet need; the older two-way split is their sum.
      const reason = (name: (typeof UNMET_REASONS)[number]) => row[base + L.extra(name)] as number;
      expect(UNMET_REASONS.reduce((n, name) => n + reason(name), 0)).toBe(v(O.unmetNeed));
      expect(row[base + L.extra('unmetByDeparture')]).toBe(reason('releasedUntreated') + reason('movedOn'));
      expect(row[base + L.extra('unmetByTimeLeft')]).toBe(
        reason('tooLittleTimeWhileWaiting') + reason('tooLittleTimeOnArrival'),
      );
      // Every course, started in the window or under way at its start (a running start), ends in
      // exactly one of completed / not completed / still in progress.
      expect(v(O.inProgressAtStart) + v(O.starts)).toBe(v(O.completions) + v(O.nonCompletions) + v(O.inProgressAtEnd));
      // Those waiting at the start are among those who joined; the years count the window only.
      expect(v(O.waitingAtStart)).toBeLessThanOrEqual(v(O.joined));
      let yearJoined = 0;
      for (let y = 0; y < L.years; y++) yearJoined += row[base + L.yearly('joined', y)] as number;
      expect(yearJoined).toBe(v(O.joined) - v(O.waitingAtStart));
      expect(v(O.unmetNeed)).toBe(
        row[base + L.extra('unmetByDeparture')]! +
          row[base + L.extra('unmetByTimeLeft')]! +
          row[base + L.extra('deselectedOrNotSuitable')]!,
      );
      // The assessment funnel: every assessment has one outcome; re-referrals are referrals.
      const f = (name: Parameters<typeof L.extra>[0]) => row[base + L.extra(name)] as number;
      expect(f('referred') + f('reassessed')).toBe(f('suitable') + f('notReady') + f('notSuitable'));
      expect(f('deniers') + f('refusers')).toBeLessThanOrEqual(f('notSuitable'));
      expect(f('reReferred')).toBeLessThanOrEqual(f('referred'));
      expect(f('deselected')).toBeLessThanOrEqual(v(O.nonCompletions));
      // Breakdowns by OGRS band, by offence and by year add up to the totals.
      for (let o = 0; o < OUTCOMES.length; o++) {
        let byOgrs = 0;
        for (let b = 0; b < L.ogrsBands; b++) byOgrs += row[base + L.byOgrs(b, o)] as number;
        let byOffence = 0;
        for (let f = 0; f < L.offences; f++) byOffence += row[base + L.byOffence(f, o)] as number;
        expect(byOgrs).toBe(v(o));
        expect(byOffence).toBe(v(o));
      }
      let yearStarts = 0;
      for (let y = 0; y < L.years; y++) yearStarts += row[base + L.yearly('starts', y)] as number;
      expect(yearStarts).toBe(v(O.starts));
      // Starts never exceed the places offered; a bed-based unit never holds more than its beds.
      const beds = e.deliveries[p.index]?.beds ?? null;
      if (beds === null) expect(v(O.starts)).toBeLessThanOrEqual(row[base + L.extra('placesOffered')] as number);
      else expect(v(O.inProgressAtEnd)).toBeLessThanOrEqual(beds);
      // The waiting series ends at the number waiting at the end.
      const W = compiled.weeks;
      const waiting = batch.series[r * L.seriesCount * W + L.programmeSeries(e.index, p.index, 'waiting') * W + W - 1];
      expect(waiting).toBe(v(O.waitingAtEnd));
    }
    checkNeeds(compiled, row, e.index);
    for (let t = 0; t < compiled.tiers.length; t++) {
      const base = L.tierBase(e.index, t);
      expect(row[base + 2]).toBeLessThanOrEqual((row[base + 1] as number) + 1e-9);
    }
  }
}

/** Each declared need counts a person once: started, unmet (by one reason) or still waiting. */
function checkNeeds(compiled: CompiledScenario, row: Float64Array, e: number): void {
  const L = compiled.layout;
  for (const need of compiled.needs.declared) {
    const base = L.needBase(e, need.index);
    const v = (name: (typeof NEED_COUNTS)[number]) => row[base + NEED_COUNTS.indexOf(name)] as number;
    expect(v('joined')).toBe(v('starts') + v('unmetNeed') + v('waitingAtEnd'));
    expect(UNMET_REASONS.reduce((n, name) => n + v(name), 0)).toBe(v('unmetNeed'));
    let yearJoined = 0;
    let yearStarts = 0;
    for (let y = 0; y < L.years; y++) {
      yearJoined += row[base + L.needYearly('joined', y)] as number;
      yearStarts += row[base + L.needYearly('starts', y)] as number;
    }
    expect(yearJoined).toBe(v('joined') - v('waitingAtStart'));
    expect(yearStarts).toBe(v('starts'));
  }
}

/**
 * Over the region a need's starts are its first-stage programmes' starts (one alternative each),
 * except that a drop-out referred again starts a second course for the need he was counted for
 * once: each such extra start needs a re-referral, in the window or before it (a place held at
 * the start), so they are bounded by the re-referrals. Returns the places held at the start.
 */
function checkNeedStarts(compiled: CompiledScenario, row: Float64Array): number {
  const L = compiled.layout;
  let heldAtStart = 0;
  for (const need of compiled.needs.declared) {
    let needStarts = 0;
    let needJoined = 0;
    let programmeStarts = 0;
    let programmeJoined = 0;
    let reReferred = 0;
    let reReferredAtStart = 0;
    for (const e of compiled.establishments) {
      needStarts += row[L.needBase(e.index, need.index) + NEED_COUNTS.indexOf('starts')] as number;
      needJoined += row[L.needBase(e.index, need.index) + NEED_COUNTS.indexOf('joined')] as number;
      for (const p of need.stages[0]) {
        programmeStarts += row[L.programmeBase(e.index, p) + L.outcome(O.starts)] as number;
        programmeJoined += row[L.programmeBase(e.index, p) + L.outcome(O.joined)] as number;
        reReferred += row[L.programmeBase(e.index, p) + L.extra('reReferred')] as number;
        reReferredAtStart += row[L.programmeBase(e.index, p) + L.extra('reReferredAtStart')] as number;
      }
    }
    expect(needStarts).toBeLessThanOrEqual(programmeStarts);
    expect(programmeStarts - needStarts).toBeLessThanOrEqual(reReferred + reReferredAtStart);
    expect(needJoined).toBeLessThanOrEqual(programmeJoined);
    heldAtStart += reReferredAtStart;
  }
  return heldAtStart;
}

describe('conservation in every replication', () => {
  it('holds for random scenarios: lists, courses, breakdowns and series all add up', () => {
    fc.assert(
      fc.property(arbitraryScenario, fc.integer({ min: 0, max: 1000 }), ({ scenario: s, weeks }, seed) => {
        const compiled = compileScenario(s, { seed, replications: 3, horizonWeeks: weeks });
        const batch = simulateBatch(compiled, 0, 3);
        for (let r = 0; r < 3; r++) {
          checkReplication(compiled, batch, r);
          checkNeedStarts(compiled, batch.scalars.subarray(r * compiled.layout.scalarCount));
        }
      }),
      // A fixed seed by default: a random one found the counterexample below, a gap older than
      // this test's last change, and CI must not pass or fail by the draw. FC_SEED explores others.
      {
        numRuns: 60,
        seed: 20261205,
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}),
      },
    );
  }, 120_000);

  // Found on 2026-12-05 by a random seed: a one-week window after a 41-week warm-up starts a man on
  // p at b whose need is not counted as started, with no re-referral in the window (programme
  // starts 1, need starts 0). He had dropped out of p in the warm-up (its need started then) and
  // been referred again; his place was handed over. The bound missed re-referrals before the window.
  it("bounds the starts beyond the need's by re-referrals in the window and places held from before it", () => {
    const example = scenario({
      start: { mode: 'running', warmupWeeks: 41 },
      programmes: ['p', 'q', 'r'].map((id) =>
        programme({
          id,
          eligibility:
            id === 'q'
              ? { attribute: 'offence', in: ['violent', 'sexual'] }
              : { attribute: 'ogrs', atLeast: id === 'p' ? '25-49' : '50-74' },
          suitabilityRate: 0,
          priority: [{ by: 'ogrs', order: 'desc' }, { by: 'releaseDate' }],
          groupSize: 1,
          durationWeeks: 1,
          completionRate: 0,
          minWeeksLeftToStart: 0,
          prerequisites: id === 'q' ? ['p'] : [],
          assessment: {
            suitable: 0.2172740851528943,
            notReady: 0,
            deniers: 0,
            refusers: 0,
            reassessAfterWeeks: 1,
            reReferralShare: 0.03571402886882425,
            reReferralAfterWeeks: 21,
          },
        }),
      ),
      needs: [{ id: 'n', name: 'N', stages: [{ alternatives: ['p', 'r'] }] }],
      establishments: ['a', 'b'].map((id) =>
        establishment({
          id,
          operationalCapacity: 17,
          population: { tables: [], priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 2, '2-5y': 1 } }] },
          flows: { receptionsPerWeek: 0, transfersOutPerYear: 0 },
          programmes:
            id === 'a'
              ? [
                  { programme: 'p', groupsPerYear: 5 },
                  { programme: 'r', groupsPerYear: 0 },
                ]
              : [
                  { programme: 'p', groupsPerYear: 5, acceptsReferrals: true },
                  { programme: 'q', groupsPerYear: 0 },
                ],
        }),
      ),
    });
    const compiled = compileScenario(example, { seed: 743, replications: 3, horizonWeeks: 1 });
    const batch = simulateBatch(compiled, 0, 3);
    let held = 0;
    for (let r = 0; r < 3; r++)
      held += checkNeedStarts(compiled, batch.scalars.subarray(r * compiled.layout.scalarCount));
    // The counterexample's own: a re-referral's place held at the start.
    expect(held).toBeGreaterThan(0);
  });

  it('never lets a person on two non-concurrent courses at once', () => {
    const s = scenario({
      // A warm-up of one course cycle (the default sizes it from the backlog: this closed stock of
      // 20 would be through both courses before the window).
      start: { mode: 'running', warmupWeeks: 30 },
      programmes: [programme({ id: 'x', durationWeeks: 30 }), programme({ id: 'y', durationWeeks: 30 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 20,
          programmes: [
            // Both at week 0 as declared (a schedule left open has its phase drawn in a running start).
            { programme: 'x', groupsPerYear: 1, groupSize: 20, firstStartWeek: 0 },
            { programme: 'y', groupsPerYear: 1, groupSize: 20, firstStartWeek: 0 },
          ],
        }),
      ],
    });
    const compiled = compileScenario(s, { replications: 2, horizonWeeks: 52 });
    const batch = simulateBatch(compiled, 0, 2);
    const L = compiled.layout;
    for (let r = 0; r < 2; r++) {
      const row = batch.scalars.subarray(r * L.scalarCount);
      // Both groups start in week 0 with room for everyone: only one of them can take each person.
      const x = row[L.programmeBase(0, 0) + L.outcome(O.starts)] as number;
      const y = row[L.programmeBase(0, 1) + L.outcome(O.starts)] as number;
      expect(x + y).toBe(20);
      expect(x).toBe(20);
    }
  });
});
