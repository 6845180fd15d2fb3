import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { decodeShare, encodeShare, sharePayload, shareUrl } from '../../web/share.js';

function encodeShareBytes(bytes: Uint8Array): string {
  return Buffer.from(deflateSync(bytes, { level: 1 })).toString('base64url');
}

const stafford = JSON.parse(
  readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8'),
) as unknown;

describe('share links', () => {
  it('round-trip a whole scenario file exactly', () => {
    const url = shareUrl('http://127.0.0.1:4173/?x=1#old', stafford);
    expect(url.startsWith('http://127.0.0.1:4173/?x=1#s=')).toBe(true);
    const payload = sharePayload(new URL(url).hash);
    expect(payload).not.toBeNull();
    expect(JSON.parse(decodeShare(payload!))).toEqual(stafford);
  });

  it('compress the scenario to a link of a practical length', () => {
    const payload = encodeShare(stafford);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(JSON.stringify(stafford).length / 2.5);
    expect(payload.length).toBeLessThan(16_000);
  });

  it('round-trip any JSON value, including non-ASCII text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(decodeShare(encodeShare(value)))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
    expect(JSON.parse(decodeShare(encodeShare({ name: 'Wymott — “split site” ✓' })))).toEqual({
      name: 'Wymott — “split site” ✓',
    });
  });

  it('say a damaged or cut link is damaged', () => {
    const payload = encodeShare(stafford);
    expect(() => decodeShare(payload.slice(0, payload.length / 2))).toThrow(/damaged|cut short/);
    expect(() => decodeShare('not a link!')).toThrow(/damaged/);
    expect(() => decodeShare('AAAA')).toThrow(/damaged/);
  });

  it('find the payload only under s=', () => {
    expect(sharePayload('')).toBeNull();
    expect(sharePayload('#results')).toBeNull();
    expect(sharePayload('#s=abc')).toBe('abc');
  });
});

describe('share links that unpack to more than a scenario may hold', () => {
  it('are refused quickly, without unpacking the whole of them', () => {
    // 30 MB of spaces deflates to a few tens of kilobytes: a "zip bomb" in a link.
    const bomb = new Uint8Array(30_000_000).fill(32);
    const payload = encodeShareBytes(bomb);
    const start = performance.now();
    expect(() => decodeShare(payload)).toThrow(/too large: it unpacks to more than 10 million characters/);
    // The message proves decompression stopped at the limit (unbounded, all 30 MB came back);
    // the time bound is loose because this machine may be busy.
    expect(performance.now() - start).toBeLessThan(10_000);
  }, 60_000);
});
