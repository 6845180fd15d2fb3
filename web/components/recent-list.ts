/** The recent scenarios (web/storage/history.ts): any of the last ten can be opened again. */
import { html, nothing } from 'lit';
import type { RecentScenario } from '../storage/history.js';
import { LightElement, emit } from './base.js';

export class RecentList extends LightElement {
  static override properties = { recent: { attribute: false } };
  declare recent: RecentScenario[];

  constructor() {
    super();
    this.recent = [];
  }

  protected override render() {
    if (this.recent.length === 0) return nothing;
    // A landmark of its own: axe's "region" rule wants all text inside one.
    return html`<section aria-label="Recent scenarios">
      <details class="recent-scenarios">
        <summary>Recent scenarios (${this.recent.length})</summary>
        <ul>
          ${this.recent.map(
            (r, i) =>
              html`<li>
                <button type="button" class="small" data-recent=${i} @click=${() => emit(this, 'pw-restore', r)}>
                  Open “${r.name}”
                </button>
                <span class="muted">${new Date(r.savedAt).toLocaleString('en-GB')}</span>
              </li>`,
          )}
        </ul>
      </details>
    </section>`;
  }
}
customElements.define('pw-recent-list', RecentList);
