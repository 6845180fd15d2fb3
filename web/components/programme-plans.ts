/**
 * Results of an establishment's programmes beyond starts and unmet need: the assessment funnel of
 * each programme (referred, assessed, suitable, not ready, not suitable, re-referred), the segments
 * a site plans for (planned against projected completions, with the places reserved), and its
 * bed-based units (starts a year against beds x 52 / mean stay).
 */
import { html, nothing } from 'lit';
import type { ProgrammeResult, SegmentPlanResult, Stat } from '../../src/index.js';
import { num, percent, signed } from '../format.js';
import {
  FUNNEL_STAGES,
  bedCsv,
  bedRows,
  funnelCsv,
  funnelProgrammes,
  hasFunnel,
  pooledOthers,
  shortName,
  segmentPlanCsv,
  segmentPlanProgrammes,
  shareOfAssessed,
  supplyWarningWords,
} from '../results/plans.js';
import { LightElement } from './base.js';
import { csvButton, statCell } from './tables.js';

export class ProgrammePlans extends LightElement {
  static override properties = {
    programmes: { attribute: false },
    scope: { type: String },
    name: { type: String },
    doc: { attribute: false },
    weeks: { type: Number },
    note: { type: String },
  };
  declare programmes: ProgrammeResult[];
  declare scope: string;
  /** Where, in words ("HMP Stafford"). */
  declare name: string;
  /** The scenario document the run was made from: which deliveries are bed-based, and their stay. */
  declare doc: unknown;
  declare weeks: number;
  declare note: string;

  constructor() {
    super();
    this.programmes = [];
    this.scope = '';
    this.name = '';
    this.doc = null;
    this.weeks = 0;
    this.note = '';
  }

  private funnelTable(p: ProgrammeResult) {
    const title = `Assessment funnel: ${p.name}`;
    return html`<div class="table-scroll">
      <table class="data-table funnel-table" data-programme=${p.programme}>
        <caption>
          <span>${title}</span>
          ${csvButton(`the ${title.toLowerCase()} at ${this.name}`, `${this.scope}-${p.programme}-funnel`, () => funnelCsv(this.scope, p))}
        </caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">People</th>
            <th scope="col">Share of assessed</th>
          </tr>
        </thead>
        <tbody>
          ${FUNNEL_STAGES.map(([stage, label]) => {
            const share = shareOfAssessed(p, stage);
            return html`<tr data-stage=${stage} class=${label.startsWith('of whom') ? 'sub-row' : ''}>
              <th scope="row">${label}</th>
              ${statCell(p.funnel[stage], stage, 0)}
              <td class="num" data-share=${share ?? ''}>${share === null ? '' : percent(share)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  /** A programme's short name for words about pooled plans ("TSP", "RESOLVE"). */
  private nameOf = (id: string): string => shortName(this.programmes.find((q) => q.programme === id)?.name ?? id);

  /** `warned`: supply warnings already shown (segment and pool), not repeated under a pooled programme. */
  private segmentTable(p: ProgrammeResult, warned: Set<string>) {
    const title = `Planned against projected completions by segment: ${p.name}`;
    const hasSupply = p.segmentPlan.some((s) => s.eligibleJoiningPerYear !== undefined);
    const warnings = p.segmentPlan
      .map((s) => ({ segment: s.segment, words: supplyWarningWords(s, this.nameOf) }))
      .filter((w) => w.words !== null)
      .filter((w) => {
        const s = p.segmentPlan.find((x) => x.segment === w.segment)!;
        const key = `${w.segment} ${[...(s.pooledWith ?? [p.programme])].sort().join(' ')} ${w.words}`;
        if (warned.has(key)) return false;
        warned.add(key);
        return true;
      });
    return html`${warnings.map(
        (w) =>
          html`<div class="warning-text supply-warning" data-programme=${p.programme} data-segment=${w.segment}>
            <span class="warning-text-icon" aria-hidden="true">!</span>
            <strong class="warning-text-text"><span class="visually-hidden">Warning: </span>${w.words}</strong>
          </div>`,
      )}
      <div class="table-scroll">
        <table class="data-table segment-plan-table" data-programme=${p.programme}>
          <caption>
            <span>${title}</span>
            ${csvButton(`the ${p.name} segment plan at ${this.name}`, `${this.scope}-${p.programme}-segment-plan`, () => segmentPlanCsv(this.scope, p))}
            <div class="caption-note">
              Completions a year in the reporting window; variance is projected (mean) minus planned, marked material
              above the materiality threshold. Reserved places are those of its groups kept for the segment in the
              window, and those it took (the rest went to others on the
              list).${
                hasSupply
                  ? html` Planned starts are planned completions over the completion rate, with the total for every
                    programme drawing on the same men; eligible men joining are those of the segment who joined a list
                    they could start from (eligible, suitable, with time left to finish), each once, a year.`
                  : nothing
              }
            </div>
          </caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Planned completions a year</th>
              <th scope="col">Projected completions a year</th>
              <th scope="col">Variance a year</th>
              <th scope="col">Starts in the window</th>
              <th scope="col">Places reserved</th>
              <th scope="col">Reserved places taken</th>
              ${
                hasSupply
                  ? html`<th scope="col">Planned starts a year (pooled with others)</th>
                      <th scope="col">Eligible men joining a year</th>`
                  : nothing
              }
            </tr>
          </thead>
          <tbody>
            ${p.segmentPlan.map(
              (s) =>
                html`<tr data-segment=${s.segment}>
                  <th scope="row">${s.label}</th>
                  <td class="num" data-measure="plannedCompletions">
                    ${s.plannedCompletions === null ? '–' : num(s.plannedCompletions, 0)}
                  </td>
                  ${statCell(s.completionsPerYear, 'completionsPerYear', 1)}
                  <td
                    class="num ${s.completionsMaterial ? 'material' : ''}"
                    data-measure="completionsVariance"
                    data-variance=${s.completionsVariance ?? ''}
                    data-material=${s.completionsMaterial ? 'true' : 'false'}
                  >
                    ${s.completionsVariance === null ? '–' : signed(s.completionsVariance, 1)}${
                      s.completionsMaterial
                        ? html` <span class="badge badge-warn" title="Variance above the materiality threshold"
                            >material</span
                          >`
                        : nothing
                    }
                  </td>
                  ${statCell(s.starts, 'starts', 0)} ${statCell(s.reservedPlaces, 'reservedPlaces', 0)}
                  ${statCell(s.reservedTaken, 'reservedTaken', 0)} ${hasSupply ? this.supplyCells(p, s) : nothing}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private supplyCells(p: ProgrammeResult, s: SegmentPlanResult) {
    const others = pooledOthers(p, s, this.nameOf);
    const pooled = s.pooledPlannedStartsPerYear;
    return html`<td
        class="num"
        data-measure="plannedStartsPerYear"
        data-planned=${s.plannedStartsPerYear ?? ''}
        data-pooled=${pooled ?? ''}
      >
        ${num(s.plannedStartsPerYear, 0)}${
          others.length && pooled !== null && pooled !== undefined
            ? html` <span class="interval pooled">(${num(pooled, 0)} with ${others.join(', ')})</span>`
            : nothing
        }
      </td>
      ${
        s.eligibleJoiningPerYear
          ? html`${statCell(s.eligibleJoiningPerYear, 'eligibleJoiningPerYear', 1)}`
          : html`<td class="num muted" data-measure="eligibleJoiningPerYear">–</td>`
      }`;
  }

  private bedTable() {
    const rows = bedRows(this.doc, this.scope, this.programmes, this.weeks);
    if (!rows.length) return nothing;
    const title = `Bed-based units at ${this.name}`;
    const share = (x: Stat | null, measure: string) =>
      html`<td class="num" data-measure=${measure} data-mean=${x?.mean ?? ''}>
        ${
          x
            ? html`${percent(x.mean)}${x.p5 !== x.p95 ? html` <span class="interval">(${percent(x.p5)}–${percent(x.p95)})</span>` : nothing}`
            : '–'
        }
      </td>`;
    return html`<h3>Bed-based units</h3>
      <div class="table-scroll">
        <table class="data-table beds-table">
          <caption>
            <span>${title}</span>
            ${csvButton(title.toLowerCase(), `${this.scope}-beds`, () => bedCsv(this.scope, rows))}
            <div class="caption-note">
              Rolling intake: a full unit starts beds × 52 ÷ mean stay a year (Little's law; over the horizon, with any
              scheduled change of beds). Starts run above it where release cuts stays short or an empty unit fills at
              opening, below it where the list runs dry. Occupancy: men on the unit at the end over its beds then.
            </div>
          </caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Beds (start → end)</th>
              <th scope="col">Mean stay (weeks)</th>
              <th scope="col">Full unit: starts a year</th>
              <th scope="col">Starts a year</th>
              <th scope="col">Starts ÷ full unit</th>
              <th scope="col">On the unit at the end</th>
              <th scope="col">Occupancy at the end</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr data-programme=${r.programme} data-beds=${r.beds} data-beds-at-end=${r.bedsAtEnd}>
                  <th scope="row">${r.name}</th>
                  <td class="num">
                    ${r.beds === r.bedsAtEnd ? num(r.beds, 0) : `${num(r.beds, 0)} → ${num(r.bedsAtEnd, 0)}`}
                  </td>
                  <td class="num">${num(r.meanStayWeeks, 1)}</td>
                  <td class="num" data-measure="placesPerYear" data-places=${r.placesPerYear}>
                    ${num(r.placesPerYear, 0)}
                  </td>
                  ${statCell(r.startsPerYear, 'startsPerYear', 0)} ${share(r.startsOverFull, 'startsOverFull')}
                  ${statCell(r.inProgressAtEnd, 'inProgressAtEnd', 0)} ${share(r.occupancyAtEnd, 'occupancyAtEnd')}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  protected override render() {
    const funnels = funnelProgrammes(this.programmes);
    const plans = segmentPlanProgrammes(this.programmes);
    const beds = this.bedTable();
    const warned = new Set<string>();
    // Programmes the file gives a funnel first; those with a suitable share alone folded away.
    const withFunnel = funnels.filter((p) => hasFunnel(this.doc, p.programme));
    const shareOnly = funnels.filter((p) => !hasFunnel(this.doc, p.programme));
    if (!funnels.length && !plans.length && beds === nothing) return nothing;
    return html`<section class="card" aria-labelledby="res-plans-h-${this.scope}">
      <h2 id="res-plans-h-${this.scope}">Assessment, segments and beds</h2>
      ${this.note ? html`<p class="hint">${this.note}</p>` : nothing}
      ${
        plans.length
          ? html`<h3>Segments planned for</h3>
              ${plans.map((p) => this.segmentTable(p, warned))}`
          : nothing
      }
      ${beds}
      ${
        funnels.length
          ? html`<h3>Assessment funnels</h3>
              <p class="hint">
                Over the run, the opening population included: assessed = referred + reassessed (not ready, assessed
                again) = suitable + not ready + not suitable. Re-referred: drop-outs and deselected men referred again.
                Not suitable men, and drop-outs not re-referred, are unmet need (deselected or not suitable).
              </p>
              <div class="funnel-grid">${withFunnel.map((p) => this.funnelTable(p))}</div>
              ${
                shareOnly.length
                  ? html`<details class="sub">
                      <summary>Programmes with a suitable share and no funnel (${shareOnly.length})</summary>
                      <div class="funnel-grid">${shareOnly.map((p) => this.funnelTable(p))}</div>
                    </details>`
                  : nothing
              }`
          : nothing
      }
    </section>`;
  }
}
customElements.define('pw-programme-plans', ProgrammePlans);
