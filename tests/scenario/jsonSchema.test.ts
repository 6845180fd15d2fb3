import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_ID, scenarioJsonSchemaText } from '../../src/scenario/jsonSchema.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

const SCHEMA_FILE = new URL('../../scenarios/placewise.schema.json', import.meta.url);

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

describe('scenarios/placewise.schema.json', () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  const schema = JSON.parse(committed) as {
    $schema: string;
    $id: string;
    properties: Record<string, unknown>;
    required: string[];
    $defs: Record<string, unknown>;
  };

  it('is what the zod schema generates now (run `npm run schema` if this fails)', () => {
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('is a draft 2020-12 schema with an id and the schemaVersion property', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(schema.properties['schemaVersion']).toEqual({ type: 'number', const: 2 });
    expect(schema.required).toContain('schemaVersion');
  });

  it('describes every top-level field of a scenario file', () => {
    for (const key of Object.keys(minimalScenario())) expect(schema.properties).toHaveProperty(key);
  });

  it('names the recursive criterion definition and resolves every reference', () => {
    expect(schema.$defs).toHaveProperty('Criterion');
    for (const ref of refsIn(schema)) {
      expect(ref).toMatch(/^#\/\$defs\//);
      expect(schema.$defs).toHaveProperty(ref.slice('#/$defs/'.length));
    }
  });
});
