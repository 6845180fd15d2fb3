/**
 * The page's side of the validation worker: one check at a time, the newest request of a kind
 * (say, the document being edited) superseding any older one not yet answered, and a time limit.
 *
 * - Once per change: a request waiting behind a busy worker is replaced by a newer one on the same
 *   channel without ever being sent; an answer for a request that a newer one has overtaken is
 *   dropped ('superseded'), so a stale verdict never reaches the screen.
 * - A check that runs past the limit (or a worker that dies) is ended: the worker is terminated
 *   and a fresh one started for the next request, and the caller is told why ('stopped'), so it
 *   can keep what is on screen as it was.
 *
 * Nothing here touches the DOM: the page hands in a factory of real workers (spawn.ts), the tests
 * an in-process fake over a MessageChannel.
 */
import type { Remote } from 'comlink';
import type { CheckAnswer, CheckInput, ValidationApi } from './validationApi.js';

/** The loader takes tens of milliseconds on the largest real file; this is far beyond any of them. */
export const VALIDATION_TIMEOUT_MS = 5000;

/** A fresh worker has this long to load before a check is sent (a loaded machine can be slow to start one). */
export const WORKER_START_MS = 30_000;

export interface ValidationHandle {
  api: Remote<ValidationApi>;
  /** Stop the worker now; a call in flight never settles. */
  terminate(): void;
  /** Register the one listener told when the worker dies outside a call. */
  onCrash(listener: (error: Error) => void): void;
}

export type ValidationOutcome =
  | { status: 'checked'; verdict: CheckAnswer }
  /** A newer request on the same channel came in: this answer, if any, is stale. */
  | { status: 'superseded' }
  /** The check ran past the limit or the worker died: no verdict. */
  | { status: 'stopped'; message: string };

export interface CheckOptions {
  /** Requests on one channel supersede each other; without one, every request is answered. */
  channel?: string;
}

interface Job {
  seq: number;
  input: CheckInput;
  channel: string | undefined;
  resolve: (outcome: ValidationOutcome) => void;
}

/** What a planner reads when a check was stopped. */
export function slowCheckMessage(limitMs: number): string {
  const s = limitMs / 1000;
  const limit = `${Number(s.toFixed(2))} second${s === 1 ? '' : 's'}`;
  return `Checking the scenario took longer than ${limit}, so it was stopped and the checker restarted. A real scenario is checked in well under a second: this file is probably damaged or built to be slow.`;
}

export class Validator {
  /** Checks sent to a worker (a superseded request that never left is not counted). */
  sent = 0;
  private worker: ValidationHandle | null = null;
  private readonly queue: Job[] = [];
  private busy = false;
  private seq = 0;
  /** The newest request of each channel. */
  private readonly latest = new Map<string, number>();
  private disposed = false;

  constructor(
    private readonly factory: () => ValidationHandle,
    readonly timeoutMs: number = VALIDATION_TIMEOUT_MS,
  ) {}

  /** The loader's verdict on the JSON text of a scenario file (or the file, or a share link). Never rejects. */
  check(input: CheckInput, options: CheckOptions = {}): Promise<ValidationOutcome> {
    return new Promise((resolve) => {
      if (this.disposed) {
        resolve({ status: 'stopped', message: 'The page is closing.' });
        return;
      }
      const job: Job = { seq: ++this.seq, input, channel: options.channel, resolve };
      if (job.channel !== undefined) {
        this.latest.set(job.channel, job.seq);
        // An older request of this channel still waiting is never sent.
        for (let i = this.queue.length - 1; i >= 0; i--) {
          const waiting = this.queue[i]!;
          if (waiting.channel === job.channel) {
            this.queue.splice(i, 1);
            waiting.resolve({ status: 'superseded' });
          }
        }
      }
      this.queue.push(job);
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.resolve({ status: 'stopped', message: 'The page is closing.' });
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  private isStale(job: Job): boolean {
    return job.channel !== undefined && this.latest.get(job.channel) !== job.seq;
  }

  /** The worker, and a promise settled once it has loaded: the time limit is for checking, not starting. */
  private ensureWorker(): { worker: ValidationHandle; ready: Promise<unknown> } {
    if (this.worker && this.ready) return { worker: this.worker, ready: this.ready };
    const worker = this.factory();
    this.worker = worker;
    worker.onCrash((error) => this.stop(worker, `The scenario checker stopped (${error.message}) and was restarted.`));
    this.ready = Promise.resolve(worker.api.ready()).catch(() => undefined);
    return { worker, ready: this.ready };
  }

  private ready: Promise<unknown> | null = null;

  /** The job in flight, and how to end it from outside (time limit, crash). */
  private current: { worker: ValidationHandle; end: (outcome: ValidationOutcome) => void } | null = null;

  private pump(): void {
    if (this.busy || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    const { worker, ready } = this.ensureWorker();
    let settled = false;
    let timer = setTimeout(
      () => this.stop(worker, 'The scenario checker did not start, so it was restarted.'),
      WORKER_START_MS,
    );
    const end = (outcome: ValidationOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.current = null;
      this.busy = false;
      job.resolve(outcome.status === 'checked' && this.isStale(job) ? { status: 'superseded' } : outcome);
      this.pump();
    };
    this.current = { worker, end };
    void ready.then(() => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => this.stop(worker, slowCheckMessage(this.timeoutMs)), this.timeoutMs);
      this.sent++;
      Promise.resolve(worker.api.check(job.input)).then(
        (verdict) => end({ status: 'checked', verdict }),
        (e: unknown) =>
          end({
            status: 'stopped',
            message: `The scenario could not be checked: ${e instanceof Error ? e.message : String(e)}`,
          }),
      );
    });
  }

  /** End the check in flight on `worker` (if any), and replace the worker. */
  private stop(worker: ValidationHandle, message: string): void {
    if (this.worker !== worker) return;
    worker.terminate();
    this.worker = null; // the next request starts a fresh one
    this.ready = null;
    const current = this.current;
    if (current && current.worker === worker) current.end({ status: 'stopped', message });
  }
}
