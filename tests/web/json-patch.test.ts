import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { applyPatch, diff, sameJson } from '../../web/json-patch.js';

const stafford = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
  establishments: { programmes: { groupsPerYear: number }[] }[];
  programmes: unknown[];
  description?: string;
};

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('json diff and patch', () => {
  it('gives no changes for equal documents', () => {
    expect(diff(stafford, copy(stafford))).toEqual([]);
  });

  it('gives one small change for one edited value', () => {
    const edited = copy(stafford);
    edited.establishments[0]!.programmes[0]!.groupsPerYear = 6;
    expect(diff(stafford, edited)).toEqual([{ p: ['establishments', 0, 'programmes', 0, 'groupsPerYear'], v: 6 }]);
    expect(applyPatch(stafford, diff(stafford, edited))).toEqual(edited);
  });

  it('splices a list where an item is inserted or removed, instead of rewriting the rest', () => {
    const edited = copy(stafford);
    edited.programmes.splice(1, 1);
    const patch = diff(stafford, edited);
    expect(patch).toEqual([{ p: ['programmes'], s: [1, 1, []] }]);
    expect(applyPatch(stafford, patch)).toEqual(edited);
  });

  it('keeps the order of keys, so the saved file is the same text', () => {
    const a = { name: 'x', seed: 1, replications: 10 };
    const b = { seed: 1, name: 'y', replications: 10 }; // reordered
    const c = { name: 'x', replications: 10, description: 'added' }; // removed and added
    for (const target of [b, c]) {
      const out = applyPatch(a, diff(a, target));
      expect(JSON.stringify(out)).toBe(JSON.stringify(target));
    }
  });

  it('does not change the base it is applied to', () => {
    const base = copy(stafford);
    const edited = copy(stafford);
    edited.description = 'changed';
    applyPatch(base, diff(base, edited));
    expect(base).toEqual(stafford);
  });

  it('turns any JSON value into any other, exactly', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), (a, b) => {
        const [ja, jb] = [JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))] as unknown[];
        const out = applyPatch(ja, diff(ja, jb));
        expect(JSON.stringify(out)).toBe(JSON.stringify(jb));
        // The patch itself survives JSON, as it does in a link.
        expect(sameJson(applyPatch(ja, JSON.parse(JSON.stringify(diff(ja, jb)))), jb)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips random edits of a real scenario, keeping every list and key in place', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer(), fc.string(), fc.constant(null))), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const edited = copy(stafford) as unknown as Record<string, unknown>;
          // Walk to a pseudo-random leaf and change it, or drop an item from a list.
          for (const [pick, value] of edits) {
            let node: unknown = edited;
            let depth = 0;
            while (depth < 6 && typeof node === 'object' && node !== null) {
              const keys = Object.keys(node);
              if (keys.length === 0) break;
              const key = keys[(pick + depth * 7) % keys.length]!;
              const child = (node as Record<string, unknown>)[key];
              if (typeof child !== 'object' || child === null || depth === 5) {
                if (Array.isArray(node) && pick % 3 === 0) node.splice(Number(key), 1);
                else (node as Record<string, unknown>)[key] = value;
                break;
              }
              node = child;
              depth++;
            }
          }
          const patch = diff(stafford, edited);
          expect(JSON.stringify(applyPatch(stafford, patch))).toBe(JSON.stringify(edited));
          expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(edited).length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps a key named __proto__ a plain key', () => {
    const out = applyPatch({}, [{ p: ['__proto__'], v: { polluted: true } }]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('refuses a patch that does not fit its base, saying which change', () => {
    expect(() => applyPatch({ a: 1 }, [{ p: ['b', 'c'], v: 1 }])).toThrow(/Change 1 .*b\.c/);
    expect(() => applyPatch({ a: [1] }, [{ p: ['a'], s: [3, 1, []] }])).toThrow(/Change 1/);
    expect(() => applyPatch({ a: 1 }, [{ p: ['z'], d: 1 }])).toThrow(/no z to remove/);
  });
});
