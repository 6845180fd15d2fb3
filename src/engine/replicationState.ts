/**
 * What one replication holds, shared by every concept of the engine that works on it: the
 * compiled scenario, the people table, the waiting lists, deliveries and courses, per-establishment
 * counts, the random streams and the arrays results are written to. Built once per replication
 * (from memory a batch shares, see Shared); the concepts (accounting.ts, caseManagement.ts,
 * needWindows.ts, waitingLists.ts, referrals.ts, courses.ts, custody.ts, changes.ts) are layers of
 * methods over it, ending in replication.ts. Layers rather than objects passing state to each other:
 * one class in the end, so every field read in the inner loops is a plain `this.x` (no closure or
 * object made per event), and each concept reads on its own.
 */
import type {
  CompiledDelivery,
  CompiledEstablishment,
  CompiledPriorityKey,
  CompiledScenario,
  Rule,
} from './compile.js';
import { People } from './people.js';
import { Caseload } from './caseload.js';
import { replicationKey, stream, type RandomStream } from '../random/streams.js';
import type { CompiledCriterion, Subject } from '../rules/criteria.js';
import type { Attribute } from '../scenario/schema.js';
import type { Synthesizer } from '../population/synthesizer.js';
import { FitLookup } from './fitLookup.js';
import * as allocation from './allocation.js';
import { bandRanks, keyKind } from './allocation.js';
import type { DeliveryState } from './courses.js';
import { CourseTable } from './courseTable.js';
import { WaitingList } from './waitingList.js';
import { EligibilityProfiles, eligibilityProfiles } from './eligibilityProfiles.js';
import { ServiceSnapshot } from './serviceSnapshot.js';
import { NeedLedger } from './needs.js';
import { ScratchArrays } from './scratchArrays.js';
import * as assessment from './assessment.js';
import { AssessmentQueue, compileAssessment, type CompiledAssessment } from './assessment.js';
import * as transfers from './transfers.js';
import { HubReturns } from './hubReturns.js';
import { ReceptionCredits, ReceptionSegments, type CompiledTransfers } from './transfers.js';
import type { CompactionPolicy } from './compaction.js';
import { WeekQueue } from './weekQueue.js';
import { withStableFields } from './stableFields.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { hasReservations, membershipAtJoining, packsAtJoining } = allocation;
const { AssessmentKind } = assessment;
const { compileTransfers, riskSegments, segmentsOf } = transfers;
type AssessmentKind = assessment.AssessmentKind;

/**
 * What one batch's replications share, built once rather than per replication: lookups that do
 * not depend on the replication, and memory emptied between replications (not allocated again).
 */
export interface Shared {
  /** Per establishment, its source tables as lookups (fitLookup.ts), for tallyFit. */
  fitLookups: readonly (readonly FitLookup[])[];
  /** The needs ledger, reset at the start of each replication. */
  needs: NeedLedger;
  /** Reception segments of each establishment (transfers.ts): fixed for the scenario. */
  segments?: ReceptionSegments;
  /** Each establishment's eligibility as bitmasks per profile (eligibilityProfiles.ts). */
  eligibilityProfiles?: readonly (EligibilityProfiles | null)[];
  /** Memory the last replication worked in, emptied for the next (set by the first one). */
  memory?: ReplicationMemory;
  /** What every replication of the scenario reads and none changes (set by the first one). */
  fixed?: Fixed;
  /** countSupply's tests (waitingLists.ts), for the establishments they were worked out from. */
  supply?: { from: readonly CompiledEstablishment[]; tests: (SupplyTests | undefined)[] };
  /** When to compact the table of people (compaction.ts): 'auto' when not given. */
  compaction?: CompactionPolicy;
  /** Risk segments of transfers in the region (riskBandsOf), for the receptions and attributes they were made from. */
  riskBands?: { from: readonly unknown[]; segments: ReceptionSegments };
  /** Arrays a replication uses for a while, reused by the next (scratchArrays.ts says why). */
  scratch?: ScratchArrays;
}

/**
 * A batch's Shared, every field present from the start (those its first replication sets,
 * undefined) and in one order. Why: V8 gives an object a new hidden class for each property added
 * later, so the shared objects of a whole file's context and of a warm-up (two literals, keys in
 * different orders) and of a context before and after its first replication (which added fixed,
 * memory and supply) all had different classes, and code reading them saw several. An instance
 * of a class of its own, not a literal, so the next compile does not throw away the code
 * optimised on it either (stableFields.ts).
 */
export function newShared(parts: {
  fitLookups: Shared['fitLookups'];
  needs: NeedLedger;
  segments: ReceptionSegments;
  eligibilityProfiles: readonly (EligibilityProfiles | null)[];
  compaction: CompactionPolicy;
  scratch: ScratchArrays;
}): Shared {
  return withStableFields(SharedFields, {
    fitLookups: parts.fitLookups,
    needs: parts.needs,
    segments: parts.segments,
    eligibilityProfiles: parts.eligibilityProfiles,
    memory: undefined,
    fixed: undefined,
    supply: undefined,
    compaction: parts.compaction,
    riskBands: undefined,
    scratch: parts.scratch,
  });
}

/**
 * Where a join at a site counts as supply (waitingLists.ts countSupply): the planned segments'
 * criteria, and each one's supply scalar.
 */
export interface SupplyTests {
  when: readonly CompiledCriterion[];
  scalar: Int32Array;
}

/**
 * Per-scenario values a replication reads and never writes, worked out once (Shared.fixed) rather
 * than at each replication: built from the compiled scenario's programmes, layout, needs,
 * attributes, changes and scenario, and used again only by a replication of those same objects (a
 * warm-up's view of the scenario shares them).
 */
export interface Fixed {
  from: readonly unknown[];
  programmeBase: Int32Array;
  alwaysReassess: boolean;
  minWeeksLeft: Int32Array;
  durationWeeks: Int32Array;
  prerequisiteMask: Uint32Array;
  otherAlternativeMask: Uint32Array;
  firstStageNeed: Int32Array;
  funnel: CompiledAssessment[];
  transfersTo: (CompiledTransfers | null)[];
  ogrsRank: Int8Array;
  timeLeftRange: { min: number; max: number }[];
}

/** The objects of `compiled` Fixed is worked out from, and the words of People's bit sets. */
function fixedFrom(compiled: CompiledScenario, words: number): unknown[] {
  return [
    compiled.programmes,
    compiled.layout,
    compiled.needs,
    compiled.attributes,
    compiled.changes,
    compiled.scenario,
    compiled.establishments.length,
    compiled.ogrsAttribute,
    compiled.timeLeftAttribute,
    words,
  ];
}

function fixedFor(compiled: CompiledScenario, words: number): Fixed {
  const E = compiled.establishments.length;
  const P = compiled.programmes.length;
  const L = compiled.layout;
  const programmeBase = new Int32Array(E * P);
  for (let e = 0; e < E; e++) for (let p = 0; p < P; p++) programmeBase[e * P + p] = L.programmeBase(e, p);
  const prerequisiteMask = new Uint32Array(P * words);
  const otherAlternativeMask = new Uint32Array(P * words);
  const setBit = (mask: Uint32Array, p: number, q: number) => (mask[p * words + (q >>> 5)] |= 1 << (q & 31));
  for (const p of compiled.programmes) {
    for (const q of p.prerequisites) setBit(prerequisiteMask, p.index, q);
    const n = compiled.needs.needOf[p.index];
    if (n < 0 || compiled.needs.stageOf[p.index] !== 0) continue;
    for (const q of compiled.needs.declared[n].stages[0]) if (q !== p.index) setBit(otherAlternativeMask, p.index, q);
  }
  const bandRanges = (a: Attribute) => a.categories.map((k) => ({ min: k.min ?? 0, max: k.max ?? k.min ?? 0 }));
  return {
    from: fixedFrom(compiled, words),
    programmeBase,
    // A rule change to a time-dependent rule can reach people who arrived before it: then
    // everyone gets reassessment events.
    alwaysReassess: compiled.changes.some(
      (c) => c.action.kind === 'eligibility' && !c.action.eligibility.criterion.isStatic,
    ),
    minWeeksLeft: Int32Array.from(compiled.programmes, (p) => p.definition.minWeeksLeftToStart),
    durationWeeks: Int32Array.from(compiled.programmes, (p) => p.definition.durationWeeks),
    prerequisiteMask,
    otherAlternativeMask,
    firstStageNeed: compiled.needs.needOf.map((n, p) => (compiled.needs.stageOf[p] === 0 ? n : -1)),
    funnel: compiled.programmes.map((p) => compileAssessment(p.definition)),
    transfersTo: compileTransfers(compiled.scenario),
    ogrsRank: bandRanks(compiled.attributes[compiled.ogrsAttribute]),
    timeLeftRange: bandRanges(compiled.attributes[compiled.timeLeftAttribute]),
  };
}

/** `shared`'s Fixed where it was worked out from the same objects, else a new one (kept in `shared`). */
function fixedOf(compiled: CompiledScenario, words: number, shared: Shared | null): Fixed {
  const kept = shared?.fixed;
  if (kept !== undefined) {
    const from = fixedFrom(compiled, words);
    if (from.every((x, k) => x === kept.from[k])) return kept;
  }
  const fixed = fixedFor(compiled, words);
  if (shared) shared.fixed = fixed;
  return fixed;
}

/**
 * A replication's waiting lists, week buckets and weekly counts: emptied and used again by the
 * next replication of the batch (Shared.memory) rather than allocated again. Lists keep the
 * room they grew to (Stafford's TSP list grows to about 500 every replication).
 */
export interface ReplicationMemory {
  lists: WaitingList[][];
  courses: CourseTable;
  reassessmentsDue: WeekQueue;
  sentencesDue: WeekQueue;
  assessmentsDue: WeekQueue;
  caseloadEvents: WeekQueue;
  waitingDiff: Float64Array[][];
  startsPerWeek: Float64Array[][];
  completionsPerWeek: Float64Array[][];
}

/** An empty list ordered by `keys` (heap or not): `kept` emptied where it is one such, else a new one. */
function emptyList(
  kept: WaitingList | undefined,
  heap: boolean,
  keys: readonly CompiledPriorityKey[],
  memberOf: readonly CompiledCriterion[] | null,
): WaitingList {
  let list: WaitingList;
  if (kept !== undefined && kept.heap === heap && kept.keys === keys) {
    kept.size = 0;
    list = kept;
  } else list = new WaitingList(heap, keys, Int8Array.from(keys, keyKind));
  list.keep(packsAtJoining(list.kinds), memberOf);
  return list;
}

/** Per establishment and programme, an array of `length` zeros: `kept`'s zeroed where it fits. */
function zeroed(kept: Float64Array[][] | undefined, E: number, P: number, length: number): Float64Array[][] {
  if (kept === undefined || kept.length !== E || kept.some((row) => row.length !== P || row[0]?.length !== length))
    return Array.from({ length: E }, () => Array.from({ length: P }, () => new Float64Array(length)));
  for (const row of kept) for (const a of row) a.fill(0);
  return kept;
}

/** An empty table of courses over `weeks` weeks: `kept` emptied where there is one. */
function emptyCourses(kept: CourseTable | undefined, weeks: number): CourseTable {
  if (kept === undefined) return new CourseTable(weeks);
  kept.reset(weeks);
  return kept;
}

/** An empty queue of `stride` numbers an entry over `weeks` weeks: `kept` emptied where it has that stride. */
function emptyQueue(kept: WeekQueue | undefined, weeks: number, stride: number): WeekQueue {
  if (kept === undefined || kept.stride !== stride) return new WeekQueue(weeks, stride);
  kept.reset(weeks);
  return kept;
}

/**
 * Segments and risk bands of transfers in the region (transfers.ts riskSegments): `shared`'s where
 * made from the same receptions and attributes, else new (kept in `shared`). Made at every
 * replication, they took 5% of a Stafford replication (empty start), which has no transfers.
 */
function riskBandsOf(
  compiled: CompiledScenario,
  sources: readonly Synthesizer[],
  shared: Shared | null,
): ReceptionSegments {
  const from: unknown[] = [compiled.attributes, compiled.offenceAttribute, compiled.sentenceAttribute, ...sources];
  const kept = shared?.riskBands;
  if (kept !== undefined && kept.from.length === from.length && from.every((x, k) => x === kept.from[k]))
    return kept.segments;
  const segments = riskSegments(sources, compiled.attributes, compiled.offenceAttribute, compiled.sentenceAttribute);
  if (shared) shared.riskBands = { from, segments };
  return segments;
}

/** Each establishment's reception segments, by offence and sentence (transfers.ts). */
export function receptionSegments(compiled: CompiledScenario): ReceptionSegments {
  const bySegment = [compiled.offenceAttribute, compiled.sentenceAttribute];
  return segmentsOf(
    compiled.establishments.map((e) => e.receptions),
    bySegment,
    bySegment.map((a) => compiled.attributes[a].categories.length),
  );
}

// Purposes of counter-based draws (hashUniform's last argument).
export const SUITABLE = 1;
export const COMPLETES = 2;
export const DROPOUT_WEEK = 3;
export const TIE_BREAK = 4;
export const MOVED_TRANSFER = 5;
/** Later assessments and re-referral decisions draw afresh each week: purpose base + week. */
export const REASSESSED = 16;
export const RE_REFERRED = 1 << 20;
/** A course after a re-referral draws its outcome afresh (else a drop-out would always drop out again). */
export const COMPLETES_AGAIN = 1 << 21;
export const DROPOUT_WEEK_AGAIN = 1 << 22;
/** A transfer out's destination in the region, and his stay at the receiver: purpose base + week. */
export const TRANSFERRED = 1 << 23;
export const TRANSFER_STAY = 1 << 24;
/** Where the search for a swap partner starts (moves.ts), and the partner's stay: purpose base + week. */
export const SWAP_PARTNER = 1 << 25;
export const SWAP_STAY = 1 << 26;
/** A visitor who stays at the hub after his course (moves.ts hubHazardFrom): purpose base + week. */
export const STAYS_AFTER_COURSE = 1 << 28;

export abstract class ReplicationState {
  protected readonly c: CompiledScenario;
  protected readonly weeks: number;
  protected readonly people: People;
  protected readonly key: number;
  protected readonly programmeCount: number;
  protected readonly years: number;
  /** Per establishment and programme (e * programmes + p): where its block of scalars starts. */
  protected readonly programmeBase: Int32Array;
  protected readonly outcomeAt: CompiledScenario['layout']['offsets'];
  protected readonly extrasAt: number;
  protected readonly populationRng: RandomStream;
  protected readonly arrivalsRng: RandomStream;
  protected readonly subject: Subject & { i: number; week: number };
  protected readonly lists: WaitingList[][];
  protected readonly deliveries: (DeliveryState | null)[][];
  /** Per establishment: current eligibility rule per programme (changes can replace it). */
  protected readonly eligibility: Rule[][];
  /**
   * Per establishment: its eligibility rules as bitmasks per profile, or null where assess() asks
   * rule by rule (too many programmes, or a rule changed since: changes.ts clears it).
   */
  protected readonly profiles: (EligibilityProfiles | null)[];
  protected readonly minWeeksLeft: Int32Array;
  protected readonly funnel: CompiledAssessment[];
  /** Assessments due later: "not ready" reassessed, drop-outs and deselections re-referred. */
  protected readonly assessmentsDue: AssessmentQueue;
  /** Why the assessment under way is made (AssessmentKind), read by assess(). */
  protected assessmentKind: AssessmentKind = AssessmentKind.Referral;
  protected readonly receptionSource: Synthesizer[];
  /**
   * Segments and risk bands of transfers in the region (riskBandsOf), made when a transfer first
   * asks (riskBands): national and Stafford make none in the region, and national's are large.
   */
  private riskBandsMade: ReceptionSegments | null = null;
  private readonly sharedState: Shared | null;
  /** Arrays this replication uses for a while and the next one again (scratchArrays.ts). */
  protected readonly scratch: ScratchArrays;
  protected readonly receptionsPerWeek: (number | null)[];
  /** Where each establishment's transfers out go in the file (transfers.ts), or null. */
  protected readonly transfersTo: (CompiledTransfers | null)[];
  /** Receptions owed to men moved in (transfers.ts): they take the place of one of their segment. */
  protected readonly credits: ReceptionCredits;
  /** Men moved to a hub for a course, who go back to the prison that referred them (hubReturns.ts). */
  protected readonly hubReturns: HubReturns | null;
  protected readonly segments: ReceptionSegments;
  /** This week's transfers out that stay in the region: [person, destination] pairs. */
  protected readonly transferring: number[] = [];
  protected readonly sessionCapacity: (number | null)[];
  protected readonly population: Int32Array;
  protected readonly target: Int32Array;
  /** Operational capacity now (scheduled changes move it). */
  protected readonly capacity: Int32Array;
  protected readonly tierCount: Int32Array;
  protected readonly departuresHead: Int32Array;
  /** People to assess again in a week, as time left crosses a rule's threshold. */
  protected readonly reassessmentsDue: WeekQueue;
  /** Remand prisoners to be sentenced in a week (and stay). */
  protected readonly sentencesDue: WeekQueue;
  /** The caseload's handovers and task thresholds due (caseload.ts). */
  private readonly caseloadEvents: WeekQueue;
  protected readonly alwaysReassess: boolean;
  /** Courses begun or handed over, and those ending each week (courseTable.ts). */
  protected readonly courses: CourseTable;
  protected readonly waitingDiff: Float64Array[][];
  protected readonly startsPerWeek: Float64Array[][];
  protected readonly completionsPerWeek: Float64Array[][];
  /** Rank of each OGRS band code for "higher OGRS first" (allocation.ts). */
  protected readonly ogrsRank: Int8Array;
  protected readonly timeLeftRange: { min: number; max: number }[];
  /** True while the opening population is being placed: their joins are "waiting at the start". */
  protected opening = true;
  /** Who holds each case (POM / COM / nobody) and what the caseload costs (caseload.ts). */
  protected readonly caseload: Caseload;
  /** A warm-up replication: nothing recorded but the state it hands over. */
  protected readonly warmingUp: boolean;
  /** When the table of people is compacted (compaction.ts). */
  protected readonly compaction: CompactionPolicy;
  /** The warm-up hand-over's draws (a running start only): made when first asked for. */
  protected get matchRng(): RandomStream {
    return (this.matchStream ??= stream(this.c.seed, this.replication, 'warm-up/history'));
  }
  private matchStream: RandomStream | undefined = undefined;
  /** Segments and risk bands of transfers in the region, made when a transfer first asks (riskBandsMade). */
  protected riskBands(): ReceptionSegments {
    return (this.riskBandsMade ??= riskBandsOf(this.c, this.receptionSource, this.sharedState));
  }
  private readonly replication: number;
  /** Declared needs, person by person (needs.ts). */
  protected readonly needs: NeedLedger;
  /** Per establishment, its source tables as lookups (for tallyFit; not needed in a warm-up). */
  protected readonly fitLookups: readonly (readonly FitLookup[])[];
  protected readonly needCount: number;
  /** Per programme: the declared need whose first stage it is in, or -1. */
  protected readonly firstStageNeed: Int32Array;
  protected readonly durationWeeks: Int32Array;
  /**
   * Per programme, bit sets over programmes (People's `words` a row): its prerequisites, and the
   * other first-stage alternatives of its need. One test of a person's completed set asks either.
   */
  protected readonly prerequisiteMask: Uint32Array;
  protected readonly otherAlternativeMask: Uint32Array;
  /** A subject that takes a pathway's earlier stages as done, to see which later stages a person needs. */
  protected readonly pathway: Subject & { i: number; week: number };
  protected readonly assumedDone: Uint8Array;
  /** Scratch: programmes a person is eligible for with too little time left, settled after the joins. */
  protected readonly late: Int32Array;
  /** Scratch: programmes person i was just assessed not suitable for (assessOne), settled after the joins. */
  protected readonly unsuitable: Int32Array;
  protected unsuitableCount = 0;
  /** countSupply's tests per site and programme (e * programmes + p), made when first asked for. */
  protected readonly supplyTests: (SupplyTests | undefined)[];

  constructor(
    compiled: CompiledScenario,
    people: People,
    replication: number,
    protected readonly scalars: Float64Array,
    protected readonly series: Float32Array,
    /** What a warm-up hands over for a running start; null for an empty start (or a warm-up). */
    protected readonly snapshot: ServiceSnapshot | null = null,
    streamPrefix = '',
    /** What the replications of a batch share (see Shared); a fresh one when not given. */
    shared: Shared | null = null,
  ) {
    this.warmingUp = streamPrefix !== '';
    this.compaction = shared?.compaction ?? 'auto';
    this.scratch = shared?.scratch ?? new ScratchArrays();
    this.c = compiled;
    this.weeks = compiled.weeks;
    const E = compiled.establishments.length;
    const T = compiled.tiers.length;
    this.people = people;
    const L = compiled.layout;
    this.programmeCount = compiled.programmes.length;
    // At most one entry a programme per assessment.
    this.late = new Int32Array(this.programmeCount);
    this.unsuitable = new Int32Array(this.programmeCount);
    this.years = L.years;
    const fixed = fixedOf(compiled, people.words, shared);
    this.programmeBase = fixed.programmeBase;
    this.outcomeAt = L.offsets;
    this.extrasAt = L.offsets.extras;
    this.alwaysReassess = fixed.alwaysReassess;
    this.key = replicationKey(compiled.seed + (this.warmingUp ? '/warm-up' : ''), replication);
    this.populationRng = stream(compiled.seed, replication, `${streamPrefix}population`);
    this.arrivalsRng = stream(compiled.seed, replication, `${streamPrefix}arrivals`);
    this.replication = replication;
    this.subject = {
      i: 0,
      week: 0,
      code(a) {
        return people.codes[this.i * people.attributes + a];
      },
      weeksToRelease() {
        return people.releaseWeek[this.i] - this.week;
      },
      completed(p) {
        return people.hasCompleted(this.i, p);
      },
    };
    // Only lists that groups start from need an order; the rest just accumulate until the end.
    const memory = shared?.memory;
    this.lists = compiled.establishments.map((e, ei) =>
      compiled.programmes.map((p) => {
        const d = e.deliveries[p.index];
        const keys = d?.priority ?? p.priority;
        return emptyList(
          memory?.lists[ei]?.[p.index],
          // Places reserved for segments need the whole list ranked, not just its top.
          d !== null && !hasReservations(d.segments) && keys.every((key) => key.by !== 'criteria' || key.when.isStatic),
          keys,
          d !== null && hasReservations(d.segments)
            ? membershipAtJoining(d.segments, compiled.sentenceAttribute)
            : null,
        );
      }),
    );
    this.deliveries = compiled.establishments.map((e, ei) =>
      e.deliveries.map((d: CompiledDelivery | null, p) => {
        if (!d) return null;
        // A running start carries on the warm-up's schedule: a group started before the window.
        const running = snapshot?.deliveries[ei][p];
        return {
          groupsPerYear: d.groupsPerYear,
          groupSize: d.groupSize,
          nextStart: running ? running.nextStart : d.firstStartWeek,
          lastStart: running ? running.lastStart : -Infinity,
          groups: 0,
          beds: d.beds,
          occupied: 0,
        };
      }),
    );
    this.eligibility = compiled.establishments.map((e) => [...e.eligibility]);
    this.profiles = [...(shared?.eligibilityProfiles ?? eligibilityProfiles(this.eligibility, compiled.attributes))];
    this.minWeeksLeft = fixed.minWeeksLeft;
    this.durationWeeks = fixed.durationWeeks;
    this.fitLookups = shared?.fitLookups ?? [];
    if (shared) {
      this.needs = shared.needs;
      this.needs.reset(scalars, !this.warmingUp, compiled.layout);
    } else this.needs = new NeedLedger(compiled.needs, people.capacity, compiled.layout, scalars);
    this.needCount = compiled.needs.declared.length;
    this.prerequisiteMask = fixed.prerequisiteMask;
    this.otherAlternativeMask = fixed.otherAlternativeMask;
    this.firstStageNeed = fixed.firstStageNeed;
    const assumedDone = new Uint8Array(compiled.programmes.length);
    this.assumedDone = assumedDone;
    this.pathway = {
      i: 0,
      week: 0,
      code(a) {
        return people.codes[this.i * people.attributes + a];
      },
      weeksToRelease() {
        return people.releaseWeek[this.i] - this.week;
      },
      completed(p) {
        return assumedDone[p] === 1 || people.hasCompleted(this.i, p);
      },
    };
    this.funnel = fixed.funnel;
    this.assessmentsDue = new AssessmentQueue(this.weeks, emptyQueue(memory?.assessmentsDue, this.weeks, 3));
    this.receptionSource = compiled.establishments.map((e) => e.receptions);
    this.sharedState = shared;
    this.transfersTo = fixed.transfersTo;
    this.credits = new ReceptionCredits(E);
    this.hubReturns = HubReturns.for(compiled.scenario, (id) =>
      compiled.programmes.findIndex((q) => q.definition.id === id),
    );
    this.segments = shared?.segments ?? receptionSegments(compiled);
    this.receptionsPerWeek = compiled.establishments.map((e) => e.receptionsPerWeek);
    this.sessionCapacity = compiled.establishments.map((e) => e.sessionCapacityPerWeek);
    this.population = new Int32Array(E);
    this.target = new Int32Array(E);
    this.capacity = Int32Array.from(compiled.establishments, (e) => e.operationalCapacity);
    this.tierCount = new Int32Array(E * T);
    this.departuresHead = this.scratch.int32('departuresHead', this.weeks, -1);
    const P = this.programmeCount;
    this.courses = emptyCourses(memory?.courses, this.weeks);
    this.reassessmentsDue = emptyQueue(memory?.reassessmentsDue, this.weeks, 1);
    this.sentencesDue = emptyQueue(memory?.sentencesDue, this.weeks, 1);
    this.caseloadEvents = emptyQueue(memory?.caseloadEvents, this.weeks, 1);
    this.waitingDiff = zeroed(memory?.waitingDiff, E, P, this.weeks + 1);
    this.startsPerWeek = zeroed(memory?.startsPerWeek, E, P, this.weeks);
    this.completionsPerWeek = zeroed(memory?.completionsPerWeek, E, P, this.weeks);
    if (shared) {
      shared.memory = {
        lists: this.lists,
        courses: this.courses,
        reassessmentsDue: this.reassessmentsDue,
        sentencesDue: this.sentencesDue,
        assessmentsDue: this.assessmentsDue.due,
        caseloadEvents: this.caseloadEvents,
        waitingDiff: this.waitingDiff,
        startsPerWeek: this.startsPerWeek,
        completionsPerWeek: this.completionsPerWeek,
      };
    }
    this.ogrsRank = fixed.ogrsRank;
    this.timeLeftRange = fixed.timeLeftRange;
    // Shared by the batch's replications of these establishments (a warm-up, whose view may have
    // others, counts no supply and leaves the batch's alone).
    const supply = shared?.supply;
    if (supply !== undefined && supply.from === compiled.establishments) this.supplyTests = supply.tests;
    else {
      this.supplyTests = [];
      if (shared && !this.warmingUp) shared.supply = { from: compiled.establishments, tests: this.supplyTests };
    }
    this.caseload = new Caseload(
      compiled.caseload,
      compiled.layout,
      people,
      this.weeks,
      compiled.tierPriority,
      scalars,
      series,
      !this.warmingUp,
      this.caseloadEvents,
      this.scratch,
    );
  }

  protected matches(criterion: CompiledCriterion, i: number, w: number): number {
    const s = this.subject;
    s.i = i;
    s.week = w;
    return criterion.test(s) ? 1 : 0;
  }
}

/** The class of a context's shared state (stableFields.ts says why). */
class SharedFields {}
