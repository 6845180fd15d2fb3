/**
 * Labelled form fields bound to a path in the scenario document. Each shows the value from the
 * file, the schema default (marked) when the file leaves it out, a "default" badge when the file
 * lists the field in the object's `defaults`, and the loader's errors for that exact path.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { getAt, isDeclaredDefault, pathString, type Path } from '../scenario/doc.js';
import { schemaDefaultAt } from '../scenario/schemaDefaults.js';
import { fieldContext } from '../scenario/field-context.js';
import { emitEdit } from './base.js';
import './parsed-field.js';

export interface FieldContext {
  doc: unknown;
  /** Loader errors by path string. */
  errors: Map<string, string[]>;
}

export type FieldKind =
  | 'seed'
  | 'number'
  | 'integer'
  | 'nullable-number'
  /** A share stored as 0-1 in the file, shown and typed as a percentage. */
  | 'percent'
  | 'text'
  | 'textarea'
  | 'date'
  | 'select'
  | 'checkbox'
  | 'list';

export interface FieldOptions {
  label: string;
  kind: FieldKind;
  options?: readonly { value: string; label: string }[];
  /** The key may be left out of the file (blank removes it). */
  optional?: boolean;
  hint?: string;
  unit?: string;
  /** In a table cell: the label is visually hidden (still read out). */
  compact?: boolean;
  placeholder?: string;
  /** In a grid of fields: two columns wide where there is room (a long text such as a prison's type). */
  wide?: boolean;
  /** Rows of a textarea. */
  rows?: number;
  /** Appended to the id when the same path has a second field elsewhere on the page (ids stay unique). */
  idSuffix?: string;
}

export function fieldId(path: Path): string {
  return `f-${pathString(path).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Errors at `path` exactly, or (with `nested`) anywhere below it. */
export function errorsAt(ctx: FieldContext, path: Path, nested = false): string[] {
  const p = pathString(path);
  if (!nested) return ctx.errors.get(p) ?? [];
  const out: string[] = [];
  for (const [key, messages] of ctx.errors) {
    if (key === p) out.push(...messages);
    // The messages name their field in words (fieldWords.ts), so no path is added.
    else if (key.startsWith(`${p}.`) || key.startsWith(`${p}[`)) out.push(...messages);
  }
  return out;
}

/** Defaults that assume nothing (off, empty, none) are not worth a badge. */
function trivial(value: unknown): boolean {
  return value === false || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The "default" marker: declared in the file's `defaults`, or filled in by the schema. */
export function defaultBadge(ctx: FieldContext, path: Path): TemplateResult | typeof nothing {
  const key = path.at(-1);
  const objectPath = path.slice(0, -1);
  if (typeof key === 'string' && isDeclaredDefault(ctx.doc, objectPath, key)) {
    const source = getAt(ctx.doc, [...objectPath, 'source']);
    return html`<span
      class="badge badge-default"
      title=${typeof source === 'string' ? `Default, not from a source. ${source}` : 'Default, not from a source'}
      >default</span
    >`;
  }
  if (getAt(ctx.doc, path) === undefined) {
    const d = schemaDefaultAt(path);
    if (d && !trivial(d.value))
      return html`<span class="badge badge-default" title="Not in the file: the built-in default applies"
        >default</span
      >`;
  }
  return nothing;
}

function parseValue(
  kind: FieldKind,
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  optional: boolean,
): unknown {
  const raw = input.value;
  switch (kind) {
    case 'number':
    case 'integer': {
      if (raw.trim() === '') return optional ? undefined : null;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case 'percent': {
      if (raw.trim() === '') return optional ? undefined : null;
      return percentToShare(raw);
    }
    case 'nullable-number': {
      if (raw.trim() === '') return null;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case 'checkbox':
      return (input as HTMLInputElement).checked;
    case 'seed':
      // A whole number stays a number (1, not "1"): the two seed the streams differently.
      if (raw.trim() === '') return optional ? undefined : null;
      return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    default:
      return raw === '' && optional ? undefined : raw;
  }
}

/**
 * "57.5" (per cent) -> 0.575, shifting the decimal point in the text so the stored number is the
 * nearest to what was typed (57.5 / 100 can be off in the last digit). Text that is not a number
 * is kept as typed, so the loader names the field.
 */
export function percentToShare(text: string): unknown {
  const t = text.trim().replace(/%$/, '').trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return text;
  const n = Number(`${t}e-2`);
  return Number.isFinite(n) ? n : text;
}

/** 0.575 -> "57.5": the shortest text of the share, its decimal point moved two places. */
export function shareToPercent(value: number): string {
  return String(Number(`${value}e2`));
}

function display(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'percent' && typeof value === 'number') return shareToPercent(value);
  if (kind === 'list' && Array.isArray(value)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function field(ctx: FieldContext, path: Path, o: FieldOptions): TemplateResult {
  const id = o.idSuffix ? `${fieldId(path)}-${o.idSuffix}` : fieldId(path);
  const value = getAt(ctx.doc, path);
  const errors = errorsAt(ctx, path, o.kind === 'list');
  const fallback = value === undefined ? schemaDefaultAt(path) : undefined;
  const placeholder = o.placeholder ?? (fallback ? display(o.kind, fallback.value) : '');
  const describedBy =
    [errors.length ? `${id}-err` : '', o.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || nothing;
  const onInput = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    emitEdit(input, { op: 'set', path: [...path], value: parseValue(o.kind, input, o.optional ?? false) });
  };
  let control: TemplateResult;
  switch (o.kind) {
    case 'select':
      control = html`<select
        id=${id}
        name=${pathString(path)}
        aria-invalid=${errors.length ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @change=${onInput}
      >
        ${o.optional || value === undefined ? html`<option value="" ?selected=${value === undefined}>${fallback ? `(default: ${display('text', fallback.value)})` : (o.placeholder ?? '—')}</option>` : nothing}
        ${(o.options ?? []).map((opt) => html`<option value=${opt.value} ?selected=${opt.value === value}>${opt.label}</option>`)}
        ${value !== undefined && !(o.options ?? []).some((opt) => opt.value === value) ? html`<option value=${String(value)} selected>${String(value)} (unknown)</option>` : nothing}
      </select>`;
      break;
    case 'checkbox':
      control = html`<input
        id=${id}
        name=${pathString(path)}
        type="checkbox"
        .checked=${value === undefined ? Boolean(fallback?.value) : Boolean(value)}
        aria-describedby=${describedBy}
        @change=${onInput}
      />`;
      break;
    case 'textarea':
      control = html`<textarea
        id=${id}
        name=${pathString(path)}
        rows=${o.rows ?? 3}
        .value=${display(o.kind, value)}
        placeholder=${placeholder}
        aria-invalid=${errors.length ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @input=${onInput}
      ></textarea>`;
      break;
    default: {
      // Numbers are text inputs with an input mode, as GOV.UK's are: the mouse wheel and arrow keys
      // never change a value the user did not type.
      const numeric =
        o.kind === 'number' || o.kind === 'integer' || o.kind === 'nullable-number' || o.kind === 'percent';
      control = html`<input
        id=${id}
        name=${pathString(path)}
        type=${o.kind === 'date' ? 'date' : 'text'}
        inputmode=${numeric ? (o.kind === 'integer' ? 'numeric' : 'decimal') : nothing}
        spellcheck=${numeric ? 'false' : nothing}
        autocomplete=${numeric ? 'off' : nothing}
        class=${numeric ? 'input-number' : nothing}
        .value=${display(o.kind, value)}
        placeholder=${placeholder}
        aria-invalid=${errors.length ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @input=${onInput}
      />`;
    }
  }
  const unit = o.unit ?? (o.kind === 'percent' ? '%' : undefined);
  // The hidden context makes each field's accessible name its own ("HMP Stafford: Name").
  const label = html`<label for=${id} class=${o.compact ? 'visually-hidden' : ''}
    ><span class="visually-hidden">${fieldContext(ctx.doc, path)}: </span
    >${o.label}${unit ? html` <span class="unit">(${unit})</span>` : nothing}</label
  >`;
  const hint = o.hint ? html`<div class="hint" id="${id}-hint">${o.hint}</div>` : nothing;
  // GOV.UK places the error message between the label (and hint) and the input.
  const error = errors.length
    ? html`<p class="field-error" id="${id}-err" role="alert">
        <span class="visually-hidden">Error:</span> ${errors.join('; ')}
      </p>`
    : nothing;
  return html`<div
    class="field ${o.kind === 'checkbox' ? 'field-check' : ''} ${o.compact ? 'field-compact' : ''} ${o.wide ? 'field-wide' : ''} ${errors.length ? 'has-error' : ''}"
    data-path=${pathString(path)}
  >
    ${
      o.kind === 'checkbox'
        ? html`${control}${label} ${defaultBadge(ctx, path)} ${hint} ${error}`
        : html`${label} ${hint} ${error} ${control} ${defaultBadge(ctx, path)}`
    }
  </div>`;
}

/** A JSON-valued field (criteria, priors, changes): edited as text, committed when it parses. */
export function jsonField(ctx: FieldContext, path: Path, label: string, hint?: string, rows = 4): TemplateResult {
  return html`<pw-parsed-field
    .path=${[...path]}
    .value=${getAt(ctx.doc, path)}
    .label=${label}
    .hint=${hint ?? ''}
    .rows=${rows}
    .errors=${errorsAt(ctx, path, true)}
    .badge=${defaultBadge(ctx, path)}
  ></pw-parsed-field>`;
}

/** A source note with its own field, shown under a section's heading. */
export function sourceField(ctx: FieldContext, objectPath: Path): TemplateResult {
  return field(ctx, [...objectPath, 'source'], {
    label: 'Source',
    kind: 'textarea',
    rows: 2,
    optional: true,
    placeholder: 'No source given',
  });
}

/** A button that removes item `index` of the list at `listPath` ("Remove cell 3"). */
export function removeButton(listPath: Path, index: number, what: string): TemplateResult {
  return html`<button
    type="button"
    class="icon-button"
    title="Remove ${what}"
    aria-label="Remove ${what}"
    @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'remove', path: [...listPath], index })}
  >
    ✕
  </button>`;
}

/** A button that appends `value` to the list at `listPath`. */
export function addButton(listPath: Path, value: unknown, label: string): TemplateResult {
  return html`<button
    type="button"
    class="small"
    @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'insert', path: [...listPath], value })}
  >
    ${label}
  </button>`;
}
