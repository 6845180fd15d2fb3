/** Errors (the scenario is not run) and warnings (it runs, but its tables disagree). */
import { html, nothing } from 'lit';
import type { Problem } from '../../src/index.js';
import { LightElement, emit } from './base.js';

export class ProblemsPanel extends LightElement {
  static override properties = {
    errors: { attribute: false },
    warnings: { attribute: false },
  };
  declare errors: Problem[];
  declare warnings: Problem[];

  constructor() {
    super();
    this.errors = [];
    this.warnings = [];
  }

  private item(p: Problem) {
    return html`<li>
      ${p.path ? html`<button type="button" class="link" title="Show the field" @click=${() => emit(this, 'pw-goto', p.path)}><code>${p.path}</code></button>: ` : nothing}${p.message}
    </li>`;
  }

  protected override render() {
    if (!this.errors.length && !this.warnings.length) return nothing;
    return html`${
      this.errors.length
        ? html`<section class="problems problems-errors" aria-labelledby="errors-h" role="alert">
            <h2 id="errors-h">
              ${this.errors.length} error${this.errors.length === 1 ? '' : 's'}: the edited scenario is not run
            </h2>
            <ul>
              ${this.errors.map((p) => this.item(p))}
            </ul>
          </section>`
        : nothing
    }
    ${
      this.warnings.length
        ? html`<details class="problems problems-warnings">
            <summary>
              ${this.warnings.length} warning${this.warnings.length === 1 ? '' : 's'}: the scenario runs, but some
              inputs disagree
            </summary>
            <ul>
              ${this.warnings.map((p) => this.item(p))}
            </ul>
          </details>`
        : nothing
    }`;
  }
}
customElements.define('pw-problems', ProblemsPanel);
