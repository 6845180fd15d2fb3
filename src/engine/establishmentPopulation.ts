/**
 * Each establishment's fitted population, as compiling makes it (compile.ts): its stock's joint
 * fitted to the source tables, the receptions that keep it as it is (or a stated reception mix),
 * and where a segment moves on before release. Decided by its tables, priors, type, size and flows
 * alone (the rest is the scenario's), so establishments that agree on those share one fit,
 * computed once (a national scenario has a hundred alike, and the fit is most of compiling), and
 * a CompileCache keeps it for the next compile. Everything in it is read-only.
 */
import type { Attribute, Scenario } from '../scenario/schema.js';
import type { CriterionContext } from '../rules/criteria.js';
import { BAND_SCHEMES } from '../scenario/bandSchemes.js';
import { compilePriors, type AttributePriors } from '../population/priors.js';
import { fitJoint } from '../population/jointFit.js';
import { Synthesizer } from '../population/synthesizer.js';
import { openingExitWeeksLeft, steadyStateArrivals } from '../population/arrivals.js';
import { establishmentTypePriors, maxWeeksToServe } from '../population/sentences.js';
import { tableCells } from '../population/tableCells.js';
import { canonicalJson } from '../population/canonical.js';
import type { ReleaseModel } from './release.js';
import { scenarioFitKey, type CompileCache, type EstablishmentPopulation } from './compileCache.js';

type Establishment = Scenario['establishments'][number];
type Tables = Establishment['population']['tables'];
/** Priors as a file states them (compilePriors' input), most specific first. */
type StatedPriors = Parameters<typeof compilePriors>[0][number];

/** The fitted populations of one compile's establishments, each fitted once. */
export class EstablishmentPopulations {
  private readonly known = new Map<string, EstablishmentPopulation>();
  /** The scenario's part of a cached fit's key (scenarioFitKey), where there is a cache. */
  private readonly fitKey: string;
  private readonly sentence: number;
  private readonly timeLeft: number;
  private readonly offence: number;
  /** A time-left band's top week, for a reception's mean stay by his sentence's own rule (ruleStay). */
  private readonly timeLeftTop: number[];

  constructor(
    private readonly scenario: Scenario,
    private readonly attributes: readonly Attribute[],
    /** Where compile.ts found the attributes a fit reads (it checks they are there). */
    indices: { sentence: number; timeLeft: number; offence: number },
    private readonly context: CriterionContext,
    private readonly release: ReleaseModel,
    private readonly cache?: CompileCache,
  ) {
    this.fitKey = cache ? scenarioFitKey(scenario) : '';
    this.sentence = indices.sentence;
    this.timeLeft = indices.timeLeft;
    this.offence = indices.offence;
    this.timeLeftTop = attributes[this.timeLeft].categories.map((k) => k.max ?? k.min ?? 0);
  }

  /**
   * Establishment e's priors, `first` (a reception mix's, a change's) before its own: then its
   * own, its kind's defaults of time left by sentence, the scenario's and the band scheme's.
   */
  priors(e: Establishment, first?: StatedPriors): AttributePriors[] {
    const { scenario, attributes } = this;
    // Time left by sentence type: the establishment's own priors, then its kind's defaults.
    const typePriors = establishmentTypePriors(
      e.establishmentType,
      attributes[this.timeLeft],
      attributes[this.sentence],
      scenario.release,
    );
    const own = [e.population.priors, typePriors, scenario.priors, BAND_SCHEMES[scenario.bandScheme].priors];
    return compilePriors(first === undefined ? own : [first, ...own], this.context);
  }

  /** A joint fitted to `tables` (`total` people) and the synthesiser that draws from it. */
  fitted(tables: Tables, priors: AttributePriors[], total: number, label: string) {
    const { attributes } = this;
    const joint = fitJoint(attributes, tables, priors, total, [this.sentence, this.timeLeft], label);
    return { synthesizer: new Synthesizer(joint, attributes, priors), fit: joint.fit, joint };
  }

  /** Establishment e's (the index-th) fitted population. */
  of(e: Establishment, index: number): EstablishmentPopulation {
    const { attributes, release } = this;
    const populationTotal = e.population.total ?? e.operationalCapacity;
    const key = canonicalJson([
      e.population.tables,
      e.population.priors,
      e.establishmentType,
      populationTotal,
      e.flows.transfersOutPerYear,
      e.flows.receptionMix ?? null,
    ]);
    const known = this.known.get(key) ?? this.cache?.get(`${this.fitKey}\n${key}`);
    if (known) {
      this.known.set(key, known);
      return known;
    }
    const priors = this.priors(e);
    const stock = this.fitted(
      e.population.tables,
      priors,
      populationTotal,
      `establishments[${index}].population.tables`,
    );
    const mix = e.flows.receptionMix;
    // Without a stated mix, receptions are those that keep this population as it is (arrivals.ts):
    // their time to serve is a whole stay, where the tables give time left.
    const steady = steadyStateArrivals(stock.joint, attributes[this.timeLeft], this.timeLeft, {
      sentenceIndex: this.sentence,
      // A reception's mean stay where its sentence has a rule of its own (remand, ISP, recall).
      meanStay: (sentenceCode: number, band: number) =>
        release.meanStay(release.kindOf[sentenceCode] ?? 0, this.timeLeftTop[band] ?? 0),
      offenceIndex: this.offence,
      extended: (code) => release.extendedOf(code),
      transfersOutPerWeek: e.flows.transfersOutPerYear / 52,
      remandConversion: remandConversion(release, attributes[this.sentence]),
      maxStay: (code) => maxWeeksToServe(attributes[this.sentence].categories[code]?.id, this.scenario.release),
      fixedTerm: (code) => release.fixedTermOf(code),
      hdc: (code, offence) => release.hdcOf(code, offence),
    });
    const receptions = mix
      ? this.fitted(mix.tables, this.priors(e, mix.priors), 1000, `establishments[${index}].flows.receptionMix.tables`)
          .synthesizer
      : new Synthesizer(steady, attributes, priors, { stayToBandTop: true });
    const population: EstablishmentPopulation = {
      populationTotal,
      stock: stock.synthesizer,
      receptions,
      openingExitWeeksLeft: openingExitWeeksLeft(stock.joint, attributes[this.timeLeft], this.timeLeft, steady),
      fit: stock.fit,
      tables: tableCells(attributes, e.population.tables, populationTotal),
    };
    this.known.set(key, population);
    this.cache?.set(`${this.fitKey}\n${key}`, population);
    return population;
  }
}

/** Where remand receptions sentenced and staying go (arrivals.ts), or null when none do. */
function remandConversion(
  release: ReleaseModel,
  sentence: Attribute,
): { remandCode: number; sentencedCode: number; share: number; weeksAfter: number } | null {
  const conversion = release.remandConversion;
  const remandCode = sentence.categories.findIndex((c) => c.id === 'remand');
  if (!conversion || remandCode < 0) return null;
  return { remandCode, ...conversion };
}
