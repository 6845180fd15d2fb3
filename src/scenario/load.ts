/**
 * Loading a scenario file: JSON text -> safe plain data -> current schema version -> zod ->
 * whole-scenario checks. Every stage reports all it finds, with a readable path to each problem;
 * nothing here throws on bad input, and nothing in a file is ever executed.
 */
import { parseJsonText } from './jsonText.js';
import { checkSizeLimits, checkTextSize } from './limits.js';
import { migrateDocument } from './migrate.js';
import { checkPlainJson, isJsonObject } from './plainJson.js';
import { describeValue, type Problem } from './problems.js';
import { CURRENT_SCHEMA_VERSION, scenarioSchema, type Scenario } from './schema.js';
import { checkScenario } from './semanticChecks.js';
import { unknownFieldWarnings } from './unknownFields.js';
import { zodIssuesToProblems } from './zodProblems.js';

export { formatProblem } from './problems.js';
export type { Problem } from './problems.js';

export type LoadResult =
  { ok: true; scenario: Scenario; warnings: Problem[] } | { ok: false; errors: Problem[]; warnings: Problem[] };

const fail = (errors: Problem[], warnings: Problem[] = []): LoadResult => ({ ok: false, errors, warnings });

/** Loads the JSON text of a scenario file. */
export function loadScenarioText(text: string): LoadResult {
  if (typeof text !== 'string')
    return fail([{ path: '', message: `expected the text of a file, got ${describeValue(text)}` }]);
  const tooLarge = checkTextSize(text);
  if (tooLarge !== undefined) return fail([tooLarge]);
  const parsed = parseJsonText(text);
  return parsed.ok ? loadScenario(parsed.value) : fail([parsed.problem]);
}

/** Loads an already-parsed scenario (from JSON.parse, a Worker message or a test). */
export function loadScenario(data: unknown): LoadResult {
  try {
    return load(data);
  } catch (e) {
    // A last guard so a bug in a check cannot take down the caller; each stage avoids throwing.
    return fail([
      { path: '', message: `the file could not be checked: ${e instanceof Error ? e.message : String(e)}` },
    ]);
  }
}

function load(data: unknown): LoadResult {
  const oversized = checkSizeLimits(data); // first: every later stage costs more on a huge value
  if (oversized.length > 0) return fail(oversized);
  const unsafe = checkPlainJson(data);
  if (unsafe.length > 0) return fail(unsafe);
  if (!isJsonObject(data)) {
    return fail([{ path: '', message: `a scenario file must hold a JSON object {...}, got ${describeValue(data)}` }]);
  }
  const migrated = migrateDocument(data);
  if (!migrated.ok) return fail([migrated.problem]);
  const warnings: Problem[] = [];
  if (migrated.fromVersion < CURRENT_SCHEMA_VERSION) {
    warnings.push({
      path: 'schemaVersion',
      message: `the file was written for schema version ${migrated.fromVersion} and has been upgraded to ${CURRENT_SCHEMA_VERSION}; save it to keep the upgrade`,
    });
    warnings.push(...migrated.notes);
  }
  const doc = migrated.doc;
  const result = scenarioSchema.safeParse(doc, { reportInput: true });
  if (!result.success) return fail(zodIssuesToProblems(result.error.issues, scenarioSchema, doc), warnings);
  warnings.push(...unknownFieldWarnings(doc, result.data, scenarioSchema));
  const checked = checkScenario(result.data);
  warnings.push(...checked.warnings);
  if (checked.errors.length > 0) return fail(checked.errors, warnings);
  return { ok: true, scenario: result.data, warnings };
}
