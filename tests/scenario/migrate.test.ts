import { describe, expect, it } from 'vitest';
import { migrateDocument, migrations, type Migration } from '../../src/scenario/migrate.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/scenario/schema.js';

/** A made-up history: v1 called it "title", v2 "label", v3 "name". */
const fakeMigrations: Record<number, Migration> = {
  1: ({ title, ...rest }) => ({ ...rest, label: title }),
  2: ({ label, ...rest }) => ({ ...rest, name: label }),
};

describe('schema migrations', () => {
  it('has one step, from version 1 (no release rules, no kind of prison) to version 2', () => {
    expect(CURRENT_SCHEMA_VERSION).toBe(2);
    expect(Object.keys(migrations)).toEqual(['1']);
  });

  it('leaves a current document as it is', () => {
    const doc = { schemaVersion: 2, name: 'x' };
    expect(migrateDocument(doc)).toEqual({ ok: true, doc, fromVersion: 2, notes: [] });
  });

  it('upgrades step by step to the target version and stamps the new version', () => {
    const result = migrateDocument({ schemaVersion: 1, title: 'Stafford' }, fakeMigrations, 3);
    expect(result).toEqual({ ok: true, doc: { schemaVersion: 3, name: 'Stafford' }, fromVersion: 1, notes: [] });
  });

  it('starts from the version the file says', () => {
    const result = migrateDocument({ schemaVersion: 2, label: 'Wymott' }, fakeMigrations, 3);
    expect(result).toEqual({ ok: true, doc: { schemaVersion: 3, name: 'Wymott' }, fromVersion: 2, notes: [] });
  });

  it('refuses a version with no upgrade step', () => {
    const result = migrateDocument({ schemaVersion: 1 }, { 2: fakeMigrations[2] as Migration }, 3);
    expect(result).toEqual({
      ok: false,
      problem: {
        path: 'schemaVersion',
        message: 'files of schema version 1 can no longer be read (no upgrade to version 2)',
      },
    });
  });

  it('reports a step that fails instead of throwing', () => {
    const broken: Record<number, Migration> = {
      1: () => {
        throw new Error('no programmes list');
      },
    };
    const result = migrateDocument({ schemaVersion: 1 }, broken, 2);
    expect(result).toEqual({
      ok: false,
      problem: { path: 'schemaVersion', message: 'could not upgrade from schema version 1 to 2: no programmes list' },
    });
  });

  it('refuses a newer version than the target', () => {
    const result = migrateDocument({ schemaVersion: 4 }, fakeMigrations, 3);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problem.message).toBe('made by a newer Placewise (schema version 4); this version reads up to 3');
  });
});
