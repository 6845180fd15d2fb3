/** Adds to a run's results what is checked against the plan's own data: backtests and cost. */
import type { Scenario } from '../scenario/schema.js';
import { backtestOf } from './backtest.js';
import { costOf } from './cost.js';
import type { Results, RunFigures } from './types.js';

export function withPlanChecks(scenario: Scenario, figures: RunFigures): Results {
  return { ...figures, backtest: backtestOf(scenario, figures), cost: costOf(scenario, figures) };
}
