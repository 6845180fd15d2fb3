/**
 * Schema versions: files say which version of the format they were written in; older ones are
 * upgraded one step at a time so old scenario files keep opening after the format changes.
 */
import { CURRENT_SCHEMA_VERSION } from './schema.js';
import { describeValue, type Problem } from './problems.js';
import type { JsonObject } from './plainJson.js';
import { upgradeVersion1 } from './migrateV1.js';

/**
 * Upgrades a document written in schema version N to version N + 1, saying through `note`
 * what it filled in (shown to the user as a warning with the field's path).
 */
export type Migration = (doc: JsonObject, note: (path: string, message: string) => void) => JsonObject;

/**
 * migrations[N] upgrades version N to N + 1. When the format changes, bump
 * CURRENT_SCHEMA_VERSION in schema.ts and add the step from the old version here.
 */
export const migrations: Readonly<Record<number, Migration>> = { 1: upgradeVersion1 };

export type MigrationResult =
  { ok: true; doc: JsonObject; fromVersion: number; notes: Problem[] } | { ok: false; problem: Problem };

const refuse = (message: string): MigrationResult => ({ ok: false, problem: { path: 'schemaVersion', message } });

/** Brings `doc` to `target` (the current version unless a test says otherwise). */
export function migrateDocument(
  doc: JsonObject,
  table: Readonly<Record<number, Migration>> = migrations,
  target: number = CURRENT_SCHEMA_VERSION,
): MigrationResult {
  const version = doc['schemaVersion'];
  if (version === undefined)
    return refuse(`is required: say which version of the format the file uses (${target} for this Placewise)`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(`must be a whole number of at least 1, got ${describeValue(version)}`);
  }
  if (version > target) {
    return refuse(`made by a newer Placewise (schema version ${version}); this version reads up to ${target}`);
  }
  let current = doc;
  const notes: Problem[] = [];
  for (let v = version; v < target; v++) {
    const step = table[v];
    if (step === undefined)
      return refuse(`files of schema version ${v} can no longer be read (no upgrade to version ${v + 1})`);
    try {
      current = { ...step(current, (path, message) => notes.push({ path, message })), schemaVersion: v + 1 };
    } catch (e) {
      return refuse(
        `could not upgrade from schema version ${v} to ${v + 1}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return { ok: true, doc: current, fromVersion: version, notes };
}
