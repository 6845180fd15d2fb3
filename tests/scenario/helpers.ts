/** Editing the fixture by path, so each test reads as "this field, this value". */
import { formatProblem, type LoadResult } from '../../src/scenario/load.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

/** Marks a field to delete. */
export const REMOVE = Symbol('remove');

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** "establishments[0].programmes[1].groupSize" -> ["establishments", 0, "programmes", 1, "groupSize"]. */
export function parsePath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

export function setAt(doc: unknown, path: string, value: unknown): void {
  const keys = parsePath(path);
  const last = keys.pop();
  let node = doc;
  for (const key of keys) {
    if (!isContainer(node)) throw new Error(`no ${path} in the document`);
    node = (node as Record<string | number, unknown>)[key];
  }
  if (!isContainer(node) || last === undefined) throw new Error(`no ${path} in the document`);
  if (value === REMOVE) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete (node as Record<string | number, unknown>)[last];
  } else {
    (node as Record<string | number, unknown>)[last] = value;
  }
}

/** A fresh fixture with the given fields replaced (or removed, with REMOVE). */
export function fixtureWith(edits: Record<string, unknown>): Record<string, unknown> {
  const doc = minimalScenario() as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(edits)) setAt(doc, path, value);
  return doc;
}

export function errorsOf(result: LoadResult): string[] {
  return result.ok ? [] : result.errors.map(formatProblem);
}

export function warningsOf(result: LoadResult): string[] {
  return result.warnings.map(formatProblem);
}
