/**
 * A run's work and memory, estimated before it starts, and the budget it must fit.
 *
 * The engine allocates typed arrays sized by people x attributes, replications x weeks x
 * figures, and the joint table of the attributes the source tables cross. Past what a machine
 * holds those fail deep inside ("Invalid typed array length: 121680000000", "Array buffer
 * allocation failed") or grind a tab for minutes. The estimate mirrors those allocations, so a
 * run can be refused up front, in the planner's words, with what to lower.
 */
import { BAND_SCHEMES, resolveAttributes } from '../scenario/bandSchemes.js';
import type { PopulationTable, Prior, Scenario } from '../scenario/schema.js';
import { compilePriors } from '../population/priors.js';
import { jointDimensions } from '../population/jointFit.js';
import { OUTCOMES, PROGRAMME_EXTRAS, PROGRAMME_SERIES, TIER_SCALARS, TIER_SERIES, YEARLY } from './layout.js';
import type { RunOptions } from './compile.js';
import { COMPACT_AT } from './compaction.js';
import { warmupWeeksBound } from './warmup.js';

export interface WorkEstimate {
  replications: number;
  weeks: number;
  /** People one replication receives at most: the opening population plus every reception. */
  people: number;
  /**
   * Slots of the table of people (and rows of the needs ledger) a replication works in: about
   * COMPACT_AT times the most people inside, since compaction frees the slots of men gone (compaction.ts);
   * never more than `people`. The same for the warm-up's table, whatever its length.
   */
  slots: number;
  /**
   * Memory of the SimulationContext one simulation keeps between runs (simulate.ts): the table
   * of people and the needs ledger of the window, and those of the warm-up, bytes.
   */
  contextBytes: number;
  /**
   * The JavaScript heap one simulation uses while it runs a replication beyond its context
   * (waiting lists, heaps, courses, the replication's own objects), bytes.
   */
  workingBytes: number;
  /** Simulations counted as each holding a context and running a replication (Budget.workers). */
  workers: number;
  /** Cells of the largest joint table the population fit builds. */
  jointCells: number;
  /** Numbers kept per replication until the summary (weekly series and counts). */
  figuresPerReplication: number;
  /** Elements of the largest single array the run allocates. */
  largestArray: number;
  /** Peak memory, bytes. */
  bytes: number;
  /** Time on one core, seconds (the app's pool divides it between its workers). */
  seconds: number;
}

export interface Budget {
  /** Where the run would happen, for messages: "a browser tab", "this machine". */
  where: string;
  maxBytes: number;
  maxSeconds: number;
  /**
   * Simulations that may run at once, each keeping its own SimulationContext alive between runs
   * (a worker keeps it beside its compiled scenario: workers/api.ts). A run whose contexts do not
   * all fit runs on fewer (workersThatFit; the app's pool keeps to it), so only a run that does not
   * fit on one is refused.
   */
  workers: number;
  /** Memory taken before any run: the page itself in a tab (its code, document and drawings). */
  baseBytes: number;
}

/** A tab gets a few gigabytes at most; keep well inside so the page stays usable. */
export const BROWSER_BUDGET: Budget = {
  where: 'a browser tab',
  maxBytes: 1.5e9,
  maxSeconds: 3600,
  // The most workers the app's pool starts (MAX_WORKERS in workers/chunks.ts), on any machine.
  workers: 8,
  // The app's renderer process held 80-150 MB before a run (Chromium, headless, 1366 x 900).
  baseBytes: 150e6,
};
/** The command line's default; `--allow-large` lifts it up to HARD_LIMIT. */
export const MACHINE_BUDGET: Budget = {
  where: 'this machine by default',
  maxBytes: 4e9,
  maxSeconds: 6 * 3600,
  workers: 1,
  baseBytes: 0,
};
/** JavaScript cannot allocate an array longer than this, whatever the machine. */
export const LARGEST_ARRAY = 2 ** 31 - 1;

/** Measured on the built-in scenarios (bench/): about 0.4 microseconds a person a week on one core. */
const SECONDS_PER_PERSON_WEEK = 4e-7;
/** The population fit sweeps its joint table up to 200 times, once per table a sweep. */
const SECONDS_PER_JOINT_CELL_TABLE = 200 * 5e-9;
/**
 * Receptions that replace departures (no reception rate given) come at the population over the
 * mean stay, which the budget cannot know before fitting. 13 weeks is shorter than any measured:
 * 18 weeks in the bench's national scenario (local prisons), 27 in West Midlands, about 110 at
 * Stafford and Wymott; so the budget counts at least the people the engine sizes its tables for
 * (expectedPeople in people.ts).
 */
const SHORTEST_MEAN_STAY_WEEKS = 13;
/** The caseload's bytes a person (caseload.ts Caseload: holder ... indeterminate). */
const CASELOAD_BYTES_PER_PERSON = 1 + 4 + 1 + 4 + 4 + 4 + 1 + 1;
/** The needs ledger's bytes a person and declared need (NeedLedger in needs.ts). */
const LEDGER_BYTES_PER_NEED = 1 + 2 + 4 + 1 + 4 + 4 + 4 + 1;
/**
 * A replication's JavaScript heap beyond its context, a person of the opening population: the
 * bench's national scenario (85,000 people) ran one replication in a 64 MB heap and failed in
 * 56 MB, of which about 13 MB is the loaded code (node --max-old-space-size, Node 20).
 */
const WORKING_BYTES_PER_PERSON = 700;
/**
 * The heap a simulation uses whatever the scenario: code, compiled scenario, messages. Stafford
 * and West Midlands ran a replication in 24 MB, not 16 (tests/engine/budget.test.ts runs each
 * built-in and national in the heap counted). The stay law (arrivals.ts StayLaw: per joint cell,
 * with the opening's density cached per cell drawn) added about 1 MiB: the West Midlands with a
 * 520-week warm-up ran in 31 MiB and not in 30, where 25 MB gave 30. December 2026, after the hub
 * visitors' hand-over, parole in the stay law and the hand-over's record pools: West Midlands ran in
 * 30 MiB and not 29, with 32 counted, and the test failed once under a CI run's load (a collection
 * came late): 31 MB counts 36 MiB, about a sixth above the least measured. By 4 December 2026 that
 * margin had worn to one MiB (West Midlands ran in 35 MiB and not in 34, twice, Node 20), too
 * little for a CI run's late collections: 35 MB counts 39 MiB, a ninth above it.
 */
const WORKING_BYTES_BASE = 35e6;
/**
 * The heap a simulation keeps while it works, as a multiple of the least it can run in: a heap
 * grows well past what is live between collections. Calibrated on one measurement: the app's tab
 * running national at 50 replications on 2 workers peaked at 1.08 GB (renderer process, resident),
 * where the estimate with the least heap gave 0.77 GB; twice it, with the page (baseBytes), 1.09 GB.
 */
export const WORKING_HEAP_GROWTH = 2;

function horizonWeeks(scenario: Scenario, options: RunOptions): number {
  return (
    options.horizonWeeks ?? (scenario.horizon.unit === 'weeks' ? scenario.horizon.value : scenario.horizon.value * 52)
  );
}

interface PopulationSet {
  tables: readonly PopulationTable[];
  priors: readonly (readonly Prior[])[];
}

/** Every population the fit builds a joint table for: stocks, reception mixes, mix changes. */
function populationSets(scenario: Scenario): PopulationSet[] {
  const scheme = BAND_SCHEMES[scenario.bandScheme];
  const sets: PopulationSet[] = [];
  for (const e of scenario.establishments) {
    const shared = [e.population.priors, scenario.priors, scheme.priors];
    sets.push({ tables: e.population.tables, priors: shared });
    const mix = e.flows.receptionMix;
    if (mix) sets.push({ tables: mix.tables, priors: [mix.priors, ...shared] });
  }
  for (const c of scenario.changes) {
    if (c.set.kind === 'receptionMix') {
      sets.push({ tables: c.set.tables, priors: [c.set.priors, scenario.priors, scheme.priors] });
    }
  }
  return sets;
}

function largestJoint(scenario: Scenario): { cells: number; tables: number } {
  const attributes = resolveAttributes(scenario.bandScheme, scenario.attributes);
  const context = { attributes, programmeIds: scenario.programmes.map((p) => p.id) };
  const timeLeft = attributes.findIndex((a) => a.id === 'timeLeft');
  let cells = 0;
  let tables = 0;
  for (const set of populationSets(scenario)) {
    let dims: number[];
    try {
      dims = jointDimensions(
        attributes,
        set.tables,
        compilePriors(set.priors, context),
        timeLeft >= 0 ? [timeLeft] : [],
      );
    } catch {
      dims = attributes.map((_, i) => i); // cannot tell which attributes: assume all of them
    }
    const size = dims.reduce((n, a) => n * (attributes[a]?.categories.length ?? 1), 1);
    if (size > cells) cells = size;
    tables = Math.max(tables, set.tables.length);
  }
  return { cells, tables };
}

/**
 * Estimates a run of `scenario` with `options`: memory and one-core time. Cheap: no fitting.
 * `workers`: simulations that each keep a SimulationContext of the scenario (Budget.workers).
 */
export function estimateWork(scenario: Scenario, options: RunOptions = {}, workers = 1): WorkEstimate {
  const weeks = horizonWeeks(scenario, options);
  const replications = options.replications ?? scenario.replications;
  const years = Math.ceil(weeks / 52);
  const attributes = resolveAttributes(scenario.bandScheme, scenario.attributes);
  const bands = (id: string) => attributes.find((a) => a.id === id)?.categories.length ?? 0;
  const E = scenario.establishments.length;
  const P = scenario.programmes.length;
  const T = scenario.caseManagement.tiers.length;

  const opening = scenario.establishments.reduce((n, e) => n + (e.population.total ?? e.operationalCapacity), 0);
  const receptionsPerWeek = scenario.establishments.reduce((n, e) => {
    const changed = scenario.changes.flatMap((c) =>
      c.establishment === e.id && c.set.kind === 'receptionsPerWeek' ? [c.set.value ?? 0] : [],
    );
    return n + Math.max(e.flows.receptionsPerWeek ?? 0, ...changed);
  }, 0);
  // Receptions a week the engine sizes its tables for: the rate given, else replacing departures.
  const turnover = scenario.establishments.reduce((n, e) => {
    const changed = scenario.changes.flatMap((c) =>
      c.establishment === e.id && c.set.kind === 'receptionsPerWeek' && c.set.value !== null ? [c.set.value] : [],
    );
    const given = e.flows.receptionsPerWeek ?? undefined;
    const rate =
      given === undefined && changed.length === 0
        ? (e.population.total ?? e.operationalCapacity) / SHORTEST_MEAN_STAY_WEEKS
        : Math.max(given ?? 0, ...changed);
    return n + rate;
  }, 0);
  const people = Math.ceil(opening + turnover * weeks) + 16;
  // The most people inside: the opening population, and more where a change raises an
  // establishment's operational capacity (the population follows it: changes.ts). A reception rate
  // given with stays longer than its population implies can hold more: the table then grows.
  const inside = scenario.establishments.reduce((n, e) => {
    const raised = scenario.changes.flatMap((c) =>
      c.establishment === e.id && c.set.kind === 'operationalCapacity' ? [c.set.value - e.operationalCapacity] : [],
    );
    return n + (e.population.total ?? e.operationalCapacity) + Math.max(0, ...raised);
  }, 0);
  // The table of people is compacted once it holds COMPACT_AT times those inside (and men gone
  // whose list places are still to settle): it starts with room for that (people.ts expectedSlots).
  const slotsFor = (received: number) => Math.min(received, COMPACT_AT * inside + 1024);
  const slots = slotsFor(people);
  const words = Math.ceil(P / 32);
  // People (people.ts): codes, nine 4-byte and four 1-byte columns, four bit sets.
  const bytesPerPerson = attributes.length + 4 * 9 + 4 + 4 * 4 * words;
  const bytesPerLedgerPerson = scenario.needs.length * LEDGER_BYTES_PER_NEED;

  const programmeBlock =
    OUTCOMES.length +
    PROGRAMME_EXTRAS.length +
    YEARLY.length * years +
    OUTCOMES.length * (bands('ogrs') + bands('offence'));
  const scalars = E * (3 + P * programmeBlock + T * TIER_SCALARS.length);
  const seriesPerWeek = E * (P * PROGRAMME_SERIES.length + T * TIER_SERIES.length);
  const figuresPerReplication = scalars + seriesPerWeek * weeks;
  // Batches are held until the summary (handed over between threads, never copied); the summary
  // reads them a column at a time, its largest scratch a series over every replication.
  const resultBytes = replications * (scalars * 8 + seriesPerWeek * weeks * 4) + replications * weeks * 8;
  // The results themselves, in the summarising worker and again in the page: each weekly series as
  // three arrays of doubles (mean, 5th and 95th percentiles), each figure as a Stat of four.
  const summaryBytes = 2 * (seriesPerWeek * weeks * 3 * 8 + scalars * 4 * 16);
  // A window's tables of people and needs, and the warm-up's when it has one, with its figures.
  // At most: the default warm-up is sized from the fitted population (warmup.ts sizeStart).
  const warmupWeeks = warmupWeeksBound(scenario);
  const warmupPeople = Math.ceil(opening + turnover * warmupWeeks) + 16;
  // A replication's own typed arrays by slot, outside the heap: the caseload's columns (made per
  // replication, counted with the context a worker keeps).
  const replicationArrayBytes = slots * CASELOAD_BYTES_PER_PERSON;
  const contextBytes =
    replicationArrayBytes +
    slots * (bytesPerPerson + bytesPerLedgerPerson) +
    (warmupWeeks > 0
      ? slotsFor(warmupPeople) * (bytesPerPerson + bytesPerLedgerPerson) + scalars * 8 + seriesPerWeek * warmupWeeks * 4
      : 0);

  const joint = largestJoint(scenario);
  const jointBytes = joint.cells * (4 * 8 + 4 * Math.max(1, joint.tables));

  const workingBytes = WORKING_HEAP_GROWTH * (WORKING_BYTES_BASE + WORKING_BYTES_PER_PERSON * opening);

  // Each worker keeps its context between runs, the command line the one it runs with.
  const bytes = workers * (contextBytes + workingBytes) + resultBytes + summaryBytes + jointBytes;
  const largestArray = Math.max(replications * seriesPerWeek * weeks, slots * attributes.length, joint.cells);
  const averagePeople = opening + (receptionsPerWeek * weeks) / 2;
  const seconds =
    averagePeople * weeks * replications * SECONDS_PER_PERSON_WEEK +
    joint.cells * Math.max(1, joint.tables) * SECONDS_PER_JOINT_CELL_TABLE * populationSets(scenario).length;
  return {
    replications,
    weeks,
    people,
    slots,
    contextBytes,
    workingBytes,
    workers,
    jointCells: joint.cells,
    figuresPerReplication,
    largestArray,
    bytes,
    seconds,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toLocaleString('en-GB', { maximumFractionDigits: 1 })} GB`;
  if (bytes >= 1e6) return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
  return '1 MB';
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86400).toLocaleString('en-GB')} days`;
}

/** One line: "about 40 MB of memory and 3 seconds on one core". */
export function describeEstimate(e: WorkEstimate): string {
  return `about ${formatBytes(e.bytes)} of memory and ${formatDuration(e.seconds)} on one core`;
}

/** What to lower, biggest cost first. */
function whatToLower(e: WorkEstimate): string {
  const results = e.replications * e.figuresPerReplication;
  const parts: [number, string][] = [
    [
      results * 8,
      `the replications (${e.replications.toLocaleString('en-GB')}) or the horizon (${e.weeks.toLocaleString('en-GB')} weeks)`,
    ],
    [
      e.people * 40,
      `the population or receptions (up to ${Math.round(e.people).toLocaleString('en-GB')} people a run)`,
    ],
    [
      e.jointCells * 40,
      `the bands of the attributes the population tables cross (a joint table of ${e.jointCells.toLocaleString('en-GB')} cells)`,
    ],
  ];
  parts.sort((a, b) => b[0] - a[0]);
  const [first, second] = parts;
  const lower = second && second[0] > first![0] / 10 ? `${first![1]}, or ${second[1]}` : first![1];
  return `lower ${lower}`;
}

/**
 * How many simulations of this run `budget` holds at once, each with its context and a
 * replication's working heap, beside the run's results: `budget.workers` when all fit, fewer for
 * a large scenario (the app's pool then runs it on that many workers: workers/pool.ts), 0 when
 * not even one does (budgetProblem refuses it).
 */
export function workersThatFit(scenario: Scenario, options: RunOptions, budget: Budget): number {
  const one = estimateWork(scenario, options, 1);
  const perWorker = one.contextBytes + one.workingBytes;
  const shared = one.bytes + budget.baseBytes - perWorker;
  if (one.bytes + budget.baseBytes > budget.maxBytes) return 0;
  return Math.max(1, Math.min(budget.workers, Math.floor((budget.maxBytes - shared) / perWorker)));
}

/** The estimate of a run as `budget` would hold it: on the workers that fit (at least one). */
export function estimateInBudget(scenario: Scenario, options: RunOptions, budget: Budget): WorkEstimate {
  const e = estimateWork(scenario, options, Math.max(1, workersThatFit(scenario, options, budget)));
  return { ...e, bytes: e.bytes + budget.baseBytes };
}

/**
 * Why the run does not fit the budget, in words, or undefined when it does. `allowBeyondBudget`
 * (the command line's --allow-large) skips the budget but never the hard limit of array length.
 */
export function budgetProblem(
  scenario: Scenario,
  options: RunOptions,
  budget: Budget,
  allowBeyondBudget = false,
): string | undefined {
  const e = estimateInBudget(scenario, options, budget);
  if (e.largestArray > LARGEST_ARRAY) {
    return `This run is too large to hold at all: it needs ${describeEstimate(e)}, and one of its tables would have ${Math.round(e.largestArray).toLocaleString('en-GB')} entries, more than any machine can allocate; ${whatToLower(e)}.`;
  }
  if (allowBeyondBudget) return undefined;
  if (e.bytes > budget.maxBytes) {
    return `This run needs ${describeEstimate(e)}, more memory than ${budget.where} can give (${formatBytes(budget.maxBytes)}); ${whatToLower(e)}.`;
  }
  if (e.seconds > budget.maxSeconds) {
    return `This run needs ${describeEstimate(e)}, longer than ${budget.where} allows (${formatDuration(budget.maxSeconds)}); ${whatToLower(e)}.`;
  }
  return undefined;
}

/**
 * An engine failure in words a planner can act on: running out of memory shows up as a
 * RangeError deep in the engine, which would mean nothing to them.
 */
export function describeRunFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (
    /typed array length|array buffer allocation|allocation failed|out of memory|invalid array length/i.test(message)
  ) {
    return 'The run needed more memory than is available: lower the replications, the horizon or the population, and run again.';
  }
  if (/maximum call stack/i.test(message)) {
    return 'The scenario is nested too deeply to run: simplify its criteria.';
  }
  return message;
}
