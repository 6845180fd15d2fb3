/**
 * The current catalogue's criteria (src/scenario/currentCatalogue.ts) on small populations: a
 * prison whose people all share one profile puts them on exactly the lists the PNI and the
 * audience rules say, and on no other.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_CATALOGUE, runScenario } from '../../src/index.js';
import { establishment, scenario, DETERMINATE } from './scenarioBuilder.js';

const PEOPLE = 30;

/** Lists joined by a prison of PEOPLE men who all have these bands (the rest at no signal). */
function listsJoined(bands: Record<string, string>): Record<string, number> {
  const all: Record<string, string> = {
    ogrs: 'low',
    offence: 'other',
    ovp: 'unknown',
    osp: 'unknown',
    rsr: 'low',
    dv: 'no',
    sara: 'unknown',
    learningDisability: 'no',
    needSex: '0',
    needThinking: '0',
    needRelationships: '0',
    needSelfManagement: '0',
    alcoholViolence: 'no',
    internetOffence: 'no',
    identity: 'none',
    timeLeft: '5y-plus',
    ...bands,
  };
  const s = scenario({
    bandScheme: 'oasys-current',
    start: { mode: 'empty' },
    // Everyone suitable, so a list holds exactly the eligible.
    programmes: CURRENT_CATALOGUE.map((c) => ({ ...c.programme, suitabilityRate: 1 })),
    priors: [DETERMINATE, ...Object.entries(all).map(([attribute, band]) => ({ attribute, shares: { [band]: 1 } }))],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: PEOPLE,
        population: { tables: [] },
        flows: { receptionsPerWeek: 0, transfersOutPerYear: 0 },
      }),
    ],
  });
  const r = runScenario(s, { replications: 1, horizonWeeks: 2 });
  const out: Record<string, number> = {};
  for (const p of r.establishments[0]!.programmes) if (p.joined.mean > 0) out[p.programme] = p.joined.mean;
  return out;
}

const highNeed = { needSex: '2', needThinking: '2', needRelationships: '1', needSelfManagement: '2' };
const mediumNeed = { needThinking: '2', needRelationships: '1', needSelfManagement: '1' };
const lowNeed = { needThinking: '1', needSelfManagement: '1' };

describe('the current catalogue on small populations', () => {
  it('high risk and high need: Building Choices high intensity, and nothing else', () => {
    expect(listsJoined({ ogrs: 'high', offence: 'violent', ovp: 'medium', ...highNeed })).toEqual({ 'bc-hi': PEOPLE });
  });

  it('the same men with a learning disability: Becoming New Me Plus instead', () => {
    expect(
      listsJoined({ ogrs: 'high', offence: 'violent', ovp: 'medium', learningDisability: 'yes', ...highNeed }),
    ).toEqual({ 'bnm-plus': PEOPLE });
  });

  it('medium risk and medium need: Building Choices moderate; with a learning disability, New Me Strengths', () => {
    expect(listsJoined({ ogrs: 'medium', offence: 'acquisitive', ...mediumNeed })).toEqual({ 'bc-mi': PEOPLE });
    expect(listsJoined({ ogrs: 'medium', offence: 'acquisitive', learningDisability: 'yes', ...mediumNeed })).toEqual({
      nms: PEOPLE,
    });
  });

  it('low risk or low need: the alternative pathway, no accredited programme', () => {
    expect(listsJoined({ ogrs: 'low', ...highNeed })).toEqual({});
    expect(listsJoined({ ogrs: 'high', ...lowNeed })).toEqual({});
  });

  it('sexual offending: Horizon at moderate, iHorizon too for internet offences, Kaizen at high', () => {
    expect(listsJoined({ offence: 'sexual', osp: 'medium', ...mediumNeed })).toEqual({ horizon: PEOPLE });
    expect(listsJoined({ offence: 'sexual', osp: 'medium', internetOffence: 'yes', ...mediumNeed })).toEqual({
      horizon: PEOPLE,
      ihorizon: PEOPLE,
    });
    // Sexual-interest need 2 too, but the Healthy Sex Programme waits for Kaizen to be completed.
    expect(listsJoined({ offence: 'sexual', osp: 'high', ...highNeed })).toEqual({ kaizen: PEOPLE });
  });

  it('intimate-partner violence at SARA medium: BBR; alcohol-linked violence: CoVAID; identity: HII or Identity Matters', () => {
    expect(listsJoined({ dv: 'yes', sara: 'medium', ...lowNeed })).toEqual({ bbr: PEOPLE });
    expect(listsJoined({ dv: 'yes', sara: 'low', ...lowNeed })).toEqual({});
    expect(listsJoined({ offence: 'violent', ovp: 'medium', alcoholViolence: 'yes', ...lowNeed })).toEqual({
      covaid: PEOPLE,
    });
    expect(listsJoined({ identity: 'extremist' })).toEqual({ hii: PEOPLE });
    expect(listsJoined({ identity: 'gang' })).toEqual({ 'identity-matters': PEOPLE });
  });
});

describe('the current catalogue as data', () => {
  it('gives every course an intensity, audience, setting, weeks and a source, with defaults marked', () => {
    for (const c of CURRENT_CATALOGUE) {
      expect(c.source.length, c.programme.id).toBeGreaterThan(0);
      expect(c.programme.source?.length, c.programme.id).toBeGreaterThan(0);
      expect(c.programme.defaults ?? [], c.programme.id).toContain('completionRate');
      expect(c.settings.length, c.programme.id).toBeGreaterThan(0);
      expect(c.weeks.min, c.programme.id).toBeLessThanOrEqual(c.weeks.max);
    }
  });

  it('pairs each learning-disability version with its mainstream course both ways', () => {
    const byId = new Map(CURRENT_CATALOGUE.map((c) => [c.programme.id, c]));
    for (const c of CURRENT_CATALOGUE) {
      if (c.learningDisabilityEquivalentOf) {
        expect(byId.get(c.learningDisabilityEquivalentOf)?.learningDisabilityVariant).toBe(c.programme.id);
      }
    }
    expect(byId.get('bnm-plus')?.programme.minWeeksLeftToStart).toBe(52);
    expect(byId.get('bc-mi')?.sessions).toEqual({ group: 21, groupMinutes: 150, oneToOne: 5, oneToOneMinutes: 60 });
  });
});
