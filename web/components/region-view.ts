/** The region: each establishment and the regional totals in one table per programme and tier. */
import { html, nothing } from 'lit';
import type { ProgrammeResult, ReplicationSamples, Results, TierResult } from '../../src/index.js';
import { REGION_SAMPLE_SCOPE } from '../../src/index.js';
import { startsAgainstPlacesChart, unmetNeedChart } from '../results/regionCharts.js';
import './bar-chart.js';
import { num, signed } from '../format.js';
import { toCsv } from '../csv.js';
import { LightElement } from './base.js';
import { csvButton, programmeCsv, programmeName, shortName, statCell, tierCsv } from './tables.js';
import { horizonNote } from './results-view.js';
import { precisionNote } from '../results/precisionNote.js';
import './caseload-view.js';
import './need-table.js';

interface ProgRow {
  scope: string;
  label: string;
  p: ProgrammeResult;
  total: boolean;
}

type MatrixMeasure = 'unmetNeed' | 'starts' | 'completions' | 'waitingAtEnd' | 'referredOut' | 'placesPerYear';
const MATRIX_MEASURES: { id: MatrixMeasure; label: string }[] = [
  { id: 'unmetNeed', label: 'Unmet need' },
  { id: 'starts', label: 'Starts' },
  { id: 'completions', label: 'Completions' },
  { id: 'waitingAtEnd', label: 'Waiting at end' },
  { id: 'referredOut', label: 'Referred out' },
  { id: 'placesPerYear', label: 'Places a year' },
];

/**
 * Above this many establishments, the detailed programme and case-management tables open on one
 * programme and one tier.
 */
export const MANY_ESTABLISHMENTS = 20;

/**
 * What a detailed table shows ('' = all of `values`): the choice made, where these results have it
 * (one made on other results may not be); else, in a region of more than MANY_ESTABLISHMENTS with
 * more than one to choose from, `first`; else all.
 */
function shownInDetail(
  chosen: string | null,
  values: readonly string[],
  establishments: number,
  first: string | undefined,
): string {
  if (chosen === '' || (chosen !== null && values.includes(chosen))) return chosen;
  if (establishments <= MANY_ESTABLISHMENTS || values.length < 2) return '';
  return first ?? '';
}

/**
 * The choice of what a detailed table shows ('' = every programme or tier), and where it opened on
 * one by default (no choice standing: `shown` is not `chosen`), a hint that says so.
 */
function detailChoice(c: {
  kind: 'programme' | 'tier';
  all: string;
  options: { value: string; name: string }[];
  shown: string;
  chosen: string | null;
  establishments: number;
  choose: (value: string) => void;
}) {
  const id = `region-${c.kind}`;
  const rows = c.options.length * (c.establishments + 1);
  return html`<div class="inline-field">
      <label for=${id}>${c.kind === 'programme' ? 'Programme' : 'Tier'}</label>
      <select id=${id} @change=${(e: Event) => c.choose((e.currentTarget as HTMLSelectElement).value)}>
        <option value="" ?selected=${c.shown === ''}>${c.all}</option>
        ${c.options.map((o) => html`<option value=${o.value} ?selected=${o.value === c.shown}>${o.name}</option>`)}
      </select>
    </div>
    ${
      c.shown !== '' && c.shown !== c.chosen
        ? html`<p class="hint" data-one=${c.kind}>
            With ${c.establishments.toLocaleString('en-GB')} establishments this table shows one ${c.kind} at a time;
            choose “${c.all}” for every one (${rows.toLocaleString('en-GB')} rows).
          </p>`
        : nothing
    }`;
}

export class RegionView extends LightElement {
  static override properties = {
    results: { attribute: false },
    samples: { attribute: false },
    chart: { state: true },
    chartProgramme: { state: true },
    measure: { state: true },
    programme: { state: true },
    tier: { state: true },
  };
  declare results: Results | null;
  /** Each replication's totals, for the interval of "every programme" (optional). */
  declare samples: ReplicationSamples | null;
  declare chart: 'unmet' | 'starts';
  /** Programme the chart shows ('' = every programme added up). */
  declare chartProgramme: string;
  declare measure: MatrixMeasure;
  /** Programme shown in the detailed table ('' = all; null = not chosen: detailProgramme's default). */
  declare programme: string | null;
  /** Tier shown in the case-management table ('' = all; null = not chosen: detailTier's default). */
  declare tier: string | null;

  constructor() {
    super();
    this.results = null;
    this.samples = null;
    this.chart = 'unmet';
    this.chartProgramme = '';
    this.measure = 'unmetNeed';
    this.programme = null;
    this.tier = null;
  }

  /**
   * The programme the detailed table shows ('' = all). Until one is chosen, a region of more than
   * MANY_ESTABLISHMENTS shows its first delivered programme: national's table of every programme
   * was 1,010 rows and 18,500 elements, more than half the view, and the page took over a second
   * to lay it out each time the view was opened.
   */
  private detailProgramme(r: Results): string {
    const programmes = r.region.programmes;
    const first = programmes.find((p) => p.delivered) ?? programmes[0];
    return shownInDetail(
      this.programme,
      programmes.map((p) => p.programme),
      r.establishments.length,
      first?.programme,
    );
  }

  /**
   * The tier the case-management table shows ('' = all): likewise its first until one is chosen
   * (national's table of every tier was 4,563 elements).
   */
  private detailTier(r: Results): string {
    const tiers = r.region.caseManagement;
    return shownInDetail(
      this.tier,
      tiers.map((t) => t.tier),
      r.establishments.length,
      tiers[0]?.tier,
    );
  }

  private matrix(r: Results) {
    const m = this.measure;
    const label = MATRIX_MEASURES.find((x) => x.id === m)!.label;
    const progs = r.region.programmes;
    const cell = (p: ProgrammeResult | undefined) =>
      !p
        ? html`<td class="num muted">–</td>`
        : m === 'placesPerYear'
          ? html`<td class="num">${num(p.placesPerYear, 0)}</td>`
          : statCell(p[m], m);
    const rows = [
      ...r.establishments.map((e) => ({
        scope: e.establishment,
        label: e.name,
        total: false,
        population: e.population,
        programmes: e.programmes,
      })),
      {
        scope: 'region',
        label: 'Region total',
        total: true,
        population: r.region.population,
        programmes: r.region.programmes,
      },
    ];
    return html`<div class="inline-field">
        <label for="region-measure">Measure</label>
        <select
          id="region-measure"
          @change=${(e: Event) => (this.measure = (e.currentTarget as HTMLSelectElement).value as MatrixMeasure)}
        >
          ${MATRIX_MEASURES.map((x) => html`<option value=${x.id} ?selected=${x.id === m}>${x.label}</option>`)}
        </select>
      </div>
      <div class="table-scroll">
        <table class="data-table region-matrix">
          <caption>
            <span>${label} by establishment and programme, with regional totals</span>
            ${csvButton(`${label} by establishment`, `region-${m}`, () =>
              toCsv(
                [
                  'establishment',
                  'population_mean',
                  ...progs.flatMap((p) =>
                    m === 'placesPerYear'
                      ? [p.programme]
                      : [`${p.programme}_mean`, `${p.programme}_p5`, `${p.programme}_p95`],
                  ),
                ],
                rows.map((row) => [
                  row.scope,
                  row.population.mean,
                  ...progs.flatMap((rp) => {
                    const p = row.programmes.find((x) => x.programme === rp.programme);
                    if (m === 'placesPerYear') return [p?.placesPerYear ?? null];
                    return p ? [p[m].mean, p[m].p5, p[m].p95] : [null, null, null];
                  }),
                ]),
              ),
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">Establishment</th>
              <th scope="col">Population</th>
              ${progs.map((p) => html`<th scope="col" title=${p.name}>${shortName(p)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) =>
                html`<tr class=${row.total ? 'total' : ''} data-scope=${row.scope}>
                  <th scope="row">${row.label}</th>
                  ${statCell(row.population, 'population')}
                  ${progs.map((rp) => cell(row.programmes.find((x) => x.programme === rp.programme)))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  /** The chart by establishment, with its own choice of measure and programme. */
  renderChart(r: Results) {
    if (r.establishments.length < 2) return nothing;
    const samples = this.samples?.seed === r.seed && this.samples.replications === r.replications ? this.samples : null;
    const spec =
      this.chart === 'unmet'
        ? unmetNeedChart(r, this.chartProgramme, samples)
        : startsAgainstPlacesChart(r, this.chartProgramme);
    return html`<section class="region-chart" aria-labelledby="region-chart-h">
      <h3 id="region-chart-h">By establishment</h3>
      <div class="inline-field">
        <label for="region-chart-kind">Chart</label>
        <select
          id="region-chart-kind"
          @change=${(e: Event) => (this.chart = (e.currentTarget as HTMLSelectElement).value as 'unmet' | 'starts')}
        >
          <option value="unmet" ?selected=${this.chart === 'unmet'}>Unmet need</option>
          <option value="starts" ?selected=${this.chart === 'starts'}>Starts against places</option>
        </select>
        <label for="region-chart-programme">Programme</label>
        <select
          id="region-chart-programme"
          @change=${(e: Event) => (this.chartProgramme = (e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${this.chartProgramme === ''}>Every programme</option>
          ${r.region.programmes.map((p) => html`<option value=${p.programme} ?selected=${p.programme === this.chartProgramme}>${p.name}</option>`)}
        </select>
      </div>
      <pw-bar-chart .spec=${spec}></pw-bar-chart>
    </section>`;
  }

  protected override render() {
    const r = this.results;
    if (!r) return html`<p class="empty" role="status">No results yet.</p>`;
    const shownProgramme = this.detailProgramme(r);
    const progRows: ProgRow[] = r.region.programmes
      .filter((rp) => !shownProgramme || rp.programme === shownProgramme)
      .flatMap((rp) => [
        ...r.establishments.flatMap((e) =>
          e.programmes
            .filter((p) => p.programme === rp.programme)
            .map((p) => ({ scope: e.establishment, label: e.name, p, total: false })),
        ),
        { scope: 'region', label: 'Region total', p: rp, total: true },
      ]);
    const shownTier = this.detailTier(r);
    const tierRows = r.region.caseManagement
      .filter((rt) => !shownTier || rt.tier === shownTier)
      .flatMap((rt) => [
        ...r.establishments.flatMap((e) =>
          e.caseManagement
            .filter((t) => t.tier === rt.tier)
            .map((t) => ({ scope: e.establishment, label: e.name, t, total: false })),
        ),
        { scope: 'region', label: 'Region total', t: rt as TierResult, total: true },
      ]);
    return html`
      <section class="card" aria-labelledby="region-h">
        <h2 id="region-h">Region</h2>
        <p class="hint">
          ${horizonNote(r)} Regional totals are added up replication by replication, so their intervals are not the sum
          of the establishments’ intervals.${precisionNote(r, this.samples, REGION_SAMPLE_SCOPE, r.region.programmes)}
        </p>
        ${this.renderChart(r)} ${this.matrix(r)}
        <pw-need-table
          .needs=${r.region.needs}
          .programmes=${r.region.programmes}
          scope="region"
          caption="Needs in the region"
        ></pw-need-table>
        <h3>Programmes in detail</h3>
        ${detailChoice({
          kind: 'programme',
          all: 'All programmes',
          options: r.region.programmes.map((p) => ({ value: p.programme, name: p.name })),
          shown: shownProgramme,
          chosen: this.programme,
          establishments: r.establishments.length,
          choose: (programme) => (this.programme = programme),
        })}
        <div class="table-scroll">
          <table class="data-table region-programmes">
            <caption>
              <span>Programmes by establishment, with regional totals</span>
              ${csvButton('programmes by establishment', 'region-programmes', () => programmeCsv(progRows.map(({ scope, p }) => ({ scope, p }))))}
            </caption>
            <thead>
              <tr>
                <th scope="col">Programme</th>
                <th scope="col">Establishment</th>
                <th scope="col">Places a year</th>
                <th scope="col">Starts</th>
                <th scope="col">Completions</th>
                <th scope="col">Unmet need</th>
                <th scope="col">Waiting at end</th>
                <th scope="col">Referred out</th>
                <th scope="col">Agreed starts</th>
                <th scope="col">Starts variance a year</th>
              </tr>
            </thead>
            <tbody>
              ${progRows.map(
                ({ scope, label, p, total }, i) =>
                  html`<tr class=${total ? 'total' : ''} data-programme=${p.programme} data-scope=${scope}>
                    ${
                      i === 0 || progRows[i - 1]!.p.programme !== p.programme
                        ? html`<th
                            scope="rowgroup"
                            class="group-head"
                            rowspan=${progRows.filter((x) => x.p.programme === p.programme).length}
                          >
                            ${programmeName(p)}
                          </th>`
                        : nothing
                    }
                    <td>
                      ${label}${!total && !p.delivered ? html` <span class="badge">not delivered</span>` : nothing}
                    </td>
                    <td class="num">${num(p.placesPerYear, 0)}</td>
                    ${statCell(p.starts, 'starts')} ${statCell(p.completions, 'completions')}
                    ${statCell(p.unmetNeed, 'unmetNeed')} ${statCell(p.waitingAtEnd, 'waitingAtEnd')}
                    ${statCell(p.referredOut, 'referredOut')}
                    <td class="num">${p.agreed?.agreedStarts != null ? num(p.agreed.agreedStarts, 0) : '–'}</td>
                    <td class="num ${p.agreed?.startsMaterial ? 'material' : ''}">
                      ${p.agreed ? signed(p.agreed.startsVariance) : '–'}${p.agreed?.startsMaterial ? html` <span class="badge badge-warn">material</span>` : nothing}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <h3>Case management in detail</h3>
        ${
          r.region.caseManagement.length > 1
            ? detailChoice({
                kind: 'tier',
                all: 'All tiers',
                options: r.region.caseManagement.map((t) => ({ value: t.tier, name: t.label })),
                shown: shownTier,
                chosen: this.tier,
                establishments: r.establishments.length,
                choose: (tier) => (this.tier = tier),
              })
            : nothing
        }
        <div class="table-scroll">
          <table class="data-table region-tiers">
            <caption>
              <span>Case management by establishment, with regional totals</span>
              ${csvButton('case management by establishment', 'region-case-management', () => tierCsv(tierRows.map(({ scope, t }) => ({ scope, t }))))}
            </caption>
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Establishment</th>
                <th scope="col">People</th>
                <th scope="col">Sessions required</th>
                <th scope="col">Sessions deliverable</th>
                <th scope="col">Shortfall (sessions)</th>
                <th scope="col">Shortfall (FTE)</th>
              </tr>
            </thead>
            <tbody>
              ${tierRows.map(
                ({ scope, label, t, total }, i) =>
                  html`<tr class=${total ? 'total' : ''} data-tier=${t.tier} data-scope=${scope}>
                    ${
                      i === 0 || tierRows[i - 1]!.t.tier !== t.tier
                        ? html`<th
                            scope="rowgroup"
                            class="group-head"
                            rowspan=${tierRows.filter((x) => x.t.tier === t.tier).length}
                          >
                            ${t.label}
                          </th>`
                        : nothing
                    }
                    <td>${label}</td>
                    ${statCell(t.people, 'people')} ${statCell(t.sessionsRequired, 'sessionsRequired')}
                    ${statCell(t.sessionsDelivered, 'sessionsDelivered')}
                    ${statCell(t.shortfallSessions, 'shortfallSessions')} ${statCell(t.shortfallFte, 'shortfallFte', 2)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <pw-caseload-view
        .om=${r.region.offenderManagement}
        .scope=${'region'}
        .name=${'Region'}
        .startDate=${r.startDate}
        .establishments=${r.establishments.map((e) => ({ scope: e.establishment, name: e.name, om: e.offenderManagement }))}
      ></pw-caseload-view>
    `;
  }
}
customElements.define('pw-region-view', RegionView);
