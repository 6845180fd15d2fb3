import type { Scenario } from '../scenario/schema.js';
import type { Results } from '../results/types.js';
import { summarize } from '../results/summarize.js';
import { compileScenario, type RunOptions } from './compile.js';
import { simulateBatch } from './simulate.js';

/** The engine as one pure function: (scenario, options) -> results, every replication in turn. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  const compiled = compileScenario(scenario, options);
  return summarize(compiled, [simulateBatch(compiled, 0, compiled.replications)]);
}
