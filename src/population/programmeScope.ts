/**
 * Which catalogue programmes apply to the people of a kind of prison, by default.
 *
 * The 2014 catalogue's accredited programmes are adult programmes, and most of them adult men's:
 * - Young people (under 18): the regional segmentation excludes them (001_ section 3.3: "excludes
 *   ... young people (< 18)"), OGRS and the adult accredited programmes (TSP, SOTP, RESOLVE ...)
 *   are not theirs, so no catalogue programme applies unless the prison itself delivers it.
 * - Women: sex-offender and domestic-violence programmes (SOTP, HRP, BBR) were accredited for
 *   men; "two accredited programmes are offered to women offenders" (001_), and Drake Hall
 *   delivers its own. So those kinds apply only where the women's prison delivers them.
 * Both are editable defaults: a programme's `notForEstablishmentTypes` replaces them.
 */
import type { EstablishmentType, Programme } from '../scenario/schema.js';

/** Programme kinds that do not apply by default, per kind of prison, with why. */
const DEFAULT_NOT_FOR: Partial<Record<EstablishmentType, { kinds: 'all' | Programme['kind'][]; why: string }>> = {
  'young-people': {
    kinds: 'all',
    why: 'adult accredited programmes and OGRS are not for under-18s (001_ 3.3 excludes them from the segmentation)',
  },
  womens: {
    kinds: ['sexual', 'domestic-violence'],
    why: 'sex-offender and domestic-violence programmes of the catalogue (SOTP, HRP, BBR) are adult men’s programmes',
  },
};

/**
 * Whether a programme applies to the people of a prison of this kind: always where the prison
 * delivers it (it targets its own people); otherwise unless the programme's own list, or by
 * default its kind, rules the kind of prison out.
 */
export function programmeApplies(
  type: EstablishmentType,
  programme: Pick<Programme, 'kind' | 'notForEstablishmentTypes'>,
  deliveredHere: boolean,
): boolean {
  if (deliveredHere) return true;
  if (programme.notForEstablishmentTypes) return !programme.notForEstablishmentTypes.includes(type);
  const rule = DEFAULT_NOT_FOR[type];
  if (!rule) return true;
  return rule.kinds !== 'all' && !rule.kinds.includes(programme.kind);
}

/** Why a programme does not apply at a kind of prison by default, for notes; null if it does. */
export function defaultExclusionReason(type: EstablishmentType): string | null {
  return DEFAULT_NOT_FOR[type]?.why ?? null;
}
