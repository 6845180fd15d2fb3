/**
 * Runs each replication of a running start with a look at the warm-up's end and at the window's
 * first week (before anything happens in it), for tests that compare the state a running service
 * held with the state the hand-over opened on.
 */
import type { CompiledScenario } from '../../src/index.js';
import { SimulationContext } from '../../src/index.js';
import { Replication } from '../../src/engine/replication.js';

/** Which of the two moments a look is at, and the week it reads (the warm-up's last, or 0). */
export type Moment = 'warmupEnd' | 'window';

export function probeHandOver(
  compiled: CompiledScenario,
  look: (r: Replication, week: number, moment: Moment) => void,
): void {
  const context = new SimulationContext(compiled);
  class Window extends Replication {
    protected override weekByWeek(): void {
      look(this, 0, 'window');
    }
  }
  const warmUp = Replication.prototype.warmUp;
  for (let r = 0; r < compiled.replications; r++) {
    let snapshot;
    try {
      Replication.prototype.warmUp = function (this: Replication) {
        const end = warmUp.call(this);
        look(this, end.weeks, 'warmupEnd');
        return end;
      };
      snapshot = context.warmup!.run(r);
    } finally {
      Replication.prototype.warmUp = warmUp;
    }
    context.people.reset();
    const L = compiled.layout;
    new Window(
      compiled,
      context.people,
      r,
      new Float64Array(L.scalarCount),
      new Float32Array(L.seriesCount * compiled.weeks),
      snapshot,
      '',
      context.shared,
    ).run();
  }
}
