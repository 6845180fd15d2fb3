/**
 * The scenario format as a JSON Schema (draft 2020-12), generated from the zod schema so editors
 * can check and complete scenario files. `scripts/write-schema.ts` writes it to
 * `scenarios/placewise.schema.json`; a test keeps that file in step with the zod schema.
 */
import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, criterionSchema, scenarioSchema } from './schema.js';

export const SCHEMA_ID = `urn:placewise:scenario-schema:${CURRENT_SCHEMA_VERSION}`;

export function scenarioJsonSchema(): Record<string, unknown> {
  // Names the recursive criterion definition, instead of zod's generated "__schema0".
  const names = z.registry<{ id?: string; title?: string; description?: string }>();
  names.add(criterionSchema, {
    id: 'Criterion',
    title: 'Criterion',
    description:
      'A structured rule: all / any / not of other criteria, an attribute in a list of bands, at least or at most a band, weeks to release, a completed programme, or always.',
  });
  const { $schema, ...rest } = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    target: 'draft-2020-12',
    metadata: names,
  });
  return {
    $schema,
    $id: SCHEMA_ID,
    title: 'Placewise scenario',
    description:
      `A Placewise scenario file, schema version ${CURRENT_SCHEMA_VERSION}. Generated from src/scenario/schema.ts ` +
      '(npm run schema): do not edit by hand. Placewise also checks references, bands and totals that a JSON Schema cannot express.',
    ...rest,
  };
}

/** The file's exact text: two-space indented, ending in a newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
