/**
 * At start-up, anything stored that no longer loads (saved by a newer version, corrupted) is
 * set aside, not overwritten by the default, and the user is told why and can download it.
 * The stored scenarios are checked once, in the validation worker; what loads is handed on with
 * its verdict, so the app does not check it again.
 */
import { formatProblem } from '../../src/index.js';
import type { Validator } from '../../workers/validator.js';
import { BASELINE_KEY, CURRENT_KEY, type Baseline } from '../persistence.js';
import { checkDoc, type Checked } from '../scenario/io.js';
import { looksLikeResults, SET_ASIDE_KEY, type ScenarioHistory, type SetAside } from './history.js';

export interface StoredScenarios {
  /** The saved scenario, checked and loading; null when there is none (or it was set aside). */
  current: (Checked & { ok: true }) | null;
  /** The pinned baseline, its scenario checked and loading. */
  baseline: Baseline | null;
  /** What was set aside, for the message. */
  setAside: SetAside[];
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

type Verdict = { fault: string } | { checked: Checked & { ok: true }; record: unknown };

/** Why a stored scenario record cannot be opened, or its checked scenario. */
async function checkRecord(text: string, validator: Validator): Promise<Verdict> {
  const parsed = parse(text);
  if (!parsed.ok) return { fault: 'it is not valid JSON' };
  const doc = (parsed.value as { doc?: unknown } | null)?.doc;
  if (doc === undefined) return { fault: 'it holds no scenario' };
  const checked = await checkDoc(validator, doc);
  if (checked === null) return { fault: 'it could not be checked' }; // unreachable: no channel
  if (checked.ok) return { checked, record: parsed.value };
  const first = checked.errors[0];
  return { fault: first ? formatProblem(first) : 'it does not load' };
}

function baselineFault(record: unknown): string | undefined {
  const b = record as { name?: unknown; results?: unknown };
  if (typeof b.name !== 'string') return 'it has no name';
  if (b.results !== undefined && !looksLikeResults(b.results)) return 'its stored results are damaged';
  return undefined;
}

/** Checks the saved scenario and baseline, setting aside what does not load. */
export async function openStored(history: ScenarioHistory, validator: Validator): Promise<StoredScenarios> {
  const out: StoredScenarios = { current: null, baseline: null, setAside: [] };
  for (const [key, what] of [
    [CURRENT_KEY, 'saved scenario'],
    [BASELINE_KEY, 'pinned baseline'],
  ] as const) {
    const text = history.readText(key);
    if (text === null) continue;
    const verdict = await checkRecord(text, validator);
    const reason =
      'fault' in verdict ? verdict.fault : key === BASELINE_KEY ? baselineFault(verdict.record) : undefined;
    if (reason !== undefined) {
      const item = history.setAside(key, `${SET_ASIDE_KEY}:${key}`, what, reason);
      if (item) out.setAside.push(item);
      continue;
    }
    if (!('checked' in verdict)) continue;
    if (key === CURRENT_KEY) out.current = verdict.checked;
    else out.baseline = { ...(verdict.record as Baseline), doc: verdict.checked.doc };
  }
  return out;
}
