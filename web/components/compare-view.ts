/**
 * Compare: every headline figure of the current scenario as a difference from a reference,
 * either the pinned baseline or a second scenario file opened for comparison.
 */
import { html, nothing } from 'lit';
import type { Results } from '../../src/index.js';
import { compareFigures, type FigureDiff } from '../results/figures.js';
import { toCsv } from '../csv.js';
import { signed, stat } from '../format.js';
import { LightElement, emit } from './base.js';
import { csvButton } from './tables.js';

export interface Reference {
  kind: 'baseline' | 'file';
  name: string;
  /** When it was pinned, or the file name. */
  detail: string;
  results: Results | null;
  /** Running, failed or invalid: said in words. */
  status: string | null;
}

export class CompareView extends LightElement {
  static override properties = {
    current: { attribute: false },
    currentName: { type: String },
    references: { attribute: false },
    selected: { type: String },
    changedOnly: { state: true },
    dragging: { state: true },
  };
  declare current: Results | null;
  declare currentName: string;
  declare references: Reference[];
  declare selected: 'baseline' | 'file';
  declare changedOnly: boolean;
  declare dragging: boolean;

  constructor() {
    super();
    this.current = null;
    this.currentName = '';
    this.references = [];
    this.selected = 'baseline';
    this.changedOnly = false;
    this.dragging = false;
  }

  private openFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) emit(this, 'pw-compare-file', file);
    input.value = '';
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    e.stopPropagation();
    this.dragging = false;
    const file = e.dataTransfer?.files[0];
    if (file) emit(this, 'pw-compare-file', file);
  }

  protected override render() {
    const ref = this.references.find((r) => r.kind === this.selected) ?? this.references[0];
    const diffs = ref?.results && this.current ? compareFigures(ref.results, this.current) : [];
    const shown = this.changedOnly
      ? diffs.filter((d) => d.difference === null || Math.abs(d.difference) > 1e-9)
      : diffs;
    const groups = new Map<string, FigureDiff[]>();
    for (const d of shown) {
      const key = `${d.scopeLabel} — ${d.itemLabel}`;
      const list = groups.get(key);
      if (list) list.push(d);
      else groups.set(key, [d]);
    }
    return html`<section class="card" aria-labelledby="cmp-h">
      <h2 id="cmp-h">Compare</h2>
      <div class="compare-controls">
        <fieldset class="reference-choice">
          <legend>Compare the current scenario with</legend>
          ${this.references.length === 0 ? html`<p class="muted">Nothing yet: pin a baseline or open a second scenario file.</p>` : nothing}
          ${this.references.map(
            (r) =>
              html`<label class="radio">
                <input
                  type="radio"
                  name="cmp-ref"
                  value=${r.kind}
                  .checked=${r === ref}
                  @change=${() => emit(this, 'pw-compare-select', r.kind)}
                />
                ${r.kind === 'baseline' ? 'Pinned baseline' : 'Opened file'}: <strong>${r.name}</strong>
                <span class="muted">(${r.detail})</span>
              </label>`,
          )}
        </fieldset>
        <div class="compare-actions">
          <button type="button" @click=${() => emit(this, 'pw-pin-baseline', null)} ?disabled=${!this.current}>
            Pin current as baseline
          </button>
          ${this.references.some((r) => r.kind === 'baseline') ? html`<button type="button" @click=${() => emit(this, 'pw-clear-baseline', null)}>Clear baseline</button>` : nothing}
          <label class="button file-button"
            >Open a file to compare…<input
              type="file"
              accept=".json,application/json"
              class="visually-hidden"
              @change=${this.openFile}
          /></label>
          ${this.references.some((r) => r.kind === 'file') ? html`<button type="button" @click=${() => emit(this, 'pw-clear-comparison', null)}>Close compared file</button>` : nothing}
        </div>
        <div
          class="drop-zone ${this.dragging ? 'dragging' : ''}"
          @dragover=${(e: DragEvent) => {
            e.preventDefault();
            e.stopPropagation();
            this.dragging = true;
          }}
          @dragleave=${() => (this.dragging = false)}
          @drop=${this.onDrop}
        >
          Or drop a scenario file here to compare it
        </div>
      </div>
      ${ref?.status ? html`<p class="notice" role="status">${ref.status}</p>` : nothing}
      ${
        ref?.results && this.current
          ? html`<div class="inline-field">
                <input
                  type="checkbox"
                  id="cmp-changed"
                  .checked=${this.changedOnly}
                  @change=${(e: Event) => (this.changedOnly = (e.currentTarget as HTMLInputElement).checked)}
                /><label for="cmp-changed">Only figures that changed</label>
              </div>
              <div class="table-scroll">
                <table class="data-table compare-table">
                  <caption>
                    <span>${this.currentName} compared with ${ref.name}</span>
                    ${csvButton('the comparison', 'comparison', () =>
                      toCsv(
                        [
                          'scope',
                          'item',
                          'measure',
                          'unit',
                          'reference_mean',
                          'reference_p5',
                          'reference_p95',
                          'current_mean',
                          'current_p5',
                          'current_p95',
                          'difference',
                          'relative_difference',
                          'intervals_distinct',
                        ],
                        diffs.map((d) => [
                          d.scopeLabel,
                          d.itemLabel,
                          d.measureLabel,
                          d.unit,
                          d.reference?.mean,
                          d.reference?.p5,
                          d.reference?.p95,
                          d.current?.mean,
                          d.current?.p5,
                          d.current?.p95,
                          d.difference,
                          d.relative,
                          d.distinct,
                        ]),
                      ),
                    )}
                    <div class="caption-note">
                      Difference = current minus reference (means). “Distinct” marks figures whose 5th–95th percentile
                      intervals do not overlap.
                    </div>
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Measure</th>
                      <th scope="col">${ref.kind === 'baseline' ? 'Baseline' : 'Compared file'}</th>
                      <th scope="col">Current</th>
                      <th scope="col">Difference</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  ${[...groups].map(
                    ([group, rows]) =>
                      html`<tbody>
                        <tr class="group-row">
                          <th scope="colgroup" colspan="5">${group}</th>
                        </tr>
                        ${rows.map(
                          (d) =>
                            html`<tr data-key=${d.key} class=${d.distinct ? 'distinct' : ''}>
                              <th scope="row">${d.measureLabel} <span class="unit">(${d.unit})</span></th>
                              <td class="num">${stat(d.reference, d.digits)}</td>
                              <td class="num">${stat(d.current, d.digits)}</td>
                              <td class="num" data-difference=${d.difference ?? ''}>
                                ${signed(d.difference, d.digits)}${d.distinct ? html` <span class="badge badge-warn" title="The intervals do not overlap">distinct</span>` : nothing}
                              </td>
                              <td class="num">${d.relative === null ? '–' : signed(d.relative * 100, 0) + '%'}</td>
                            </tr>`,
                        )}
                      </tbody>`,
                  )}
                </table>
              </div>`
          : nothing
      }
    </section>`;
  }
}
customElements.define('pw-compare-view', CompareView);
