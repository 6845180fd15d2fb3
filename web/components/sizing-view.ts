/**
 * Size a programme: "how many places does this population need?" In two parts a team acts on
 * apart: places once, to clear the list waiting at the start, and the fewest whole groups a year
 * that keep the unmet need places can fix at or under a target once it is cleared, optionally
 * within a limit on groups at once (`sizeProgramme` in the core), its search and list at the start run
 * on two workers of the pool at once.
 *
 * The app keeps this element while another tab is shown, so the form, a sizing in progress and
 * its answer survive a change of tab.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  meanStayWeeks,
  todayLevel,
  type Scenario,
  type SizingProgress,
  type SizingResult,
  type SizingStep,
} from '../../src/index.js';
import { RunCancelledError, type WorkerPool } from '../../workers/pool.js';
import { num, percent, seconds, stat } from '../format.js';
import {
  answerSentence,
  borderlineReasons,
  inBeds,
  levelOf,
  levelWords,
  limitSentence,
  meetsTarget,
  plural,
  replicationsRun,
  sizingCsv,
  sortedSteps,
  targetReasonWords,
} from '../results/sizing.js';
import { LightElement, emitEdit, type EditOp } from './base.js';
import { csvButton, shortName, statCell } from './tables.js';

export const DEFAULT_TARGET = 5;
export const DEFAULT_MAX_GROUPS = 52;
/** A bed-based unit is searched up to this many beds unless told. */
export const DEFAULT_MAX_BEDS = 500;
/**
 * The answer runs this many replications (or the scenario's, if fewer) unless told; the other
 * levels tried stop once theirs say which side of the target they lie (levelDecision.ts).
 */
export const SIZING_REPLICATIONS = 500;
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
  /** The highest level the search could try: groups a year, or beds when sizing beds. */
  maxGroupsPerYear: number;
  replications: number;
  seed: string;
}

/** A whole number typed in an optional field: undefined when empty, null when not valid. */
function parseOptional(raw: string, min: number, max: number): number | undefined | null {
  return raw.trim() === '' ? undefined : parse(raw, true, min, max);
}

type Phase =
  | { phase: 'idle' }
  | {
      phase: 'running';
      controller: AbortController;
      what: string;
      replications: number;
      beds: boolean;
      /** How far the search has gone; null until the worker first says. */
      progress: SizingProgress | null;
    }
  | { phase: 'done'; elapsedMs: number; levels: number; replications: number | null }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/** A number typed in a field, or null if it is empty, out of range, or not whole when it must be. */
function parse(raw: string, whole: boolean, min: number, max: number): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) return null;
  return n;
}

/** Sustained unmet need, marked where its interval crosses the target. */
function sustainedCell(step: SizingStep) {
  const u = step.sustainedUnmetPerYear;
  return html`<td
    class="num ${step.crossesTarget ? 'crosses-target' : ''}"
    data-measure="sustainedUnmetPerYear"
    data-mean=${String(u.mean)}
    data-crosses=${step.crossesTarget ? 'true' : 'false'}
  >
    <span class="mean">${num(u.mean, 1)}</span
    >${u.p5 !== u.p95 ? html` <span class="interval">(${num(u.p5, 1)}–${num(u.p95, 1)})</span>` : nothing}${
      step.crossesTarget
        ? html` <span class="badge badge-crosses" title="The 5th–95th percentile interval crosses the target"
            >crosses target</span
          >`
        : nothing
    }
  </td>`;
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
    maxBeds: { state: true },
    maxAtOnce: { state: true },
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
  declare maxBeds: string | null;
  /** Most groups at once (facilitators): empty for no limit. */
  declare maxAtOnce: string;
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
    this.maxBeds = null;
    this.maxAtOnce = '';
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
    // A bed-based unit there (TC, DTC, PIPE) is sized in beds, searched up to its own maximum.
    const delivery = establishment?.programmes.find((d) => d.programme === programme?.id);
    const beds = delivery?.beds !== undefined;
    const maxText = beds ? (this.maxBeds ?? String(DEFAULT_MAX_BEDS)) : (this.maxGroups ?? String(DEFAULT_MAX_GROUPS));
    const repsText = this.replications ?? String(this.defaultReplications());
    return {
      establishment,
      programme,
      targetText,
      beds,
      maxText,
      repsText,
      target: parse(targetText, false, 0, 1e9),
      maxGroups: parse(maxText, true, 1, beds ? 5000 : 520),
      maxAtOnce: beds ? undefined : parseOptional(this.maxAtOnce, 1, 520),
      replications: parse(repsText, true, 1, MAX_REPLICATIONS),
    };
  }

  private async find(e: Event): Promise<void> {
    e.preventDefault();
    const s = this.scenario;
    if (!s || !this.pool || !this.scenarioJson || this.status.phase === 'running') return;
    const f = this.form(s);
    if (
      !f.establishment ||
      !f.programme ||
      f.target === null ||
      f.maxGroups === null ||
      f.maxAtOnce === null ||
      f.replications === null
    )
      return;
    const controller = new AbortController();
    const scenarioJson = this.scenarioJson;
    const names = { establishmentName: f.establishment.name, programmeName: f.programme.name };
    const running = {
      phase: 'running' as const,
      controller,
      what: `${f.programme.name} at ${f.establishment.name}`,
      replications: f.replications,
      beds: f.beds,
      progress: null,
    };
    this.status = running;
    try {
      const r = await this.pool.sizeProgramme({
        scenarioJson,
        options: { replications: f.replications },
        sizing: {
          establishment: f.establishment.id,
          programme: f.programme.id,
          targetUnmetPerYear: f.target,
          ...(f.beds ? { unit: 'beds' as const, maxBeds: f.maxGroups } : { maxGroupsPerYear: f.maxGroups }),
          ...(f.maxAtOnce !== undefined ? { maxConcurrentGroups: f.maxAtOnce } : {}),
        },
        signal: controller.signal,
        onProgress: (progress) => {
          if (this.status.phase === 'running' && this.status.controller === controller)
            this.status = { ...running, progress };
        },
      });
      this.sized = {
        sizing: r.sizing,
        scenarioJson,
        ...names,
        maxGroupsPerYear: f.maxGroups,
        replications: f.replications,
        seed: String(s.seed),
      };
      this.status = {
        phase: 'done',
        elapsedMs: r.elapsedMs,
        levels: r.sizing.steps.length,
        replications: replicationsRun(r.sizing),
      };
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

  /** Set the answer's groups a year (or beds) in the scenario, as sizing ran it (delivered here, not referred). */
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
    const beds = inBeds(r.sizing);
    const key = beds ? 'beds' : 'groupsPerYear';
    const level = levelOf(r.sizing, a);
    if (di >= 0) edits.push({ op: 'set', path: ['establishments', ei, 'programmes', di, key], value: level });
    else
      edits.push({
        op: 'insert',
        path: ['establishments', ei, 'programmes'],
        value: beds
          ? { programme: r.sizing.programme, beds: level, acceptsReferrals: false }
          : { programme: r.sizing.programme, groupsPerYear: level, acceptsReferrals: false },
      });
    for (const x of edits) emitEdit(this, x);
    const kept = s.changes.filter(
      (c) => c.establishment === e.id && c.set.kind === key && c.set.programme === r.sizing.programme,
    ).length;
    this.applied =
      `${r.programmeName} at ${r.establishmentName}: ${beds ? 'beds' : 'groups a year'} set to ${level}. The scenario runs again.` +
      (kept
        ? ` ${plural(kept, 'scheduled change')} to its ${beds ? 'beds' : 'groups'} stay${kept === 1 ? 's' : ''} in the scenario (sizing set them aside).`
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
            >Sizing ${s.what}: the answer runs ${plural(s.replications, 'replication')}, each other level tried as many
            as say which side of the target it lies…</span
          >
          ${
            s.progress
              ? html`<span
                  class="sizing-progress"
                  aria-live="off"
                  data-levels=${s.progress.levelsTried}
                  data-replications=${s.progress.replications}
                  >${plural(s.progress.levelsTried, 'level')} tried, ${plural(s.progress.replications, 'replication')}
                  so far; now
                  ${s.beds ? plural(s.progress.level, 'bed') : `${num(s.progress.level, 0)} groups a year`}.</span
                >`
              : nothing
          }
          <progress aria-label="Sizing"></progress>
          <button type="button" class="small danger" @click=${this.cancel}>Cancel</button>`;
        break;
      case 'done':
        body = html`<span
          >Sized in ${seconds(s.elapsedMs)}: ${plural(s.levels, 'level')}
          tried${s.replications === null ? '' : `, ${plural(s.replications, 'replication')} in all`}.</span
        >`;
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
      <h3 id="sizing-result-h">
        ${title}, target unmet need places can fix ${s.targetUnmetPerYear.toLocaleString('en-GB')} a year
      </h3>
      ${
        r.scenarioJson !== this.scenarioJson
          ? html`<p class="stale-note" role="note">
              These figures are for an earlier version of the scenario: find the fewest ${inBeds(s) ? 'beds' : 'groups'}
              again to update them.
            </p>`
          : nothing
      }
      <p
        class="sizing-answer"
        data-unit=${inBeds(s) ? 'beds' : 'groups'}
        data-answer=${s.answer ? String(levelOf(s, s.answer)) : 'none'}
      >
        <strong>${answerSentence(s, r.maxGroupsPerYear)}</strong>
      </p>
      ${this.renderParts(r)}
      <div class="table-scroll">
        <table class="data-table sizing-table" data-programme=${s.programme} data-establishment=${s.establishment}>
          <caption>
            <span>Levels tried</span>
            ${csvButton(`the levels tried for ${title}`, `${s.establishment}-${s.programme}-sizing`, () => sizingCsv(s))}
            <div class="caption-note">
              Each level run with the list at the start set aside. A year, except waiting at the end of the horizon;
              mean (5th–95th percentile) over the replications in the last column, seed ${r.seed}. The answer runs all
              ${num(r.replications, 0)}; another level stops once they show which side of the target it lies (at least
              30, its mean 4 standard errors from it).
            </div>
          </caption>
          <thead>
            <tr>
              <th scope="col">${inBeds(s) ? 'Beds' : 'Groups a year'}</th>
              ${inBeds(s) ? nothing : html`<th scope="col">Groups at once</th>`}
              <th scope="col">Places a year</th>
              <th scope="col">Joining a year</th>
              <th scope="col">Starts a year</th>
              <th scope="col">Unmet need places can fix, in the horizon</th>
              <th scope="col">Unmet need places can fix, sustained</th>
              <th scope="col">Waiting at end</th>
              <th scope="col">Meets the target</th>
              <th scope="col">Chance of meeting it</th>
              <th scope="col">Replications</th>
            </tr>
          </thead>
          <tbody>
            ${sortedSteps(s).map((step) => {
              const answer = s.answer !== null && levelOf(s, step) === levelOf(s, s.answer);
              return html`<tr
                data-groups=${step.groupsPerYear}
                data-beds=${step.beds ?? nothing}
                class=${answer ? 'sizing-answer-row' : ''}
                data-answer=${answer ? 'true' : 'false'}
              >
                <th scope="row">
                  ${levelOf(s, step)}${answer ? html` <span class="badge badge-answer">fewest</span>` : nothing}${
                    levelOf(s, step) === todayLevel(s) ? html` <span class="badge">today</span>` : nothing
                  }
                </th>
                ${inBeds(s) ? nothing : html`<td class="num">${step.concurrentGroups}</td>`}
                <td class="num">${num(step.placesPerYear, 0)}</td>
                ${step.joiningPerYear ? statCell(step.joiningPerYear, 'joiningPerYear', 1) : html`<td class="num">–</td>`}
                ${statCell(step.startsPerYear, 'startsPerYear', 1)}
                ${statCell(step.fixableUnmetPerYear, 'fixableUnmetPerYear', 1)} ${sustainedCell(step)}
                ${statCell(step.waitingAtEnd, 'waitingAtEnd', 0)}
                <td class="num">${meetsTarget(s, step) ? 'yes' : 'no'}</td>
                <td class="num" data-share=${step.shareMeetingTarget ?? ''}>
                  ${step.shareMeetingTarget === undefined ? '–' : percent(step.shareMeetingTarget)}
                </td>
                <td class="num" data-replications=${step.replications ?? nothing}>
                  ${step.replications === undefined ? '–' : num(step.replications, 0)}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  /** The two parts (clearing once, sustaining each year), the chance, the limit, and applying the answer. */
  private renderParts(r: Sized) {
    const s = r.sizing;
    const a = s.answer;
    const c = s.clearing;
    const reasons = borderlineReasons(s);
    const stale = r.scenarioJson !== this.scenarioJson;
    const target = s.targetUnmetPerYear.toLocaleString('en-GB');
    const limit = limitSentence(s);
    return html`<dl class="sizing-split">
        <dt>Clearing the list at the start, once</dt>
        <dd data-part="clearing" data-places=${c.places} data-groups=${c.groups} data-beds=${c.beds ?? nothing}>
          ${
            inBeds(s)
              ? html`${stat(c.waitingAtStart, 0)} people are waiting when the window opens (the list that today’s
                  ${plural(s.currentBeds ?? 0, 'bed')} leave): <strong>${plural(c.places, 'place')}</strong>, about
                  ${plural(c.beds ?? 0, 'extra bed')} held for a year (a place holds a bed for the mean stay of
                  ${num(s.meanStayWeeks, 1)} weeks), needed once.`
              : html`${stat(c.waitingAtStart, 0)} people are waiting when the window opens (the list that today’s
                  ${plural(s.currentGroupsPerYear, 'group')} a year leave):
                  <strong>${plural(c.places, 'place')}</strong>, ${plural(c.groups, 'group')} of ${s.groupSize}, needed
                  once.`
          }
        </dd>
        <dt>Sustaining the flow, each year</dt>
        <dd
          data-part="sustaining"
          data-groups=${a ? a.groupsPerYear : 'none'}
          data-beds=${a && inBeds(s) ? String(a.beds) : nothing}
        >
          ${
            a
              ? html`<strong>${levelWords(s, levelOf(s, a))}</strong> (${num(a.placesPerYear, 0)} places a year,
                  ${inBeds(s) ? html`rolling intake` : html`${plural(a.concurrentGroups, 'group')} at once`}) for about
                  ${num(a.joiningPerYear?.mean, 0)} people joining a year.
                  <span class="sizing-chance" data-share=${a.shareMeetingTarget ?? ''}
                    >Chance of meeting the target: <strong>${percent(a.shareMeetingTarget)}</strong> (the share of
                    replications at or under ${target}).</span
                  >`
              : html`No level the search could use meets the target.`
          }
        </dd>
      </dl>
      ${
        limit
          ? html`<p
              class="sizing-limit ${s.limit?.binds ? 'binds' : ''}"
              role=${s.limit?.binds ? 'alert' : nothing}
              data-binds=${s.limit?.binds ? 'true' : 'false'}
            >
              ${s.limit?.binds ? html`<strong>The limit binds.</strong> ` : nothing}${limit}
            </p>`
          : nothing
      }
      ${
        !a
          ? nothing
          : reasons.length
            ? html`<div class="borderline" role="note" data-borderline="true">
                <strong>A borderline answer.</strong>
                <ul>
                  ${reasons.map((x) => html`<li>${x}</li>`)}
                </ul>
                Plan for ${inBeds(s) ? 'a few beds' : 'one group'} more, or size again with more replications.
              </div>`
            : html`<p class="hint" data-borderline="false">
                Not borderline: the interval stays on one side of the target and one ${inBeds(s) ? 'bed' : 'group'}
                fewer is clearly worse.
              </p>`
      }
      <p class="hint">
        The target counts the unmet need more places can fix: ${targetReasonWords(s)}. Each level runs with the list at
        the start set aside, so it sizes the flow alone, whatever the horizon. A level with fewer places than people
        joining, less the target, is held to that shortfall: its list grows until the difference goes unmet every year,
        even where the horizon ends before it shows.
      </p>
      ${
        a
          ? html`<div class="sizing-apply">
              <button type="button" ?disabled=${stale} @click=${() => this.apply(r)}>
                Apply ${levelWords(s, levelOf(s, a))} to the scenario
              </button>
              ${
                stale
                  ? html`<span class="hint"
                      >The scenario has changed since: find the fewest ${inBeds(s) ? 'beds' : 'groups'} again
                      first.</span
                    >`
                  : nothing
              }
              <p class="applied" role="status">${this.applied ?? ''}</p>
            </div>`
          : nothing
      }`;
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
    const stay = meanStayWeeks(p);
    const running = this.status.phase === 'running';
    const reason = !this.scenarioJson
      ? 'The scenario has errors: fix them to size a programme.'
      : !this.pool
        ? 'The simulation workers are not ready.'
        : '';
    const ready =
      f.target !== null && f.maxGroups !== null && f.maxAtOnce !== null && f.replications !== null && !reason;
    return html`<section class="card" aria-labelledby="sizing-h">
      <h2 id="sizing-h" tabindex="-1">Size a programme</h2>
      <p class="hint">
        How many places does this population need? Places once, to clear the list waiting at the start, and the fewest
        whole groups a year that then keep the unmet need places can fix at or under a target.
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
                f.beds
                  ? `Bed-based: now ${plural(delivered?.beds ?? 0, 'bed')} with rolling intake, a mean stay of ${num(stay, 1)} weeks (${num(((delivered?.beds ?? 0) * 52) / stay, 0)} places a year). Sized in beds.`
                  : delivered
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
            hint: 'People a year whose window closes while they wait, for reasons more places can fix.',
            set: (v) => (this.target = v),
          })}
          ${
            f.beds
              ? this.numberField({
                  id: 'sizing-max',
                  label: 'Maximum beds',
                  text: f.maxText,
                  fallback: DEFAULT_MAX_BEDS,
                  valid: f.maxGroups !== null,
                  error: 'Enter a whole number from 1 to 5,000.',
                  whole: true,
                  min: 1,
                  hint: 'The most beds the search tries.',
                  set: (v) => (this.maxBeds = v),
                })
              : this.numberField({
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
                })
          }
          ${
            f.beds
              ? nothing
              : this.numberField({
                  id: 'sizing-at-once',
                  label: 'Most groups at once (facilitators)',
                  text: this.maxAtOnce,
                  fallback: NaN,
                  valid: f.maxAtOnce !== null,
                  error: 'Enter a whole number from 1 to 520, or leave it empty for no limit.',
                  whole: true,
                  min: 1,
                  hint: `Empty: no limit. A ${p.durationWeeks}-week course, ${plural(2, 'group')} at once, runs ${plural(Math.floor((2 * 52) / p.durationWeeks), 'group')} a year.`,
                  set: (v) => (this.maxAtOnce = v),
                })
          }
          ${this.numberField({
            id: 'sizing-replications',
            label: 'Replications for sizing',
            text: f.repsText,
            fallback: this.defaultReplications(),
            valid: f.replications !== null,
            error: `Enter a whole number from 1 to ${MAX_REPLICATIONS.toLocaleString('en-GB')}.`,
            whole: true,
            min: 1,
            hint: `The answer runs them all, other levels as many as decide them; at most ${SIZING_REPLICATIONS} by default${s.replications > SIZING_REPLICATIONS ? ` (the scenario uses ${s.replications.toLocaleString('en-GB')})` : ''}.`,
            set: (v) => (this.replications = v),
          })}
        </div>
        <div class="sizing-actions">
          <button type="submit" ?disabled=${running || !ready}>Find the fewest ${f.beds ? 'beds' : 'groups'}</button>
          ${reason ? html`<span class="error-text">${reason}</span>` : nothing}
        </div>
        <p class="hint">
          Every level runs with the same seed, so levels share their random numbers; scheduled changes to
          ${shortName({ programme: p.id, name: p.name })}'s ${f.beds ? 'beds' : 'groups'} at ${e.name} are set aside
          while sizing.
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
