/**
 * The scenario file format, schema version 1.
 *
 * One zod schema is the single source of truth: it validates files at load, gives the
 * TypeScript types, and generates `scenarios/placewise.schema.json` (npm run schema).
 * Everything a rule needs is data here; nothing in a file is ever executed.
 */
import { z } from 'zod';

// Zod's JIT compiles parsers with `new Function`; we never want generated code at run time.
z.config({ jitless: true });

export const CURRENT_SCHEMA_VERSION = 1;

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/, 'must be an identifier: letters, digits, "_", ".", "+" or "-"')
  .max(64);

const wholeAtLeast = (min: number) => z.number().int().min(min).max(1e7);
const count = wholeAtLeast(0);
const fraction = z.number().min(0).max(1);

/** Which fields of an object are editable defaults rather than figures from a source. */
const provenance = {
  source: z.string().max(2000).optional().describe('Where the figures come from (document and table).'),
  defaults: z
    .array(z.string().max(64))
    .max(64)
    .optional()
    .describe('Names of fields whose values are editable defaults, not figures from a source.'),
};

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

export const criterionSchema: z.ZodType<Criterion> = z.lazy(() =>
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

export const deliveredProgrammeSchema = z.object({
  programme: id,
  groupsPerYear: z.number().min(0).max(1000),
  /** Overrides the catalogue's group size at this site. */
  groupSize: wholeAtLeast(1).optional(),
  /** Week (from the scenario start) of the first group; later groups are evenly spaced. */
  firstStartWeek: z.number().int().min(0).max(10000).optional(),
  agreedStarts: count.optional(),
  agreedCompletions: count.optional(),
  /** Whether other establishments may refer people here for this programme. */
  acceptsReferrals: z.boolean().default(false),
  ...provenance,
});

export const flowsSchema = z.object({
  /** Receptions a week; null means replace each week's departures, keeping the population level. */
  receptionsPerWeek: z.number().min(0).max(100000).nullable().default(null),
  /** Share of the population transferred out a year (other than release). */
  transfersOutPerYear: z.number().min(0).max(52).default(0),
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

export const establishmentSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  type: z.string().max(200).default(''),
  operationalCapacity: count,
  cna: count.optional(),
  population: populationSchema,
  flows: flowsSchema.default({ receptionsPerWeek: null, transfersOutPerYear: 0 }),
  programmes: z.array(deliveredProgrammeSchema).max(100).default([]),
  /** Where people eligible for a programme this site does not deliver are referred. */
  referrals: z
    .array(z.object({ programme: id, to: id }))
    .max(100)
    .default([]),
  staffing: staffingSchema.optional(),
  ...provenance,
});

// ---------------------------------------------------------------- programme catalogue

export const priorityKeySchema = z.union([
  z.strictObject({ by: z.literal('ogrs'), order: z.enum(['desc', 'asc']).default('desc') }),
  z.strictObject({ by: z.literal('releaseDate') }),
  z.strictObject({ by: z.literal('waitingTime') }),
  z.strictObject({ by: z.literal('criteria'), when: criterionSchema }),
]);

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

export const caseManagementSchema = z.object({
  /** Ordered: the first tier whose rule matches applies. */
  tiers: z.array(tierSchema).min(1).max(20),
  sessionMinutes: z.number().min(1).max(600).default(60),
  recordingMinutes: z.number().min(0).max(600).default(15),
  /** Tier ids in the order contact is delivered when staff hours run short. */
  priority: z.array(id).max(20).optional(),
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
    z.strictObject({ kind: z.literal('receptionsPerWeek'), value: z.number().min(0).max(100000).nullable() }),
    z.strictObject({ kind: z.literal('operationalCapacity'), value: count }),
    z.strictObject({ kind: z.literal('pomFte'), value: z.number().min(0).max(10000) }),
    z.strictObject({ kind: z.literal('eligibility'), programme: id, eligibility: criterionSchema }),
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
  /** Weeks of warm-up before the reporting window; by default about one course cycle. */
  warmupWeeks: z.number().int().min(0).max(260).optional(),
  ...provenance,
});

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
  /** A variance against agreed volumes is material when larger than this share. */
  materialityThreshold: fraction.default(0.1),
  /** The band scheme (risk instruments, offence, sentence, time left): built-in or declared. */
  bandScheme: z.enum(['segmentation-2014', 'oasys-current']).default('segmentation-2014'),
  /** Declared attributes replace the built-in scheme's attribute of the same id, or add one. */
  attributes: z.array(attributeSchema).max(40).default([]),
  /** Fill distributions for attributes no table gives. */
  priors: z.array(priorSchema).max(500).default([]),
  programmes: z.array(programmeSchema).max(100),
  caseManagement: caseManagementSchema,
  establishments: z.array(establishmentSchema).min(1).max(500),
  changes: z.array(changeSchema).max(1000).default([]),
  /** How the run opens: on a running service (warm-up) or an empty one. */
  start: startSchema.default(DEFAULT_START),
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
export type Programme = z.infer<typeof programmeSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type CaseManagement = z.infer<typeof caseManagementSchema>;
export type Change = z.infer<typeof changeSchema>;
export type Start = z.infer<typeof startSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as written in a file, before defaults are filled in. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
