import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSyntaxError } from '../../src/scenario/jsonText.js';
import { loadScenario, loadScenarioText, type LoadResult } from '../../src/scenario/load.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { REMOVE, setAt } from './helpers.js';

/** Either a scenario, or at least one error; every problem has a path and a real message. */
function expectWellFormed(result: LoadResult): void {
  const problems = result.ok ? result.warnings : [...result.errors, ...result.warnings];
  if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.message).not.toMatch(/^the file could not be checked/); // the last-resort guard hides a bug
    expect(typeof p.path).toBe('string');
    expect(typeof p.message).toBe('string');
    expect(p.message.trim().length).toBeGreaterThan(0);
  }
}

/** Every path in the fixture, written the way the helpers read them. */
function pathsOf(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) => [path === '' ? k : `${path}.${k}`, v] as const);
  return entries.flatMap(([p, v]) => [p, ...pathsOf(v, p)]);
}

const FIXTURE_PATHS = pathsOf(minimalScenario());

const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-3, 0, 0.5, -1, 1e308, Infinity, -Infinity, Number.NaN, '', 'x', null, [], {}, true),
  fc.constantFrom(
    '0-24',
    'TSP',
    'stafford',
    'ogrs',
    'sexual',
    'medium',
    { always: true },
    { attribute: 'ogrs', in: ['x'] },
  ),
);

const mutation = fc.oneof(
  fc.record({ at: fc.constantFrom(...FIXTURE_PATHS), value: oddValue }),
  fc.record({ at: fc.constantFrom(...FIXTURE_PATHS), value: fc.constant<unknown>(REMOVE) }),
  fc.record({
    at: fc
      .tuple(fc.constantFrom(...FIXTURE_PATHS), fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'count'))
      .map(([p, k]) => `${p}.${k}`),
    value: oddValue,
  }),
);

function mutated(edits: readonly { at: string; value: unknown }[]): unknown {
  const doc = minimalScenario();
  for (const { at, value } of edits) {
    try {
      setAt(doc, at, value);
    } catch {
      // an earlier edit removed or replaced the parent: skip this one
    }
  }
  return doc;
}

describe('loadScenario on any input', () => {
  it('never throws on arbitrary JSON values, and always answers properly', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectWellFormed(loadScenario(value));
        expectWellFormed(loadScenarioText(JSON.stringify(value) ?? ''));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random mutations of the fixture', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
        expectWellFormed(loadScenario(mutated(edits)));
      }),
      { numRuns: 500 },
    );
  });

  it('loads a loaded scenario again to the same scenario', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (edits) => {
        const first = loadScenario(mutated(edits));
        if (!first.ok) return;
        const again = loadScenarioText(JSON.stringify(first.scenario));
        expect(again.ok).toBe(true);
        if (again.ok) expect(again.scenario).toEqual(first.scenario);
      }),
      { numRuns: 300 },
    );
  });
});

const STRUCTURAL = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', 'e', '.', ' ', '\n', 't', 'x', "'", '\u0001'];

const brokenText = fc
  .tuple(
    fc.json({ maxDepth: 3 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...STRUCTURAL), fc.constantFrom('insert', 'delete', 'replace')), {
      maxLength: 3,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((t, [n, ch, op]) => {
      const i = t.length === 0 ? 0 : n % t.length;
      if (op === 'insert') return t.slice(0, i) + ch + t.slice(i);
      if (op === 'delete') return t.slice(0, i) + t.slice(i + 1);
      return t.slice(0, i) + ch + t.slice(i + 1);
    }, text),
  );

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('the JSON syntax scanner', () => {
  it('finds a fault exactly when JSON.parse fails', () => {
    fc.assert(
      fc.property(brokenText, (text) => {
        expect(findSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on broken scenario text', () => {
    const text = JSON.stringify(minimalScenario(), null, 2);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom(...STRUCTURAL), (i, ch) => {
        expectWellFormed(loadScenarioText(text.slice(0, i) + ch + text.slice(i + 1)));
        expectWellFormed(loadScenarioText(text.slice(0, i) + text.slice(i + 1)));
      }),
      { numRuns: 500 },
    );
  });
});
