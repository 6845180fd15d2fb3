/**
 * When a man moved to a treatment site for a course goes back to the prison that referred him
 * (src/engine/hubReturns.ts): `referralReturn.afterWeeks` for the whole scenario (8 weeks, a
 * default no source gives; null: he stays there), and a referral's own `returnAfterWeeks`
 * (absent: the scenario's). Blank cannot mean both "the default" and "he stays", so each is a
 * choice in words, with the weeks as a field of their own when weeks are chosen.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { getAt, pathString, type Path } from '../../scenario/doc.js';
import { fieldContext } from '../../scenario/field-context.js';
import { schemaDefaultAt } from '../../scenario/schemaDefaults.js';
import { emitEdit } from '../base.js';
import { field, fieldId, type FieldContext } from '../fields.js';

const SCENARIO_PATH: Path = ['referralReturn', 'afterWeeks'];

/** The scenario's weeks (its default when the file leaves them out), or null: men stay. */
export function scenarioReturnWeeks(doc: unknown): number | null {
  const v = getAt(doc, SCENARIO_PATH);
  if (v === null) return null;
  if (typeof v === 'number') return v;
  const d = schemaDefaultAt(SCENARIO_PATH)?.value;
  return typeof d === 'number' ? d : 8;
}

function weeksWords(weeks: number | null): string {
  return weeks === null ? 'stays at the treatment site' : `back after ${weeks} week${weeks === 1 ? '' : 's'}`;
}

interface Choice {
  value: string;
  label: string;
  /** The value the file gets when this is chosen (undefined: the key is left out). */
  set: () => unknown;
}

function choiceField(
  c: FieldContext,
  path: Path,
  label: string,
  choices: Choice[],
  chosen: string,
  compact: boolean,
  hint?: string,
): TemplateResult {
  const id = `${fieldId(path)}-choice`;
  return html`<div class="field ${compact ? 'field-compact' : ''}" data-path=${`${pathString(path)}:choice`}>
    <label for=${id} class=${compact ? 'visually-hidden' : ''}
      ><span class="visually-hidden">${fieldContext(c.doc, path)}: </span>${label}</label
    >
    ${hint ? html`<div class="hint" id="${id}-hint">${hint}</div>` : nothing}
    <select
      id=${id}
      aria-describedby=${hint ? `${id}-hint` : nothing}
      @change=${(e: Event) => {
        const picked = choices.find((x) => x.value === (e.currentTarget as HTMLSelectElement).value);
        if (picked) emitEdit(e.currentTarget!, { op: 'set', path: [...path], value: picked.set() });
      }}
    >
      ${choices.map((x) => html`<option value=${x.value} ?selected=${x.value === chosen}>${x.label}</option>`)}
    </select>
  </div>`;
}

/** The scenario's rule, for the settings: goes back after N weeks (default 8), or stays. */
export function scenarioReturnFields(c: FieldContext): TemplateResult {
  const value = getAt(c.doc, SCENARIO_PATH);
  const chosen = value === null ? 'stay' : 'weeks';
  const fallback = scenarioReturnWeeks({}) ?? 8;
  return html`<div class="grid-fields hub-return">
    ${choiceField(
      c,
      SCENARIO_PATH,
      'After a course at a treatment site, a referred man',
      [
        { value: 'weeks', label: 'goes back to his prison', set: () => fallback },
        { value: 'stay', label: 'stays at the treatment site', set: () => null },
      ],
      chosen,
      false,
      'Applies to every referral unless the referral says otherwise (Referrals, under each establishment).',
    )}
    ${
      chosen === 'weeks'
        ? field(c, SCENARIO_PATH, {
            label: 'Weeks after the course ends that he goes back',
            kind: 'integer',
            optional: true,
            hint: 'No source gives this: 8 weeks (a review after the course and a transfer back) is a default you can change.',
          })
        : nothing
    }
  </div>`;
}

/** A referral's own rule, for its row in the referrals table: the scenario's, its own weeks, or stays. */
export function referralReturnFields(c: FieldContext, referralPath: Path): TemplateResult {
  const path: Path = [...referralPath, 'returnAfterWeeks'];
  const value = getAt(c.doc, path);
  const chosen = value === undefined ? 'scenario' : value === null ? 'stay' : 'weeks';
  const scenario = scenarioReturnWeeks(c.doc);
  return html`${choiceField(
    c,
    path,
    'Back to this prison after the course',
    [
      { value: 'scenario', label: `As the scenario (${weeksWords(scenario)})`, set: () => undefined },
      { value: 'weeks', label: 'After a number of weeks', set: () => scenario ?? 8 },
      { value: 'stay', label: 'Stays at the treatment site', set: () => null },
    ],
    chosen,
    true,
  )}
  ${chosen === 'weeks' ? field(c, path, { label: 'Weeks after the course ends', kind: 'integer', compact: true, unit: 'weeks' }) : nothing}`;
}
