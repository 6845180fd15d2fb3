/** The scenario editor: every section of the file, one component per concept. */
import { html, nothing } from 'lit';
import type { Attribute } from '../../../src/index.js';
import { getAt } from '../../scenario/doc.js';
import { LightElement, emitEdit } from '../base.js';
import type { FieldContext } from '../fields.js';
import type { LatestRun } from './readout.js';
import './settings.js';
import './establishment.js';
import './catalogue.js';
import './case-management.js';
import './advanced.js';

export class ScenarioEditor extends LightElement {
  static override properties = {
    ctx: { attribute: false },
    schemeAttributes: { attribute: false },
    establishment: { type: Number },
    latest: { attribute: false },
  };
  /** The latest run, for the live readouts beside programme rows. */
  declare latest: LatestRun | null;
  declare ctx: FieldContext;
  declare schemeAttributes: Attribute[];
  /** Index of the establishment being edited. */
  declare establishment: number;

  constructor() {
    super();
    this.schemeAttributes = [];
    this.establishment = 0;
    this.latest = null;
  }

  private select(e: Event) {
    this.establishment = Number((e.currentTarget as HTMLSelectElement).value);
  }

  protected override render() {
    const c = this.ctx;
    const list = getAt(c.doc, ['establishments']);
    const establishments = Array.isArray(list) ? list : [];
    const index = Math.min(this.establishment, Math.max(0, establishments.length - 1));
    const errorsIn = (i: number) => [...c.errors.keys()].filter((k) => k.startsWith(`establishments[${i}]`)).length;
    return html`
      <nav class="section-nav" aria-label="Scenario sections">
        <a href="#ed-settings-h">Scenario</a>
        <a href="#ed-est-h">Establishment</a>
        <a href="#ed-progs-h">Programmes delivered</a>
        <a href="#ed-pop-h">Population</a>
        <a href="#ed-staff-h">Staffing</a>
        <a href="#ed-cat-h">Catalogue</a>
        <a href="#ed-cm-h">Case management</a>
        <a href="#ed-adv-h">Advanced</a>
        <a href="#ed-changes-h">Scheduled changes</a>
      </nav>
      <pw-edit-settings .ctx=${c}></pw-edit-settings>
      <div class="card establishment-picker">
        <label for="ed-establishment">Establishment to edit</label>
        <select id="ed-establishment" @change=${this.select}>
          ${establishments.map((e, i) => {
            const n = errorsIn(i);
            return html`<option value=${i} ?selected=${i === index}>
              ${String((e as { name?: unknown }).name ?? `Establishment ${i + 1}`)}${n ? ` (${n} error${n === 1 ? '' : 's'})` : ''}
            </option>`;
          })}
        </select>
        <button
          type="button"
          class="small"
          @click=${(e: Event) => {
            emitEdit(e.currentTarget!, {
              op: 'insert',
              path: ['establishments'],
              value: {
                id: `establishment-${establishments.length + 1}`,
                name: `New establishment ${establishments.length + 1}`,
                operationalCapacity: 100,
                population: { tables: [] },
              },
            });
            this.establishment = establishments.length;
          }}
        >
          Add an establishment
        </button>
        ${
          establishments.length > 1
            ? html`<button
                type="button"
                class="small danger"
                @click=${(e: Event) => {
                  emitEdit(e.currentTarget!, { op: 'remove', path: ['establishments'], index });
                  this.establishment = Math.max(0, index - 1);
                }}
              >
                Remove this establishment
              </button>`
            : nothing
        }
      </div>
      ${
        establishments.length
          ? html`<pw-edit-establishment
              .ctx=${c}
              .index=${index}
              .latest=${this.latest}
              .schemeAttributes=${this.schemeAttributes}
            ></pw-edit-establishment>`
          : nothing
      }
      <pw-edit-catalogue .ctx=${c} .schemeAttributes=${this.schemeAttributes}></pw-edit-catalogue>
      <pw-edit-case-management .ctx=${c} .schemeAttributes=${this.schemeAttributes}></pw-edit-case-management>
      <pw-edit-advanced .ctx=${c} .schemeAttributes=${this.schemeAttributes}></pw-edit-advanced>
    `;
  }
}
customElements.define('pw-scenario-editor', ScenarioEditor);
