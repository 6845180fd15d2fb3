/** Writes scenarios/placewise.schema.json from the zod schema (npm run schema). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/scenario/jsonSchema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../scenarios/placewise.schema.json', import.meta.url));

writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText());
console.log(`wrote ${SCHEMA_FILE}`);
