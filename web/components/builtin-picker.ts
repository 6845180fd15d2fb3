/**
 * "Built-in scenarios": a dialog listing every scenario that ships with the app, each with a line
 * on what it is. Opening one only emits `pw-open-builtin` with its id; the app does the rest.
 */
import { html } from 'lit';
import { listBuiltins, type Builtin } from '../scenario/builtins.js';
import { LightElement, emit } from './base.js';

export class BuiltinPicker extends LightElement {
  static override properties = { current: { type: String } };
  /** Name of the scenario on screen, to mark it in the list. */
  declare current: string;
  private readonly builtins: Builtin[] = listBuiltins();

  constructor() {
    super();
    this.current = '';
  }

  private get dialog(): HTMLDialogElement | null {
    return this.querySelector('dialog');
  }

  private choose(id: string) {
    this.dialog?.close();
    emit(this, 'pw-open-builtin', id);
  }

  protected override render() {
    return html`<button type="button" id="builtin-open" @click=${() => this.dialog?.showModal()}>
        Built-in scenarios…
      </button>
      <dialog id="builtin-dialog" class="builtin-dialog" aria-labelledby="builtin-h">
        <h2 id="builtin-h">Start from a built-in scenario</h2>
        <p>
          Each is a 2014-15 establishment or region as its agreements describe it. Opening one replaces the scenario on
          screen; the notice that follows can bring it back.
        </p>
        <ul class="builtin-list">
          ${this.builtins.map(
            (b) =>
              html`<li data-builtin=${b.id}>
                <div>
                  <strong id="builtin-${b.id}">${b.name}</strong
                  >${b.name === this.current ? html` <span class="badge">on screen</span>` : ''}
                  <p class="builtin-summary">${b.summary}</p>
                </div>
                <button type="button" class="small" aria-label="Open ${b.name}" @click=${() => this.choose(b.id)}>
                  Open
                </button>
              </li>`,
          )}
        </ul>
        <div class="dialog-actions">
          <button type="button" class="quiet" @click=${() => this.dialog?.close()}>Close</button>
        </div>
      </dialog>`;
  }
}
customElements.define('pw-builtin-picker', BuiltinPicker);

declare global {
  interface HTMLElementTagNameMap {
    'pw-builtin-picker': BuiltinPicker;
  }
}
