/** Case-management tiers (who gets how many offender-manager sessions) and session lengths. */
import { criteriaField } from '../criteria-editor.js';
import { html, nothing } from 'lit';
import type { Attribute, Criterion } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { programmeName } from '../../scenario/field-context.js';
import { describeCriterion } from '../../scenario/criteria.js';
import { isOpen, rememberToggle, whenOpen } from '../open-sections.js';
import { LightElement, emitEdit } from '../base.js';
import { addButton, errorsAt, field, removeButton, sourceField, type FieldContext } from '../fields.js';

export class EditCaseManagement extends LightElement {
  static override properties = {
    ctx: { attribute: false },
    schemeAttributes: { attribute: false },
  };
  declare ctx: FieldContext;
  declare schemeAttributes: Attribute[];

  constructor() {
    super();
    this.schemeAttributes = [];
  }

  protected override render() {
    const c = this.ctx;
    const cm: Path = ['caseManagement'];
    const tiersPath: Path = [...cm, 'tiers'];
    const tiers = Array.isArray(getAt(c.doc, tiersPath)) ? (getAt(c.doc, tiersPath) as unknown[]) : [];
    const listErrors = errorsAt(c, tiersPath);
    const sets = getAt(c.doc, [...cm, 'tierSets']);
    const tierSets = (Array.isArray(sets) ? (sets as { id?: unknown; label?: unknown }[]) : []).map((t) => ({
      value: String(t.id ?? ''),
      label: String(t.label ?? t.id ?? ''),
    }));
    return html`<section class="card" aria-labelledby="ed-cm-h">
      <h2 id="ed-cm-h">Case management</h2>
      <div class="grid-fields">
        ${field(c, [...cm, 'sessionMinutes'], { label: 'Session length', kind: 'number', optional: true, unit: 'minutes' })}
        ${field(c, [...cm, 'recordingMinutes'], { label: 'Recording time per session', kind: 'number', optional: true, unit: 'minutes' })}
        ${field(c, [...cm, 'priority'], { label: 'Delivery order when hours run short', kind: 'list', optional: true, hint: 'Tier ids, separated by commas.' })}
        ${tierSets.length ? field(c, [...cm, 'tierSet'], { label: 'Tier rules in use', kind: 'select', optional: true, options: tierSets, hint: 'Blank: the tiers below. A named set (such as OMiC tiers by risk of serious harm) replaces them and their order.' }) : nothing}
      </div>
      ${sourceField(c, cm)}
      <h3>Tiers <span class="muted">(the first tier whose rule matches applies)</span></h3>
      ${listErrors.length ? html`<div class="field-error" role="alert">${listErrors.join('; ')}</div>` : nothing}
      <div class="table-scroll">
        <table class="edit-table">
          <caption class="visually-hidden">
            Case-management tiers
          </caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Label</th>
              <th scope="col">Sessions a year</th>
              <th scope="col">Who (rule)</th>
              <th scope="col"><span class="visually-hidden">Order and remove</span></th>
            </tr>
          </thead>
          <tbody>
            ${tiers.map((t, i) => {
              const p: Path = [...tiersPath, i];
              const id = String((t as { id?: unknown }).id ?? `tier ${i + 1}`);
              // Read out by its label, else its place: the id is a value, not a name.
              const spoken =
                typeof (t as { label?: unknown }).label === 'string'
                  ? `“${(t as { label: string }).label}”`
                  : String(i + 1);
              return html`<tr data-tier=${id}>
                <td>${field(c, [...p, 'id'], { label: 'Id', kind: 'text', compact: true })}</td>
                <td>${field(c, [...p, 'label'], { label: 'Label', kind: 'text', optional: true, compact: true })}</td>
                <td>
                  ${field(c, [...p, 'sessionsPerYear'], { label: 'Sessions a year', kind: 'number', compact: true })}
                </td>
                <td class="wide-cell">
                  <details
                    ?open=${isOpen(pathString([...p, 'when']), errorsAt(c, [...p, 'when'], true).length > 0)}
                    @toggle=${rememberToggle(pathString([...p, 'when']))}
                  >
                    <summary>
                      ${describeCriterion((t as { when?: Criterion }).when, this.schemeAttributes, (pid) => programmeName(c.doc, pid))}
                    </summary>
                    ${whenOpen(
                      pathString([...p, 'when']),
                      errorsAt(c, [...p, 'when'], true).length + errorsAt(c, [...p, 'source']).length > 0,
                      () =>
                        html`${criteriaField(c, [...p, 'when'], `Rule of tier ${spoken}`, this.schemeAttributes)}
                        ${sourceField(c, p)}`,
                    )}
                  </details>
                </td>
                <td class="row-actions">
                  <button
                    type="button"
                    class="icon-button"
                    aria-label="Move tier ${spoken} up"
                    title="Move up"
                    ?disabled=${i === 0}
                    @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'move', path: [...tiersPath], index: i, delta: -1 })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label="Move tier ${spoken} down"
                    title="Move down"
                    ?disabled=${i === tiers.length - 1}
                    @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'move', path: [...tiersPath], index: i, delta: 1 })}
                  >
                    ↓
                  </button>
                  ${removeButton(tiersPath, i, `tier ${spoken}`)}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${addButton(tiersPath, { id: `tier-${tiers.length + 1}`, when: { always: true }, sessionsPerYear: 4 }, 'Add a tier')}
    </section>`;
  }
}
customElements.define('pw-edit-case-management', EditCaseManagement);
