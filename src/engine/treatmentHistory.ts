/**
 * The treatment history a man opens with: the scenario's rules by segment, and the history derived
 * for a warm-up's opening stock on lists that never clear.
 */
import type { CompiledEstablishment, CompiledScenario } from './compile.js';
import type { CompileCache } from './compileCache.js';
import type { People } from './people.js';
import type { RandomStream } from '../random/streams.js';
import type { Attribute, Criterion, Scenario } from '../scenario/schema.js';
import type { Rule } from './compile.js';
import type { Subject } from '../rules/criteria.js';
import { EligibilityProfiles, MAX_PROGRAMMES } from './eligibilityProfiles.js';
import { DEPENDS, FALSE } from '../rules/criteria.js';
import { stream } from '../random/streams.js';
import { compileAssessment } from './assessment.js';
import { openingTimeLeft } from '../population/arrivals.js';
import { meanStayWeeks } from './beds.js';
import { canonicalJson } from '../population/canonical.js';
import { withStableFields } from './stableFields.js';

/**
 * Treatment history before this sentence or establishment, from the scenario's
 * `treatmentHistory` (editable defaults by segment): applied to each person as they are filled
 * in, at the start and on reception, so completers of a first programme (Core SOTP) need the
 * next (Extended SOTP) from the first week. In a running start the opening population then takes
 * its warm-up match's record, which had the same history on reception plus what the warm-up added.
 */
export class TreatmentHistoryDefaults {
  /**
   * The entries' rules tabled by profile of codes (eligibilityProfiles.ts, entry k as bit k): one
   * table read an arrival for all of them, not a lookup per entry; null with more than a mask holds.
   */
  private readonly profiles: EligibilityProfiles | null;

  private constructor(
    private readonly entries: { programme: number; when: Rule; share: number }[],
    attributes: readonly Attribute[],
  ) {
    this.profiles =
      entries.length <= MAX_PROGRAMMES
        ? new EligibilityProfiles(
            entries.map((h) => h.when),
            attributes,
          )
        : null;
  }

  static compile(
    scenario: Scenario,
    rule: (c: Criterion) => Rule,
    programmeIndex: (id: string) => number,
    attributes: readonly Attribute[],
  ): TreatmentHistoryDefaults | null {
    const entries = scenario.treatmentHistory
      .filter((h) => h.share > 0)
      .map((h) => ({ programme: programmeIndex(h.programme), when: rule(h.when), share: h.share }));
    return entries.length > 0 ? new TreatmentHistoryDefaults(entries, attributes) : null;
  }

  /** Marks person i's completed programmes; draws only for people a rule picks out. */
  apply(
    people: People,
    i: number,
    row: number,
    subject: Subject & { i: number; week: number },
    week: number,
    rng: RandomStream,
  ): void {
    subject.i = i;
    subject.week = week;
    // Indexed, not for-of: at every arrival.
    const entries = this.entries;
    const profiles = this.profiles;
    if (profiles !== null) {
      // Only the entries whose rule his codes leave open (their set bits, lowest first: the
      // entries' order, so the same draws in the same order); those that depend on more ask him.
      let open = profiles.open(people.codes, row);
      const check = profiles.check;
      while (open !== 0) {
        const k = 31 - Math.clz32(open & -open);
        open &= open - 1;
        const h = entries[k];
        if (people.hasCompleted(i, h.programme)) continue;
        if ((check & (1 << k)) !== 0 && !h.when.criterion.test(subject)) continue;
        if (rng.next() < h.share) people.markCompleted(i, h.programme);
      }
      return;
    }
    for (let k = 0; k < entries.length; k++) {
      const h = entries[k];
      if (people.hasCompleted(i, h.programme)) continue;
      const known = h.when.lookup.valueFor(people.codes, row, subject);
      if (known === FALSE || (known === DEPENDS && !h.when.criterion.test(subject))) continue;
      if (rng.next() < h.share) people.markCompleted(i, h.programme);
    }
  }
}

/**
 * Purpose of the derived history's draws (hashUniform's last argument, per man and programme:
 * replicationState.ts lists the others, which leave 6 to 15 free).
 */
export const DERIVED_HISTORY = 6;

/** One list's derived history (derivedHistory), for the reader. */
export interface DerivedHistoryList {
  establishment: string;
  programme: string;
  /** Men a cold start puts on it: eligible, with time to start, times the share found suitable. */
  coldList: number;
  placesPerYear: number;
  /** Its starts a year: its places, or fewer where fewer join it (alternatives of a need served most places first). */
  startsPerYear: number;
  /** Places a year times the completion rate. */
  completionsPerYear: number;
  /** Share of the men who would join it at the warm-up's start marked as having completed it. */
  share: number;
}

/**
 * Programmes whose completion something reads: another's prerequisites, or a `completed`
 * criterion anywhere in the scenario (eligibility, priority, tiers, changes). The file is data, so
 * every rule is found by walking it.
 */
function completionsRead(scenario: Scenario): Set<string> {
  const ids = new Set(scenario.programmes.flatMap((p) => p.prerequisites));
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x !== null && typeof x === 'object') {
      const completed = (x as { completed?: unknown }).completed;
      if (typeof completed === 'string') ids.add(completed);
      Object.values(x).forEach(visit);
    }
  };
  visit(scenario);
  return ids;
}

/** Per list and priority class, the share of would-be joiners marked completed. */
export interface DerivedHistory {
  /** (listAt x programmes + programme) x classes + class (priorityClass). */
  share: Float64Array;
  classes: number;
  /**
   * Per list (listAt x programmes + programme): 1 where a class of it has a share. An opening man
   * is asked his priority class only on those (custody.ts openingHistory; Stafford: 3 lists of 13).
   */
  marked: Uint8Array;
  lists: DerivedHistoryList[];
}

/**
 * The least sample of a prison's opening stock, and of its receptions, derivedHistory works from
 * (the prison's own numbers where more). Why: the estimate is made once, from one sample, and
 * every replication's warm-up opens with it, so its sampling error is common to all of them and
 * no Monte Carlo interval shows it. With samples the size of HMP Stafford's stock (750) and its
 * receptions drawn one by one, renaming it (its id keys the samples' streams) moved its derived
 * shares with a coefficient of variation over 24 ids of 2.7% (TSP), 4.0% (C-SOTP) and 19%
 * (RESOLVE: from 24% to 53% of its cold list marked over eight). Its receptions integerised as the
 * stock is: 2.8%, 4.2% and 8.4%; with these samples too, 0.9%, 1.5% and 2.9%, in about 6 ms
 * against 1 ms (warm, Node).
 */
const STOCK_SAMPLE = 6000;
const RECEPTION_SAMPLE = 3000;

/**
 * The treatment history a running service would have given the warm-up's opening stock, on the
 * lists a cold start leaves longer than the warm-up can clear (`clears`: warmup.ts warmupClears).
 *
 * Why: a cold start puts every eligible man of the stock on the lists, where a running service's
 * list is the eligible stock less the men on a course and those who completed and are still
 * inside. A list whose places never keep up sheds that excess only as those men leave, years at
 * a trainer, so after the warm-up's two years the window opened with what was left and its list
 * fell through the window (Stafford, 60 replications: TSP 343 waiting at the start, 304 at the end
 * of year 3; C-SOTP 77 and 62, where a warm-up of 377 weeks gives 287 and 51); a warm-up that long
 * cost x1.37 (Stafford) to x2.1 (the West Midlands) in time, and more in memory.
 *
 * A fluid estimate per list and priority class (priorityClass), from the quantities
 * backlogWarmupWeeks reads. Its places a year (groups x size, or beds over the mean stay) go to
 * the men joining it (receptions a year times the share it would take), class by class in the
 * list's order; men eligible for several alternatives of one need are served first by the one
 * with the most places, the rest spill to the next (Stafford's RESOLVE: about 21 a year eligible
 * for its 20 places, nearly all TSP's too; about 5 start it). A class's completions a year
 * (starts times the completion rate) times the mean weeks its cold men could have had since
 * completing (in a steady stock time served is distributed as time left: his weeks left to
 * start it, less the course, in expectation over transfers out), over its cold list, is the share
 * of the men who would join it that had completed it (at most all). Measured (Stafford, 60
 * replications): TSP 281 waiting at the start, 281 at the end of year 3; C-SOTP 50 and 46.
 * Tried and dropped: each man completed with chance 1 - exp(-rate x his weeks), which saturates
 * (TSP 299 and 292, C-SOTP 61 and 52: the fall remained).
 *
 * Off the list for good are the completers and, where no programme follows (as Extended SOTP
 * follows Core, for completers only), the drop-outs not referred again: a running service's list
 * holds neither, and they are marked alike (completed, for the lists' purposes). Completers alone,
 * Dovegate's DTC (47% complete, none referred again) opened the West Midlands' window with 134
 * waiting and ended it with 112, where a 312-week warm-up holds 111 (20 replications); so, 110 and
 * 118.
 *
 * Each replication's warm-up draws per man and programme from its own counter stream
 * (custody.ts openingHistory, purpose DERIVED_HISTORY), after the scenario's own treatmentHistory
 * (a user's figures come first). The marks are history: no start or completion is counted.
 */
export function derivedHistory(
  compiled: CompiledScenario,
  clears: (coldList: number, placesPerYear: number) => boolean,
  cache?: CompileCache,
): DerivedHistory | undefined {
  // In passes of their own (sampled lists, starts, shares), not one long function: V8 compiled
  // it afresh in every Chromium worker, on the cores the opening's replications run on.
  const h = historyInputs(compiled);
  const { cold, spanWeeks, bySet } = cache
    ? cache.historySamples(samplesKey(compiled.scenario), () => historySamples(h))
    : historySamples(h);
  const starts = startsBySite(h, bySet);
  return listShares(h, clears, cold, spanWeeks, starts);
}

/**
 * What derivedHistory draws of each prison's stock and receptions: per list and priority class
 * (list x K + class) the men on its cold list (suitable-weighted) and the sum of their weeks in
 * which they could have started and finished it; and receptions a year per site (a list's
 * establishment and need, or a programme of no need) by the lists each would join and his
 * priority class on each (setKeys). Read, never changed, by the passes after it.
 */
export interface HistorySamples {
  cold: Float64Array;
  spanWeeks: Float64Array;
  bySet: Map<number, Map<number | string, number>>;
}

function historySamples(h: HistoryInputs): HistorySamples {
  const { P, E, K } = h;
  const cold = new Float64Array(E * P * K);
  const spanWeeks = new Float64Array(E * P * K);
  const bySet = new Map<number, Map<number | string, number>>();
  for (const e of h.compiled.establishments) {
    const leaving = sampleStock(h, e, cold, spanWeeks);
    // Receptions a year: the scenario's rate, or as many as leave (the stock's leavers in a year).
    const perYear = e.receptionsPerWeek !== null ? 52 * e.receptionsPerWeek : leaving;
    sampleReceptions(h, e, perYear, bySet);
  }
  return { cold, spanWeeks, bySet };
}

/**
 * A delivery's fields the samples never read: its places (groups a year, group size, beds, when
 * the first group starts), what is only reported beside them (agreed volumes, actuals, cost) and
 * its provenance (source, and the defaults list, which the app's editor changes with the field a
 * user sets: without it here the first edit of a prison's groups drew the samples again). Places
 * are read only after the samples (startsBySite, listShares).
 */
const NOT_SAMPLED_DELIVERY_FIELDS = new Set([
  'groupsPerYear',
  'groupSize',
  'beds',
  'firstStartWeek',
  'agreedStarts',
  'agreedCompletions',
  'actual',
  'cost',
  'source',
  'defaults',
]);

/**
 * The scenario as historySamples reads it, as text: all of it but NOT_SAMPLED_DELIVERY_FIELDS and
 * the run's seed and replications (the samples' streams are keyed by establishment id alone). So
 * an edit of a prison's groups a year, the app's commonest, reuses the samples (about three
 * quarters of compiling the West Midlands, Node, warm), and any other edit draws them afresh.
 */
function samplesKey(scenario: Scenario): string {
  const establishments = scenario.establishments.map((e) => ({
    ...e,
    programmes: e.programmes.map((d) =>
      Object.fromEntries(Object.entries(d).filter(([field]) => !NOT_SAMPLED_DELIVERY_FIELDS.has(field))),
    ),
  }));
  return canonicalJson({ ...scenario, seed: undefined, replications: undefined, establishments });
}

/** What derivedHistory's passes read of the compiled scenario, and the scratch they share. */
interface HistoryInputs {
  compiled: CompiledScenario;
  P: number;
  E: number;
  K: number;
  funnels: ReturnType<typeof compileAssessment>[];
  suitable: number[];
  /** Programmes another follows (Extended SOTP after Core), or any rule asks completed: only their completers are through. */
  followed: Set<string>;
  minWeeksLeft: number[];
  durationWeeks: number[];
  /** Programmes a man can join on arrival: no prerequisite, and some are found suitable. */
  joinable: boolean[];
  /** The HDC weeks early of the stay an opening man is on (openingTimeLeft), as custody.ts keeps it. */
  early: Int32Array;
  /** The codes of the man drawn, and the subject rules read them through. */
  codes: Uint8Array;
  subject: Subject;
  bands: { min: number; max: number }[];
  keys: ReturnType<typeof setKeys>;
  /** listsOf's answer, one array reused: it runs for every man of both samples. */
  out: number[];
}

function historyInputs(compiled: CompiledScenario): HistoryInputs {
  const K = classCount(compiled);
  const funnels = compiled.programmes.map((p) => compileAssessment(p.definition));
  const suitable = funnels.map((f) => f.suitableBelow);
  const codes = new Uint8Array(compiled.attributes.length);
  return withStableFields(HistoryInputsFields, {
    compiled,
    P: compiled.programmes.length,
    E: compiled.establishments.length,
    K,
    funnels,
    suitable,
    followed: completionsRead(compiled.scenario),
    minWeeksLeft: compiled.programmes.map((p) => p.definition.minWeeksLeftToStart),
    durationWeeks: compiled.programmes.map((p) => p.definition.durationWeeks),
    joinable: compiled.programmes.map((p, k) => p.definition.prerequisites.length === 0 && suitable[k] > 0),
    early: new Int32Array(1).fill(-1),
    codes,
    subject: { code: (a) => codes[a], weeksToRelease: () => Infinity, completed: () => false },
    bands: compiled.attributes[compiled.timeLeftAttribute]!.categories.map((category) => ({
      min: category.min ?? 0,
      max: category.max ?? category.min ?? 0,
    })),
    keys: setKeys(compiled, K),
    out: [],
  });
}

/** Places a year of programme p at establishment `at`: groups x size, or beds over the mean stay. */
function placesOf(compiled: CompiledScenario, at: number, p: number): number {
  const d = compiled.establishments[at].deliveries[p];
  if (!d) return 0;
  return d.beds !== null
    ? (d.beds * 52) / meanStayWeeks(compiled.programmes[p].definition)
    : d.groupsPerYear * d.groupSize;
}

/**
 * The lists (listAt x P + p) a man of h.codes, `toRelease` weeks from release, would wait on, in
 * programme order (h.out, reused).
 */
function listsOf(h: HistoryInputs, e: CompiledEstablishment, toRelease: number): number[] {
  const { compiled, P, codes, out } = h;
  out.length = 0;
  if (compiled.release.shutOut(codes[compiled.sentenceAttribute])) return out;
  for (let p = 0; p < P; p++) {
    if (!h.joinable[p] || toRelease < h.minWeeksLeft[p]) continue;
    if (e.eligibility[p].lookup.valueFor(codes, 0, h.subject) === FALSE) continue;
    out.push((e.referralTo[p] >= 0 ? e.referralTo[p] : e.index) * P + p);
  }
  return out;
}

/**
 * Establishment e's stock in the tables' proportions (integerised: openingCells), each man of the
 * sample counting for the prison's own over the sample's size: onto `cold` and `spanWeeks` by list
 * and class. Returns how many of the stock leave within a year.
 */
function sampleStock(h: HistoryInputs, e: CompiledEstablishment, cold: Float64Array, spanWeeks: Float64Array): number {
  const { compiled, K, P, codes, suitable, minWeeksLeft, durationWeeks, early } = h;
  const release = compiled.release;
  const rng = stream('warm-up/history', 0, e.id);
  let leaving = 0;
  const stockSample = e.populationTotal > 0 ? Math.max(STOCK_SAMPLE, Math.round(e.populationTotal)) : 0;
  const weight = stockSample > 0 ? e.populationTotal / stockSample : 0;
  for (const cell of e.stock.openingCells(stockSample, rng)) {
    e.stock.fill(cell, codes, 0, rng);
    // His stay as an opening man's (custody.ts arrive): his time left by the stay law his
    // receptions keep (openingTimeLeft), then his sentence's rule; a segment that moves on
    // before release leaves earlier.
    const band = h.bands[codes[compiled.timeLeftAttribute]];
    const law = e.receptions.stayToBandTop ? e.receptions.joint.stays : undefined;
    const left = openingTimeLeft(law, cell, band, rng.next(), early);
    const kind = release.kindOf[codes[compiled.sentenceAttribute]];
    const fixedShare = law ? law.fixedShare[cell] : -1;
    const toRelease = release.draw(kind, left, true, rng, codes, 0, early[0], fixedShare).weeksToRelease;
    let depart = toRelease;
    const exit = e.openingExitWeeksLeft ? e.openingExitWeeksLeft[cell] : 0;
    if (exit > 0 && toRelease - exit > 0) depart = Math.min(depart, toRelease - exit);
    const rate = e.transfersOutPerWeek;
    leaving += weight * (depart <= 52 ? 1 : 1 - Math.exp(-rate * 52));
    for (const k of listsOf(h, e, toRelease)) {
      const p = k % P;
      const c = k * K + priorityClass(compiled, Math.floor(k / P), p, codes, 0, h.subject);
      cold[c] += weight * suitable[p];
      // Weeks he could have started and finished it in: those left before his window closes
      // or he leaves, less the course, in expectation over transfers out.
      const span = Math.max(0, Math.min(depart, toRelease - minWeeksLeft[p]) - durationWeeks[p]);
      spanWeeks[c] += weight * suitable[p] * (rate > 0 ? (1 - Math.exp(-rate * span)) / rate : span);
    }
  }
  return leaving;
}

/**
 * Establishment e's receptions, `perYear` of them a year, in the receptions' proportions
 * (integerised as the opening is, not drawn one by one): onto `bySet` by site and the set of
 * lists (and classes) a man would join there.
 */
function sampleReceptions(
  h: HistoryInputs,
  e: CompiledEstablishment,
  perYear: number,
  bySet: Map<number, Map<number | string, number>>,
): void {
  const { compiled, P, codes, keys } = h;
  const sample = Math.max(RECEPTION_SAMPLE, Math.round(e.populationTotal));
  const receptionRng = stream('warm-up/history/receptions', 0, e.id);
  const receptionCells = e.receptions.openingCells(sample, receptionRng);
  for (let n = 0; n < sample; n++) {
    const cell = receptionCells[n];
    e.receptions.fill(cell, codes, 0, receptionRng);
    // A reception stays about the top of his band (custody.ts arrive).
    const lists = listsOf(h, e, h.bands[codes[compiled.timeLeftAttribute]].max);
    // Each site he comes to once, with the set of his lists there (they are in programme
    // order, a site's not always side by side: a need's alternatives may be referred apart).
    for (let j = 0; j < lists.length; j++) {
      const site = keys.siteOf(lists[j]);
      let seen = false;
      for (let m = 0; m < j && !seen; m++) seen = keys.siteOf(lists[m]) === site;
      if (seen) continue;
      let set: number | string = 0;
      for (let m = j; m < lists.length; m++) {
        const k = lists[m];
        if (keys.siteOf(k) !== site) continue;
        const q = k % P;
        set = keys.add(set, q, priorityClass(compiled, Math.floor(k / P), q, codes, 0, h.subject));
      }
      let row = bySet.get(site);
      if (!row) bySet.set(site, (row = new Map()));
      row.set(set, (row.get(set) ?? 0) + perYear / sample);
    }
  }
}

/**
 * Starts a year per list and class: a site's alternatives of a need, most places first, take
 * their places from the men still unserved, class by class in the order of the list's priority
 * (classes apart, the men of a class are served in proportion).
 */
function startsBySite(h: HistoryInputs, bySet: Map<number, Map<number | string, number>>): Float64Array {
  const { compiled, P, E, K, keys, suitable } = h;
  const starts = new Float64Array(E * P * K);
  for (const [site, row] of bySet) {
    const at = keys.establishmentOf(site);
    const groups = [...row.keys()].map((set) => keys.pairs(site, set));
    const weight = [...row.values()];
    const left = groups.map(() => 1);
    const order = [...new Set(groups.flatMap((g) => [...g.keys()]))]
      .filter((p) => placesOf(compiled, at, p) > 0)
      .sort((x, y) => placesOf(compiled, at, y) - placesOf(compiled, at, x) || x - y);
    for (const p of order) {
      const demand = new Float64Array(K);
      groups.forEach((g, j) => {
        const c = g.get(p);
        if (c !== undefined) demand[c] += weight[j] * left[j] * suitable[p];
      });
      let places = placesOf(compiled, at, p);
      const served = new Float64Array(K);
      for (let c = 0; c < K && places > 0; c++) {
        served[c] = Math.min(places, demand[c]);
        places -= served[c];
        starts[(at * P + p) * K + c] += served[c];
      }
      groups.forEach((g, j) => {
        const c = g.get(p);
        if (c !== undefined && demand[c] > 0) left[j] *= 1 - served[c] / demand[c];
      });
    }
  }
  return starts;
}

/** Each list's share marked completed by class, for the lists the warm-up cannot clear alone. */
function listShares(
  h: HistoryInputs,
  clears: (coldList: number, placesPerYear: number) => boolean,
  cold: Float64Array,
  spanWeeks: Float64Array,
  starts: Float64Array,
): DerivedHistory | undefined {
  const { compiled, P, E, K, funnels } = h;
  const share = new Float64Array(E * P * K);
  const lists: DerivedHistoryList[] = [];
  compiled.establishments.forEach((e, ei) =>
    e.deliveries.forEach((d, p) => {
      const k = ei * P + p;
      const places = placesOf(compiled, ei, p);
      let coldList = 0;
      let started = 0;
      for (let c = 0; c < K; c++) {
        coldList += cold[k * K + c];
        started += starts[k * K + c];
      }
      // Only a list the warm-up cannot clear (backlogWarmupWeeks' cap): others it clears alone.
      if (!d || places <= 0 || coldList <= 0 || started <= 0) return;
      if (clears(coldList, places)) return;
      const def = compiled.programmes[p].definition;
      const through = h.followed.has(def.id)
        ? def.completionRate
        : def.completionRate + (1 - def.completionRate) * (1 - funnels[p].reReferralShare);
      let marked = 0;
      for (let c = 0; c < K; c++) {
        const at = k * K + c;
        if (cold[at] <= 0) continue;
        // Men off the list for good a year (completers, and drop-outs not referred again where no
        // programme follows) times the mean weeks a man of the class could have had since, over
        // the class's cold list.
        share[at] = Math.min(1, (starts[at] * through * (spanWeeks[at] / cold[at])) / 52 / cold[at]);
        marked += share[at] * cold[at];
      }
      lists.push({
        establishment: e.id,
        programme: def.id,
        coldList,
        placesPerYear: places,
        startsPerYear: started,
        completionsPerYear: started * def.completionRate,
        share: marked / coldList,
      });
    }),
  );
  const marked = Uint8Array.from({ length: E * P }, (_, k) =>
    share.subarray(k * K, (k + 1) * K).some((x) => x > 0) ? 1 : 0,
  );
  return lists.length > 0 ? withStableFields(DerivedHistoryFields, { share, classes: K, marked, lists }) : undefined;
}

/**
 * Most priority classes a list can have (priorityClass): the product of the sizes of the static
 * keys (OGRS bands, criteria) before a list's first dynamic key (release date, waiting time),
 * over every delivery.
 */
function classCount(compiled: CompiledScenario): number {
  const bands = compiled.ogrsAttribute >= 0 ? compiled.attributes[compiled.ogrsAttribute].categories.length : 1;
  let most = 1;
  for (const e of compiled.establishments)
    for (const d of e.deliveries) {
      if (!d) continue;
      let n = 1;
      for (const key of d.priority) {
        if (key.by === 'ogrs') n *= bands;
        else if (key.by === 'criteria') n *= 2;
        else break;
      }
      most = Math.max(most, n);
    }
  return most;
}

/**
 * derivedHistory's keys, as numbers (a string per reception and site cost a third of its time).
 * A site is a list's establishment and its need, or its programme where in no need. A set is the
 * (programme, class) pairs of a reception's lists at a site: a digit a programme the site can
 * hold (class + 1, 0 where he is not on its list), in base classes + 1; where those digits could
 * pass 2^53, the pairs as text instead.
 */
function setKeys(compiled: CompiledScenario, classes: number) {
  const P = compiled.programmes.length;
  const N = compiled.needs.declared.length;
  const needOf = compiled.needs.needOf;
  // Per programme its digit's place among its site's programmes, and per site slot the programmes.
  const place = new Int32Array(P);
  const slots: number[][] = Array.from({ length: N + P }, () => []);
  for (let p = 0; p < P; p++) {
    const slot = needOf[p] >= 0 ? needOf[p] : N + p;
    place[p] = slots[slot].length;
    slots[slot].push(p);
  }
  const base = classes + 1;
  const exact = slots.every((programmes) => base ** programmes.length <= Number.MAX_SAFE_INTEGER);
  return {
    siteOf(list: number): number {
      const p = list % P;
      return Math.floor(list / P) * (N + P) + (needOf[p] >= 0 ? needOf[p] : N + p);
    },
    establishmentOf(site: number): number {
      return Math.floor(site / (N + P));
    },
    add(set: number | string, p: number, c: number): number | string {
      if (!exact) return `${set},${p}:${c}`;
      return (set as number) + (c + 1) * base ** place[p];
    },
    pairs(site: number, set: number | string): Map<number, number> {
      const out = new Map<number, number>();
      if (typeof set === 'string') {
        for (const pair of set.split(',').slice(1)) {
          const [p, c] = pair.split(':').map(Number);
          out.set(p, c);
        }
        return out;
      }
      for (const p of slots[site % (N + P)]) {
        const digit = Math.floor(set / base ** place[p]) % base;
        if (digit > 0) out.set(p, digit - 1);
      }
      return out;
    },
  };
}

/**
 * A man's priority class on the list of programme p at establishment `at` (0 first): his place
 * by the list's static keys (OGRS band, criteria) before its first dynamic key, in mixed radix.
 * Why classes: a running service whose places fall short serves the first classes and leaves
 * the rest waiting, so its completers, and the history they carry, are of those classes.
 */
export function priorityClass(
  compiled: CompiledScenario,
  at: number,
  p: number,
  codes: ArrayLike<number>,
  row: number,
  subject: Subject,
): number {
  const d = compiled.establishments[at].deliveries[p];
  if (!d) return 0;
  const ogrs = compiled.ogrsAttribute;
  const bands = ogrs >= 0 ? compiled.attributes[ogrs].categories.length : 1;
  let c = 0;
  for (const key of d.priority) {
    if (key.by === 'ogrs') {
      const band = ogrs >= 0 ? codes[row + ogrs] : 0;
      c = c * bands + (key.descending ? bands - 1 - band : band);
    } else if (key.by === 'criteria') c = c * 2 + (key.when.test(subject) ? 0 : 1);
    else break;
  }
  return c;
}

/** The class of a derived history's inputs, which every compile works out (stableFields.ts says why). */
class HistoryInputsFields {}

/** The class of a derived history (stableFields.ts says why). */
class DerivedHistoryFields {}
