import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  SAFE_LINK_LENGTH,
  SHARE_BASES,
  decodeShare,
  encodeShareDiff,
  sharePayload,
  shareUrl,
} from '../../web/share.js';
import { loadScenario } from '../../src/index.js';

const read = (name: string) => readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8');
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
type Doc = { replications: number; establishments: { programmes: { groupsPerYear: number }[] }[] };

describe('share links as changes from a built-in', () => {
  it('fit a built-in with one edit in well under 2,000 characters, for every built-in', () => {
    for (const base of SHARE_BASES) {
      const doc = JSON.parse(base.text) as Doc;
      doc.replications = 123;
      const url = shareUrl('http://127.0.0.1:4173/', doc);
      expect(url.length, base.id).toBeLessThan(SAFE_LINK_LENGTH / 4);
      const text = decodeShare(sharePayload(new URL(url).hash)!);
      // Exact: the text a reader saves is the text the sender had.
      expect(JSON.stringify(JSON.parse(text), null, 2)).toBe(JSON.stringify(doc, null, 2));
    }
  });

  it('pick the built-in the scenario differs least from', () => {
    const wymott = JSON.parse(read('wymott-2014.json')) as Doc;
    wymott.establishments[0]!.programmes[0]!.groupsPerYear += 1;
    const payload = encodeShareDiff(wymott);
    expect(payload.startsWith('2.')).toBe(true);
    expect(JSON.parse(decodeShare(payload))).toEqual(wymott);
    expect(payload.length).toBeLessThan(300);
  });

  it('fall back to the whole scenario when it is not like any built-in', () => {
    const url = shareUrl('http://127.0.0.1:4173/', { name: 'tiny' });
    expect(sharePayload(new URL(url).hash)!.startsWith('2.')).toBe(false);
    expect(JSON.parse(decodeShare(sharePayload(new URL(url).hash)!))).toEqual({ name: 'tiny' });
  });

  it('keep opening links made before (the whole scenario, made by the earlier code)', () => {
    // Made with the share code of November 2026, before links carried changes: Stafford with
    // 25 replications and 6 TSP groups a year.
    const hash = readFileSync(new URL('../fixtures/share-link-2026-11.txt', import.meta.url), 'utf8').trim();
    const doc = JSON.parse(decodeShare(sharePayload(hash)!)) as Doc & { schemaVersion: number };
    // It carries the file as it was then (schema version 1), edits included; loading migrates it.
    expect(doc.schemaVersion).toBe(1);
    expect(doc.replications).toBe(25);
    expect(doc.establishments[0]!.programmes[0]!.groupsPerYear).toBe(6);
    const loaded = loadScenario(doc);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.scenario.schemaVersion).toBe(2);
    expect(loaded.scenario.replications).toBe(25);
    expect(loaded.scenario.establishments[0]!.programmes[0]!.groupsPerYear).toBe(6);
    // The same scenario written today travels as its changes from the built-in, in a fraction of the length.
    const today = JSON.parse(read('stafford-2014.json')) as Doc;
    today.replications = 25;
    today.establishments[0]!.programmes[0]!.groupsPerYear = 6;
    expect(shareUrl('http://127.0.0.1:4173/', today).length).toBeLessThan(hash.length / 10);
  });

  it('refuse, saying why, a link made from another version of a built-in or a damaged one', () => {
    const doc = copy(JSON.parse(SHARE_BASES[0]!.text) as Doc);
    doc.replications = 7;
    const payload = encodeShareDiff(doc);
    expect(() => decodeShare(payload.slice(0, payload.length - 6))).toThrow(/damaged|cut short/);
    expect(() => decodeShare('2.AAAA')).toThrow(/damaged/);
  });
});
