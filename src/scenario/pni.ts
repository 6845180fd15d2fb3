/**
 * The Programme Needs Identifier (PNI) as structured criteria over the `oasys-current` band
 * scheme (DOMAIN.md section 7). Built here once so a catalogue and a scenario file carry it as
 * plain data: nothing is evaluated but by src/rules/criteria.ts.
 *
 * Risk: high if any of OGRS3 75+, OVP 60+, OSP high, RSR 3.00+, SARA high; medium if any of
 * OGRS3 50-74, OVP 30-59, OSP medium, RSR 1.00-2.99, SARA medium; else low.
 * Need: four OASys domains scored 0-2; total 0-2 low, 3-5 medium, 6-8 high.
 * Pathway: high risk and high need, high intensity; high-medium, medium-high or medium-medium,
 * moderate intensity; low risk or low need, an alternative pathway.
 * Missing data ("information missing") is not modelled: the need domains have no unknown band
 * and an unassessed risk instrument counts as no signal.
 */
import { PNI_DOMAINS } from './bandSchemes.js';
import type { Criterion } from './schema.js';

export type PniLevel = 'low' | 'medium' | 'high';
export type PniPathway = 'high' | 'moderate' | 'alternative';

/** OSP "high" read as high or above (the very-high band is higher still). */
export const PNI_RISK_HIGH: Criterion = {
  any: [
    { attribute: 'ogrs', atLeast: 'high' },
    { attribute: 'ovp', atLeast: 'high' },
    { attribute: 'osp', atLeast: 'high' },
    { attribute: 'rsr', in: ['high'] },
    { attribute: 'sara', in: ['high'] },
  ],
};

const RISK_MEDIUM_SIGNAL: Criterion = {
  any: [
    { attribute: 'ogrs', in: ['medium'] },
    { attribute: 'ovp', in: ['medium'] },
    { attribute: 'osp', in: ['medium'] },
    { attribute: 'rsr', in: ['medium'] },
    { attribute: 'sara', in: ['medium'] },
  ],
};

/** Medium risk: a medium signal and no high one. */
export const PNI_RISK_MEDIUM: Criterion = { all: [RISK_MEDIUM_SIGNAL, { not: PNI_RISK_HIGH }] };

/**
 * The four domains sum to at least `total`, written with the primitives criteria have (no
 * arithmetic in a file): the first domain scores v and the rest make up total - v.
 */
export function needTotalAtLeast(total: number, domains: readonly string[] = PNI_DOMAINS): Criterion {
  if (total <= 0) return { always: true };
  const [first, ...rest] = domains;
  if (first === undefined) return { not: { always: true } };
  const options: Criterion[] = [];
  for (let v = 2; v >= 0; v--) {
    if (2 * rest.length < total - v) continue;
    const remainder = needTotalAtLeast(total - v, rest);
    const mine: Criterion = { attribute: first, atLeast: String(v) };
    options.push('always' in remainder ? mine : { all: [mine, remainder] });
  }
  return options.length === 1 ? (options[0] as Criterion) : { any: options };
}

export const PNI_NEED_HIGH: Criterion = needTotalAtLeast(6);
export const PNI_NEED_MEDIUM: Criterion = { all: [needTotalAtLeast(3), { not: needTotalAtLeast(6) }] };

/** High intensity: high risk and high need. */
export const PNI_HIGH_INTENSITY: Criterion = { all: [PNI_RISK_HIGH, PNI_NEED_HIGH] };

/** Medium risk or above: any medium or higher signal. */
const RISK_AT_LEAST_MEDIUM: Criterion = {
  any: [
    { attribute: 'ogrs', atLeast: 'medium' },
    { attribute: 'ovp', atLeast: 'medium' },
    { attribute: 'osp', atLeast: 'medium' },
    { attribute: 'rsr', atLeast: 'medium' },
    { attribute: 'sara', atLeast: 'medium' },
  ],
};

/**
 * Moderate intensity: high risk with medium need, medium risk with high or medium need. Written
 * as "medium risk or above, medium need or above, and not high intensity", the same cells in a
 * criterion a quarter the size (it is copied into every programme that uses it).
 */
export const PNI_MODERATE_INTENSITY: Criterion = {
  all: [RISK_AT_LEAST_MEDIUM, needTotalAtLeast(3), { not: PNI_HIGH_INTENSITY }],
};

/** Low risk or low need: an alternative pathway (not eligible for an accredited programme). */
export const PNI_ALTERNATIVE: Criterion = { not: { any: [PNI_HIGH_INTENSITY, PNI_MODERATE_INTENSITY] } };

export const PNI_PATHWAYS: Record<PniPathway, Criterion> = {
  high: PNI_HIGH_INTENSITY,
  moderate: PNI_MODERATE_INTENSITY,
  alternative: PNI_ALTERNATIVE,
};
