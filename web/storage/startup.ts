/**
 * At start-up, anything stored that no longer loads (saved by a newer version, corrupted) is
 * set aside, not overwritten by the default, and the user is told why and can download it.
 */
import { formatProblem } from '../../src/index.js';
import { BASELINE_KEY, CURRENT_KEY } from '../persistence.js';
import { checkDoc } from '../scenario/io.js';
import { looksLikeResults, SET_ASIDE_KEY, type ScenarioHistory, type SetAside } from './history.js';

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Why a stored scenario record cannot be opened, or undefined when it can. */
function scenarioFault(text: string): string | undefined {
  const parsed = parse(text);
  if (!parsed.ok) return 'it is not valid JSON';
  const doc = (parsed.value as { doc?: unknown } | null)?.doc;
  if (doc === undefined) return 'it holds no scenario';
  const checked = checkDoc(doc);
  if (checked.ok) return undefined;
  const first = checked.errors[0];
  return first ? formatProblem(first) : 'it does not load';
}

function baselineFault(text: string): string | undefined {
  const fault = scenarioFault(text);
  if (fault !== undefined) return fault;
  const b = (parse(text) as { ok: true; value: { name?: unknown; results?: unknown } }).value;
  if (typeof b.name !== 'string') return 'it has no name';
  if (b.results !== undefined && !looksLikeResults(b.results)) return 'its stored results are damaged';
  return undefined;
}

/** Sets aside the saved scenario and baseline if they do not load; returns what was set aside. */
export function setAsideUnloadable(history: ScenarioHistory): SetAside[] {
  const out: SetAside[] = [];
  for (const [key, what, fault] of [
    [CURRENT_KEY, 'saved scenario', scenarioFault],
    [BASELINE_KEY, 'pinned baseline', baselineFault],
  ] as const) {
    const text = history.readText(key);
    if (text === null) continue;
    const reason = fault(text);
    if (reason === undefined) continue;
    const item = history.setAside(key, `${SET_ASIDE_KEY}:${key}`, what, reason);
    if (item) out.push(item);
  }
  return out;
}
