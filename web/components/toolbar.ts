/** File and share toolbar: open, save, share link, export, print. Only emits events. */
import { html } from 'lit';
import { LightElement, emit } from './base.js';

export class Toolbar extends LightElement {
  static override properties = { hasResults: { type: Boolean } };
  declare hasResults: boolean;

  constructor() {
    super();
    this.hasResults = false;
  }

  private open(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) emit(this, 'pw-open-file', file);
    input.value = '';
  }

  protected override render() {
    return html`<div class="toolbar" role="toolbar" aria-label="Scenario file">
      <label class="button file-button" title="Open a scenario file (or drop one on the page)"
        >Open…<input
          id="open-file"
          type="file"
          accept=".json,application/json"
          class="visually-hidden"
          @change=${this.open}
      /></label>
      <button type="button" @click=${() => emit(this, 'pw-save', null)}>Save</button>
      <button type="button" @click=${() => emit(this, 'pw-share', null)}>Share link</button>
      <button type="button" @click=${() => emit(this, 'pw-export-csv', null)} ?disabled=${!this.hasResults}>
        Results CSV
      </button>
      <button type="button" @click=${() => emit(this, 'pw-print', null)} ?disabled=${!this.hasResults}>
        Print report
      </button>
      <button type="button" class="quiet" @click=${() => emit(this, 'pw-reset', null)}>Default scenario</button>
    </div>`;
  }
}
customElements.define('pw-toolbar', Toolbar);
