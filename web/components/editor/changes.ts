/**
 * Scheduled changes in words (issue 9): each change is "from week / date, at [prison], [what
 * changes]" with the fields that kind needs (a programme, a number, a rule in words, the programme a
 * waiting list moves to). A reception mix (tables of people) stays as data; the whole list is also
 * behind "Show as data".
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Attribute } from '../../../src/index.js';
import { getAt, type Path } from '../../scenario/doc.js';
import { emitEdit } from '../base.js';
import { catalogueProgrammes, criteriaField } from '../criteria-editor.js';
import { addButton, errorsAt, field, jsonField, removeButton, type FieldContext } from '../fields.js';

type Kind =
  | 'groupsPerYear'
  | 'beds'
  | 'receptionsPerWeek'
  | 'operationalCapacity'
  | 'pomFte'
  | 'eligibility'
  | 'moveNeed'
  | 'receptionMix';

export const CHANGE_WORDS: Record<Kind, string> = {
  groupsPerYear: 'Groups a year of a programme',
  beds: 'Beds of a bed-based programme',
  eligibility: 'Eligibility for a programme',
  moveNeed: 'A programme’s waiting list moves to another programme',
  receptionsPerWeek: 'Receptions a week',
  operationalCapacity: 'Operational capacity',
  pomFte: 'Prison offender managers (FTE)',
  receptionMix: 'Reception mix (tables of people)',
};

/** A change of a new kind, keeping the programme the old one named. */
export function changeOfKind(kind: Kind, before: unknown, programmes: readonly string[]): Record<string, unknown> {
  const prev = (before ?? {}) as { programme?: unknown };
  const programme = typeof prev.programme === 'string' ? prev.programme : (programmes[0] ?? '');
  switch (kind) {
    case 'groupsPerYear':
      return { kind, programme, value: 0 };
    case 'beds':
      return { kind, programme, value: 0 };
    case 'eligibility':
      return { kind, programme, eligibility: { always: true } };
    case 'moveNeed':
      return { kind, programme, to: programmes.find((p) => p !== programme) ?? programme };
    case 'receptionsPerWeek':
      return { kind, value: null };
    case 'receptionMix':
      return { kind, tables: [] };
    default:
      return { kind, value: 0 };
  }
}

export function changesEditor(ctx: FieldContext, attributes: readonly Attribute[]): TemplateResult {
  const listPath: Path = ['changes'];
  const list = getAt(ctx.doc, listPath);
  const rows = Array.isArray(list) ? list : [];
  const programmes = catalogueProgrammes(ctx.doc);
  const programmeOptions = programmes.map((p) => ({ value: p.id, label: p.name }));
  const ests = getAt(ctx.doc, ['establishments']);
  const estOptions = (Array.isArray(ests) ? ests : []).flatMap((e) => {
    const id = (e as { id?: unknown } | null)?.id;
    const name = (e as { name?: unknown } | null)?.name;
    return typeof id === 'string' ? [{ value: id, label: typeof name === 'string' ? name : id }] : [];
  });
  const listErrors = errorsAt(ctx, listPath);
  const change = (row: unknown, k: number) => {
    const p: Path = [...listPath, k];
    const set = (row as { set?: { kind?: unknown } } | null)?.set;
    const kind = (typeof set?.kind === 'string' && set.kind in CHANGE_WORDS ? set.kind : null) as Kind | null;
    const sp: Path = [...p, 'set'];
    const name = `Scheduled change ${k + 1}`;
    const kindId = `f-changes-${k}-kind`;
    const kindErrors = errorsAt(ctx, [...sp, 'kind']);
    let detail: TemplateResult | typeof nothing = nothing;
    if (kind === 'groupsPerYear' || kind === 'beds' || kind === 'eligibility' || kind === 'moveNeed')
      detail = html`${field(ctx, [...sp, 'programme'], { label: 'Programme', kind: 'select', options: programmeOptions, wide: true })}`;
    if (kind === 'moveNeed')
      detail = html`${detail}
      ${field(ctx, [...sp, 'to'], { label: 'Its waiting list moves to', kind: 'select', options: programmeOptions, wide: true })}`;
    if (kind === 'groupsPerYear')
      detail = html`${detail} ${field(ctx, [...sp, 'value'], { label: 'Groups a year from then', kind: 'number' })}`;
    if (kind === 'beds')
      detail = html`${detail} ${field(ctx, [...sp, 'value'], { label: 'Beds from then', kind: 'integer' })}`;
    if (kind === 'receptionsPerWeek')
      detail = html`${field(ctx, [...sp, 'value'], { label: 'Receptions a week from then', kind: 'nullable-number', hint: 'Blank: receptions replace departures.' })}`;
    if (kind === 'operationalCapacity')
      detail = html`${field(ctx, [...sp, 'value'], { label: 'Operational capacity from then', kind: 'integer', unit: 'people' })}`;
    if (kind === 'pomFte')
      detail = html`${field(ctx, [...sp, 'value'], { label: 'POM staff from then', kind: 'number', unit: 'FTE' })}`;
    return html`<li class="crit-row change-row" data-change=${k}>
      <div class="crit-head">
        <strong>${name}</strong>
        <span class="crit-remove">${removeButton(listPath, k, name.toLowerCase())}</span>
      </div>
      <div class="grid-fields">
        ${field(ctx, [...p, 'fromWeek'], { label: 'From week', kind: 'integer', optional: true, hint: 'Weeks from the start; or give a date.' })}
        ${field(ctx, [...p, 'fromDate'], { label: 'From date', kind: 'date', optional: true })}
        ${field(ctx, [...p, 'establishment'], { label: 'Establishment', kind: 'select', options: estOptions })}
        <div class="field field-wide ${kindErrors.length ? 'has-error' : ''}">
          <label for=${kindId}><span class="visually-hidden">${name}: </span>What changes</label>
          ${kindErrors.length ? html`<p class="field-error" role="alert"><span class="visually-hidden">Error:</span> ${kindErrors.join('; ')}</p>` : nothing}
          <select
            id=${kindId}
            @change=${(e: Event) =>
              emitEdit(e.currentTarget!, {
                op: 'set',
                path: [...sp],
                value: changeOfKind(
                  (e.currentTarget as HTMLSelectElement).value as Kind,
                  set,
                  programmes.map((x) => x.id),
                ),
              })}
          >
            ${kind === null ? html`<option value="" selected>—</option>` : nothing}
            ${(Object.keys(CHANGE_WORDS) as Kind[]).map((x) => html`<option value=${x} ?selected=${x === kind}>${CHANGE_WORDS[x]}</option>`)}
          </select>
        </div>
        ${detail}
      </div>
      ${kind === 'eligibility' ? criteriaField(ctx, [...sp, 'eligibility'], `${name}: eligibility from then`, attributes) : nothing}
      ${kind === 'receptionMix' ? jsonField(ctx, [...sp, 'tables'], `${name}: reception tables (as data)`, undefined, 6) : nothing}
      ${kind === 'receptionMix' || kind === 'eligibility' ? field(ctx, [...p, 'appliesToExisting'], { label: 'Also applies to men already inside', kind: 'checkbox' }) : nothing}
      ${field(ctx, [...p, 'note'], { label: 'Note', kind: 'textarea', rows: 2, optional: true })}
    </li>`;
  };
  // A new change starts as the first establishment's first programme at its groups a year today,
  // so adding one changes nothing until a value is typed.
  const firstEst = estOptions[0]?.value ?? '';
  const delivered = getAt(ctx.doc, ['establishments', 0, 'programmes', 0]) as
    { programme?: unknown; groupsPerYear?: unknown } | undefined;
  const fresh =
    typeof delivered?.programme === 'string' && typeof delivered.groupsPerYear === 'number'
      ? { kind: 'groupsPerYear', programme: delivered.programme, value: delivered.groupsPerYear }
      : changeOfKind(
          'groupsPerYear',
          undefined,
          programmes.map((x) => x.id),
        );
  return html`<section class="card" aria-labelledby="ed-changes-h">
    <h2 id="ed-changes-h">Scheduled changes</h2>
    <p class="hint">A change takes effect from its week (or date) to the end of the run.</p>
    ${listErrors.length ? html`<div class="field-error" role="alert">${listErrors.join('; ')}</div>` : nothing}
    ${
      rows.length
        ? html`<ol class="crit-rows">
            ${rows.map(change)}
          </ol>`
        : html`<p class="muted">No scheduled changes.</p>`
    }
    ${addButton(
      listPath,
      {
        fromWeek: 26,
        establishment: firstEst,
        set: fresh,
      },
      'Add a scheduled change',
    )}
    <details class="crit-data">
      <summary>Show as data<span class="visually-hidden"> (scheduled changes)</span></summary>
      ${jsonField(ctx, listPath, 'Scheduled changes as data', 'e.g. {"fromWeek": 26, "establishment": "stafford", "set": {"kind": "groupsPerYear", "programme": "tsp", "value": 6}}.', 6)}
    </details>
  </section>`;
}
