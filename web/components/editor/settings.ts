/** The scenario's own settings: name, dates, horizon, seed, replications and when to stop, materiality, bands. */
import { html } from 'lit';
import { LightElement } from '../base.js';
import { field, sourceField, type FieldContext } from '../fields.js';
import { scenarioReturnFields } from './hub-return.js';
import { BAND_SCHEME_CHOICES, HORIZON_UNITS, PRECISION_SCOPES, notSetLabel } from '../../scenario/choices.js';

export class EditSettings extends LightElement {
  static override properties = { ctx: { attribute: false } };
  declare ctx: FieldContext;

  protected override render() {
    const c = this.ctx;
    return html`<section class="card" aria-labelledby="ed-settings-h">
      <h2 id="ed-settings-h">Scenario</h2>
      <div class="grid-fields">
        ${field(c, ['name'], { label: 'Name', kind: 'text' })}
        ${field(c, ['startDate'], { label: 'Start date', kind: 'date' })}
        ${field(c, ['horizon', 'value'], { label: 'Horizon', kind: 'integer' })}
        ${field(c, ['horizon', 'unit'], {
          label: 'Horizon unit',
          kind: 'select',
          options: HORIZON_UNITS,
        })}
        ${field(c, ['replications'], { label: 'Replications', kind: 'integer', optional: true, hint: 'Monte Carlo runs; more gives tighter intervals and takes longer (with Stop when within, the most).' })}
        ${field(c, ['precisionTarget'], { label: 'Stop when within', kind: 'percent', optional: true, placeholder: 'Run them all', hint: 'Optional: stop at the first 10th replication where the means are known this closely (95% confidence).' })}
        ${field(c, ['precisionScope'], {
          label: 'Whose means',
          kind: 'select',
          optional: true,
          placeholder: notSetLabel('precisionScope'),
          hint: "For Stop when within: the region's, or each establishment's.",
          options: PRECISION_SCOPES,
        })}
        ${field(c, ['seed'], { label: 'Seed', kind: 'seed', optional: true, hint: 'Same file and seed: same numbers on any machine.' })}
        ${field(c, ['materialityThreshold'], { label: 'Materiality threshold', kind: 'percent', optional: true, hint: 'A variance from agreed volumes above this percentage is flagged (Notice of Change).' })}
        ${field(c, ['bandScheme'], {
          label: 'Band scheme',
          kind: 'select',
          optional: true,
          options: BAND_SCHEME_CHOICES,
        })}
      </div>
      <h3 id="ed-hub-return-h">Returns from a treatment site</h3>
      ${scenarioReturnFields(c)}
      ${field(c, ['description'], { label: 'Description', kind: 'textarea', optional: true })} ${sourceField(c, [])}
    </section>`;
  }
}
customElements.define('pw-edit-settings', EditSettings);
