/** Compare's cost table: what each side costs where the scenarios give prices, and the difference. */
import { html, nothing } from 'lit';
import type { Results } from '../../src/index.js';
import { formatPounds } from '../../src/results/backtestTable.js';
import { costDifferences, totalCostDifference } from '../../src/results/costComparison.js';
import { comparedHead, sideCells } from './compared-columns.js';

export function costComparison(reference: Results, current: Results, refLabel: string, curLabel: string) {
  const rows = costDifferences(reference, current);
  if (rows.length === 0) return nothing;
  const total = totalCostDifference(rows);
  const signedPounds = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${formatPounds(x)}`);
  return html`<div class="table-scroll">
    <table class="data-table cost-compare">
      <caption>
        <span>Cost: ${curLabel} against ${refLabel}</span>
        <div class="caption-note">
          From the prices the scenarios give. An operating price covers the whole establishment, not its programmes; a
          figure only one side prices has no difference.
        </div>
      </caption>
      ${comparedHead(['Establishment', 'Cost'], refLabel, curLabel)}
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr data-establishment=${r.establishment} data-programme=${r.programme ?? 'operating-price'}>
              <th scope="row">${r.establishmentName}</th>
              <td>${r.label}</td>
              ${sideCells(formatPounds(r.reference) || '–', formatPounds(r.current) || '–')}
              <td class="num" data-cell="difference">${signedPounds(r.difference)}</td>
            </tr>`,
        )}
        <tr class="total">
          <th scope="row" colspan="4">Difference in cost, where both sides give a price</th>
          <td class="num" data-cell="total-difference">${signedPounds(total)}</td>
        </tr>
      </tbody>
    </table>
  </div>`;
}
