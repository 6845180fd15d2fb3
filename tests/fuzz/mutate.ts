/**
 * Mutations of scenario files for fuzzing the loader: values swapped for hostile ones (huge,
 * tiny, non-finite-looking, long strings, deep nesting, wrong types), fields deleted or added
 * with odd names, lists blown up, and the JSON text itself cut or corrupted. Seeded: a failing
 * case is reproduced from its seed alone.
 */
import seedrandom from 'seedrandom';
import { loadScenarioText } from '../../src/scenario/load.js';
import type { Problem } from '../../src/scenario/problems.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const HOSTILE_NUMBERS = [0, -1, 1e-320, 5e-324, 1e300, -1e300, 2 ** 53, 2 ** 53 + 2, 0.5, 1e7 + 1, 520, 521, 1e-9];
const HOSTILE_STRINGS = [
  '',
  '__proto__',
  'constructor',
  '=HYPERLINK("http://x","y")',
  '<img src=x onerror=alert(1)>',
  '\u0000\u202e',
  '💥'.repeat(50),
  'x'.repeat(70),
];

/** What each mutation did, by class ("value:long-string", "key:long-name", ...), for reports. */
type Log = string[];

const VALUE_CLASSES = ['number', 'string', 'long-string', 'null', 'boolean', 'deep', 'long-list', 'object', 'decimal'];

function hostileValue(rng: Rng, log?: Log): Json {
  const kind = Math.floor(rng() * 9);
  log?.push(`value:${VALUE_CLASSES[kind]}`);
  switch (kind) {
    case 0:
      return pick(rng, HOSTILE_NUMBERS);
    case 1:
      return pick(rng, HOSTILE_STRINGS);
    case 2:
      return 'q'.repeat(Math.floor(rng() * 2_000_000)); // up to 2 MB of text
    case 3:
      return null;
    case 4:
      return rng() < 0.5;
    case 5: {
      let deep: Json = 1;
      const levels = Math.floor(rng() * 300);
      for (let i = 0; i < levels; i++) deep = rng() < 0.5 ? [deep] : { not: deep };
      return deep;
    }
    case 6:
      return new Array<Json>(Math.floor(rng() * 20_000)).fill(pick(rng, HOSTILE_NUMBERS));
    case 7:
      return Object.fromEntries(Array.from({ length: Math.floor(rng() * 50) }, (_, i) => [`k${i}`, i]));
    default:
      return Math.round((rng() - 0.5) * 1e6) / 100;
  }
}

const KEY_CLASSES = ['long-name', 'reserved-or-typo', 'hostile', 'extra'];

function hostileKey(rng: Rng, log?: Log): string {
  const kind = Math.floor(rng() * 4);
  log?.push(`key:${KEY_CLASSES[kind]}`);
  switch (kind) {
    case 0:
      return 'k'.repeat(Math.floor(rng() * 5_000_000)); // up to a 5 MB field name
    case 1:
      return pick(rng, ['__proto__', 'constructor', 'prototype', 'groupSzie', 'replicatoins', '']);
    case 2:
      return pick(rng, HOSTILE_STRINGS);
    default:
      return `extra${Math.floor(rng() * 100)}`;
  }
}

/** Every container in the document with its path, to pick one to mutate. */
function containers(doc: Json, out: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (doc !== null && typeof doc === 'object') {
    out.push(doc);
    for (const v of Array.isArray(doc) ? doc : Object.values(doc)) containers(v, out);
  }
  return out;
}

function mutateDoc(doc: Json, rng: Rng, log?: Log): void {
  const all = containers(doc);
  const target = pick(rng, all);
  const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
  const op = Math.floor(rng() * 5);
  if (keys.length === 0 || op === 0) {
    if (Array.isArray(target)) target.push(hostileValue(rng, log));
    else target[hostileKey(rng, log)] = hostileValue(rng, log);
    return;
  }
  const key = pick(rng, keys as (string | number)[]);
  const set = (v: Json) => ((target as Record<string | number, Json>)[key] = v);
  const current = (target as Record<string | number, Json>)[key]!;
  if (op === 1) {
    log?.push('delete');
    if (Array.isArray(target)) target.splice(key as number, 1);
    else delete target[key as string];
  } else if (op === 2 && typeof current === 'number') {
    log?.push('number');
    set(pick(rng, HOSTILE_NUMBERS));
  } else if (op === 3 && Array.isArray(current) && current.length > 0) {
    // Many copies of a small item, a few of a large one: files stay under a few megabytes. Copies,
    // not one object shared: a later mutation inside a shared item would multiply through every
    // copy (seed 2396 grew past 2 GB before it was written out).
    const size = JSON.stringify(current[0]).length;
    const copies = Math.floor((rng() * 300_000) / Math.max(100, size));
    log?.push('copies');
    set(Array.from({ length: copies }, () => structuredClone(current[0]!)));
  } else {
    set(hostileValue(rng, log));
  }
}

function mutateText(text: string, rng: Rng, log?: Log): string {
  const at = Math.floor(rng() * text.length);
  const kind = Math.floor(rng() * 3);
  log?.push(`text:${['cut', 'insert', 'delete'][kind]}`);
  switch (kind) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + pick(rng, ['{', '}', ',', '"', ':', '\\', '\n', 'NaN', '\u0000']) + text.slice(at);
    default:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rng() * 20));
  }
}

/** One mutated file from `base` (JSON text): a few document mutations, sometimes a text one. */
export function mutatedFile(base: string, seed: number, log?: Log): string {
  const rng = seedrandom(`fuzz:${seed}`);
  const doc = JSON.parse(base) as Json;
  const edits = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < edits; i++) mutateDoc(doc, rng, log);
  let text: string;
  try {
    text = JSON.stringify(doc);
  } catch {
    text = base; // the mutations grew past what a string can hold: no file to test, so cut the base instead
    return mutateText(text, rng, log);
  }
  return rng() < 0.15 ? mutateText(text, rng, log) : text;
}

export interface FuzzCase {
  seed: number;
  ms: number;
  /** The loader threw, or its last-resort guard caught an exception. */
  crash: string | null;
  /** Errors that name neither a field nor a position in the JSON text. */
  unplaced: Problem[];
  ok: boolean;
  /** The mutations applied, by class. */
  mutations: string[];
  /** The mutated file's length in characters. */
  chars: number;
}

/** Where a whole-file problem is placed by its words: a position, or the file as a whole. */
const PLACED_WITHOUT_PATH =
  /at line \d+, column \d+|^the file is empty|^a scenario file must hold a JSON object|^the file is too large|^a field name of \d/;

export function fuzzOnce(base: string, seed: number): FuzzCase {
  const mutations: string[] = [];
  const text = mutatedFile(base, seed, mutations);
  const started = performance.now();
  let crash: string | null = null;
  let unplaced: Problem[] = [];
  let ok = false;
  try {
    const result = loadScenarioText(text);
    ok = result.ok;
    if (!result.ok) {
      const guard = result.errors.find((e) => e.message.startsWith('the file could not be checked'));
      if (guard) crash = guard.message;
      unplaced = result.errors.filter((e) => e.path === '' && !PLACED_WITHOUT_PATH.test(e.message));
    }
  } catch (e) {
    crash = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  return { seed, ms: performance.now() - started, crash, unplaced, ok, mutations, chars: text.length };
}
