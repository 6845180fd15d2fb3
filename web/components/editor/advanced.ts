/** The rest of the file: declared attributes and scenario priors (as JSON), and scheduled changes (in words). */
import { html } from 'lit';
import { LightElement } from '../base.js';
import type { Attribute } from '../../../src/index.js';
import { jsonField, type FieldContext } from '../fields.js';
import { changesEditor } from './changes.js';

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
        <p class="hint">
          Edited as JSON; a change is applied as soon as it parses, and the loader’s errors show under each box.
        </p>
        ${jsonField(c, ['attributes'], 'Declared attributes', 'Replace a band scheme attribute of the same id, or add one: {"id", "label", "ordered", "categories": [{"id", "min", "max"}]}.', 6)}
        ${jsonField(c, ['priors'], 'Scenario priors', 'Fill distributions for attributes no table gives.', 8)}
      </section>
      ${changesEditor(c, this.schemeAttributes)}`;
  }
}
customElements.define('pw-edit-advanced', EditAdvanced);
