/**
 * The scenario file format, schema version 2 (version 1 files are upgraded by migrate.ts).
 *
 * One zod schema is the single source of truth: it validates files at load, gives the
 * TypeScript types, and generates `scenarios/placewise.schema.json` (npm run schema).
 * Everything a rule needs is data here; nothing in a file is ever executed.
 */
import { z } from 'zod';
import { actualVolumesSchema, operatingPriceSchema, programmeCostSchema } from './actualsSchema.js';
import { provenance } from './provenance.js';

// Zod's JIT compiles parsers with `new Function`; we never want generated code at run time.
z.config({ jitless: true });

export const CURRENT_SCHEMA_VERSION = 2;

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/, 'must be an identifier: letters, digits, "_", ".", "+" or "-"')
  .max(64);

const wholeAtLeast = (min: number) => z.number().int().min(min).max(1e7);
const count = wholeAtLeast(0);
const fraction = z.number().min(0).max(1);

// ---------------------------------------------------------------- attributes and bands

export const categorySchema = z.object({
  id,
  label: z.string().max(200).optional(),
  /** Numeric range the band covers (score for risk bands, weeks for time left to serve). */
  min: z.number().min(-1e6).max(1e6).optional(),
  max: z.number().min(-1e6).max(1e6).optional(),
});

export const attributeSchema = z.object({
  id,
  label: z.string().max(200).optional(),
  /** Ordered attributes (risk bands) support atLeast / atMost criteria. */
  ordered: z.boolean().default(false),
  categories: z.array(categorySchema).min(1).max(64),
  ...provenance,
});

// ---------------------------------------------------------------- criteria (structured, never code)

export type Criterion =
  | { all: Criterion[] }
  | { any: Criterion[] }
  | { not: Criterion }
  | { attribute: string; in: string[] }
  | { attribute: string; atLeast: string }
  | { attribute: string; atMost: string }
  | { weeksToRelease: { min?: number; max?: number } }
  | { completed: string }
  | { always: true };

/**
 * A union of objects parsed with the one option the value's fields name (a field no other option
 * has, such as `atLeast`), not by trying each in turn: a criterion that fitted no kind cost nine
 * parses and their issues, and 1,850 of them took 1.2 to 2.3 s to load. A value naming no option,
 * or several, fails as a union does when no option fits, and is reported by the forms it may take
 * (zodProblems.ts). The union itself is unchanged for the types and the JSON Schema.
 */
function keyedUnion<T extends z.ZodUnion>(union: T): T {
  const options = union._zod.def.options;
  const fieldsOf = (option: z.core.$ZodType) => {
    const def = (option as z.core.$ZodTypes)._zod.def;
    return def.type === 'object' ? Object.keys(def.shape) : [];
  };
  const naming = options.map((option) =>
    fieldsOf(option).filter((field) => options.filter((other) => fieldsOf(other).includes(field)).length === 1),
  );
  const parse: typeof union._zod.parse = (payload, ctx) => {
    const value = payload.value;
    const named =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? options.filter((_, i) => naming[i]!.some((field) => Object.hasOwn(value, field)))
        : [];
    if (named.length === 1) return named[0]!._zod.run(payload, ctx);
    payload.issues.push({ code: 'invalid_union', errors: [], input: value, inst: union });
    return payload;
  };
  // A schema with no checks runs its parse directly (zod sets `run` to it when it is built).
  if (union._zod.run === union._zod.parse) union._zod.run = parse;
  union._zod.parse = parse;
  return union;
}

export const criterionSchema: z.ZodType<Criterion> = z.lazy(() =>
  keyedUnion(
    z.union([
      z.strictObject({ all: z.array(criterionSchema).min(1).max(64) }),
      z.strictObject({ any: z.array(criterionSchema).min(1).max(64) }),
      z.strictObject({ not: criterionSchema }),
      z.strictObject({ attribute: id, in: z.array(id).min(1).max(64) }),
      z.strictObject({ attribute: id, atLeast: id }),
      z.strictObject({ attribute: id, atMost: id }),
      z.strictObject({
        weeksToRelease: z.strictObject({
          min: z.number().min(0).max(10000).optional(),
          max: z.number().min(0).max(10000).optional(),
        }),
      }),
      z.strictObject({ completed: id }),
      z.strictObject({ always: z.literal(true) }),
    ]),
  ),
);

// ---------------------------------------------------------------- population

/** One cell of a (possibly partial) cross-tab: the people matching `where`. */
export const tableCellSchema = z.object({
  where: z.record(id, z.union([id, z.array(id).min(1).max(64)])),
  count: z.number().min(0).max(1e7),
});

/**
 * A source table. Cells must not overlap. A count table's cells are counts out of its `total`
 * (the population total when it gives none), scaled to the population; the remainder is the
 * people matching none of the cells. A percent table's cells are shares of the people its cells
 * cover together (e.g. OVP bands as percentages of violent offenders); its `total`, if given, is
 * the size of that group in the source, for reference.
 */
export const populationTableSchema = z.object({
  id,
  label: z.string().max(300).optional(),
  unit: z.enum(['count', 'percent']).default('count'),
  total: z.number().min(0).max(1e7).optional(),
  cells: z.array(tableCellSchema).min(1).max(2000),
  ...provenance,
});

/**
 * A distribution used to fill attributes no table gives: shares of `attribute`'s categories
 * among the people matching `given`. The first prior whose `given` matches applies.
 */
export const priorSchema = z.object({
  attribute: id,
  given: criterionSchema.optional(),
  shares: z.record(id, z.number().min(0).max(1e7)),
  ...provenance,
});

export const populationSchema = z.object({
  /** People to simulate; defaults to the operational capacity. */
  total: count.optional(),
  tables: z.array(populationTableSchema).max(200).default([]),
  /** Establishment-specific fill distributions, tried before the scenario's. */
  priors: z.array(priorSchema).max(500).default([]),
  ...provenance,
});

// ---------------------------------------------------------------- establishments

/**
 * Waiting-list order, earlier keys first. `ogrs` ranks by band (ordinal: 25-49 below 50-74),
 * never by a score inside one; equals on every key go by the week they joined, then by a
 * seeded draw.
 */
export const priorityKeySchema = z.union([
  z.strictObject({ by: z.literal('ogrs'), order: z.enum(['desc', 'asc']).default('desc') }),
  z.strictObject({ by: z.literal('releaseDate') }),
  z.strictObject({ by: z.literal('waitingTime') }),
  z.strictObject({ by: z.literal('criteria'), when: criterionSchema }),
]);

/**
 * A segment a site plans for (an annex's Table 4b row): who is in it, the completions planned
 * from it a year, and places of each group kept for it. Reserved places not taken by the
 * segment at a group start go to others on the list at that start, in priority order.
 */
export const segmentPlanSchema = z.object({
  id,
  label: z.string().max(200).optional(),
  when: criterionSchema,
  /** Completions planned from this segment a year. */
  plannedCompletions: count.optional(),
  /** Share of each group's places kept for the segment (rounded group by group, keeping the share over time). */
  reservedShare: fraction.optional(),
  /** Or a number of each group's places kept for it. */
  reservedPlaces: count.optional(),
  ...provenance,
});

export const deliveredProgrammeSchema = z.object({
  programme: id,
  /** Closed groups started a year (0 for a bed-based delivery, which gives `beds` instead). */
  groupsPerYear: z.number().min(0).max(1000).default(0),
  /**
   * A bed-based delivery (TC, DTC, PIPE): beds with rolling intake, a leaver's bed refilled from
   * the list each week (beds.ts). Absent: closed groups.
   */
  beds: count.optional(),
  /** Overrides the catalogue's group size at this site. */
  groupSize: wholeAtLeast(1).optional(),
  /**
   * Week (from the scenario start) of the first group; later groups are evenly spaced. Left out,
   * an empty start puts it at week 0 and a running start draws the schedule's phase in each
   * replication (a service already running: groups under way at the start are groups a year x
   * course length / 52 in expectation).
   */
  firstStartWeek: z.number().int().min(0).max(10000).optional(),
  agreedStarts: count.optional(),
  agreedCompletions: count.optional(),
  /** Whether other establishments may refer people here for this programme. */
  acceptsReferrals: z.boolean().default(false),
  /** Who is eligible for it among the people here, in place of the catalogue's rule (the site's own targeting). */
  eligibility: criterionSchema.optional(),
  /** Waiting-list order here, in place of the catalogue's. */
  priority: z.array(priorityKeySchema).max(10).optional(),
  /** Segments planned for: completions planned and places reserved (segmentPlanSchema). */
  segments: z.array(segmentPlanSchema).max(20).optional(),
  /** What was actually delivered in a period, for a backtest (actualsSchema.ts). */
  actual: actualVolumesSchema.optional(),
  /** Unit costs here, where known (actualsSchema.ts). */
  cost: programmeCostSchema.optional(),
  ...provenance,
});

export const flowsSchema = z.object({
  /** Receptions a week; null means replace each week's departures, keeping the population level. */
  receptionsPerWeek: z.number().min(0).max(100000).nullable().default(null),
  /** Share of the population transferred out a year (other than release). */
  transfersOutPerYear: z.number().min(0).max(52).default(0),
  /**
   * Where those transfers go among this file's establishments: each a share of the transfers out
   * (the rest leave the region). A man transferred in region keeps his open need, which follows
   * him; he takes the place of one of the receiver's receptions of his segment.
   */
  transfersTo: z
    .array(z.object({ establishment: id, share: fraction }))
    .max(100)
    .optional()
    .describe('Shares of the transfers out that go to establishments in this file; the rest leave the region.'),
  /** Mix of receptions; when absent, receptions are drawn like the population. */
  receptionMix: z
    .object({
      tables: z.array(populationTableSchema).min(1).max(200),
      priors: z.array(priorSchema).max(500).default([]),
      ...provenance,
    })
    .optional(),
  ...provenance,
});

export const staffingSchema = z.object({
  pomFte: z.number().min(0).max(10000),
  hoursPerFteWeek: z.number().min(1).max(80).default(37.5),
  /** Share of paid hours available for offender-management contact. */
  availability: fraction.default(0.8),
  ...provenance,
});

/**
 * What kind of prison: it sets the defaults for time left by sentence type (sentences.ts).
 * `unspecified` keeps the scheme's regional profile (what version 1 files did).
 */
export const ESTABLISHMENT_TYPES = [
  'local',
  'cat-c-trainer',
  'sex-offender-trainer',
  'high-security',
  'yoi',
  /** Young people (under 18): the "Young Persons (under 18)" estate, apart from young adults' YOIs. */
  'young-people',
  'womens',
  'open',
  'unspecified',
] as const;
export const establishmentTypeSchema = z.enum(ESTABLISHMENT_TYPES);

export const establishmentSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  /** Free text shown to people (e.g. "Category C trainer / sex-offender treatment hub"). */
  type: z.string().max(200).default(''),
  establishmentType: establishmentTypeSchema
    .default('unspecified')
    .describe('Kind of prison; sets default time left by sentence type where no table gives it.'),
  operationalCapacity: count,
  cna: count.optional(),
  population: populationSchema,
  flows: flowsSchema.default({ receptionsPerWeek: null, transfersOutPerYear: 0 }),
  programmes: z.array(deliveredProgrammeSchema).max(100).default([]),
  /** Where people eligible for a programme this site does not deliver are referred. */
  referrals: z
    .array(
      z.object({
        programme: id,
        to: id,
        /** Overrides the scenario's referralReturn.afterWeeks for men this site refers (null: they stay there). */
        returnAfterWeeks: z.number().int().min(0).max(520).nullable().optional(),
      }),
    )
    .max(100)
    .default([]),
  staffing: staffingSchema.optional(),
  /** The annex's Annual Operating Price: the whole establishment (actualsSchema.ts). */
  operatingPrice: operatingPriceSchema.optional(),
  ...provenance,
});

// ---------------------------------------------------------------- programme catalogue

/**
 * Referred -> assessed -> suitable / suitable but not ready / not suitable (deniers, refusers,
 * others), as shares of those assessed; the rest of 1 is "not suitable" for other reasons.
 */
export const assessmentSchema = z.object({
  suitable: fraction,
  notReady: fraction.default(0),
  deniers: fraction.default(0),
  refusers: fraction.default(0),
  /** Weeks until "suitable but not ready" is assessed again. */
  reassessAfterWeeks: z.number().int().min(1).max(520).default(26),
  /** Share of drop-outs and deselections referred again, and after how many weeks. */
  reReferralShare: fraction.default(0),
  reReferralAfterWeeks: z.number().int().min(1).max(520).default(26),
  ...provenance,
});

export const programmeSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  kind: z
    .enum(['general', 'violent', 'sexual', 'domestic-violence', 'substance', 'therapeutic', 'other'])
    .default('other'),
  eligibility: criterionSchema,
  /** Share of eligible people assessed suitable and willing. */
  suitabilityRate: fraction.default(1),
  /** Waiting-list order: earlier keys decide first. */
  priority: z
    .array(priorityKeySchema)
    .max(10)
    .default([{ by: 'ogrs', order: 'desc' }, { by: 'releaseDate' }]),
  groupSize: wholeAtLeast(1).max(1000),
  durationWeeks: z.number().int().min(1).max(520),
  completionRate: fraction,
  /** A start needs at least this long left to serve; shorter and the window has closed. */
  minWeeksLeftToStart: z.number().int().min(0).max(10000),
  prerequisites: z.array(id).max(10).default([]),
  /** Whether someone on this programme may be on another at the same time. */
  allowConcurrent: z.boolean().default(false),
  /**
   * Men on a course are held: a transfer out due during it waits for its end (attrition.ts), as
   * the completion rate already counts every loss. False: a transfer ends the course, unfinished.
   */
  heldOnCourse: z.boolean().default(true),
  /** The assessment funnel (assessment.ts); absent, `suitabilityRate` alone decides. */
  assessment: assessmentSchema.optional(),
  /**
   * Kinds of prison whose people it does not apply to unless the prison delivers it; absent: the
   * defaults by kind (src/population/programmeScope.ts: none for under-18s, no men's sex-offender
   * or domestic-violence programme for women).
   */
  notForEstablishmentTypes: z.array(z.enum(ESTABLISHMENT_TYPES)).max(20).optional(),
  ...provenance,
});

// ---------------------------------------------------------------- needs (src/engine/needs.ts)

/**
 * A need (pathway): met by any one programme of each stage, stages taken in order (Core SOTP,
 * then Extended). A person with the need waits on the list of every alternative of its first
 * stage he is eligible for; starting one withdraws him from the others. Programmes named in no
 * need are each their own need.
 */
export const needSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  stages: z
    .array(
      z.object({
        /** Programmes that each meet this stage, in order of preference. */
        alternatives: z.array(id).min(1).max(20),
      }),
    )
    .min(1)
    .max(10),
  ...provenance,
});

// ---------------------------------------------------------------- case management

export const tierSchema = z.object({
  id,
  label: z.string().max(200).optional(),
  when: criterionSchema,
  sessionsPerYear: z.number().min(0).max(520),
  ...provenance,
});

/**
 * OMiC responsibility (src/engine/responsibility.ts): who holds a case, prison offender manager
 * (POM) or community offender manager (COM), and when it is handed over. Optional: absent, the
 * engine uses these defaults (DOMAIN.md section 7).
 */
export const SENTENCE_KINDS = [
  'remand',
  'determinate',
  'determinate-parole',
  'indeterminate',
  'com-only',
  'none',
] as const;

export const sentenceKindRuleSchema = z.object({
  /** How OMiC treats the sentence: remand and none have no offender manager; com-only is COM-led throughout. */
  kind: z.enum(SENTENCE_KINDS),
  when: criterionSchema,
});

export const responsibilitySchema = z.object({
  /** Ordered: the first rule whose criterion matches gives the sentence kind; no match is `none`. */
  kinds: z
    .array(sentenceKindRuleSchema)
    .max(20)
    .default([
      { kind: 'remand', when: { attribute: 'sentence', in: ['remand'] } },
      // Under 12 months is released at halfway, under 6 months after sentence: COM-led from the start.
      { kind: 'com-only', when: { attribute: 'sentence', in: ['det-under-12m'] } },
      { kind: 'determinate', when: { attribute: 'sentence', in: ['det-12m-4y', 'det-4y-plus'] } },
      { kind: 'indeterminate', when: { attribute: 'sentence', in: ['indeterminate'] } },
      { kind: 'com-only', when: { attribute: 'sentence', in: ['recall'] } },
    ]),
  /** A determinate sentence with this long or less from sentence to earliest release is COM-led from the start (10 months). */
  comFromStartMaxWeeks: z.number().min(0).max(520).default(43.3),
  /** Weeks before earliest release (tariff for indeterminate) at which the POM hands the case to the COM. */
  handoverWeeksBeforeRelease: z
    .object({
      determinate: z.number().min(0).max(520).default(36.7),
      determinateParole: z.number().min(0).max(520).default(52),
      indeterminate: z.number().min(0).max(520).default(52),
      earlyAllocation: z.number().min(0).max(520).default(65),
    })
    .default({ determinate: 36.7, determinateParole: 52, indeterminate: 52, earlyAllocation: 65 }),
  /** Who is assessed for early allocation (handed over 15 months before release); absent: nobody. */
  earlyAllocation: criterionSchema.optional(),
  /**
   * The engine knows time left, not time served. For the opening population, weeks served are
   * taken as this many times the weeks left (1: in a steady population time served and time left
   * have the same distribution); receptions have served `receptionWeeksServed`.
   */
  openingWeeksServedPerWeekLeft: z.number().min(0).max(100).default(1),
  receptionWeeksServed: z.number().min(0).max(10000).default(0),
  ...provenance,
});

/** Work on a case besides contact sessions, in minutes (src/engine/workload.ts). */
export const caseTaskSchema = z.object({
  id,
  label: z.string().max(200).optional(),
  /** Whose cases carry it: POM-led, COM-led while in custody (the POM supports), or both. */
  cases: z.enum(['pomLed', 'comLed', 'both']).default('pomLed'),
  /** Which people it applies to (a rule on time left makes it start or stop as release nears). */
  when: criterionSchema.default({ always: true }),
  minutesPerYear: z.number().min(0).max(100000).default(0),
  /** Minutes once, in the week the POM hands the case to the COM. */
  minutesAtHandover: z.number().min(0).max(100000).default(0),
  ...provenance,
});

const isp = { attribute: 'sentence', in: ['indeterminate'] };

/**
 * The work of a case besides contact, when a scenario gives none of its own. Every minute figure
 * is a default (no source gives task times); which cases carry a task follows DOMAIN.md 3 and 7
 * and the Stafford action plan (002_): IRMT / MAPPA panels for high and very high ROSH (rec. 5.4),
 * one-to-one work with RM2000-low sex offenders (rec. 5.3).
 */
export const DEFAULT_CASE_TASKS: z.input<typeof caseTaskSchema>[] = [
  { id: 'oasys-review', label: 'OASys assessment and review', minutesPerYear: 240 },
  { id: 'sentence-planning', label: 'Sentence planning and progression', minutesPerYear: 90 },
  {
    id: 'risk-management',
    label: 'Risk-management and MAPPA meetings (high / very high ROSH)',
    cases: 'both',
    when: { attribute: 'rosh', atLeast: 'high' },
    minutesPerYear: 360,
  },
  {
    id: 'rm2000-low-one-to-one',
    label: 'One-to-one work with RM2000-low sex offenders',
    when: {
      all: [
        { attribute: 'offence', in: ['sexual'] },
        { attribute: 'rm2000', in: ['low'] },
      ],
    },
    minutesPerYear: 450,
  },
  {
    id: 'isp-progression-3y',
    label: 'ISP progression work, last 3 years before tariff',
    when: { all: [isp, { weeksToRelease: { max: 156 } }] },
    minutesPerYear: 300,
  },
  {
    id: 'isp-progression-18m',
    label: 'ISP progression work, last 18 months before tariff',
    when: { all: [isp, { weeksToRelease: { max: 78 } }] },
    minutesPerYear: 300,
  },
  {
    id: 'parole-report',
    label: 'Parole report and hearing (ISPs, last 6 months before tariff)',
    cases: 'both',
    when: { all: [isp, { weeksToRelease: { max: 26 } }] },
    minutesPerYear: 1440,
  },
  { id: 'com-led-support', label: 'Supporting the COM on a COM-led case', cases: 'comLed', minutesPerYear: 120 },
  { id: 'handover', label: 'Handover to the COM', minutesAtHandover: 180 },
];

export const workloadSchema = z.object({
  tasks: z.array(caseTaskSchema).max(30).prefault(DEFAULT_CASE_TASKS),
  ...provenance,
});

export const keyWorkSchema = z.object({
  minutesPerPrisonerWeek: z.number().min(0).max(1000).default(45),
  prisonersPerOfficer: z.number().min(1).max(1000).default(6),
  officerHoursPerFteWeek: z.number().min(1).max(80).default(37.5),
  ...provenance,
});

/** A named set of tiers a planner can switch to (e.g. OMiC's, by harm and complexity). */
export const tierSetSchema = z.object({
  id,
  label: z.string().max(200).optional(),
  tiers: z.array(tierSchema).min(1).max(20),
  priority: z.array(id).max(20).optional(),
  ...provenance,
});

export const caseManagementSchema = z.object({
  /** Ordered: the first tier whose rule matches applies. */
  tiers: z.array(tierSchema).min(1).max(20),
  sessionMinutes: z.number().min(1).max(600).default(60),
  recordingMinutes: z.number().min(0).max(600).default(15),
  /** Tier ids in the order contact is delivered when staff hours run short. */
  priority: z.array(id).max(20).optional(),
  /** Other tier rule sets on offer; `tierSet` picks one in place of `tiers` and `priority`. */
  tierSets: z.array(tierSetSchema).max(10).optional(),
  tierSet: id.optional(),
  responsibility: responsibilitySchema.optional(),
  workload: workloadSchema.optional(),
  keyWork: keyWorkSchema.optional(),
  ...provenance,
});

// ---------------------------------------------------------------- scheduled changes

export const changeSchema = z.object({
  /** When it takes effect: a date, or a week number from the start. */
  fromDate: z.iso.date().optional(),
  fromWeek: z.number().int().min(0).max(10000).optional(),
  establishment: id,
  set: z.union([
    z.strictObject({ kind: z.literal('groupsPerYear'), programme: id, value: z.number().min(0).max(1000) }),
    z.strictObject({ kind: z.literal('beds'), programme: id, value: count }),
    z.strictObject({ kind: z.literal('receptionsPerWeek'), value: z.number().min(0).max(100000).nullable() }),
    z.strictObject({ kind: z.literal('operationalCapacity'), value: count }),
    z.strictObject({ kind: z.literal('pomFte'), value: z.number().min(0).max(10000) }),
    z.strictObject({ kind: z.literal('eligibility'), programme: id, eligibility: criterionSchema }),
    // The transition lever (src/engine/transition.ts): a legacy course's need moves to its successor.
    z.strictObject({ kind: z.literal('moveNeed'), programme: id, to: id }),
    z.strictObject({
      kind: z.literal('receptionMix'),
      tables: z.array(populationTableSchema).min(1).max(200),
      priors: z.array(priorSchema).max(500).default([]),
    }),
  ]),
  /** For rule changes: re-assess the people already inside, not only new receptions. */
  appliesToExisting: z.boolean().default(false),
  note: z.string().max(2000).optional(),
});

// ---------------------------------------------------------------- sentence and release rules

/**
 * Extended determinate sentences (EDS, DOMAIN.md section 7): Parole Board eligibility at
 * two-thirds of the custodial term, automatic release at its end. Modelled as a share of the
 * 4 years + determinate band, whose time left is then to the end of the custodial term.
 */
export const extendedSentenceSchema = z.object({
  /** Share of determinate 4 years + sentences that are extended sentences. */
  share: fraction.default(0.05),
  /** Share of parole reviews (from two-thirds of the custodial term) that direct release. */
  paroleReleaseProbability: fraction.default(0.25),
  /** Weeks between parole reviews until the end of the custodial term. */
  reviewIntervalWeeks: z.number().int().min(1).max(104).default(52),
  ...provenance,
});

export const DEFAULT_EXTENDED = {
  share: 0.05,
  paroleReleaseProbability: 0.25,
  reviewIntervalWeeks: 52,
  source:
    'DOMAIN.md section 7: extended determinate sentences have Parole Board eligibility at two-thirds of the ' +
    'custodial term and automatic release at its end. The share of extended sentences, the share of reviews ' +
    'directing release and the review interval are defaults no source gives.',
  defaults: ['share', 'paroleReleaseProbability', 'reviewIntervalWeeks'],
};

/**
 * Home detention curfew (DOMAIN.md section 7): eligible shorter-term prisoners released on curfew
 * up to 135 days (19 weeks) before their automatic release point; most sex offenders excluded.
 * Someone eligible has the HDC date as earliest release; those granted leave then.
 */
export const homeDetentionCurfewSchema = z.object({
  /** Most weeks before the automatic release point (135 days, 2014 rules); at most half the time to it. */
  maxWeeksEarly: z.number().min(0).max(52).default(19),
  /** Share of eligible prisoners granted HDC (released at the HDC date). */
  grantedShare: fraction.default(0.3),
  /** Sentence categories eligible (shorter-term: under 4 years). */
  sentences: z.array(id).max(40).default(['det-under-12m', 'det-12m-4y']),
  /** Offence categories excluded (most sex offenders are, DOMAIN.md section 7). */
  excludedOffences: z.array(id).max(40).default(['sexual']),
  ...provenance,
});

export const DEFAULT_HDC = {
  maxWeeksEarly: 19,
  grantedShare: 0.3,
  sentences: ['det-under-12m', 'det-12m-4y'],
  excludedOffences: ['sexual'],
  source:
    'DOMAIN.md section 7: home detention curfew can release eligible shorter-term prisoners up to 135 days ' +
    'early (2014 rules); most sex offenders are excluded. The share granted is a default no source gives; ' +
    'excluding every sex offender (not most) is a default.',
  defaults: ['grantedShare', 'excludedOffences'],
};

/**
 * How sentences end (DOMAIN.md section 7). Every figure is an editable default; the ones the
 * sources give are named in `source`.
 */
export const releaseRulesSchema = z.object({
  determinate: z
    .object({
      /** Share of the sentence served in custody before automatic release (halfway). */
      releasePoint: fraction.default(0.5),
      /** Share of 4 years + sentences released at two-thirds (7 years + for serious violent or sexual offences). */
      twoThirdsShare: fraction.default(0.25),
      /** Weeks served (on remand or at a local) before a trainer receives someone. */
      weeksServedBeforeTrainer: z.number().min(0).max(520).default(13),
      /** Longest determinate sentence, in years (the open top of the 4 years + band). */
      longestSentenceYears: z.number().min(4).max(50).default(12),
    })
    .default({ releasePoint: 0.5, twoThirdsShare: 0.25, weeksServedBeforeTrainer: 13, longestSentenceYears: 12 }),
  indeterminate: z
    .object({
      /** Weeks between Parole Board reviews after tariff (at most two years). */
      reviewIntervalWeeks: z.number().int().min(1).max(104).default(104),
      /** Share of reviews that direct release (IPP first hearings 2014: 49 of 393). */
      releaseProbability: z.number().min(0.001).max(1).default(0.12),
    })
    .default({ reviewIntervalWeeks: 104, releaseProbability: 0.12 }),
  recall: z
    .object({
      /** Share of recalls that are fixed-term (14 or 28 days); the rest are standard recalls. */
      fixedTermShare: fraction.default(0.4),
      /** Of fixed-term recalls, the share of 14 days (the rest 28). */
      fourteenDayShare: fraction.default(0.5),
    })
    .default({ fixedTermShare: 0.4, fourteenDayShare: 0.5 }),
  remand: z
    .object({
      /** Mean weeks on remand (stays are exponential, at least a week). */
      meanWeeks: z.number().min(1).max(520).default(9),
      /** Share of remand prisoners sentenced at the end of remand who stay here. */
      sentencedAndStayShare: fraction.default(0.2),
      /** Weeks a remand prisoner sentenced here stays after sentence (mean). */
      weeksAfterSentence: z.number().min(1).max(520).default(12),
      /** Remand prisoners may join accredited programmes (they may not by default). */
      programmesEligible: z.boolean().default(false),
    })
    .default({ meanWeeks: 9, sentencedAndStayShare: 0.2, weeksAfterSentence: 12, programmesEligible: false }),
  /** Extended determinate sentences: parole from two-thirds of the custodial term, automatic release at its end. */
  extended: extendedSentenceSchema.default(DEFAULT_EXTENDED),
  /** Home detention curfew: early release on curfew for eligible shorter sentences. */
  hdc: homeDetentionCurfewSchema.default(DEFAULT_HDC),
  ...provenance,
});

export const DEFAULT_RELEASE_RULES_SOURCE =
  'DOMAIN.md section 7: automatic release at halfway, two-thirds for 7 years + serious violent and sexual ' +
  'sentences; Parole Board review at tariff and at least every two years; IPP first hearings 2014 directed ' +
  'release in 49 of 393 cases (12%); fixed-term recalls of 14 or 28 days. The shares of two-thirds cases and ' +
  'of fixed-term recalls, the weeks served before a trainer receives someone, the longest sentence and remand ' +
  'stays are defaults.';
// ---------------------------------------------------------------- how a run opens

/**
 * How a run opens. `running` (the default): the services have been running before the
 * reporting window, so courses are under way, the lists are those of a running service and
 * people already have a treatment history; a warm-up is simulated and discarded to get there
 * (src/engine/warmup.ts). `empty`: no course running and everyone eligible joining the lists in
 * week 0, as a service opening that day.
 */
export const startSchema = z.object({
  mode: z.enum(['running', 'empty']).default('running'),
  /**
   * Weeks of warm-up before the reporting window; by default about one course cycle, longer to
   * clear a cold start's lists (src/engine/warmup.ts). At most ten years: a list whose places fall
   * short of its joiners settles only as men's windows close, years at a trainer (Wymott's HRP-MI
   * needs about six).
   */
  warmupWeeks: z.number().int().min(0).max(520).optional(),
  ...provenance,
});

/**
 * Treatment history before this sentence or establishment (issue 6 item 2): the share of people a
 * rule picks out who have already completed a programme, applied to everyone at the start and to
 * every reception, so a sequence (Core then Extended SOTP) has need from the first week. The
 * sources give no such shares: they are editable defaults.
 */
export const treatmentHistorySchema = z.object({
  /** The programme already completed. */
  programme: id,
  /** Who it applies to (attribute rules only); by default everyone. */
  when: criterionSchema.default({ always: true }),
  /** Share of those people who have completed it. */
  share: fraction,
  ...provenance,
});

/**
 * Men moved to a treatment site for a course (a referral start) go back to the prison that
 * referred them when it ends, completed or not (src/engine/hubReturns.ts): the sources describe
 * hubs as treating men from other prisons, not as keeping them. Each return takes the place of one
 * of that prison's receptions of his offence and sentence, as a move in does.
 */
export const referralReturnSchema = z.object({
  /** Weeks after the course ends that he goes back; null: he stays at the treatment site. */
  afterWeeks: z.number().int().min(0).max(520).nullable().default(8),
  ...provenance,
});

export const DEFAULT_REFERRAL_RETURN = {
  afterWeeks: 8,
  source:
    'DOMAIN.md section 3: a prison that delivers no programme allocates its need to a treatment site in the ' +
    'region (Stafford the SOTP hub, Swinfen Hall for young adults); no source says how long a man stays there ' +
    'after his course: 8 weeks (a post-programme review and a transfer back) is a default.',
  defaults: ['afterWeeks'],
};

/** Filled in when a file says nothing of its start (files written before the field existed). */
export const DEFAULT_START = {
  mode: 'running' as const,
  defaults: ['mode', 'warmupWeeks'],
};

// ---------------------------------------------------------------- the scenario

export const horizonSchema = z.object({
  value: z.number().int().min(1).max(520),
  unit: z.enum(['weeks', 'years']),
});

export const scenarioSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(20000).default(''),
  startDate: z.iso.date(),
  horizon: horizonSchema.default({ value: 1, unit: 'years' }),
  seed: z
    .union([
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 53 - 1),
      z.string().min(1).max(200),
    ])
    .default(1),
  replications: wholeAtLeast(1).max(100000).default(200),
  /**
   * End the run early once the region's headline means are known within this share of each mean
   * (95% confidence), checked every 10 replications (src/results/precisionStop.ts); `replications`
   * is then the most it runs. Absent: every replication asked for is run.
   */
  precisionTarget: z.number().min(0.001).max(0.5).optional(),
  /**
   * Whose means `precisionTarget` asks of: the region's (the default), or each establishment's,
   * for a prison's team reading its own figures in a regional file.
   */
  precisionScope: z.enum(['region', 'everyEstablishment']).optional(),
  /** A variance against agreed volumes is material when larger than this share. */
  materialityThreshold: fraction.default(0.1),
  /** The band scheme (risk instruments, offence, sentence, time left): built-in or declared. */
  bandScheme: z.enum(['segmentation-2014', 'oasys-current']).default('segmentation-2014'),
  /** Declared attributes replace the built-in scheme's attribute of the same id, or add one. */
  attributes: z.array(attributeSchema).max(40).default([]),
  /** Fill distributions for attributes no table gives. */
  priors: z.array(priorSchema).max(500).default([]),
  programmes: z.array(programmeSchema).max(100),
  /** Needs met by alternative programmes or pathways of stages; see needSchema. */
  needs: z.array(needSchema).max(100).default([]),
  caseManagement: caseManagementSchema,
  establishments: z.array(establishmentSchema).min(1).max(500),
  changes: z.array(changeSchema).max(1000).default([]),
  /** Sentence and release rules: release points, parole reviews, recalls, remand. */
  release: releaseRulesSchema.default({
    determinate: { releasePoint: 0.5, twoThirdsShare: 0.25, weeksServedBeforeTrainer: 13, longestSentenceYears: 12 },
    indeterminate: { reviewIntervalWeeks: 104, releaseProbability: 0.12 },
    recall: { fixedTermShare: 0.4, fourteenDayShare: 0.5 },
    remand: { meanWeeks: 9, sentencedAndStayShare: 0.2, weeksAfterSentence: 12, programmesEligible: false },
    extended: DEFAULT_EXTENDED,
    hdc: DEFAULT_HDC,
    source: DEFAULT_RELEASE_RULES_SOURCE,
    defaults: [
      'determinate.twoThirdsShare',
      'determinate.weeksServedBeforeTrainer',
      'determinate.longestSentenceYears',
      'indeterminate.releaseProbability',
      'recall.fixedTermShare',
      'recall.fourteenDayShare',
      'remand',
    ],
  }),
  /** How the run opens: on a running service (warm-up) or an empty one. */
  start: startSchema.default(DEFAULT_START),
  /** Programmes people have completed before they come (by segment): at the start and for receptions. */
  treatmentHistory: z.array(treatmentHistorySchema).max(200).default([]),
  /** Men moved to a treatment site for a course go back to the prison that referred them after it. */
  referralReturn: referralReturnSchema.default(DEFAULT_REFERRAL_RETURN),
  ...provenance,
});

export type Category = z.infer<typeof categorySchema>;
export type Attribute = z.infer<typeof attributeSchema>;
export type TableCell = z.infer<typeof tableCellSchema>;
export type PopulationTable = z.infer<typeof populationTableSchema>;
export type Prior = z.infer<typeof priorSchema>;
export type Population = z.infer<typeof populationSchema>;
export type DeliveredProgramme = z.infer<typeof deliveredProgrammeSchema>;
export type Flows = z.infer<typeof flowsSchema>;
export type Staffing = z.infer<typeof staffingSchema>;
export type Establishment = z.infer<typeof establishmentSchema>;
export type PriorityKey = z.infer<typeof priorityKeySchema>;
export type SegmentPlan = z.infer<typeof segmentPlanSchema>;
export type Programme = z.infer<typeof programmeSchema>;
export type Need = z.infer<typeof needSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type CaseManagement = z.infer<typeof caseManagementSchema>;
export type SentenceKind = (typeof SENTENCE_KINDS)[number];
export type ResponsibilityRules = z.infer<typeof responsibilitySchema>;
export type CaseTask = z.infer<typeof caseTaskSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type KeyWork = z.infer<typeof keyWorkSchema>;
export type TierSet = z.infer<typeof tierSetSchema>;
export type Change = z.infer<typeof changeSchema>;
export type ReleaseRules = z.infer<typeof releaseRulesSchema>;
export type EstablishmentType = z.infer<typeof establishmentTypeSchema>;
export type Start = z.infer<typeof startSchema>;
export type TreatmentHistory = z.infer<typeof treatmentHistorySchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as written in a file, before defaults are filled in. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
