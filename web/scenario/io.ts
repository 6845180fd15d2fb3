/**
 * Reading, validating and writing scenario documents. All checking is the core's loader, run in
 * the validation worker (workers/validator.ts) so that a slow file never freezes the page; this
 * module only keeps the raw document beside its verdict.
 */
import { checkTextSize, LIMITS } from '../../src/scenario/limits.js';
import type { LoadResult, Problem, Scenario } from '../../src/index.js';
import type { CheckOptions, Validator } from '../../workers/validator.js';

export type Checked =
  | { ok: true; doc: unknown; scenario: Scenario; warnings: Problem[] }
  /** `stopped`: no verdict, the check was ended (too slow, or the checker died); the message says so. */
  | { ok: false; doc: unknown; errors: Problem[]; warnings: Problem[]; stopped?: boolean };

export type Opened = Checked | { ok: false; doc: undefined; errors: Problem[]; warnings: Problem[]; stopped?: boolean };

/** The loader's verdict beside the document it is about. */
export function withVerdict(doc: unknown, verdict: LoadResult): Checked {
  return verdict.ok
    ? { ok: true, doc, scenario: verdict.scenario, warnings: verdict.warnings }
    : { ok: false, doc, errors: verdict.errors, warnings: verdict.warnings };
}

/**
 * Check a document as the engine will see it, in the validation worker. `json` is its JSON text
 * when the caller has it already. Resolves null when a newer check on the same channel overtook
 * this one (its verdict would be stale). Never rejects.
 */
export async function checkDoc(
  validator: Validator,
  doc: unknown,
  json: string = JSON.stringify(doc),
  options: CheckOptions = {},
): Promise<Checked | null> {
  const outcome = await validator.check(json, options);
  if (outcome.status === 'superseded') return null;
  if (outcome.status === 'stopped')
    return { ok: false, doc, errors: [{ path: '', message: outcome.message }], warnings: [], stopped: true };
  return withVerdict(doc, outcome.verdict);
}

/**
 * Open a file: the worker reads and checks it, and the page reads it only once it loads (a
 * large hostile file is refused without the page ever decoding it).
 */
export async function openFile(validator: Validator, file: Blob): Promise<Opened> {
  // Over three bytes a character, no file this large can be within the limit on characters.
  if (file.size > 3 * LIMITS.fileChars) {
    const message = `the file is too large: ${(file.size / 1_000_000).toFixed(1)} MB, where a scenario file may hold at most ${(LIMITS.fileChars / 1_000_000).toFixed(1)} million characters`;
    return { ok: false, doc: undefined, errors: [{ path: '', message }], warnings: [] };
  }
  const outcome = await validator.check(file);
  if (outcome.status !== 'checked') {
    const message = outcome.status === 'stopped' ? outcome.message : 'The file could not be checked.';
    return { ok: false, doc: undefined, errors: [{ path: '', message }], warnings: [], stopped: true };
  }
  if (!outcome.verdict.ok && file.size > PARSE_REJECTED_MAX_CHARS)
    return { ok: false, doc: undefined, errors: outcome.verdict.errors, warnings: outcome.verdict.warnings };
  return parsed(await file.text(), outcome.verdict);
}

/** A file that does not load is parsed for its error messages' field labels only when it is this small. */
const PARSE_REJECTED_MAX_CHARS = 1_000_000;

/**
 * Read a scenario file's text. The worker checks the text itself (a file that is not JSON gets
 * the loader's message with its line and column); the page parses it only after the verdict, for
 * the editor, so nothing heavy runs here while the worker checks.
 */
export async function openText(validator: Validator, text: string): Promise<Opened> {
  // Refused before anything parses it: a text this long would take the page a while even to read.
  const tooLarge = checkTextSize(text);
  if (tooLarge !== undefined) return { ok: false, doc: undefined, errors: [tooLarge], warnings: [] };
  const outcome = await validator.check(text);
  if (outcome.status !== 'checked') {
    const message = outcome.status === 'stopped' ? outcome.message : 'The file could not be checked.';
    return { ok: false, doc: undefined, errors: [{ path: '', message }], warnings: [], stopped: true };
  }
  const verdict = outcome.verdict;
  if (!verdict.ok && text.length > PARSE_REJECTED_MAX_CHARS)
    return { ok: false, doc: undefined, errors: verdict.errors, warnings: verdict.warnings };
  return parsed(text, verdict);
}

/** A share link that could not be unpacked (damaged, too large, from another version): why. */
export interface LinkRefused {
  ok: false;
  linkError: string;
}

/**
 * Open a share link's payload: the worker unpacks and checks it (a link can unpack to megabytes),
 * and the page parses the scenario only when it loads, or is small enough to label its errors.
 */
export async function openShareLink(validator: Validator, payload: string): Promise<Opened | LinkRefused> {
  const outcome = await validator.check({ shareLink: payload });
  if (outcome.status !== 'checked') {
    const message = outcome.status === 'stopped' ? outcome.message : 'The share link could not be checked.';
    return { ok: false, doc: undefined, errors: [{ path: '', message }], warnings: [], stopped: true };
  }
  const answer = outcome.verdict;
  if (answer.linkError !== undefined) return { ok: false, linkError: answer.linkError };
  if (answer.text !== undefined) return parsed(answer.text, answer);
  // No text: the worker sends it back for every scenario that loads, so this one does not.
  return { ok: false, doc: undefined, errors: answer.ok ? [] : answer.errors, warnings: answer.warnings };
}

/** The document beside the worker's verdict on its text. */
function parsed(text: string, verdict: LoadResult): Opened {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // as the loader reads it
  } catch (e) {
    const errors = verdict.ok ? [{ path: '', message: `The file is not valid JSON: ${String(e)}` }] : verdict.errors;
    return { ok: false, doc: undefined, errors, warnings: [] };
  }
  return withVerdict(doc, verdict);
}

/** The file text a scenario is saved as. */
export function serializeDoc(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A file name from the scenario's name: "HMP Stafford 2014-15" -> "hmp-stafford-2014-15.json". */
export function fileNameFor(doc: unknown, suffix = ''): string {
  const name =
    typeof (doc as { name?: unknown } | null)?.name === 'string' ? (doc as { name: string }).name : 'scenario';
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'scenario';
  return `${slug}${suffix}.json`;
}

/** Errors grouped by path, for marking fields. */
export function problemsByPath(problems: readonly Problem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of problems) {
    const list = map.get(p.path);
    if (list) list.push(p.message);
    else map.set(p.path, [p.message]);
  }
  return map;
}
