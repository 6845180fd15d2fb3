/**
 * The Programme Needs Identifier (src/scenario/pni.ts) over the `oasys-current` band scheme:
 * each risk signal, each need total, and each cell of the risk x need matrix (DOMAIN.md section 7).
 */
import { describe, expect, it } from 'vitest';
import { BAND_SCHEMES, type Criterion } from '../../src/index.js';
import {
  PNI_ALTERNATIVE,
  PNI_HIGH_INTENSITY,
  PNI_MODERATE_INTENSITY,
  PNI_NEED_HIGH,
  PNI_NEED_MEDIUM,
  PNI_RISK_HIGH,
  PNI_RISK_MEDIUM,
} from '../../src/scenario/pni.js';
import { compileCriterion, type Subject } from '../../src/rules/criteria.js';

const attributes = BAND_SCHEMES['oasys-current'].attributes;
const context = { attributes, programmeIds: [] };

/** Nothing any PNI rule reads as a signal: low risk everywhere, no need. */
const BASE: Record<string, string> = {
  ogrs: 'low',
  offence: 'other',
  sentence: 'det-4y-plus',
  timeLeft: '2-5y',
  ovp: 'unknown',
  osp: 'unknown',
  rm2000: 'unknown',
  rosh: 'low',
  dv: 'no',
  sara: 'unknown',
  learningDisability: 'no',
  rsr: 'low',
  needSex: '0',
  needThinking: '0',
  needRelationships: '0',
  needSelfManagement: '0',
  alcoholViolence: 'no',
  internetOffence: 'no',
  identity: 'none',
};

function person(bands: Record<string, string>): Subject {
  const all = { ...BASE, ...bands };
  const codes = attributes.map((a) => {
    const k = a.categories.findIndex((c) => c.id === all[a.id]);
    if (k < 0) throw new Error(`"${all[a.id]}" is not a band of "${a.id}"`);
    return k;
  });
  return { code: (a) => codes[a] as number, weeksToRelease: () => 150, completed: () => false };
}

const holds = (c: Criterion, bands: Record<string, string>) => compileCriterion(c, context).test(person(bands));

function riskLevel(bands: Record<string, string>): string {
  const high = holds(PNI_RISK_HIGH, bands);
  const medium = holds(PNI_RISK_MEDIUM, bands);
  expect(high && medium, 'a person is at one risk level').toBe(false);
  return high ? 'high' : medium ? 'medium' : 'low';
}

function pathway(bands: Record<string, string>): string {
  const answers = [
    holds(PNI_HIGH_INTENSITY, bands) ? 'high' : null,
    holds(PNI_MODERATE_INTENSITY, bands) ? 'moderate' : null,
    holds(PNI_ALTERNATIVE, bands) ? 'alternative' : null,
  ].filter((x) => x !== null);
  expect(answers, 'exactly one pathway').toHaveLength(1);
  return answers[0] as string;
}

/** Domain scores summing to the given total (0-8). */
function needOf(total: number): Record<string, string> {
  const scores = [0, 0, 0, 0];
  for (let left = total, d = 0; left > 0; d++) {
    scores[d] = Math.min(2, left);
    left -= scores[d] as number;
  }
  return {
    needSex: String(scores[0]),
    needThinking: String(scores[1]),
    needRelationships: String(scores[2]),
    needSelfManagement: String(scores[3]),
  };
}

describe('PNI risk level', () => {
  it.each([
    [{ ogrs: 'high' }, 'high'],
    [{ ogrs: 'very-high' }, 'high'],
    [{ ovp: 'high' }, 'high'],
    [{ ovp: 'very-high' }, 'high'],
    [{ osp: 'high' }, 'high'],
    [{ osp: 'very-high' }, 'high'],
    [{ rsr: 'high' }, 'high'],
    [{ sara: 'high' }, 'high'],
    [{ ogrs: 'medium' }, 'medium'],
    [{ ovp: 'medium' }, 'medium'],
    [{ osp: 'medium' }, 'medium'],
    [{ rsr: 'medium' }, 'medium'],
    [{ sara: 'medium' }, 'medium'],
    [{ ogrs: 'medium', rsr: 'high' }, 'high'],
    [{ ovp: 'low', osp: 'low', sara: 'low' }, 'low'],
    [{}, 'low'],
  ])('%o is %s risk', (bands, level) => {
    expect(riskLevel(bands)).toBe(level);
  });
});

describe('PNI need level', () => {
  it('is low for totals 0-2, medium 3-5, high 6-8, over every combination of the four domains', () => {
    const wrong: string[] = [];
    for (let code = 0; code < 81; code++) {
      const s = [code % 3, Math.floor(code / 3) % 3, Math.floor(code / 9) % 3, Math.floor(code / 27)];
      const total = s[0]! + s[1]! + s[2]! + s[3]!;
      const bands = {
        needSex: String(s[0]),
        needThinking: String(s[1]),
        needRelationships: String(s[2]),
        needSelfManagement: String(s[3]),
      };
      const level = holds(PNI_NEED_HIGH, bands) ? 'high' : holds(PNI_NEED_MEDIUM, bands) ? 'medium' : 'low';
      const expected = total >= 6 ? 'high' : total >= 3 ? 'medium' : 'low';
      if (level !== expected) wrong.push(`${s.join('+')}=${total}: ${level}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('PNI matrix: risk x need gives the pathway', () => {
  const RISK = { low: {}, medium: { ovp: 'medium' }, high: { ogrs: 'high' } };
  const NEED = { low: needOf(2), medium: needOf(4), high: needOf(7) };
  it.each([
    ['high', 'high', 'high'],
    ['high', 'medium', 'moderate'],
    ['high', 'low', 'alternative'],
    ['medium', 'high', 'moderate'],
    ['medium', 'medium', 'moderate'],
    ['medium', 'low', 'alternative'],
    ['low', 'high', 'alternative'],
    ['low', 'medium', 'alternative'],
    ['low', 'low', 'alternative'],
  ] as const)('%s risk, %s need: %s', (risk, need, expected) => {
    const bands = { ...RISK[risk], ...NEED[need] };
    expect(riskLevel(bands)).toBe(risk);
    expect(pathway(bands)).toBe(expected);
  });

  it('puts the need boundaries where the totals change (5 is medium, 6 high; 2 low, 3 medium)', () => {
    expect(pathway({ ogrs: 'high', ...needOf(5) })).toBe('moderate');
    expect(pathway({ ogrs: 'high', ...needOf(6) })).toBe('high');
    expect(pathway({ ovp: 'medium', ...needOf(2) })).toBe('alternative');
    expect(pathway({ ovp: 'medium', ...needOf(3) })).toBe('moderate');
  });
});
