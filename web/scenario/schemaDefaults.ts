/**
 * The schema's own default for a field, read from the zod schema (so it never drifts from it).
 * Used to show, beside a field the file leaves out, the value the engine will use.
 */
import { scenarioSchema } from '../../src/scenario/schema.js';
import type { Path } from './doc.js';

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  getter?: () => { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  defaultValue?: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Step through wrappers that do not change the value's shape. */
function unwrap(def: Def): Def {
  let d = def;
  for (let i = 0; i < 20; i++) {
    if (
      (d.type === 'optional' ||
        d.type === 'nullable' ||
        d.type === 'default' ||
        d.type === 'prefault' ||
        d.type === 'readonly') &&
      d.innerType
    )
      d = defOf(d.innerType);
    else if (d.type === 'lazy' && d.getter) d = defOf(d.getter());
    else if (d.type === 'pipe' && d.in) d = defOf(d.in);
    else break;
  }
  return d;
}

function child(def: Def, key: string | number): Def | undefined {
  const d = unwrap(def);
  if (d.type === 'object' && d.shape && typeof key === 'string') return d.shape[key] ? defOf(d.shape[key]) : undefined;
  if (d.type === 'array' && d.element && typeof key === 'number') return defOf(d.element);
  if (d.type === 'record' && d.valueType) return defOf(d.valueType);
  if (d.type === 'union' && d.options) {
    for (const o of d.options) {
      const c = child(defOf(o), key);
      if (c) return c;
    }
  }
  return undefined;
}

/** `{ value }` when the schema fills in a default for the field at `path`, else undefined. */
export function schemaDefaultAt(path: Path): { value: unknown } | undefined {
  let def: Def | undefined = defOf(scenarioSchema);
  for (const key of path) {
    def = child(def, key);
    if (!def) return undefined;
  }
  // Look through optional/nullable wrappers for a default.
  let d: Def = def;
  for (let i = 0; i < 10; i++) {
    if (d.type === 'default' || d.type === 'prefault') {
      const v = d.defaultValue;
      return { value: typeof v === 'function' ? (v as () => unknown)() : structuredClone(v) };
    }
    if ((d.type === 'optional' || d.type === 'nullable') && d.innerType) d = defOf(d.innerType);
    else return undefined;
  }
  return undefined;
}
