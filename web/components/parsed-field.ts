/**
 * A field whose text is parsed into a value (JSON by default). The text being typed stays as typed;
 * the value is committed only when it parses, and a parse error is shown at the field.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { pathString } from '../scenario/doc.js';
import { LightElement, emitEdit } from './base.js';

export type ParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export const jsonFormat = {
  format: (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2)),
  parse: (text: string): ParseResult => {
    if (text.trim() === '') return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (e) {
      return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
    }
  },
};

export class ParsedField extends LightElement {
  static override properties = {
    path: { attribute: false },
    value: { attribute: false },
    label: { type: String },
    hint: { type: String },
    rows: { type: Number },
    multiline: { type: Boolean },
    compact: { type: Boolean },
    errors: { attribute: false },
    badge: { attribute: false },
    format: { attribute: false },
    parse: { attribute: false },
    draft: { state: true },
    parseError: { state: true },
  };

  declare path: (string | number)[];
  declare value: unknown;
  declare label: string;
  declare hint: string;
  declare rows: number;
  declare multiline: boolean;
  declare compact: boolean;
  declare errors: string[];
  declare badge: TemplateResult | typeof nothing;
  declare format: (value: unknown) => string;
  declare parse: (text: string) => ParseResult;
  declare draft: string | null;
  declare parseError: string | null;

  constructor() {
    super();
    this.path = [];
    this.label = '';
    this.hint = '';
    this.rows = 4;
    this.multiline = true;
    this.compact = false;
    this.errors = [];
    this.badge = nothing;
    this.format = jsonFormat.format;
    this.parse = jsonFormat.parse;
    this.draft = null;
    this.parseError = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new value from outside (another edit, an opened file) replaces the draft unless the
    // draft already says the same thing.
    if (changed.has('value') && this.draft !== null) {
      const parsed = this.parse(this.draft);
      if (!parsed.ok || JSON.stringify(parsed.value) !== JSON.stringify(this.value)) {
        if (!this.contains(document.activeElement)) {
          this.draft = null;
          this.parseError = null;
        }
      }
    }
  }

  private onInput(e: Event) {
    const text = (e.currentTarget as HTMLTextAreaElement).value;
    this.draft = text;
    const parsed = this.parse(text);
    if (parsed.ok) {
      this.parseError = null;
      emitEdit(this, { op: 'set', path: [...this.path], value: parsed.value });
    } else {
      this.parseError = parsed.message;
    }
  }

  private onBlur() {
    if (this.parseError === null) this.draft = null;
  }

  protected override render() {
    const id = `f-${pathString(this.path).replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const text = this.draft ?? this.format(this.value);
    const errors = [...(this.parseError ? [this.parseError] : []), ...this.errors];
    const describedBy =
      [errors.length ? `${id}-err` : '', this.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || nothing;
    return html`<div
      class="field field-parsed ${this.compact ? 'field-compact' : ''} ${errors.length ? 'has-error' : ''}"
      data-path=${pathString(this.path)}
    >
      <label for=${id} class=${this.compact ? 'visually-hidden' : ''}>${this.label}</label> ${this.badge}
      ${
        this.multiline
          ? html`<textarea
              id=${id}
              name=${pathString(this.path)}
              class="code"
              rows=${this.rows}
              spellcheck="false"
              .value=${text}
              aria-invalid=${errors.length ? 'true' : 'false'}
              aria-describedby=${describedBy}
              @input=${this.onInput}
              @blur=${this.onBlur}
            ></textarea>`
          : html`<input
              id=${id}
              name=${pathString(this.path)}
              type="text"
              spellcheck="false"
              .value=${text}
              aria-invalid=${errors.length ? 'true' : 'false'}
              aria-describedby=${describedBy}
              @input=${this.onInput}
              @blur=${this.onBlur}
            />`
      }
      ${this.hint ? html`<div class="hint" id="${id}-hint">${this.hint}</div>` : nothing}
      ${errors.length ? html`<div class="field-error" id="${id}-err" role="alert">${errors.join('; ')}</div>` : nothing}
    </div>`;
  }
}

customElements.define('pw-parsed-field', ParsedField);

declare global {
  interface HTMLElementTagNameMap {
    'pw-parsed-field': ParsedField;
  }
}
