/**
 * Horizontal bars by establishment, drawn in HTML and CSS rather than on a canvas: each row is a
 * label, a bar and its value in words, so the chart reads the same to a screen reader, on a
 * phone (the label goes above the bar) and on paper. Used by Region (unmet need; starts against
 * places) and Compare (differences, with their intervals, either side of zero).
 */
import { html, nothing } from 'lit';
import { num, signed } from '../format.js';
import { LightElement } from './base.js';

export interface BarRow {
  /** Stable id, written as data-key for tests. */
  key: string;
  label: string;
  value: number;
  /** The 5th–95th percentile interval, drawn as a whisker. */
  lo?: number;
  hi?: number;
  /** A second figure drawn as an outline behind the bar (e.g. places behind starts). */
  outline?: number;
  /** Marks the row (e.g. a regional total) in bold. */
  total?: boolean;
}

export interface BarChartSpec {
  /** Figure caption: what is drawn and over what. */
  title: string;
  rows: BarRow[];
  /** e.g. "unmet need", used in each row's text. */
  valueLabel: string;
  /** e.g. "places", when rows carry an outline. */
  outlineLabel?: string;
  digits?: number;
  /** Differences: bars go left or right of zero and values are signed. */
  signed?: boolean;
}

/** The range the bars span: always includes zero, and every interval and outline. */
export function barScale(rows: readonly BarRow[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const r of rows)
    for (const v of [r.value, r.lo, r.hi, r.outline])
      if (v !== undefined && Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
  if (min === max) max = min + 1;
  return { min, max };
}

export class BarChart extends LightElement {
  static override properties = { spec: { attribute: false } };
  declare spec: BarChartSpec | null;

  constructor() {
    super();
    this.spec = null;
  }

  protected override render() {
    const s = this.spec;
    if (!s || s.rows.length === 0) return nothing;
    const { min, max } = barScale(s.rows);
    const pct = (v: number) => `${(((v - min) / (max - min)) * 100).toFixed(2)}%`;
    const span = (a: number, b: number) => `left:${pct(Math.min(a, b))};width:${pct(min + Math.abs(b - a))}`;
    const fmt = (v: number) => (s.signed ? signed(v, s.digits) : num(v, s.digits));
    return html`<figure class="bar-chart">
      <figcaption>${s.title}</figcaption>
      <div class="bar-legend" aria-hidden="true">
        ${
          s.signed
            ? html`<span><i class="bar-key bar-key-value"></i>increase</span
                ><span><i class="bar-key bar-key-negative"></i>decrease</span>`
            : html`<span><i class="bar-key bar-key-value"></i>${s.valueLabel}</span>`
        }
        ${s.rows.some((r) => r.lo !== undefined) ? html`<span><i class="bar-key bar-key-whisker"></i>5th–95th percentile</span>` : nothing}
        ${s.outlineLabel ? html`<span><i class="bar-key bar-key-outline"></i>${s.outlineLabel}</span>` : nothing}
      </div>
      <ul class="bar-rows">
        ${s.rows.map(
          (r) =>
            html`<li class="bar-row ${r.total ? 'bar-total' : ''}" data-key=${r.key} data-value=${r.value}>
              <span class="bar-label">${r.label}</span>
              <span class="bar-track" aria-hidden="true">
                ${min < 0 ? html`<i class="bar-zero" style="left:${pct(0)}"></i>` : nothing}
                ${r.outline !== undefined && r.outline > 0 ? html`<i class="bar-outline" style=${span(0, r.outline)}></i>` : nothing}
                <i class="bar-fill ${r.value < 0 ? 'bar-negative' : ''}" style=${span(0, r.value)}></i>
                ${r.lo !== undefined && r.hi !== undefined ? html`<i class="bar-whisker" style=${span(r.lo, r.hi)}></i>` : nothing}
              </span>
              <span class="bar-value"
                >${fmt(r.value)}${r.lo !== undefined && r.hi !== undefined ? html` <span class="muted">(${fmt(r.lo)} to ${fmt(r.hi)})</span>` : nothing}${r.outline !== undefined ? html` <span class="muted">of ${num(r.outline, s.digits)} ${s.outlineLabel ?? ''}</span>` : nothing}</span
              >
            </li>`,
        )}
      </ul>
    </figure>`;
  }
}
customElements.define('pw-bar-chart', BarChart);

declare global {
  interface HTMLElementTagNameMap {
    'pw-bar-chart': BarChart;
  }
}
