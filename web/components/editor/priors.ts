/**
 * Fill distributions (priors) in words (issue 9): each is "fill [attribute] for [whom], in these
 * shares", the attribute picked by its label, the people by the rule form, and one share per
 * category, labelled by the category. A share the attribute has no category for is shown, marked,
 * so it can be cleared. The list as data stays behind "Show as data".
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Attribute } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { attributeShortLabel } from '../../scenario/criteria.js';
import { emitEdit } from '../base.js';
import { criteriaField } from '../criteria-editor.js';
import {
  addButton,
  defaultBadge,
  errorsAt,
  field,
  fieldId,
  jsonField,
  removeButton,
  sourceField,
  type FieldContext,
} from '../fields.js';

/** A prior with another attribute: its shares were of the old attribute's categories, so they start empty. */
export function priorWithAttribute(prior: unknown, attribute: string): Record<string, unknown> {
  const before = prior && typeof prior === 'object' && !Array.isArray(prior) ? (prior as Record<string, unknown>) : {};
  return { ...before, attribute, shares: {} };
}

export function priorsEditor(
  ctx: FieldContext,
  listPath: Path,
  attributes: readonly Attribute[],
  /** Whose distributions, for accessible names ("HMP Stafford"); blank for the scenario's own. */
  what: string,
  hint: string,
): TemplateResult {
  const list = getAt(ctx.doc, listPath);
  const rows = Array.isArray(list) ? list : [];
  const listErrors = errorsAt(ctx, listPath);
  const prior = (row: unknown, k: number) => {
    const p: Path = [...listPath, k];
    const r = (row ?? {}) as { attribute?: unknown; shares?: unknown };
    const attrId = typeof r.attribute === 'string' ? r.attribute : '';
    const attribute = attributes.find((a) => a.id === attrId);
    const name = what ? `${what}, fill distribution ${k + 1}` : `Fill distribution ${k + 1}`;
    const heading = `Fill distribution ${k + 1}${attribute ? `: ${attributeShortLabel(attributes, attrId)}` : ''}`;
    const selectId = fieldId([...p, 'attribute']);
    const attrErrors = errorsAt(ctx, [...p, 'attribute']);
    const shares =
      r.shares && typeof r.shares === 'object' && !Array.isArray(r.shares) ? (r.shares as Record<string, unknown>) : {};
    const categories = attribute?.categories ?? [];
    const strays = Object.keys(shares).filter((key) => !categories.some((c) => c.id === key));
    const shareErrors = errorsAt(ctx, [...p, 'shares']);
    return html`<li class="crit-row prior-row" data-prior=${k}>
      <div class="crit-head">
        <strong>${heading}</strong>
        <span class="crit-remove">${removeButton(listPath, k, `fill distribution ${k + 1}`)}</span>
      </div>
      <div class="grid-fields">
        <div
          class="field field-wide ${attrErrors.length ? 'has-error' : ''}"
          data-path=${pathString([...p, 'attribute'])}
        >
          <label for=${selectId}><span class="visually-hidden">${name}: </span>Attribute it fills</label>
          ${attrErrors.length ? html`<p class="field-error" id="${selectId}-err" role="alert"><span class="visually-hidden">Error:</span> ${attrErrors.join('; ')}</p>` : nothing}
          <select
            id=${selectId}
            aria-invalid=${attrErrors.length ? 'true' : 'false'}
            aria-describedby=${attrErrors.length ? `${selectId}-err` : nothing}
            @change=${(e: Event) =>
              emitEdit(e.currentTarget!, {
                op: 'set',
                path: [...p],
                value: priorWithAttribute(row, (e.currentTarget as HTMLSelectElement).value),
              })}
          >
            ${attribute ? nothing : html`<option value="" selected>${attrId ? `${attrId} (not an attribute of this scenario)` : '—'}</option>`}
            ${attributes.map((a) => html`<option value=${a.id} ?selected=${a.id === attrId}>${a.label ?? a.id}</option>`)}
          </select>
        </div>
      </div>
      ${criteriaField(ctx, [...p, 'given'], `${name}: for whom`, attributes, 'The first distribution whose people match is used; with no conditions, everyone.')}
      <fieldset class="prior-shares ${shareErrors.length ? 'has-error' : ''}" data-path=${pathString([...p, 'shares'])}>
        <legend>Shares<span class="visually-hidden"> (${name})</span> ${defaultBadge(ctx, [...p, 'shares'])}</legend>
        <p class="hint">
          In any scale (people, or per cent): each is divided by their total. A category left blank gets none.
        </p>
        ${shareErrors.length ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${shareErrors.join('; ')}</p>` : nothing}
        <div class="grid-fields">
          ${categories.map((c) => field(ctx, [...p, 'shares', c.id], { label: c.label ?? c.id, kind: 'number', optional: true }))}
          ${strays.map((key) => field(ctx, [...p, 'shares', key], { label: `“${key}” (not a category of this attribute)`, kind: 'number', optional: true, hint: 'Clear it to remove it.' }))}
        </div>
      </fieldset>
      ${sourceField(ctx, p)}
    </li>`;
  };
  const first = attributes[0];
  return html`${listErrors.length ? html`<div class="field-error" role="alert">${listErrors.join('; ')}</div>` : nothing}
    <p class="hint">${hint}</p>
    ${
      rows.length
        ? html`<ol class="crit-rows">
            ${rows.map(prior)}
          </ol>`
        : html`<p class="muted">No fill distributions.</p>`
    }
    ${first ? addButton(listPath, { attribute: first.id, shares: {} }, 'Add a fill distribution') : nothing}
    <details class="crit-data">
      <summary>
        Show as data<span class="visually-hidden"> (${what ? `${what}, ` : ''}fill distributions)</span>
      </summary>
      ${jsonField(ctx, listPath, what ? `${what}: fill distributions as data` : 'Fill distributions as data', 'e.g. {"attribute": "ovp", "given": {"attribute": "offence", "in": ["violent"]}, "shares": {"low": 50, "medium": 30, "high": 20}}.', 6)}
    </details>`;
}
