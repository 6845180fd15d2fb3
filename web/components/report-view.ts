/** A clean report of the current results, laid out for printing (and readable on screen). */
import { html, nothing } from 'lit';
import type { Problem, Results, Scenario } from '../../src/index.js';
import { cumulativeChart, sessionsChart, waitingChart } from '../results/charts.js';
import { stat } from '../format.js';
import { LightElement } from './base.js';
import { fitTable, horizonNote } from './results-view.js';
import './tables.js';
import './chart.js';
import './region-view.js';

export class ReportView extends LightElement {
  static override properties = {
    results: { attribute: false },
    scenario: { attribute: false },
    warnings: { attribute: false },
  };
  declare results: Results | null;
  declare scenario: Scenario | null;
  declare warnings: Problem[];

  constructor() {
    super();
    this.results = null;
    this.scenario = null;
    this.warnings = [];
  }

  protected override render() {
    const r = this.results;
    const s = this.scenario;
    if (!r) return html`<p class="empty">No results yet.</p>`;
    return html`<article class="report">
      <header class="report-header">
        <h2>${r.scenario}</h2>
        <p>${horizonNote(r)}</p>
        ${s?.description ? html`<p>${s.description}</p>` : nothing}
        ${s?.source ? html`<p class="muted">Source: ${s.source}</p>` : nothing}
        <p class="muted">
          Report made ${new Date().toLocaleString('en-GB')} with Placewise. Figures marked “default” in the scenario are
          editable assumptions, not figures from a source.
        </p>
      </header>
      ${
        this.warnings.length
          ? html`<section class="report-section">
              <h3>Warnings</h3>
              <ul>
                ${this.warnings.map((w) => html`<li>${w.path ? html`<code>${w.path}</code>: ` : nothing}${w.message}</li>`)}
              </ul>
            </section>`
          : nothing
      }
      ${r.establishments.map(
        (e) =>
          html`<section class="report-section">
            <h3>${e.name}</h3>
            <p>
              Mean population ${stat(e.population)}; receptions ${stat(e.receptions)}; departures ${stat(e.departures)}.
            </p>
            <pw-programme-table
              .programmes=${e.programmes}
              .scope=${e.establishment}
              .caption=${`Programmes at ${e.name}`}
            ></pw-programme-table>
            <div class="chart-grid">
              ${e.programmes
                .filter((p) => p.delivered)
                .map(
                  (p) =>
                    html`<pw-chart .spec=${waitingChart(p, r.startDate, `report-${e.establishment}`)}></pw-chart
                      ><pw-chart .spec=${cumulativeChart(p, r.startDate, `report-${e.establishment}`)}></pw-chart>`,
                )}
            </div>
            <pw-tier-table
              .tiers=${e.caseManagement}
              .scope=${e.establishment}
              .caption=${`Case management at ${e.name}`}
              .capacity=${e.sessionCapacityPerWeek}
            ></pw-tier-table>
            ${e.caseManagement.length ? html`<pw-chart .spec=${sessionsChart(e.caseManagement, r.startDate, `report-${e.establishment}`, e.name)}></pw-chart>` : nothing}
            ${fitTable(e)}
          </section>`,
      )}
      ${r.establishments.length > 1 ? html`<section class="report-section"><pw-region-view .results=${r}></pw-region-view></section>` : nothing}
    </article>`;
  }
}
customElements.define('pw-report-view', ReportView);
