/**
 * Schema version 1 -> 2: sentence and release rules, and the kind of each prison.
 *
 * Version 1 had neither. The release rules take the defaults of DOMAIN.md section 7 (the schema
 * fills them in); each establishment's kind is read from its free-text `type` where the words
 * say it plainly, and is otherwise `unspecified`, which keeps version 1's behaviour (the band
 * scheme's regional profile of time left). Every choice is noted for the user.
 */
import type { EstablishmentType } from './schema.js';
import { isJsonObject, type JsonObject } from './plainJson.js';

/** Words in a version 1 `type` text, tried in order: the first that matches decides. */
const TYPE_WORDS: readonly [RegExp, EstablishmentType][] = [
  [/\b(women|woman|female)/i, 'womens'],
  [/\b(young (people|persons?)|under[- ]18|juvenile)/i, 'young-people'],
  [/\b(young offenders?|YOI)/i, 'yoi'],
  [/\b(high security|category a|cat a)\b/i, 'high-security'],
  [/\blocal\b/i, 'local'],
  [/\b(sex[- ]offender|SOTP)/i, 'sex-offender-trainer'],
  [/\b(category c|cat c|trainer|training)\b/i, 'cat-c-trainer'],
  [/\b(open|category d|cat d)\b/i, 'open'],
];

export function establishmentTypeFromText(text: string): EstablishmentType {
  for (const [words, kind] of TYPE_WORDS) if (words.test(text)) return kind;
  return 'unspecified';
}

export function upgradeVersion1(doc: JsonObject, note: (path: string, message: string) => void): JsonObject {
  const establishments = Array.isArray(doc['establishments']) ? doc['establishments'] : [];
  const upgraded = establishments.map((e, index) => {
    if (!isJsonObject(e) || e['establishmentType'] !== undefined) return e;
    const text = typeof e['type'] === 'string' ? e['type'] : '';
    const kind = establishmentTypeFromText(text);
    note(
      `establishments[${index}].establishmentType`,
      kind === 'unspecified'
        ? `set to "unspecified" (its type "${text}" names no kind of prison): time left keeps the regional profile`
        : `set to "${kind}" from its type "${text}"; time left by sentence type uses that kind's defaults`,
    );
    return { ...e, establishmentType: kind };
  });
  if (doc['release'] === undefined) {
    note(
      'release',
      'filled in with the default sentence and release rules (halfway release, Parole Board reviews every ' +
        'two years releasing 12%, fixed-term and standard recalls, remand stays of about 9 weeks, extended ' +
        'sentences paroled from two-thirds, home detention curfew up to 19 weeks early for 30% of eligible ' +
        'sentences under 4 years, sex offenders excluded)',
    );
  }
  return Array.isArray(doc['establishments']) ? { ...doc, establishments: upgraded } : doc;
}
