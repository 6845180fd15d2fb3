/**
 * A waiting list's priority in words: an ordered list of "who goes first" keys (OGRS band highest
 * first, nearest release first, longest waiting first, men who meet conditions first), moved up or
 * down, added and removed. The conditions of a "meet conditions" key are edited in words too. The
 * list as data stays behind "Show as data".
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Attribute } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { schemaDefaultAt } from '../../scenario/schemaDefaults.js';
import { emitEdit, type EditOp } from '../base.js';
import { criteriaField } from '../criteria-editor.js';
import { errorsAt, fieldId, jsonField, type FieldContext } from '../fields.js';

type KeyKind = 'ogrs-desc' | 'ogrs-asc' | 'releaseDate' | 'waitingTime' | 'criteria';

const KEY_WORDS: Record<KeyKind, string> = {
  'ogrs-desc': 'Highest OGRS band first',
  'ogrs-asc': 'Lowest OGRS band first',
  releaseDate: 'Nearest release date first',
  waitingTime: 'Longest waiting first',
  criteria: 'Men who meet conditions first',
};

/** The kind of a priority key, or null for a shape the form does not know. */
export function keyKind(key: unknown): KeyKind | null {
  const k = key as { by?: unknown; order?: unknown } | null;
  if (!k || typeof k !== 'object') return null;
  if (k.by === 'ogrs')
    return k.order === 'asc' ? 'ogrs-asc' : k.order === undefined || k.order === 'desc' ? 'ogrs-desc' : null;
  if (k.by === 'releaseDate' || k.by === 'waitingTime' || k.by === 'criteria') return k.by;
  return null;
}

function keyOf(kind: KeyKind): unknown {
  switch (kind) {
    case 'ogrs-desc':
      return { by: 'ogrs', order: 'desc' };
    case 'ogrs-asc':
      return { by: 'ogrs', order: 'asc' };
    case 'criteria':
      return { by: 'criteria', when: { always: true } };
    default:
      return { by: kind };
  }
}

export function priorityField(
  ctx: FieldContext,
  path: Path,
  label: string,
  attributes: readonly Attribute[],
): TemplateResult {
  const id = `${fieldId(path)}-form`;
  const value = getAt(ctx.doc, path);
  const errors = errorsAt(ctx, path, true);
  const keys = Array.isArray(value) ? value : null;
  const fallback = schemaDefaultAt(path)?.value;
  const shown = keys ?? (Array.isArray(fallback) ? fallback : []);
  const known = shown.every((k) => keyKind(k) !== null);
  const edit = (target: EventTarget) => ({
    set: (k: number, key: unknown) =>
      emitEdit(
        target,
        keys
          ? { op: 'set', path: [...path, k], value: key }
          : { op: 'set', path: [...path], value: shown.map((x, i) => (i === k ? key : x)) },
      ),
  });
  const row = (key: unknown, k: number) => {
    const kind = keyKind(key)!;
    const name = `${label}, key ${k + 1}`;
    const button = (words: string, op: EditOp, disabled = false) =>
      html`<button
        type="button"
        class="small secondary"
        ?disabled=${disabled}
        @click=${(e: Event) => emitEdit(e.currentTarget!, op)}
      >
        ${words}<span class="visually-hidden"> (${name})</span>
      </button>`;
    return html`<li class="crit-row" data-key=${k}>
      <div class="crit-head">
        <label class="visually-hidden" for="${id}-k${k}">${name}</label>
        <select
          id="${id}-k${k}"
          @change=${(e: Event) => edit(e.currentTarget!).set(k, keyOf((e.currentTarget as HTMLSelectElement).value as KeyKind))}
        >
          ${(Object.keys(KEY_WORDS) as KeyKind[]).map((x) => html`<option value=${x} ?selected=${x === kind}>${KEY_WORDS[x]}</option>`)}
        </select>
        ${
          keys
            ? html`<span class="crit-add">
                ${button('Up', { op: 'move', path: [...path], index: k, delta: -1 }, k === 0)}
                ${button('Down', { op: 'move', path: [...path], index: k, delta: 1 }, k === shown.length - 1)}
                ${button('Remove', { op: 'remove', path: [...path], index: k })}
              </span>`
            : nothing
        }
      </div>
      ${kind === 'criteria' && keys ? criteriaField(ctx, [...path, k, 'when'], `${name}: who goes first`, attributes) : nothing}
    </li>`;
  };
  return html`<fieldset
    class="criteria-editor priority-editor ${errors.length ? 'has-error' : ''}"
    data-path=${pathString(path)}
  >
    <legend>${label}</legend>
    <p class="hint">Earlier keys decide first; men equal on every key are taken by the week they joined the list.</p>
    ${
      errors.length && known
        ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${errors.join('; ')}</p>`
        : nothing
    }
    ${keys ? nothing : html`<p class="crit-everyone">Not set in the file: the built-in order below applies.</p>`}
    ${
      known
        ? html`<ol class="crit-rows">
            ${shown.map(row)}
          </ol>`
        : html`<p class="hint">The form cannot show this order: edit it as data.</p>`
    }
    ${
      known && shown.length < 10
        ? html`<div class="crit-add">
            <button
              type="button"
              class="small"
              @click=${(e: Event) =>
                emitEdit(e.currentTarget!, { op: 'set', path: [...path], value: [...shown, { by: 'waitingTime' }] })}
            >
              Add a key<span class="visually-hidden"> to ${label}</span>
            </button>
          </div>`
        : nothing
    }
    <details class="crit-data" ?open=${!known}>
      <summary>Show as data<span class="visually-hidden"> (${label})</span></summary>
      ${jsonField(ctx, path, `${label} as data`, 'Earlier keys decide first: {"by": "ogrs", "order": "desc"}, {"by": "releaseDate"}, {"by": "waitingTime"}, {"by": "criteria", "when": ...}.', 3)}
    </details>
  </fieldset>`;
}
