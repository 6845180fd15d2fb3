/**
 * Today's accredited programmes (HMPPS's programme directory, DOMAIN.md sections 5 and 7) as
 * data, beside the 2014-15 catalogue the 2014 built-ins carry (scenarios/stafford-2014.json).
 *
 * Each course: intensity, audience, setting, risk and need criteria (the PNI of ./pni.ts over the
 * `oasys-current` band scheme), its learning-disability variant or the course it stands in for,
 * time to complete and sessions, and the scenario programme it becomes. Figures the sources do
 * not give are editable defaults, named in `defaults` (of the course and of its programme).
 */
import type { z } from 'zod';
import { PNI_HIGH_INTENSITY, PNI_MODERATE_INTENSITY } from './pni.js';
import type { Criterion, programmeSchema } from './schema.js';

type ProgrammeInput = z.input<typeof programmeSchema>;

export type Intensity = 'high' | 'moderate';
export type Audience = 'general' | 'sexual' | 'intimate-partner-violence' | 'violence' | 'identity';
export type Setting = 'mens' | 'womens';

export interface Sessions {
  group: number;
  groupMinutes: number;
  oneToOne: number;
  oneToOneMinutes: number;
}

export interface CatalogueCourse {
  programme: ProgrammeInput;
  intensity: Intensity;
  audience: Audience;
  settings: Setting[];
  /** Weeks to complete as the sources give them, low and high. */
  weeks: { min: number; max: number };
  sessions?: Sessions;
  /** For a learning-disability version: the course it is the equivalent of. */
  learningDisabilityEquivalentOf?: string;
  /** For a mainstream course: its learning-disability version. */
  learningDisabilityVariant?: string;
  source: string;
  /** Fields of this entry (not of `programme`) that are defaults. */
  defaults: string[];
}

const DIRECTORY =
  "HMPPS accredited programmes directory data, DOMAIN.md section 7 (today's programmes, intensities, PNI)";
const SHAPES = 'DOMAIN.md section 5 (programme shapes, minimum time left to serve)';

const sexual: Criterion = { attribute: 'offence', in: ['sexual'] };
const notSexual: Criterion = { not: sexual };
const ld: Criterion = { attribute: 'learningDisability', in: ['yes'] };
const notLd: Criterion = { not: ld };

/** What every current course shares unless it says otherwise (all defaults but the minimum time). */
function course(
  p: Pick<ProgrammeInput, 'id' | 'name' | 'kind' | 'eligibility' | 'durationWeeks'> & Partial<ProgrammeInput>,
): ProgrammeInput {
  return {
    suitabilityRate: 0.85,
    priority: [{ by: 'ogrs', order: 'desc' }, { by: 'releaseDate' }],
    groupSize: 10,
    completionRate: 0.85,
    minWeeksLeftToStart: 26,
    defaults: ['suitabilityRate', 'priority', 'groupSize', 'completionRate', 'durationWeeks'],
    ...p,
  };
}

export const CURRENT_CATALOGUE: CatalogueCourse[] = [
  {
    programme: course({
      id: 'bc-hi',
      name: 'Building Choices, high intensity',
      kind: 'general',
      eligibility: { all: [PNI_HIGH_INTENSITY, notSexual, notLd] },
      durationWeeks: 21,
      source: `${DIRECTORY}; high intensity about 17-25 weeks, 2-3 sessions a week (${SHAPES}). Eligibility: PNI high-intensity pathway; sexual offending routed to Kaizen and learning disabilities to Becoming New Me Plus in this catalogue (default).`,
    }),
    intensity: 'high',
    audience: 'general',
    settings: ['mens'],
    weeks: { min: 17, max: 25 },
    learningDisabilityVariant: 'bnm-plus',
    source: DIRECTORY,
    defaults: ['settings', 'sessions'],
  },
  {
    programme: course({
      id: 'bc-mi',
      name: 'Building Choices, moderate intensity',
      kind: 'general',
      eligibility: { all: [PNI_MODERATE_INTENSITY, notSexual, notLd] },
      durationWeeks: 12,
      source: `${DIRECTORY}; moderate intensity about 10-13 weeks, 21 group sessions of 150 minutes plus 5 one-to-ones of 60 minutes (DOMAIN.md sections 5 and 7). Eligibility: PNI moderate-intensity pathway (default routing of sexual offending to Horizon, learning disabilities to New Me Strengths).`,
    }),
    intensity: 'moderate',
    audience: 'general',
    settings: ['mens'],
    weeks: { min: 10, max: 13 },
    sessions: { group: 21, groupMinutes: 150, oneToOne: 5, oneToOneMinutes: 60 },
    learningDisabilityVariant: 'nms',
    source: DIRECTORY,
    defaults: ['settings'],
  },
  {
    programme: course({
      id: 'kaizen',
      name: 'Kaizen (high intensity: violent, sexual or intimate-partner violence)',
      kind: 'sexual',
      eligibility: { all: [PNI_HIGH_INTENSITY, sexual, notLd] },
      durationWeeks: 26,
      source: `${DIRECTORY}; Kaizen for high / very high risk violent, sexual or intimate-partner violence (${SHAPES}). In this catalogue it serves sexual offending on the PNI high pathway; violent men at high intensity go to Building Choices (default).`,
    }),
    intensity: 'high',
    audience: 'sexual',
    settings: ['mens'],
    weeks: { min: 26, max: 26 },
    learningDisabilityVariant: 'bnm-plus',
    source: DIRECTORY,
    defaults: ['settings', 'weeks', 'audience'],
  },
  {
    programme: course({
      id: 'horizon',
      name: 'Horizon (moderate intensity, sexual offending)',
      kind: 'sexual',
      eligibility: {
        all: [sexual, { attribute: 'osp', atLeast: 'medium' }, { not: PNI_HIGH_INTENSITY }, notLd],
      },
      durationWeeks: 16,
      source: `${DIRECTORY}; Horizon for OSP medium and above, replacing Core SOTP from 2017 (${SHAPES}).`,
    }),
    intensity: 'moderate',
    audience: 'sexual',
    settings: ['mens'],
    weeks: { min: 16, max: 16 },
    learningDisabilityVariant: 'nms',
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'ihorizon',
      name: 'iHorizon (moderate intensity, internet sexual offending)',
      kind: 'sexual',
      eligibility: {
        all: [
          sexual,
          { attribute: 'internetOffence', in: ['yes'] },
          { attribute: 'osp', atLeast: 'medium' },
          { not: PNI_HIGH_INTENSITY },
          notLd,
        ],
      },
      durationWeeks: 16,
      source: `${DIRECTORY}; the internet-offending version of Horizon. The internetOffence attribute is a default of the current band scheme.`,
    }),
    intensity: 'moderate',
    audience: 'sexual',
    settings: ['mens'],
    weeks: { min: 16, max: 16 },
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'nms',
      name: 'New Me Strengths (moderate intensity, learning disabilities)',
      kind: 'general',
      eligibility: {
        all: [ld, { any: [PNI_MODERATE_INTENSITY, { all: [sexual, { attribute: 'osp', atLeast: 'medium' }] }] }],
      },
      durationWeeks: 16,
      source: `${DIRECTORY}; the adapted moderate-intensity course for learning disabilities (${SHAPES}).`,
    }),
    intensity: 'moderate',
    audience: 'general',
    settings: ['mens'],
    weeks: { min: 16, max: 16 },
    learningDisabilityEquivalentOf: 'bc-mi',
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'bnm-plus',
      name: 'Becoming New Me Plus (high intensity, learning disabilities)',
      kind: 'general',
      eligibility: { all: [ld, PNI_HIGH_INTENSITY] },
      durationWeeks: 26,
      minWeeksLeftToStart: 52,
      source: `${DIRECTORY}; the adapted high-intensity course for learning disabilities; typical minimum time left to start 12 months (${SHAPES}).`,
    }),
    intensity: 'high',
    audience: 'general',
    settings: ['mens'],
    weeks: { min: 26, max: 26 },
    learningDisabilityEquivalentOf: 'bc-hi',
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'hsp',
      name: 'Healthy Sex Programme (high intensity, sexual interests)',
      kind: 'sexual',
      eligibility: {
        all: [
          sexual,
          { attribute: 'needSex', in: ['2'] },
          { attribute: 'osp', atLeast: 'medium' },
          { any: [{ completed: 'kaizen' }, { completed: 'horizon' }, { completed: 'ihorizon' }] },
        ],
      },
      durationWeeks: 12,
      groupSize: 1,
      source: `${DIRECTORY}. Eligibility: significant sexual-interest need (PNI sex domain 2) at OSP medium and above, after Kaizen, Horizon or iHorizon (default); delivered one to one (default).`,
    }),
    intensity: 'high',
    audience: 'sexual',
    settings: ['mens'],
    weeks: { min: 12, max: 12 },
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'hii',
      name: 'Healthy Identity Intervention (high intensity, extremist offending)',
      kind: 'other',
      eligibility: { attribute: 'identity', in: ['extremist'] },
      durationWeeks: 12,
      groupSize: 1,
      source: `${DIRECTORY}. Eligibility on the identity attribute, a default of the current band scheme; delivered one to one (default).`,
    }),
    intensity: 'high',
    audience: 'identity',
    settings: ['mens', 'womens'],
    weeks: { min: 12, max: 12 },
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'bbr',
      name: 'Building Better Relationships (moderate intensity, intimate-partner violence)',
      kind: 'domestic-violence',
      eligibility: { all: [{ attribute: 'dv', in: ['yes'] }, { attribute: 'sara', atLeast: 'medium' }, notLd] },
      durationWeeks: 12,
      source: `${DIRECTORY}. Eligibility: intimate-partner violence with SARA medium or high (default).`,
    }),
    intensity: 'moderate',
    audience: 'intimate-partner-violence',
    settings: ['mens'],
    weeks: { min: 12, max: 12 },
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'covaid',
      name: 'CoVAID (Control of Violence for Angry Impulsive Drinkers, moderate intensity)',
      kind: 'violent',
      eligibility: {
        all: [
          { attribute: 'offence', in: ['violent'] },
          { attribute: 'alcoholViolence', in: ['yes'] },
          { attribute: 'ovp', atLeast: 'medium' },
        ],
      },
      durationWeeks: 8,
      source: `${DIRECTORY}. Eligibility: violent offending linked to alcohol at OVP medium and above; the alcoholViolence attribute is a default.`,
    }),
    intensity: 'moderate',
    audience: 'violence',
    settings: ['mens', 'womens'],
    weeks: { min: 8, max: 8 },
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
  {
    programme: course({
      id: 'identity-matters',
      name: 'Identity Matters (moderate intensity, gang and group offending)',
      kind: 'other',
      eligibility: { attribute: 'identity', in: ['gang'] },
      durationWeeks: 8,
      source: `${DIRECTORY}. Eligibility on the identity attribute, a default of the current band scheme.`,
    }),
    intensity: 'moderate',
    audience: 'identity',
    settings: ['mens'],
    weeks: { min: 8, max: 8 },
    source: DIRECTORY,
    defaults: ['settings', 'weeks'],
  },
];

/** The course of the current catalogue with this programme id. */
export function currentCourse(id: string): CatalogueCourse {
  const c = CURRENT_CATALOGUE.find((x) => x.programme.id === id);
  if (!c) throw new Error(`the current catalogue has no course "${id}"`);
  return c;
}
