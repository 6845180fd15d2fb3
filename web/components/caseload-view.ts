/**
 * Offender management under OMiC for one establishment or the region: who holds each case, the
 * POM FTE the caseload needs against those in post (charts with their tables), by tier and by
 * task, and key work.
 */
import { html, nothing } from 'lit';
import type { OffenderManagementResult } from '../../src/index.js';
import { pomFteChart, responsibilityChart, tierFteChart } from '../results/caseloadCharts.js';
import { num, percent, stat } from '../format.js';
import { toCsv } from '../csv.js';
import { LightElement } from './base.js';
import { csvButton, statCell } from './tables.js';
import './chart.js';

export class CaseloadView extends LightElement {
  static override properties = {
    om: { attribute: false },
    scope: { type: String },
    name: { type: String },
    startDate: { type: String },
    establishments: { attribute: false },
  };
  declare om: OffenderManagementResult | null;
  declare scope: string;
  declare name: string;
  declare startDate: string;
  /** For the region: each establishment's figures, listed beside the total. */
  declare establishments: { scope: string; name: string; om: OffenderManagementResult }[];

  constructor() {
    super();
    this.om = null;
    this.scope = '';
    this.name = '';
    this.startDate = '';
    this.establishments = [];
  }

  /** A shortfall, or none, means little while staff in post and task minutes are defaults: say so beside it. */
  private defaultsNote(om: OffenderManagementResult) {
    // Results saved before the field existed have none.
    const defaults = om.restsOnDefaults ?? [];
    if (defaults.length === 0) return nothing;
    return html`<div class="inset-text" data-measure="restsOnDefaults">
      <p>
        <strong>These figures rest on defaults.</strong> No source gives them, so the FTE required and any shortfall
        depend on them. Enter your own in the scenario (case management, and each establishment's staffing):
      </p>
      <ul>
        ${defaults.map((d) => html`<li>${d}</li>`)}
      </ul>
    </div>`;
  }

  protected override render() {
    const om = this.om;
    if (!om) return nothing;
    const r = om.responsibility;
    const people = r.pomLed.mean + r.comLed.mean + r.noOffenderManager.mean;
    const share = (x: number) => (people > 0 ? percent(x / people) : '–');
    return html`<section class="card caseload" aria-labelledby="cl-h-${this.scope}">
      <h2 id="cl-h-${this.scope}">Offender management (OMiC): ${this.name}</h2>
      <dl class="headline">
        <div>
          <dt>POM FTE required</dt>
          <dd data-measure="pomFteRequired">${stat(om.pomFteRequired, 1)}</dd>
        </div>
        <div>
          <dt>POM FTE available</dt>
          <dd data-measure="pomFteAvailable">${om.staffed ? stat(om.pomFteAvailable, 1) : 'not given'}</dd>
        </div>
        <div>
          <dt>Shortfall (FTE)</dt>
          <dd data-measure="pomFteShortfall">${om.staffed ? stat(om.pomFteShortfall, 1) : '–'}</dd>
        </div>
        <div>
          <dt>POM-led cases per POM FTE</dt>
          <dd data-measure="caseloadPerPomFte">${om.staffed ? stat(om.caseloadPerPomFte, 1) : '–'}</dd>
        </div>
        <div>
          <dt>Key-work officer FTE</dt>
          <dd data-measure="keyWorkOfficerFteRequired">${stat(om.keyWork.keyWorkOfficerFteRequired, 1)}</dd>
        </div>
      </dl>
      <p class="hint">
        Means over the horizon (5th–95th percentile). POM-led: the prison offender manager holds the case; COM-led: the
        community offender manager does (short sentences, recalls, and everyone after handover); remand prisoners have
        no offender manager. Required FTE counts contact sessions and every task of a case (scenario: case management,
        workload); shortfalls are added up prison by prison, as staff are not shared.
      </p>
      ${this.defaultsNote(om)}
      <div class="chart-grid">
        <pw-chart .spec=${pomFteChart(om, this.startDate, this.scope, this.name)}></pw-chart>
        <pw-chart .spec=${responsibilityChart(om, this.startDate, this.scope, this.name)}></pw-chart>
      </div>
      ${this.establishments.length ? this.establishmentTable(om) : nothing} ${this.responsibilityTable(om, share)}
      ${this.tierTable(om)}
      ${om.byTier.length ? html`<pw-chart .spec=${tierFteChart(om, this.startDate, this.scope, this.name)}></pw-chart>` : nothing}
      <details class="sub">
        <summary>Minutes by task, and key work</summary>
        ${this.taskTable(om)}
        <p class="hint">
          Key work at ${num(om.keyWork.minutesPerPrisonerWeek)} minutes a prisoner a week:
          ${stat(om.keyWork.hoursPerWeek, 0)} officer hours a week, ${stat(om.keyWork.keyWorkOfficerFteRequired, 1)}
          officer FTE, or ${stat(om.keyWork.keyWorkers, 0)} key workers at their caseload.
        </p>
      </details>
    </section>`;
  }

  private establishmentTable(total: OffenderManagementResult) {
    const rows = [
      ...this.establishments.map((e) => ({ ...e, total: false })),
      { scope: 'region', name: 'Region total', om: total, total: true },
    ];
    const title = `POM staffing by establishment: ${this.name}`;
    return html`<div class="table-scroll">
      <table class="data-table" data-table="caseload-establishments">
        <caption>
          <span>${title}</span>
          ${csvButton(title, `${this.scope}-pom-staffing`, () =>
            toCsv(
              [
                'scope',
                'name',
                'pom_led_mean',
                'com_led_mean',
                'no_offender_manager_mean',
                'pom_fte_required_mean',
                'pom_fte_required_p5',
                'pom_fte_required_p95',
                'pom_fte_available_mean',
                'pom_fte_shortfall_mean',
                'caseload_per_pom_fte_mean',
              ],
              rows.map((r) => [
                r.scope,
                r.name,
                r.om.responsibility.pomLed.mean,
                r.om.responsibility.comLed.mean,
                r.om.responsibility.noOffenderManager.mean,
                r.om.pomFteRequired.mean,
                r.om.pomFteRequired.p5,
                r.om.pomFteRequired.p95,
                r.om.pomFteAvailable.mean,
                r.om.pomFteShortfall.mean,
                r.om.caseloadPerPomFte.mean,
              ]),
            ),
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Establishment</th>
            <th scope="col">POM-led</th>
            <th scope="col">COM-led</th>
            <th scope="col">No offender manager</th>
            <th scope="col">POM FTE required</th>
            <th scope="col">POM FTE available</th>
            <th scope="col">Shortfall (FTE)</th>
            <th scope="col">POM-led cases per POM FTE</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr class=${r.total ? 'total' : ''} data-scope=${r.scope}>
                <th scope="row">${r.name}</th>
                ${statCell(r.om.responsibility.pomLed, 'pomLed', 0)}
                ${statCell(r.om.responsibility.comLed, 'comLed', 0)}
                ${statCell(r.om.responsibility.noOffenderManager, 'noOffenderManager', 0)}
                ${statCell(r.om.pomFteRequired, 'pomFteRequired', 1)}
                ${statCell(r.om.pomFteAvailable, 'pomFteAvailable', 1)}
                ${statCell(r.om.pomFteShortfall, 'pomFteShortfall', 1)}
                ${statCell(r.om.caseloadPerPomFte, 'caseloadPerPomFte', 1)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private responsibilityTable(om: OffenderManagementResult, share: (x: number) => string) {
    const r = om.responsibility;
    const rows = [
      ['pom-led', 'POM-led', r.pomLed],
      ['com-led', 'COM-led', r.comLed],
      ['no-offender-manager', 'No offender manager', r.noOffenderManager],
    ] as const;
    const title = `Who holds each case: ${this.name}`;
    return html`<div class="table-scroll">
      <table class="data-table" data-table="responsibility">
        <caption>
          <span>${title}</span>
          ${csvButton(title, `${this.scope}-responsibility`, () =>
            toCsv(
              ['responsibility', 'people_mean', 'people_p5', 'people_p95'],
              rows.map(([key, , s]) => [key, s.mean, s.p5, s.p95]),
            ),
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Held by</th>
            <th scope="col">People (mean over the horizon)</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([key, label, s]) =>
              html`<tr data-row=${key}>
                <th scope="row">${label}</th>
                ${statCell(s, key, 1)}
                <td class="num">${share(s.mean)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private tierTable(om: OffenderManagementResult) {
    const title = `Offender-management workload by tier: ${this.name}`;
    return html`<div class="table-scroll">
      <table class="data-table" data-table="caseload-tiers">
        <caption>
          <span>${title}</span>
          ${csvButton(title, `${this.scope}-caseload-tiers`, () =>
            toCsv(
              [
                'tier',
                'label',
                'sessions_per_year',
                'pom_led_mean',
                'contact_sessions_required_mean',
                'contact_sessions_delivered_mean',
                'minutes_required_mean',
                'minutes_delivered_mean',
                'fte_required_mean',
                'fte_required_p5',
                'fte_required_p95',
                'people_short_mean',
              ],
              om.byTier.map((t) => [
                t.tier,
                t.label,
                t.sessionsPerYear,
                t.pomLed.mean,
                t.contactSessionsRequired.mean,
                t.contactSessionsDelivered.mean,
                t.minutesRequired.mean,
                t.minutesDelivered.mean,
                t.fteRequired.mean,
                t.fteRequired.p5,
                t.fteRequired.p95,
                t.peopleShort.mean,
              ]),
            ),
          )}
          <div class="caption-note">
            Over the horizon. Tiers are served in priority order when hours run short; "getting less than their rate"
            counts POM-led people whose tier is not fully covered.
          </div>
        </caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">POM-led people</th>
            <th scope="col">Contact sessions required</th>
            <th scope="col">Contact sessions delivered</th>
            <th scope="col">Hours required</th>
            <th scope="col">POM FTE required</th>
            <th scope="col">Getting less than their rate</th>
          </tr>
        </thead>
        <tbody>
          ${om.byTier.map(
            (t) =>
              html`<tr data-tier=${t.tier}>
                <th scope="row">${t.label}</th>
                ${statCell(t.pomLed, 'pomLed', 1)} ${statCell(t.contactSessionsRequired, 'contactSessionsRequired', 0)}
                ${statCell(t.contactSessionsDelivered, 'contactSessionsDelivered', 0)}
                ${statCell(hours(t.minutesRequired), 'hoursRequired', 0)} ${statCell(t.fteRequired, 'fteRequired', 2)}
                ${statCell(t.peopleShort, 'peopleShort', 1)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private taskTable(om: OffenderManagementResult) {
    const title = `Hours by task: ${this.name}`;
    return html`<div class="table-scroll">
      <table class="data-table" data-table="caseload-tasks">
        <caption>
          <span>${title}</span>
          ${csvButton(title, `${this.scope}-caseload-tasks`, () =>
            toCsv(
              ['task', 'label', 'minutes_required_mean', 'minutes_required_p5', 'minutes_required_p95'],
              om.byTask.map((k) => [
                k.task,
                k.label,
                k.minutesRequired.mean,
                k.minutesRequired.p5,
                k.minutesRequired.p95,
              ]),
            ),
          )}
          <div class="caption-note">Work besides contact sessions, over the horizon.</div>
        </caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Hours required</th>
          </tr>
        </thead>
        <tbody>
          ${om.byTask.map(
            (k) =>
              html`<tr data-task=${k.task}>
                <th scope="row">${k.label}</th>
                ${statCell(hours(k.minutesRequired), 'hoursRequired', 0)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

function hours(s: { mean: number; p5: number; p50: number; p95: number }) {
  return { mean: s.mean / 60, p5: s.p5 / 60, p50: s.p50 / 60, p95: s.p95 / 60 };
}

customElements.define('pw-caseload-view', CaseloadView);
