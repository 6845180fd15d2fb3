/** The rest of the file, edited as JSON: declared attributes, scenario priors, scheduled changes. */
import { html } from 'lit';
import { LightElement } from '../base.js';
import { jsonField, type FieldContext } from '../fields.js';

export class EditAdvanced extends LightElement {
  static override properties = { ctx: { attribute: false } };
  declare ctx: FieldContext;

  protected override render() {
    const c = this.ctx;
    return html`<section class="card" aria-labelledby="ed-adv-h">
      <h2 id="ed-adv-h">Bands, fill distributions and scheduled changes</h2>
      <p class="hint">
        Edited as JSON; a change is applied as soon as it parses, and the loader’s errors show under each box.
      </p>
      ${jsonField(c, ['attributes'], 'Declared attributes', 'Replace a band scheme attribute of the same id, or add one: {"id", "label", "ordered", "categories": [{"id", "min", "max"}]}.', 6)}
      ${jsonField(c, ['priors'], 'Scenario priors', 'Fill distributions for attributes no table gives.', 8)}
      ${jsonField(c, ['changes'], 'Scheduled changes', 'e.g. {"fromWeek": 26, "establishment": "stafford", "set": {"kind": "groupsPerYear", "programme": "tsp", "value": 6}}.', 6)}
    </section>`;
  }
}
customElements.define('pw-edit-advanced', EditAdvanced);
