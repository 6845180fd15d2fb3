/**
 * The words for a setting chosen from a list: the editor's drop-downs offer them, and Compare
 * names a change by them ("whose means: The region's (default) → Every establishment's"), so
 * the two never drift apart. Keyed by the field's name in the file; a field with no entry here
 * is shown as its value.
 */
import type { EstablishmentType } from '../../src/index.js';

export interface Choice {
  value: string;
  label: string;
}

/** Kinds of prison (schema.ts): each sets the default time left by sentence type (sentences.ts). */
const PRISON_KIND_WORDS: Record<EstablishmentType, string> = {
  local: 'Local (reception) prison',
  'cat-c-trainer': 'Category C trainer',
  'sex-offender-trainer': 'Sex-offender trainer',
  'high-security': 'High security',
  yoi: 'Young offender institution (young adults)',
  'young-people': 'Young people (under 18)',
  womens: "Women's prison",
  open: 'Open prison',
  unspecified: 'Not given (the regional profile)',
};
export const PRISON_KINDS: readonly Choice[] = Object.entries(PRISON_KIND_WORDS).map(([value, label]) => ({
  value,
  label,
}));

export const HORIZON_UNITS: readonly Choice[] = [
  { value: 'weeks', label: 'weeks' },
  { value: 'years', label: 'years' },
];

export const TABLE_UNITS: readonly Choice[] = [
  { value: 'count', label: 'count (people)' },
  { value: 'percent', label: 'percent' },
];

export const PRECISION_SCOPES: readonly Choice[] = [
  { value: 'region', label: "The region's" },
  { value: 'everyEstablishment', label: "Every establishment's" },
];

export const BAND_SCHEME_CHOICES: readonly Choice[] = [
  { value: 'segmentation-2014', label: 'Five OGRS bands (2014)' },
  { value: 'oasys-current', label: 'Current OASys bands' },
];

/** Each list by the field it sets; `unit` serves the horizon and a population table alike. */
const BY_FIELD: Record<string, readonly Choice[]> = {
  establishmentType: PRISON_KINDS,
  unit: [...HORIZON_UNITS, ...TABLE_UNITS],
  precisionScope: PRECISION_SCOPES,
  bandScheme: BAND_SCHEME_CHOICES,
};

/** What an optional choice means when the file leaves it out, where the editor says so. */
const WHEN_NOT_SET: Record<string, string> = {
  precisionScope: "The region's (default)",
};

/** The label of `value` for field `key`, or null where the field is not a choice or the value not one of its. */
export function choiceLabel(key: string, value: unknown): string | null {
  if (value === undefined) return WHEN_NOT_SET[key] ?? null;
  if (typeof value !== 'string') return null;
  return BY_FIELD[key]?.find((c) => c.value === value)?.label ?? null;
}

/** The drop-down's words for a choice left out of the file ("The region's (default)"). */
export function notSetLabel(key: string): string | undefined {
  return WHEN_NOT_SET[key];
}
