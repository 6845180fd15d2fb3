/**
 * Seeded randomness. Every draw in the engine comes from here.
 *
 * Each replication has its own named sub-streams, derived from (seed, replication, name) only,
 * so a replication's numbers never depend on which worker ran it or what ran before it.
 * Per-person decisions (suitability, drop-out) use a counter-based hash instead of a stream:
 * the same person gets the same answer however many others were evaluated first, which keeps
 * two scenarios that differ in one setting on common random numbers.
 */
import alea from 'seedrandom/lib/alea.js';

export interface RandomStream {
  /** Uniform on [0, 1). */
  next(): number;
}

export function stream(seed: string, replication: number, name: string): RandomStream {
  return new AleaStream(alea(`${seed}/${replication}/${name}`, { state: true }).state());
}

/**
 * seedrandom's Alea step on the state its seeding gives: the same numbers as calling the library's
 * generator, with the state in a class's fields and no closure around it. Through the closure
 * (and the one `stream` wrapped it in) each draw was two calls whose double result was boxed
 * unless both were inlined: about 60 MB over two national replications, most draws a person's
 * reception.
 */
class AleaStream implements RandomStream {
  private c: number;
  private s0: number;
  private s1: number;
  private s2: number;

  constructor(state: { c: number; s0: number; s1: number; s2: number }) {
    this.c = state.c;
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }
}

/** A 32-bit key for counter-based draws in one replication. */
export function replicationKey(seed: string, replication: number): number {
  return alea(`${seed}/${replication}/key`).int32() >>> 0;
}

/**
 * A uniform on [0, 1) fixed by (key, a, b, c): the same inputs always give the same number. Three
 * rounds of murmur3's finaliser (a well-mixed 32-bit hash), written out in one function on 32-bit
 * integers: as a function of its own returning an unsigned 32-bit value, each round's result was
 * boxed where it was not inlined (about 20 MB over two national replications).
 */
export function hashUniform(key: number, a: number, b: number, c: number): number {
  return (hashBits(key, a, b, c) >>> 0) / 4294967296;
}

/**
 * hashUniform's 32 bits, as a signed 32-bit integer (a small integer to V8, never boxed): for a
 * caller where hashUniform is not inlined, whose double result was boxed at each call (custody.ts
 * arrive's tie-break, once an arrival). (bits >>> 0) / 2^32 is hashUniform's number exactly.
 */
export function hashBits(key: number, a: number, b: number, c: number): number {
  let h = key ^ Math.imul(a + 0x9e3779b9, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h ^= Math.imul(b + 0x7f4a7c15, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h ^= Math.imul(c + 0x3c6ef372, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Poisson draw by inversion for small means, normal approximation above 500. */
export function poisson(rng: RandomStream, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 500) {
    const u1 = Math.max(rng.next(), 1e-12);
    const u2 = rng.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = rng.next();
  while (u > cumulative && k < 10000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}
