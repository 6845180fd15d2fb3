/**
 * The rest of the file, in words (issue 9): declared attributes (a label, the code tables and
 * rules use, whether its categories are in order, and each category's code, label and range), the
 * scenario's fill distributions (priors.ts), and scheduled changes (changes.ts). Each list as data
 * stays behind "Show as data", for what the form cannot show.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { LightElement } from '../base.js';
import type { Attribute } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { addButton, errorsAt, field, jsonField, removeButton, sourceField, type FieldContext } from '../fields.js';
import { changesEditor } from './changes.js';
import { priorsEditor } from './priors.js';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A new attribute: two categories to rename, unordered, with a code not yet used. */
export function newAttribute(taken: readonly string[]): Record<string, unknown> {
  let n = 1;
  while (taken.includes(`attribute-${n}`)) n++;
  return {
    id: `attribute-${n}`,
    label: `New attribute ${n}`,
    ordered: false,
    categories: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
    ],
  };
}

function attributesEditor(ctx: FieldContext, scheme: readonly Attribute[]): TemplateResult {
  const listPath: Path = ['attributes'];
  const list = getAt(ctx.doc, listPath);
  const rows = Array.isArray(list) ? list : [];
  const listErrors = errorsAt(ctx, listPath);
  const ids = rows.map((r) => (r as { id?: unknown } | null)?.id).filter((x): x is string => typeof x === 'string');
  const attribute = (row: unknown, k: number) => {
    const p: Path = [...listPath, k];
    const r = (row ?? {}) as { id?: unknown; label?: unknown; categories?: unknown };
    const name = text(r.label) ?? text(r.id) ?? `attribute ${k + 1}`;
    const replaces = typeof r.id === 'string' ? scheme.find((a) => a.id === r.id && a.label !== r.label) : undefined;
    const catsPath: Path = [...p, 'categories'];
    const cats = Array.isArray(r.categories) ? r.categories : [];
    const catErrors = errorsAt(ctx, catsPath);
    return html`<li class="crit-row attribute-row" data-attribute=${k}>
      <div class="crit-head">
        <strong>Declared attribute ${k + 1}: ${name}</strong>
        <span class="crit-remove">${removeButton(listPath, k, `declared attribute ${name}`)}</span>
      </div>
      <div class="grid-fields">
        ${field(ctx, [...p, 'label'], { label: 'Name', kind: 'text', optional: true, wide: true })}
        ${field(ctx, [...p, 'id'], { label: 'Code', kind: 'text', hint: 'Used in the file by tables and rules. The band scheme’s attribute with the same code is replaced.' })}
        ${field(ctx, [...p, 'ordered'], { label: 'Its categories are in order (bands), so a rule can say “at least” or “at most”', kind: 'checkbox' })}
      </div>
      ${replaces ? html`<p class="hint">Replaces the band scheme’s “${replaces.label ?? replaces.id}”.</p>` : nothing}
      <fieldset class="attribute-categories ${catErrors.length ? 'has-error' : ''}" data-path=${pathString(catsPath)}>
        <legend>
          Categories of
          ${name}${r.id !== undefined ? html`<span class="visually-hidden"> (declared attribute ${k + 1})</span>` : nothing}
        </legend>
        <p class="hint">
          In order, lowest first, where the categories are bands. A range is a score (risk bands) or weeks (time left),
          if any.
        </p>
        ${catErrors.length ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${catErrors.join('; ')}</p>` : nothing}
        <ol class="crit-rows">
          ${cats.map((c, j) => {
            const cp: Path = [...catsPath, j];
            const catName =
              text((c as { label?: unknown } | null)?.label) ??
              text((c as { id?: unknown } | null)?.id) ??
              `category ${j + 1}`;
            return html`<li class="crit-row category-row" data-category=${j}>
              <div class="crit-head">
                <span>Category ${j + 1}</span>
                <span class="crit-remove">${removeButton(catsPath, j, `category ${catName} of ${name}`)}</span>
              </div>
              <div class="grid-fields">
                ${field(ctx, [...cp, 'label'], { label: 'Name', kind: 'text', optional: true })}
                ${field(ctx, [...cp, 'id'], { label: 'Code', kind: 'text' })}
                ${field(ctx, [...cp, 'min'], { label: 'Lowest value', kind: 'number', optional: true })}
                ${field(ctx, [...cp, 'max'], { label: 'Highest value', kind: 'number', optional: true })}
              </div>
            </li>`;
          })}
        </ol>
        ${addButton(catsPath, { id: `category-${cats.length + 1}`, label: `Category ${cats.length + 1}` }, `Add a category to ${name}`)}
      </fieldset>
      ${sourceField(ctx, p)}
    </li>`;
  };
  return html`${listErrors.length ? html`<div class="field-error" role="alert">${listErrors.join('; ')}</div>` : nothing}
    ${
      rows.length
        ? html`<ol class="crit-rows">
            ${rows.map(attribute)}
          </ol>`
        : html`<p class="muted">None: the band scheme’s attributes are used as they are.</p>`
    }
    ${addButton(listPath, newAttribute(ids), 'Add an attribute')}
    <details class="crit-data">
      <summary>Show as data<span class="visually-hidden"> (declared attributes)</span></summary>
      ${jsonField(ctx, listPath, 'Declared attributes as data', 'e.g. {"id": "ovp", "label": "OVP", "ordered": true, "categories": [{"id": "low", "min": 0, "max": 29}]}.', 6)}
    </details>`;
}

export class EditAdvanced extends LightElement {
  static override properties = { ctx: { attribute: false }, schemeAttributes: { attribute: false } };
  declare ctx: FieldContext;
  declare schemeAttributes: Attribute[];

  constructor() {
    super();
    this.schemeAttributes = [];
  }

  protected override render() {
    const c = this.ctx;
    return html`<section class="card" aria-labelledby="ed-adv-h">
        <h2 id="ed-adv-h">Bands and fill distributions</h2>
        <h3 id="ed-attr-h">Declared attributes</h3>
        <p class="hint">
          Attributes people are described by beyond the band scheme’s, or a scheme attribute with other categories.
        </p>
        ${attributesEditor(c, this.schemeAttributes)}
        <h3 id="ed-priors-h">Fill distributions</h3>
        ${priorsEditor(c, ['priors'], this.schemeAttributes, '', 'How to fill an attribute no population table gives, for every establishment. An establishment’s own fill distributions are tried first.')}
      </section>
      ${changesEditor(c, this.schemeAttributes)}`;
  }
}
customElements.define('pw-edit-advanced', EditAdvanced);
