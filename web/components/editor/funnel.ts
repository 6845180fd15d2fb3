/**
 * The assessment funnel of each catalogue programme (src/engine/assessment.ts): of those assessed,
 * the shares suitable, suitable but not ready, deniers and refusers (the rest not suitable for other
 * reasons), when the not ready are assessed again, and the share of drop-outs and deselections
 * referred again. Shares are typed as percentages, like the other rates.
 */
import { html, nothing } from 'lit';
import { getAt, type Path } from '../../scenario/doc.js';
import { otherNotSuitableShare } from '../../scenario/plans.js';
import { shareToPercent } from '../fields.js';
import { emitEdit } from '../base.js';
import { errorsAt, field, type FieldContext } from '../fields.js';

const SHARES = [
  ['suitable', 'Suitable'],
  ['notReady', 'Suitable but not ready'],
  ['deniers', 'Deniers'],
  ['refusers', 'Refusers'],
] as const;

export function funnelTable(c: FieldContext, listPath: Path) {
  const list = getAt(c.doc, listPath);
  const rows = Array.isArray(list) ? list : [];
  return html`<h3 id="ed-funnel-h">Assessment funnel</h3>
    <p class="hint" id="ed-funnel-hint">
      Of those referred and assessed: the share suitable (they join the list), suitable but not ready (assessed again
      later), deniers and refusers; the rest are not suitable for other reasons. Drop-outs and deselected men still
      inside are referred again after a delay. Without a funnel a programme's suitable share alone decides.
    </p>
    <div class="table-scroll">
      <table class="edit-table funnel-edit">
        <caption class="visually-hidden">
          Assessment funnel of each programme
        </caption>
        <thead>
          <tr>
            <th scope="col">Programme</th>
            ${SHARES.map(([, label]) => html`<th scope="col">${label} (%)</th>`)}
            <th scope="col">Not suitable, other reasons (%)</th>
            <th scope="col">Not ready: assessed again after (weeks)</th>
            <th scope="col">Drop-outs referred again (%)</th>
            <th scope="col">Referred again after (weeks)</th>
            <th scope="col"><span class="visually-hidden">Add or remove the funnel</span></th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((row, i) => {
            const p: Path = [...listPath, i];
            const id = String((row as { id?: unknown }).id ?? `programme ${i + 1}`);
            const name = String((row as { name?: unknown }).name ?? id);
            const a: Path = [...p, 'assessment'];
            const assessment = getAt(c.doc, a);
            // The hidden context names the row by the programme's name (field-context.ts): no id here.
            const l = (what: string) => what;
            if (!assessment || typeof assessment !== 'object')
              return html`<tr data-programme=${id} data-funnel="none">
                <th scope="row">${name}</th>
                <td colspan="8" class="muted">
                  No funnel: the suitable share alone decides
                  (${shareToPercent(typeof (row as { suitabilityRate?: unknown }).suitabilityRate === 'number' ? (row as { suitabilityRate: number }).suitabilityRate : 1)}%).
                </td>
                <td>
                  <button
                    type="button"
                    class="small"
                    @click=${(e: Event) =>
                      emitEdit(e.currentTarget!, {
                        op: 'set',
                        path: [...a],
                        value: { suitable: (row as { suitabilityRate?: number }).suitabilityRate ?? 1 },
                      })}
                  >
                    Add a funnel<span class="visually-hidden"> to ${name}</span>
                  </button>
                </td>
              </tr>`;
            const other = otherNotSuitableShare(assessment);
            const sumErrors = errorsAt(c, a);
            return html`<tr data-programme=${id} data-funnel="yes">
              <th scope="row">
                ${name}
                ${
                  sumErrors.length
                    ? html`<p class="field-error" role="alert">
                        <span class="visually-hidden">Error:</span> ${sumErrors.join('; ')}
                      </p>`
                    : nothing
                }
              </th>
              ${SHARES.map(
                ([key, label]) =>
                  html`<td>
                    ${field(c, [...a, key], { label: l(label), kind: 'percent', optional: key !== 'suitable', compact: true })}
                  </td>`,
              )}
              <td class="num ${other !== null && other < 0 ? 'material' : ''}" data-other=${other ?? ''}>
                ${other === null ? '–' : `${shareToPercent(other)}%`}
              </td>
              <td>
                ${field(c, [...a, 'reassessAfterWeeks'], { label: l('Not ready: assessed again after weeks'), kind: 'integer', optional: true, compact: true })}
              </td>
              <td>
                ${field(c, [...a, 'reReferralShare'], { label: l('Drop-outs and deselections referred again'), kind: 'percent', optional: true, compact: true })}
              </td>
              <td>
                ${field(c, [...a, 'reReferralAfterWeeks'], { label: l('Referred again after weeks'), kind: 'integer', optional: true, compact: true })}
              </td>
              <td>
                <button
                  type="button"
                  class="small danger"
                  @click=${(e: Event) => emitEdit(e.currentTarget!, { op: 'set', path: [...a], value: undefined })}
                >
                  Remove<span class="visually-hidden"> the funnel of ${name}</span>
                </button>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}
