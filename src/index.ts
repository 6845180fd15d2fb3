/**
 * Placewise's public core: load a scenario, compile it, simulate replications, summarise.
 * Pure and DOM-free: the same code runs in Node (CLI, tests) and in a Web Worker.
 */
export * from './scenario/schema.js';
export { BAND_SCHEMES, resolveAttributes } from './scenario/bandSchemes.js';
export { CURRENT_CATALOGUE, currentCourse, type CatalogueCourse } from './scenario/currentCatalogue.js';
export * as pni from './scenario/pni.js';
export { loadScenario, loadScenarioText, formatProblem } from './scenario/load.js';
export type { Problem, LoadResult } from './scenario/load.js';
export { compileScenario } from './engine/compile.js';
export { CompileCache } from './engine/compileCache.js';
export type { CompiledScenario, RunOptions } from './engine/compile.js';
export { simulateBatch, SimulationContext } from './engine/simulate.js';
export type { RepBatch } from './engine/simulate.js';
export { summarize } from './results/summarize.js';
export type { SummaryOptions, WeeklySeriesScope } from './results/summarize.js';
export { runScenario } from './engine/run.js';
export { bedPlacesPerWeek, meanStayWeeks } from './engine/beds.js';
export type * from './results/types.js';
export {
  concurrentGroups,
  fewestMeeting,
  guessLevel,
  finishSizing,
  FIXABLE_REASONS,
  REASON_WORDS,
  searchSizing,
  sizeProgramme,
  sizingListAtStart,
  todayLevel,
  withBeds,
  withGroupsPerYear,
} from './engine/sizing.js';
export type {
  SizingClearing,
  SizingHooks,
  SizingLimit,
  SizingProgress,
  SizingRequest,
  SizingResult,
  SizingSearch,
  SizingSearchLimit,
  SizingStep,
  SizingUnit,
} from './engine/sizing.js';
export {
  ALL_PROGRAMMES,
  REGION_SAMPLE_SCOPE,
  SAMPLE_MEASURES,
  batchSamples,
  canPair,
  joinSamples,
  leadingReplications,
  pairedDifference,
  replicationSamples,
  sampleKey,
  sampleLayout,
  samplesOf,
  shareAtOrUnder,
  statOf,
} from './results/samples.js';
export type { BatchSamples, ReplicationSamples, SampleLayout, SampleMeasure } from './results/samples.js';
export { meanPrecision, PRECISION_MEASURES, PRECISION_MIN_MEAN } from './results/precision.js';
export type { MeanError, MeanPrecision } from './results/precision.js';
export {
  percentText,
  precisionMeansWords,
  PRECISION_CHECK_EVERY,
  PrecisionStop,
  precisionTargetResult,
  precisionTargetSentence,
} from './results/precisionStop.js';
