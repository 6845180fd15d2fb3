/**
 * Projected against actual volumes (a delivery's `actual`), shown beside the agreed volumes, and
 * what the scenario's prices make of the plan. Renders nothing when the scenario gives neither.
 */
import { html, nothing } from 'lit';
import type { BacktestRow, EstablishmentCost, ProgrammeResult } from '../../src/index.js';
import { backtestCsv, formatPercent, formatPounds } from '../../src/results/backtestTable.js';
import { num, signed } from '../format.js';
import { LightElement } from './base.js';
import { csvButton, shortName } from './tables.js';
import { segmentWords } from '../results/backtest.js';

export class BacktestTable extends LightElement {
  static override properties = {
    rows: { attribute: false },
    programmes: { attribute: false },
    cost: { attribute: false },
    scope: { type: String },
    name: { type: String },
    windowWeeks: { type: Number },
  };
  declare rows: BacktestRow[];
  /** The establishment's programme results, whose breakdown rows label the segments. */
  declare programmes: ProgrammeResult[];
  /** The establishment's cost (null for none, or for results saved before cost existed). */
  declare cost: EstablishmentCost | null;
  declare scope: string;
  declare name: string;
  declare windowWeeks: number;

  constructor() {
    super();
    this.rows = [];
    this.programmes = [];
    this.cost = null;
    this.scope = '';
    this.name = '';
    this.windowWeeks = 52;
  }

  private backtest() {
    const rows = this.rows.map((r) =>
      r.segment ? { ...r, segment: { ...r.segment, label: segmentWords(r, this.programmes) } } : r,
    );
    if (rows.length === 0) return nothing;
    const caption = `Backtest: projected against actual at ${this.name}`;
    const notes = [
      ...new Set(
        rows.flatMap((r) =>
          r.periodNote ? [`${shortName({ programme: r.programme, name: r.programmeName })}: ${r.periodNote}.`] : [],
        ),
      ),
    ];
    return html`<div class="table-scroll">
      <table class="data-table backtest-table" data-scope=${this.scope}>
        <caption>
          <span>${caption}</span>
          ${csvButton(caption, `${this.scope}-backtest`, () => backtestCsv({ backtest: { rows, note: '' } }))}
          <div class="caption-note">
            Actual: what was delivered (not the agreed volumes). Projected: mean (5th–95th percentile) of this run,
            scaled to the actual's period. Error: projected minus actual. ${notes.join(' ')}
          </div>
        </caption>
        <thead>
          <tr>
            <th scope="col">Programme</th>
            <th scope="col">Segment</th>
            <th scope="col">Measure</th>
            <th scope="col">Actual</th>
            <th scope="col">Projected</th>
            <th scope="col">Error</th>
            <th scope="col">Error %</th>
            <th scope="col">Actual inside interval</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr
                data-programme=${r.programme}
                data-segment=${r.segment?.band ?? 'all'}
                data-measure=${r.measure}
                data-inside=${r.insideInterval ? 'true' : 'false'}
              >
                <th scope="row" title=${r.source ?? ''}>
                  ${shortName({ programme: r.programme, name: r.programmeName })}
                </th>
                <td data-cell="segment">${r.segment?.label ?? 'All'}</td>
                <td>${r.measure}</td>
                <td class="num" data-cell="actual">${num(r.actual, 0)}</td>
                <td class="num" data-cell="projected" data-mean=${String(r.projected.mean)}>
                  <span class="mean">${num(r.projected.mean, 1)}</span>
                  <span class="interval">(${num(r.projected.p5, 1)}–${num(r.projected.p95, 1)})</span>
                </td>
                <td class="num" data-cell="error">${signed(r.error, 1)}</td>
                <td class="num" data-cell="percent">${formatPercent(r.percentError)}</td>
                <td class=${r.insideInterval ? '' : 'material'}>
                  ${r.insideInterval ? 'yes' : html`<span class="badge badge-warn">outside</span>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private costSummary() {
    const cost = this.cost;
    if (!cost || (cost.annualOperatingPrice === null && cost.programmes.length === 0)) return nothing;
    return html`<dl class="headline cost-summary" data-scope=${this.scope}>
      ${
        cost.annualOperatingPrice !== null
          ? html`<div>
              <dt>Annual Operating Price (the whole establishment, not its programmes)</dt>
              <dd data-cost="operating-price">
                ${formatPounds(cost.annualOperatingPrice)} a year; ${formatPounds(cost.operatingPriceOverWindow)} over
                ${this.windowWeeks} weeks
              </dd>
            </div>`
          : nothing
      }
      ${cost.programmes.map(
        (p) =>
          html`<div>
            <dt>
              ${shortName(p)}: programme cost over the
              window${p.defaults.length ? html` <span class="badge badge-default" title="Editable default, not from a source">default</span>` : nothing}
            </dt>
            <dd data-cost="programme" data-programme=${p.programme}>
              ${formatPounds(p.total)};
              ${p.costPerCompletion === null ? 'no completions' : html`${formatPounds(p.costPerCompletion)} per completion`}
            </dd>
          </div>`,
      )}
    </dl>`;
  }

  protected override render() {
    return html`${this.costSummary()}${this.backtest()}`;
  }
}
customElements.define('pw-backtest-table', BacktestTable);
