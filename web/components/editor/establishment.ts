/**
 * One establishment: identity and capacity, population tables, flows, the programmes it delivers
 * (places, groups a year, agreed volumes), referrals and offender-management staffing.
 */
import { html, nothing } from 'lit';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { isOpen, rememberToggle, whenOpen } from '../open-sections.js';
import { LightElement, emitEdit } from '../base.js';
import '../population-import.js';
import './population-table.js';
import { num } from '../../format.js';
import { programmeReadout, type LatestRun } from './readout.js';
import { addButton, errorsAt, field, removeButton, sourceField, type FieldContext } from '../fields.js';
import type { Attribute } from '../../../src/index.js';
import { PRISON_KINDS, TABLE_UNITS } from '../../scenario/choices.js';
import { bedUnits, segmentPlans } from './delivery-plans.js';
import { bedFigures } from '../../scenario/plans.js';
import { programmeName } from '../../scenario/field-context.js';
import { referralReturnFields } from './hub-return.js';
import { priorsEditor } from './priors.js';

/**
 * A programme as its select shows it: the short name first, so a narrow select still tells them
 * apart ("TSP: Thinking Skills Programme", "RESOLVE (moderate-intensity violence programme)").
 */
export function programmeLabel(name: string): string {
  const short = /^(.*?)\s*\(([^()]{1,12})\)\s*$/.exec(name);
  return short && short[1] ? `${short[2]}: ${short[1]}` : name;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export class EditEstablishment extends LightElement {
  static override properties = {
    ctx: { attribute: false },
    index: { type: Number },
    latest: { attribute: false },
    schemeAttributes: { attribute: false },
  };
  declare ctx: FieldContext;
  declare index: number;
  /** The scenario's resolved attributes, for describing segment criteria in words. */
  declare schemeAttributes: Attribute[];
  /** The latest run's results, for the readout beside each programme. */
  declare latest: LatestRun | null;

  constructor() {
    super();
    this.latest = null;
    this.schemeAttributes = [];
  }

  /** Group size of a row: its own, or the catalogue's. */
  private groupSizeOf(row: unknown): number | null {
    const own = (row as { groupSize?: unknown }).groupSize;
    if (typeof own === 'number') return own;
    const id = (row as { programme?: unknown }).programme;
    const entry = asArray(getAt(this.ctx.doc, ['programmes'])).find((p) => (p as { id?: unknown }).id === id);
    const size = (entry as { groupSize?: unknown } | undefined)?.groupSize;
    return typeof size === 'number' ? size : null;
  }

  private get base(): Path {
    return ['establishments', this.index];
  }

  private programmeOptions() {
    const ids = asArray(getAt(this.ctx.doc, ['programmes'])).map((p) => {
      const id = String((p as { id?: unknown }).id ?? '');
      const name = String((p as { name?: unknown }).name ?? id);
      return { value: id, label: programmeLabel(name) };
    });
    return ids.filter((o) => o.value !== '');
  }

  private establishmentOptions() {
    return asArray(getAt(this.ctx.doc, ['establishments']))
      .map((e) => ({
        value: String((e as { id?: unknown }).id ?? ''),
        label: String((e as { name?: unknown }).name ?? ''),
      }))
      .filter((o) => o.value !== '');
  }

  private estName(): string {
    const est = getAt(this.ctx.doc, this.base) as { name?: unknown } | undefined;
    return String(est?.name ?? `Establishment ${this.index + 1}`);
  }

  protected override render() {
    const c = this.ctx;
    const b = this.base;
    const est = getAt(c.doc, b);
    if (!est || typeof est !== 'object') return nothing;
    const name = String((est as { name?: unknown }).name ?? `Establishment ${this.index + 1}`);
    return html`
      <section class="card" aria-labelledby="ed-est-h">
        <h2 id="ed-est-h">${name}</h2>
        <div class="grid-fields">
          ${field(c, [...b, 'id'], { label: 'Id', kind: 'text' })}
          ${field(c, [...b, 'name'], { label: 'Name', kind: 'text' })}
          ${field(c, [...b, 'type'], { label: 'Type', kind: 'text', optional: true, wide: true })}
          ${field(c, [...b, 'establishmentType'], { label: 'Kind of prison', kind: 'select', options: PRISON_KINDS, optional: true })}
          ${field(c, [...b, 'operationalCapacity'], { label: 'Operational capacity', kind: 'integer', unit: 'people' })}
          ${field(c, [...b, 'cna'], { label: 'CNA', kind: 'integer', optional: true, unit: 'people' })}
        </div>
        ${sourceField(c, b)}
      </section>
      ${this.renderProgrammes()} ${this.renderPopulation()} ${this.renderFlows()} ${this.renderStaffing()}
      ${this.renderReferrals()}
    `;
  }

  private renderProgrammes() {
    const c = this.ctx;
    const listPath: Path = [...this.base, 'programmes'];
    const rows = asArray(getAt(c.doc, listPath));
    const options = this.programmeOptions();
    const unused = options.find((o) => !rows.some((r) => (r as { programme?: unknown }).programme === o.value));
    const listErrors = errorsAt(c, listPath);
    return html`<section class="card" aria-labelledby="ed-progs-h">
      <h3 id="ed-progs-h">Programmes delivered</h3>
      <p class="hint">
        Places a year = groups a year × group size (blank group size: the catalogue's), or for a bed-based unit (beds
        instead of groups) beds × 52 ÷ mean stay. Agreed volumes are the SLA's Table 5 starts and completions for a
        year. “Latest run” shows each programme's starts and unmet need a year from the latest run, and follows your
        edits.
      </p>
      ${listErrors.length ? html`<div class="field-error" role="alert">${listErrors.join('; ')}</div>` : nothing}
      <div class="table-scroll">
        <table class="edit-table">
          <caption class="visually-hidden">
            Programmes delivered at this establishment
          </caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Groups a year</th>
              <th scope="col">Places a year</th>
              <th scope="col">Latest run, a year</th>
              <th scope="col">Group size</th>
              <th scope="col">Beds</th>
              <th scope="col">First start week</th>
              <th scope="col">Agreed starts</th>
              <th scope="col">Agreed completions</th>
              <th scope="col">Takes referrals</th>
              <th scope="col"><span class="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((row, i) => {
              const p: Path = [...listPath, i];
              const id = String((row as { programme?: unknown }).programme ?? '');
              // The hidden context names the row by its programme's name (field-context.ts): no id here.
              const label = (what: string) => what;
              const groups = (row as { groupsPerYear?: unknown }).groupsPerYear;
              const size = this.groupSizeOf(row);
              const beds = (row as { beds?: unknown }).beds;
              const entry = asArray(getAt(c.doc, ['programmes'])).find((x) => (x as { id?: unknown }).id === id);
              const places =
                typeof beds === 'number'
                  ? (bedFigures(beds, entry)?.placesPerYear ?? null)
                  : typeof groups === 'number' && groups >= 0 && size !== null
                    ? groups * size
                    : null;
              const estId = String(getAt(c.doc, [...this.base, 'id']) ?? '');
              return html`<tr data-programme=${id}>
                  <td>
                    ${field(c, [...p, 'programme'], { label: label('Programme'), kind: 'select', options, compact: true })}
                  </td>
                  <td>
                    ${field(c, [...p, 'groupsPerYear'], { label: label('Groups a year'), kind: 'number', compact: true })}
                  </td>
                  <td class="num places-a-year" data-places=${places === null ? '' : String(places)}>
                    ${num(places, typeof beds === 'number' ? 0 : undefined)}
                  </td>
                  <td class="readout-cell">${programmeReadout(this.latest, estId, id)}</td>
                  <td>
                    ${field(c, [...p, 'groupSize'], { label: label('Group size'), kind: 'integer', optional: true, compact: true, placeholder: 'catalogue' })}
                  </td>
                  <td>
                    ${field(c, [...p, 'beds'], { label: label('Beds'), kind: 'integer', optional: true, compact: true, placeholder: 'groups' })}
                  </td>
                  <td>
                    ${field(c, [...p, 'firstStartWeek'], { label: label('First start week'), kind: 'integer', optional: true, compact: true })}
                  </td>
                  <td>
                    ${field(c, [...p, 'agreedStarts'], { label: label('Agreed starts'), kind: 'integer', optional: true, compact: true })}
                  </td>
                  <td>
                    ${field(c, [...p, 'agreedCompletions'], { label: label('Agreed completions'), kind: 'integer', optional: true, compact: true })}
                  </td>
                  <td>
                    ${field(c, [...p, 'acceptsReferrals'], { label: label('Takes referrals'), kind: 'checkbox', compact: true })}
                  </td>
                  <td>${removeButton(listPath, i, `programme ${programmeName(c.doc, id)}`)}</td>
                </tr>
                <tr class="source-row" data-source-of=${id}>
                  <td colspan="11">
                    ${field(c, [...p, 'source'], { label: label('Source'), kind: 'textarea', rows: 2, optional: true })}
                  </td>
                </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${addButton(listPath, { programme: unused?.value ?? options[0]?.value ?? '', groupsPerYear: 0 }, 'Add a programme')}
      ${bedUnits(c, listPath)} ${segmentPlans(c, listPath, this.schemeAttributes)}
    </section>`;
  }

  private renderPopulation() {
    const c = this.ctx;
    const pop: Path = [...this.base, 'population'];
    const tablesPath: Path = [...pop, 'tables'];
    const tables = asArray(getAt(c.doc, tablesPath));
    // Blank simulates the operational capacity: shown as its number (the words did not fit the box).
    const capacity = getAt(c.doc, [...this.base, 'operationalCapacity']);
    const capacityPlaceholder = typeof capacity === 'number' ? String(capacity) : 'capacity';
    return html`<section class="card" aria-labelledby="ed-pop-h">
      <h3 id="ed-pop-h">Population</h3>
      <div class="grid-fields">
        ${field(c, [...pop, 'total'], { label: 'People to simulate', kind: 'integer', optional: true, placeholder: capacityPlaceholder, hint: 'Blank: the operational capacity.' })}
      </div>
      ${sourceField(c, pop)}
      <p class="hint">
        Source tables (marginals or partial cross-tabs): each row is a group of people, picked by category in each
        column (Any where the row does not narrow it), and how many they are. Where tables disagree, the warnings panel
        says so.
      </p>
      ${tables.map((t, ti) => this.renderTable([...tablesPath, ti], t))}
      ${addButton(tablesPath, { id: `table-${tables.length + 1}`, cells: [{ where: {}, count: 0 }] }, 'Add a table')}
      <pw-population-import .doc=${c.doc} .establishment=${this.index}></pw-population-import>
      <details
        class="sub"
        ?open=${isOpen(pathString([...pop, 'priors']), errorsAt(c, [...pop, 'priors'], true).length > 0)}
        @toggle=${rememberToggle(pathString([...pop, 'priors']))}
      >
        <summary>Fill distributions for this establishment</summary>
        ${whenOpen(pathString([...pop, 'priors']), errorsAt(c, [...pop, 'priors'], true).length > 0, () => priorsEditor(c, [...pop, 'priors'], this.schemeAttributes, this.estName(), 'How to fill an attribute the tables above do not give. Tried before the scenario’s fill distributions (Bands and fill distributions).'))}
      </details>
    </section>`;
  }

  private renderTable(path: Path, table: unknown) {
    const c = this.ctx;
    const cells = asArray((table as { cells?: unknown }).cells);
    const id = String((table as { id?: unknown }).id ?? '');
    const label = String((table as { label?: unknown }).label ?? id);
    const sum = cells.reduce<number>(
      (n, cell) =>
        n + (typeof (cell as { count?: unknown }).count === 'number' ? (cell as { count: number }).count : 0),
      0,
    );
    const nested = errorsAt(c, path, true).length;
    return html`<details
      class="sub population-table"
      ?open=${isOpen(pathString(path), nested > 0)}
      @toggle=${rememberToggle(pathString(path))}
      data-path=${pathString(path)}
    >
      <summary>
        ${label}
        <span class="muted"
          >(${cells.length} row${cells.length === 1 ? '' : 's'}, sum ${sum.toLocaleString('en-GB')})</span
        >
        ${nested ? html`<span class="badge badge-error">${nested} error${nested === 1 ? '' : 's'}</span>` : nothing}
      </summary>
      ${whenOpen(pathString(path), nested > 0, () => this.renderTableContents(path))}
    </details>`;
  }

  /** An open population table: its id, label, unit and total, its source and its rows. */
  private renderTableContents(path: Path) {
    const c = this.ctx;
    return html`<div class="grid-fields">
        ${field(c, [...path, 'id'], { label: 'Table id', kind: 'text' })}
        ${field(c, [...path, 'label'], { label: 'Label', kind: 'text', optional: true })}
        ${field(c, [...path, 'unit'], {
          label: 'Unit',
          kind: 'select',
          optional: true,
          options: TABLE_UNITS,
        })}
        ${field(c, [...path, 'total'], { label: 'Table total', kind: 'number', optional: true })}
      </div>
      ${sourceField(c, path)}
      <pw-edit-population-table
        .ctx=${c}
        .path=${path}
        .schemeAttributes=${this.schemeAttributes}
      ></pw-edit-population-table>
      <button
        type="button"
        class="small danger"
        @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'remove', path: path.slice(0, -1) as (string | number)[], index: path.at(-1) as number })}
      >
        Remove this table
      </button>`;
  }

  private renderFlows() {
    const c = this.ctx;
    const f: Path = [...this.base, 'flows'];
    return html`<section class="card" aria-labelledby="ed-flows-h">
      <h3 id="ed-flows-h">Flows</h3>
      <div class="grid-fields">
        ${field(c, [...f, 'receptionsPerWeek'], { label: 'Receptions a week', kind: 'nullable-number', unit: 'people', placeholder: 'replace departures', hint: 'Blank: each week’s departures are replaced, keeping the population level.' })}
        ${field(c, [...f, 'transfersOutPerYear'], { label: 'Transfers out a year', kind: 'percent', optional: true, unit: '% of the population', hint: '200% means twice the population leaves by transfer in a year.' })}
      </div>
      ${sourceField(c, f)} ${this.renderReceptionMix([...f, 'receptionMix'])}
    </section>`;
  }

  /** The population's tables, relabelled as a starting point for the reception mix. */
  private populationTablesAsMix(): unknown[] {
    return asArray(getAt(this.ctx.doc, [...this.base, 'population', 'tables'])).map((t, i) => {
      const table = structuredClone(t) as Record<string, unknown>;
      const label = typeof table.label === 'string' ? table.label : `table ${i + 1}`;
      return {
        ...table,
        label: `Receptions, from the population's ${label}`,
        source: 'A copy of the population’s table: change it where those who arrive differ.',
      };
    });
  }

  /**
   * Who arrives: the reception mix, edited with the population's table editor (renderTable). Left
   * out, receptions are drawn like the population; added, it starts as a copy of the population's
   * tables, which loads as it is and is then edited where arrivals differ.
   */
  private renderReceptionMix(mixPath: Path) {
    const c = this.ctx;
    const mix = getAt(c.doc, mixPath);
    const nested = errorsAt(c, mixPath, true).length;
    const tablesPath: Path = [...mixPath, 'tables'];
    const tables = asArray(getAt(c.doc, tablesPath));
    return html`<details
      class="sub reception-mix"
      ?open=${isOpen(pathString(mixPath), nested > 0)}
      @toggle=${rememberToggle(pathString(mixPath))}
    >
      <summary>
        Who arrives (reception mix)
        <span class="muted"
          >${mix === undefined ? '(like the population)' : `(${tables.length} table${tables.length === 1 ? '' : 's'})`}</span
        >
        ${nested ? html`<span class="badge badge-error">${nested} error${nested === 1 ? '' : 's'}</span>` : nothing}
      </summary>
      ${whenOpen(pathString(mixPath), nested > 0, () =>
        mix === undefined
          ? html`<p class="hint">
                No reception mix: each week's receptions are drawn like the population above. Give one when those who
                arrive differ from those inside (a local prison's receptions have shorter sentences, say). A new mix
                starts as a copy of the population's tables.
              </p>
              <button
                type="button"
                class="small"
                @click=${(e: Event) =>
                  emitEdit(e.currentTarget!, {
                    op: 'set',
                    path: [...mixPath],
                    value: { tables: this.populationTablesAsMix() },
                  })}
              >
                Add a reception mix
              </button>`
          : html`${errorsAt(c, mixPath).length ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${errorsAt(c, mixPath).join('; ')}</p>` : nothing}
              <p class="hint">
                Receptions are drawn from these tables in place of the population's, edited as the population's are.
              </p>
              ${sourceField(c, mixPath)} ${tables.map((t, ti) => this.renderTable([...tablesPath, ti], t))}
              ${addButton(tablesPath, { id: `reception-table-${tables.length + 1}`, cells: [{ where: {}, count: 0 }] }, 'Add a table')}
              <details
                class="sub"
                ?open=${isOpen(pathString([...mixPath, 'priors']), errorsAt(c, [...mixPath, 'priors'], true).length > 0)}
                @toggle=${rememberToggle(pathString([...mixPath, 'priors']))}
              >
                <summary>Fill distributions for receptions</summary>
                ${whenOpen(pathString([...mixPath, 'priors']), errorsAt(c, [...mixPath, 'priors'], true).length > 0, () => priorsEditor(c, [...mixPath, 'priors'], this.schemeAttributes, `${this.estName()}, reception mix`, 'How to fill an attribute the reception tables do not give. Tried before the population’s fill distributions.'))}
              </details>
              <button
                type="button"
                class="small danger"
                @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'set', path: [...mixPath], value: undefined })}
              >
                Remove the reception mix
              </button>`,
      )}
    </details>`;
  }

  private renderStaffing() {
    const c = this.ctx;
    const s: Path = [...this.base, 'staffing'];
    const staffing = getAt(c.doc, s);
    return html`<section class="card" aria-labelledby="ed-staff-h">
      <h3 id="ed-staff-h">Offender-management staffing</h3>
      ${
        staffing === undefined
          ? html`<p class="muted">No staffing given: sessions deliverable are not computed for this establishment.</p>
              ${html`<button type="button" class="small" @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'set', path: [...s], value: { pomFte: 0 } })}>Add staffing</button>`}`
          : html`<div class="grid-fields">
                ${field(c, [...s, 'pomFte'], { label: 'POM FTE', kind: 'number', unit: 'full-time equivalent' })}
                ${field(c, [...s, 'hoursPerFteWeek'], { label: 'Hours per FTE a week', kind: 'number', optional: true, unit: 'hours' })}
                ${field(c, [...s, 'availability'], { label: 'Available for contact', kind: 'percent', optional: true, unit: '% of hours' })}
              </div>
              ${sourceField(c, s)}
              <button
                type="button"
                class="small danger"
                @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'set', path: [...s], value: undefined })}
              >
                Remove staffing
              </button>`
      }
    </section>`;
  }

  private renderReferrals() {
    const c = this.ctx;
    const listPath: Path = [...this.base, 'referrals'];
    const rows = asArray(getAt(c.doc, listPath));
    const programmes = this.programmeOptions();
    const establishments = this.establishmentOptions();
    return html`<section class="card" aria-labelledby="ed-ref-h">
      <h3 id="ed-ref-h">Referrals</h3>
      <p class="hint">Where people eligible for a programme this establishment does not deliver are referred.</p>
      ${
        rows.length
          ? html`<div class="table-scroll">
              <table class="edit-table">
                <caption class="visually-hidden">
                  Referrals
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Programme</th>
                    <th scope="col">Referred to</th>
                    <th scope="col">Back here after the course</th>
                    <th scope="col"><span class="visually-hidden">Remove</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (_r, i) =>
                      html`<tr>
                        <td>
                          ${field(c, [...listPath, i, 'programme'], { label: 'Programme', kind: 'select', options: programmes, compact: true })}
                        </td>
                        <td>
                          ${field(c, [...listPath, i, 'to'], { label: 'Referred to', kind: 'select', options: establishments, compact: true })}
                        </td>
                        <td>${referralReturnFields(c, [...listPath, i])}</td>
                        <td>${removeButton(listPath, i, `referral ${i + 1}`)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">None.</p>`
      }
      ${addButton(listPath, { programme: programmes[0]?.value ?? '', to: establishments.find((e) => e.value !== getAt(c.doc, [...this.base, 'id']))?.value ?? '' }, 'Add a referral')}
    </section>`;
  }
}
customElements.define('pw-edit-establishment', EditEstablishment);
