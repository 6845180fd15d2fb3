/**
 * Size limits on a scenario file, checked before any costly work (schema checks, "did you mean"
 * hints, population fitting). Files and share links come from other people: without limits a
 * single 5 MB field name froze a tab for half a minute. The limits are generic, applied to every
 * string, field name and list wherever it appears, so fields added to the format later get them.
 *
 * Each is far beyond any real scenario: the West Midlands region file (12 prisons) is 0.2 MB and
 * holds under 5,000 values; the schema's own per-field limits (a name of at most 200 characters,
 * at most 2,000 cells in a table) are tighter still and give the message when they bind.
 */
import { child, type Problem } from './problems.js';

export const LIMITS = {
  /** Characters of JSON text in a file or a share link. */
  fileChars: 10_000_000,
  /** Characters in any text value (the longest field the format has, a description, takes 20,000). */
  textChars: 20_000,
  /** Characters in a field name (record keys are band and attribute names, at most 64). */
  fieldNameChars: 200,
  /** Items in any list. */
  listItems: 10_000,
  /** Fields in any one object. */
  objectFields: 10_000,
  /** Values of every kind in the whole file (ten times the largest real region file). */
  values: 50_000,
  /** Levels of nesting (criteria nest; nothing real comes near). */
  depth: 100,
  /**
   * Eligibility criteria (all / any / not and conditions) in the whole file. Each costs far more to
   * check than a plain value: 12,000 of them, well within the limit on values, took the loader 2 to
   * 8 s when the schema tried each kind in turn (it now tries the kind a criterion's fields name).
   * The current-day region holds 998.
   */
  criteria: 2_000,
} as const;

/** The field whose value is a tree of criteria: every object inside it is one. */
const CRITERIA_FIELD = 'eligibility';

const MAX_REPORTED = 20;

/** Thousands separated, for counts in messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

const PREVIEW = 24;

function preview(text: string): string {
  return JSON.stringify(text.length <= PREVIEW ? text : `${text.slice(0, PREVIEW)}...`);
}

/** Refuses text too long to be a scenario file, before it is parsed. */
export function checkTextSize(text: string, what = 'a scenario file'): Problem | undefined {
  if (text.length <= LIMITS.fileChars) return undefined;
  const megabytes = (n: number) => `${(n / 1_000_000).toFixed(1)} million characters`;
  return {
    path: '',
    message: `the file is too large: ${megabytes(text.length)}, where ${what} may hold at most ${megabytes(LIMITS.fileChars)}`,
  };
}

/**
 * Walks parsed JSON once, without recursion, and lists every text, field name, list or object
 * over its limit, plus nesting too deep and too many values in all. Stops counting at the first
 * limit on values, so its own cost is bounded too.
 */
export function checkSizeLimits(root: unknown): Problem[] {
  const out: Problem[] = [];
  const stack: { value: unknown; path: string; depth: number; criteria?: true }[] = [
    { value: root, path: '', depth: 0 },
  ];
  let values = 0;
  let criteria = 0;
  while (stack.length > 0 && out.length < MAX_REPORTED) {
    const { value, path, depth, criteria: inCriteria } = stack.pop()!;
    values++;
    if (values > LIMITS.values) {
      out.push({
        path,
        message: `the file holds more than ${formatCount(LIMITS.values)} values (numbers, texts, lists and objects), the most a scenario may hold; the count passed the limit here`,
      });
      break;
    }
    if (typeof value === 'string') {
      if (value.length > LIMITS.textChars) {
        out.push({
          path,
          message: `text of ${formatCount(value.length)} characters is longer than the limit of ${formatCount(LIMITS.textChars)} for any text in a scenario (starts ${preview(value)})`,
        });
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= LIMITS.depth) {
      out.push({ path, message: `nested more than ${LIMITS.depth} levels deep` });
      continue;
    }
    if (inCriteria && !Array.isArray(value) && ++criteria > LIMITS.criteria) {
      out.push({
        path,
        message: `the file holds more than ${formatCount(LIMITS.criteria)} eligibility criteria (all, any, not and conditions), the most a scenario may hold; the count passed the limit here`,
      });
      break;
    }
    if (Array.isArray(value)) {
      if (value.length > LIMITS.listItems) {
        out.push({
          path,
          message: `a list of ${formatCount(value.length)} items is longer than the limit of ${formatCount(LIMITS.listItems)}`,
        });
        continue;
      }
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({
          value: value[i],
          path: child(path, i),
          depth: depth + 1,
          ...(inCriteria ? { criteria: true } : {}),
        });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > LIMITS.objectFields) {
      out.push({
        path,
        message: `an object with ${formatCount(keys.length)} fields has more than the limit of ${formatCount(LIMITS.objectFields)}`,
      });
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key.length > LIMITS.fieldNameChars) {
        // The path names the object, not the key: a megabyte-long key would make an unreadable path.
        out.push({
          path,
          message: `a field name of ${formatCount(key.length)} characters is longer than the limit of ${formatCount(LIMITS.fieldNameChars)} (starts ${preview(key)})`,
        });
        continue;
      }
      const criteriaBelow = inCriteria || key === CRITERIA_FIELD;
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: child(path, key),
        depth: depth + 1,
        ...(criteriaBelow ? { criteria: true } : {}),
      });
    }
  }
  return out;
}
