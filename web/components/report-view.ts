/**
 * A report of the current results, laid out for printing (and readable on screen).
 *
 * Printed, it reads as a planner's paper: the region summary first (for a region), then each
 * establishment on its own pages; A4 landscape so the tables keep their columns; a running head
 * with the scenario's name and seed and a page number at the foot of every page (CSS page margin
 * boxes, set from here because they carry the scenario's name). Programmes an establishment does
 * not deliver are left out unless asked for, with a line saying how many and their unmet need.
 */
import { html, nothing, type PropertyValues } from 'lit';
import type { ProgrammeResult, Problem, ReplicationSamples, Results, Scenario } from '../../src/index.js';
import { REGION_SAMPLE_SCOPE } from '../../src/index.js';
import { cumulativeChart, sessionsChart, waitingChart } from '../results/charts.js';
import { startsAgainstPlacesChart, unmetNeedChart } from '../results/regionCharts.js';
import { num, stat } from '../format.js';
import { informationWording, isExpectedWarning, wordProblem } from '../scenario/fieldWords.js';
import { LightElement } from './base.js';
import { fitTable, horizonNote } from './results-view.js';
import { precisionNote } from '../results/precisionNote.js';
import './tables.js';
import './chart.js';
import './bar-chart.js';

/** A CSS string literal holding any text. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

/** The printed page: size, margins, running head and page numbers. */
export function pageRule(scenario: string, seed: string): string {
  const head = cssString(`${scenario} · seed ${seed}`);
  return `@page {
  size: A4 landscape;
  margin: 16mm 12mm 14mm;
  @top-left { content: ${head}; font: 9pt system-ui, sans-serif; color: #444; }
  @top-right { content: "Placewise report"; font: 9pt system-ui, sans-serif; color: #444; }
  @bottom-left { content: ${head}; font: 9pt system-ui, sans-serif; color: #444; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt system-ui, sans-serif; color: #444; }
}`;
}

/** One constructed stylesheet for the page rule (no inline <style>, which a strict CSP refuses). */
let pageSheet: CSSStyleSheet | null = null;
function setPageRule(rule: string | null): void {
  if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return;
  if (!pageSheet) {
    pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  }
  pageSheet.replaceSync(rule ?? '');
}

function hiddenNote(all: ProgrammeResult[], shown: ProgrammeResult[]): string {
  const hidden = all.filter((p) => !shown.includes(p));
  if (!hidden.length) return '';
  const unmet = hidden.reduce((n, p) => n + p.unmetNeed.mean, 0);
  return `${hidden.length} programme${hidden.length === 1 ? '' : 's'} not delivered here ${hidden.length === 1 ? 'is' : 'are'} left out (their unmet need adds up to ${num(unmet, 0)} people on average); tick “Include programmes not delivered” to show ${hidden.length === 1 ? 'it' : 'them'}.`;
}

export class ReportView extends LightElement {
  static override properties = {
    results: { attribute: false },
    samples: { attribute: false },
    scenario: { attribute: false },
    warnings: { attribute: false },
    showNotDelivered: { state: true },
  };
  declare results: Results | null;
  declare samples: ReplicationSamples | null;
  declare scenario: Scenario | null;
  declare warnings: Problem[];
  declare showNotDelivered: boolean;

  constructor() {
    super();
    this.results = null;
    this.samples = null;
    this.scenario = null;
    this.warnings = [];
    this.showNotDelivered = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('results')) setPageRule(this.results ? pageRule(this.results.scenario, this.results.seed) : null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    setPageRule(null);
  }

  private shown(programmes: ProgrammeResult[]): ProgrammeResult[] {
    return this.showNotDelivered ? programmes : programmes.filter((p) => p.delivered);
  }

  private renderRegion(r: Results) {
    const programmes = this.shown(r.region.programmes);
    const samples = this.samples?.seed === r.seed && this.samples.replications === r.replications ? this.samples : null;
    return html`<section class="report-section report-region" data-section="region">
      <h3>Region summary: ${r.establishments.length} establishments</h3>
      <pw-programme-table
        .programmes=${programmes}
        .scope=${'region'}
        .caption=${'Programmes across the region (totals added up replication by replication)'}
        .note=${hiddenNote(r.region.programmes, programmes).replace('delivered here', 'delivered anywhere')}
      ></pw-programme-table>
      <div class="report-charts">
        <pw-bar-chart .spec=${unmetNeedChart(r, '', samples)}></pw-bar-chart>
        <pw-bar-chart .spec=${startsAgainstPlacesChart(r, '')}></pw-bar-chart>
      </div>
      <pw-tier-table
        .tiers=${r.region.caseManagement}
        .scope=${'region'}
        .caption=${'Case management across the region'}
        .capacity=${null}
      ></pw-tier-table>
    </section>`;
  }

  /**
   * Warnings in the words the problems panel uses (fields named by their labels, never by path);
   * the expected ones (tables that cover part of the population) as notes, after them.
   */
  private renderWarnings() {
    const doc = this.scenario;
    const real = this.warnings.filter((w) => !isExpectedWarning(w));
    const notes = this.warnings.filter(isExpectedWarning);
    if (!real.length && !notes.length) return nothing;
    return html`<section class="report-section report-warnings">
      ${
        real.length
          ? html`<h3>Warnings</h3>
              <ul>
                ${real.map((w) => html`<li data-problem-path=${w.path}>${wordProblem(doc, w)}</li>`)}
              </ul>`
          : nothing
      }
      ${
        notes.length
          ? html`<h3>Notes on the source tables</h3>
              <ul class="report-notes">
                ${notes.map((w) => html`<li data-problem-path=${w.path}>${informationWording(doc, w)}</li>`)}
              </ul>`
          : nothing
      }
    </section>`;
  }

  protected override render() {
    const r = this.results;
    const s = this.scenario;
    if (!r) return html`<p class="empty">No results yet.</p>`;
    const region = r.establishments.length > 1;
    return html`<article class="report">
      <header class="report-header">
        <h2>${r.scenario}</h2>
        <p>${horizonNote(r)}${precisionNote(r, this.samples, REGION_SAMPLE_SCOPE, this.shown(r.region.programmes))}</p>
        ${s?.description ? html`<p>${s.description}</p>` : nothing}
        ${s?.source ? html`<p class="muted">Source: ${s.source}</p>` : nothing}
        <p class="muted">
          Report made ${new Date().toLocaleString('en-GB')} with Placewise. Figures marked “default” in the scenario are
          editable assumptions, not figures from a source. Prints on A4 landscape.
        </p>
        <div class="inline-field report-options">
          <input
            type="checkbox"
            id="report-not-delivered"
            .checked=${this.showNotDelivered}
            @change=${(e: Event) => (this.showNotDelivered = (e.currentTarget as HTMLInputElement).checked)}
          /><label for="report-not-delivered">Include programmes not delivered</label>
        </div>
      </header>
      ${region ? this.renderRegion(r) : nothing} ${this.renderWarnings()}
      ${r.establishments.map((e) => {
        const programmes = this.shown(e.programmes);
        return html`<section class="report-section" data-section=${e.establishment}>
          <h3>${e.name}</h3>
          <p>
            Mean population ${stat(e.population)}; receptions ${stat(e.receptions)}; departures ${stat(e.departures)}.
          </p>
          <pw-programme-table
            .programmes=${programmes}
            .scope=${e.establishment}
            .caption=${`Programmes at ${e.name}`}
            .note=${hiddenNote(e.programmes, programmes)}
          ></pw-programme-table>
          <div class="chart-grid">
            ${programmes
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
        </section>`;
      })}
    </article>`;
  }
}
customElements.define('pw-report-view', ReportView);
