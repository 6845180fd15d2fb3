/** Results for one establishment: programme table, charts, case management, population fit. */
import { html, nothing } from 'lit';
import type { EstablishmentResult, ProgrammeResult, ReplicationSamples, Results, Stat } from '../../src/index.js';
import { precisionTargetSentence } from '../../src/index.js';
import { cumulativeChart, sessionsChart, waitingChart } from '../results/charts.js';
import { num, stat } from '../format.js';
import { precisionNote } from '../results/precisionNote.js';
import { toCsv } from '../csv.js';
import { LightElement, emit } from './base.js';
import type { SizingPreset } from './sizing-view.js';
import { csvButton, shortName, statCell } from './tables.js';
import './tables.js';
import './backtest-table.js';
import './need-table.js';
import './chart.js';
import './caseload-view.js';
import './programme-plans.js';

export function horizonNote(r: Results): string {
  const target = precisionTargetSentence(r);
  return `Over ${r.weeks} weeks from ${r.startDate}; mean (5th–95th percentile) of ${r.replications.toLocaleString('en-GB')} replications, seed ${r.seed}.${target === null ? '' : ` ${target}`}`;
}

export function fitTable(e: EstablishmentResult) {
  if (!e.fit.length) return nothing;
  return html`<div class="table-scroll">
    <table class="data-table fit-table">
      <caption>
        <span>Population fit: ${e.name}</span>
        ${csvButton(`population fit for ${e.name}`, `${e.establishment}-population-fit`, () =>
          toCsv(
            ['table', 'label', 'table_total', 'population_total', 'max_cell_error', 'total_absolute_error'],
            e.fit.map((f) => [f.table, f.label, f.tableTotal, f.populationTotal, f.maxCellError, f.totalAbsoluteError]),
          ),
        )}
        <div class="caption-note">
          How closely the synthetic population matches each source table (people). Large errors mean the tables
          disagree.
        </div>
      </caption>
      <thead>
        <tr>
          <th scope="col">Table</th>
          <th scope="col">Table total</th>
          <th scope="col">Scaled to</th>
          <th scope="col">Largest cell error</th>
          <th scope="col">Total absolute error</th>
        </tr>
      </thead>
      <tbody>
        ${e.fit.map(
          (f) =>
            html`<tr data-table=${f.table} data-max-error=${f.maxCellError} data-total-error=${f.totalAbsoluteError}>
              <th scope="row">${f.label}</th>
              <td class="num">${num(f.tableTotal)}</td>
              <td class="num">${num(f.populationTotal)}</td>
              <td class="num">${num(f.maxCellError)}</td>
              <td class="num">${num(f.totalAbsoluteError)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A programme's outcomes broken down by segment (OGRS band, offence) or by year of the horizon. */
function breakdownTable(p: ProgrammeResult, kind: 'byOgrs' | 'byOffence' | 'perYear', scope: string) {
  const title =
    kind === 'byOgrs'
      ? `${p.name} by OGRS band`
      : kind === 'byOffence'
        ? `${p.name} by main offence`
        : `${p.name} by year`;
  const rows: {
    key: string;
    label: string;
    joined: Stat;
    starts: Stat;
    completions: Stat;
    unmetNeed: Stat;
    waitingAtEnd?: Stat;
  }[] =
    kind === 'perYear'
      ? p.perYear.map((y) => ({
          key: String(y.year),
          label: `Year ${y.year}${y.weeks < 52 ? ` (${y.weeks} weeks)` : ''}`,
          joined: y.joined,
          starts: y.starts,
          completions: y.completions,
          unmetNeed: y.unmetNeed,
        }))
      : p[kind].map((c) => ({
          key: c.segment,
          label: c.label,
          joined: c.joined,
          starts: c.starts,
          completions: c.completions,
          unmetNeed: c.unmetNeed,
          waitingAtEnd: c.waitingAtEnd,
        }));
  const withWaiting = kind !== 'perYear';
  return html`<div class="table-scroll">
    <table class="data-table breakdown-table" data-breakdown=${kind}>
      <caption>
        <span>${title}</span>
        ${csvButton(title, `${scope}-${p.programme}-${kind}`, () =>
          toCsv(
            [
              kind === 'perYear' ? 'year' : 'segment',
              'label',
              'joined_mean',
              'starts_mean',
              'starts_p5',
              'starts_p95',
              'completions_mean',
              'unmet_need_mean',
              'unmet_need_p5',
              'unmet_need_p95',
              ...(withWaiting ? ['waiting_at_end_mean'] : []),
            ],
            rows.map((r) => [
              r.key,
              r.label,
              r.joined.mean,
              r.starts.mean,
              r.starts.p5,
              r.starts.p95,
              r.completions.mean,
              r.unmetNeed.mean,
              r.unmetNeed.p5,
              r.unmetNeed.p95,
              ...(withWaiting ? [r.waitingAtEnd?.mean ?? null] : []),
            ]),
          ),
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">${kind === 'byOgrs' ? 'OGRS band' : kind === 'byOffence' ? 'Main offence' : 'Year'}</th>
          <th scope="col">Joined the list</th>
          <th scope="col">Starts</th>
          <th scope="col">Completions</th>
          <th scope="col">Unmet need</th>
          ${withWaiting ? html`<th scope="col">Waiting at end</th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${r.label}</th>
              ${statCell(r.joined, 'joined')} ${statCell(r.starts, 'starts')} ${statCell(r.completions, 'completions')}
              ${statCell(r.unmetNeed, 'unmetNeed')} ${withWaiting ? statCell(r.waitingAtEnd, 'waitingAtEnd') : nothing}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * A programme neither delivered here nor needed by anyone here: a row of zeros (a local prison's
 * table was 13 rows, 6 of them empty), left out of the results table and named in its note.
 */
export function idleHere(p: ProgrammeResult): boolean {
  return (
    !p.delivered &&
    p.starts.mean === 0 &&
    p.unmetNeed.mean === 0 &&
    p.waitingAtEnd.mean === 0 &&
    (p.referredOut?.mean ?? 0) === 0
  );
}

function idleNote(idle: ProgrammeResult[]): string {
  if (!idle.length) return '';
  const names = idle.map(shortName).join(', ');
  return ` Not shown: ${names} (not delivered here, and no one here needs ${idle.length === 1 ? 'it' : 'them'}).`;
}

export class ResultsView extends LightElement {
  static override properties = {
    results: { attribute: false },
    samples: { attribute: false },
    doc: { attribute: false },
    establishment: { type: String },
    chartProgramme: { state: true },
  };
  declare results: Results | null;
  /** Each replication's headline counts (the run's, where they match its seed and replications): for the note on precision. */
  declare samples: ReplicationSamples | null;
  /** The scenario document the results were made from (which deliveries are bed-based). */
  declare doc: unknown;
  declare establishment: string;
  declare chartProgramme: string;

  constructor() {
    super();
    this.results = null;
    this.samples = null;
    this.doc = null;
    this.establishment = '';
    this.chartProgramme = '';
  }

  /** Shows another establishment, and tells the app (its next provisional figures chart this one). */
  private chooseEstablishment(id: string): void {
    this.establishment = id;
    this.dispatchEvent(new CustomEvent('pw-establishment-change', { detail: id, bubbles: true, composed: true }));
  }

  protected override render() {
    const r = this.results;
    if (!r) return html`<p class="empty" role="status">No results yet.</p>`;
    const e = r.establishments.find((x) => x.establishment === this.establishment) ?? r.establishments[0];
    if (!e) return html`<p class="empty">The scenario has no establishments.</p>`;
    const chartable = e.programmes.filter((p) => p.delivered || p.starts.mean > 0 || p.waitingAtEnd.mean > 0);
    const chosen = chartable.find((p) => p.programme === this.chartProgramme) ?? chartable[0] ?? e.programmes[0];
    return html`
      ${
        r.establishments.length > 1
          ? html`<div class="inline-field">
              <label for="res-establishment">Establishment</label>
              <select
                id="res-establishment"
                @change=${(ev: Event) => this.chooseEstablishment((ev.currentTarget as HTMLSelectElement).value)}
              >
                ${r.establishments.map((x) => html`<option value=${x.establishment} ?selected=${x === e}>${x.name}</option>`)}
              </select>
            </div>`
          : nothing
      }
      <section class="card" aria-labelledby="res-h">
        <h2 id="res-h">${e.name}</h2>
        <dl class="headline">
          <div>
            <dt>Mean population</dt>
            <dd>${stat(e.population)}</dd>
          </div>
          <div>
            <dt>Receptions</dt>
            <dd>${stat(e.receptions)}</dd>
          </div>
          <div>
            <dt>Departures</dt>
            <dd>${stat(e.departures)}</dd>
          </div>
        </dl>
        <pw-programme-table
          .programmes=${e.programmes.filter((p) => !idleHere(p))}
          .scope=${e.establishment}
          .caption=${`Programmes at ${e.name}`}
          .note=${`${horizonNote(r)}${precisionNote(r, this.samples, e.establishment, e.programmes)}${idleNote(e.programmes.filter(idleHere))}`}
        ></pw-programme-table>
        <pw-backtest-table
          .rows=${(r.backtest?.rows ?? []).filter((row) => row.establishment === e.establishment)}
          .programmes=${e.programmes}
          .cost=${r.cost?.establishments.find((c) => c.establishment === e.establishment) ?? null}
          .scope=${e.establishment}
          .name=${e.name}
          .windowWeeks=${r.weeks}
        ></pw-backtest-table>
        <pw-need-table
          .needs=${e.needs}
          .programmes=${e.programmes}
          .scope=${e.establishment}
          .caption=${`Needs at ${e.name}`}
        ></pw-need-table>
        <p class="hint">
          How many groups a year would a programme need here?
          <button
            type="button"
            class="link"
            @click=${() =>
              emit<SizingPreset>(this, 'pw-size-programme', {
                establishment: e.establishment,
                ...(chosen ? { programme: chosen.programme } : {}),
              })}
          >
            Size a programme at ${e.name}
          </button>
        </p>
      </section>
      <pw-programme-plans
        .programmes=${e.programmes}
        .scope=${e.establishment}
        .name=${e.name}
        .doc=${this.doc}
        .weeks=${r.weeks}
        .note=${horizonNote(r)}
      ></pw-programme-plans>
      ${
        chosen
          ? html`<section class="card" aria-labelledby="res-charts-h">
              <h2 id="res-charts-h">Programme charts</h2>
              <div class="inline-field">
                <label for="res-chart-programme">Programme</label>
                <select
                  id="res-chart-programme"
                  @change=${(ev: Event) => (this.chartProgramme = (ev.currentTarget as HTMLSelectElement).value)}
                >
                  ${(chartable.length ? chartable : e.programmes).map((p) => html`<option value=${p.programme} ?selected=${p === chosen}>${p.name}</option>`)}
                </select>
              </div>
              <div class="chart-grid">
                <pw-chart .spec=${waitingChart(chosen, r.startDate, e.establishment)}></pw-chart>
                <pw-chart .spec=${cumulativeChart(chosen, r.startDate, e.establishment)}></pw-chart>
              </div>
              <p class="hint">The programme table above is the text alternative for these charts.</p>
              <details class="sub breakdowns">
                <summary>${chosen.name}: who starts and who is left waiting</summary>
                <p class="hint">
                  Unmet need: ${stat(chosen.unmetNeed)}, of whom ${stat(chosen.unmetByDeparture)} were released or
                  transferred before starting and ${stat(chosen.unmetByTimeLeft)} had too little time left to finish a
                  course${
                    // Results saved before the reasons existed have none.
                    chosen.unmetByReason
                      ? html` (${stat(chosen.unmetByReason.tooLittleTimeOnArrival)} of them already on arrival). More
                        places can fix ${stat(chosen.unmetFixableByPlaces)} of it.`
                      : '.'
                  }
                  ${chosen.referredOut.mean > 0 ? html`Referred to another establishment: ${stat(chosen.referredOut)}.` : nothing}
                  Eligible people joining a year: ${stat(chosen.joiningPerYear)} for ${num(chosen.placesPerYear, 0)}
                  places (load ${stat(chosen.load, 2)}).
                </p>
                ${
                  e.breakdownsLeftOut
                    ? html`<p class="hint breakdowns-pending">
                        Figures by OGRS band, by offence and by year come with the full run. The figures so far are
                        totals from its first replications.
                      </p>`
                    : html`${breakdownTable(chosen, 'byOgrs', e.establishment)}
                      ${breakdownTable(chosen, 'byOffence', e.establishment)}
                      ${chosen.perYear.length > 1 ? breakdownTable(chosen, 'perYear', e.establishment) : nothing}`
                }
              </details>
            </section>`
          : nothing
      }
      <section class="card" aria-labelledby="res-cm-h">
        <h2 id="res-cm-h">Case management</h2>
        <pw-tier-table
          .tiers=${e.caseManagement}
          .scope=${e.establishment}
          .caption=${`Case management at ${e.name}`}
          .capacity=${e.sessionCapacityPerWeek}
        ></pw-tier-table>
        ${e.caseManagement.length ? html`<pw-chart .spec=${sessionsChart(e.caseManagement, r.startDate, e.establishment, e.name)}></pw-chart>` : nothing}
      </section>
      <pw-caseload-view
        .om=${e.offenderManagement}
        .scope=${e.establishment}
        .name=${e.name}
        .startDate=${r.startDate}
      ></pw-caseload-view>
      ${
        e.fit.length
          ? html`<section class="card">
              <details>
                <summary>Population fit to the source tables</summary>
                ${fitTable(e)}
              </details>
            </section>`
          : nothing
      }
    `;
  }
}
customElements.define('pw-results-view', ResultsView);
