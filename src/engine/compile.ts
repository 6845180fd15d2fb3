/**
 * Turns a validated scenario into everything a replication needs: attribute indices, compiled
 * rules, fitted populations, programme schedules and the result layout. Deterministic and
 * seed-free, so it can be done once and shared by every replication (and every worker).
 */
import { NO_NEW_PLACES } from './transition.js';
import {
  staffingSchema,
  type Attribute,
  type Change,
  type Criterion,
  type PriorityKey,
  type Programme,
  type Scenario,
} from '../scenario/schema.js';
import { resolveAttributes } from '../scenario/bandSchemes.js';
import { compileCriterion, type CompiledCriterion, type CriterionContext } from '../rules/criteria.js';
import { StaticLookup } from '../rules/staticLookup.js';
import type { Synthesizer } from '../population/synthesizer.js';
import type { PrecisionScope, RunWarning, TableFit } from '../results/types.js';
import { Layout } from './layout.js';
import { compileCaseload, type CompiledCaseload } from './caseload.js';
import { activeTiers, caseTasks, keyWorkRules, minutesPerFteWeek, responsibilityRules } from './workload.js';
import { ReleaseModel } from './release.js';
import { programmeApplies } from '../population/programmeScope.js';
import { regionalTimeLeftWarnings } from '../population/timeLeftSources.js';
import { planStart, sizeStart, type StartPlan } from './warmup.js';
import { TreatmentHistoryDefaults } from './treatmentHistory.js';
import { cellTotal, type TableCells } from '../population/tableCells.js';
import { compileNeeds, type CompiledNeeds } from './needs.js';
import { TierProfile } from './tierProfile.js';
import { EstablishmentPopulations } from './establishmentPopulation.js';
import type { CompileCache } from './compileCache.js';
import { withStableFields } from './stableFields.js';

export interface RunOptions {
  seed?: number | string;
  replications?: number;
  horizonWeeks?: number;
  /** In place of the scenario's `precisionTarget`; null runs every replication whatever the file says. */
  precisionTarget?: number | null;
  /** In place of the scenario's `precisionScope`. */
  precisionScope?: PrecisionScope;
}

export type CompiledPriorityKey =
  | { by: 'ogrs'; descending: boolean }
  | { by: 'releaseDate' }
  | { by: 'waitingTime' }
  | { by: 'criteria'; when: CompiledCriterion };

/** A rule with its per-attribute lookup table, as the engine asks it. */
export interface Rule {
  criterion: CompiledCriterion;
  lookup: StaticLookup;
}

export interface CompiledProgramme {
  index: number;
  definition: Programme;
  eligibility: Rule;
  prerequisites: number[];
  priority: CompiledPriorityKey[];
}

export interface CompiledDelivery {
  groupsPerYear: number;
  /** Beds with rolling intake (beds.ts), or null for closed groups. */
  beds: number | null;
  groupSize: number;
  firstStartWeek: number;
  agreedStarts: number | null;
  agreedCompletions: number | null;
  /** Waiting-list order here: the site's own, or the catalogue's. */
  priority: CompiledPriorityKey[];
  /** Segments planned for here (allocation.ts): planned completions and reserved places. */
  segments: CompiledSegment[];
}

export interface CompiledSegment {
  id: string;
  label: string;
  when: CompiledCriterion;
  plannedCompletions: number | null;
  reservedShare: number | null;
  reservedPlaces: number | null;
}

export interface CompiledEstablishment {
  index: number;
  id: string;
  name: string;
  populationTotal: number;
  operationalCapacity: number;
  stock: Synthesizer;
  receptions: Synthesizer;
  /**
   * Per joint cell of `stock`: the time left at which someone inside at the start moves on
   * (0: never), as a reception of that segment does (arrivals.ts), or null when nobody does. Without it the opening
   * people of a segment that moves on (Stafford's OGRS 0-24, none under 12 months left) would
   * all stay to release while receptions keep coming, and the segment would swell in year 1.
   */
  openingExitWeeksLeft: Float64Array | null;
  receptionsPerWeek: number | null;
  transfersOutPerWeek: number;
  /** Per catalogue programme: how this site runs it, or null when it does not. */
  deliveries: (CompiledDelivery | null)[];
  /**
   * Per catalogue programme: who is eligible among the people here (the site's own rule where
   * its delivery gives one, else the catalogue's; a scheduled change at week 0 is folded in).
   */
  eligibility: Rule[];
  /** Per catalogue programme: establishment index people are referred to, or -1. */
  referralTo: Int32Array;
  /** Offender-manager sessions deliverable a week, or null with no staffing given. */
  sessionCapacityPerWeek: number | null;
  /** Sessions a week one FTE delivers here (the schema's default hours when no staffing is given). */
  sessionsPerFteWeek: number;
  establishmentType: string;
  fit: TableFit[];
  /** The source tables, to count the running population against at each year end. */
  tables: TableCells[];
}

export interface CompiledTier {
  id: string;
  label: string;
  when: Rule;
  sessionsPerYear: number;
}

export type CompiledChangeAction =
  | { kind: 'groupsPerYear'; programme: number; value: number }
  | { kind: 'beds'; programme: number; value: number }
  | { kind: 'receptionsPerWeek'; value: number | null }
  | { kind: 'operationalCapacity'; value: number }
  | { kind: 'sessionCapacity'; value: number | null }
  | { kind: 'eligibility'; programme: number; eligibility: Rule }
  | { kind: 'moveNeed'; programme: number; to: number; closed: Rule }
  | { kind: 'receptionMix'; synthesizer: Synthesizer };

export interface CompiledChange {
  week: number;
  establishment: number;
  appliesToExisting: boolean;
  action: CompiledChangeAction;
}

export interface CompiledScenario {
  scenario: Scenario;
  seed: string;
  /** Replications asked for: with a precision target, the most the run goes to. */
  replications: number;
  /** End the run once the means precisionScope names are within this share (precisionStop.ts); null: run them all. */
  precisionTarget: number | null;
  /** Whose means the target asks of (precisionStop.ts): the region's, or every establishment's. */
  precisionScope: PrecisionScope;
  weeks: number;
  attributes: Attribute[];
  ogrsAttribute: number;
  offenceAttribute: number;
  timeLeftAttribute: number;
  programmes: CompiledProgramme[];
  /** Declared needs and pathways (needs.ts); programmes in none are each their own need. */
  needs: CompiledNeeds;
  /** Programmes whose eligibility can change when someone completes a course. */
  reassessOnCompletion: number[];
  /**
   * Weeks before release at which a rule on time left to serve can change its answer: each
   * person is assessed again (tier and eligibility) as they pass each of these.
   */
  reassessBeforeRelease: number[];
  /** Programmes whose eligibility reads time left: the only ones worth re-assessing as it passes. */
  timeDependent: number[];
  establishments: CompiledEstablishment[];
  /** Sentence and release rules (release.ts). */
  release: ReleaseModel;
  /** Programmes completed before people come (treatmentHistory.ts), or null when the scenario gives none. */
  treatmentHistory: TreatmentHistoryDefaults | null;
  sentenceAttribute: number;
  tiers: CompiledTier[];
  /** The tier each profile of codes settles, or null where too large (tierProfile.ts). */
  tierProfile: TierProfile | null;
  /** Tier indices in the order contact is delivered when hours run short. */
  tierPriority: number[];
  minutesPerSession: number;
  /** Offender-management workload under OMiC: responsibility, tasks, key work (caseload.ts). */
  caseload: CompiledCaseload;
  changes: CompiledChange[];
  layout: Layout;
  warnings: RunWarning[];
  /** How the run opens: warm-up weeks (0 for an empty start) and a note for the results. */
  start: StartPlan;
  /**
   * Lists (establishment x programmes.length + programme) whose people waiting at the start are
   * set aside: sizing (sizing.ts) counts them as a one-off to clear, and measures the flow alone.
   * Never set by compileScenario.
   */
  setAsideAtStart?: ReadonlySet<number>;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

function weekOf(startDate: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / WEEK_MS);
}

function requireAttribute(attributes: readonly Attribute[], id: string): number {
  const index = attributes.findIndex((a) => a.id === id);
  if (index < 0) throw new Error(`the band scheme has no "${id}" attribute, which the engine needs`);
  return index;
}

/**
 * A compiled scenario, its fields stored by name in the constructor, in one order (stableFields.ts
 * says why it is not an object literal). Copied onto an object instead, its 29 fields went to a
 * dictionary, slower to read at every event; stored by name, they are the object's own slots.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- gives the class the interface's fields
interface CompiledScenarioObject extends CompiledScenario {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- as above
class CompiledScenarioObject {
  constructor(fields: CompiledScenario) {
    this.scenario = fields.scenario;
    this.seed = fields.seed;
    this.replications = fields.replications;
    this.precisionTarget = fields.precisionTarget;
    this.precisionScope = fields.precisionScope;
    this.weeks = fields.weeks;
    this.attributes = fields.attributes;
    this.ogrsAttribute = fields.ogrsAttribute;
    this.offenceAttribute = fields.offenceAttribute;
    this.timeLeftAttribute = fields.timeLeftAttribute;
    this.programmes = fields.programmes;
    this.needs = fields.needs;
    this.reassessOnCompletion = fields.reassessOnCompletion;
    this.reassessBeforeRelease = fields.reassessBeforeRelease;
    this.timeDependent = fields.timeDependent;
    this.establishments = fields.establishments;
    this.release = fields.release;
    this.treatmentHistory = fields.treatmentHistory;
    this.sentenceAttribute = fields.sentenceAttribute;
    this.tiers = fields.tiers;
    this.tierProfile = fields.tierProfile;
    this.tierPriority = fields.tierPriority;
    this.minutesPerSession = fields.minutesPerSession;
    this.caseload = fields.caseload;
    this.changes = fields.changes;
    this.layout = fields.layout;
    this.warnings = fields.warnings;
    this.start = fields.start;
    this.setAsideAtStart = fields.setAsideAtStart;
  }
}

export function compileScenario(
  scenario: Scenario,
  options: RunOptions = {},
  cache?: CompileCache,
  /**
   * How the compiled run opens, worked out last: by default the warm-up sized and the history a
   * running service would have given derived (warmup.ts sizeStart). establishmentParts.ts gives
   * each establishment its file's, which the file's compile worked out already.
   */
  startOf: (compiled: CompiledScenario, cache?: CompileCache) => StartPlan = sizeStart,
): CompiledScenario {
  const attributes = resolveAttributes(scenario.bandScheme, scenario.attributes);
  const programmeIds = scenario.programmes.map((p) => p.id);
  const context: CriterionContext = { attributes, programmeIds };
  const compile = (c: Parameters<typeof compileCriterion>[0]) => compileCriterion(c, context);
  const rule = (c: Parameters<typeof compileCriterion>[0]): Rule => {
    const criterion = compile(c);
    return { criterion, lookup: new StaticLookup(criterion, attributes) };
  };
  const programmeIndex = (id: string) => {
    const i = programmeIds.indexOf(id);
    if (i < 0) throw new Error(`unknown programme "${id}"`);
    return i;
  };
  const establishmentIndex = (id: string) => {
    const i = scenario.establishments.findIndex((e) => e.id === id);
    if (i < 0) throw new Error(`unknown establishment "${id}"`);
    return i;
  };

  const weeks =
    options.horizonWeeks ?? (scenario.horizon.unit === 'weeks' ? scenario.horizon.value : scenario.horizon.value * 52);
  const warnings: RunWarning[] = [];

  const priorityKeys = (keys: readonly PriorityKey[]) =>
    keys.map((k): CompiledPriorityKey => {
      switch (k.by) {
        case 'ogrs':
          return { by: 'ogrs', descending: k.order !== 'asc' };
        case 'criteria':
          return { by: 'criteria', when: compile(k.when) };
        default:
          return { by: k.by };
      }
    });
  const programmes: CompiledProgramme[] = scenario.programmes.map((p, index) => ({
    index,
    definition: p,
    eligibility: rule(p.eligibility),
    prerequisites: p.prerequisites.map(programmeIndex),
    priority: priorityKeys(p.priority),
  }));
  // Every eligibility rule a programme can have anywhere: the catalogue's, sites' own, changes'.
  const eligibilityRules = (p: Programme): Criterion[] => [
    p.eligibility,
    ...scenario.establishments.flatMap((e) =>
      e.programmes.flatMap((d) => (d.programme === p.id && d.eligibility ? [d.eligibility] : [])),
    ),
    ...scenario.changes.flatMap((c) =>
      c.set.kind === 'eligibility' && c.set.programme === p.id ? [c.set.eligibility] : [],
    ),
  ];
  const reassessOnCompletion = programmes
    .filter((p) => p.prerequisites.length > 0 || eligibilityRules(p.definition).some((c) => !compile(c).isStatic))
    .map((p) => p.index);

  const ogrsAttribute = requireAttribute(attributes, 'ogrs');
  const offenceAttribute = requireAttribute(attributes, 'offence');
  const timeLeftAttribute = requireAttribute(attributes, 'timeLeft');
  const sentenceAttribute = requireAttribute(attributes, 'sentence');
  const release = new ReleaseModel(scenario.release, attributes[sentenceAttribute], {
    sentenceIndex: sentenceAttribute,
    offenceIndex: offenceAttribute,
    offence: attributes[offenceAttribute],
  });
  const never = rule({ not: { always: true } });

  const reassessBeforeRelease = timeThresholds([
    ...scenario.programmes.flatMap(eligibilityRules),
    ...activeTiers(scenario.caseManagement).tiers.map((t) => t.when),
  ]);

  const populations = new EstablishmentPopulations(
    scenario,
    attributes,
    { sentence: sentenceAttribute, timeLeft: timeLeftAttribute, offence: offenceAttribute },
    context,
    release,
    cache,
  );

  const establishments: CompiledEstablishment[] = scenario.establishments.map((e, index) => {
    const { populationTotal, stock, receptions, openingExitWeeksLeft, fit, tables } = populations.of(e, index);
    warnings.push(...regionalTimeLeftWarnings(scenario, index));
    const deliveries = programmes.map((p): CompiledDelivery | null => {
      const d = e.programmes.find((x) => x.programme === p.definition.id);
      if (!d) return null;
      return {
        groupsPerYear: d.groupsPerYear,
        beds: d.beds ?? null,
        groupSize: d.groupSize ?? p.definition.groupSize,
        firstStartWeek: d.firstStartWeek ?? 0,
        agreedStarts: d.agreedStarts ?? null,
        agreedCompletions: d.agreedCompletions ?? null,
        priority: d.priority ? priorityKeys(d.priority) : p.priority,
        segments: (d.segments ?? []).map((g) => ({
          id: g.id,
          label: g.label ?? g.id,
          when: compile(g.when),
          plannedCompletions: g.plannedCompletions ?? null,
          reservedShare: g.reservedShare ?? null,
          reservedPlaces: g.reservedPlaces ?? null,
        })),
      };
    });
    const referralTo = new Int32Array(programmes.length).fill(-1);
    e.referrals.forEach((r, k) => {
      const to = establishmentIndex(r.to);
      const offer = scenario.establishments[to]?.programmes.find((d) => d.programme === r.programme);
      // A site takes referrals only for a programme it runs and says it accepts them for;
      // otherwise the need stays here, unmet, which is what the loader warned of.
      if (offer?.acceptsReferrals) referralTo[programmeIndex(r.programme)] = to;
      else {
        warnings.push({
          path: `establishments[${index}].referrals[${k}]`,
          message: `${r.to} does not accept referrals for ${r.programme}: this need is counted here as not delivered`,
        });
      }
    });
    return withStableFields(EstablishmentFields, {
      index,
      id: e.id,
      name: e.name,
      populationTotal,
      operationalCapacity: e.operationalCapacity,
      stock,
      receptions,
      openingExitWeeksLeft,
      receptionsPerWeek: e.flows.receptionsPerWeek,
      transfersOutPerWeek: e.flows.transfersOutPerYear / 52,
      deliveries,
      eligibility: programmes.map((p) => {
        const delivered = e.programmes.find((d) => d.programme === p.definition.id);
        if (delivered?.eligibility) return rule(delivered.eligibility);
        // A programme not for this kind of prison (programmeScope.ts): nobody here needs it.
        return programmeApplies(e.establishmentType, p.definition, delivered !== undefined) ? p.eligibility : never;
      }),
      referralTo,
      sessionCapacityPerWeek: e.staffing ? e.staffing.pomFte * sessionsPerFte(scenario, e.staffing) : null,
      sessionsPerFteWeek: sessionsPerFte(scenario, e.staffing ?? DEFAULT_STAFFING),
      establishmentType: e.establishmentType,
      // Copies: a shared fit's report must not change with another site's.
      fit: fit.map((f) => ({ ...f })),
      tables,
    });
  });

  const cm = scenario.caseManagement;
  // A named tier set, when the scenario picks one, stands in for the tiers and their priority.
  const active = activeTiers(cm);
  const tiers: CompiledTier[] = active.tiers.map((t) => ({
    id: t.id,
    label: t.label ?? t.id,
    when: rule(t.when),
    sessionsPerYear: t.sessionsPerYear,
  }));
  const tierPriority = (active.priority ?? active.tiers.map((t) => t.id)).map((id) =>
    active.tiers.findIndex((t) => t.id === id),
  );
  // Tiers not named in the priority list are served last, in their listed order.
  tiers.forEach((_, t) => {
    if (!tierPriority.includes(t)) tierPriority.push(t);
  });

  const scheduled = scenario.changes
    .map((change, i) => compileChange(change, i))
    .filter((c): c is CompiledChange => c !== null)
    .sort((a, b) => a.week - b.week);
  // An eligibility change from the first week is the site's rule from the start: fold it in, so
  // a running start's warm-up (which has no scheduled changes) runs under it too.
  for (const change of scheduled) {
    if (change.week <= 0 && change.action.kind === 'eligibility') {
      establishments[change.establishment].eligibility[change.action.programme] = change.action.eligibility;
    }
  }
  const changes = scheduled.filter((c) => !(c.week <= 0 && c.action.kind === 'eligibility'));

  function compileChange(change: Change, i: number): CompiledChange | null {
    const week = change.fromWeek ?? (change.fromDate ? weekOf(scenario.startDate, change.fromDate) : 0);
    if (week >= weeks) {
      warnings.push({
        path: `changes[${i}]`,
        message: `takes effect in week ${week}, after the horizon of ${weeks} weeks`,
      });
      return null;
    }
    const establishment = establishmentIndex(change.establishment);
    const e = scenario.establishments[establishment] as Scenario['establishments'][number];
    const set = change.set;
    const base = { week: Math.max(0, week), establishment, appliesToExisting: change.appliesToExisting };
    switch (set.kind) {
      case 'groupsPerYear':
        return {
          ...base,
          action: { kind: 'groupsPerYear', programme: programmeIndex(set.programme), value: set.value },
        };
      case 'beds':
        return { ...base, action: { kind: 'beds', programme: programmeIndex(set.programme), value: set.value } };
      case 'receptionsPerWeek':
        return { ...base, action: { kind: 'receptionsPerWeek', value: set.value } };
      case 'operationalCapacity':
        return { ...base, action: { kind: 'operationalCapacity', value: set.value } };
      case 'pomFte':
        return {
          ...base,
          action: {
            kind: 'sessionCapacity',
            value: e.staffing ? set.value * sessionsPerFte(scenario, e.staffing) : null,
          },
        };
      case 'eligibility':
        return {
          ...base,
          action: { kind: 'eligibility', programme: programmeIndex(set.programme), eligibility: rule(set.eligibility) },
        };
      case 'moveNeed':
        return {
          ...base,
          action: {
            kind: 'moveNeed',
            programme: programmeIndex(set.programme),
            to: programmeIndex(set.to),
            closed: rule(NO_NEW_PLACES),
          },
        };
      case 'receptionMix': {
        const priors = populations.priors(e, set.priors);
        return {
          ...base,
          action: {
            kind: 'receptionMix',
            synthesizer: populations.fitted(set.tables, priors, 1000, `changes[${i}].set.tables`).synthesizer,
          },
        };
      }
    }
  }

  const responsibility = responsibilityRules(cm);
  const caseload = compileCaseload({
    kinds: responsibility.kinds,
    rules: responsibility,
    tasks: caseTasks(cm),
    tierSessionsPerYear: tiers.map((t) => t.sessionsPerYear),
    minutesPerSession: cm.sessionMinutes + cm.recordingMinutes,
    minutesPerFteWeek: scenario.establishments.map((e) => minutesPerFteWeek(e.staffing ?? DEFAULT_STAFFING)),
    keyWork: keyWorkRules(cm),
    rule,
    thresholds: timeThresholds,
    attributeSizes: attributes.map((a) => a.categories.length),
    reviewIntervalWeeks: scenario.release.indeterminate.reviewIntervalWeeks,
  });

  const layout = new Layout(
    establishments.length,
    programmes.length,
    tiers.length,
    attributes[ogrsAttribute].categories.length,
    attributes[offenceAttribute].categories.length,
    weeks,
    caseload.block.scalars,
    caseload.block.series,
    establishments.map((e) => cellTotal(e.tables)),
    scenario.needs.length,
    establishments.map((e) => e.deliveries.map((d) => d?.segments.length ?? 0)),
  );

  const compiled: CompiledScenario = new CompiledScenarioObject({
    scenario,
    seed: String(options.seed ?? scenario.seed),
    replications: options.replications ?? scenario.replications,
    precisionTarget:
      options.precisionTarget === undefined ? (scenario.precisionTarget ?? null) : options.precisionTarget,
    precisionScope: options.precisionScope ?? scenario.precisionScope ?? 'region',
    weeks,
    attributes,
    ogrsAttribute,
    offenceAttribute,
    timeLeftAttribute,
    programmes,
    needs: compileNeeds(scenario.needs, programmeIndex, programmes.length),
    reassessOnCompletion,
    reassessBeforeRelease,
    timeDependent: scenario.programmes.flatMap((p, i) => (timeThresholds(eligibilityRules(p)).length > 0 ? [i] : [])),
    establishments,
    release,
    treatmentHistory: TreatmentHistoryDefaults.compile(scenario, rule, programmeIndex, attributes),
    sentenceAttribute,
    tiers,
    tierProfile: TierProfile.build(
      tiers,
      attributes.map((a) => a.categories.length),
    ),
    tierPriority,
    minutesPerSession: cm.sessionMinutes + cm.recordingMinutes,
    caseload,
    changes,
    layout,
    warnings,
    start: planStart(scenario),
  });
  // The default warm-up is sized from the fitted population too (warmup.ts sizeStart).
  compiled.start = startOf(compiled, cache);
  return compiled;
}

/**
 * Where `weeksToRelease` bounds flip: `max: v` turns true with floor(v) weeks left, and
 * `min: v` turns false with ceil(v) - 1 left. Returned as weeks before release, ascending.
 */
export function timeThresholds(criteria: readonly Criterion[]): number[] {
  const found = new Set<number>();
  const visit = (c: Criterion): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else if ('weeksToRelease' in c) {
      if (c.weeksToRelease.max !== undefined) found.add(Math.floor(c.weeksToRelease.max));
      if (c.weeksToRelease.min !== undefined) found.add(Math.ceil(c.weeksToRelease.min) - 1);
    }
  };
  criteria.forEach(visit);
  return [...found].filter((w) => w >= 0).sort((a, b) => a - b);
}

/** The schema's default hours and availability, for establishments that give no staffing. */
const DEFAULT_STAFFING = staffingSchema.parse({ pomFte: 1 });

/** Sessions a week one offender manager can deliver: available hours over time per session. */
function sessionsPerFte(scenario: Scenario, staffing: { hoursPerFteWeek: number; availability: number }): number {
  const minutes = scenario.caseManagement.sessionMinutes + scenario.caseManagement.recordingMinutes;
  return (staffing.hoursPerFteWeek * staffing.availability * 60) / minutes;
}

/** The class of an establishment (stableFields.ts says why). */
class EstablishmentFields {}
