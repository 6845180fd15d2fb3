/**
 * Reading, validating and writing scenario documents. All checking is the core's `loadScenario`;
 * this module only keeps the raw document beside its verdict.
 */
import { loadScenario, loadScenarioText } from '../../src/index.js';
import type { Problem, Scenario } from '../../src/index.js';

export type Checked =
  | { ok: true; doc: unknown; scenario: Scenario; warnings: Problem[] }
  | { ok: false; doc: unknown; errors: Problem[]; warnings: Problem[] };

export type Opened = Checked | { ok: false; doc: undefined; errors: Problem[]; warnings: Problem[] };

/** Check a document as the engine will see it. Never throws. */
export function checkDoc(doc: unknown): Checked {
  try {
    const r = loadScenario(doc);
    return r.ok
      ? { ok: true, doc, scenario: r.scenario, warnings: r.warnings }
      : { ok: false, doc, errors: r.errors, warnings: r.warnings };
  } catch (e) {
    return {
      ok: false,
      doc,
      errors: [{ path: '', message: `The scenario could not be checked: ${(e as Error).message}` }],
      warnings: [],
    };
  }
}

/** Read a scenario file's text. A file that is not JSON gives the loader's message (with its position). */
export function openText(text: string): Opened {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    let errors: Problem[] = [{ path: '', message: `The file is not valid JSON: ${(e as Error).message}` }];
    try {
      const r = loadScenarioText(text);
      if (!r.ok && r.errors.length > 0) errors = r.errors;
    } catch {
      // keep the JSON parser's own message
    }
    return { ok: false, doc: undefined, errors, warnings: [] };
  }
  return checkDoc(doc);
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
