/**
 * Results tables: programmes (with agreed volumes and material variances) and case-management
 * tiers. Semantic tables, each with a caption and a CSV export of exactly what it shows.
 */
import { html, nothing } from 'lit';
import type { ProgrammeResult, Stat, TierResult } from '../../src/index.js';
import { toCsv, type Cell } from '../csv.js';
import { downloadText, slug } from '../download.js';
import { num, signed, shortName } from '../format.js';
import { LightElement } from './base.js';

const statCols = (s: Stat | null | undefined): Cell[] => (s ? [s.mean, s.p5, s.p50, s.p95] : [null, null, null, null]);
const statHeads = (name: string) => [`${name} mean`, `${name} p5`, `${name} p50`, `${name} p95`];

export { shortName };

/** The full name, with a short form that narrow screens show instead (screen readers read the full one). */
export function programmeName(p: { programme: string; name: string }) {
  return html`<span class="name-long">${p.name}</span
    ><span class="name-short" aria-hidden="true" title=${p.name}>${shortName(p)}</span>`;
}

/** A numeric cell carrying its raw mean for tests and screen readers alike. */
export function statCell(s: Stat | null | undefined, measure: string, digits?: number) {
  return html`<td class="num" data-measure=${measure} data-mean=${s ? String(s.mean) : ''}>
    <span class="mean">${num(s?.mean, digits)}</span
    >${s && s.p5 !== s.p95 ? html` <span class="interval">(${num(s.p5, digits)}–${num(s.p95, digits)})</span>` : nothing}
  </td>`;
}

export function csvButton(label: string, fileStem: string, csv: () => string) {
  return html`<button
    type="button"
    class="small"
    aria-label="Download ${label} as CSV"
    @click=${() => downloadText(csv(), `${slug(fileStem)}.csv`, 'text/csv')}
  >
    CSV
  </button>`;
}

function varianceCell(
  agreed: number | null | undefined,
  variance: number | null | undefined,
  material: boolean | undefined,
  what: string,
) {
  if (agreed === null || agreed === undefined)
    return html`<td class="num muted">–</td>
      <td class="num muted">–</td>`;
  return html`<td class="num" data-measure="agreed${what}">${num(agreed, 0)}</td>
    <td
      class="num ${material ? 'material' : ''}"
      data-measure="${what.toLowerCase()}Variance"
      data-material=${material ? 'true' : 'false'}
    >
      ${signed(variance)}${material ? html` <span class="badge badge-warn" title="Variance above the materiality threshold: a Notice of Change case">material</span>` : nothing}
    </td>`;
}

export function programmeCsv(rows: { scope: string; p: ProgrammeResult }[]): string {
  return toCsv(
    [
      'establishment',
      'programme',
      'name',
      'delivered',
      'places_per_year',
      ...statHeads('starts'),
      ...statHeads('completions'),
      ...statHeads('non_completions'),
      ...statHeads('unmet_need'),
      ...statHeads('waiting_at_end'),
      ...statHeads('mean_wait_weeks'),
      ...statHeads('referred_out'),
      'agreed_starts',
      'starts_variance_per_year',
      'starts_material',
      'agreed_completions',
      'completions_variance_per_year',
      'completions_material',
      'load_warning',
    ],
    rows.map(({ scope, p }) => [
      scope,
      p.programme,
      p.name,
      p.delivered,
      p.placesPerYear,
      ...statCols(p.starts),
      ...statCols(p.completions),
      ...statCols(p.nonCompletions),
      ...statCols(p.unmetNeed),
      ...statCols(p.waitingAtEnd),
      ...statCols(p.meanWaitWeeks),
      ...statCols(p.referredOut),
      p.agreed?.agreedStarts ?? null,
      p.agreed?.startsVariance ?? null,
      p.agreed?.startsMaterial ?? null,
      p.agreed?.agreedCompletions ?? null,
      p.agreed?.completionsVariance ?? null,
      p.agreed?.completionsMaterial ?? null,
      p.loadWarning ?? '',
    ]),
  );
}

export class ProgrammeTable extends LightElement {
  static override properties = {
    programmes: { attribute: false },
    caption: { type: String },
    scope: { type: String },
    note: { type: String },
  };
  declare programmes: ProgrammeResult[];
  declare caption: string;
  /** Establishment id (or "region"): names the CSV and the rows. */
  declare scope: string;
  declare note: string;

  constructor() {
    super();
    this.programmes = [];
    this.caption = 'Programmes';
    this.scope = '';
    this.note = '';
  }

  protected override render() {
    const rows = this.programmes;
    const warnings = rows.filter((p) => p.loadWarning && p.delivered);
    const nowhere = rows.filter((p) => p.loadWarning && !p.delivered && p.joiningPerYear.mean > 0);
    // No row to show (a prison that delivers nothing, in a report leaving out what is not delivered):
    // a sentence, not a table of headings alone.
    if (rows.length === 0)
      return html`<div class="table-block">
        <p class="empty-table" data-scope=${this.scope}><strong>${this.caption}:</strong> ${this.note || 'none.'}</p>
      </div>`;
    return html`<div class="table-block">
      <div class="table-scroll">
        <table class="data-table programme-table" data-scope=${this.scope}>
          <caption>
            <span>${this.caption}</span>
            ${csvButton(this.caption, `${this.scope}-programmes`, () => programmeCsv(rows.map((p) => ({ scope: this.scope, p }))))}
            ${this.note ? html`<div class="caption-note">${this.note}</div>` : nothing}
          </caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Places a year</th>
              <th scope="col">Starts</th>
              <th scope="col">Completions</th>
              <th scope="col">Non-completions</th>
              <th scope="col">Unmet need</th>
              <th scope="col">Waiting at end</th>
              <th scope="col">Mean wait (weeks)</th>
              <th scope="col">Agreed starts a year</th>
              <th scope="col">Starts variance a year</th>
              <th scope="col">Agreed completions a year</th>
              <th scope="col">Completions variance a year</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (p) =>
                html`<tr data-programme=${p.programme} class=${p.delivered ? '' : 'not-delivered'}>
                  <th scope="row">
                    ${programmeName(p)}${p.delivered ? nothing : html` <span class="badge" title="Not delivered here: eligible people are referred or their need is unmet">not delivered</span>`}
                  </th>
                  <td class="num">${num(p.placesPerYear, 0)}</td>
                  ${statCell(p.starts, 'starts')} ${statCell(p.completions, 'completions')}
                  ${statCell(p.nonCompletions, 'nonCompletions')} ${statCell(p.unmetNeed, 'unmetNeed')}
                  ${statCell(p.waitingAtEnd, 'waitingAtEnd')} ${statCell(p.meanWaitWeeks, 'meanWaitWeeks', 1)}
                  ${varianceCell(p.agreed?.agreedStarts, p.agreed?.startsVariance, p.agreed?.startsMaterial, 'Starts')}
                  ${varianceCell(p.agreed?.agreedCompletions, p.agreed?.completionsVariance, p.agreed?.completionsMaterial, 'Completions')}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        warnings.length || nowhere.length
          ? html`<ul class="load-warnings">
              ${warnings.map((p) => html`<li><strong>${p.name}:</strong> ${p.loadWarning}</li>`)}
              ${
                nowhere.length
                  ? html`<li>
                      <strong>Not delivered here, with eligible people joining:</strong>
                      ${nowhere.map((p, i) => html`${i ? ', ' : ''}<span title=${p.loadWarning ?? ''}>${shortName(p)} (about ${num(p.joiningPerYear.mean)} a year)</span>`)}.
                      Their need is unmet here unless they are referred.
                    </li>`
                  : nothing
              }
            </ul>`
          : nothing
      }
    </div>`;
  }
}
customElements.define('pw-programme-table', ProgrammeTable);

export function tierCsv(rows: { scope: string; t: TierResult }[]): string {
  return toCsv(
    [
      'establishment',
      'tier',
      'label',
      'sessions_per_year_each',
      ...statHeads('people'),
      ...statHeads('sessions_required'),
      ...statHeads('sessions_deliverable'),
      ...statHeads('shortfall_sessions'),
      ...statHeads('shortfall_fte'),
    ],
    rows.map(({ scope, t }) => [
      scope,
      t.tier,
      t.label,
      t.sessionsPerYear,
      ...statCols(t.people),
      ...statCols(t.sessionsRequired),
      ...statCols(t.sessionsDelivered),
      ...statCols(t.shortfallSessions),
      ...statCols(t.shortfallFte),
    ]),
  );
}

export class TierTable extends LightElement {
  static override properties = {
    tiers: { attribute: false },
    caption: { type: String },
    scope: { type: String },
    capacity: { attribute: false },
  };
  declare tiers: TierResult[];
  declare caption: string;
  declare scope: string;
  /** Sessions a week the staff can deliver, or null when no staffing is given. */
  declare capacity: number | null;

  constructor() {
    super();
    this.tiers = [];
    this.caption = 'Case management';
    this.scope = '';
    this.capacity = null;
  }

  protected override render() {
    return html`<div class="table-scroll">
      <table class="data-table tier-table" data-scope=${this.scope}>
        <caption>
          <span>${this.caption}</span>
          ${csvButton(this.caption, `${this.scope}-case-management`, () => tierCsv(this.tiers.map((t) => ({ scope: this.scope, t }))))}
          <div class="caption-note">
            ${this.capacity === null ? 'No staffing given: deliverable sessions are not computed.' : html`Staff can deliver ${num(this.capacity)} sessions a week.`}
            Over the horizon; mean (5th–95th percentile).
          </div>
        </caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Sessions a year each</th>
            <th scope="col">People</th>
            <th scope="col">Sessions required</th>
            <th scope="col">Sessions deliverable</th>
            <th scope="col">Shortfall (sessions)</th>
            <th scope="col">Shortfall (FTE)</th>
          </tr>
        </thead>
        <tbody>
          ${this.tiers.map(
            (t) =>
              html`<tr data-tier=${t.tier}>
                <th scope="row">${t.label}</th>
                <td class="num">${num(t.sessionsPerYear)}</td>
                ${statCell(t.people, 'people')} ${statCell(t.sessionsRequired, 'sessionsRequired')}
                ${statCell(t.sessionsDelivered, 'sessionsDelivered')}
                ${statCell(t.shortfallSessions, 'shortfallSessions')} ${statCell(t.shortfallFte, 'shortfallFte', 2)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
customElements.define('pw-tier-table', TierTable);
