/**
 * Typed arrays a replication needs for a while and then drops (the running start's snapshot of
 * the warm-up and its record pools, the hand-over's marks, the opening's cells), kept by the
 * context that runs replications one after another and handed out again, refilled, to the next.
 *
 * Why: an ArrayBuffer over 64 bytes lives outside V8's heap, and in Chromium allocating one costs
 * tens of microseconds (a worker allocating Int32Arrays of 1,000 to 5,000 between other work:
 * 14-117 us each, against 2-14 us in Node). A Stafford replication allocated about 55 such arrays
 * of 2-11 KiB and 60 smaller ones: about 1.1 ms of a 7 ms replication in a Chromium worker, next
 * to nothing in Node. With these kept, it allocates 21 after the first (lists and courses growing,
 * a few tables made per replication).
 *
 * Each array has a name, unique among those alive at once: a name handed out again gives the same
 * memory, so whatever the previous holder kept of it is overwritten. Holders give theirs up by
 * being done with it before the next replication asks for the name again.
 */
type Scratch = Int8Array | Uint8Array | Int32Array | Float64Array;

export class ScratchArrays {
  private readonly held = new Map<string, Scratch>();

  /** `length` Int32s under `name`, each set to `fill` (null: left as the last holder left them). */
  int32(name: string, length: number, fill: number | null = 0): Int32Array {
    return this.take(name, length, fill, Int32Array);
  }

  /** `length` Float64s under `name`, each set to `fill` (null: left as the last holder left them). */
  float64(name: string, length: number, fill: number | null = 0): Float64Array {
    return this.take(name, length, fill, Float64Array);
  }

  /** `length` Uint8s under `name`, each set to `fill` (null: left as the last holder left them). */
  uint8(name: string, length: number, fill: number | null = 0): Uint8Array {
    return this.take(name, length, fill, Uint8Array);
  }

  /**
   * `a`'s entries followed by zeros, `length` long (at least a's), under `name`: for an array that
   * grows while it is held. `a` may be the name's memory already (the last call's answer).
   */
  widen<T extends Int8Array | Uint8Array | Int32Array>(name: string, a: T, length: number): T {
    const wider = this.take(name, length, null, a.constructor as new (length: number) => T);
    if (wider.buffer !== a.buffer || wider.byteOffset !== a.byteOffset) wider.set(a);
    wider.fill(0, a.length);
    return wider;
  }

  private take<T extends Scratch>(
    name: string,
    length: number,
    fill: number | null,
    type: new (length: number) => T,
  ): T {
    let backing = this.held.get(name) as T | undefined;
    if (backing === undefined || backing.length < length || backing.constructor !== type) {
      // Room to spare: the next replication's count of people or places is a little different.
      backing = new type(Math.max(64, length + (length >>> 2)));
      this.held.set(name, backing);
    } else if (backing.length === length) {
      if (fill !== null) backing.fill(fill);
      return backing;
    }
    const view = backing.subarray(0, length) as T;
    if (fill !== null) view.fill(fill);
    return view;
  }
}
