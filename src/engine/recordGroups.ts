/**
 * Warm-up people grouped for the hand-over's draws (serviceSnapshot.ts ServiceSnapshot): by a
 * numeric key (a segment) in flat arrays, numbered by an open-addressing hash table of keys, and
 * by establishment and programme in dense slots; a record drawn from a group at random.
 */
import type { People } from './people.js';
import type { RandomStream } from '../random/streams.js';
import type { ScratchArrays } from './scratchArrays.js';

/** A draw's answer when no warm-up person is in the group (ServiceSnapshot recordFor's too). */
export const NO_RECORD = -1;

/**
 * Warm-up people grouped by a numeric key (a segment), in flat arrays rather than a Map of arrays
 * (ServiceSnapshot's pools): group g's members are members[start[g]] .. members[start[g + 1] - 1],
 * each part in the order of their indices, people on a course first where the groups have parts
 * (from split[g] the rest). Groups are numbered in the order their keys were first seen (ids), the
 * order a Map of arrays kept.
 */
export interface Groups {
  ids: KeyIndex;
  start: Int32Array;
  split: Int32Array;
  members: Int32Array;
}

/**
 * Numbers for keys, 0, 1, 2... in the order they are added: an open-addressing hash table in typed
 * arrays. Why not a Map: segment keys pass 2^31, so a Map boxed each one and rehashed its entries
 * as it grew (national: about 18 MB a replication for 51,000 segments of 85,000 men), and its
 * lookups were a fifth of the hand-over's matching (take).
 */
export class KeyIndex {
  size = 0;
  /** Slots: a key and its number (-1: empty); a power of two, at most half full. */
  private keys: Float64Array;
  private numbers: Int32Array;

  /**
   * `expected`: about how many keys it will hold at most (the people grouped): room for half as
   * many before it grows, where growing from small rehashed 51,600 segments seven times (national).
   */
  constructor(expected = 0, scratch?: ScratchArrays, name = '') {
    let slots = 1024;
    while (slots < expected) slots *= 2;
    // A slot's key is read only where its number says it is taken, so keys are not refilled.
    this.keys = scratch ? scratch.float64(`${name}.keys`, slots, null) : new Float64Array(slots);
    this.numbers = scratch ? scratch.int32(`${name}.numbers`, slots, -1) : new Int32Array(slots).fill(-1);
  }

  /** The number of `key`, or -1 where it was never added. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let k = hashKey(key) & mask; ; k = (k + 1) & mask) {
      const number = this.numbers[k];
      if (number < 0 || this.keys[k] === key) return number;
    }
  }

  /** The number of `key`, the next one where it is new. */
  add(key: number): number {
    const mask = this.keys.length - 1;
    let k = hashKey(key) & mask;
    for (; this.numbers[k] >= 0; k = (k + 1) & mask) if (this.keys[k] === key) return this.numbers[k];
    this.keys[k] = key;
    this.numbers[k] = this.size;
    if (2 * ++this.size > this.keys.length) this.grow();
    return this.size - 1;
  }

  private grow(): void {
    const { keys, numbers } = this;
    this.keys = new Float64Array(2 * keys.length);
    this.numbers = new Int32Array(2 * keys.length).fill(-1);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      if (numbers[j] < 0) continue;
      let k = hashKey(keys[j]) & mask;
      while (this.numbers[k] >= 0) k = (k + 1) & mask;
      this.keys[k] = keys[j];
      this.numbers[k] = numbers[j];
    }
  }
}

/**
 * A hash of a key (a whole number: its low and high 32 bits mixed), the same for equal keys.
 * Keys are whole numbers, exact below 2^53; any other number still hashes the same each time.
 */
function hashKey(key: number): number {
  const h = Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x27d4eb2d), 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Record pools (ServiceSnapshot take): groups with how far each is taken (next[g], into members). */
export interface RecordPools extends Groups {
  next: Int32Array;
}

/** Builds Groups: each person's group numbered as his key is added, then a counting sort. */
export class GroupsBuilder {
  readonly ids: KeyIndex;
  /** Per person, his group, or -1. */
  readonly groupOf: Int32Array;

  /**
   * n: people numbered below it; grouped: about how many of them are added (KeyIndex expected);
   * its arrays are `scratch`'s under names from `name`, alive as long as the snapshot.
   */
  constructor(
    n: number,
    grouped: number,
    private readonly scratch: ScratchArrays,
    private readonly name: string,
  ) {
    this.ids = new KeyIndex(grouped, scratch, `${name}.ids`);
    this.groupOf = scratch.int32(`${name}.groupOf`, n, -1);
  }

  /** Puts person i in the group of `key`, numbering it next where the key is new. */
  add(i: number, key: number): number {
    const g = this.ids.add(key);
    this.groupOf[i] = g;
    return g;
  }

  /**
   * The groups, those of `first` (where first[i] is 1) before the rest in each (null: one part);
   * `among`: every person added, in order (others may be there too).
   */
  build(first: Uint8Array | null, among: Int32Array): Groups {
    const groupOf = this.groupOf;
    const count = this.ids.size;
    const scratch = this.scratch;
    const start = scratch.int32(`${this.name}.start`, count + 1);
    const split = scratch.int32(`${this.name}.split`, count);
    for (let k = 0; k < among.length; k++) {
      const i = among[k];
      const g = groupOf[i];
      if (g < 0) continue;
      start[g + 1]++;
      if (first && first[i]) split[g]++;
    }
    for (let g = 0; g < count; g++) {
      split[g] += start[g];
      start[g + 1] += start[g];
    }
    const members = scratch.int32(`${this.name}.members`, start[count], null);
    const atFirst = scratch.int32(`${this.name}.atFirst`, count, null);
    atFirst.set(start.subarray(0, count));
    const atRest = scratch.int32(`${this.name}.atRest`, count, null);
    atRest.set(split);
    for (let k = 0; k < among.length; k++) {
      const i = among[k];
      const g = groupOf[i];
      if (g < 0) continue;
      if (first && first[i]) members[atFirst[g]++] = i;
      else members[atRest[g]++] = i;
    }
    return { ids: this.ids, start, split, members };
  }
}

/**
 * Record pools of the people `inside` (by index, in order; with a profile, masks[i] >= 0, where
 * masks is given) by keys[i], people on a course first in each: the groups numbered as their keys first come among
 * people of `leading` (onCourse[i] equal to it), then among the others, the order `later` is given
 * the groups of those others in as their keys first come there.
 */
export function recordPools(
  keys: Float64Array,
  inside: Int32Array,
  onCourse: Uint8Array,
  leading: 0 | 1,
  masks: Float64Array | null,
  scratch: ScratchArrays,
  name: string,
  later: number[] = [],
): RecordPools {
  const builder = new GroupsBuilder(keys.length, inside.length, scratch, name);
  // Groups seen in the second pass: numbered below the people added, so sized by them.
  const seen = scratch.uint8(`${name}.seen`, inside.length);
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < inside.length; k++) {
      const i = inside[k];
      if ((masks && masks[i] < 0) || (onCourse[i] === leading) !== (pass === 0)) continue;
      const g = builder.add(i, keys[i]);
      if (pass === 1 && !seen[g]) {
        seen[g] = 1;
        later.push(g);
      }
    }
  }
  const groups = builder.build(onCourse, inside);
  const next = scratch.int32(`${name}.next`, groups.ids.size, null);
  next.set(groups.start.subarray(0, groups.ids.size));
  return { ...groups, next };
}

/** A member of the group of `key` drawn at random (with replacement), or NO_RECORD where there is none. */
export function draw(groups: Groups, key: number, rng: RandomStream): number {
  const g = groups.ids.get(key);
  if (g < 0) return NO_RECORD;
  return groups.members[groups.start[g] + Math.floor(rng.next() * (groups.start[g + 1] - groups.start[g]))];
}

/**
 * Warm-up people by establishment and programme open to them (e x 32 + p), and with `classes`
 * by time-left class as well ((e x 32 + p) x classes + class): dense slots, so a counting sort
 * with no Map. Slot s's members are members[start[s]] .. members[start[s + 1] - 1], by index.
 */
export interface Slots {
  start: Int32Array;
  members: Int32Array;
}

export function programmeSlots(
  people: People,
  inside: Int32Array,
  masks: Float64Array,
  establishments: number,
  timeLeftClass: Uint8Array | null,
  classes: number,
  scratch: ScratchArrays,
  name: string,
): Slots {
  const start = scratch.int32(`${name}.start`, establishments * 32 * classes + 1);
  // Each slot's size at start[s + 1], summed into where each begins, then its members placed.
  // The mask's set bits only (m &= m - 1 clears the lowest; 31 - clz32(m & -m) is its index).
  for (let k = 0; k < inside.length; k++) {
    const i = inside[k];
    if (masks[i] < 0) continue;
    const e = people.establishment[i] * 32;
    const t = timeLeftClass ? timeLeftClass[i] : 0;
    for (let m = masks[i] | 0; m !== 0; m &= m - 1) start[(e + 31 - Math.clz32(m & -m)) * classes + t + 1]++;
  }
  for (let s = 1; s < start.length; s++) start[s] += start[s - 1];
  const members = scratch.int32(`${name}.members`, start[start.length - 1], null);
  const at = scratch.int32(`${name}.at`, start.length - 1, null);
  at.set(start.subarray(0, start.length - 1));
  for (let k = 0; k < inside.length; k++) {
    const i = inside[k];
    if (masks[i] < 0) continue;
    const e = people.establishment[i] * 32;
    const t = timeLeftClass ? timeLeftClass[i] : 0;
    for (let m = masks[i] | 0; m !== 0; m &= m - 1) members[at[(e + 31 - Math.clz32(m & -m)) * classes + t]++] = i;
  }
  return { start, members };
}

/** A member of dense slot s drawn at random (with replacement), or NO_RECORD where it has none. */
export function drawSlot(slots: Slots, s: number, rng: RandomStream): number {
  if (s + 1 >= slots.start.length) return NO_RECORD;
  const from = slots.start[s];
  const size = slots.start[s + 1] - from;
  return size > 0 ? slots.members[from + Math.floor(rng.next() * size)] : NO_RECORD;
}

/** Fisher-Yates of list[from] .. list[to - 1], in place, from the given stream. */
export function shuffle(list: Int32Array, from: number, to: number, rng: RandomStream): void {
  for (let k = to - from - 1; k > 0; k--) {
    const j = from + Math.floor(rng.next() * (k + 1));
    const t = list[from + k];
    list[from + k] = list[j];
    list[j] = t;
  }
}

/** Shuffles each pool's part on a course, then its rest, pool by pool. */
export function shuffleBothParts(pools: RecordPools, rng: RandomStream): void {
  for (let g = 0; g < pools.ids.size; g++) {
    shuffle(pools.members, pools.start[g], pools.split[g], rng);
    shuffle(pools.members, pools.split[g], pools.start[g + 1], rng);
  }
}
