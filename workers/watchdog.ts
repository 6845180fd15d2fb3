/**
 * A watchdog for runs: workers that fall silent (no progress, no answer, no error) would leave
 * a run at "Running ... 88%" for ever, for instance when the browser drops a worker without an
 * error event. Every sign of life resets the timer; when it runs out, `onSilent` ends the run.
 */

/**
 * Progress arrives every few seconds on any run the budget allows; the longest silent steps
 * (fitting a large population, summarising a large run) take well under two minutes.
 */
export const DEFAULT_SILENCE_MS = 120_000;

export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    readonly silenceMs: number,
    private readonly onSilent: (silenceMs: number) => void,
  ) {}

  /** A sign of life: start the wait again. */
  heard(): void {
    if (this.stopped || !Number.isFinite(this.silenceMs)) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.onSilent(this.silenceMs); // which stops the watchdog, or waits again
    }, this.silenceMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The message a planner sees when a run's workers fell silent. */
export function silentWorkersMessage(silenceMs: number): string {
  const seconds = Math.round(silenceMs / 1000);
  return `The simulation workers stopped responding (nothing for ${seconds} second${seconds === 1 ? '' : 's'}), so the run was ended and fresh workers started. Run again; if it happens again, reload the page.`;
}
