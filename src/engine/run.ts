import type { Scenario } from '../scenario/schema.js';
import type { Results } from '../results/types.js';
import { summarize } from '../results/summarize.js';
import { batchSamples, sampleLayout } from '../results/samples.js';
import { PRECISION_CHECK_EVERY, PrecisionStop } from '../results/precisionStop.js';
import { compileScenario, type RunOptions } from './compile.js';
import { simulateBatch, SimulationContext, type RepBatch } from './simulate.js';

/**
 * The engine as one pure function: (scenario, options) -> results, every replication in turn, or,
 * where the scenario gives a precision target, those up to the first checkpoint that meets it
 * (precisionStop.ts): the replications the app's worker pool ends at too.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  const compiled = compileScenario(scenario, options);
  const target = compiled.precisionTarget;
  if (target === null) return summarize(compiled, [simulateBatch(compiled, 0, compiled.replications)]);
  const layout = sampleLayout(compiled);
  const stop = new PrecisionStop(layout.keys, target, compiled.replications, compiled.precisionScope);
  const context = new SimulationContext(compiled);
  const batches: RepBatch[] = [];
  for (let done = 0; done < compiled.replications && stop.stopAt === null;) {
    const count = Math.min(PRECISION_CHECK_EVERY, compiled.replications - done);
    const batch = simulateBatch(compiled, done, count, {}, context);
    batches.push(batch);
    stop.add(batchSamples(layout, batch), count);
    done += count;
  }
  return summarize(compiled, batches);
}
