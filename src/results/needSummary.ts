/**
 * Need results (src/engine/needs.ts): each person counted once per need. Declared needs come
 * from their own block of counts; a programme in no declared need is its own need, with its
 * programme's figures.
 */
import type { CompiledScenario } from '../engine/compile.js';
import { NEED_COUNTS, O, YEARLY, type NeedCount } from '../engine/layout.js';
import { FIXED_BY_PLACES, UNMET_REASONS } from '../engine/unmetReasons.js';
import type { NeedResult, ProgrammeResult, Stat, UnmetByReason, YearCounts } from './types.js';

interface Tools {
  gather: (establishments: readonly number[], localIndex: (e: number) => number) => Float64Array;
  stat: (values: Float64Array) => Stat;
}

/** Sum of columns, replication by replication. */
export function sumColumns(columns: readonly Float64Array[], length: number): Float64Array {
  const out = new Float64Array(length);
  for (const c of columns) for (let r = 0; r < length; r++) out[r] += c[r];
  return out;
}

/** The reasons of a block, and the part of unmet need more places can fix. */
export function reasonsOf(
  column: (reason: (typeof UNMET_REASONS)[number]) => Float64Array,
  stat: (values: Float64Array) => Stat,
): { unmetByReason: UnmetByReason; unmetFixableByPlaces: Stat } {
  const columns = Object.fromEntries(UNMET_REASONS.map((r) => [r, column(r)])) as Record<
    (typeof UNMET_REASONS)[number],
    Float64Array
  >;
  const length = columns.releasedUntreated.length;
  return {
    unmetByReason: Object.fromEntries(UNMET_REASONS.map((r) => [r, stat(columns[r])])) as unknown as UnmetByReason,
    unmetFixableByPlaces: stat(
      sumColumns(
        FIXED_BY_PLACES.map((r) => columns[r]),
        length,
      ),
    ),
  };
}

export function needResults(
  compiled: CompiledScenario,
  establishments: readonly number[],
  programmes: readonly ProgrammeResult[],
  { gather, stat }: Tools,
): NeedResult[] {
  const L = compiled.layout;
  const W = compiled.weeks;
  const ids = compiled.programmes.map((p) => p.definition.id);
  const out: NeedResult[] = [];
  const seen = new Set<number>();
  // A programme in no declared need withdraws a place only when it followed its man to another
  // list (a transfer within the region, transfers.ts): his need is counted once, where it went.
  const joinedOnce = (at: readonly number[], p: number): Stat => {
    const joined = gather(at, (e) => L.programmeBase(e, p) + L.outcome(O.joined));
    const withdrawn = gather(at, (e) => L.programmeBase(e, p) + L.outcome(O.withdrawn));
    return stat(joined.map((v, r) => v - withdrawn[r]));
  };
  const joinedOnceIn = (at: readonly number[], p: number, year: number): Stat => {
    const joined = gather(at, (e) => L.programmeBase(e, p) + L.yearly('joined', year));
    const withdrawn = gather(at, (e) => L.programmeBase(e, p) + L.yearly('withdrawn', year));
    return stat(joined.map((v, r) => v - withdrawn[r]));
  };
  const zero = (): Stat => stat(new Float64Array(gather([], () => 0).length));
  for (const p of compiled.programmes) {
    const n = compiled.needs.needOf[p.index];
    if (n < 0) {
      const r = programmes[p.index];
      out.push({
        need: r.programme,
        name: r.name,
        stages: [[r.programme]],
        declared: false,
        joined: r.withdrawn.mean > 0 ? joinedOnce(establishments, p.index) : r.joined,
        starts: r.starts,
        completions: r.completions,
        unmetNeed: r.unmetNeed,
        waitingAtEnd: r.waitingAtEnd,
        waitingAtStart: r.waitingAtStart,
        unmetByReason: r.unmetByReason,
        unmetFixableByPlaces: r.unmetFixableByPlaces,
        // A year's joiners count a followed place once, where it went, as the need's total does.
        perYear:
          r.withdrawn.mean > 0
            ? r.perYear.map((y) => ({
                ...y,
                joined: joinedOnceIn(establishments, p.index, y.year - 1),
                withdrawn: zero(),
              }))
            : r.perYear,
      });
      continue;
    }
    if (seen.has(n)) continue;
    seen.add(n);
    const need = compiled.needs.declared[n];
    const column = (offset: number) => gather(establishments, (e) => L.needBase(e, n) + offset);
    const count = (name: NeedCount) => stat(column(NEED_COUNTS.indexOf(name)));
    const perYear: YearCounts[] = Array.from({ length: L.years }, (_, y) => ({
      year: y + 1,
      weeks: Math.min(52, W - y * 52),
      ...(Object.fromEntries(YEARLY.map((name) => [name, stat(column(L.needYearly(name, y)))])) as Record<
        (typeof YEARLY)[number],
        Stat
      >),
    }));
    out.push({
      need: need.id,
      name: need.name,
      stages: need.stages.map((stage) => stage.map((q) => ids[q])),
      declared: true,
      joined: count('joined'),
      starts: count('starts'),
      completions: count('completions'),
      unmetNeed: count('unmetNeed'),
      waitingAtEnd: count('waitingAtEnd'),
      waitingAtStart: count('waitingAtStart'),
      ...reasonsOf((reason) => column(NEED_COUNTS.indexOf(reason)), stat),
      perYear,
    });
  }
  return out;
}
