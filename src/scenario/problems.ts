/**
 * Problems found in a scenario file, and the small helpers that word them: paths written the way
 * a person reads them (`establishments[0].programmes[2].groupSize`) and values shown as typed.
 */

/** One error or warning; `path` is "" when it is about the whole file. */
export interface Problem {
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one step to a path: `[2]` for an index, `.name` for a plain key, `["0-24"]` otherwise. */
export function child(path: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const name = String(key);
  if (PLAIN_KEY.test(name)) return path === '' ? name : `${path}.${name}`;
  return `${path}[${JSON.stringify(name)}]`;
}

export function formatPath(keys: readonly PropertyKey[], base = ''): string {
  return keys.reduce<string>((path, key) => child(path, key), base);
}

/** Collects errors and warnings as checks run, so every problem is reported, not just the first. */
export class ProblemList {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }
}

const MAX_SHOWN = 60;

function clip(text: string): string {
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN - 3)}...`;
}

function describeNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return `a number too large to store (${n < 0 ? '-' : ''}Infinity)`;
  return String(n);
}

/** A value as it would appear in the file, shortened; used after "got". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return describeNumber(value);
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  if (Array.isArray(value)) return describeList(value);
  if (value !== null && typeof value === 'object') return describeObject(value);
  return String(value);
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // circular or bigint: fall back to a summary
  }
}

function describeList(list: unknown[]): string {
  const json = safeJson(list);
  if (json !== undefined && json.length <= MAX_SHOWN) return json;
  return `a list of ${list.length} item${list.length === 1 ? '' : 's'}`;
}

function describeObject(obj: object): string {
  const json = safeJson(obj);
  if (json !== undefined && json.length <= MAX_SHOWN) return json;
  const keys = Object.keys(obj);
  return keys.length === 0 ? 'an empty object' : clip(`an object with fields ${keys.join(', ')}`);
}

/** A count for a message: whole numbers as they are, others to at most two decimal places. */
export function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** "29 fewer than the population total of 741 (3.9%)", or undefined when they agree. */
export function describeDifference(
  value: number,
  reference: number,
  referenceName: string,
  unit = '',
): string | undefined {
  const diff = value - reference;
  if (Math.abs(diff) < 1e-9) return undefined;
  const share = reference > 0 ? ` (${((Math.abs(diff) / reference) * 100).toFixed(1)}%)` : '';
  const direction = diff > 0 ? 'more' : 'fewer';
  return `${formatAmount(Math.abs(diff))}${unit} ${direction} than ${referenceName} of ${formatAmount(reference)}${unit}${share}`;
}

/** Names a list the way messages show it: "low, medium, high". */
export function listNames(names: readonly string[], limit = 20): string {
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `${shown}, ... (${names.length} in all)` : shown;
}

/** How many single-character slips a name of this length may have and still count as a typo. */
function typoAllowance(length: number): number {
  if (length <= 4) return 1;
  return length <= 8 ? 2 : 3;
}

/** Longer names are not typos of a field name; comparing them would only cost time. */
const MAX_SUGGESTED_LENGTH = 100;

/**
 * The closest name within a small edit distance, for "did you mean" hints. Bounded work: names
 * whose lengths differ by more than the typo allowance cannot be close and are not compared.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  const allowance = typoAllowance(name.length);
  let bestDistance = allowance + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > allowance) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edits (insert, delete, substitute, swap two neighbours) needed to turn one string into another. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

export function didYouMean(name: string, candidates: readonly string[]): string {
  const guess = closestName(name, candidates);
  return guess === undefined || guess === name ? '' : ` (did you mean "${guess}"?)`;
}
