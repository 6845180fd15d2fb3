/**
 * Fields the schema does not know are dropped by zod without a word, so a misspelt field
 * ("groupSzie") would silently fall back to a default. Comparing the file with the parsed result
 * finds every dropped field, to warn about it.
 */
import { didYouMean, formatPath, type Problem } from './problems.js';
import { isJsonObject } from './plainJson.js';
import { knownFieldsAt, type Schema } from './schemaNav.js';

/** Unknown fields named one by one; the rest are counted in one line (which the app lists within its first 50). */
const MAX_REPORTED = 20;

/** Editors look for a top-level "$schema" pointing at placewise.schema.json; it is not a typo. */
const EDITOR_KEY = '$schema';

export function unknownFieldWarnings(input: unknown, parsed: unknown, root: Schema): Problem[] {
  const out: Problem[] = [];
  const walk: Walk = { root, input, out, beyond: 0 };
  compare(input, parsed, [], walk);
  // Past the first few, unknown fields are counted, not named: a file of thousands of them would
  // otherwise cost a "did you mean" search and a warning each.
  if (walk.beyond > 0)
    out.push({ path: '', message: `and ${walk.beyond.toLocaleString('en-GB')} more unknown fields are ignored` });
  return out;
}

interface Walk {
  root: Schema;
  input: unknown;
  out: Problem[];
  /** Unknown fields found after MAX_REPORTED were named. */
  beyond: number;
}

function compare(input: unknown, parsed: unknown, path: PropertyKey[], walk: Walk): void {
  if (Array.isArray(input) && Array.isArray(parsed)) {
    input.forEach((item, i) => compare(item, parsed[i], [...path, i], walk));
    return;
  }
  if (!isJsonObject(input) || !isJsonObject(parsed)) return;
  for (const key of Object.keys(input)) {
    if (Object.hasOwn(parsed, key)) {
      compare(input[key], parsed[key], [...path, key], walk);
    } else if (input[key] !== undefined && !(path.length === 0 && key === EDITOR_KEY)) {
      if (walk.out.length >= MAX_REPORTED) {
        walk.beyond++;
        continue;
      }
      const hint = didYouMean(key, knownFieldsAt(walk.root, path, walk.input));
      walk.out.push({ path: formatPath(path), message: `unknown field "${key}" is ignored${hint}` });
    }
  }
}
