/** The programme catalogue: what each programme is, who is eligible, and who goes first. */
import { catalogueProgrammes, criteriaField } from '../criteria-editor.js';
import { priorityField } from './priority.js';
import { html, nothing } from 'lit';
import type { Attribute, Criterion } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { describeCriterion } from '../../scenario/criteria.js';
import { programmeName } from '../../scenario/field-context.js';
import { isOpen, rememberToggle, whenOpen } from '../open-sections.js';
import { LightElement, emitEdit } from '../base.js';
import { addButton, errorsAt, field, fieldId, removeButton, sourceField, type FieldContext } from '../fields.js';
import { funnelTable } from './funnel.js';

/** Kinds of programme (schema.ts), in words. */
const KIND_WORDS: Record<string, string> = {
  general: 'General offending',
  violent: 'Violence',
  sexual: 'Sexual offending',
  'domestic-violence': 'Domestic violence',
  substance: 'Substance misuse',
  therapeutic: 'Therapeutic',
  other: 'Other',
};
const KINDS = Object.entries(KIND_WORDS).map(([value, label]) => ({ value, label }));

export class EditCatalogue extends LightElement {
  static override properties = {
    ctx: { attribute: false },
    schemeAttributes: { attribute: false },
  };
  declare ctx: FieldContext;
  /** The scenario's resolved attributes, for describing criteria in words. */
  declare schemeAttributes: Attribute[];

  constructor() {
    super();
    this.schemeAttributes = [];
  }

  protected override render() {
    const c = this.ctx;
    const listPath: Path = ['programmes'];
    const rows = Array.isArray(getAt(c.doc, listPath)) ? (getAt(c.doc, listPath) as unknown[]) : [];
    const listErrors = errorsAt(c, listPath);
    return html`<section class="card" aria-labelledby="ed-cat-h">
      <h2 id="ed-cat-h">Programme catalogue</h2>
      ${listErrors.length ? html`<div class="field-error" role="alert">${listErrors.join('; ')}</div>` : nothing}
      <div class="table-scroll">
        <table class="edit-table">
          <caption class="visually-hidden">
            Programmes in the catalogue
          </caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Group size</th>
              <th scope="col">Duration (weeks)</th>
              <th scope="col">Completion rate (%)</th>
              <th scope="col">Suitable share (%)</th>
              <th scope="col">Min. weeks left to start</th>
              <th scope="col">Concurrent</th>
              <th scope="col"><span class="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((row, i) => {
              const p: Path = [...listPath, i];
              const id = String((row as { id?: unknown }).id ?? `programme ${i + 1}`);
              // The hidden context names the row by the programme's name (field-context.ts): no id here.
              const l = (what: string) => what;
              const name = programmeName(c.doc, id);
              return html`<tr data-programme=${id}>
                <td>${field(c, [...p, 'id'], { label: l('Id'), kind: 'text', compact: true })}</td>
                <td>${field(c, [...p, 'name'], { label: l('Name'), kind: 'text', compact: true })}</td>
                <td>
                  ${field(c, [...p, 'kind'], { label: l('Kind'), kind: 'select', options: KINDS, optional: true, compact: true })}
                </td>
                <td>${field(c, [...p, 'groupSize'], { label: l('Group size'), kind: 'integer', compact: true })}</td>
                <td>
                  ${field(c, [...p, 'durationWeeks'], { label: l('Duration in weeks'), kind: 'integer', compact: true })}
                </td>
                <td>
                  ${field(c, [...p, 'completionRate'], { label: l('Completion rate'), kind: 'percent', compact: true })}
                </td>
                <td>
                  ${
                    // With an assessment funnel its suitable share decides, edited in the funnel's table.
                    (row as { assessment?: unknown }).assessment
                      ? html`<a class="muted" href="#ed-funnel-h">In the funnel</a>`
                      : field(c, [...p, 'suitabilityRate'], {
                          label: l('Suitable share'),
                          kind: 'percent',
                          optional: true,
                          compact: true,
                        })
                  }
                </td>
                <td>
                  ${field(c, [...p, 'minWeeksLeftToStart'], { label: l('Minimum weeks left to start'), kind: 'integer', compact: true })}
                </td>
                <td>
                  ${field(c, [...p, 'allowConcurrent'], { label: l('May run alongside another programme'), kind: 'checkbox', compact: true })}
                </td>
                <td>${removeButton(listPath, i, `${name} from the catalogue`)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${addButton(
        listPath,
        {
          id: `programme-${rows.length + 1}`,
          name: 'New programme',
          eligibility: { always: true },
          groupSize: 10,
          durationWeeks: 10,
          completionRate: 0.9,
          minWeeksLeftToStart: 26,
        },
        'Add a programme',
      )}
      ${funnelTable(c, listPath)}
      <h3>Eligibility and priority</h3>
      ${rows.map(
        (_, i) =>
          html`<pw-edit-catalogue-entry
            .ctx=${c}
            .index=${i}
            .schemeAttributes=${this.schemeAttributes}
          ></pw-edit-catalogue-entry>`,
      )}
    </section>`;
  }
}
customElements.define('pw-edit-catalogue', EditCatalogue);

/**
 * One programme's eligibility, priority and prerequisites, behind its summary. An element of its
 * own, so that opening or closing it draws it alone: drawn by the catalogue, each opening drew
 * the whole catalogue again, with every programme opened before it (region-today, measured with
 * scripts/measure-sections.ts: 0.4-1.6 s an opening under load, growing as more were open).
 */
export class EditCatalogueEntry extends LightElement {
  static override properties = {
    ctx: { attribute: false },
    index: { type: Number },
    schemeAttributes: { attribute: false },
  };
  declare ctx: FieldContext;
  declare index: number;
  declare schemeAttributes: Attribute[];

  constructor() {
    super();
    this.schemeAttributes = [];
  }

  protected override render() {
    const c = this.ctx;
    const listPath: Path = ['programmes'];
    const i = this.index;
    const row = getAt(c.doc, [...listPath, i]);
    if (typeof row !== 'object' || row === null) return nothing;
    const p: Path = [...listPath, i];
    const id = String((row as { id?: unknown }).id ?? `programme ${i + 1}`);
    const name = String((row as { name?: unknown }).name ?? id);
    const nested = ['eligibility', 'priority', 'prerequisites', 'source'].reduce(
      (n, k) => n + errorsAt(c, [...p, k], true).length,
      0,
    );
    return html`<details
      class="sub"
      ?open=${isOpen(pathString(p), nested > 0)}
      @toggle=${rememberToggle(pathString(p))}
      data-programme=${id}
    >
      <summary>
        ${name}
        <span class="muted"
          >—
          ${describeCriterion((row as { eligibility?: Criterion }).eligibility, this.schemeAttributes, (pid) =>
            programmeName(c.doc, pid),
          )}</span
        >
        ${nested ? html`<span class="badge badge-error">${nested} error${nested === 1 ? '' : 's'}</span>` : nothing}
      </summary>
      ${whenOpen(
        pathString(p),
        nested > 0,
        () =>
          html`${criteriaField(c, [...p, 'eligibility'], `Eligibility of ${name}`, this.schemeAttributes, 'Who may join the waiting list.')}
          ${priorityField(c, [...p, 'priority'], `Waiting-list priority of ${name}`, this.schemeAttributes)}
          ${prerequisitesField(c, p, name, id)} ${sourceField(c, p)}`,
      )}
    </details>`;
  }
}
customElements.define('pw-edit-catalogue-entry', EditCatalogueEntry);

/**
 * A programme's prerequisites as ticks of the catalogue's programme names (the file holds their
 * ids, in the catalogue's order); an id the catalogue does not have is shown, marked, so it can be
 * unticked.
 */
function prerequisitesField(c: FieldContext, p: Path, name: string, self: string) {
  const path: Path = [...p, 'prerequisites'];
  const value = getAt(c.doc, path);
  const chosen = Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  const catalogue = catalogueProgrammes(c.doc).filter((x) => x.id !== self);
  const unknown = chosen.filter((x) => !catalogue.some((k) => k.id === x));
  const options = [...catalogue, ...unknown.map((x) => ({ id: x, name: `${x} (not in the catalogue)` }))];
  const errors = errorsAt(c, path, true);
  const base = fieldId(path);
  return html`<fieldset class="criteria-editor ${errors.length ? 'has-error' : ''}" data-path=${pathString(path)}>
    <legend>Prerequisites of ${name}</legend>
    <p class="hint">Programmes a man must have completed before he may start this one.</p>
    ${
      errors.length
        ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${errors.join('; ')}</p>`
        : nothing
    }
    <div class="crit-cats">
      ${options.map(
        (k, j) =>
          html`<span class="crit-cat">
            <input
              type="checkbox"
              id="${base}-${j}"
              .checked=${chosen.includes(k.id)}
              @change=${(e: Event) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                const order = options.map((x) => x.id);
                const next = on ? [...chosen, k.id] : chosen.filter((x) => x !== k.id);
                next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
                emitEdit(e.currentTarget!, { op: 'set', path: [...path], value: next });
              }}
            />
            <label for="${base}-${j}"><span class="visually-hidden">Prerequisites of ${name}: </span>${k.name}</label>
          </span>`,
      )}
    </div>
  </fieldset>`;
}
