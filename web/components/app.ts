/**
 * The Placewise app: holds the scenario document, checks it once per change in the validation
 * worker (never on this thread: a hostile file can take the loader a while), runs it (debounced)
 * in the worker pool, keeps the last valid results on screen, and wires the views together.
 *
 * Data flow: components get data as properties and send changes up as events (`pw-edit`,
 * `pw-open-file`, ...); only this component changes state.
 */
import { html, nothing, type PropertyValues } from 'lit';
import {
  leadingReplications,
  precisionTargetSentence,
  REGION_SAMPLE_SCOPE,
  resolveAttributes,
} from '../../src/index.js';
import type {
  Attribute,
  Problem,
  ReplicationSamples,
  Results,
  RunOptions,
  Scenario,
  SummaryOptions,
} from '../../src/index.js';
import defaultScenarioText from '../../scenarios/stafford-2014.json?raw';
import type { RunResult, WorkerPool } from '../../workers/pool.js';
import { RunChannel, type RunOutcome } from '../../workers/runChannel.js';
import { createBrowserPool, createBrowserValidator } from '../../workers/spawn.js';
import type { Validator } from '../../workers/validator.js';
import { editField, insertAt, moveAt, removeAt, getAt } from '../scenario/doc.js';
import {
  checkDoc,
  fileNameFor,
  openFile,
  openShareLink,
  openText,
  problemsByPath,
  serializeDoc,
  type Checked,
  type Opened,
} from '../scenario/io.js';
import { ScenarioStore, type Baseline } from '../persistence.js';
import { ScenarioHistory, type RecentScenario } from '../storage/history.js';
import { openStored, type StoredScenarios } from '../storage/startup.js';
import { engineBuild, memoised, readKeptRuns, writeKeptRun, type RunSlot } from '../storage/keptRuns.js';
import { keptRunKey, runKey } from '../../workers/runMemo.js';
import { WriteBehind } from '../storage/writeBehind.js';
import { SAFE_LINK_LENGTH, shareUrl, sharePayload } from '../share.js';
import { downloadText, slug } from '../download.js';
import { listBuiltins } from '../scenario/builtins.js';
import { wordAll } from '../scenario/fieldWords.js';
import { estimatedRunMs, isLargeRun, provisionalReplications, warmUpFor } from '../runs/pace.js';
import type { LatestRun } from './editor/readout.js';
import { toCsv } from '../csv.js';
import { headlineFigures } from '../results/figures.js';
import {
  EVERY_ESTABLISHMENT_SCOPE,
  EVERY_ESTABLISHMENT_WHOSE,
  runningPrecision,
  type RunningPrecision,
} from '../results/precisionNote.js';
import { LightElement, type EditOp } from './base.js';
import type { RunState } from './status.js';
import type { Reference } from './compare-view.js';
import type { FieldContext } from './fields.js';
import type { SizingPreset } from './sizing-view.js';
import './toolbar.js';
import './builtin-picker.js';
import './status.js';
import './problems.js';
import './results-view.js';
import './region-view.js';
import './compare-view.js';
import './report-view.js';
import './sizing-view.js';
import './editor/editor.js';
import './recent-list.js';

export type View = 'results' | 'region' | 'compare' | 'sizing' | 'edit' | 'report';

const VIEWS: { id: View; label: string }[] = [
  { id: 'results', label: 'Results' },
  { id: 'region', label: 'Region' },
  { id: 'compare', label: 'Compare' },
  { id: 'sizing', label: 'Sizing' },
  { id: 'edit', label: 'Edit scenario' },
  { id: 'report', label: 'Report' },
];

/**
 * An edit that follows another this closely is run this long after the last one; an edit on its
 * own is run at once. Short, because the first figures are provisional (a few replications) and a
 * superseded run's short tasks finish rather than restart workers.
 */
export const EDIT_DEBOUNCE_MS = 50;

/** An edit of a document up to this long is run while it is checked (the built-ins are under 200,000). */
export const RUN_WHILE_CHECKING_MAX_CHARS = 1_000_000;

const NO_PROBLEMS: Problem[] = [];

interface Notice {
  kind: 'error' | 'info';
  title: string;
  problems?: Problem[];
  /** e.g. "Restore the previous scenario". */
  action?: { label: string; run: () => void };
}

interface Comparison {
  name: string;
  fileName: string;
  doc: unknown;
  results: Results | null;
  samples: ReplicationSamples | null;
  status: string | null;
}

/** What a finished run did against its scenario's precision target, for the run strip (none without one). */
function precisionOutcome(results: Results): { precision?: { sentence: string } } {
  const sentence = precisionTargetSentence(results);
  return sentence === null ? {} : { precision: { sentence } };
}

/** The pinned baseline, with its replications kept in memory only (they are too big to store). */
type PinnedBaseline = Baseline & { status: string | null; samples: ReplicationSamples | null };

export class PlacewiseApp extends LightElement {
  static override properties = {
    view: { state: true },
    doc: { state: true },
    checked: { state: true },
    valid: { state: true },
    results: { state: true },
    runState: { state: true },
    baseline: { state: true },
    comparison: { state: true },
    notice: { state: true },
    share: { state: true },
    dragging: { state: true },
    compareWith: { state: true },
    sizingPreset: { state: true },
    recent: { state: true },
    provisional: { state: true },
    provisionalSamples: { state: true },
  };

  declare view: View;
  /** The scenario document as opened and edited (raw JSON, not defaults-filled). */
  declare doc: unknown;
  /** The validation worker's last verdict on the document (on `checkedJson`: it may lag an edit). */
  declare checked: Checked;
  /** The last document that loaded, and its scenario. */
  declare valid: { doc: unknown; scenario: Scenario; warnings: Problem[] } | null;
  declare results: Results | null;
  declare runState: RunState;
  declare baseline: PinnedBaseline | null;
  declare comparison: Comparison | null;
  declare notice: Notice | null;
  declare share: string | null;
  declare dragging: boolean;
  /** Which reference the compare view differences against. */
  declare compareWith: 'baseline' | 'file';
  /** Where the Results view last asked to size a programme. */
  declare sizingPreset: SizingPreset | null;
  /** The last ten scenarios open here, newest first (storage/history.ts). */
  declare recent: RecentScenario[];
  /** The results shown are provisional: the first replications of a run still refining (or cancelled). */
  declare provisional: boolean;
  /**
   * The headline counts of the provisional figures' replications (the first of the run's samples so
   * far), so their notes say how precisely those few are known; null until they are in.
   */
  declare provisionalSamples: ReplicationSamples | null;
  /** Bumped per run started, so a late preview of a superseded run is never shown. */
  private runToken = 0;
  /** The document of the run started before its verdict came (setDoc), until the verdict does. */
  private uncheckedRunJson: string | null = null;
  /** Its results (provisional or full) when they come first, shown once the verdict does. */
  private heldResults: { json: string; show: () => void } | null = null;
  /** That run's failure, held for its verdict: reported if the document loads, else its errors are. */
  private earlyFailure: { json: string; message: string } | null = null;
  /** The last full run's results, shown again when a run is cancelled after its provisional figures. */
  private lastComplete: { results: Results; json: string; run: number } | null = null;

  private pool: WorkerPool | null = null;
  private validator: Validator | null = null;
  /** Verdicts applied, exposed as data-checks. */
  private verdicts = 0;
  /** The JSON of the document `checked` is about. */
  private checkedJson = '';
  /** Documents the validation worker found to load: the only ones written over the saved scenario. */
  private readonly knownToLoad = new WeakSet<object>();
  private mainRuns: RunChannel | null = null;
  private compareRuns: RunChannel | null = null;
  private baselineRuns: RunChannel | null = null;
  private store: ScenarioStore;
  private history: ScenarioHistory;
  /** The draft and the saved scenario are written after an edit's first figures (writeBehind.ts). */
  private readonly writes = new WriteBehind();
  private stopFlushOnHide: (() => void) | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  /** When the last edit was run or scheduled (performance.now()): edits closer than the debounce wait for a pause. */
  private lastEditAt = -Infinity;
  private attributesCache: { key: unknown; value: Attribute[]; json: string } | null = null;
  /** Counts results shown; exposed as data-results-run so tests can wait for fresh results. */
  private resultsRun = 0;
  /** JSON of the document, and of the document the shown results are for. */
  private docJson = '';
  private resultsJson = '';
  /** Each replication's headline counts for the results shown, and the document they are for. */
  private samples: ReplicationSamples | null = null;
  /** The last full run shown and its scenario's text, kept for a baseline pinned from it (keepForNextVisit). */
  private lastDone: { outcome: Extract<RunOutcome, { status: 'done' }>; json: string; options: RunOptions } | null =
    null;
  /** Runs stopped early kept from the last visit (keptRuns.ts): a large scenario opens on one of its own. */
  private keptStopped: { key: string; replications: number }[] = [];
  private resultsDoc: unknown = null;
  /** The establishment Results shows (its id; '' until one is chosen: the first). */
  private shownEstablishment = '';
  /** The samples so far of the run going on (RunProgress.samples), and the strip's precision of them (runningPrecisionOf). */
  private samplesSoFar: {
    token: number;
    samples: ReplicationSamples;
    scenario: Scenario;
    /** The run stops on every establishment's means (its target's scope). */
    everyEstablishment: boolean;
    scope: string;
    precision: RunningPrecision | null;
  } | null = null;
  private baselineRunning = false;
  private baselineRerunFor: unknown = null;

  constructor() {
    super();
    this.view = 'results';
    this.doc = null;
    this.checked = { ok: false, doc: null, errors: [], warnings: [] };
    this.valid = null;
    this.results = null;
    this.runState = { phase: 'idle' };
    this.baseline = null;
    this.comparison = null;
    this.notice = null;
    this.share = null;
    this.dragging = false;
    this.compareWith = 'baseline';
    this.sizingPreset = null;
    this.provisional = false;
    this.provisionalSamples = null;
    let storage: Storage | null = null;
    try {
      storage = window.localStorage;
    } catch {
      storage = null; // storage disabled: work is kept for this page only
    }
    this.store = new ScenarioStore(storage, (d) => typeof d === 'object' && d !== null && this.knownToLoad.has(d));
    this.history = new ScenarioHistory(storage);
    this.recent = this.history.recent();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.pool = createBrowserPool();
    this.validator = createBrowserValidator();
    this.mainRuns = new RunChannel(this.pool);
    this.compareRuns = new RunChannel(this.pool);
    this.baselineRuns = new RunChannel(this.pool);
    window.addEventListener('dragover', this.onWindowDragOver);
    window.addEventListener('dragleave', this.onWindowDragLeave);
    window.addEventListener('drop', this.onWindowDrop);
    window.addEventListener('hashchange', this.onHashChange);
    this.stopFlushOnHide = this.writes.flushOnHide(window);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('dragover', this.onWindowDragOver);
    window.removeEventListener('dragleave', this.onWindowDragLeave);
    window.removeEventListener('drop', this.onWindowDrop);
    window.removeEventListener('hashchange', this.onHashChange);
    this.writes.flush();
    this.stopFlushOnHide?.();
    this.pool?.dispose();
    this.validator?.dispose();
  }

  // ------------------------------------------------------------------ start-up

  private async start(): Promise<void> {
    const engine = engineBuild();
    const [stored, kept] = await Promise.all([
      openStored(this.history, this.validator!),
      engine === null ? [] : readKeptRuns(engine),
    ]);
    // The last visit's runs, for the pool to show again if the scenario opened now, or the
    // baseline's, is their scenario.
    for (const run of kept) this.pool?.memo?.set(run.key, memoised(run));
    this.keptStopped = kept.flatMap((r) => (r.stoppedEarly ? [{ key: r.key, replications: r.replications }] : []));
    const opened =
      (await this.fromShareLink(stored)) || this.fromDraft() || this.fromStorage(stored) || (await this.fromDefault());
    if (!opened) this.notice = { kind: 'error', title: 'No scenario could be opened.' };
    const [aside] = stored.setAside;
    if (aside) {
      this.notice = {
        kind: 'error',
        title: `Your ${aside.what} could not be opened (${aside.reason}). It has been kept aside, not overwritten.`,
        action: {
          label: `Download the ${aside.what}`,
          run: () => downloadText(aside.text, `placewise-${slug(aside.what, 'kept')}.json`, 'application/json'),
        },
      };
    }
    const baseline = stored.baseline;
    if (baseline) {
      this.knownToLoad.add(baseline.doc as object);
      this.baseline = {
        ...baseline,
        samples: null,
        status: baseline.results ? null : 'Computing the baseline again…',
      };
      if (!baseline.results) void this.runBaseline(baseline.doc);
    }
  }

  /** Open a file's text: checked once, in the validation worker. */
  private openText(text: string): Promise<Opened> {
    return openText(this.validator!, text);
  }

  /** A share link wins over the saved scenario; the hash is then cleared so a reload keeps edits. */
  private async fromShareLink(stored: StoredScenarios | null): Promise<boolean> {
    const payload = sharePayload(location.hash);
    if (payload === null) return false;
    history.replaceState(null, '', location.pathname + location.search);
    const opened = await openShareLink(this.validator!, payload); // unpacked in the worker
    if ('linkError' in opened) {
      this.notice = { kind: 'error', title: opened.linkError };
      return false;
    }
    if (!opened.ok) {
      this.notice = {
        kind: 'error',
        title: 'The scenario in the share link does not load; your saved scenario is unchanged.',
        problems: wordAll(opened.doc, opened.errors),
      };
      return false;
    }
    // At start-up the scenario it replaces is the draft or the saved one; later, the one on screen.
    const previous = stored ? (this.history.draft() ?? stored.current?.doc ?? null) : this.doc;
    const undo = this.replaceDoc(opened.doc, previous, { confirmLarge: true, checked: opened });
    this.notice = {
      kind: 'info',
      title: `Opened “${opened.scenario.name}” from a share link.`,
      ...(undo ? { action: undo } : {}),
    };
    return true;
  }

  /**
   * Replace the scenario with a whole new one (a file, a link, the default). The one it replaces
   * is kept, so the notice can offer to bring it back: opening something never loses work.
   */
  private replaceDoc(
    doc: unknown,
    previous: unknown,
    opts: { confirmLarge?: boolean; checked?: Checked } = {},
  ): Notice['action'] | null {
    // Both go in the recent list, so the one replaced can be reopened even after a reload.
    const previousJson = JSON.stringify(previous ?? null);
    this.history.remember(previous, previousJson);
    this.setDoc(doc, { immediate: true, ...opts }); // an opened file's verdict is not asked for again
    this.history.remember(doc, this.docJson);
    this.recent = this.history.recent();
    if (previous === null || previous === undefined || previousJson === this.docJson) return null;
    const name =
      typeof getAt(previous, ['name']) === 'string' ? (getAt(previous, ['name']) as string) : 'the previous scenario';
    return {
      label: `Go back to “${name}”`,
      run: () => {
        this.setDoc(previous, { immediate: true });
        this.notice = { kind: 'info', title: `Back to “${name}”.` };
      },
    };
  }

  /** Edits that had errors when the page closed come back, errors shown. */
  private fromDraft(): boolean {
    const draft = this.history.draft();
    if (draft === null) return false;
    this.setDoc(draft, { immediate: true });
    return true;
  }

  private fromStorage(stored: StoredScenarios): boolean {
    const current = stored.current;
    if (current === null) return false;
    this.setDoc(current.doc, { immediate: true, confirmLarge: true, checked: current });
    return true;
  }

  private async fromDefault(): Promise<boolean> {
    const opened = await this.openText(defaultScenarioText);
    if (!opened.ok) {
      this.notice = {
        kind: 'error',
        title: 'The built-in scenario does not load.',
        problems: wordAll(opened.doc, opened.errors),
      };
      return false;
    }
    this.setDoc(opened.doc, { immediate: true, checked: opened });
    return true;
  }

  private onHashChange = () => {
    if (sharePayload(location.hash) !== null) void this.fromShareLink(null);
  };

  // ------------------------------------------------------------------ the document

  /**
   * Replace the document and check it, once, in the validation worker (or take the verdict it
   * was opened with). Until the verdict comes the document is kept as a draft, so a reload never
   * loses an edit; a verdict overtaken by a newer edit is dropped. An edit is run (after the
   * debounce) while it is checked, not after: the simulation workers load it with the same loader,
   * so an invalid one fails there before simulating anything, and its verdict marks the field.
   */
  private setDoc(doc: unknown, opts: { immediate: boolean; confirmLarge?: boolean; checked?: Checked }): void {
    this.doc = doc;
    const json = JSON.stringify(doc);
    this.docJson = json;
    if (opts.checked) {
      this.applyVerdict(opts.checked, json, opts);
      return;
    }
    // Until the verdict: a reload mid-check keeps the edit (written once the first figures are
    // on screen, or as the page goes: writeBehind.ts).
    this.writes.later('draft', () => this.history.saveDraft(doc, json));
    const typing = this.debounce !== null;
    this.clearDebounce();
    if (!this.mainRuns?.running) this.runState = { phase: 'waiting' };
    void checkDoc(this.validator!, doc, json, { channel: 'document' }).then((checked) => {
      // Dropped when a newer edit overtook it: its own verdict is on the way.
      if (checked !== null && json === this.docJson) this.applyVerdict(checked, json, opts);
    });
    // A large file (thousands of unknown fields, say) is checked first: every task of a run posts
    // its text to a worker, long tasks on this thread while the check runs.
    if (opts.immediate || json.length > RUN_WHILE_CHECKING_MAX_CHARS) return;
    // An edit on its own runs at once: waiting out the debounce was a sixth of the 0.3 s an edit
    // has to its first figures. One that comes within the debounce of the edit before it (keys
    // held down, a paste) waits for the next pause, as before.
    const at = performance.now();
    const burst = typing || at - this.lastEditAt < EDIT_DEBOUNCE_MS;
    this.lastEditAt = at;
    this.scheduleRun(burst ? EDIT_DEBOUNCE_MS : 0, true);
  }

  /** The verdict on the document on screen: save it if it loads, and run it (now or after the debounce). */
  private applyVerdict(
    checked: Checked,
    json: string,
    opts: { immediate: boolean; confirmLarge?: boolean; checked?: Checked },
  ): void {
    this.checked = checked;
    this.checkedJson = json;
    this.setAttribute('data-checks', String(++this.verdicts)); // for tests: a verdict is on screen
    const doc = checked.doc;
    if (checked.ok) {
      const scenario = checked.scenario;
      if (typeof doc === 'object' && doc !== null) this.knownToLoad.add(doc);
      this.valid = { doc, scenario, warnings: checked.warnings };
      this.writes.later('current', () => this.store.saveCurrent(doc, json));
      this.writes.later('draft', () => this.history.clearDraft());
      // Run before its verdict came: its failure (a scenario too large, say) is reported now, or
      // it is under way already and not started again.
      if (this.earlyFailure?.json === json) {
        this.runState = { phase: 'failed', message: this.earlyFailure.message };
        this.earlyFailure = null;
        return;
      }
      if (this.uncheckedRunJson === json) {
        this.uncheckedRunJson = null;
        const held = this.heldResults;
        this.heldResults = null;
        if (held?.json === json) held.show();
        return;
      }
      const workers = this.pool?.size ?? 1;
      // A large saved run is not started on load: the page would be busy for minutes unasked. One
      // whose results are kept (the last visit's run of it, keptRuns.ts) is shown: nothing to wait for.
      // So is one the user stopped early last time (Stop here): its replications, as they were.
      const kept = this.pool?.memo?.has(runKey(json, {})) ?? false;
      const stopped = kept
        ? undefined
        : this.keptStopped.find((r) => r.key === runKey(json, { replications: r.replications }));
      if (opts.confirmLarge && stopped && isLargeRun(scenario, workers)) {
        this.clearDebounce();
        void this.runNow(false, false, { replications: stopped.replications });
        return;
      }
      if (opts.confirmLarge && !kept && isLargeRun(scenario, workers)) {
        this.clearDebounce();
        this.runState = {
          phase: 'confirm',
          replications: scenario.replications,
          estimateMs: estimatedRunMs(scenario, workers),
          workers,
          ...(scenario.precisionTarget === undefined ? {} : { target: scenario.precisionTarget }),
        };
        return;
      }
      this.scheduleRun(opts.immediate ? 0 : EDIT_DEBOUNCE_MS);
    } else {
      // Kept even with errors: nothing typed is lost on a reload (an edit's draft is saved already).
      if (opts.checked) this.writes.later('draft', () => this.history.saveDraft(doc, json));
      if (this.earlyFailure?.json === json) this.earlyFailure = null;
      this.clearDebounce();
      if (!this.mainRuns?.running) this.runState = { phase: 'invalid', errors: checked.errors.length };
    }
  }

  private applyEdit(edit: EditOp): void {
    let next: unknown;
    switch (edit.op) {
      case 'set':
        next = editField(this.doc, edit.path, edit.value);
        break;
      case 'insert':
        next = insertAt(this.doc, edit.path, edit.value, edit.index);
        break;
      case 'remove':
        next = removeAt(this.doc, edit.path, edit.index);
        break;
      case 'move':
        next = moveAt(this.doc, edit.path, edit.index, edit.delta);
        break;
    }
    this.setDoc(next, { immediate: false });
  }

  private onEdit = (e: CustomEvent<EditOp>) => {
    e.stopPropagation();
    this.applyEdit(e.detail);
  };

  // ------------------------------------------------------------------ running

  private clearDebounce(): void {
    if (this.debounce !== null) clearTimeout(this.debounce);
    this.debounce = null;
  }

  /** `unchecked`: run the document even before its verdict (an edit, run while it is checked). */
  private scheduleRun(delay: number, unchecked = false): void {
    this.clearDebounce();
    if (delay <= 0) {
      void this.runNow(unchecked);
      return;
    }
    if (!this.mainRuns?.running) this.runState = { phase: 'waiting' };
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.runNow(unchecked);
    }, delay);
  }

  /** The establishment Results shows: the one chosen there, or the first until one is. */
  private resultsEstablishment(scenario: Scenario): Scenario['establishments'][number] | undefined {
    return scenario.establishments.find((e) => e.id === this.shownEstablishment) ?? scenario.establishments[0];
  }

  /**
   * Whose means the run strip's precision so far is of: the establishment Results shows, or the
   * region on every other view (as their notes are), or every establishment's where the run's
   * target asks them (`everyEstablishment`); a file of one establishment is simply "the means".
   */
  private precisionScope(scenario: Scenario, everyEstablishment: boolean): { scope: string; whose: string | null } {
    const establishments = scenario.establishments;
    if (establishments.length === 1) return { scope: REGION_SAMPLE_SCOPE, whose: null };
    const shown = this.view === 'results' ? this.resultsEstablishment(scenario) : undefined;
    if (shown) return { scope: shown.id, whose: shown.name };
    // Off one prison's Results, a run stopping on every establishment's means shows the widest of them.
    if (everyEstablishment) return { scope: EVERY_ESTABLISHMENT_SCOPE, whose: EVERY_ESTABLISHMENT_WHOSE };
    return { scope: REGION_SAMPLE_SCOPE, whose: 'The region' };
  }

  /**
   * The strip's precision of the samples so far of run `token`, for the scope the view reads now;
   * worked out again only when the samples or the scope change.
   */
  private runningPrecisionOf(
    token: number,
    samples: ReplicationSamples,
    scenario: Scenario,
    everyEstablishment: boolean,
  ): RunningPrecision | null {
    const { scope, whose } = this.precisionScope(scenario, everyEstablishment);
    const kept = this.samplesSoFar;
    if (kept?.token === token && kept.samples === samples && kept.scope === scope) return kept.precision;
    const precision = runningPrecision(samples, scope, whose);
    this.samplesSoFar = { token, samples, scenario, everyEstablishment, scope, precision };
    return precision;
  }

  /**
   * The strip's precision read again when the view, or the establishment Results shows, changes
   * during a run: at once, not when the next batch comes back (national's come a second or two apart).
   */
  private rescopeRunningPrecision(): void {
    const kept = this.samplesSoFar;
    const state = this.runState;
    if (!kept || kept.token !== this.runToken || state.phase !== 'running') return;
    const precision = this.runningPrecisionOf(kept.token, kept.samples, kept.scenario, kept.everyEstablishment);
    if (precision !== (state.precision ?? null)) this.runState = { ...state, precision };
  }

  /**
   * What of a provisional summary the view on screen shows, the only parts it works out: the
   * weekly series (Results draws one establishment's, Region the region's, the report every one)
   * and the breakdowns by band, offence and year (Results shows one establishment's, the report
   * every one). A national scenario's other series and breakdowns were most of its provisional
   * summary and of what crossed to the page.
   */
  private shownInSummary(scenario: Scenario): SummaryOptions {
    switch (this.view) {
      case 'results': {
        const shown = this.resultsEstablishment(scenario)?.id;
        const establishments = shown === undefined ? [] : [shown];
        return { weeklySeries: { region: false, establishments }, breakdowns: establishments };
      }
      case 'region':
        return { weeklySeries: { region: true, establishments: [] }, breakdowns: [] };
      case 'report':
        return { weeklySeries: true };
      default:
        return { weeklySeries: false, breakdowns: [] };
    }
  }

  /**
   * `unchecked`: run the document even before its verdict. `fresh`: simulate it even where this tab
   * has run the same document before (the user pressed Run again), not show that run's results again.
   */
  private async runNow(unchecked = false, fresh = false, options?: RunOptions): Promise<void> {
    this.clearDebounce();
    if (!this.mainRuns || !this.pool) return;
    // A document the worker has found invalid is never run; one still being checked only when asked.
    const verdictIn = this.checkedJson === this.docJson;
    if (verdictIn ? !this.checked.ok : !unchecked) return;
    const json = this.docJson;
    const doc = this.doc;
    // The pace (provisional replications) of an unchecked edit is its last valid version's.
    const paced = this.checked.ok && verdictIn ? this.checked.scenario : this.valid?.scenario;
    if (!paced) return;
    this.uncheckedRunJson = verdictIn ? null : json;
    this.earlyFailure = null;
    const replications = getAt(doc, ['replications']);
    const token = ++this.runToken;
    const startedAt = performance.now();
    const k = provisionalReplications(paced, this.pool.size);
    let shownProvisional: number | null = null;
    // How precisely the means so far are known, worked out again as each batch extends them.
    let precision: RunningPrecision | null = null;
    // The file's own, as `replications` above: an edit run before its verdict is paced by the last valid version.
    const asked = getAt(doc, ['precisionTarget']);
    const target = typeof asked === 'number' ? asked : null;
    const targetScope = getAt(doc, ['precisionScope']) === 'everyEstablishment' ? 'everyEstablishment' : 'region';
    // The strip reads the widest of every establishment's means where this run stops on them.
    const everyEstablishment = target !== null && targetScope === 'everyEstablishment';
    this.runState = {
      phase: 'running',
      done: 0,
      total: typeof replications === 'number' ? replications : paced.replications,
      summarizing: false,
      startedAt,
      target,
      targetScope,
    };
    const outcome: RunOutcome = await this.mainRuns.run({
      scenarioJson: json,
      ...(fresh ? { fresh } : {}),
      ...(options ? { options } : {}),
      onProgress: (p) => {
        if (token !== this.runToken) return;
        if (this.runState.phase === 'running' || this.runState.phase === 'waiting') {
          if (p.samples) {
            precision = this.runningPrecisionOf(token, p.samples, paced, everyEstablishment);
            if (shownProvisional !== null && this.provisional && !this.provisionalSamples)
              this.provisionalSamples = leadingReplications(p.samples, shownProvisional);
          }
          this.runState = {
            phase: 'running',
            done: p.done,
            total: p.total,
            summarizing: p.phase === 'summarizing',
            startedAt,
            provisional: shownProvisional,
            precision,
            target,
            targetScope,
            ...(this.runState.phase === 'running' && this.runState.stopping ? { stopping: true } : {}),
          };
        }
      },
      ...(k > 0
        ? {
            provisional: {
              replications: k,
              ...this.shownInSummary(paced),
              onResults: (results: Results) =>
                this.whenChecked(json, () => {
                  if (token !== this.runToken) return;
                  shownProvisional = k;
                  this.showResults(results, json, true);
                  const soFar = this.samplesSoFar?.token === token ? this.samplesSoFar.samples : null;
                  this.provisionalSamples = soFar ? leadingReplications(soFar, k) : null;
                  if (this.runState.phase === 'running') this.runState = { ...this.runState, provisional: k };
                  this.writeAfterPaint();
                }),
            },
          }
        : {}),
    });
    // Its samples so far are the results' now, or nothing's.
    if (this.samplesSoFar?.token === token) this.samplesSoFar = null;
    switch (outcome.status) {
      case 'done':
        this.whenChecked(json, () => this.showDone(outcome, json, doc, options ?? {}));
        break;
      case 'superseded':
        break;
      case 'cancelled':
        // A run cancelled before its verdict stays cancelled: the verdict does not start it again.
        this.dropProvisional();
        this.runState = { phase: 'cancelled' };
        break;
      case 'failed': {
        this.dropProvisional();
        const message = outcome.error.message.replace(/\.$/, '');
        if (this.uncheckedRunJson === json) {
          // Run before its verdict: an invalid document fails in the worker's loader. Its verdict
          // says why at the field; a valid one's failure is reported when its verdict comes.
          this.uncheckedRunJson = null;
          const now = this.checked as Checked;
          if (this.checkedJson !== json) this.earlyFailure = { json, message };
          else if (!now.ok) this.runState = { phase: 'invalid', errors: now.errors.length };
          else this.runState = { phase: 'failed', message };
          break;
        }
        this.runState = { phase: 'failed', message };
        break;
      }
    }
  }

  /**
   * Put results of a run of `json` on screen now, or once its verdict says it loads: a run started
   * before its verdict shows nothing until then (the page draws results only for a checked
   * document, and never while it is being checked).
   */
  private whenChecked(json: string, show: () => void): void {
    if (this.uncheckedRunJson === json && this.checkedJson !== json) this.heldResults = { json, show };
    else show();
  }

  /** A finished run's results on screen, with the status that says so. */
  private showDone(
    outcome: Extract<RunOutcome, { status: 'done' }>,
    json: string,
    doc: unknown,
    options: RunOptions,
  ): void {
    if (!this.pool) return;
    this.writes.flush(); // the scenario is saved by the time its results are shown
    this.samples = outcome.samples;
    this.lastDone = { outcome, json, options };
    this.resultsDoc = doc;
    this.showResults(outcome.results, json, false);
    // For measuring (scripts/measure-provisional.ts): the run's own clock, compile to summary.
    this.setAttribute('data-run-ms', String(Math.round(outcome.elapsedMs)));
    this.setAttribute('data-run-replications', String(outcome.replications));
    this.setAttribute('data-run-phases', JSON.stringify(outcome.phases));
    this.keepForNextVisit('last', outcome, json, options);
    // The document may have changed (and broken) while the run was going; a verdict still to come says so itself.
    const now = this.checked as Checked;
    this.runState =
      now.ok || this.checkedJson !== this.docJson
        ? {
            phase: 'done',
            replications: outcome.replications,
            elapsedMs: outcome.elapsedMs,
            workers: this.pool.size,
            seed: outcome.results.seed,
            ...(outcome.reused ? { reusedFromMs: outcome.reused.simulatedMs } : {}),
            ...(outcome.reused?.savedAt !== undefined ? { savedAt: outcome.reused.savedAt } : {}),
            ...(outcome.stoppedEarly ? { stoppedAtRequested: outcome.stoppedEarly.requested } : {}),
            ...precisionOutcome(outcome.results),
          }
        : { phase: 'invalid', errors: now.errors.length };
    // While the page is idle, the workers run a few throwaway runs of it: the first edit's
    // first figures then come as quickly as later edits' (pace.ts, api.ts's warm). Its full run
    // is still slower in Chromium, where V8 reoptimises code the second compile threw away
    // (docs/notes/national-where-the-time-goes.md, "Chromium's optimising compiler").
    const warm = now.ok && this.checkedJson === json ? warmUpFor(now.scenario) : null;
    // data-warm-ups counts the throwaway runs done, for measuring (scripts/measure-provisional.ts).
    if (warm)
      void this.pool.warmUp(json, warm).then((n) => {
        if (n > 0) this.setAttribute('data-warm-ups', String(Number(this.getAttribute('data-warm-ups') ?? 0) + n));
      });
  }

  /**
   * Put results on screen. Only a full run counts as results shown (data-results-run); provisional
   * figures set data-provisional (the replications behind them) until the full run replaces them.
   */
  private showResults(results: Results, json: string, provisional: boolean): void {
    this.results = results;
    this.resultsJson = json;
    this.provisional = provisional;
    this.provisionalSamples = null;
    if (provisional) {
      this.setAttribute('data-provisional', String(results.replications));
      return;
    }
    this.resultsRun++;
    this.lastComplete = { results, json, run: this.resultsRun };
    this.setAttribute('data-results-run', String(this.resultsRun));
    this.removeAttribute('data-provisional');
  }

  /**
   * Keeps a full run of `json` in the browser for the next visit (keptRuns.ts), in `slot`, once the
   * results are drawn: a run the pool's memo keeps (not too large). A run shown from what was kept
   * is rewritten only into another slot (a baseline pinned from it).
   */
  private keepForNextVisit(
    slot: RunSlot,
    outcome: Pick<RunResult, 'results' | 'samples' | 'replications' | 'elapsedMs' | 'reused' | 'stoppedEarly'>,
    json: string,
    options: RunOptions,
  ): void {
    const engine = engineBuild();
    // Under the key the pool's memo keeps it by (a run stopped early: the run of the replications it did).
    const key = keptRunKey(json, options, outcome);
    if (engine === null || (slot === 'last' && outcome.reused?.savedAt !== undefined)) return;
    if (!this.pool?.memo?.has(key)) return;
    const { results, samples, replications, stoppedEarly } = outcome;
    const elapsedMs = outcome.reused?.simulatedMs ?? outcome.elapsedMs;
    const run = {
      key,
      engine,
      results,
      samples,
      replications,
      elapsedMs,
      savedAt: outcome.reused?.savedAt ?? Date.now(),
      ...(stoppedEarly ? { stoppedEarly } : {}),
    };
    // Storing clones the results on this thread (30 ms for Stafford's, 120 ms for the West
    // Midlands' on the 2-core machine): after they are drawn, when the page is idle.
    const write = () => void writeKeptRun(slot, run);
    requestAnimationFrame(() =>
      typeof requestIdleCallback === 'function' ? requestIdleCallback(write, { timeout: 2000 }) : setTimeout(write, 0),
    );
  }

  /** The storage writes waiting (writeBehind.ts) made once the figures just shown are painted. */
  private writeAfterPaint(): void {
    requestAnimationFrame(() => setTimeout(() => this.writes.flush(), 0));
  }

  /** A run that stops before its end takes its provisional figures with it: back to the last full run's. */
  private dropProvisional(): void {
    if (!this.provisional) return;
    this.provisional = false;
    this.provisionalSamples = null;
    this.removeAttribute('data-provisional');
    const last = this.lastComplete;
    this.results = last?.results ?? null;
    this.resultsJson = last?.json ?? '';
  }

  private cancelRun = () => {
    this.clearDebounce();
    this.mainRuns?.cancel();
  };

  /** "Stop here": the run ends with full results of the replications it has done (pool.ts stopEarly). */
  private stopRunEarly = () => {
    if (this.runState.phase !== 'running') return;
    this.mainRuns?.stopEarly();
    this.runState = { ...this.runState, stopping: true };
  };

  /**
   * Runs the baseline `doc` again for its replications. `replications`: those of its pinned results,
   * where they are not the file's (a run stopped early): a run of that many gives those results.
   */
  private async runBaseline(doc: unknown, replications?: number): Promise<void> {
    if (!this.baselineRuns) return;
    this.baselineRunning = true;
    const options: RunOptions =
      replications !== undefined && replications !== getAt(doc, ['replications']) ? { replications } : {};
    const outcome = await this.baselineRuns.run({ scenarioJson: JSON.stringify(doc), options });
    this.baselineRunning = false;
    if (!this.baseline || this.baseline.doc !== doc) return;
    if (outcome.status === 'done') {
      // For tests: whether the baseline's replications were simulated or kept (from this tab or a visit before).
      const how = outcome.reused === undefined ? 'simulated' : outcome.reused.savedAt === undefined ? 'tab' : 'browser';
      this.setAttribute('data-baseline-run', how);
      this.baseline = { ...this.baseline, results: outcome.results, samples: outcome.samples, status: null };
      this.keepForNextVisit('baseline', outcome, JSON.stringify(doc), options);
    } else if (outcome.status === 'failed')
      this.baseline = { ...this.baseline, status: `The baseline could not be computed: ${outcome.error.message}` };
  }

  // ------------------------------------------------------------------ files, links, exports

  /** A file, checked in the validation worker (which reads it); null when it cannot be read. */
  private async readFile(file: File): Promise<Opened | null> {
    try {
      return await openFile(this.validator!, file);
    } catch (e) {
      this.notice = { kind: 'error', title: `“${file.name}” could not be read: ${(e as Error).message}` };
      return null;
    }
  }

  /** Open a file as the current scenario. A file that does not load leaves everything as it was. */
  private async openFile(file: File): Promise<void> {
    const opened = await this.readFile(file);
    if (opened === null) return;
    if (!opened.ok) {
      this.notice = {
        kind: 'error',
        title: `“${file.name}” was not opened: the current scenario is unchanged.`,
        problems: wordAll(opened.doc, opened.errors),
      };
      return;
    }
    const undo = this.replaceDoc(opened.doc, this.valid?.doc ?? null, { checked: opened });
    this.notice = {
      kind: 'info',
      title: `Opened “${opened.scenario.name}” from ${file.name}.${opened.warnings.length ? ` It loads with ${opened.warnings.length} warning${opened.warnings.length === 1 ? '' : 's'} (see below).` : ''}`,
      ...(undo ? { action: undo } : {}),
    };
  }

  private async openComparison(file: File): Promise<void> {
    const opened = await this.readFile(file);
    if (opened === null) return;
    if (!opened.ok) {
      this.notice = {
        kind: 'error',
        title: `“${file.name}” was not opened for comparison.`,
        problems: wordAll(opened.doc, opened.errors),
      };
      return;
    }
    const doc = opened.doc;
    this.comparison = {
      name: opened.scenario.name,
      fileName: file.name,
      doc,
      results: null,
      samples: null,
      status: `Running “${opened.scenario.name}”…`,
    };
    this.view = 'compare';
    this.compareWith = 'file';
    const outcome = await this.compareRuns!.run({ scenarioJson: JSON.stringify(doc) });
    if (!this.comparison || this.comparison.doc !== doc) return;
    if (outcome.status === 'done')
      this.comparison = { ...this.comparison, results: outcome.results, samples: outcome.samples, status: null };
    else if (outcome.status === 'failed')
      this.comparison = { ...this.comparison, status: `The compared scenario failed to run: ${outcome.error.message}` };
    else if (outcome.status === 'cancelled') this.comparison = { ...this.comparison, status: 'Cancelled.' };
  }

  private save = () => {
    downloadText(serializeDoc(this.doc), fileNameFor(this.doc), 'application/json');
    if (!this.checked.ok)
      this.notice = { kind: 'info', title: `Saved with ${this.checked.errors.length} error(s) still to fix.` };
  };

  private openShare = () => {
    this.share = shareUrl(location.href, this.doc);
    void this.updateComplete.then(() => {
      const dialog = this.querySelector<HTMLDialogElement>('#share-dialog');
      if (dialog && !dialog.open) dialog.showModal();
      this.querySelector<HTMLInputElement>('#share-link')?.select();
    });
  };

  private async copyShare(): Promise<void> {
    const input = this.querySelector<HTMLInputElement>('#share-link');
    if (!input || !this.share) return;
    try {
      await navigator.clipboard.writeText(this.share);
      this.querySelector('#share-copied')!.textContent = 'Copied.';
    } catch {
      input.select();
      this.querySelector('#share-copied')!.textContent = 'Select the link and copy it (Ctrl+C).';
    }
  }

  private exportCsv = () => {
    const r = this.results;
    if (!r) return;
    const rows = headlineFigures(r).map((f) => [
      f.scopeLabel,
      f.scope,
      f.itemLabel,
      f.item,
      f.measureLabel,
      f.unit,
      f.stat.mean,
      f.stat.p5,
      f.stat.p50,
      f.stat.p95,
    ]);
    const csv = toCsv(['scope', 'scope_id', 'item', 'item_id', 'measure', 'unit', 'mean', 'p5', 'p50', 'p95'], rows);
    downloadText(csv, `${slug(r.scenario, 'results')}.csv`, 'text/csv');
  };

  private printReport = async () => {
    this.view = 'report';
    await this.updateComplete;
    // Give the report's charts a frame to lay out at the page's width.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    window.print();
  };

  private reset = async () => {
    if (
      !window.confirm(
        'Replace the current scenario with the built-in HMP Stafford 2014-15 scenario? Save the current one first to keep it.',
      )
    )
      return;
    const previous = this.valid?.doc ?? null;
    const opened = await this.openText(defaultScenarioText);
    if (!opened.ok) return;
    const undo = this.replaceDoc(opened.doc, previous, { checked: opened });
    this.notice = { kind: 'info', title: 'Opened the built-in scenario.', ...(undo ? { action: undo } : {}) };
  };

  /** Open a built-in scenario in place of the current one (the notice offers the way back). */
  private async openBuiltin(id: string): Promise<void> {
    const builtin = listBuiltins().find((b) => b.id === id);
    if (!builtin) return;
    const previous = this.valid?.doc ?? null;
    const opened = await this.openText(await builtin.load());
    if (!opened.ok) {
      this.notice = {
        kind: 'error',
        title: `The built-in scenario “${builtin.name}” does not load.`,
        problems: wordAll(opened.doc, opened.errors),
      };
      return;
    }
    const undo = this.replaceDoc(opened.doc, previous, { checked: opened });
    this.notice = {
      kind: 'info',
      title: `Opened the built-in scenario “${opened.scenario.name}”.`,
      ...(undo ? { action: undo } : {}),
    };
  }

  private pinBaseline = () => {
    if (!this.results || !this.valid) return;
    const baseline: Baseline = {
      name: this.results.scenario,
      pinnedAt: new Date().toISOString(),
      doc: this.resultsDoc ?? this.valid.doc,
      results: this.results,
    };
    this.store.saveBaseline(baseline);
    this.baseline = { ...baseline, status: null, samples: this.samples };
    // Its replications too, for the Compare view after a reload (localStorage keeps the summary).
    const done = this.lastDone;
    if (done && done.outcome.results === this.results)
      this.keepForNextVisit('baseline', done.outcome, done.json, done.options);
    this.compareWith = 'baseline';
    this.notice = {
      kind: 'info',
      title: `Pinned “${baseline.name}” as the baseline: the Compare view shows every figure as a difference from it.`,
    };
  };

  private clearBaseline = () => {
    this.store.clearBaseline();
    this.baseline = null;
  };

  // ------------------------------------------------------------------ drag and drop

  private onWindowDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.dragging = true;
  };

  private onWindowDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) this.dragging = false;
  };

  private onWindowDrop = (e: DragEvent) => {
    e.preventDefault();
    this.dragging = false;
    const file = e.dataTransfer?.files[0];
    if (file) void this.openFile(file);
  };

  // ------------------------------------------------------------------ navigation

  private async goto(path: string): Promise<void> {
    this.view = 'edit';
    const m = /^establishments\[(\d+)\]/.exec(path);
    await this.updateComplete;
    const editor = this.querySelector('pw-scenario-editor');
    if (editor && m) {
      editor.establishment = Number(m[1]);
      await editor.updateComplete;
    }
    // The deepest field at or above the path.
    let p = path;
    for (;;) {
      const el = this.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`);
      if (el) {
        el.closest('details')?.setAttribute('open', '');
        el.scrollIntoView({ block: 'center' });
        el.querySelector<HTMLElement>('input, select, textarea')?.focus();
        return;
      }
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return;
      p = p.slice(0, cut);
    }
  }

  /** The skip link moves focus into the view (the URL's hash carries share links, so it stays as it is). */
  private skipToMain = (e: Event) => {
    e.preventDefault();
    this.querySelector<HTMLElement>('#main')?.focus();
  };

  private selectView(view: View) {
    this.view = view;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view')) this.rescopeRunningPrecision();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A baseline kept from an earlier visit has no replications in memory: run it again to pair them.
    // Once per baseline, so a baseline that fails to run is not tried again on every update.
    const b = this.baseline;
    if (this.view === 'compare' && b && !b.samples && !this.baselineRunning && this.baselineRerunFor !== b.doc) {
      this.baselineRerunFor = b.doc;
      void this.runBaseline(b.doc, b.results?.replications);
    }
    // On a phone the tabs scroll sideways: keep the selected one in sight when the view changes by a link.
    if (changed.has('view')) {
      const tab = this.querySelector<HTMLElement>(`#tab-${this.view}`);
      const strip = tab?.parentElement;
      if (!tab || !strip) return;
      const t = tab.getBoundingClientRect();
      const s = strip.getBoundingClientRect();
      if (t.left < s.left) strip.scrollLeft -= s.left - t.left;
      else if (t.right > s.right) strip.scrollLeft += t.right - s.right;
    }
  }

  /** From the Results view: open sizing on its establishment and programme, and take focus there. */
  private async sizeFrom(preset: SizingPreset): Promise<void> {
    this.sizingPreset = preset;
    this.view = 'sizing';
    await this.updateComplete;
    this.querySelector<HTMLElement>('#sizing-h')?.focus();
  }

  private onTabKey(e: KeyboardEvent) {
    const i = VIEWS.findIndex((v) => v.id === this.view);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % VIEWS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + VIEWS.length) % VIEWS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = VIEWS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    this.view = VIEWS[next]!.id;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#tab-${this.view}`)?.focus());
  }

  // ------------------------------------------------------------------ rendering

  private editorCache: {
    doc: unknown;
    checked: Checked;
    results: Results | null;
    provisional: boolean;
    current: boolean;
    ctx: FieldContext;
    latest: LatestRun | null;
  } | null = null;

  /**
   * The editor's inputs, the same objects while what they are made from is unchanged: every
   * progress tick of a run redraws the app, and new objects would redraw the whole editor each time
   * (measured: a Stafford edit spent 1.9-6.9 s of the page's thread in such long tasks).
   */
  private editorInputs(): { ctx: FieldContext; latest: LatestRun | null } {
    const current = this.resultsJson === this.docJson;
    const c = this.editorCache;
    if (
      c &&
      c.doc === this.doc &&
      c.checked === this.checked &&
      c.results === this.results &&
      c.provisional === this.provisional &&
      c.current === current
    )
      return c;
    // New results alone keep the fields' context: only the readouts beside programme rows change,
    // and the sections that show none (settings, catalogue, case management, advanced) are not
    // drawn again when a run's figures come in. So does a verdict that finds no errors where there
    // were none: the edit drew the editor already, and drawing it again for the verdict took the
    // page's thread before the edit's first figures.
    const sameErrors = c !== null && (c.checked === this.checked || (c.checked.ok && this.checked.ok));
    const ctx: FieldContext =
      c && c.doc === this.doc && sameErrors
        ? c.ctx
        : {
            doc: this.doc,
            errors: problemsByPath(this.checked.ok ? [] : wordAll(this.doc, this.checked.errors)),
          };
    const latest: LatestRun | null =
      c && c.results === this.results && c.provisional === this.provisional && c.current === current
        ? c.latest
        : this.results
          ? { results: this.results, provisional: this.provisional, current }
          : null;
    this.editorCache = {
      doc: this.doc,
      checked: this.checked,
      results: this.results,
      provisional: this.provisional,
      current,
      ctx,
      latest,
    };
    return this.editorCache;
  }

  /**
   * The scenario's attributes, resolved. The same array while they are the same: every verdict
   * brings a new scenario object, and a new array drew the whole editor again at each one.
   */
  private schemeAttributes(): Attribute[] {
    const s = this.valid?.scenario;
    if (!s) return [];
    const c = this.attributesCache;
    if (c?.key !== s) {
      const value = resolveAttributes(s.bandScheme, s.attributes);
      const json = JSON.stringify(value);
      this.attributesCache = { key: s, value: c?.json === json ? c.value : value, json };
    }
    return this.attributesCache!.value;
  }

  private references(): Reference[] {
    const refs: Reference[] = [];
    if (this.baseline) {
      refs.push({
        kind: 'baseline',
        name: this.baseline.name,
        detail: this.baseline.pinnedAt,
        results: this.baseline.results ?? null,
        samples: this.baseline.samples,
        doc: this.baseline.doc,
        status: this.baseline.status,
      });
    }
    if (this.comparison)
      refs.push({
        kind: 'file',
        name: this.comparison.name,
        detail: this.comparison.fileName,
        results: this.comparison.results,
        samples: this.comparison.samples,
        doc: this.comparison.doc,
        status: this.comparison.status,
      });
    return refs;
  }

  private renderNotice() {
    const n = this.notice;
    if (!n) return nothing;
    return html`<div
      class="notice notice-${n.kind}"
      role=${n.kind === 'error' ? 'alert' : 'status'}
      data-kind=${n.kind}
    >
      <div>
        <strong>${n.title}</strong>
        ${
          n.problems?.length
            ? html`<ul>
                ${n.problems.slice(0, 20).map((p) => html`<li data-problem-path=${p.path}>${p.message}${p.path ? html` <span class="muted">(in the file at <code>${p.path}</code>)</span>` : nothing}</li>`)}
                ${n.problems.length > 20 ? html`<li>… and ${n.problems.length - 20} more.</li>` : nothing}
              </ul>`
            : nothing
        }
      </div>
      <div class="notice-actions">
        ${n.action ? html`<button type="button" class="small" @click=${n.action.run}>${n.action.label}</button>` : nothing}
        <button type="button" class="icon-button" aria-label="Dismiss" @click=${() => (this.notice = null)}>✕</button>
      </div>
    </div>`;
  }

  private renderView() {
    const r = this.results;
    switch (this.view) {
      case 'results':
        return html`<pw-results-view
          .results=${r}
          .samples=${this.shownSamples}
          .doc=${this.resultsDoc}
          .establishment=${this.shownEstablishment}
          @pw-establishment-change=${(e: CustomEvent<string>) => {
            this.shownEstablishment = e.detail;
            this.rescopeRunningPrecision();
          }}
          @pw-size-programme=${(e: CustomEvent<SizingPreset>) => void this.sizeFrom(e.detail)}
        ></pw-results-view>`;
      case 'region':
        return html`<pw-region-view .results=${r} .samples=${this.shownSamples}></pw-region-view>`;
      case 'compare':
        return html`<pw-compare-view
          .current=${r}
          .currentSamples=${this.shownSamples}
          .currentDoc=${this.resultsDoc}
          .currentName=${r?.scenario ?? ''}
          .references=${this.references()}
          .selected=${this.compareWith}
          @pw-compare-select=${(e: CustomEvent<'baseline' | 'file'>) => (this.compareWith = e.detail)}
          @pw-pin-baseline=${this.pinBaseline}
          @pw-clear-baseline=${this.clearBaseline}
          @pw-compare-file=${(e: CustomEvent<File>) => void this.openComparison(e.detail)}
          @pw-clear-comparison=${() => {
            this.compareRuns?.cancel();
            this.comparison = null;
          }}
        ></pw-compare-view>`;
      case 'edit': {
        const { ctx, latest } = this.editorInputs();
        return html`<pw-scenario-editor
          .ctx=${ctx}
          .latest=${latest}
          .schemeAttributes=${this.schemeAttributes()}
          @pw-edit=${this.onEdit}
        ></pw-scenario-editor>`;
      }
      case 'sizing':
        // Always rendered, below, so a sizing survives a change of tab.
        return nothing;
      case 'report':
        return html`<pw-report-view
          .results=${r}
          .samples=${this.shownSamples}
          .scenario=${this.valid?.scenario ?? null}
          .warnings=${[...(this.valid?.warnings ?? []), ...(r?.warnings ?? [])]}
        ></pw-report-view>`;
    }
  }

  /** The headline counts of the results shown: the provisional figures' own while they are shown. */
  private get shownSamples(): ReplicationSamples | null {
    return this.provisional ? this.provisionalSamples : this.samples;
  }

  private warningsCache: { checked: Checked; run: readonly Problem[]; value: Problem[] } | null = null;

  /**
   * The scenario's warnings and its run's. The same array while neither changes, so the problems
   * panel is not drawn again at every progress tick (a file can carry thousands of warnings).
   */
  private shownWarnings(): Problem[] {
    // A run's warnings are about the scenario it ran: not shown against another one.
    const run = this.results && this.resultsJson === this.docJson ? this.results.warnings : [];
    const c = this.warningsCache;
    if (c && c.checked === this.checked && (c.run === run || JSON.stringify(c.run) === JSON.stringify(run)))
      return c.value;
    const value = [...this.checked.warnings, ...run];
    this.warningsCache = { checked: this.checked, run, value };
    return value;
  }

  protected override render() {
    const name =
      typeof getAt(this.doc, ['name']) === 'string' ? (getAt(this.doc, ['name']) as string) : 'Untitled scenario';
    // The same empty list each time: a new one drew the problems panel again at every progress tick.
    const errors = this.checked.ok ? NO_PROBLEMS : this.checked.errors;
    const warnings = this.shownWarnings();
    return html`
      <a class="skip-link" href="#main" @click=${this.skipToMain}>Skip to main content</a>
      <header class="app-header">
        <div class="brand">
          <h1>Placewise</h1>
          <p class="scenario-name" title="Current scenario">${name}</p>
        </div>
        <pw-builtin-picker
          .current=${name}
          @pw-open-builtin=${(e: CustomEvent<string>) => void this.openBuiltin(e.detail)}
        ></pw-builtin-picker>
        <pw-toolbar
          .hasResults=${this.results !== null}
          @pw-open-file=${(e: CustomEvent<File>) => void this.openFile(e.detail)}
          @pw-save=${this.save}
          @pw-share=${this.openShare}
          @pw-export-csv=${this.exportCsv}
          @pw-print=${this.printReport}
          @pw-reset=${this.reset}
        ></pw-toolbar>
      </header>
      <pw-run-status
        .state=${this.runState}
        .hasResults=${this.results !== null}
        @pw-run=${() => void this.runNow(false, true)}
        @pw-cancel=${this.cancelRun}
        @pw-stop-early=${this.stopRunEarly}
      ></pw-run-status>
      ${this.renderNotice()}
      <pw-recent-list
        .recent=${this.recent}
        @pw-restore=${(e: CustomEvent<RecentScenario>) => {
          const undo = this.replaceDoc(e.detail.doc, this.doc);
          this.notice = {
            kind: 'info',
            title: `Opened “${e.detail.name}” from recent scenarios.`,
            ...(undo ? { action: undo } : {}),
          };
        }}
      ></pw-recent-list>
      <pw-problems
        role=${errors.length || warnings.length ? 'region' : nothing}
        aria-label=${errors.length || warnings.length ? 'Errors and warnings' : nothing}
        .doc=${this.checked.doc}
        .errors=${errors}
        .warnings=${warnings}
        @pw-goto=${(e: CustomEvent<string>) => void this.goto(e.detail)}
      ></pw-problems>
      <nav class="tabs-nav" aria-label="Views">
        <div class="tabs" role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
          ${VIEWS.map(
            (v) =>
              html`<button
                type="button"
                role="tab"
                id="tab-${v.id}"
                aria-selected=${this.view === v.id ? 'true' : 'false'}
                aria-controls="panel"
                tabindex=${this.view === v.id ? '0' : '-1'}
                @click=${() => this.selectView(v.id)}
              >
                ${v.label}${v.id === 'edit' && errors.length ? html` <span class="badge badge-error">${errors.length}</span>` : nothing}${v.id === 'compare' && this.baseline ? html` <span class="badge">baseline</span>` : nothing}
              </button>`,
          )}
        </div>
      </nav>
      <main id="main" class="view view-${this.view}" tabindex="-1">
        <div id="panel" role="tabpanel" aria-labelledby="tab-${this.view}">
          ${
            this.results && this.view !== 'edit' && this.view !== 'sizing' && this.resultsJson !== this.docJson
              ? html`<p class="stale-note" role="note">
                  These results are for
                  ${this.results.scenario === name ? 'an earlier version of this scenario' : `“${this.results.scenario}”`}:
                  ${this.checked.ok ? 'new results are on the way.' : 'fix the errors to run the edited scenario.'}
                </p>`
              : nothing
          }
          ${
            this.results && this.provisional && this.resultsJson === this.docJson && this.view !== 'sizing'
              ? html`<p class="provisional-note" role="note">
                  <span class="badge badge-provisional">provisional</span>
                  These figures are from the first ${this.results.replications.toLocaleString('en-GB')} replications
                  only: the full run is refining them.
                </p>`
              : nothing
          }
          ${this.renderView()}
          <pw-sizing-view
            ?hidden=${this.view !== 'sizing'}
            .scenario=${this.valid?.scenario ?? null}
            .scenarioJson=${this.checked.ok && this.checkedJson === this.docJson ? this.docJson : ''}
            .pool=${this.pool}
            .preset=${this.sizingPreset}
            @pw-edit=${this.onEdit}
          ></pw-sizing-view>
        </div>
      </main>
      <dialog id="share-dialog" aria-labelledby="share-h" @close=${() => (this.share = null)}>
        <h2 id="share-h">Share link</h2>
        <p>
          The link carries the scenario after the <code>#</code>, compressed (as its changes from the built-in scenario
          it started from, where that is shorter): it is never sent to a server. Anyone who opens it sees this scenario
          and can run it on their own machine.
        </p>
        <label for="share-link">Link</label>
        <input id="share-link" type="text" readonly .value=${this.share ?? ''} />
        <p class="muted">
          ${this.share ? `${this.share.length.toLocaleString('en-GB')} characters.` : ''}
          <span id="share-copied" role="status"></span>
        </p>
        ${
          this.share && this.share.length > SAFE_LINK_LENGTH
            ? html`<div class="share-too-long" id="share-too-long">
                <p>
                  This link is longer than ${SAFE_LINK_LENGTH.toLocaleString('en-GB')} characters. Some e-mail and chat
                  tools cut links this long, and a cut link does not open. Send the scenario as a file instead.
                </p>
                <button type="button" @click=${this.save}>Save the scenario as a file</button>
              </div>`
            : nothing
        }
        <div class="dialog-actions">
          <button type="button" @click=${() => void this.copyShare()}>Copy link</button>
          <button type="button" @click=${() => this.querySelector<HTMLDialogElement>('#share-dialog')?.close()}>
            Close
          </button>
        </div>
      </dialog>
      ${this.dragging ? html`<div class="drop-overlay" aria-hidden="true">Drop a scenario file to open it</div>` : nothing}
      <footer class="app-footer">
        Runs entirely in this browser: nothing you open or edit leaves the page.
        ${this.pool ? `${this.pool.size} simulation worker${this.pool.size === 1 ? '' : 's'}.` : ''}
      </footer>
    `;
  }
}
customElements.define('pw-app', PlacewiseApp);

declare global {
  interface HTMLElementTagNameMap {
    'pw-app': PlacewiseApp;
    'pw-scenario-editor': import('./editor/editor.js').ScenarioEditor;
  }
}
