/**
 * Needs: each person counted once per need, with unmet need by reason and which reasons more
 * places can fix (src/engine/unmetReasons.ts). The programme table is the breakdown.
 */
import { html } from 'lit';
import type { NeedResult } from '../../src/index.js';
import { toCsv } from '../csv.js';
import { LightElement } from './base.js';
import { csvButton, shortName, statCell } from './tables.js';

/** A need's stages in programmes' short names: "SCP, RESOLVE or TSP, then E-SOTP" (ids are for files). */
export function stageWords(
  stages: readonly string[][],
  programmes: readonly { programme: string; name: string }[],
): string {
  const names = new Map(programmes.map((p) => [p.programme, shortName(p)]));
  const word = (id: string) => names.get(id) ?? id.toUpperCase();
  return stages
    .map((alternatives) => {
      const w = alternatives.map(word);
      return w.length > 1 ? `${w.slice(0, -1).join(', ')} or ${w.at(-1)!}` : (w[0] ?? '');
    })
    .join(', then ');
}

export class NeedTable extends LightElement {
  static override properties = {
    needs: { attribute: false },
    scope: { type: String },
    caption: { type: String },
    programmes: { attribute: false },
  };
  /** The programmes the stages name, for their short names. */
  declare programmes: readonly { programme: string; name: string }[];
  declare needs: NeedResult[];
  declare scope: string;
  declare caption: string;

  constructor() {
    super();
    this.needs = [];
    this.scope = '';
    this.caption = 'Needs';
    this.programmes = [];
  }

  protected override render() {
    // Results saved before needs existed have none.
    const needs = (this.needs ?? []).filter((n) => n.joined.mean > 0);
    if (!needs.length) return html``;
    return html`<div class="table-scroll">
      <table class="data-table need-table">
        <caption>
          <span>${this.caption}</span>
          ${csvButton(this.caption, `${this.scope}-needs`, () =>
            toCsv(
              [
                'need',
                'name',
                'programmes',
                'people_with_need_mean',
                'started_mean',
                'unmet_need_mean',
                'unmet_fixable_by_places_mean',
                'released_untreated_mean',
                'too_little_time_while_waiting_mean',
                'too_little_time_on_arrival_mean',
                'moved_on_mean',
                'deselected_or_not_suitable_mean',
                'waiting_at_end_mean',
              ],
              needs.map((n) => [
                n.need,
                n.name,
                n.stages.map((s) => s.join(' or ')).join(' then '),
                n.joined.mean,
                n.starts.mean,
                n.unmetNeed.mean,
                n.unmetFixableByPlaces.mean,
                n.unmetByReason.releasedUntreated.mean,
                n.unmetByReason.tooLittleTimeWhileWaiting.mean,
                n.unmetByReason.tooLittleTimeOnArrival.mean,
                n.unmetByReason.movedOn.mean,
                n.unmetByReason.deselectedOrNotSuitable.mean,
                n.waitingAtEnd.mean,
              ]),
            ),
          )}
          <div class="caption-note">
            Each person counted once per need, however many programmes could meet it. Of the unmet need, more places can
            fix <strong>released untreated</strong> and <strong>too little time left while waiting</strong>; too little
            time on arrival, moved on and deselected or not suitable need another remedy (earlier assessment, holding
            men on transfer, suitability work).
          </div>
        </caption>
        <thead>
          <tr>
            <th scope="col">Need</th>
            <th scope="col">People with the need</th>
            <th scope="col">Started</th>
            <th scope="col">Unmet need</th>
            <th scope="col">Of which more places can fix</th>
            <th scope="col">Too little time on arrival</th>
            <th scope="col">Moved on</th>
            <th scope="col">Deselected or not suitable</th>
            <th scope="col">Waiting at end</th>
          </tr>
        </thead>
        <tbody>
          ${needs.map(
            (n) =>
              html`<tr data-need=${n.need}>
                <th scope="row">
                  ${n.name}
                  ${n.declared ? html`<span class="hint">(${stageWords(n.stages, this.programmes)})</span>` : ''}
                </th>
                ${statCell(n.joined, 'joined')} ${statCell(n.starts, 'starts')} ${statCell(n.unmetNeed, 'unmetNeed')}
                ${statCell(n.unmetFixableByPlaces, 'unmetFixableByPlaces')}
                ${statCell(n.unmetByReason.tooLittleTimeOnArrival, 'tooLittleTimeOnArrival')}
                ${statCell(n.unmetByReason.movedOn, 'movedOn')}
                ${statCell(n.unmetByReason.deselectedOrNotSuitable, 'deselectedOrNotSuitable')}
                ${statCell(n.waitingAtEnd, 'waitingAtEnd')}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
customElements.define('pw-need-table', NeedTable);
