/**
 * A criterion edited in words (GOV.UK form patterns): rows of "OGRS is one of [Low] [Medium]…",
 * "is at least [High]", "weeks to release at least […]", "has completed [TSP]", joined by "all" or
 * "any", with a condition added or removed by a button. Labels are the attributes' and categories'
 * labels, never their ids. What the form cannot show (nested groups) is edited as data, which is
 * also behind "Show as data" for every rule.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Attribute, Criterion } from '../../src/index.js';
import { getAt, pathString, type Path } from '../scenario/doc.js';
import { describeCriterion } from '../scenario/criteria.js';
import {
  COMPARISON_WORDS,
  GROUP_JOINS,
  JOIN_WORDS,
  addRow,
  groupForm,
  categoriesOf,
  comparisonOf,
  comparisonsFor,
  fromForm,
  makeCondition,
  parseWeeks,
  removeRow,
  setJoin,
  setRow,
  setWeeks,
  subjectOf,
  toForm,
  toggleCategory,
  type Comparison,
  type CriteriaForm,
  type GroupJoin,
  type Subject,
} from '../scenario/criteriaForm.js';
import { LightElement, emitEdit } from './base.js';
import { defaultBadge, errorsAt, fieldId, type FieldContext } from './fields.js';
import './parsed-field.js';

const WEEKS = '@weeks';
const COMPLETED = '@completed';

const keySubject = (k: string): Subject =>
  k === WEEKS ? { weeks: true } : k === COMPLETED ? { completed: true } : { attribute: k };

export class CriteriaEditor extends LightElement {
  static override properties = {
    path: { attribute: false },
    value: { attribute: false },
    label: { type: String },
    hint: { type: String },
    scheme: { attribute: false },
    programmes: { attribute: false },
    errors: { attribute: false },
    badge: { attribute: false },
  };

  declare path: Path;
  declare value: unknown;
  declare label: string;
  declare hint: string;
  declare scheme: Attribute[];
  /** The catalogue's programmes, for "has completed". */
  declare programmes: { id: string; name: string }[];
  declare errors: string[];
  declare badge: TemplateResult | typeof nothing;

  constructor() {
    super();
    this.path = [];
    this.label = '';
    this.hint = '';
    this.scheme = [];
    this.programmes = [];
    this.errors = [];
    this.badge = nothing;
  }

  private commit(form: CriteriaForm) {
    emitEdit(this, { op: 'set', path: [...this.path], value: fromForm(form) });
  }

  private attributeLabel(id: string): string {
    return this.scheme.find((a) => a.id === id)?.label ?? `${id} (not a known attribute)`;
  }

  private row(
    form: CriteriaForm,
    i: number,
    id: string,
    prefix: string,
    commit: (f: CriteriaForm) => void,
  ): TemplateResult {
    const c = form.rows[i]!;
    const rowId = `${id}-c${i}`;
    const set = (next: Criterion) => commit(setRow(form, i, next));
    const remove = (name: string) =>
      html`<button type="button" class="small secondary crit-remove" @click=${() => commit(removeRow(form, i))}>
        Remove<span class="visually-hidden"> ${name}</span>
      </button>`;
    const group = groupForm(c);
    if (group) {
      const name = `${prefix}, group ${i + 1}`;
      return html`<li class="crit-row crit-group-row" data-condition=${i}>
        ${this.group(group, rowId, name, (f) => set(fromForm(f)), remove(name))}
      </li>`;
    }
    const subject = subjectOf(c);
    const comparison = comparisonOf(c);
    const name = `${prefix}, condition ${i + 1}`;
    const programmeIds = this.programmes.map((p) => p.id);
    const known = 'attribute' in subject && this.scheme.some((a) => a.id === subject.attribute);
    const subjectSelect = html`<label class="visually-hidden" for="${rowId}-what">${name}: what it tests</label>
      <select
        id="${rowId}-what"
        class="crit-what"
        @change=${(e: Event) => {
          const s = keySubject((e.currentTarget as HTMLSelectElement).value);
          set(makeCondition(s, comparisonsFor(s, this.scheme)[0]!, this.scheme, programmeIds));
        }}
      >
        ${this.scheme.map(
          (a) =>
            html`<option value=${a.id} ?selected=${'attribute' in subject && subject.attribute === a.id}>
              ${a.label}
            </option>`,
        )}
        ${'attribute' in subject && !known ? html`<option value=${subject.attribute} selected>${this.attributeLabel(subject.attribute)}</option>` : nothing}
        <option value=${WEEKS} ?selected=${'weeks' in subject}>Weeks left to release</option>
        <option value=${COMPLETED} ?selected=${'completed' in subject}>Programme completed</option>
      </select>`;
    const comparisons = comparisonsFor(subject, this.scheme);
    const comparisonSelect =
      comparisons.length > 1
        ? html`<label class="visually-hidden" for="${rowId}-how">${name}: how it compares</label>
            <select
              id="${rowId}-how"
              class="crit-how"
              @change=${(e: Event) =>
                set(
                  makeCondition(
                    subject,
                    (e.currentTarget as HTMLSelectElement).value as Comparison,
                    this.scheme,
                    programmeIds,
                    c,
                  ),
                )}
            >
              ${comparisons.map((k) => html`<option value=${k} ?selected=${k === comparison}>${COMPARISON_WORDS[k]}</option>`)}
            </select>`
        : nothing;
    const value = this.rowValue(c, subject, comparison, rowId, name, set);
    const below = comparison === 'in' || comparison === 'notIn';
    return html`<li class="crit-row" data-condition=${i}>
      <div class="crit-head">${subjectSelect} ${comparisonSelect} ${below ? nothing : value} ${remove(name)}</div>
      ${below ? value : nothing}
    </li>`;
  }

  private rowValue(
    c: Criterion,
    subject: Subject,
    comparison: Comparison,
    rowId: string,
    name: string,
    set: (next: Criterion) => void,
  ): TemplateResult {
    if ('weeksToRelease' in c) {
      const w = c.weeksToRelease as { min?: number | string; max?: number | string };
      const box = (end: 'min' | 'max', words: string) =>
        html`<span class="crit-weeks">
          <label for="${rowId}-${end}">${words}<span class="visually-hidden"> (${name})</span></label>
          <input
            id="${rowId}-${end}"
            type="text"
            inputmode="numeric"
            class="input-number"
            autocomplete="off"
            spellcheck="false"
            .value=${w[end] === undefined ? '' : String(w[end])}
            placeholder="no limit"
            @input=${(e: Event) => set(setWeeks(c, end, parseWeeks((e.currentTarget as HTMLInputElement).value)))}
          />
          weeks</span
        >`;
      return html`<div class="crit-value">${box('min', 'At least')} ${box('max', 'At most')}</div>`;
    }
    if ('completed' in subject) {
      const inner = 'not' in c ? c.not : c;
      const chosen = 'completed' in inner ? inner.completed : '';
      const known = this.programmes.some((p) => p.id === chosen);
      return html`<div class="crit-value">
        <label class="visually-hidden" for="${rowId}-prog">${name}: programme</label>
        <select
          id="${rowId}-prog"
          @change=${(e: Event) => {
            const programme = (e.currentTarget as HTMLSelectElement).value;
            set(comparison === 'notCompleted' ? { not: { completed: programme } } : { completed: programme });
          }}
        >
          ${this.programmes.map((p) => html`<option value=${p.id} ?selected=${p.id === chosen}>${p.name}</option>`)}
          ${known ? nothing : html`<option value=${chosen} selected>${chosen} (not in the catalogue)</option>`}
        </select>
      </div>`;
    }
    const attribute = (subject as { attribute: string }).attribute;
    const categories = this.scheme.find((a) => a.id === attribute)?.categories ?? [];
    const chosen = categoriesOf(c);
    const unknown = chosen.filter((x) => !categories.some((k) => k.id === x));
    if (comparison === 'atLeast' || comparison === 'atMost') {
      return html`<div class="crit-value">
        <label class="visually-hidden" for="${rowId}-band">${name}: band</label>
        <select
          id="${rowId}-band"
          @change=${(e: Event) => {
            const band = (e.currentTarget as HTMLSelectElement).value;
            set(comparison === 'atLeast' ? { attribute, atLeast: band } : { attribute, atMost: band });
          }}
        >
          ${categories.map((k) => html`<option value=${k.id} ?selected=${chosen[0] === k.id}>${k.label ?? k.id}</option>`)}
          ${unknown.map((x) => html`<option value=${x} selected>${x} (not a known band)</option>`)}
        </select>
      </div>`;
    }
    return html`<fieldset class="crit-value crit-cats">
      <legend class="visually-hidden">${name}: ${COMPARISON_WORDS[comparison]}</legend>
      ${[
        ...categories.map((k) => ({ id: k.id, label: k.label ?? k.id })),
        ...unknown.map((x) => ({ id: x, label: `${x} (not a known category)` })),
      ].map(
        (k, j) =>
          html`<span class="crit-cat">
            <input
              type="checkbox"
              id="${rowId}-k${j}"
              .checked=${chosen.includes(k.id)}
              @change=${(e: Event) =>
                set(toggleCategory(c, k.id, (e.currentTarget as HTMLInputElement).checked, this.scheme))}
            />
            <label for="${rowId}-k${j}"><span class="visually-hidden">${name}: </span>${k.label}</label>
          </span>`,
      )}
    </fieldset>`;
  }

  /** A list of rows joined by all / any / none / not all, with buttons to add a condition or a group. */
  private group(
    form: CriteriaForm,
    id: string,
    name: string,
    commit: (f: CriteriaForm) => void,
    extra: TemplateResult | typeof nothing = nothing,
  ): TemplateResult {
    const programmeIds = this.programmes.map((p) => p.id);
    const first = this.scheme[0];
    const condition = () =>
      makeCondition(first ? { attribute: first.id } : { weeks: true }, 'in', this.scheme, programmeIds);
    const joinSelect =
      form.join === 'one' || form.join === 'everyone'
        ? nothing
        : html`<div class="crit-join">
            <label for="${id}-join">Meets<span class="visually-hidden"> (${name})</span></label>
            <select
              id="${id}-join"
              @change=${(e: Event) => commit(setJoin(form, (e.currentTarget as HTMLSelectElement).value as GroupJoin))}
            >
              ${GROUP_JOINS.map((j) => html`<option value=${j} ?selected=${form.join === j}>${JOIN_WORDS[j]}</option>`)}
            </select>
            <span>these conditions</span> ${extra}
          </div>`;
    return html`${joinSelect}
      ${
        form.rows.length === 0
          ? html`<p class="crit-everyone">Everyone: no conditions.</p>`
          : html`<ol class="crit-rows">
              ${form.rows.map((_, i) => this.row(form, i, id, name, commit))}
            </ol>`
      }
      <div class="crit-add">
        <button type="button" class="small" @click=${() => commit(addRow(form, condition()))}>
          Add a condition<span class="visually-hidden"> to ${name}</span>
        </button>
        <button type="button" class="small secondary" @click=${() => commit(addRow(form, { any: [condition()] }))}>
          Add a group<span class="visually-hidden"> to ${name}</span>
        </button>
      </div>`;
  }

  protected override render() {
    const id = `${fieldId(this.path)}-form`;
    const form = toForm(this.value);
    const errors = this.errors;
    const words = describeCriterion(
      this.value as Criterion | undefined,
      this.scheme,
      (pid) => this.programmes.find((p) => p.id === pid)?.name ?? pid,
    );
    const data = html`<details class="crit-data" ?open=${form === null}>
      <summary>Show as data<span class="visually-hidden"> (${this.label})</span></summary>
      <pw-parsed-field
        .path=${[...this.path]}
        .value=${this.value}
        .label=${`${this.label} as data`}
        .hint=${'Structured criteria: {"all": [...]}, {"any": [...]}, {"not": ...}, {"attribute", "in" | "atLeast" | "atMost"}, {"weeksToRelease": {"min", "max"}}, {"completed": id}, {"always": true}.'}
        .rows=${5}
      ></pw-parsed-field>
    </details>`;
    const errorBlock = errors.length
      ? html`<p class="field-error" id="${id}-err" role="alert">
          <span class="visually-hidden">Error:</span> ${errors.join('; ')}
        </p>`
      : nothing;
    if (form === null) {
      return html`<fieldset
        class="criteria-editor ${errors.length ? 'has-error' : ''}"
        data-path=${pathString(this.path)}
      >
        <legend>${this.label} ${this.badge}</legend>
        <p class="hint">${words}. The form cannot show this rule: edit it as data.</p>
        ${errorBlock} ${data}
      </fieldset>`;
    }
    return html`<fieldset
      class="criteria-editor ${errors.length ? 'has-error' : ''}"
      data-path=${pathString(this.path)}
      aria-describedby=${this.hint || errors.length ? [this.hint ? `${id}-hint` : '', errors.length ? `${id}-err` : ''].filter(Boolean).join(' ') : nothing}
    >
      <legend>${this.label} ${this.badge}</legend>
      ${this.hint ? html`<p class="hint" id="${id}-hint">${this.hint}</p>` : nothing} ${errorBlock}
      ${this.group(form, id, this.label, (f) => this.commit(f))} ${data}
    </fieldset>`;
  }
}
customElements.define('pw-criteria-editor', CriteriaEditor);

/** The programmes of the catalogue, by id and name, for "has completed". */
export function catalogueProgrammes(doc: unknown): { id: string; name: string }[] {
  const list = getAt(doc, ['programmes']);
  if (!Array.isArray(list)) return [];
  return list.flatMap((p) => {
    const id = (p as { id?: unknown } | null)?.id;
    const name = (p as { name?: unknown } | null)?.name;
    return typeof id === 'string' ? [{ id, name: typeof name === 'string' ? name : id }] : [];
  });
}

/** A criterion at `path`, edited in words (see CriteriaEditor). */
export function criteriaField(
  ctx: FieldContext,
  path: Path,
  label: string,
  attributes: readonly Attribute[],
  hint = '',
): TemplateResult {
  return html`<pw-criteria-editor
    .path=${[...path]}
    .value=${getAt(ctx.doc, path)}
    .label=${label}
    .hint=${hint}
    .scheme=${attributes}
    .programmes=${catalogueProgrammes(ctx.doc)}
    .errors=${errorsAt(ctx, path, true)}
    .badge=${defaultBadge(ctx, path)}
  ></pw-criteria-editor>`;
}
