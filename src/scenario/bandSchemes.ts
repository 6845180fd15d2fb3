/**
 * Built-in band schemes: the attributes people are segmented by, their bands, and the
 * distributions used to fill an attribute that no table of a scenario gives.
 *
 * `segmentation-2014` is the West Midlands / annex segmentation (DOMAIN.md section 2);
 * `oasys-current` swaps in the current OASys bands (DOMAIN.md section 5).
 * Attribute order matters: a prior may only be conditioned on attributes listed before it.
 */
import type { Attribute, Prior } from './schema.js';

export type BandSchemeId = 'segmentation-2014' | 'oasys-current';

const REGION = 'West Midlands Regional SLA 2014-17 (001_), segmentation snapshot 31 March 2013';

const ogrs2014: Attribute = {
  id: 'ogrs',
  label: 'OGRS (general reoffending, %)',
  ordered: true,
  source: 'DOMAIN.md section 2, annex segmentation bands',
  categories: [
    { id: '0-24', label: 'Low (0-24)', min: 0, max: 24 },
    { id: '25-49', label: 'Medium (25-49)', min: 25, max: 49 },
    { id: '50-74', label: 'High (50-74)', min: 50, max: 74 },
    { id: '75-89', label: 'Very high (75-89)', min: 75, max: 89 },
    { id: '90-100', label: 'Prolific (90-100)', min: 90, max: 100 },
  ],
};

const offence: Attribute = {
  id: 'offence',
  label: 'Main offence',
  ordered: false,
  categories: [
    { id: 'sexual', label: 'Sexual' },
    { id: 'violent', label: 'Violent' },
    { id: 'robbery', label: 'Robbery' },
    { id: 'acquisitive', label: 'Acquisitive' },
    { id: 'drugs', label: 'Drugs' },
    { id: 'motoring', label: 'Motoring' },
    { id: 'other', label: 'Other' },
  ],
};

const sentence: Attribute = {
  id: 'sentence',
  label: 'Sentence type',
  ordered: false,
  categories: [
    { id: 'remand', label: 'Remand / unsentenced' },
    { id: 'det-under-12m', label: 'Determinate under 12 months' },
    { id: 'det-12m-4y', label: 'Determinate 12 months to 4 years' },
    { id: 'det-4y-plus', label: 'Determinate 4 years +' },
    { id: 'indeterminate', label: 'Indeterminate (IPP / life)' },
    { id: 'recall', label: 'Recall' },
    { id: 'non-criminal', label: 'Non-criminal' },
  ],
};

/** Time left to serve, in weeks; for indeterminate sentences, time to tariff. */
const timeLeft: Attribute = {
  id: 'timeLeft',
  label: 'Time left to serve (weeks)',
  ordered: true,
  source: 'Bands from 001_; the 5 y + band is capped at 10 years (default)',
  defaults: ['categories[4].max'],
  categories: [
    { id: 'under-6m', label: 'Under 6 months', min: 0, max: 26 },
    { id: '6-12m', label: '6 to 12 months', min: 26, max: 52 },
    { id: '1-2y', label: '1 to 2 years', min: 52, max: 104 },
    { id: '2-5y', label: '2 to 5 years', min: 104, max: 260 },
    { id: '5y-plus', label: '5 years +', min: 260, max: 520 },
  ],
};

const ovp2014: Attribute = {
  id: 'ovp',
  label: 'OVP (violent reoffending, %)',
  ordered: true,
  categories: [
    { id: 'low', label: 'Low (0-29)', min: 0, max: 29 },
    { id: 'medium', label: 'Medium (30-59)', min: 30, max: 59 },
    { id: 'high', label: 'High (60-79)', min: 60, max: 79 },
    { id: 'very-high', label: 'Very high (80-99)', min: 80, max: 99 },
    { id: 'unknown', label: 'No valid OASys / not assessed' },
  ],
};

const osp2014: Attribute = {
  id: 'osp',
  label: 'OSP (sexual reoffending, score)',
  ordered: true,
  categories: [
    { id: 'low', label: 'Low (0-11)', min: 0, max: 11 },
    { id: 'medium', label: 'Medium (12-14)', min: 12, max: 14 },
    { id: 'high', label: 'High (15-17)', min: 15, max: 17 },
    { id: 'very-high', label: 'Very high (18-32)', min: 18, max: 32 },
    { id: 'unknown', label: 'No OSP / not a sexual offence' },
  ],
};

const rm2000: Attribute = {
  id: 'rm2000',
  label: 'Risk Matrix 2000',
  ordered: true,
  categories: [
    { id: 'low', label: 'Low', min: 1, max: 1 },
    { id: 'medium', label: 'Medium', min: 2, max: 2 },
    { id: 'high', label: 'High', min: 3, max: 3 },
    { id: 'very-high', label: 'Very high', min: 4, max: 4 },
    { id: 'unknown', label: 'Not assessed' },
  ],
};

const rosh: Attribute = {
  id: 'rosh',
  label: 'Risk of serious harm',
  ordered: true,
  categories: [
    { id: 'low', label: 'Low', min: 1, max: 1 },
    { id: 'medium', label: 'Medium', min: 2, max: 2 },
    { id: 'high', label: 'High', min: 3, max: 3 },
    { id: 'very-high', label: 'Very high', min: 4, max: 4 },
  ],
};

const dv: Attribute = {
  id: 'dv',
  label: 'Domestic-violence perpetrator',
  ordered: false,
  categories: [
    { id: 'no', label: 'No' },
    { id: 'yes', label: 'Yes' },
  ],
};

const sara: Attribute = {
  id: 'sara',
  label: 'SARA (domestic-violence risk)',
  ordered: true,
  categories: [
    { id: 'low', label: 'Low', min: 1, max: 1 },
    { id: 'above-low', label: 'Above low', min: 2, max: 2 },
    { id: 'unknown', label: 'Not assessed' },
  ],
};

const learningDisability: Attribute = {
  id: 'learningDisability',
  label: 'Intellectual disability (IQ 60-80 with adaptive deficits)',
  ordered: false,
  categories: [
    { id: 'no', label: 'No' },
    { id: 'yes', label: 'Yes' },
  ],
};

const ogrsCurrent: Attribute = {
  id: 'ogrs',
  label: 'OGRS / OGP (general reoffending, %)',
  ordered: true,
  source: 'Current OASys bands, DOMAIN.md section 5',
  categories: [
    { id: 'low', label: 'Low (< 50)', min: 0, max: 49 },
    { id: 'medium', label: 'Medium (50-74)', min: 50, max: 74 },
    { id: 'high', label: 'High (75-89)', min: 75, max: 89 },
    { id: 'very-high', label: 'Very high (90+)', min: 90, max: 100 },
  ],
};

const ovpCurrent: Attribute = {
  ...ovp2014,
  source: 'Current OASys bands, DOMAIN.md section 5',
  categories: [
    { id: 'low', label: 'Low (< 30)', min: 0, max: 29 },
    { id: 'medium', label: 'Medium (30-59)', min: 30, max: 59 },
    { id: 'high', label: 'High (60-79)', min: 60, max: 79 },
    { id: 'very-high', label: 'Very high (80+)', min: 80, max: 100 },
    { id: 'unknown', label: 'Not assessed' },
  ],
};

const ospCurrent: Attribute = {
  id: 'osp',
  label: 'OSP/DC (sexual reoffending, 64-point score)',
  ordered: true,
  source: 'Current OASys bands, DOMAIN.md section 5',
  categories: [
    { id: 'low', label: 'Low (0-21)', min: 0, max: 21 },
    { id: 'medium', label: 'Medium (22-29)', min: 22, max: 29 },
    { id: 'high', label: 'High (30-35)', min: 30, max: 35 },
    { id: 'very-high', label: 'Very high (36-64)', min: 36, max: 64 },
    { id: 'unknown', label: 'No OSP / not a sexual offence' },
  ],
};

/** SARA as the Programme Needs Identifier reads it: low, medium, high (DOMAIN.md section 7). */
const saraCurrent: Attribute = {
  id: 'sara',
  label: 'SARA (intimate-partner violence risk)',
  ordered: true,
  source: 'PNI risk levels, DOMAIN.md section 7 (SARA medium / high)',
  categories: [
    { id: 'low', label: 'Low', min: 1, max: 1 },
    { id: 'medium', label: 'Medium', min: 2, max: 2 },
    { id: 'high', label: 'High', min: 3, max: 3 },
    { id: 'unknown', label: 'Not assessed' },
  ],
};

/** Risk of Serious Recidivism, % (the PNI reads 1.00-2.99 as medium, 3.00+ as high). */
const rsr: Attribute = {
  id: 'rsr',
  label: 'RSR (serious reoffending, %)',
  ordered: true,
  source: 'PNI risk levels, DOMAIN.md section 7 (RSR 1.00-2.99 medium, 3.00+ high)',
  categories: [
    { id: 'low', label: 'Low (under 1.00)', min: 0, max: 0.99 },
    { id: 'medium', label: 'Medium (1.00-2.99)', min: 1, max: 2.99 },
    { id: 'high', label: 'High (3.00+)', min: 3, max: 100 },
  ],
};

/** One of the PNI's four OASys need domains, scored 0-2 (DOMAIN.md section 7). */
function needDomain(id: string, label: string): Attribute {
  return {
    id,
    label: `PNI need: ${label} (0-2)`,
    ordered: true,
    source: 'Programme Needs Identifier need domains, DOMAIN.md section 7',
    categories: [
      { id: '0', label: '0 (no need)', min: 0, max: 0 },
      { id: '1', label: '1 (some need)', min: 1, max: 1 },
      { id: '2', label: '2 (significant need)', min: 2, max: 2 },
    ],
  };
}

/** Audiences the current catalogue names that no risk band tells apart (all defaults). */
const yesNo = (id: string, label: string): Attribute => ({
  id,
  label,
  ordered: false,
  categories: [
    { id: 'no', label: 'No' },
    { id: 'yes', label: 'Yes' },
  ],
});

export const PNI_DOMAINS = ['needSex', 'needThinking', 'needRelationships', 'needSelfManagement'] as const;

const sexual = { attribute: 'offence', in: ['sexual'] };
const violent = { attribute: 'offence', in: ['violent'] };

/** Fallback fill distributions: the region's profile where it has one, otherwise marked defaults. */
function basePriors(ogrsShares: Record<string, number>): Prior[] {
  return [
    { attribute: 'ogrs', shares: ogrsShares, source: REGION },
    {
      attribute: 'offence',
      shares: { violent: 36, acquisitive: 20, sexual: 13, robbery: 13, drugs: 13, motoring: 2, other: 3 },
      source: REGION,
    },
    {
      attribute: 'sentence',
      shares: { 'det-4y-plus': 37, 'det-12m-4y': 28, indeterminate: 19, 'det-under-12m': 10, recall: 7 },
      source: REGION,
    },
    {
      attribute: 'timeLeft',
      given: { attribute: 'sentence', in: ['remand'] },
      shares: { 'under-6m': 1 },
      source: 'Default: remand time counted as under 6 months',
      defaults: ['shares'],
    },
    {
      attribute: 'timeLeft',
      given: { attribute: 'sentence', in: ['det-under-12m'] },
      shares: { 'under-6m': 70, '6-12m': 30 },
      source: 'Default: a sentence under 12 months leaves under 12 months to serve',
      defaults: ['shares'],
    },
    {
      attribute: 'timeLeft',
      shares: { 'under-6m': 39, '6-12m': 20, '1-2y': 22, '2-5y': 16, '5y-plus': 3 },
      source: `${REGION} (5,945 with an end date)`,
    },
    {
      attribute: 'ovp',
      given: violent,
      shares: { low: 25, medium: 39, high: 16, 'very-high': 2, unknown: 18 },
      source: `${REGION} (2,910 violent offenders)`,
    },
    {
      attribute: 'ovp',
      shares: { unknown: 1 },
      source: 'Default: OVP is only given for violent offenders',
      defaults: ['shares'],
    },
    {
      attribute: 'osp',
      given: sexual,
      shares: { low: 27, medium: 27, high: 28, 'very-high': 18 },
      source: `${REGION} (1,083 sexual offenders)`,
    },
    {
      attribute: 'osp',
      shares: { unknown: 1 },
      source: 'Default: OSP applies to sexual offenders only',
      defaults: ['shares'],
    },
    ...(['low', 'medium', 'high', 'very-high'] as const).map((band): Prior => ({
      attribute: 'rm2000',
      given: { all: [sexual, { attribute: 'osp', in: [band] }] },
      shares: { [band]: 1 },
      source: 'Default: RM2000 band taken to match the OSP band',
      defaults: ['shares'],
    })),
    {
      attribute: 'rm2000',
      given: sexual,
      shares: { low: 27, medium: 27, high: 28, 'very-high': 18 },
      source: 'Default: the region OSP profile stands in for RM2000',
      defaults: ['shares'],
    },
    {
      attribute: 'rm2000',
      shares: { unknown: 1 },
      source: 'Default: RM2000 applies to sexual offenders only',
      defaults: ['shares'],
    },
    {
      attribute: 'rosh',
      shares: { low: 20, medium: 55, high: 23, 'very-high': 2 },
      source: 'Default: no source gives a ROSH profile',
      defaults: ['shares'],
    },
    {
      attribute: 'dv',
      given: violent,
      shares: { yes: 16, no: 84 },
      source: `${REGION}: domestic violence current in 16% of violent offenders`,
    },
    {
      attribute: 'dv',
      shares: { yes: 5, no: 95 },
      source: 'Default: no source gives DV among other offences',
      defaults: ['shares'],
    },
    {
      attribute: 'sara',
      given: { attribute: 'dv', in: ['yes'] },
      shares: { low: 30, 'above-low': 70 },
      source: 'Default: no source gives a SARA profile',
      defaults: ['shares'],
    },
    {
      attribute: 'sara',
      shares: { unknown: 1 },
      source: 'Default: SARA only for DV perpetrators',
      defaults: ['shares'],
    },
    {
      attribute: 'learningDisability',
      shares: { yes: 5, no: 95 },
      source: 'Default: no source gives a prevalence',
      defaults: ['shares'],
    },
  ];
}

const DEFAULT_NOTE = 'Default: no source gives a distribution; illustrative, edit for a real population';

/** Fill distributions for the attributes only the current scheme has; every share a default. */
function currentPriors(): Prior[] {
  const prior = (attribute: string, shares: Record<string, number>, given?: Prior['given']): Prior => ({
    attribute,
    ...(given ? { given } : {}),
    shares,
    source: DEFAULT_NOTE,
    defaults: ['shares'],
  });
  return [
    prior('sara', { low: 30, medium: 45, high: 25 }, { attribute: 'dv', in: ['yes'] }),
    prior('sara', { unknown: 1 }),
    prior('rsr', { low: 35, medium: 40, high: 25 }, { any: [violent, sexual] }),
    prior('rsr', { low: 60, medium: 30, high: 10 }),
    prior('needSex', { '0': 15, '1': 40, '2': 45 }, sexual),
    prior('needSex', { '0': 92, '1': 6, '2': 2 }),
    prior('needThinking', { '0': 20, '1': 45, '2': 35 }),
    prior('needRelationships', { '0': 25, '1': 45, '2': 30 }),
    prior('needSelfManagement', { '0': 20, '1': 45, '2': 35 }),
    prior('alcoholViolence', { yes: 40, no: 60 }, violent),
    prior('alcoholViolence', { no: 1 }),
    prior('internetOffence', { yes: 30, no: 70 }, sexual),
    prior('internetOffence', { no: 1 }),
    prior('identity', { none: 90, gang: 9, extremist: 1 }),
  ];
}

export interface BandScheme {
  id: BandSchemeId;
  label: string;
  attributes: Attribute[];
  /** Tried after a scenario's own priors. */
  priors: Prior[];
}

export const BAND_SCHEMES: Record<BandSchemeId, BandScheme> = {
  'segmentation-2014': {
    id: 'segmentation-2014',
    label: '2014 segmentation (five OGRS bands)',
    attributes: [ogrs2014, offence, sentence, timeLeft, ovp2014, osp2014, rm2000, rosh, dv, sara, learningDisability],
    priors: basePriors({ '0-24': 22, '25-49': 22, '50-74': 35, '75-89': 19, '90-100': 2 }),
  },
  'oasys-current': {
    id: 'oasys-current',
    label: 'Current OASys bands (four bands each)',
    attributes: [
      ogrsCurrent,
      offence,
      sentence,
      timeLeft,
      ovpCurrent,
      ospCurrent,
      rm2000,
      rosh,
      dv,
      saraCurrent,
      learningDisability,
      rsr,
      ...PNI_DOMAINS.map((d, k) =>
        needDomain(d, ['sexual interests', 'thinking', 'relationships', 'self-management'][k] as string),
      ),
      { ...yesNo('alcoholViolence', 'Alcohol linked to violent offending'), source: DEFAULT_NOTE },
      { ...yesNo('internetOffence', 'Internet sexual offence'), source: DEFAULT_NOTE },
      {
        id: 'identity',
        label: 'Offending linked to group identity',
        ordered: false,
        source: DEFAULT_NOTE,
        categories: [
          { id: 'none', label: 'None' },
          { id: 'gang', label: 'Gang / group' },
          { id: 'extremist', label: 'Extremist' },
        ],
      },
    ],
    // The region's five 2014 OGRS bands folded into the four current ones (0-49 -> low, ...).
    // SARA is read in three levels here, so the 2014 two-level SARA priors give way to the current ones.
    priors: [
      ...basePriors({ low: 44, medium: 35, high: 19, 'very-high': 2 }).filter((p) => p.attribute !== 'sara'),
      ...currentPriors(),
    ],
  },
};

/** The scheme's attributes with a scenario's declared attributes replacing or added by id. */
export function resolveAttributes(schemeId: BandSchemeId, declared: readonly Attribute[]): Attribute[] {
  const out = BAND_SCHEMES[schemeId].attributes.map((a) => declared.find((d) => d.id === a.id) ?? a);
  for (const d of declared) if (!out.some((a) => a.id === d.id)) out.push(d);
  return out;
}
