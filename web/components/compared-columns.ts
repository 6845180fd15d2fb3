/**
 * The columns every Compare table ends with: the reference's figure, the current scenario's, and
 * the difference (current minus reference). One markup for them, so the tables read alike; each
 * table renders its own difference cell, whose data attributes say what it holds.
 */
import { html } from 'lit';

/** The table's head: the columns naming a row, then the two sides and the difference. */
export function comparedHead(
  rowColumns: readonly string[],
  refLabel: string,
  curLabel: string,
  differenceLabel = 'Difference',
) {
  return html`<thead>
    <tr>
      ${rowColumns.map((column) => html`<th scope="col">${column}</th>`)}
      <th scope="col">${refLabel}</th>
      <th scope="col">${curLabel}</th>
      <th scope="col">${differenceLabel}</th>
    </tr>
  </thead>`;
}

/** "993 (907–1,076)": the mean, then its interval as a unit of its own (muted, never broken inside, and on a phone under the mean). */
function sideFigure(text: string) {
  const i = text.indexOf(' (');
  return i < 0 ? text : html`${text.slice(0, i)} <span class="interval">${text.slice(i + 1)}</span>`;
}

/** A row's figures for the two sides, in the head's order (the difference cell follows). */
export function sideCells(reference: string, current: string) {
  return html`<td class="num">${sideFigure(reference)}</td>
    <td class="num">${sideFigure(current)}</td>`;
}
