/**
 * Compare: the current scenario against a reference (the pinned baseline, or a second scenario
 * file), read as a planner reads it: the regional headline first, the inputs that differ, a chart
 * of the difference by establishment, then only the figures that changed meaningfully.
 *
 * Differences are worked out replication by replication when both runs share a seed (see
 * src/results/samples.ts), so a cut of 20 starts at one prison is not lost among every other
 * prison moving by tenths of noise.
 */
import { costComparison } from './cost-compare.js';
import { comparedHead, sideCells } from './compared-columns.js';
import { html, nothing } from 'lit';
import type { ReplicationSamples, Results } from '../../src/index.js';
import { compareFigures } from '../results/figures.js';
import {
  COMPARED_MEASURES,
  compareRuns,
  comparisonCsv,
  isMeaningful,
  type ComparedFigure,
  type Comparison,
} from '../results/comparison.js';
import { changeSentence, scenarioDiff, type InputChange } from '../scenario/diff.js';
import { num, signed, stat } from '../format.js';
import { downloadText, slug } from '../download.js';
import { LightElement, emit } from './base.js';
import type { BarChartSpec } from './bar-chart.js';
import { horizonNote } from './results-view.js';
import { programmeName } from './tables.js';
import './bar-chart.js';

export interface Reference {
  kind: 'baseline' | 'file';
  name: string;
  /** When it was pinned (ISO), or the file name. */
  detail: string;
  results: Results | null;
  /** Each replication's headline counts; null until they are worked out (again). */
  samples: ReplicationSamples | null;
  /** The scenario document, for the list of inputs that differ. */
  doc: unknown;
  /** Running, failed or invalid: said in words. */
  status: string | null;
}

export type CompareFilter = 'meaningful' | 'threshold' | 'all';

/** "Baseline (pinned 10:20)", with the date too when it was not pinned today. */
export function referenceLabel(ref: Reference, now = new Date()): string {
  if (ref.kind === 'file') return `“${ref.name}” (file)`;
  const at = new Date(ref.detail);
  if (Number.isNaN(at.getTime())) return 'Baseline';
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const sameDay = at.toDateString() === now.toDateString();
  return `Baseline (pinned ${sameDay ? '' : `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} `}${time})`;
}

const SHOWN_CHANGES = 40;
/** The difference column's head where differences are paired replication by replication. */
const PAIRED_DIFFERENCE = 'Difference (5th to 95th percentile)';

export class CompareView extends LightElement {
  static override properties = {
    current: { attribute: false },
    currentSamples: { attribute: false },
    currentDoc: { attribute: false },
    currentName: { type: String },
    references: { attribute: false },
    selected: { type: String },
    filter: { state: true },
    threshold: { state: true },
    chartMeasure: { state: true },
    dragging: { state: true },
  };
  declare current: Results | null;
  declare currentSamples: ReplicationSamples | null;
  declare currentDoc: unknown;
  declare currentName: string;
  declare references: Reference[];
  declare selected: 'baseline' | 'file';
  declare filter: CompareFilter;
  /** What is typed in the threshold field (people). */
  declare threshold: string;
  declare chartMeasure: (typeof COMPARED_MEASURES)[number]['id'];
  declare dragging: boolean;

  /** The comparison is worked out once per pair of runs, not on every keystroke. */
  private cache: { ref: ReplicationSamples; cur: ReplicationSamples; value: Comparison } | null = null;
  private diffCache: { ref: unknown; cur: unknown; value: InputChange[] } | null = null;

  constructor() {
    super();
    this.current = null;
    this.currentSamples = null;
    this.currentDoc = null;
    this.currentName = '';
    this.references = [];
    this.selected = 'baseline';
    this.filter = 'meaningful';
    this.threshold = '5';
    this.chartMeasure = 'unmetNeed';
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

  private comparison(ref: Reference): Comparison | null {
    if (!ref.results || !ref.samples || !this.current || !this.currentSamples) return null;
    const cached = this.cache;
    if (!cached || cached.ref !== ref.samples || cached.cur !== this.currentSamples)
      this.cache = {
        ref: ref.samples,
        cur: this.currentSamples,
        value: compareRuns(
          { label: '', results: ref.results, samples: ref.samples },
          { label: '', results: this.current, samples: this.currentSamples },
        ),
      };
    return this.cache!.value;
  }

  private inputChanges(ref: Reference): InputChange[] {
    const cached = this.diffCache;
    if (cached && cached.ref === ref.doc && cached.cur === this.currentDoc) return cached.value;
    const value = scenarioDiff(ref.doc, this.currentDoc);
    this.diffCache = { ref: ref.doc, cur: this.currentDoc, value };
    return value;
  }

  private thresholdValue(): number | null {
    const n = Number(this.threshold);
    return this.threshold.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : null;
  }

  private renderControls(ref: Reference | undefined) {
    return html`<div class="compare-controls">
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
              <span class="muted"
                >(${r.kind === 'baseline' ? referenceLabel(r).replace(/^Baseline \((.*)\)$/, '$1') : r.detail})</span
              >
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
    </div>`;
  }

  private differenceCell(f: ComparedFigure) {
    const digits = 1;
    return html`<td
      class="num"
      data-difference=${f.difference.mean}
      data-p5=${f.difference.p5}
      data-p95=${f.difference.p95}
    >
      <strong>${signed(f.difference.mean, digits)}</strong
      >${f.paired ? html` <span class="interval">(${signed(f.difference.p5, digits)} to ${signed(f.difference.p95, digits)})</span>` : nothing}
    </td>`;
  }

  private renderHeadline(c: Comparison, refLabel: string, curLabel: string) {
    return html`<div class="table-scroll">
      <table class="data-table compare-headline">
        <caption>
          <span>${c.headlineScope}, every programme added up</span>
        </caption>
        ${comparedHead(['Measure'], refLabel, curLabel, PAIRED_DIFFERENCE)}
        <tbody>
          ${c.headline.map(
            (f) =>
              html`<tr data-key=${f.key} class=${isMeaningful(f, null) ? 'meaningful' : ''}>
                <th scope="row">${f.measureLabel}</th>
                ${sideCells(stat(f.reference, 0), stat(f.current, 0))} ${this.differenceCell(f)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderInputs(changes: InputChange[], ref: Reference) {
    return html`<section class="compare-inputs" aria-labelledby="cmp-inputs-h">
      <h3 id="cmp-inputs-h">Inputs that differ (${changes.length.toLocaleString('en-GB')})</h3>
      ${
        changes.length === 0
          ? html`<p>
              None: both sides ran the same inputs${ref.kind === 'file' ? '' : ', so any difference is none at all'}.
            </p>`
          : html`<ul class="change-list">
              ${changes.slice(0, SHOWN_CHANGES).map((ch) => html`<li data-path=${ch.path}>${changeSentence(ch)}</li>`)}
              ${changes.length > SHOWN_CHANGES ? html`<li class="muted">… and ${(changes.length - SHOWN_CHANGES).toLocaleString('en-GB')} more.</li>` : nothing}
            </ul>`
      }
    </section>`;
  }

  private renderChart(c: Comparison, refLabel: string, curLabel: string) {
    if (c.byEstablishment.length <= COMPARED_MEASURES.length) return nothing; // one establishment: the headline says it
    const m = COMPARED_MEASURES.find((x) => x.id === this.chartMeasure) ?? COMPARED_MEASURES[3]!;
    const spec: BarChartSpec = {
      title: `${m.label}: ${curLabel} minus ${refLabel}, by establishment (every programme added up)`,
      valueLabel: `difference in ${m.label.toLowerCase()}`,
      signed: true,
      digits: 1,
      rows: c.byEstablishment
        .filter((f) => f.measure === m.id)
        .map((f) => ({
          key: f.scope,
          label: f.scopeLabel,
          value: f.difference.mean,
          ...(f.paired ? { lo: f.difference.p5, hi: f.difference.p95 } : {}),
        })),
    };
    return html`<section class="compare-chart" aria-labelledby="cmp-chart-h">
      <h3 id="cmp-chart-h">Difference by establishment</h3>
      <div class="inline-field">
        <label for="cmp-chart-measure">Measure</label>
        <select
          id="cmp-chart-measure"
          @change=${(e: Event) =>
            (this.chartMeasure = (e.currentTarget as HTMLSelectElement).value as CompareView['chartMeasure'])}
        >
          ${COMPARED_MEASURES.map((x) => html`<option value=${x.id} ?selected=${x.id === m.id}>${x.label}</option>`)}
        </select>
      </div>
      <pw-bar-chart .spec=${spec}></pw-bar-chart>
    </section>`;
  }

  private renderDetail(c: Comparison, refLabel: string, curLabel: string, fileStem: string) {
    const threshold = this.filter === 'threshold' ? this.thresholdValue() : null;
    const shown =
      this.filter === 'all'
        ? c.detail
        : this.filter === 'threshold' && threshold === null
          ? []
          : c.detail.filter((f) => isMeaningful(f, threshold));
    const thresholdError = this.filter === 'threshold' && threshold === null;
    return html`<section class="compare-detail" aria-labelledby="cmp-detail-h">
      <h3 id="cmp-detail-h">Figures by establishment and programme</h3>
      <fieldset class="compare-filter">
        <legend>Show</legend>
        <label class="radio"
          ><input
            type="radio"
            name="cmp-filter"
            value="meaningful"
            .checked=${this.filter === 'meaningful'}
            @change=${() => (this.filter = 'meaningful')}
          />
          Meaningful changes: the difference’s 5th to 95th percentile interval excludes zero</label
        >
        <label class="radio"
          ><input
            type="radio"
            name="cmp-filter"
            value="threshold"
            .checked=${this.filter === 'threshold'}
            @change=${() => (this.filter = 'threshold')}
          />
          Changes of at least a number of people</label
        >
        ${
          this.filter === 'threshold'
            ? html`<div class="field conditional ${thresholdError ? 'has-error' : ''}">
                <label for="cmp-threshold">People (difference of the means)</label>
                ${thresholdError ? html`<p class="field-error" id="cmp-threshold-err">Enter a number of people, 0 or more.</p>` : nothing}
                <input
                  id="cmp-threshold"
                  type="text"
                  inputmode="decimal"
                  class="narrow"
                  .value=${this.threshold}
                  aria-invalid=${thresholdError ? 'true' : 'false'}
                  aria-describedby=${thresholdError ? 'cmp-threshold-err' : nothing}
                  @input=${(e: Event) => (this.threshold = (e.currentTarget as HTMLInputElement).value)}
                />
              </div>`
            : nothing
        }
        <label class="radio"
          ><input
            type="radio"
            name="cmp-filter"
            value="all"
            .checked=${this.filter === 'all'}
            @change=${() => (this.filter = 'all')}
          />
          Every figure</label
        >
      </fieldset>
      <p class="compare-count" role="status" data-shown=${shown.length} data-total=${c.detail.length}>
        Showing ${shown.length.toLocaleString('en-GB')} of ${c.detail.length.toLocaleString('en-GB')} figures.
      </p>
      <div class="table-scroll">
        <table class="data-table compare-table">
          <caption>
            <span>${curLabel} compared with ${refLabel}</span>
            <button
              type="button"
              class="small"
              aria-label="Download the comparison as CSV"
              @click=${() =>
                downloadText(
                  comparisonCsv(c, [...c.headline, ...c.detail], refLabel, curLabel),
                  `${fileStem}.csv`,
                  'text/csv',
                )}
            >
              CSV
            </button>
            <div class="caption-note">
              Totals over the horizon. Difference = ${curLabel} minus
              ${refLabel}${c.paired ? ', worked out replication by replication' : ''}.
            </div>
          </caption>
          ${comparedHead(['Establishment', 'Programme', 'Measure'], refLabel, curLabel, PAIRED_DIFFERENCE)}
          <tbody>
            ${shown.map(
              (f) =>
                html`<tr data-key=${f.key} class=${f.scope.startsWith('@') ? 'total' : ''}>
                  <td>${f.scopeLabel}</td>
                  <td>
                    ${
                      f.programmeLabel === 'All programmes'
                        ? f.programmeLabel
                        : programmeName({ programme: f.programme, name: f.programmeLabel })
                    }
                  </td>
                  <th scope="row">${f.measureLabel}</th>
                  ${sideCells(stat(f.reference, 1), stat(f.current, 1))} ${this.differenceCell(f)}
                </tr>`,
            )}
            ${
              shown.length === 0
                ? html`<tr>
                    <td colspan="6" class="muted">No figure changed by that much.</td>
                  </tr>`
                : nothing
            }
          </tbody>
        </table>
      </div>
    </section>`;
  }

  /** Case management, population and mean waits: not kept per replication, so compared by their means. */
  private renderOthers(ref: Results, refLabel: string, curLabel: string) {
    if (!this.current) return nothing;
    const paired = new Set(COMPARED_MEASURES.map((m) => m.id as string));
    const threshold = this.filter === 'threshold' ? this.thresholdValue() : null;
    // Not paired, so "meaningful" here is the older test: the two intervals do not overlap.
    const rows = compareFigures(ref, this.current).filter(
      (d) =>
        !paired.has(d.key.split('/').at(-1) ?? '') &&
        d.difference !== null &&
        Math.abs(d.difference) > 1e-9 &&
        (this.filter === 'all' || (threshold !== null ? Math.abs(d.difference) >= threshold : d.distinct)),
    );
    return html`<details class="compare-others">
      <summary>Other figures (${rows.length}): case management, population, waits, referrals</summary>
      <p class="hint">
        Not kept per replication, so compared by their means. With “meaningful changes” chosen, only figures whose two
        5th–95th percentile intervals do not overlap (“distinct”) are listed.
      </p>
      <div class="table-scroll">
        <table class="data-table compare-others-table">
          <caption class="visually-hidden">
            Other figures that changed
          </caption>
          ${comparedHead(['Where', 'Measure'], refLabel, curLabel)}
          <tbody>
            ${rows.map(
              (d) =>
                html`<tr data-key=${d.key}>
                  <td>${d.scopeLabel}, ${d.itemLabel}</td>
                  <th scope="row">${d.measureLabel} <span class="unit">(${d.unit})</span></th>
                  ${sideCells(stat(d.reference, d.digits), stat(d.current, d.digits))}
                  <td class="num" data-difference=${d.difference ?? ''}>
                    ${signed(d.difference, d.digits)}${d.distinct ? html` <span class="badge badge-warn">distinct</span>` : nothing}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>`;
  }

  protected override render() {
    const ref = this.references.find((r) => r.kind === this.selected) ?? this.references[0];
    const c = ref ? this.comparison(ref) : null;
    const refLabel = ref ? referenceLabel(ref) : '';
    const curLabel = !ref
      ? ''
      : ref.kind === 'baseline'
        ? 'Edited'
        : ref.name === this.currentName
          ? 'Current'
          : `“${this.currentName}”`;
    const fileStem =
      ref && ref.name !== this.currentName
        ? slug(this.currentName, 'vs', ref.name)
        : slug(this.currentName, curLabel, 'vs', refLabel);
    const waiting =
      ref && !ref.status && ref.results && !c
        ? !ref.samples
          ? 'Working out the baseline’s replications again, to pair them with the current run…'
          : 'Waiting for the current results…'
        : null;
    return html`<section class="card compare-view" aria-labelledby="cmp-h">
      <h2 id="cmp-h">Compare</h2>
      ${this.renderControls(ref)} ${ref?.status ? html`<p class="notice" role="status">${ref.status}</p>` : nothing}
      ${waiting ? html`<p class="notice" role="status">${waiting}</p>` : nothing}
      ${
        ref && c && this.current && ref.results
          ? html`<div class="compare-body">
              <div class="compare-sides">
                <p>
                  <strong>${curLabel}</strong> (${this.currentName}) compared with <strong>${refLabel}</strong>
                  (${ref.name}). ${horizonNote(this.current)}
                </p>
                ${
                  c.paired && c.pairedOverFirst !== null
                    ? html`<p class="hint" data-paired-over-first=${c.pairedOverFirst}>
                        Both sides use seed ${this.current.seed}. With a precision target to stop at, they ran different
                        numbers of replications (${refLabel} ${ref.results.replications.toLocaleString('en-GB')},
                        ${curLabel} ${this.current.replications.toLocaleString('en-GB')}), so both are compared over the
                        first ${c.pairedOverFirst.toLocaleString('en-GB')} of each (a run of that many gives the same),
                        each difference worked out replication by replication: its interval shows the effect of the
                        change, not the noise of two runs.
                      </p>`
                    : c.paired
                      ? html`<p class="hint">
                          Both sides use seed ${this.current.seed} and the same replications, so each difference is
                          worked out replication by replication: its interval shows the effect of the change, not the
                          noise of two runs.
                        </p>`
                      : html`<p class="notice notice-info" role="note">
                          Differences have no interval: ${c.unpairedReason}. Give both the same seed and replications to
                          see which changes are more than noise.
                        </p>`
                }
                <button type="button" class="small" @click=${() => window.print()}>Print this comparison</button>
              </div>
              <h3>${c.headlineScope}: the headline</h3>
              ${this.renderHeadline(c, refLabel, curLabel)}
              ${costComparison(ref.results, this.current, refLabel, curLabel)}
              ${this.renderInputs(this.inputChanges(ref), ref)} ${this.renderChart(c, refLabel, curLabel)}
              ${this.renderDetail(c, refLabel, curLabel, fileStem)}
              ${this.renderOthers(ref.results, refLabel, curLabel)}
              <p class="muted print-only">${num(c.detail.length, 0)} figures compared.</p>
            </div>`
          : nothing
      }
    </section>`;
  }
}
customElements.define('pw-compare-view', CompareView);
