/**
 * Size a programme: "how many starts a year does this population need?" The fewest whole groups a
 * year of one programme at one establishment that keep its mean unmet need a year at or under a
 * target (`sizeProgramme` in the core), run as one task in the worker pool.
 *
 * The app keeps this element while another tab is shown, so the form, a sizing in progress and
 * its answer survive a change of tab.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Scenario, SizingResult } from '../../src/index.js';
import { RunCancelledError, type WorkerPool } from '../../workers/pool.js';
import { num, percent, seconds, stat } from '../format.js';
import {
  answerSentence,
  borderlineReasons,
  meetsTarget,
  plural,
  sizingCsv,
  sizingSplit,
  sortedSteps,
} from '../results/sizing.js';
import { LightElement, emitEdit, type EditOp } from './base.js';
import { csvButton, shortName, statCell } from './tables.js';

export const DEFAULT_TARGET = 5;
export const DEFAULT_MAX_GROUPS = 52;
/** Every level tried is a full run, so sizing uses no more replications than this unless told. */
export const SIZING_REPLICATIONS = 200;
const MAX_REPLICATIONS = 100_000;

/** Where the Results view asks sizing to start. */
export interface SizingPreset {
  establishment: string;
  programme?: string;
}

/** A finished sizing, with what it was asked, for the table and its CSV. */
interface Sized {
  sizing: SizingResult;
  scenarioJson: string;
  establishmentName: string;
  programmeName: string;
  maxGroupsPerYear: number;
  replications: number;
  seed: string;
}

type Phase =
  | { phase: 'idle' }
  | { phase: 'running'; controller: AbortController; what: string; replications: number }
  | { phase: 'done'; elapsedMs: number; levels: number }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/** A number typed in a field, or null if it is empty, out of range, or not whole when it must be. */
function parse(raw: string, whole: boolean, min: number, max: number): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) return null;
  return n;
}

export class SizingView extends LightElement {
  static override properties = {
    scenario: { attribute: false },
    scenarioJson: { attribute: false },
    pool: { attribute: false },
    preset: { attribute: false },
    establishment: { state: true },
    programme: { state: true },
    target: { state: true },
    maxGroups: { state: true },
    replications: { state: true },
    status: { state: true },
    sized: { state: true },
    applied: { state: true },
  };
  /** The last scenario that loaded: the choices and defaults come from it. */
  declare scenario: Scenario | null;
  /** The scenario to size, or '' while the document has errors (nothing is run then). */
  declare scenarioJson: string;
  declare pool: WorkerPool | null;
  declare preset: SizingPreset | null;
  declare establishment: string;
  declare programme: string;
  /** What is typed in each number field; null until it is edited, so the default shows. */
  declare target: string | null;
  declare maxGroups: string | null;
  declare replications: string | null;
  declare status: Phase;
  declare sized: Sized | null;
  /** What "Apply to the scenario" last did, said in words. */
  declare applied: string | null;

  constructor() {
    super();
    this.scenario = null;
    this.scenarioJson = '';
    this.pool = null;
    this.preset = null;
    this.establishment = '';
    this.programme = '';
    this.target = null;
    this.maxGroups = null;
    this.replications = null;
    this.status = { phase: 'idle' };
    this.sized = null;
    this.applied = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.status.phase === 'running') this.status.controller.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('preset') && this.preset) {
      this.establishment = this.preset.establishment;
      if (this.preset.programme) this.programme = this.preset.programme;
    }
  }

  private defaultReplications(): number {
    return Math.min(this.scenario?.replications ?? SIZING_REPLICATIONS, SIZING_REPLICATIONS);
  }

  /** The form as chosen, with defaults filled in and each number checked. */
  private form(s: Scenario) {
    const establishment = s.establishments.find((e) => e.id === this.establishment) ?? s.establishments[0];
    const programme =
      s.programmes.find((p) => p.id === this.programme) ??
      s.programmes.find((p) => establishment?.programmes.some((d) => d.programme === p.id)) ??
      s.programmes[0];
    const targetText = this.target ?? String(DEFAULT_TARGET);
    const maxText = this.maxGroups ?? String(DEFAULT_MAX_GROUPS);
    const repsText = this.replications ?? String(this.defaultReplications());
    return {
      establishment,
      programme,
      targetText,
      maxText,
      repsText,
      target: parse(targetText, false, 0, 1e9),
      maxGroups: parse(maxText, true, 1, 520),
      replications: parse(repsText, true, 1, MAX_REPLICATIONS),
    };
  }

  private async find(e: Event): Promise<void> {
    e.preventDefault();
    const s = this.scenario;
    if (!s || !this.pool || !this.scenarioJson || this.status.phase === 'running') return;
    const f = this.form(s);
    if (!f.establishment || !f.programme || f.target === null || f.maxGroups === null || f.replications === null)
      return;
    const controller = new AbortController();
    const scenarioJson = this.scenarioJson;
    const names = { establishmentName: f.establishment.name, programmeName: f.programme.name };
    this.status = {
      phase: 'running',
      controller,
      what: `${f.programme.name} at ${f.establishment.name}`,
      replications: f.replications,
    };
    try {
      const r = await this.pool.sizeProgramme({
        scenarioJson,
        options: { replications: f.replications },
        sizing: {
          establishment: f.establishment.id,
          programme: f.programme.id,
          targetUnmetPerYear: f.target,
          maxGroupsPerYear: f.maxGroups,
        },
        signal: controller.signal,
      });
      this.sized = {
        sizing: r.sizing,
        scenarioJson,
        ...names,
        maxGroupsPerYear: f.maxGroups,
        replications: f.replications,
        seed: String(s.seed),
      };
      this.status = { phase: 'done', elapsedMs: r.elapsedMs, levels: r.sizing.steps.length };
      // Tests wait for this to change, as they do for the app's data-results-run.
      this.setAttribute('data-sizing-run', String(r.runId));
    } catch (err) {
      this.status =
        err instanceof RunCancelledError
          ? { phase: 'cancelled' }
          : { phase: 'failed', message: (err instanceof Error ? err.message : String(err)).replace(/\.$/, '') };
    }
    // The Cancel button has gone: a keyboard user who was on it lands back on the form's button.
    await this.updateComplete;
    if (document.activeElement === document.body && !this.hidden)
      this.querySelector<HTMLButtonElement>('.sizing-actions button')?.focus();
  }

  /** Set the answer's groups a year in the scenario, as sizing ran it (delivered here, not referred). */
  private apply(r: Sized): void {
    const s = this.scenario;
    const a = r.sizing.answer;
    if (!s || !a) return;
    const ei = s.establishments.findIndex((e) => e.id === r.sizing.establishment);
    if (ei < 0) return;
    const e = s.establishments[ei]!;
    const di = e.programmes.findIndex((d) => d.programme === r.sizing.programme);
    const edits: EditOp[] = [];
    // Delivering it here replaces referring it elsewhere, as it did while sizing (last first, so indices hold).
    e.referrals.forEach((ref, i) => {
      if (ref.programme === r.sizing.programme)
        edits.unshift({ op: 'remove', path: ['establishments', ei, 'referrals'], index: i });
    });
    if (di >= 0)
      edits.push({
        op: 'set',
        path: ['establishments', ei, 'programmes', di, 'groupsPerYear'],
        value: a.groupsPerYear,
      });
    else
      edits.push({
        op: 'insert',
        path: ['establishments', ei, 'programmes'],
        value: { programme: r.sizing.programme, groupsPerYear: a.groupsPerYear, acceptsReferrals: false },
      });
    for (const x of edits) emitEdit(this, x);
    const kept = s.changes.filter(
      (c) => c.establishment === e.id && c.set.kind === 'groupsPerYear' && c.set.programme === r.sizing.programme,
    ).length;
    this.applied =
      `${r.programmeName} at ${r.establishmentName}: groups a year set to ${a.groupsPerYear}. The scenario runs again.` +
      (kept
        ? ` ${plural(kept, 'scheduled change')} to its groups stay${kept === 1 ? 's' : ''} in the scenario (sizing set them aside).`
        : '');
  }

  private cancel = () => {
    if (this.status.phase === 'running') this.status.controller.abort();
  };

  private numberField(o: {
    id: string;
    label: string;
    text: string;
    fallback: number;
    valid: boolean;
    error: string;
    whole: boolean;
    min: number;
    hint?: string | TemplateResult;
    set: (value: string) => void;
  }) {
    const describedBy = [o.valid ? '' : `${o.id}-err`, o.hint ? `${o.id}-hint` : ''].filter(Boolean).join(' ');
    const isDefault = o.text.trim() !== '' && Number(o.text) === o.fallback;
    return html`<div class="field ${o.valid ? '' : 'has-error'}">
      <label for=${o.id}>${o.label}</label>
      <input
        id=${o.id}
        type="number"
        min=${o.min}
        step=${o.whole ? '1' : 'any'}
        inputmode=${o.whole ? 'numeric' : 'decimal'}
        .value=${o.text}
        aria-invalid=${o.valid ? 'false' : 'true'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => o.set((e.currentTarget as HTMLInputElement).value)}
      />
      ${isDefault ? html`<span class="badge badge-default" title="A default: change it to suit">default</span>` : nothing}
      ${o.hint ? html`<div class="hint" id="${o.id}-hint">${o.hint}</div>` : nothing}
      ${o.valid ? nothing : html`<div class="field-error" id="${o.id}-err">${o.error}</div>`}
    </div>`;
  }

  private renderStatus() {
    const s = this.status;
    let body: TemplateResult | typeof nothing = nothing;
    switch (s.phase) {
      case 'running':
        body = html`<span
            >Sizing ${s.what}: each level tried is a run of ${plural(s.replications, 'replication')}…</span
          >
          <progress aria-label="Sizing"></progress>
          <button type="button" class="small danger" @click=${this.cancel}>Cancel</button>`;
        break;
      case 'done':
        body = html`<span>Sized in ${seconds(s.elapsedMs)}: ${plural(s.levels, 'level')} tried.</span>`;
        break;
      case 'cancelled':
        body = html`<span>Sizing cancelled.${this.sized ? ' The table shows the last completed sizing.' : ''}</span>`;
        break;
      case 'failed':
        body = html`<span class="error-text">Sizing failed: ${s.message}.</span>`;
        break;
    }
    return html`<div class="sizing-status" role="status" aria-live="polite" data-phase=${s.phase}>
      ${body === nothing ? nothing : html`<div class="run-status phase-${s.phase}">${body}</div>`}
    </div>`;
  }

  private renderResult(r: Sized) {
    const s = r.sizing;
    const title = `${r.programmeName} at ${r.establishmentName}`;
    return html`<section class="sizing-result" aria-labelledby="sizing-result-h">
      <h3 id="sizing-result-h">${title}, target unmet need ${s.targetUnmetPerYear.toLocaleString('en-GB')} a year</h3>
      ${
        r.scenarioJson !== this.scenarioJson
          ? html`<p class="stale-note" role="note">
              These figures are for an earlier version of the scenario: find the fewest groups again to update them.
            </p>`
          : nothing
      }
      <p class="sizing-answer" data-answer=${s.answer ? String(s.answer.groupsPerYear) : 'none'}>
        <strong>${answerSentence(s, r.maxGroupsPerYear)}</strong>
      </p>
      ${s.answer ? this.renderAnswerDetail(r) : nothing}
      <div class="table-scroll">
        <table class="data-table sizing-table" data-programme=${s.programme} data-establishment=${s.establishment}>
          <caption>
            <span>Levels tried</span>
            ${csvButton(`the levels tried for ${title}`, `${s.establishment}-${s.programme}-sizing`, () => sizingCsv(s))}
            <div class="caption-note">
              A year, except waiting at the end of the horizon; mean (5th–95th percentile) of
              ${plural(r.replications, 'replication')} a level, seed ${r.seed}.
            </div>
          </caption>
          <thead>
            <tr>
              <th scope="col">Groups a year</th>
              <th scope="col">Places a year</th>
              <th scope="col">Starts a year</th>
              <th scope="col">Unmet need a year</th>
              <th scope="col">Waiting at end</th>
              <th scope="col">Meets the target</th>
              <th scope="col">Chance of meeting it</th>
            </tr>
          </thead>
          <tbody>
            ${sortedSteps(s).map((step) => {
              const answer = step.groupsPerYear === s.answer?.groupsPerYear;
              return html`<tr
                data-groups=${step.groupsPerYear}
                class=${answer ? 'sizing-answer-row' : ''}
                data-answer=${answer ? 'true' : 'false'}
              >
                <th scope="row">
                  ${step.groupsPerYear}${answer ? html` <span class="badge badge-answer">fewest</span>` : nothing}
                </th>
                <td class="num">${num(step.placesPerYear, 0)}</td>
                ${statCell(step.startsPerYear, 'startsPerYear', 1)}
                ${statCell(step.unmetNeedPerYear, 'unmetNeedPerYear', 1)}
                ${statCell(step.waitingAtEnd, 'waitingAtEnd', 0)}
                <td class="num">${meetsTarget(s, step) ? 'yes' : 'no'}</td>
                <td class="num" data-share=${step.shareMeetingTarget ?? ''}>
                  ${step.shareMeetingTarget === undefined ? '–' : percent(step.shareMeetingTarget)}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private renderAnswerDetail(r: Sized) {
    const s = r.sizing;
    const a = s.answer!;
    const split = sizingSplit(s, a);
    const reasons = borderlineReasons(s);
    const stale = r.scenarioJson !== this.scenarioJson;
    const target = s.targetUnmetPerYear.toLocaleString('en-GB');
    return html`${
        a.shareMeetingTarget !== undefined
          ? html`<p class="sizing-chance" data-share=${a.shareMeetingTarget}>
              Chance of meeting the target at ${plural(a.groupsPerYear, 'group')} a year:
              <strong>${percent(a.shareMeetingTarget)}</strong> (the share of replications whose unmet need a year is at
              or under ${target}).
            </p>`
          : nothing
      }
      ${
        reasons.length
          ? html`<div class="borderline" role="note" data-borderline="true">
              <strong>A borderline answer.</strong>
              <ul>
                ${reasons.map((x) => html`<li>${x}</li>`)}
              </ul>
              Plan for one group more, or size again with more replications.
            </div>`
          : html`<p class="hint" data-borderline="false">
              Not borderline: the interval stays on one side of the target and one group fewer is clearly worse.
            </p>`
      }
      ${
        split
          ? html`<dl class="sizing-split">
                <dt>Clearing today’s list</dt>
                <dd data-part="clearing">
                  ${stat(split.waitingAtStart, 0)} people are waiting at the start. Cleared over the
                  ${num(split.horizonYears, 1)}-year horizon, that is about ${num(split.clearingStartsPerYear, 0)}
                  starts a year, needed once.
                </dd>
                <dt>Sustaining each year</dt>
                <dd data-part="sustaining">
                  About ${num(split.joiningPerYear.mean, 0)} eligible people join the list a year. Keeping pace with
                  them, less the ${target} a year the target allows, takes about
                  ${num(split.sustainingStartsPerYear, 0)} starts a year:
                  ${plural(split.sustainingGroupsPerYear, 'group')} of ${num(split.groupSize, 0)} a year once the list
                  is cleared.
                </dd>
              </dl>
              <p class="hint">
                The engine sizes the total only. These two parts are read from the same runs (people waiting at the
                start, people joining a year), not found by a search of their own, and a longer horizon spreads the
                clearing thinner.
              </p>`
          : html`<p class="hint">
              This sizing does not report the people waiting at the start and joining a year, so the answer cannot be
              split into clearing the list and sustaining it: size again.
            </p>`
      }
      <div class="sizing-apply">
        <button type="button" ?disabled=${stale} @click=${() => this.apply(r)}>
          Apply ${plural(a.groupsPerYear, 'group')} a year to the scenario
        </button>
        ${stale ? html`<span class="hint">The scenario has changed since: find the fewest groups again first.</span>` : nothing}
        <p class="applied" role="status">${this.applied ?? ''}</p>
      </div>`;
  }

  protected override render() {
    const s = this.scenario;
    if (!s) return html`<p class="empty" role="status">No scenario loaded yet.</p>`;
    const f = this.form(s);
    const e = f.establishment;
    const p = f.programme;
    if (!e || !p) return html`<p class="empty">Sizing needs an establishment and a programme in the catalogue.</p>`;
    const delivered = e.programmes.find((d) => d.programme === p.id);
    const groupSize = delivered?.groupSize ?? p.groupSize;
    const running = this.status.phase === 'running';
    const reason = !this.scenarioJson
      ? 'The scenario has errors: fix them to size a programme.'
      : !this.pool
        ? 'The simulation workers are not ready.'
        : '';
    const ready = f.target !== null && f.maxGroups !== null && f.replications !== null && !reason;
    return html`<section class="card" aria-labelledby="sizing-h">
      <h2 id="sizing-h" tabindex="-1">Size a programme</h2>
      <p class="hint">
        How many starts a year does this population need? The fewest whole groups a year that keep mean unmet need a
        year at or under a target.
      </p>
      <form class="sizing-form" @submit=${(ev: Event) => void this.find(ev)}>
        <div class="grid-fields">
          <div class="field">
            <label for="sizing-establishment">Establishment</label>
            <select
              id="sizing-establishment"
              @change=${(ev: Event) => (this.establishment = (ev.currentTarget as HTMLSelectElement).value)}
            >
              ${s.establishments.map((x) => html`<option value=${x.id} ?selected=${x === e}>${x.name}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="sizing-programme">Programme</label>
            <select
              id="sizing-programme"
              aria-describedby="sizing-programme-hint"
              @change=${(ev: Event) => (this.programme = (ev.currentTarget as HTMLSelectElement).value)}
            >
              ${s.programmes.map((x) => html`<option value=${x.id} ?selected=${x === p}>${x.name}</option>`)}
            </select>
            <div class="hint" id="sizing-programme-hint">
              ${
                delivered
                  ? `Now ${plural(delivered.groupsPerYear, 'group')} a year of ${groupSize} (${num(delivered.groupsPerYear * groupSize, 0)} places).`
                  : `Not delivered here now: sizing adds it, in groups of ${groupSize}.`
              }
            </div>
          </div>
          ${this.numberField({
            id: 'sizing-target',
            label: 'Target unmet need a year',
            text: f.targetText,
            fallback: DEFAULT_TARGET,
            valid: f.target !== null,
            error: 'Enter a number of people a year, 0 or more.',
            whole: false,
            min: 0,
            hint: 'People a year whose window closes before they start.',
            set: (v) => (this.target = v),
          })}
          ${this.numberField({
            id: 'sizing-max',
            label: 'Maximum groups a year',
            text: f.maxText,
            fallback: DEFAULT_MAX_GROUPS,
            valid: f.maxGroups !== null,
            error: 'Enter a whole number from 1 to 520.',
            whole: true,
            min: 1,
            hint: '52 is a group starting every week.',
            set: (v) => (this.maxGroups = v),
          })}
          ${this.numberField({
            id: 'sizing-replications',
            label: 'Replications for sizing',
            text: f.repsText,
            fallback: this.defaultReplications(),
            valid: f.replications !== null,
            error: `Enter a whole number from 1 to ${MAX_REPLICATIONS.toLocaleString('en-GB')}.`,
            whole: true,
            min: 1,
            hint: `Each level tried is a full run, so at most ${SIZING_REPLICATIONS} by default${s.replications > SIZING_REPLICATIONS ? ` (the scenario uses ${s.replications.toLocaleString('en-GB')})` : ''}.`,
            set: (v) => (this.replications = v),
          })}
        </div>
        <div class="sizing-actions">
          <button type="submit" ?disabled=${running || !ready}>Find the fewest groups</button>
          ${reason ? html`<span class="error-text">${reason}</span>` : nothing}
        </div>
        <p class="hint">
          Every level is a full run with the same seed, so levels share their random numbers; scheduled changes to
          ${shortName({ programme: p.id, name: p.name })}'s groups at ${e.name} are set aside while sizing.
        </p>
      </form>
      ${this.renderStatus()} ${this.sized ? this.renderResult(this.sized) : nothing}
    </section>`;
  }
}
customElements.define('pw-sizing-view', SizingView);

declare global {
  interface HTMLElementTagNameMap {
    'pw-sizing-view': SizingView;
  }
}
