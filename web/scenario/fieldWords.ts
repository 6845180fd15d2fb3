/**
 * Problems in the words people use. The core names a field by its path
 * (`establishments[0].programmes[0].groupsPerYear`) in the schema's terms; the app names it by its
 * labels in context ("HMP Stafford, TSP: groups a year must be 0 or more"), as GOV.UK error
 * messages do. Shares stored as 0-1 are spoken of as percentages, as the editor shows them.
 * The CLI keeps paths.
 */
import { BAND_SCHEMES, resolveAttributes } from '../../src/index.js';
import type { Attribute, Problem } from '../../src/index.js';
import { getAt } from './doc.js';
import { attributeShortLabel, categoryLabel, describeWhere } from './criteria.js';

/** Words for a field name, as a sentence continues ("… groups a year must be …"). */
const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  description: 'description',
  startDate: 'start date',
  horizon: 'horizon',
  value: 'value',
  unit: 'unit',
  seed: 'seed',
  replications: 'replications',
  precisionTarget: 'stop when within',
  precisionScope: 'whose means',
  materialityThreshold: 'materiality threshold',
  bandScheme: 'band scheme',
  attributes: 'attributes',
  programmes: 'programmes',
  establishments: 'establishments',
  caseManagement: 'case management',
  changes: 'scheduled changes',
  priors: 'priors',
  id: 'id',
  label: 'label',
  source: 'source',
  defaults: 'defaults list',
  type: 'type',
  operationalCapacity: 'operational capacity',
  cna: 'CNA',
  population: 'population',
  total: 'total',
  tables: 'population tables',
  cells: 'cells',
  where: 'people matching',
  count: 'count',
  flows: 'flows',
  receptionsPerWeek: 'receptions a week',
  transfersOutPerYear: 'transfers out a year',
  receptionMix: 'reception mix',
  staffing: 'staffing',
  pomFte: 'POM FTE',
  hoursPerFteWeek: 'hours per FTE a week',
  availability: 'share of hours available for contact',
  referrals: 'referrals',
  to: 'establishment referred to',
  programme: 'programme',
  groupsPerYear: 'groups a year',
  groupSize: 'group size',
  firstStartWeek: 'first start week',
  agreedStarts: 'agreed starts',
  agreedCompletions: 'agreed completions',
  acceptsReferrals: 'takes referrals',
  segments: 'segments planned for',
  plannedCompletions: 'planned completions a year',
  reservedShare: 'share of places kept for the segment',
  reservedPlaces: 'places kept for the segment',
  kind: 'kind',
  eligibility: 'eligibility',
  suitabilityRate: 'suitable share',
  priority: 'waiting-list priority',
  durationWeeks: 'duration in weeks',
  completionRate: 'completion rate',
  minWeeksLeftToStart: 'minimum weeks left to start',
  prerequisites: 'prerequisites',
  allowConcurrent: 'may run alongside another programme',
  heldOnCourse: 'held (not transferred) while on a course',
  beds: 'beds',
  assessment: 'assessment funnel',
  suitable: 'suitable share',
  notReady: 'suitable-but-not-ready share',
  deniers: 'deniers share',
  refusers: 'refusers share',
  reassessAfterWeeks: 'weeks until the not ready are reassessed',
  reReferralShare: 'share of drop-outs referred again',
  reReferralAfterWeeks: 'weeks until a drop-out is referred again',
  tiers: 'tiers',
  sessionsPerYear: 'sessions a year',
  sessionMinutes: 'session length',
  recordingMinutes: 'recording time per session',
  when: 'rule',
  fromDate: 'from date',
  fromWeek: 'from week',
  establishment: 'establishment',
  set: 'what changes',
  appliesToExisting: 'applies to people already inside',
  note: 'note',
  schemaVersion: 'schema version',
};

/** Fields stored as a share 0-1 and edited as a percentage. */
export const PERCENT_FIELDS = new Set([
  'completionRate',
  'suitabilityRate',
  'availability',
  'materialityThreshold',
  'precisionTarget',
  'transfersOutPerYear',
  'reservedShare',
  'suitable',
  'notReady',
  'deniers',
  'refusers',
  'reReferralShare',
]);

/** Split a path string into keys: `a.b[2]["x-y"]` -> ['a', 'b', 2, 'x-y']. */
export function parsePath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) keys.push(Number(m[1]));
    else if (m[2] !== undefined) keys.push(JSON.parse(`"${m[2]}"`) as string);
    else if (m[3] !== undefined) keys.push(m[3]);
  }
  return keys;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** "Thinking Skills Programme (TSP)" -> "TSP"; otherwise the catalogue name, or the id in capitals. */
function programmeWords(doc: unknown, id: unknown, own?: unknown): string {
  const list = getAt(doc, ['programmes']);
  const entry = own ?? (Array.isArray(list) ? list.find((p) => (p as { id?: unknown }).id === id) : undefined);
  const name = text((entry as { name?: unknown } | undefined)?.name);
  const short = name ? /\(([^()]{1,12})\)\s*$/.exec(name)?.[1] : undefined;
  if (short) return short;
  // "RESOLVE (moderate-intensity violence programme)" -> "RESOLVE"
  if (name) return name.replace(/\s*\([^()]*\)\s*$/, '') || name;
  return typeof id === 'string' && id ? id.toUpperCase() : 'a programme';
}

/** A criterion's root field, as the form's legend names it. */
function criterionRoot(
  key: string,
  parent: string | number | undefined,
  grand: string | number | undefined,
): string | null {
  if (key === 'eligibility')
    return grand === 'changes' || parent === 'set' ? 'eligibility from then' : 'who is eligible';
  if (key === 'given') return 'for whom';
  if (key === 'when') {
    if (grand === 'priority') return 'who goes first';
    if (grand === 'segments') return 'who is in the segment';
    return 'rule';
  }
  return null;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A criterion the form shows as a list of conditions ("all of", "any of", "none of", "not all of"). */
function isGroup(c: unknown): boolean {
  if (!isObj(c)) return false;
  const inner = 'not' in c && isObj(c.not) ? c.not : c;
  return 'all' in inner || 'any' in inner;
}

/** The words of a field inside a condition, as the rule form labels it. */
const CONDITION_WORDS: Record<string, string> = {
  attribute: 'what it tests',
  in: 'categories',
  atLeast: 'band',
  atMost: 'band',
  completed: 'programme',
  always: 'everyone',
  weeksToRelease: 'weeks left to release',
};

/**
 * Where a path points, as the labels a person sees: the context (establishment, programme,
 * table, row, rule and its condition) and the field's own words, as the form labels them.
 */
export function describePath(
  doc: unknown,
  path: string,
): { context: string[]; field: string | null; percent: boolean } {
  const keys = parsePath(path);
  const context: string[] = [];
  let field: string | null = null;
  /** Inside a rule (eligibility, who goes first, for whom): its conditions are numbered as the form numbers them. */
  let inRule = false;
  /** Inside a declared attribute: `id` is its code, `min` / `max` its range. */
  let inAttribute = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const parent = keys[i - 1];
    const grand = keys[i - 2];
    const at = keys.slice(0, i + 1);
    const value = getAt(doc, at);
    const isLast = i === keys.length - 1;
    if (typeof key === 'number') {
      const label = text((value as { label?: unknown } | null)?.label);
      const name = text((value as { name?: unknown } | null)?.name);
      const id = text((value as { id?: unknown } | null)?.id);
      field = null;
      if (inRule && (parent === 'all' || parent === 'any'))
        context.push(`${isGroup(value) ? 'group' : 'condition'} ${key + 1}`);
      else if (inRule && parent === 'in') field = 'categories';
      else if (parent === 'establishments') context.push(name ?? id ?? `Establishment ${key + 1}`);
      else if (parent === 'programmes' && grand === undefined)
        context.push(`Catalogue, ${programmeWords(doc, (value as { id?: unknown } | null)?.id, value)}`);
      else if (parent === 'programmes' || parent === 'referrals')
        context.push(
          `${parent === 'referrals' ? 'referral of ' : ''}${programmeWords(doc, (value as { programme?: unknown } | null)?.programme)}`,
        );
      else if (parent === 'tables') context.push(`table “${label ?? id ?? key + 1}”`);
      else if (parent === 'cells') context.push(rowWords(doc, key, value));
      else if (parent === 'tiers') context.push(`tier “${label ?? id ?? key + 1}”`);
      else if (parent === 'changes') context.push(`Scheduled change ${key + 1}`);
      else if (parent === 'priors') context.push(`fill distribution ${key + 1}`);
      else if (parent === 'attributes' && grand === undefined) {
        context.push(`declared attribute “${label ?? id ?? key + 1}”`);
        inAttribute = true;
      } else if (parent === 'categories' && inAttribute) context.push(`category “${label ?? id ?? key + 1}”`);
      else if (parent === 'prerequisites') field = 'prerequisite';
      else if (parent === 'priority' && isObj(value)) context.push(`waiting-list priority, key ${key + 1}`);
      else context.push(`item ${key + 1}`);
      continue;
    }
    const next = keys[i + 1];
    const root = isLast ? null : criterionRoot(key, parent, grand);
    if (root !== null && !inRule) {
      context.push(root);
      inRule = true;
      // A rule of one condition is the form's "condition 1".
      if (isObj(value) && !isGroup(value) && !('always' in value)) context.push('condition 1');
      continue;
    }
    if (inRule) {
      if (key === 'all' || key === 'any' || key === 'not') {
        if (isLast) field = 'conditions';
        continue;
      }
      if ((key === 'min' || key === 'max') && parent === 'weeksToRelease') {
        field = `weeks left to release, ${key === 'min' ? 'at least' : 'at most'}`;
        continue;
      }
      if (key in CONDITION_WORDS) {
        field = CONDITION_WORDS[key]!;
        continue;
      }
    }
    if (inAttribute && (key === 'id' || key === 'min' || key === 'max') && isLast) {
      field = key === 'id' ? 'code' : key === 'min' ? 'lowest value' : 'highest value';
      continue;
    }
    if (parent === 'shares' && isLast) {
      const prior = getAt(doc, keys.slice(0, i - 1)) as { attribute?: unknown } | null;
      const attr = typeof prior?.attribute === 'string' ? prior.attribute : '';
      field = `share of ${categoryLabel(attributesOf(doc), attr, key)}`;
      continue;
    }
    if (key === 'value' && isLast && parent === 'set') {
      const kind = (getAt(doc, keys.slice(0, i)) as { kind?: unknown } | null)?.kind;
      field = typeof kind === 'string' && kind in CHANGE_VALUE_WORDS ? CHANGE_VALUE_WORDS[kind]! : 'value';
      continue;
    }
    // Containers named by their items (establishments[0] -> "HMP Stafford") add nothing themselves.
    if (typeof next === 'number') {
      if (isLast) field = FIELD_WORDS[key] ?? key;
      continue;
    }
    if (isLast) field = parent === 'where' ? attributeShortLabel(attributesOf(doc), key) : (FIELD_WORDS[key] ?? key);
    else if (key === 'caseManagement') context.push('Case management');
    else if (key === 'staffing') context.push('staffing');
    else if (key === 'flows') context.push('flows');
    else if (key === 'receptionMix') context.push('reception mix');
    else if (key === 'horizon') field = 'horizon';
  }
  const last = keys.at(-1);
  return { context, field, percent: typeof last === 'string' && PERCENT_FIELDS.has(last) };
}

/** A scheduled change's value, as the form labels it by the change's kind. */
const CHANGE_VALUE_WORDS: Record<string, string> = {
  groupsPerYear: 'groups a year from then',
  beds: 'beds from then',
  receptionsPerWeek: 'receptions a week from then',
  operationalCapacity: 'operational capacity from then',
  pomFte: 'POM staff from then',
};

/**
 * The loader's messages that name attributes, categories, programmes and other entries by id or
 * by path, in labels. `null` where the message needs no rewording; `named` when the message names
 * its subject itself (no field is put before it).
 */
function referenceMessage(doc: unknown, p: Problem): { message: string; named: boolean } | null {
  const attributes = attributesOf(doc);
  const m = p.message;
  const notBand = /^"(.*)" is not a (?:band|category) of attribute "(.*?)"/.exec(m);
  if (notBand) {
    const [, value, attribute] = notBand;
    const list = (attributes.find((a) => a.id === attribute)?.categories ?? []).map((c) => c.label ?? c.id);
    return {
      message: `${attributeShortLabel(attributes, attribute!)} has no category “${value}”: choose one of ${list.join(', ')}`,
      named: true,
    };
  }
  const unknown = /^unknown (programme|attribute|establishment) "(.*?)"/.exec(m);
  if (unknown) {
    const [, what, value] = unknown;
    const where =
      what === 'programme'
        ? 'is not in the catalogue'
        : `is not ${what === 'attribute' ? 'an attribute' : 'an establishment'} of this scenario`;
    return { message: `“${value}” ${where}: choose one from the list`, named: what === 'attribute' };
  }
  const noOrder = /^attribute "(.*?)" has no order, so "(atLeast|atMost)" cannot be used on it/.exec(m);
  if (noOrder)
    return {
      message: `${attributeShortLabel(attributes, noOrder[1]!)} has no order, so “${noOrder[2] === 'atLeast' ? 'is at least' : 'is at most'}” cannot be used on it: choose “is one of” and tick its categories`,
      named: true,
    };
  const range = /^min \((.*?)\) is greater than max \((.*?)\)(.*)$/.exec(m);
  if (range) {
    const weeks = /weeksToRelease$/.test(p.path);
    const [lo, hi] = weeks ? ['at least', 'at most'] : ['lowest value', 'highest value'];
    return { message: `“${lo}” (${range[1]}) is more than “${hi}” (${range[2]})${range[3]}`, named: true };
  }
  const duplicate = /^duplicate (.*?)id "(.*?)": already used by (.*)$/.exec(m);
  if (duplicate) {
    const other = describePath(doc, duplicate[3]!)
      .context.at(-1)
      ?.replace(/^Catalogue, /, '');
    return {
      message: `the code “${duplicate[2]}” is already used by ${other ?? 'another entry'}: give each its own`,
      named: true,
    };
  }
  const self = /^a prior for "(.*?)" cannot be conditioned on "(.*?)" itself$/.exec(m);
  if (self)
    return {
      message: `a condition here cannot test ${attributeShortLabel(attributes, self[1]!)}, the attribute this distribution fills`,
      named: true,
    };
  const invalid = /^not a valid (criterion|priority rule|[a-z ]+?): expected one of .*$/.exec(m);
  if (invalid) {
    const what =
      invalid[1] === 'criterion' ? 'condition' : invalid[1] === 'priority rule' ? 'priority key' : invalid[1];
    return { message: `this ${what} is not one the form can show: correct it under “Show as data”`, named: true };
  }
  if (/^a programme cannot be its own prerequisite$/.test(m))
    return { message: 'a programme cannot be its own prerequisite: untick it', named: true };
  if (/^takes effect in week /.test(m)) return { message: `it ${m}`, named: true };
  return null;
}

/** A share as the editor shows it: 0.035 -> "3.5%" (the decimal point moved in the text, so no rounding shows). */
export function shareAsPercent(share: number | string): string {
  return `${Number(`${share}e2`)}%`;
}

/**
 * The core's mechanical wording, made plain: "must be a number of at least 0, got -3" -> "must be
 * 0 or more". The value typed is left out: it is in the field, beside the message.
 */
export function plainMessage(message: string, percent: boolean): string {
  const bound = (n: string) => (percent ? shareAsPercent(n) : Number(n).toLocaleString('en-GB'));
  let m = message.replace(/\s*\(a share from 0 to 1:[^)]*\)/, '');
  m = m.replace(/^must be a whole number of at least (-?[\d.e+-]+)(, got .*)?$/, (_s, n: string) =>
    Number(n) === 1 ? 'must be a whole number, 1 or more' : `must be a whole number, ${bound(n)} or more`,
  );
  m = m.replace(
    /^must be a whole number of at most (-?[\d.e+-]+)(, got .*)?$/,
    (_s, n: string) => `must be a whole number, ${bound(n)} or less`,
  );
  m = m.replace(
    /^must be a number of at least (-?[\d.e+-]+)(, got .*)?$/,
    (_s, n: string) => `must be ${bound(n)} or more`,
  );
  m = m.replace(
    /^must be a number of at most (-?[\d.e+-]+)(, got .*)?$/,
    (_s, n: string) => `must be ${bound(n)} or less`,
  );
  m = m.replace(/^must be a whole number, got .*$/, 'must be a whole number');
  m = m.replace(/^must be a number, got .*$/, percent ? 'must be a percentage, like 90' : 'must be a number');
  return m;
}

/** The scenario's attributes (its band scheme's, and any it declares), for naming categories. */
function attributesOf(doc: unknown): Attribute[] {
  const scheme = getAt(doc, ['bandScheme']);
  const declared = getAt(doc, ['attributes']);
  const id = typeof scheme === 'string' && scheme in BAND_SCHEMES ? (scheme as keyof typeof BAND_SCHEMES) : null;
  const list = Array.isArray(declared) ? (declared as Attribute[]) : [];
  // Declared attributes only for an unknown scheme: its problem is reported at its own field.
  return id ? resolveAttributes(id, list) : list.filter((a) => Array.isArray(a?.categories));
}

/** A table's row (a cell in the file) as the editor shows it: "row 3 (OGRS: Medium (25-49); Main offence: Violent)". */
function rowWords(doc: unknown, index: number, cell: unknown): string {
  const where = (cell as { where?: unknown } | null)?.where;
  return `row ${index + 1} (${describeWhere(where, attributesOf(doc))})`;
}

/**
 * The loader's messages about a table's rows, which name attributes and categories by id and
 * other rows by path, in labels: "overlaps row 2 (…): someone with OGRS Low (0-24) …".
 */
function cellMessage(doc: unknown, p: Problem): string | null {
  const attributes = attributesOf(doc);
  const band = /\.where\.([^.[\]]+)$/.exec(p.path);
  const notBand = /^"(.*)" is not a (?:band|category) of attribute "(.*?)"/.exec(p.message);
  if (band && notBand) {
    const [, value, attribute] = notBand;
    const list = (attributes.find((a) => a.id === attribute)?.categories ?? []).map((c) => c.label ?? c.id);
    return `${attributeShortLabel(attributes, attribute!)} “${value}” is not in its list: choose one of ${list.join(', ')}`;
  }
  const unknown = /^unknown attribute "(.*?)"/.exec(p.message);
  if (band && unknown)
    return `the file narrows the row by “${unknown[1]}”, which is not an attribute of this scenario: remove it from the row, or declare the attribute`;
  const overlap = /^overlaps (.*\.cells\[(\d+)\]): (?:someone with (.*)|anyone) would match both/.exec(p.message);
  if (overlap) {
    const [, otherPath, other, shared] = overlap;
    const who = shared
      ? shared
          .split(' and ')
          .map((part) => {
            const m = /^(\S+) (.*)$/.exec(part);
            if (!m) return part;
            const cats = [...m[2]!.matchAll(/"([^"]*)"/g)].map((x) => categoryLabel(attributes, m[1]!, x[1]!));
            return `${attributeShortLabel(attributes, m[1]!)} ${cats.join(' or ')}`;
          })
          .join(' and ')
      : 'anyone';
    const otherRow = rowWords(doc, Number(other), getAt(doc, parsePath(otherPath!)));
    return `overlaps ${otherRow}: ${shared ? `someone with ${who}` : 'anyone'} would be counted in both. The rows of one table must not overlap: change a category in one of them`;
  }
  const more = /^(\d+) more pairs of overlapping cells$/.exec(p.message);
  if (more) return `${more[1]} more pairs of rows overlap`;
  return null;
}

/** A table cell as the run names it ("offence sexual, osp low") in labels: "Main offence Sexual, OSP Low". */
export function cellWords(doc: unknown, cell: string): string {
  const attributes = attributesOf(doc);
  return cell
    .split(', ')
    .map((part) => {
      const space = part.indexOf(' ');
      if (space < 0) return part;
      const attribute = attributes.find((a) => a.id === part.slice(0, space));
      if (!attribute) return part;
      const value = part.slice(space + 1);
      const category = attribute.categories.find((c) => c.id === value);
      return `${attribute.label}: ${category?.label ?? value}`;
    })
    .join('; ');
}

/**
 * The run's warning that the simulated population drifts from a table, in a planner's words and
 * with what to do about it.
 */
function driftWording(doc: unknown, p: Problem): string | null {
  const m =
    /^(.*): the running population drifts from table "(.*)": "(.*)" from (\d+) people at the start to (\d+) at the end of year (\d+) \(([+-]?\d+)% of its share, more than (\d+)%\); (.*)$/.exec(
      p.message,
    );
  if (!m) return null;
  const [, establishment, table, cell, start, end, year, change, , cause] = m;
  const ch = Number(change);
  // The run names the cause (src/results/fitOverTime.ts): its receptions, or moves between prisons.
  const receptions = cause!.startsWith('the receptions do not keep');
  return (
    `${establishment}, table “${table}”: the cell “${cellWords(doc, cell!)}” goes from ${start} people at the start to ${end} ` +
    `by the end of year ${year} (its share of the population ${ch >= 0 ? 'up' : 'down'} ${Math.abs(ch)}%). ` +
    (receptions
      ? `Receptions do not keep the mix the table describes; a reception mix for ${establishment} (Edit scenario, Flows) can.`
      : `${cause!.charAt(0).toUpperCase()}${cause!.slice(1)}.`)
  );
}

/** "HMP Stafford, TSP: groups a year must be 0 or more". */
export function wordProblem(doc: unknown, p: Problem): string {
  if (p.path === '') return p.message;
  const drift = driftWording(doc, p);
  if (drift) return drift;
  const { context, field: pathField, percent } = describePath(doc, p.path);
  const cell = /\.cells(\[\d+\](\.where(\.[^.[\]]+)?)?)?$/.test(p.path) ? cellMessage(doc, p) : null;
  const reference = cell === null ? referenceMessage(doc, p) : null;
  const message = cell ?? reference?.message ?? plainMessage(p.message, percent);
  // A message about a row's categories names its attribute itself; a row's own message needs no field.
  const field = cell !== null || reference?.named ? null : pathField;
  const where = context.join(', ');
  const subject = field ?? '';
  // A message that already starts with the field's words ("agreed starts (80) are ...") keeps them once.
  const named = subject !== '' && message.toLowerCase().startsWith(`${subject.toLowerCase()} `);
  const sentence = subject && !named ? `${subject} ${message}` : message;
  if (!where) return sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return `${where.charAt(0).toUpperCase()}${where.slice(1)}: ${sentence}`;
}

/** Index of the establishment a path is in, or null for the scenario's own fields. */
export function establishmentOf(path: string): number | null {
  const m = /^establishments\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
}

/**
 * Warnings that say what the scenario is built to do, not what is wrong: tables covering part
 * of the population (or a wider one, as regional tables do), scaled to it; percentages adding to
 * within 2 points of 100 by rounding. They are shown as information, collapsed.
 */
export function isExpectedWarning(p: Problem): boolean {
  if (/(each|it) is scaled to it$/.test(p.message)) return true;
  const rounding = /cells add up to ([\d.]+)%/.exec(p.message);
  return rounding !== null && Math.abs(Number(rounding[1]) - 100) <= 2;
}

/** An expected warning worded as information. */
export function informationWording(doc: unknown, p: Problem): string {
  const est = establishmentOf(p.path);
  const estName =
    est === null ? null : (text(getAt(doc, ['establishments', est, 'name'])) ?? `Establishment ${est + 1}`);
  const scaled =
    /^(\d+) tables?, (.*), total ([\d.]+), ([\d.]+) (fewer|more) than the population total of ([\d.]+) \(([\d.]+)%\); each is scaled to it$/.exec(
      p.message,
    );
  if (scaled) {
    const [, n, , total, , side, population] = scaled;
    const tables = Number(n) === 1 ? 'One population table' : `${n} population tables`;
    const fmt = (x: string | undefined) => Number(x).toLocaleString('en-GB');
    const what =
      side === 'fewer'
        ? `cover part of the population (${fmt(total)} of ${fmt(population)} people)`
        : `describe a wider group (${fmt(total)} people) than the ${fmt(population)} here`;
    return `${estName ? `${estName}: ` : ''}${tables} ${what}; each is scaled to the population simulated.`;
  }
  const single =
    /^“?"?(.*?)"?”? totals ([\d.]+), ([\d.]+) (fewer|more) than the population total of ([\d.]+) \(([\d.]+)%\); it is scaled to it$/.exec(
      p.message,
    );
  if (single) {
    const [, name, total, , side, population] = single;
    const fmt = (x: string | undefined) => Number(x).toLocaleString('en-GB');
    const what =
      side === 'fewer'
        ? `covers part of the population (${fmt(total)} of ${fmt(population)} people)`
        : `describes a wider group (${fmt(total)} people) than the ${fmt(population)} here`;
    return `${estName ? `${estName}: ` : ''}table “${name}” ${what}; it is scaled to the population simulated.`;
  }
  const rounding = /^“?"?(.*?)"?”?: its cells add up to ([\d.]+)%/.exec(p.message);
  if (rounding) {
    return `${estName ? `${estName}: ` : ''}table “${rounding[1]}” adds up to ${rounding[2]}%, a rounding difference in its source.`;
  }
  return wordProblem(doc, p);
}

/** Problems with their messages worded for people; the path is kept for links to the field. */
export function wordAll(doc: unknown, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ path: p.path, message: wordProblem(doc, p) }));
}
