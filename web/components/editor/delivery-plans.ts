/**
 * What a site plans for each programme it delivers beyond groups a year: bed-based units (TC, DTC,
 * PIPE: beds with rolling intake, length of stay and drop-out; src/engine/beds.ts) and segments
 * (an annex's Table 4b rows: completions planned from a segment, and places of each group kept for
 * it; src/results/segmentPlan.ts).
 */
import { criteriaField } from '../criteria-editor.js';
import { html, nothing } from 'lit';
import type { Attribute, Criterion } from '../../../src/index.js';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { programmeName } from '../../scenario/field-context.js';
import { describeCriterion } from '../../scenario/criteria.js';
import { bedFigures, reservationWords } from '../../scenario/plans.js';
import { num } from '../../format.js';
import { isOpen, rememberToggle, whenOpen } from '../open-sections.js';
import { errorsAt, field, removeButton, type FieldContext } from '../fields.js';
import { emitEdit } from '../base.js';

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Index and entry of a programme in the catalogue. */
function catalogueEntry(doc: unknown, id: unknown): { index: number; entry: Record<string, unknown> } | null {
  const index = asArray(getAt(doc, ['programmes'])).findIndex((p) => (p as { id?: unknown }).id === id);
  if (index < 0) return null;
  return { index, entry: getAt(doc, ['programmes', index]) as Record<string, unknown> };
}

/** Bed-based units delivered here: beds (in the table above), length of stay and drop-out, places a year. */
export function bedUnits(c: FieldContext, listPath: Path) {
  const rows = asArray(getAt(c.doc, listPath))
    .map((row, i) => ({ row: row as Record<string, unknown>, i }))
    .filter(({ row }) => typeof row.beds === 'number');
  return html`<h4 id="ed-beds-h">Bed-based units</h4>
    <p class="hint">
      A unit given beds (TC, DTC, PIPE) has rolling intake: each week every free bed is filled from the list. A
      completer stays the length of stay, a drop-out leaves part-way, so places a year = beds × 52 ÷ mean stay (Little's
      law). Length of stay and completion rate are the catalogue's, shared by every site that runs the programme.
    </p>
    ${
      rows.length === 0
        ? html`<p class="muted" data-beds="none">
            None here: give a programme beds in the table above (and 0 groups a year).
          </p>`
        : html`<div class="table-scroll">
            <table class="edit-table beds-edit">
              <caption class="visually-hidden">
                Bed-based units at this establishment
              </caption>
              <thead>
                <tr>
                  <th scope="col">Programme</th>
                  <th scope="col">Beds</th>
                  <th scope="col">Length of stay, completers (weeks)</th>
                  <th scope="col">Completion rate (%)</th>
                  <th scope="col">Mean stay (weeks)</th>
                  <th scope="col">Places a year</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(({ row }) => {
                  const cat = catalogueEntry(c.doc, row.programme);
                  const name = String(cat?.entry.name ?? row.programme ?? '');
                  const figures = bedFigures(row.beds, cat?.entry);
                  const p: Path = ['programmes', cat?.index ?? -1];
                  return html`<tr data-programme=${String(row.programme ?? '')}>
                    <th scope="row">${name}</th>
                    <td class="num">${num(row.beds as number, 0)}</td>
                    <td>
                      ${cat ? field(c, [...p, 'durationWeeks'], { label: `Length of stay of a completer in weeks (${name})`, kind: 'integer', compact: true, idSuffix: 'stay' }) : '–'}
                    </td>
                    <td>
                      ${cat ? field(c, [...p, 'completionRate'], { label: `Completion rate (${name}, bed-based)`, kind: 'percent', compact: true, idSuffix: 'stay' }) : '–'}
                    </td>
                    <td class="num" data-measure="meanStayWeeks">${num(figures?.meanStayWeeks, 1)}</td>
                    <td
                      class="num"
                      data-measure="placesPerYear"
                      data-places=${figures ? String(figures.placesPerYear) : ''}
                    >
                      ${num(figures?.placesPerYear, 0)}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }`;
}

/** Segments each delivery plans for: who is in it (by label), completions planned, places reserved. */
export function segmentPlans(c: FieldContext, listPath: Path, attributes: readonly Attribute[]) {
  const rows = asArray(getAt(c.doc, listPath));
  return html`<h4 id="ed-segments-h">Segments planned for</h4>
    <p class="hint">
      An annex's Table 4b: completions planned a year from a segment, and places of each group kept for it (a share or a
      number of places, not both). Places a segment cannot fill at a group start go to others on the list then.
    </p>
    ${rows.map((row, di) => {
      const d: Path = [...listPath, di];
      const id = String((row as { programme?: unknown }).programme ?? '');
      const cat = catalogueEntry(c.doc, id);
      const name = String(cat?.entry.name ?? id);
      const segPath: Path = [...d, 'segments'];
      const segments = asArray(getAt(c.doc, segPath));
      const own = (row as { groupSize?: unknown }).groupSize;
      const catSize = cat?.entry.groupSize;
      const bedBased = typeof (row as { beds?: unknown }).beds === 'number';
      const groupSize = bedBased ? null : typeof own === 'number' ? own : typeof catSize === 'number' ? catSize : null;
      const nested = errorsAt(c, segPath, true).length;
      const listErrors = errorsAt(c, segPath);
      // Errors in a segment's id or rule: its criteria open with them.
      const nestedCriteria = segments.reduce<number>(
        (n, _s, k) => n + errorsAt(c, [...segPath, k, 'id']).length + errorsAt(c, [...segPath, k, 'when'], true).length,
        0,
      );
      return html`<details
        class="sub segment-plan"
        ?open=${isOpen(pathString(segPath), nested > 0)}
        @toggle=${rememberToggle(pathString(segPath))}
        data-programme=${id}
      >
        <summary>
          ${name}
          <span class="muted"
            >(${segments.length ? `${segments.length} segment${segments.length === 1 ? '' : 's'}` : 'none'})</span
          >
          ${nested ? html`<span class="badge badge-error">${nested} error${nested === 1 ? '' : 's'}</span>` : nothing}
        </summary>
        ${whenOpen(
          pathString(segPath),
          nested > 0,
          () =>
            html` ${listErrors.length ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${listErrors.join('; ')}</p>` : nothing}
              ${
                segments.length
                  ? html`<div class="table-scroll">
                        <table class="edit-table segments-edit">
                          <caption class="visually-hidden">
                            Segments ${name} plans for
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">Segment</th>
                              <th scope="col">Who is in it</th>
                              <th scope="col">Planned completions a year</th>
                              <th scope="col">Reserved share (%)</th>
                              <th scope="col">Or reserved places</th>
                              <th scope="col">Kept of each group</th>
                              <th scope="col"><span class="visually-hidden">Remove</span></th>
                            </tr>
                          </thead>
                          <tbody>
                            ${segments.map((segment, k) => {
                              const s: Path = [...segPath, k];
                              const label = String(
                                (segment as { label?: unknown }).label ??
                                  (segment as { id?: unknown }).id ??
                                  `segment ${k + 1}`,
                              );
                              const l = (what: string) => `${what} (${name}, ${label})`;
                              return html`<tr data-segment=${String((segment as { id?: unknown }).id ?? '')}>
                                <td>
                                  ${field(c, [...s, 'label'], { label: l('Segment label'), kind: 'text', optional: true, compact: true })}
                                </td>
                                <td class="criterion-words">
                                  ${describeCriterion((segment as { when?: Criterion }).when, attributes, (pid) => programmeName(c.doc, pid))}
                                </td>
                                <td>
                                  ${field(c, [...s, 'plannedCompletions'], { label: l('Planned completions a year'), kind: 'integer', optional: true, compact: true })}
                                </td>
                                <td>
                                  ${field(c, [...s, 'reservedShare'], { label: l('Reserved share of each group'), kind: 'percent', optional: true, compact: true })}
                                </td>
                                <td>
                                  ${field(c, [...s, 'reservedPlaces'], { label: l('Reserved places of each group'), kind: 'integer', optional: true, compact: true })}
                                </td>
                                <td class="reserved-words">
                                  ${bedBased ? 'rolling intake: none kept' : reservationWords(segment, groupSize)}
                                </td>
                                <td>${removeButton(segPath, k, `segment ${label} of ${name}`)}</td>
                              </tr>`;
                            })}
                          </tbody>
                        </table>
                      </div>
                      <details
                        class="sub"
                        ?open=${isOpen(`${pathString(segPath)}#criteria`, nestedCriteria > 0)}
                        @toggle=${rememberToggle(`${pathString(segPath)}#criteria`)}
                      >
                        <summary>Who is in each segment (criteria)</summary>
                        ${whenOpen(`${pathString(segPath)}#criteria`, nestedCriteria > 0, () =>
                          segments.map((segment, k) => {
                            const label = String(
                              (segment as { label?: unknown }).label ??
                                (segment as { id?: unknown }).id ??
                                `segment ${k + 1}`,
                            );
                            return html`${field(c, [...segPath, k, 'id'], { label: `Id of segment ${label} (${name})`, kind: 'text' })}
                            ${criteriaField(c, [...segPath, k, 'when'], `Who is in segment ${label} (${name})`, attributes)}`;
                          }),
                        )}
                      </details>`
                  : html`<p class="muted">No segments planned for.</p>`
              }
              <button
                type="button"
                class="small"
                @click=${(e: Event) =>
                  emitEdit(e.currentTarget!, {
                    op: 'insert',
                    path: [...segPath],
                    value: {
                      id: `segment-${segments.length + 1}`,
                      label: `Segment ${segments.length + 1}`,
                      when: { always: true },
                    },
                  })}
              >
                Add a segment<span class="visually-hidden"> to ${name}</span>
              </button>`,
        )}
      </details>`;
    })}`;
}
