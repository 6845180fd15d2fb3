import alea from 'seedrandom/lib/alea.js';
import { describe, expect, it } from 'vitest';
import { hashBits, hashUniform, stream } from '../../src/random/streams.js';

describe('random streams', () => {
  it("a named stream draws seedrandom's Alea numbers for its seed string, in order", () => {
    for (const [seed, replication, name] of [
      ['12345', 0, 'population'],
      ['placewise', 7, 'warm-up/match'],
      ['', 99, 'x'],
    ] as const) {
      const library = alea(`${seed}/${replication}/${name}`);
      const s = stream(seed, replication, name);
      for (let k = 0; k < 10_000; k++) expect(s.next()).toBe(library());
    }
  });

  it('streams of different names or replications differ', () => {
    const a = stream('1', 0, 'a').next();
    expect(stream('1', 0, 'b').next()).not.toBe(a);
    expect(stream('1', 1, 'a').next()).not.toBe(a);
  });

  it('a hash draw is fixed by its inputs (values pinned from the three-call murmur3 form)', () => {
    expect(hashUniform(0, 0, 0, 0)).toBe(0.7403211642522365);
    expect(hashUniform(12345, 1, 2, 3)).toBe(0.47118267393670976);
    expect(hashUniform(4294967295, 85000, 9, 1000003)).toBe(0.6835801913402975);
    expect(hashUniform(2654435761, 7, -1, 52)).toBe(0.638793267076835);
  });

  it("hashBits is hashUniform's number as a signed 32-bit integer", () => {
    for (let i = 0; i < 10_000; i++) {
      const bits = hashBits(2654435761, i, i % 7, 1000003);
      expect(bits).toBe(bits | 0);
      expect((bits >>> 0) / 4294967296).toBe(hashUniform(2654435761, i, i % 7, 1000003));
    }
  });

  it('hash draws lie in [0, 1) and spread evenly', () => {
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const u = hashUniform(0xdeadbeef, i, 3, 5);
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]!++;
    }
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});
