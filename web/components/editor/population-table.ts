/**
 * A population table's cells, edited in words: one column per attribute the cells use, headed by
 * its label, each cell a list of that attribute's categories by label ("Any" where the cell does
 * not narrow it), so nobody types `sentence=det-4y-plus`. The file keeps its ids. A row is named
 * by its number and its categories ("row 3 (OGRS: Medium (25-49); Main offence: Violent)") in
 * every message about it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Attribute } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { fieldContext } from '../../scenario/field-context.js';
import { attributeShortLabel, categoryLabel } from '../../scenario/criteria.js';
import { LightElement, emitEdit } from '../base.js';
import { errorsAt, field, fieldId, removeButton, type FieldContext } from '../fields.js';
import { asArray, columnsOf, decode, encode, newRowWhere, whereOf, type Where } from '../../scenario/tableRows.js';

export class EditPopulationTable extends LightElement {
  static override properties = {
    ctx: { attribute: false },
    path: { attribute: false },
    schemeAttributes: { attribute: false },
    added: { state: true },
    toAdd: { state: true },
  };
  declare ctx: FieldContext;
  declare path: Path;
  declare schemeAttributes: Attribute[];
  /** Columns the user added that no cell uses yet. */
  declare added: string[];
  declare toAdd: string;

  constructor() {
    super();
    this.path = [];
    this.schemeAttributes = [];
    this.added = [];
    this.toAdd = '';
  }

  private setCategory(row: number, attribute: string, value: string) {
    const cellsPath = [...this.path, 'cells'] as (string | number)[];
    const where = { ...whereOf(getAt(this.ctx.doc, [...cellsPath, row])) };
    const v = decode(value);
    if (v === undefined) delete where[attribute];
    else where[attribute] = v;
    emitEdit(this, { op: 'set', path: [...cellsPath, row, 'where'], value: where });
  }

  private categorySelect(row: number, attribute: string, where: Where, cells: readonly unknown[]): TemplateResult {
    const c = this.ctx;
    const wherePath: Path = [...this.path, 'cells', row, 'where', attribute];
    const id = fieldId(wherePath);
    const attr = this.schemeAttributes.find((a) => a.id === attribute);
    const current = encode(where[attribute]);
    const errors = errorsAt(c, wherePath, true);
    const options = (attr?.categories ?? []).map((cat) => ({ value: cat.id, label: cat.label ?? cat.id }));
    // Several categories in one cell ("Violent or Sexual"): offered as the rows of this table give them.
    const combos = [
      ...new Set(
        cells
          .map((cell) => whereOf(cell)[attribute])
          .filter((v): v is string[] => Array.isArray(v))
          .map(encode),
      ),
    ];
    const known = new Set([...options.map((o) => o.value), ...combos, '']);
    const words = (value: string) =>
      value
        .split('|')
        .map((v) => categoryLabel(this.schemeAttributes, attribute, v))
        .join(' or ');
    const name = attributeShortLabel(this.schemeAttributes, attribute);
    return html`<div class="field field-compact ${errors.length ? 'has-error' : ''}" data-path=${pathString(wherePath)}>
      <label for=${id} class="visually-hidden"><span>${fieldContext(c.doc, wherePath)}: </span>${name}</label>
      ${
        errors.length
          ? html`<p class="field-error" id="${id}-err" role="alert">
              <span class="visually-hidden">Error:</span> ${errors.join('; ')}
            </p>`
          : nothing
      }
      <select
        id=${id}
        name=${pathString(wherePath)}
        aria-invalid=${errors.length ? 'true' : 'false'}
        aria-describedby=${errors.length ? `${id}-err` : nothing}
        @change=${(e: Event) => this.setCategory(row, attribute, (e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${current === ''}>Any</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === current}>${o.label}</option>`)}
        ${combos.map((v) => html`<option value=${v} ?selected=${v === current}>${words(v)}</option>`)}
        ${known.has(current) ? nothing : html`<option value=${current} selected>${words(current)} (not in the list)</option>`}
      </select>
    </div>`;
  }

  protected override render() {
    const c = this.ctx;
    const table = getAt(c.doc, this.path);
    if (!table || typeof table !== 'object') return nothing;
    const cells = asArray((table as { cells?: unknown }).cells);
    const label = (table as { label?: unknown }).label;
    // Read out: the table's label, else its place in the list (its id is not a name).
    const spoken = typeof label === 'string' && label.trim() !== '' ? label : `table ${Number(this.path.at(-1)) + 1}`;
    const cellsPath: Path = [...this.path, 'cells'];
    const columns = columnsOf(cells, this.schemeAttributes, this.added);
    const unused = this.schemeAttributes.filter((a) => !columns.includes(a.id));
    const percent = (table as { unit?: unknown }).unit === 'percent';
    const addId = `${fieldId(this.path)}-add-column`;
    // Where the table is, for names of its own ("HMP Stafford, population, table “OGRS bands”").
    const context = fieldContext(c.doc, cellsPath);
    return html`<div class="table-scroll">
        <table class="edit-table population-cells">
          <caption class="visually-hidden">
            Rows of ${spoken}
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              ${columns.map((a) => html`<th scope="col" data-attribute=${a}>${attributeShortLabel(this.schemeAttributes, a)}</th>`)}
              <th scope="col">${percent ? 'Percent' : 'People'}</th>
              <th scope="col"><span class="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            ${cells.map((cell, i) => {
              const cp: Path = [...cellsPath, i];
              const where = whereOf(cell);
              // Errors about the row as a whole (it overlaps another; its categories are not a list).
              const rowErrors = [...errorsAt(c, cp), ...errorsAt(c, [...cp, 'where'])];
              return html`<tr data-row=${i + 1}>
                <th scope="row">
                  ${i + 1}
                  ${rowErrors.length ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${rowErrors.join('; ')}</p>` : nothing}
                </th>
                ${columns.map((a) => html`<td>${this.categorySelect(i, a, where, cells)}</td>`)}
                <td>
                  ${field(c, [...cp, 'count'], { label: percent ? 'Percent' : 'People', kind: 'number', compact: true })}
                </td>
                <td>${removeButton(cellsPath, i, `row ${i + 1} of ${spoken}`)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <div class="table-actions">
        <button
          type="button"
          class="small"
          @click=${() =>
            emitEdit(this, {
              op: 'insert',
              path: [...cellsPath] as (string | number)[],
              value: { where: newRowWhere(cells, columns, this.schemeAttributes), count: 0 },
            })}
        >
          Add a row<span class="visually-hidden"> to ${context}</span>
        </button>
        ${
          unused.length
            ? html`<span class="add-column">
                <label for=${addId}>Add a column<span class="visually-hidden"> to ${context},</span> for</label>
                <select
                  id=${addId}
                  @change=${(e: Event) => (this.toAdd = (e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="" ?selected=${this.toAdd === ''}>choose…</option>
                  ${unused.map((a) => html`<option value=${a.id} ?selected=${this.toAdd === a.id}>${attributeShortLabel(this.schemeAttributes, a.id)}</option>`)}
                </select>
                <button
                  type="button"
                  class="small"
                  ?disabled=${this.toAdd === ''}
                  @click=${() => {
                    if (this.toAdd !== '') this.added = [...this.added, this.toAdd];
                    this.toAdd = '';
                  }}
                >
                  Add column<span class="visually-hidden"> to ${context}</span>
                </button>
              </span>`
            : nothing
        }
      </div>`;
  }
}
customElements.define('pw-edit-population-table', EditPopulationTable);
