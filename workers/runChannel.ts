/**
 * Latest-wins runs over a pool (RunChannel): what a page shows of the scenario on screen, where
 * a newer run replaces the one before it.
 */
import { RunCancelledError, SUPERSEDED, type RunRequest, type RunResult, type WorkerPool } from './pool.js';

export type RunOutcome =
  | ({ status: 'done' } & RunResult)
  | { status: 'superseded'; runId: number }
  | { status: 'cancelled'; runId: number }
  | { status: 'failed'; runId: number; error: Error };

/**
 * Latest-wins runs over a pool: starting a run cancels the one before it on this channel, and
 * only the latest run resolves as 'done'. A page keeps one channel per thing it shows (the
 * current scenario, a comparison file), so they do not cancel each other.
 */
export class RunChannel {
  private readonly pool: WorkerPool;
  private controller: AbortController | null = null;
  /** Stops the run in progress early (stopEarly), keeping the replications it has done. */
  private stopper: AbortController | null = null;
  private latest = 0;
  private cancelledByUser = new Set<number>();

  constructor(pool: WorkerPool) {
    this.pool = pool;
  }

  get running(): boolean {
    return this.controller !== null;
  }

  async run(request: Omit<RunRequest, 'signal' | 'stopEarly'>): Promise<RunOutcome> {
    this.controller?.abort(SUPERSEDED);
    const controller = new AbortController();
    const stopper = new AbortController();
    this.controller = controller;
    this.stopper = stopper;
    const ticket = ++this.latest;
    try {
      const result = await this.pool.run({ ...request, signal: controller.signal, stopEarly: stopper.signal });
      if (ticket !== this.latest) return { status: 'superseded', runId: result.runId };
      return { status: 'done', ...result };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (ticket !== this.latest) return { status: 'superseded', runId: ticket };
      if (error instanceof RunCancelledError || this.cancelledByUser.has(ticket))
        return { status: 'cancelled', runId: ticket };
      return { status: 'failed', runId: ticket, error };
    } finally {
      this.cancelledByUser.delete(ticket);
      if (this.controller === controller) {
        this.controller = null;
        this.stopper = null;
      }
    }
  }

  /**
   * Stop the run in progress early, if any: it ends with full results of the replications it has
   * done (RunRequest.stopEarly), as a run of that many would give them.
   */
  stopEarly(): void {
    this.stopper?.abort();
  }

  /** Cancel the run in progress, if any. */
  cancel(): void {
    if (!this.controller) return;
    this.cancelledByUser.add(this.latest);
    this.controller.abort();
  }
}
