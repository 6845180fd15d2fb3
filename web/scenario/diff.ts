/**
 * The inputs that differ between two scenario documents, worded with the names people use
 * ("HMP Stafford › Thinking Skills Programme › groups a year: 8 → 4"), never JSON paths alone.
 *
 * Lists of things with an id (establishments, programmes, tiers) are matched by id, so adding or
 * reordering one does not make every later item look changed; a programme delivered at an
 * establishment is matched by its programme. Other lists (table cells, scheduled changes) are
 * matched by position.
 */
import { choiceLabel } from './choices.js';
import { PERCENT_FIELDS, shareAsPercent } from './fieldWords.js';
export interface InputChange {
  /** JSON path of the field, for a link to the editor. */
  path: string;
  /** Where, in words: establishment, programme, section. */
  where: string[];
  /** The field, in words. */
  field: string;
  from: string;
  to: string;
}

/** Field names in words; anything else is split from camelCase. */
const FIELD_WORDS: Record<string, string> = {
  groupsPerYear: 'groups a year',
  groupSize: 'group size',
  durationWeeks: 'duration (weeks)',
  completionRate: 'completion rate',
  suitabilityRate: 'suitability rate',
  beds: 'beds',
  heldOnCourse: 'held while on a course',
  minWeeksLeftToStart: 'minimum weeks left to start',
  agreedStarts: 'agreed starts',
  agreedCompletions: 'agreed completions',
  acceptsReferrals: 'accepts referrals',
  operationalCapacity: 'operational capacity',
  receptionsPerWeek: 'receptions a week',
  transfersOutPerYear: 'transfers out a year',
  sessionsPerYear: 'sessions a year',
  pomFte: 'POM FTE',
  materialityThreshold: 'materiality threshold',
  precisionTarget: 'stop when within',
  precisionScope: 'whose means',
  establishmentType: 'kind of prison',
  startDate: 'start date',
  bandScheme: 'band scheme',
  schemaVersion: 'file version',
};

/** Sections whose name adds nothing once the item inside is named. */
const SECTION_WORDS: Record<string, string | null> = {
  establishments: null,
  programmes: null,
  tables: null,
  tiers: null,
  cells: 'cells',
  caseManagement: 'case management',
  changes: 'scheduled changes',
  population: 'population',
  flows: 'flows',
  staffing: 'staffing',
  referrals: 'referrals',
  priors: 'priors',
  attributes: 'attributes',
};

/** Bookkeeping that differs without changing any result. */
const IGNORED = new Set(['defaults', 'source', 'description']);

export function fieldWords(key: string): string {
  return FIELD_WORDS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function valueWords(v: unknown): string {
  if (v === undefined) return '(not set)';
  if (v === null) return '(none)';
  if (typeof v === 'number') return v.toLocaleString('en-GB', { maximumFractionDigits: 6 });
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  const named = itemName(v, new Map());
  return named ?? 'a setting';
}

function itemName(v: unknown, programmeNames: Map<string, string>): string | null {
  if (!isObject(v)) return null;
  if (typeof v.name === 'string') return v.name;
  if (typeof v.label === 'string') return v.label;
  if (typeof v.programme === 'string') return programmeNames.get(v.programme) ?? v.programme;
  if (typeof v.id === 'string') return v.id;
  return null;
}

/** The key an array item is matched by, or null to match by position. */
function matchKey(v: unknown): string | null {
  if (!isObject(v)) return null;
  if (typeof v.id === 'string') return `id:${v.id}`;
  if (typeof v.programme === 'string' && !('fromWeek' in v) && !('from' in v)) return `programme:${v.programme}`;
  return null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function scenarioDiff(reference: unknown, current: unknown): InputChange[] {
  const programmeNames = new Map<string, string>();
  for (const doc of [reference, current])
    if (isObject(doc) && Array.isArray(doc.programmes))
      for (const p of doc.programmes)
        if (isObject(p) && typeof p.id === 'string' && typeof p.name === 'string') programmeNames.set(p.id, p.name);

  const out: InputChange[] = [];
  const push = (path: string, where: string[], field: string, a: unknown, b: unknown) =>
    out.push({ path, where, field, from: valueWords(a), to: valueWords(b) });

  const walk = (a: unknown, b: unknown, path: string, where: string[], key: string) => {
    if (same(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (IGNORED.has(k)) continue;
        const section = k in SECTION_WORDS ? SECTION_WORDS[k] : undefined;
        const nested = [a[k], b[k]].some((v) => isObject(v) || Array.isArray(v));
        const nextWhere = !nested || section === null ? where : [...where, section ?? fieldWords(k)];
        walk(a[k], b[k], path ? `${path}.${k}` : k, nextWhere, k);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const keyed = [...a, ...b].every((x) => matchKey(x) !== null);
      if (keyed) {
        const bIndex = new Map(b.map((x, i) => [matchKey(x)!, i]));
        const aKeys = new Set(a.map((x) => matchKey(x)!));
        a.forEach((x, i) => {
          const name = itemName(x, programmeNames) ?? `item ${i + 1}`;
          const j = bIndex.get(matchKey(x)!);
          if (j === undefined) push(`${path}[${i}]`, where, name, 'present', 'removed');
          else walk(x, b[j], `${path}[${j}]`, [...where, name], key);
        });
        b.forEach((y, j) => {
          if (!aKeys.has(matchKey(y)!))
            push(`${path}[${j}]`, where, itemName(y, programmeNames) ?? `item ${j + 1}`, 'absent', 'added');
        });
        return;
      }
      if (a.length === b.length && a.every(isObject)) {
        a.forEach((x, i) => {
          const name = itemName(x, programmeNames) ?? itemName(b[i], programmeNames);
          walk(x, b[i], `${path}[${i}]`, [...where, name ?? `${fieldWords(key)} ${i + 1}`], key);
        });
        return;
      }
      if (a.every((x) => !isObject(x)) && b.every((x) => !isObject(x))) {
        push(
          path,
          where,
          fieldWords(key),
          a.map(valueWords).join(', ') || '(none)',
          b.map(valueWords).join(', ') || '(none)',
        );
        return;
      }
    }
    // A share the editor shows as a percentage reads as one here too: "3.5%", not "0.035".
    if (PERCENT_FIELDS.has(key) && (typeof a === 'number' || typeof b === 'number')) {
      const words = (v: unknown) => (typeof v === 'number' ? shareAsPercent(v) : valueWords(v));
      out.push({ path, where, field: fieldWords(key), from: words(a), to: words(b) });
      return;
    }
    // A setting chosen from a list reads as its drop-down does: "Every establishment's", not
    // "everyEstablishment".
    const chosen = [choiceLabel(key, a), choiceLabel(key, b)];
    if (chosen[0] !== null || chosen[1] !== null) {
      const [from, to] = [a, b].map((v, k) => chosen[k] ?? valueWords(v));
      out.push({ path, where, field: fieldWords(key), from: from!, to: to! });
      return;
    }
    push(path, where, fieldWords(key), a, b);
  };
  walk(reference, current, '', [], '');
  return out;
}

/** "HMP Stafford › Thinking Skills Programme › groups a year: 8 → 4". */
export function changeSentence(c: InputChange): string {
  return `${[...c.where, c.field].join(' › ')}: ${c.from} → ${c.to}`;
}
