/**
 * The run status strip, kept in view (sticky) on every tab: progress with the time left, a button
 * that stops the run where it is with the results of the replications done, and one that cancels
 * it; whether the figures shown are provisional, or what happened to the last run.
 *
 * On a phone it is one line (a short form of each message, the progress bar and the buttons),
 * with a toggle for the whole text: wrapped in full it took half of a 390 px screen. Each message
 * is written twice, long and short; the short one is hidden from screen readers and the long one
 * is only visually hidden, so what is announced is the same at any width.
 */
import { html, nothing } from 'lit';
import { LightElement, emit } from './base.js';
import { seconds } from '../format.js';
import { EVERY_ESTABLISHMENT_WHOSE, type RunningPrecision } from '../results/precisionNote.js';
import { percentText, PRECISION_CHECK_EVERY, type PrecisionScope } from '../../src/index.js';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'waiting' }
  | {
      phase: 'running';
      done: number;
      total: number;
      summarizing: boolean;
      /** performance.now() when the run started, for the time left. */
      startedAt?: number;
      /** Replications behind the provisional figures on screen, once they are. */
      provisional?: number | null;
      /** Told to stop early (Stop here): finishing the replications under way. */
      stopping?: boolean;
      /** How precisely the means of the replications done so far are known, once it can be told. */
      precision?: RunningPrecision | null;
      /** The scenario's precision target (a share), where it gives one: the run may end before `total`. */
      target?: number | null;
      /** Whose means the target asks of (the scenario's precisionScope); absent: the region's. */
      targetScope?: PrecisionScope;
    }
  | {
      phase: 'done';
      replications: number;
      elapsedMs: number;
      workers: number;
      seed: string;
      /** Set where the results are an earlier run's of the same scenario and seed: how long that one took. */
      reusedFromMs?: number;
      /** Set where that run was kept in this browser from an earlier visit: when it was kept (ms since 1970). */
      savedAt?: number;
      /** Set where the run was stopped early ("Stop here"): the replications it was asked for. */
      stoppedAtRequested?: number;
      /** Where the scenario gives a precision target: what the run did against it, in a sentence (precisionStop.ts). */
      precision?: { sentence: string };
    }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string }
  | { phase: 'invalid'; errors: number }
  /** A large saved run, not started on load until the user says so. */
  | {
      phase: 'confirm';
      replications: number;
      estimateMs: number;
      workers: number;
      /** The scenario's precision target, where it gives one: the replications and time are the most. */
      target?: number;
    };

/** A message in full, and the few words a phone's one-line strip shows in its place. */
function says(long: string, short: string) {
  return html`<span class="long">${long}</span><span class="short" aria-hidden="true">${short}</span>`;
}

/** When a run was kept, as a planner reads it: "6 Dec 2026, 10:52". */
function savedWhen(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** What a finished run's status says: how long it took, or where its results were kept from, and its precision target's outcome. */
function doneMessage(s: Extract<RunState, { phase: 'done' }>) {
  const message = runMessage(s);
  if (!s.precision) return message;
  // Only the long form: the short one says how many replications already.
  return html`${message}<span class="long" data-precision-outcome> ${s.precision.sentence}</span>`;
}

/** A finished run's own message: how long it took, or where its results were kept from. */
function runMessage(s: Extract<RunState, { phase: 'done' }>) {
  const reps = s.replications.toLocaleString('en-GB');
  const workers = `${s.workers} worker${s.workers === 1 ? '' : 's'}`;
  if (s.stoppedAtRequested !== undefined) {
    const asked = s.stoppedAtRequested.toLocaleString('en-GB');
    const how =
      s.reusedFromMs === undefined
        ? `${seconds(s.elapsedMs)} on ${workers}`
        : s.savedAt === undefined
          ? `shown again from an earlier run in this tab that took ${seconds(s.reusedFromMs)}`
          : `kept in this browser on ${savedWhen(s.savedAt)} from that run (it took ${seconds(s.reusedFromMs)}), so shown without simulating`;
    return says(
      `Results: ${reps} of the ${asked} replications asked for (stopped early), seed ${s.seed}, ${how}. A run of this scenario with ${reps} replications gives these same figures.`,
      `Done: ${reps} of ${asked} replications`,
    );
  }
  if (s.reusedFromMs === undefined)
    return says(
      `Results: ${reps} replications, seed ${s.seed}, ${seconds(s.elapsedMs)} on ${workers}.`,
      `Done: ${reps} replications, ${seconds(s.elapsedMs)}`,
    );
  if (s.savedAt === undefined)
    return says(
      `Results: ${reps} replications, seed ${s.seed}, the same as an earlier run of this scenario in this tab (it took ${seconds(s.reusedFromMs)} on ${workers}), so shown again without simulating.`,
      `Done: ${reps} replications, shown again`,
    );
  return says(
    `Results: ${reps} replications, seed ${s.seed}, kept in this browser on ${savedWhen(s.savedAt)} from a run of this scenario (it took ${seconds(s.reusedFromMs)}), so shown without simulating.`,
    `Done: ${reps} replications, kept`,
  );
}

/**
 * The means so far, for deciding where to stop: "The means so far are within ±4.2% (95%
 * confidence, first 40 replications)". A phone's one-line strip leaves it out.
 */
function precisionSoFar(p: RunningPrecision, target: number | null, scope: PrecisionScope | undefined) {
  const whose = p.whose === null ? 'The means' : `${p.whose}'s means`;
  const reps = p.replications.toLocaleString('en-GB');
  const stops =
    target === null
      ? ''
      : ` The run ends once ${targetMeans(p.whose, scope)} within ±${percentText(target)}% (checked every ${PRECISION_CHECK_EVERY}).`;
  // Only the long form: on a phone it is visually hidden, out of the line, and still read out.
  return html`<span class="running-precision long" data-running-precision
    >${whose} so far are within ±${p.percent}% (95% confidence, first ${reps} replications).${stops}</span
  >`;
}

/** How the strip names the means a target asks of, after the means it shows: "they" where they are the same. */
function targetMeans(shown: string | null, scope: PrecisionScope | undefined): string {
  if (shown === null || (scope === 'everyEstablishment' && shown === EVERY_ESTABLISHMENT_WHOSE)) return 'they are';
  return scope === 'everyEstablishment' ? "every establishment's are" : "the region's are";
}

/** "about 40 s left", once enough of the run has gone to tell; null before. */
export function timeLeft(done: number, total: number, elapsedMs: number): string | null {
  // Early on, the pace includes compiling: wait for a twentieth of the run before telling.
  if (done <= 0 || done < total / 20 || elapsedMs < 400 || done >= total) return null;
  const left = (elapsedMs / done) * (total - done);
  if (left < 1000) return 'under a second left';
  if (left < 90_000) return `about ${Math.ceil(left / 1000)} s left`;
  return `about ${Math.round(left / 60_000)} min left`;
}

/** With a precision target the run may end sooner: its time left is an upper bound. */
function atMost(left: string | null, target: number | null): string | null {
  if (left === null || target === null) return left;
  return left.replace(/^about /, 'at most about ');
}

export class RunStatus extends LightElement {
  static override properties = {
    state: { attribute: false },
    hasResults: { type: Boolean },
    expanded: { state: true },
  };
  declare state: RunState;
  declare hasResults: boolean;
  /** On a phone: the whole text shown, wrapped, rather than the one-line summary. */
  declare expanded: boolean;

  constructor() {
    super();
    this.state = { phase: 'idle' };
    this.hasResults = false;
    this.expanded = false;
  }

  /** Stop here: the button goes once the run is stopping, so a keyboard user's focus goes on to Cancel. */
  private stopEarly = (e: Event) => {
    const hadFocus = document.activeElement === e.currentTarget;
    emit(this, 'pw-stop-early', null);
    if (hadFocus) requestAnimationFrame(() => this.querySelector<HTMLButtonElement>('button.danger')?.focus());
  };

  protected override render() {
    const s = this.state;
    const runAgain = html`<button type="button" class="small" @click=${() => emit(this, 'pw-run', null)}>
      Run again
    </button>`;
    const kept = this.hasResults ? ' The results shown are from the last completed run.' : '';
    let body;
    switch (s.phase) {
      case 'idle':
        body = html`<span>Ready.</span> ${runAgain}`;
        break;
      case 'waiting':
        body = says('Change noted; running shortly…', 'Running shortly…');
        break;
      case 'running': {
        const pct = s.total > 0 ? Math.round((100 * s.done) / s.total) : 0;
        const left =
          s.startedAt === undefined || s.summarizing || s.stopping
            ? null
            : atMost(timeLeft(s.done, s.total, performance.now() - s.startedAt), s.target ?? null);
        body = html`${
            s.provisional
              ? html`<span class="badge badge-provisional">provisional</span>
                  <span class="provisional-text long"
                    >Figures from the first ${s.provisional.toLocaleString('en-GB')} replications; refining.</span
                  >`
              : nothing
          }
          <label for="run-progress"
            >${
              s.summarizing
                ? 'Summarising…'
                : s.stopping
                  ? says(
                      `Stopping: finishing the replications under way (${s.done.toLocaleString('en-GB')} of ${s.total.toLocaleString('en-GB')} done)…`,
                      `Stopping at ${s.done.toLocaleString('en-GB')}…`,
                    )
                  : says(
                      `Running ${s.done.toLocaleString('en-GB')} of ${s.target === null || s.target === undefined ? '' : 'at most '}${s.total.toLocaleString('en-GB')} replications`,
                      `${s.done.toLocaleString('en-GB')}/${s.total.toLocaleString('en-GB')}`,
                    )
            }</label
          >
          <progress id="run-progress" max=${Math.max(1, s.total)} .value=${s.done}>${pct}%</progress>
          ${left ? html`<span class="time-left" data-time-left>${says(left, left.replace(/^(at most )?about /, '$1'))}</span>` : nothing}
          ${s.precision && !s.summarizing ? precisionSoFar(s.precision, s.target ?? null, s.targetScope) : nothing}
          ${
            s.done > 0 && s.done < s.total && !s.summarizing && !s.stopping
              ? html`<button
                  type="button"
                  class="small"
                  data-stop-early
                  aria-label="Stop here, with full results of the replications done"
                  @click=${this.stopEarly}
                >
                  ${says('Stop here', 'Stop')}
                </button>`
              : nothing
          }
          <button type="button" class="small danger" @click=${() => emit(this, 'pw-cancel', null)}>Cancel</button>`;
        break;
      }
      case 'done': {
        body = html`${doneMessage(s)} ${runAgain}`;
        break;
      }
      case 'cancelled':
        body = html`${says(`Run cancelled.${kept}`, 'Run cancelled')} ${runAgain}`;
        break;
      case 'failed':
        body = html`<span class="error-text"
            >${says(`The simulation failed: ${s.message}.${kept}`, 'The run failed')}</span
          >
          ${runAgain}`;
        break;
      case 'invalid': {
        const errors = `${s.errors} error${s.errors === 1 ? '' : 's'}`;
        body = html`<span class="error-text"
          >${says(`The scenario has ${errors} (marked at the fields) and is not run.${kept}`, `${errors}: not run`)}</span
        >`;
        break;
      }
      case 'confirm':
        body = html`${says(
            s.target === undefined
              ? `This scenario is a large run: ${s.replications.toLocaleString('en-GB')} replications, about ${seconds(s.estimateMs)} on ${s.workers} worker${s.workers === 1 ? '' : 's'}. It has not been started.`
              : `This scenario is a large run: at most ${s.replications.toLocaleString('en-GB')} replications, at most about ${seconds(s.estimateMs)} on ${s.workers} worker${s.workers === 1 ? '' : 's'}, fewer if its means are within ±${percentText(s.target)}% sooner (checked every ${PRECISION_CHECK_EVERY}). It has not been started.`,
            'A large run: not started',
          )} <button type="button" class="small" @click=${() => emit(this, 'pw-run', null)}>Run it now</button>`;
        break;
    }
    return html`<div
      class="run-status phase-${s.phase} ${this.expanded ? 'expanded' : ''}"
      role="status"
      aria-live="polite"
      data-phase=${s.phase}
    >
      ${body ?? nothing}
      <button
        type="button"
        class="small status-toggle"
        aria-expanded=${this.expanded ? 'true' : 'false'}
        aria-label=${this.expanded ? 'Show less of the run status' : 'Show all of the run status'}
        @click=${() => (this.expanded = !this.expanded)}
      >
        ${this.expanded ? '▴' : '▾'}
      </button>
    </div>`;
  }
}
customElements.define('pw-run-status', RunStatus);
