/**
 * Objects a compile or a context makes once and every replication reads at every event (the
 * compiled scenario, an establishment, the needs and caseload tables, a context's shared state)
 * are instances of a class of their own, not object literals: `withStableFields` makes the small
 * ones; the compiled scenario, too large for it, has a class of its own (compile.ts).
 *
 * Why: V8 types an object literal's fields by the first values stored in them (this field holds a
 * Synthesizer, that one a ReleaseRules), and optimised code relies on those types. At the
 * literal's second run, which is the next compile (an edit in the app, a worker's warm-up, a
 * sizing level), V8 makes the literal's boilerplate and turns each such type to "any". Every
 * function optimised on the old types is thrown away: about forty of the hottest (arrive, assess,
 * join, weekByWeek, departures, the hand-over's) for HMP Stafford, at the first edit after the
 * app opens, whose first replications then ran at interpreter speed while V8 compiled them again,
 * on the cores the replications need. Fields stored onto an instance keep the types the stores
 * gave them as long as the same types are stored again.
 *
 * Not for more than about 20 fields: V8 keeps fields copied in this way (not stored by name) in a
 * dictionary past that, slower to read (stableFieldsProbe.ts checks each kind's are fast).
 */

/** `fields` copied onto a new instance of `kind` (an empty class kept for one kind of object). */
export function withStableFields<T extends object>(kind: new () => object, fields: T): T {
  return Object.assign(new kind(), fields);
}
