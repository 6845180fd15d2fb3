/** Run status: progress with a cancel button, or what happened to the last run. */
import { html, nothing } from 'lit';
import { LightElement, emit } from './base.js';
import { seconds } from '../format.js';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'waiting' }
  | { phase: 'running'; done: number; total: number; summarizing: boolean }
  | { phase: 'done'; replications: number; elapsedMs: number; workers: number; seed: string }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string }
  | { phase: 'invalid'; errors: number };

export class RunStatus extends LightElement {
  static override properties = { state: { attribute: false }, hasResults: { type: Boolean } };
  declare state: RunState;
  declare hasResults: boolean;

  constructor() {
    super();
    this.state = { phase: 'idle' };
    this.hasResults = false;
  }

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
        body = html`<span>Change noted; running shortly…</span>`;
        break;
      case 'running': {
        const pct = s.total > 0 ? Math.round((100 * s.done) / s.total) : 0;
        body = html`<label for="run-progress"
            >${s.summarizing ? 'Summarising…' : `Running ${s.done.toLocaleString('en-GB')} of ${s.total.toLocaleString('en-GB')} replications`}</label
          >
          <progress id="run-progress" max=${Math.max(1, s.total)} .value=${s.done}>${pct}%</progress>
          <button type="button" class="small danger" @click=${() => emit(this, 'pw-cancel', null)}>Cancel</button>`;
        break;
      }
      case 'done':
        body = html`<span
            >Results: ${s.replications.toLocaleString('en-GB')} replications, seed ${s.seed}, ${seconds(s.elapsedMs)} on
            ${s.workers} worker${s.workers === 1 ? '' : 's'}.</span
          >
          ${runAgain}`;
        break;
      case 'cancelled':
        body = html`<span>Run cancelled.${kept}</span> ${runAgain}`;
        break;
      case 'failed':
        body = html`<span class="error-text">The simulation failed: ${s.message}.${kept}</span> ${runAgain}`;
        break;
      case 'invalid':
        body = html`<span class="error-text"
          >The scenario has ${s.errors} error${s.errors === 1 ? '' : 's'} (marked at the fields) and is not
          run.${kept}</span
        >`;
        break;
    }
    return html`<div class="run-status phase-${s.phase}" role="status" aria-live="polite" data-phase=${s.phase}>
      ${body ?? nothing}
    </div>`;
  }
}
customElements.define('pw-run-status', RunStatus);
