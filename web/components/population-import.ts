/**
 * Import a population table from a spreadsheet (paste) or a CSV file, shaped as the SLA annexes
 * print them (a Table 4b: band rows × offence columns; or a column of counts), and export any
 * population table of the establishment as CSV.
 *
 * The reading and mapping are in web/scenario/tableImport.ts; this component shows a preview,
 * lets the user map rows and columns to attributes and categories by their labels, names the row
 * and column of every error, and adds the table only when it has none.
 */
import { html, nothing } from 'lit';
import { resolveAttributes, type Attribute } from '../../src/index.js';
import { getAt } from '../scenario/doc.js';
import {
  buildCells,
  guessMapping,
  matchCategory,
  parseTabular,
  tableToCsv,
  type AttributeInfo,
  type ImportMapping,
  type TableLike,
} from '../scenario/tableImport.js';
import { downloadText, slug } from '../download.js';
import { LightElement, emitEdit } from './base.js';

const PREVIEW_ROWS = 15;

function attributesOf(doc: unknown): AttributeInfo[] {
  try {
    const scheme = getAt(doc, ['bandScheme']);
    const extra = getAt(doc, ['attributes']);
    return resolveAttributes(
      (typeof scheme === 'string' ? scheme : 'segmentation-2014') as Parameters<typeof resolveAttributes>[0],
      (Array.isArray(extra) ? extra : []) as Attribute[],
    );
  } catch {
    return [];
  }
}

const columnLetter = (j: number) => String.fromCharCode(65 + (j % 26)).repeat(Math.floor(j / 26) + 1);

export class PopulationImport extends LightElement {
  static override properties = {
    doc: { attribute: false },
    establishment: { type: Number },
    text: { state: true },
    mapping: { state: true },
    label: { state: true },
    unit: { state: true },
    total: { state: true },
    target: { state: true },
    message: { state: true },
    exportTable: { state: true },
  };
  declare doc: unknown;
  declare establishment: number;
  declare text: string;
  declare mapping: ImportMapping | null;
  declare label: string;
  declare unit: 'count' | 'percent';
  /** Typed total, or null to use the one the table prints. */
  declare total: string | null;
  /** '' to add a new table, else the index of the table to replace. */
  declare target: string;
  declare message: string | null;
  declare exportTable: string;

  constructor() {
    super();
    this.doc = null;
    this.establishment = 0;
    this.text = '';
    this.mapping = null;
    this.label = '';
    this.unit = 'count';
    this.total = null;
    this.target = '';
    this.message = null;
    this.exportTable = '0';
  }

  private get idPrefix() {
    return `imp-${this.establishment}`;
  }

  private tables(): TableLike[] {
    const t = getAt(this.doc, ['establishments', this.establishment, 'population', 'tables']);
    return Array.isArray(t) ? (t as TableLike[]) : [];
  }

  private setText(text: string, name?: string) {
    this.text = text;
    this.message = null;
    const { grid } = parseTabular(text);
    this.mapping = grid.length ? guessMapping(grid, attributesOf(this.doc)) : null;
    this.total = null;
    if (name && !this.label) this.label = name.replace(/\.(csv|txt|tsv)$/i, '');
  }

  private async openFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.setText(await file.text(), file.name);
    } catch (err) {
      this.message = `“${file.name}” could not be read: ${(err as Error).message}`;
    }
  }

  private setRowAttribute(id: string, grid: string[][], attrs: AttributeInfo[]) {
    const a = attrs.find((x) => x.id === id);
    this.mapping = {
      ...this.mapping!,
      rowAttribute: id || null,
      rowCategories: grid.slice(1).map((r) => (a ? matchCategory(r[0] ?? '', a) : null)),
    };
  }

  private setColumnAttribute(id: string, grid: string[][], attrs: AttributeInfo[]) {
    const a = attrs.find((x) => x.id === id);
    this.mapping = {
      ...this.mapping!,
      columnAttribute: id || null,
      columnCategories: (grid[0] ?? []).slice(1).map((h) => (a ? matchCategory(h, a) : null)),
    };
  }

  private add(cells: { where: Record<string, string>; count: number }[], printedTotal: number | null) {
    const tables = this.tables();
    const totalText = this.total ?? (printedTotal !== null ? String(printedTotal) : '');
    const total = totalText.trim() === '' ? undefined : Number(totalText);
    const label = this.label.trim() || 'Imported table';
    const base = slug(label) || 'imported';
    let id = base;
    for (let n = 2; tables.some((t, i) => t.id === id && String(i) !== this.target); n++) id = `${base}-${n}`;
    const table = {
      id,
      label,
      unit: this.unit,
      ...(total !== undefined ? { total } : {}),
      cells,
      source: `Imported from a spreadsheet on ${new Date().toLocaleDateString('en-GB')}: say which document and table.`,
    };
    const path = ['establishments', this.establishment, 'population', 'tables'];
    if (this.target === '') emitEdit(this, { op: 'insert', path, value: table });
    else emitEdit(this, { op: 'set', path: [...path, Number(this.target)], value: table });
    this.message = `${this.target === '' ? 'Added' : 'Replaced with'} “${label}”: ${cells.length} cells. The scenario runs again.`;
    this.text = '';
    this.mapping = null;
  }

  private renderMapping(grid: string[][], attrs: AttributeInfo[], m: ImportMapping) {
    const p = this.idPrefix;
    const rowAttr = attrs.find((a) => a.id === m.rowAttribute);
    const colAttr = attrs.find((a) => a.id === m.columnAttribute);
    const attrOptions = (selected: string | null, except?: string | null) =>
      html`<option value="" ?selected=${!selected}>Choose…</option>
        ${attrs
          .filter((a) => a.id !== except)
          .map((a) => html`<option value=${a.id} ?selected=${a.id === selected}>${a.label ?? a.id}</option>`)}`;
    const catSelect = (
      id: string,
      labelText: string,
      attr: AttributeInfo | undefined,
      value: string | null,
      set: (v: string | null) => void,
    ) =>
      html`<div class="field field-compact">
        <label for=${id}>${labelText}</label>
        <select id=${id} @change=${(e: Event) => set((e.currentTarget as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${value === null}>Leave out</option>
          ${(attr?.categories ?? []).map((c) => html`<option value=${c.id} ?selected=${c.id === value}>${c.label ?? c.id}</option>`)}
        </select>
      </div>`;
    return html`<fieldset class="import-map">
      <legend>How the table reads</legend>
      <div class="field">
        <span class="field-label">Shape</span>
        <label class="radio"
          ><input
            type="radio"
            name="${p}-shape"
            .checked=${m.shape === 'cross'}
            @change=${() => {
              this.mapping = { ...m, shape: 'cross' };
              if (!m.columnAttribute) this.setColumnAttribute('', grid, attrs);
            }}
          />
          Rows × columns (a cross-tab, like a Table 4b)</label
        >
        <label class="radio"
          ><input
            type="radio"
            name="${p}-shape"
            .checked=${m.shape === 'column'}
            @change=${() => (this.mapping = { ...m, shape: 'column' })}
          />
          A column of counts, one category a row</label
        >
      </div>
      <div class="grid-fields">
        <div class="field">
          <label for="${p}-rows">Rows are</label>
          <select
            id="${p}-rows"
            @change=${(e: Event) => this.setRowAttribute((e.currentTarget as HTMLSelectElement).value, grid, attrs)}
          >
            ${attrOptions(m.rowAttribute)}
          </select>
        </div>
        ${
          m.shape === 'cross'
            ? html`<div class="field">
                <label for="${p}-cols">Columns are</label>
                <select
                  id="${p}-cols"
                  @change=${(e: Event) =>
                    this.setColumnAttribute((e.currentTarget as HTMLSelectElement).value, grid, attrs)}
                >
                  ${attrOptions(m.columnAttribute, m.rowAttribute)}
                </select>
              </div>`
            : html`<div class="field">
                <label for="${p}-count-col">Counts are in column</label>
                <select
                  id="${p}-count-col"
                  @change=${(e: Event) =>
                    (this.mapping = { ...m, countColumn: Number((e.currentTarget as HTMLSelectElement).value) })}
                >
                  ${(grid[0] ?? [])
                    .slice(1)
                    .map(
                      (h, j) =>
                        html`<option value=${j} ?selected=${j === m.countColumn}>
                          ${columnLetter(j + 1)}: ${h || '(no heading)'}
                        </option>`,
                    )}
                </select>
              </div>`
        }
      </div>
      <div class="import-cats">
        <h4>Each row</h4>
        <div class="grid-fields">
          ${grid.slice(1).map((r, i) =>
            catSelect(
              `${p}-row-${i}`,
              `Row ${i + 2}: ${r[0] || '(blank)'}`,
              rowAttr,
              m.rowCategories[i] ?? null,
              (v) => {
                const rowCategories = [...m.rowCategories];
                rowCategories[i] = v;
                this.mapping = { ...m, rowCategories };
              },
            ),
          )}
        </div>
        ${
          m.shape === 'cross'
            ? html`<h4>Each column</h4>
                <div class="grid-fields">
                  ${(grid[0] ?? []).slice(1).map((h, j) =>
                    catSelect(
                      `${p}-col-${j}`,
                      `Column ${columnLetter(j + 1)}: ${h || '(blank)'}`,
                      colAttr,
                      m.columnCategories[j] ?? null,
                      (v) => {
                        const columnCategories = [...m.columnCategories];
                        columnCategories[j] = v;
                        this.mapping = { ...m, columnCategories };
                      },
                    ),
                  )}
                </div>`
            : nothing
        }
      </div>
    </fieldset>`;
  }

  private renderImport(attrs: AttributeInfo[]) {
    const p = this.idPrefix;
    const { grid } = parseTabular(this.text);
    const m = this.mapping;
    const imported = m && grid.length > 1 ? buildCells(grid, m, attrs, this.unit) : null;
    const tables = this.tables();
    const totalText = this.total ?? (imported?.printedTotal != null ? String(imported.printedTotal) : '');
    const totalBad = totalText.trim() !== '' && !(Number(totalText) >= 0);
    const ok = imported && imported.errors.length === 0 && imported.cells.length > 0 && !totalBad;
    return html`<div class="field">
        <label for="${p}-paste">Paste cells from a spreadsheet, or CSV text</label>
        <div class="hint" id="${p}-paste-hint">
          The first row holds the column headings and the first column the row headings (e.g. OGRS bands down, offences
          across). Blank cells are cells the source does not give.
        </div>
        <textarea
          id="${p}-paste"
          aria-describedby="${p}-paste-hint"
          .value=${this.text}
          @input=${(e: Event) => this.setText((e.currentTarget as HTMLTextAreaElement).value)}
        ></textarea>
      </div>
      <label class="button file-button"
        >Open a CSV file…<input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          class="visually-hidden"
          id="${p}-file"
          @change=${(e: Event) => void this.openFile(e)}
      /></label>
      ${
        grid.length > 0
          ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Preview of the pasted table">
              <table class="data-table import-preview">
                <caption>
                  Preview${grid.length > PREVIEW_ROWS ? ` (first ${PREVIEW_ROWS} of ${grid.length} rows)` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col"><span class="visually-hidden">Row</span></th>
                    ${(grid[0] ?? []).map((_, j) => html`<th scope="col">${columnLetter(j)}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${grid.slice(0, PREVIEW_ROWS).map(
                    (r, i) =>
                      html`<tr>
                        <th scope="row">${i + 1}</th>
                        ${r.map((c) => html`<td>${c}</td>`)}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
      ${m && grid.length > 0 ? this.renderMapping(grid, attrs, m) : nothing}
      ${
        imported
          ? html`<div class="grid-fields">
                <div class="field">
                  <label for="${p}-label">Table label</label>
                  <input
                    id="${p}-label"
                    type="text"
                    .value=${this.label}
                    @input=${(e: Event) => (this.label = (e.currentTarget as HTMLInputElement).value)}
                  />
                </div>
                <div class="field">
                  <label for="${p}-unit">Unit</label>
                  <select
                    id="${p}-unit"
                    @change=${(e: Event) =>
                      (this.unit = (e.currentTarget as HTMLSelectElement).value as 'count' | 'percent')}
                  >
                    <option value="count" ?selected=${this.unit === 'count'}>count (people)</option>
                    <option value="percent" ?selected=${this.unit === 'percent'}>percent</option>
                  </select>
                </div>
                <div class="field ${totalBad ? 'has-error' : ''}">
                  <label for="${p}-total">Table total (people)</label>
                  <div class="hint" id="${p}-total-hint">
                    ${imported.printedTotal !== null ? `The table prints ${imported.printedTotal.toLocaleString('en-GB')}.` : 'Blank: the population total.'}
                  </div>
                  ${totalBad ? html`<p class="field-error" id="${p}-total-err">Enter a number of people, 0 or more, or leave it blank.</p>` : nothing}
                  <input
                    id="${p}-total"
                    type="text"
                    inputmode="decimal"
                    aria-describedby="${p}-total-hint${totalBad ? ` ${p}-total-err` : ''}"
                    aria-invalid=${totalBad ? 'true' : 'false'}
                    .value=${totalText}
                    @input=${(e: Event) => (this.total = (e.currentTarget as HTMLInputElement).value)}
                  />
                </div>
                <div class="field">
                  <label for="${p}-target">Put it</label>
                  <select
                    id="${p}-target"
                    @change=${(e: Event) => (this.target = (e.currentTarget as HTMLSelectElement).value)}
                  >
                    <option value="" ?selected=${this.target === ''}>As a new table</option>
                    ${tables.map((t, i) => html`<option value=${i} ?selected=${this.target === String(i)}>In place of “${t.label ?? t.id}”</option>`)}
                  </select>
                </div>
              </div>
              ${
                imported.errors.length
                  ? html`<div class="import-errors" role="alert">
                      <strong
                        >The table cannot be added yet: ${imported.errors.length}
                        problem${imported.errors.length === 1 ? '' : 's'}.</strong
                      >
                      <ul>
                        ${imported.errors.map((e) => html`<li data-row=${e.row} data-column=${e.column}>${e.message}</li>`)}
                      </ul>
                    </div>`
                  : html`<p class="import-summary" data-cells=${imported.cells.length}>
                      ${imported.cells.length} cells, adding up to
                      ${imported.cells.reduce((n, c) => n + c.count, 0).toLocaleString('en-GB')}
                      ${this.unit === 'percent' ? 'per cent' : 'people'}.
                    </p>`
              }
              <button
                type="button"
                ?disabled=${!ok}
                @click=${() => imported && this.add(imported.cells, imported.printedTotal)}
              >
                ${this.target === '' ? 'Add the table' : 'Replace the table'}
              </button>`
          : nothing
      }`;
  }

  private renderExport(attrs: AttributeInfo[]) {
    const tables = this.tables();
    if (!tables.length) return nothing;
    const p = this.idPrefix;
    const est = getAt(this.doc, ['establishments', this.establishment, 'id']);
    const chosen = tables[Number(this.exportTable)] ?? tables[0]!;
    return html`<div class="import-export inline-field">
      <label for="${p}-export">Export a table as CSV</label>
      <select
        id="${p}-export"
        @change=${(e: Event) => (this.exportTable = (e.currentTarget as HTMLSelectElement).value)}
      >
        ${tables.map((t, i) => html`<option value=${i} ?selected=${t === chosen}>${t.label ?? t.id}</option>`)}
      </select>
      <button
        type="button"
        class="small"
        @click=${() =>
          downloadText(
            tableToCsv(chosen, attrs),
            `${slug(typeof est === 'string' ? est : 'establishment', chosen.id)}.csv`,
            'text/csv',
          )}
      >
        Download CSV
      </button>
    </div>`;
  }

  protected override render() {
    const attrs = attributesOf(this.doc);
    return html`<details class="import-panel" ?open=${this.text !== '' || this.message !== null}>
      <summary>Import a table from a spreadsheet or CSV, or export one</summary>
      ${this.renderExport(attrs)} ${this.renderImport(attrs)}
      <p role="status" class="import-message">${this.message ?? ''}</p>
    </details>`;
  }
}
customElements.define('pw-population-import', PopulationImport);

declare global {
  interface HTMLElementTagNameMap {
    'pw-population-import': PopulationImport;
  }
}
