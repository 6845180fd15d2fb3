/**
 * The app's own limit on a run: what a browser tab can hold (BROWSER_BUDGET). A scenario over it
 * loads (the command line, with its larger budget, runs it), but the app marks it at the field to
 * lower, as it marks any other error, instead of letting the worker refuse it as a failed run.
 */
import {
  BROWSER_BUDGET,
  budgetProblem,
  estimateInBudget,
  formatBytes,
  formatDuration,
} from '../../src/engine/budget.js';
import type { Problem, Scenario } from '../../src/index.js';

/** The scenario with `replications` changed, for the estimate only. */
function withReplications(scenario: Scenario, replications: number): Scenario {
  return { ...scenario, replications };
}

/** Rounded down to two significant figures (29,412 -> 29,000): a number a planner can type. */
function roundDown(n: number): number {
  if (n < 100) return Math.floor(n);
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / step) * step;
}

/**
 * The most replications of this scenario a tab holds, or 0 when even one does not fit. Memory and
 * time grow in a straight line with the replications, so two estimates place the limit; the
 * answer is checked, and lowered until it fits, against the budget itself.
 */
export function mostReplicationsInTab(scenario: Scenario): number {
  if (budgetProblem(withReplications(scenario, 1), {}, BROWSER_BUDGET) !== undefined) return 0;
  let low = 1; // fits
  let high = Math.max(2, scenario.replications); // does not fit (the caller's scenario)
  // Bisection: a dozen or so estimates, each a few milliseconds even for a region.
  while (high - low > Math.max(1, low / 200)) {
    const mid = Math.floor((low + high) / 2);
    if (budgetProblem(withReplications(scenario, mid), {}, BROWSER_BUDGET) === undefined) low = mid;
    else high = mid;
  }
  return roundDown(low);
}

/**
 * The error a scenario too large for a tab gets: on Replications when fewer replications would
 * fit (saying how many), else on the scenario as a whole with what to lower. Undefined when it fits.
 */
export function tabBudgetProblem(scenario: Scenario): Problem | undefined {
  const problem = budgetProblem(scenario, {}, BROWSER_BUDGET);
  if (problem === undefined) return undefined;
  const most = mostReplicationsInTab(scenario);
  if (most < 1) return { path: '', message: `${problem} The command line (npx placewise run) allows more.` };
  // Short, as GOV.UK error messages are: the limit, what this run needs, what to lower.
  const e = estimateInBudget(scenario, {}, BROWSER_BUDGET);
  const need =
    e.bytes > BROWSER_BUDGET.maxBytes
      ? `need about ${formatBytes(e.bytes)} of memory, more than ${BROWSER_BUDGET.where} can give (${formatBytes(BROWSER_BUDGET.maxBytes)})`
      : `take about ${formatDuration(e.seconds)} on one core, longer than ${BROWSER_BUDGET.where} allows (${formatDuration(BROWSER_BUDGET.maxSeconds)})`;
  return {
    path: 'replications',
    message: `must be ${most.toLocaleString('en-GB')} or fewer: ${e.replications.toLocaleString('en-GB')} replications of ${e.weeks.toLocaleString('en-GB')} weeks ${need}. Lower the replications or the horizon; the command line (npx placewise run) can run more`,
  };
}
