/**
 * What a run reports. Every statistic is a summary over Monte Carlo replications.
 * Plain JSON-able objects: results cross the worker boundary and are printed by the CLI as is.
 */
import type { MeanError } from './precision.js';

/** A summary over replications: mean and the 5th, 50th and 95th percentiles. */
export interface Stat {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

/** A weekly series summarised over replications, one value a week (index 0 = end of week 1). */
export interface SeriesBand {
  mean: number[];
  p5: number[];
  p95: number[];
}

/** The outcome counts that every programme breakdown carries. */
export interface ProgrammeCounts {
  /** People who entered the waiting list, including those waiting at the start. */
  joined: Stat;
  starts: Stat;
  completions: Stat;
  nonCompletions: Stat;
  inProgressAtEnd: Stat;
  /** Eligible people whose window closed before they started (released, transferred, or too little time left). */
  unmetNeed: Stat;
  waitingAtEnd: Stat;
  /** Of joined: on the list when the window opened (a running start: held since the warm-up). */
  waitingAtStart: Stat;
  /**
   * Courses started before the window and under way when it opened (running start). Their
   * ends count in completions and nonCompletions, so
   * inProgressAtStart + starts = completions + nonCompletions + inProgressAtEnd.
   */
  inProgressAtStart: Stat;
  /**
   * Places given up because the person started another alternative of the same need (needs):
   * joined = starts + unmetNeed + waitingAtEnd + withdrawn.
   */
  withdrawn: Stat;
}

/**
 * Unmet need by reason, in HMPPS's terms (src/engine/unmetReasons.ts); the reasons add up to
 * unmetNeed. More places can fix releasedUntreated and tooLittleTimeWhileWaiting.
 */
export interface UnmetByReason {
  releasedUntreated: Stat;
  tooLittleTimeWhileWaiting: Stat;
  /** Eligible, but the window had closed when he arrived (or became eligible). */
  tooLittleTimeOnArrival: Stat;
  /** Transferred out (or moved to another site) with the need open. */
  movedOn: Stat;
  deselectedOrNotSuitable: Stat;
}

export interface SegmentCounts extends ProgrammeCounts {
  /** Band or category id. */
  segment: string;
  label: string;
}

export interface YearCounts {
  /** 1-based year of the horizon; the last may be part of a year (see weeks). */
  year: number;
  weeks: number;
  joined: Stat;
  starts: Stat;
  completions: Stat;
  unmetNeed: Stat;
  /**
   * Places that followed their man to another list in the region this year (a transfer): joined
   * here and again where he went. Summing joined over establishments, subtract these to count each
   * man once. 0 for a need: a need is counted once, where it went.
   */
  withdrawn: Stat;
}

export interface AgreedComparison {
  agreedStarts: number | null;
  agreedCompletions: number | null;
  /** Projected mean minus agreed, scaled to a year. */
  startsVariance: number | null;
  completionsVariance: number | null;
  /** |variance| / agreed above the scenario's materiality threshold: a Notice of Change case. */
  startsMaterial: boolean;
  completionsMaterial: boolean;
  /**
   * What the variances compare: starts and completions in the reporting window (a running
   * start's window, not its warm-up; completions include courses under way when it opened),
   * scaled to a year.
   */
  projectedStartsPerYear: Stat;
  projectedCompletionsPerYear: Stat;
  /** Weeks of the window the projection covers. */
  windowWeeks: number;
}

/**
 * A segment a site plans for (its delivery's `segments`, e.g. an annex's Table 4b row):
 * projected against planned, over the window, and the places kept for it.
 */
export interface SegmentPlanResult {
  segment: string;
  label: string;
  /** Completions planned from the segment a year (summed over sites for a region), or null. */
  plannedCompletions: number | null;
  /** Starts and completions of people in the segment in the window. */
  starts: Stat;
  completions: Stat;
  /** The window's completions scaled to a year. */
  completionsPerYear: Stat;
  /** Projected completions a year (mean) minus planned. */
  completionsVariance: number | null;
  /** |variance| / planned above the scenario's materiality threshold. */
  completionsMaterial: boolean;
  /** Places of its groups kept for the segment in the window, and those it took (the rest went to others). */
  reservedPlaces: Stat;
  reservedTaken: Stat;
  /**
   * Starts planned from the segment a year: planned completions / the programme's completion
   * rate (null without a plan). Absent in results saved before the field existed.
   */
  plannedStartsPerYear?: number | null;
  /**
   * The programmes whose plans for this segment draw on the same men: the first-stage
   * alternatives of the programme's declared need that plan for a segment of this id at the
   * same sites (this programme alone if it is in no need), and the starts they plan a year.
   */
  pooledWith?: string[];
  pooledPlannedStartsPerYear?: number | null;
  /**
   * Men of the segment who joined, in the window, a list of those programmes they could start
   * from (eligible, suitable, with time left to finish), each once, a year: the flow the pooled
   * plan can draw on once the list waiting at the start is used up.
   */
  eligibleJoiningPerYear?: Stat;
  /**
   * Set when that flow falls short of the pooled planned starts by more than the materiality
   * threshold: a shortfall of supply, which more places cannot close. Null otherwise.
   */
  supplyWarning?: string | null;
}

/**
 * The assessment funnel (src/engine/assessment.ts), over the run including the opening
 * population: assessed = referred + reassessed = suitable + notReady + notSuitable.
 */
export interface AssessmentFunnel {
  /** Eligible men with time to finish referred, including re-referrals. */
  referred: Stat;
  /** Of referred: drop-outs and deselections referred again after a delay. */
  reReferred: Stat;
  /** "Suitable but not ready" men assessed again after a delay. */
  reassessed: Stat;
  assessed: Stat;
  /** Joined the waiting list. */
  suitable: Stat;
  notReady: Stat;
  /** Including deniers and refusers. */
  notSuitable: Stat;
  deniers: Stat;
  refusers: Stat;
  /**
   * Drop-outs and deselections still inside and not referred again. They, and those found not
   * suitable after the opening, are unmetByReason.deselectedOrNotSuitable.
   */
  deselected: Stat;
}

export interface ProgrammeResult extends ProgrammeCounts {
  programme: string;
  name: string;
  /** Whether this establishment runs groups of it (false: its eligible people are referred or unmet). */
  delivered: boolean;
  /** People referred to another establishment for this programme. */
  referredOut: Stat;
  /** Of unmetNeed: released or transferred out before starting. */
  unmetByDeparture: Stat;
  /** Of unmetNeed: still inside, but too little time left to finish a course (while waiting or on arrival). */
  unmetByTimeLeft: Stat;
  unmetByReason: UnmetByReason;
  /** Of unmetNeed: the reasons more places can fix (releasedUntreated + tooLittleTimeWhileWaiting). */
  unmetFixableByPlaces: Stat;
  /** Weeks from joining to starting, among those who started. */
  meanWaitWeeks: Stat;
  /**
   * Of waitingAtStart: men referred again before the window (a running start's warm-up) after
   * dropping out or being deselected. The need their first course started was counted before the
   * window, so a start of theirs is one of this programme's starts and not of its need's; the
   * window's own re-referrals are funnel.reReferred.
   */
  reReferredAtStart: Stat;
  /** Referred, assessed and their outcomes. */
  funnel: AssessmentFunnel;

  placesPerYear: number;
  /**
   * Eligible, suitable people joining the list a year who could start (after those waiting at the
   * start): not those too late on arrival, not suitable or deselected (unmet at once). A man on
   * several lists of one need counts on each.
   */
  joiningPerYear: Stat;
  /**
   * joiningPerYear / placesPerYear: above 1 the list grows without bound. Infinity (all four
   * figures) where, in any replication, people join and no place is offered: JSON.stringify
   * writes that as null, so a results JSON file holds null there.
   */
  load: Stat;
  /** Plain-language warning when load is above 1, or when nothing is delivered for eligible people. */
  loadWarning: string | null;
  agreed: AgreedComparison | null;
  /** Projected against planned for each segment the site plans for (empty when none). */
  segmentPlan: SegmentPlanResult[];
  perYear: YearCounts[];
  byOgrs: SegmentCounts[];
  byOffence: SegmentCounts[];
  series: {
    waiting: SeriesBand;
    cumulativeStarts: SeriesBand;
    cumulativeCompletions: SeriesBand;
  };
}

/**
 * A need, each person counted once however many programmes could meet it: a declared need
 * (alternatives, or a pathway of stages), or a programme in no declared need (its own need, with
 * its programme's figures). joined = starts + unmetNeed + waitingAtEnd. Counted at the
 * establishment where the person was when the need opened.
 */
export interface NeedResult {
  need: string;
  name: string;
  /** Programme ids of each stage, alternatives in order of preference. */
  stages: string[][];
  declared: boolean;
  joined: Stat;
  /** Started any first-stage alternative. */
  starts: Stat;
  /** Completed the last stage the person needed. */
  completions: Stat;
  unmetNeed: Stat;
  waitingAtEnd: Stat;
  waitingAtStart: Stat;
  unmetByReason: UnmetByReason;
  unmetFixableByPlaces: Stat;
  perYear: YearCounts[];
}

export interface TierResult {
  tier: string;
  label: string;
  sessionsPerYear: number;
  /** Mean number of people in the tier over the horizon. */
  people: Stat;
  /** Over the whole horizon. */
  sessionsRequired: Stat;
  sessionsDelivered: Stat;
  shortfallSessions: Stat;
  /** Extra offender-manager FTE needed to close the shortfall over the horizon. */
  shortfallFte: Stat;
  series: {
    required: SeriesBand;
    delivered: SeriesBand;
  };
}

/** People by who holds their case, each the mean over the horizon, with a weekly series. */
export interface ResponsibilityResult {
  /** The prison offender manager (POM) holds the case. */
  pomLed: Stat;
  /** The community offender manager (COM) holds it while the person is in custody. */
  comLed: Stat;
  /** Nobody: remand and others with no offender manager. */
  noOffenderManager: Stat;
  series: { pomLed: SeriesBand; comLed: SeriesBand; noOffenderManager: SeriesBand };
}

/** One tier's offender-management workload (POM-led contact plus the tasks of its cases). */
export interface CaseloadTierResult {
  tier: string;
  label: string;
  sessionsPerYear: number;
  /** POM-led people in the tier, mean over the horizon. */
  pomLed: Stat;
  /** Contact sessions for POM-led people over the horizon, and those the hours cover. */
  contactSessionsRequired: Stat;
  contactSessionsDelivered: Stat;
  /** All minutes the tier's cases need over the horizon (contact, tasks, handovers), and those delivered. */
  minutesRequired: Stat;
  minutesDelivered: Stat;
  /** POM-led people who get less than their contact rate when hours run short (mean over the horizon). */
  peopleShort: Stat;
  /** POM FTE the tier needs, mean over the horizon. */
  fteRequired: Stat;
  series: { fteRequired: SeriesBand; fteDelivered: SeriesBand };
}

export interface CaseTaskResult {
  task: string;
  label: string;
  /** Minutes over the horizon. */
  minutesRequired: Stat;
}

export interface KeyWorkResult {
  minutesPerPrisonerWeek: number;
  /** Officer hours a week, mean over the horizon. */
  hoursPerWeek: Stat;
  keyWorkOfficerFteRequired: Stat;
  /** Officers needed at the scenario's prisoners per officer. */
  keyWorkers: Stat;
}

/**
 * Offender management under OMiC: who holds each case, what the cases cost and whether the POMs'
 * hours cover it. (The older `caseManagement` list counts contact for everyone by tier.)
 */
export interface OffenderManagementResult {
  responsibility: ResponsibilityResult;
  /** Whether staffing is given (without it there is nothing available to compare with). */
  staffed: boolean;
  /** POM FTE the caseload needs, mean of the weekly figure over the horizon. */
  pomFteRequired: Stat;
  pomFteAvailable: Stat;
  /** Mean over the horizon of the weekly shortfall (required beyond available, by establishment). */
  pomFteShortfall: Stat;
  /** POM-led people per available POM FTE. */
  caseloadPerPomFte: Stat;
  minutesRequired: Stat;
  minutesDelivered: Stat;
  byTier: CaseloadTierResult[];
  byTask: CaseTaskResult[];
  keyWork: KeyWorkResult;
  series: { pomFteRequired: SeriesBand; pomFteAvailable: SeriesBand };
  /**
   * Inputs behind these figures that are editable defaults, not figures from a source (staff in
   * post, their hours, minutes per task), labelled for a reader: a shortfall, or none, rests on them.
   * Absent in results saved before it existed.
   */
  restsOnDefaults?: string[];
}

export interface TableFit {
  table: string;
  label: string;
  /** The table's own total, and the population it was scaled to. */
  tableTotal: number;
  populationTotal: number;
  /** Largest difference between a cell's target and the fitted population, in people. */
  maxCellError: number;
  /** Sum of absolute differences over the table's cells (and the remainder), in people. */
  totalAbsoluteError: number;
}

/** One source table against the population at one point of the horizon. */
export interface TableFitOverTime extends TableFit {
  /**
   * Largest relative change of a cell's share since the start (cells of at least 20 people at
   * the start); above 0.1 the run warns that the population drifts from the table.
   */
  drift: number;
  cells: {
    label: string;
    /** What the table asks of the cell, in people, scaled to the population then (null: the table says nothing). */
    target: number | null;
    /** Mean people in the cell at the start, and then. */
    start: number;
    mean: number;
    share: number;
    startShare: number;
    drift: number;
  }[];
}

export interface FitAtYear {
  /** 0: the start of the window; y: the end of year y of the horizon. */
  year: number;
  week: number;
  tables: TableFitOverTime[];
}

export interface EstablishmentResult {
  establishment: string;
  name: string;
  /** Mean population over the horizon. */
  population: Stat;
  receptions: Stat;
  departures: Stat;
  /**
   * Of the departures, transfers to establishments of this file (flows.transfersTo), and the men
   * transferred in from them; a man transferred in is not a reception (he takes the place of one).
   */
  transfersOut: Stat;
  transfersIn: Stat;
  /** Kind of prison (schema `establishmentType`), which sets the default time left by sentence. */
  establishmentType: string;
  /** Mean ISPs (indeterminate sentences) here over the horizon, and those past tariff. */
  indeterminate: Stat;
  pastTariff: Stat;
  programmes: ProgrammeResult[];
  /** Each person once per need; the programmes above are the breakdown. */
  needs: NeedResult[];
  caseManagement: TierResult[];
  offenderManagement: OffenderManagementResult;
  /** Offender-manager capacity in sessions a week (null when no staffing is given). */
  sessionCapacityPerWeek: number | null;
  fit: TableFit[];
  /** The population against each source table at the start and at the end of each year. */
  fitByYear: FitAtYear[];
  /**
   * True where a provisional summary left this establishment's breakdowns out (SummaryOptions
   * `breakdowns`): its programmes' `byOgrs`, `byOffence` and `perYear`, the `perYear` of a need
   * that is one programme's, and `fitByYear` are empty, and come with the full run. Absent from
   * full results.
   */
  breakdownsLeftOut?: true;
}

export interface RunWarning {
  /** Field path in the scenario, e.g. "establishments[0].population.tables[1]". */
  path: string;
  message: string;
}

/** How the run opened. */
export interface StartUsed {
  mode: 'running' | 'empty';
  /** Weeks simulated and discarded before the window (0: none). */
  warmupWeeks: number;
  /** Whether the scenario set warmupWeeks (false: the default). */
  warmupFromScenario: boolean;
  note: string;
  /**
   * Who had completed what when the window opened: the scenario's treatmentHistory rules (how
   * many, how many with default shares) and whether a warm-up added to them, with a note.
   */
  treatmentHistory: { rules: number; defaultShares: number; fromWarmup: boolean; note: string };
}

export interface Results {
  scenario: string;
  seed: string;
  replications: number;
  startDate: string;
  weeks: number;
  /** How the run opened: on a running service (after a warm-up) or an empty one. */
  start: StartUsed;
  establishments: EstablishmentResult[];
  /** Every programme and tier added up over the establishments, replication by replication. */
  region: {
    programmes: ProgrammeResult[];
    needs: NeedResult[];
    caseManagement: TierResult[];
    offenderManagement: OffenderManagementResult;
    population: Stat;
  };
  warnings: RunWarning[];
  /** Projected against actual volumes where the scenario gives them (src/results/backtest.ts). */
  backtest: BacktestResult;
  /** Operating prices and programme costs where the scenario gives them (src/results/cost.ts). */
  cost: CostResult;
  /** Set where the scenario gives a precision target: what it asks and what these replications reach. */
  precisionTarget?: PrecisionTargetResult;
}

/** Whose headline means a precision target asks of (a scenario's `precisionScope`). */
export type PrecisionScope = 'region' | 'everyEstablishment';

/**
 * A run's precision against its scenario's `precisionTarget` (src/results/precisionStop.ts): the
 * run ends at the first checkpoint where the headline means it asks of (the region's, or every
 * establishment's) are known within the target.
 */
export interface PrecisionTargetResult {
  /** The target, a share of each mean (0.02: ±2%, at 95% confidence). */
  target: number;
  /**
   * Whose means it asks of: the region's, or every establishment's (each within the target).
   * Absent from results written before it was added: the region's.
   */
  scope?: PrecisionScope;
  /** The replications asked for: the most the run goes to. */
  replicationsAsked: number;
  /** The target is checked every this many replications. */
  checkEvery: number;
  /**
   * The widest relative 95% half-width among the means of starts, completions and unmet need of 5
   * or more that `scope` reads (with its establishment where it reads every establishment's), over
   * these replications; null where none can be told.
   */
  widest: MeanError | null;
  /** Whether `widest` is within the target. */
  met: boolean;
}

/** The run's own figures, before the checks against the plan's data (backtest, cost) are added. */
export type RunFigures = Omit<Results, 'backtest' | 'cost'>;

/** One projection against what was actually delivered (a delivery's `actual`). */
export interface BacktestRow {
  /** Establishment id, or null for the region (the sum over every site that delivers it). */
  establishment: string | null;
  establishmentName: string;
  programme: string;
  programmeName: string;
  /** An OGRS band or offence row of the results, or null for the whole programme. */
  segment: { by: 'ogrs' | 'offence'; band: string; label: string } | null;
  measure: 'starts' | 'completions';
  actual: number;
  /** The run's window figure scaled to the actual's period length: mean and 5th-95th percentiles. */
  projected: Stat;
  /** Projected mean minus actual. */
  error: number;
  absoluteError: number;
  /** error / actual x 100; null when the actual is 0. */
  percentError: number | null;
  /** Whether the actual lies in the projection's 5th-95th percentile interval. */
  insideInterval: boolean;
  periodFrom: string;
  periodTo: string;
  periodWeeks: number;
  /** Says so when the actual's period is not the run's window (null when it is). */
  periodNote: string | null;
  source: string | null;
}

export interface BacktestResult {
  rows: BacktestRow[];
  note: string;
}

export interface ProgrammeCostResult {
  programme: string;
  name: string;
  /** Unit costs given by the scenario, in pounds. */
  perPlace: number | null;
  perCompletion: number | null;
  /** Places offered over the window (places a year x window years), and mean completions. */
  placesOffered: number;
  completions: number;
  /** Programme cost over the window (mean), or null without unit costs. */
  total: number | null;
  /** total / mean completions. */
  costPerCompletion: number | null;
  source: string | null;
  defaults: string[];
}

export interface EstablishmentCost {
  establishment: string;
  name: string;
  /** The Annual Operating Price: the whole establishment, not its programmes. */
  annualOperatingPrice: number | null;
  operatingPriceOverWindow: number | null;
  operatingPriceSource: string | null;
  programmes: ProgrammeCostResult[];
  /** Sum of the programme costs given here (null when none is). */
  programmeCostTotal: number | null;
}

export interface CostResult {
  windowWeeks: number;
  establishments: EstablishmentCost[];
  region: {
    /** Sum of operating prices over the window; null unless every establishment has one. */
    operatingPriceOverWindow: number | null;
    establishmentsPriced: number;
    programmeCostTotal: number | null;
  };
  note: string;
}
