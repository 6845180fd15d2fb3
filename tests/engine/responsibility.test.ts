/** OMiC responsibility rules (DOMAIN.md section 7) as a pure function: who holds a case and when it is handed over. */
import { describe, expect, it } from 'vitest';
import { handoverWeek, responsibility } from '../../src/engine/responsibility.js';
import { responsibilitySchema } from '../../src/scenario/schema.js';

const rules = responsibilitySchema.parse({});
const facts = (over: Partial<Parameters<typeof responsibility>[0]>) => ({
  kind: 'determinate' as const,
  weeksSinceSentence: 0,
  weeksToRelease: 100,
  earlyAllocation: false,
  ...over,
});

describe('responsibility', () => {
  it('uses the sources defaults: 10 months, 8 months 14 days, 12 months, 15 months', () => {
    expect(rules.comFromStartMaxWeeks).toBeCloseTo((10 * 52) / 12, 0);
    expect(rules.handoverWeeksBeforeRelease).toEqual({
      determinate: 36.7,
      determinateParole: 52,
      indeterminate: 52,
      earlyAllocation: 65,
    });
  });

  it('gives a determinate sentence of 10 months or less from sentence to release to the COM from the start', () => {
    expect(responsibility(facts({ weeksSinceSentence: 13.3, weeksToRelease: 30 }), rules)).toEqual({
      responsible: 'com',
      handoverInWeeks: null,
      handoverWeeksBeforeRelease: null,
    });
    // Just over 10 months: POM-led, handed over 36.7 weeks before release.
    const r = responsibility(facts({ weeksSinceSentence: 3.4, weeksToRelease: 40 }), rules);
    expect(r.responsible).toBe('pom');
    expect(r.handoverInWeeks).toBeCloseTo(40 - 36.7, 9);
  });

  it('hands a longer determinate sentence over 8 months 14 days before release', () => {
    const r = responsibility(facts({ weeksSinceSentence: 50, weeksToRelease: 100 }), rules);
    expect(r).toEqual({ responsible: 'pom', handoverInWeeks: 100 - 36.7, handoverWeeksBeforeRelease: 36.7 });
  });

  it('hands parole-eligible determinate and indeterminate sentences over 12 months before release or tariff', () => {
    expect(responsibility(facts({ kind: 'determinate-parole', weeksSinceSentence: 100 }), rules).handoverInWeeks).toBe(
      48,
    );
    // An ISP is POM-led however recently sentenced: the 10-month rule is for determinate sentences.
    expect(responsibility(facts({ kind: 'indeterminate', weeksToRelease: 60 }), rules)).toEqual({
      responsible: 'pom',
      handoverInWeeks: 8,
      handoverWeeksBeforeRelease: 52,
    });
  });

  it('hands early-allocation cases over 15 months before release, even short ones', () => {
    expect(responsibility(facts({ earlyAllocation: true, weeksToRelease: 70 }), rules).handoverInWeeks).toBe(5);
    expect(responsibility(facts({ kind: 'indeterminate', earlyAllocation: true }), rules).handoverInWeeks).toBe(35);
  });

  it('is COM-led once the handover point has passed', () => {
    expect(responsibility(facts({ weeksSinceSentence: 200, weeksToRelease: 36.7 }), rules).responsible).toBe('com');
    expect(responsibility(facts({ kind: 'indeterminate', weeksToRelease: 52 }), rules).responsible).toBe('com');
  });

  it('never gives remand (or anyone with no sentence kind) an offender manager, and recalls to the COM', () => {
    for (const weeksToRelease of [1, 40, 500]) {
      for (const earlyAllocation of [false, true]) {
        expect(responsibility(facts({ kind: 'remand', weeksToRelease, earlyAllocation }), rules).responsible).toBe(
          'none',
        );
        expect(responsibility(facts({ kind: 'none', weeksToRelease, earlyAllocation }), rules).responsible).toBe(
          'none',
        );
      }
      expect(responsibility(facts({ kind: 'com-only', weeksToRelease }), rules).responsible).toBe('com');
    }
  });

  it('counts the handover week as the first week the POM no longer holds the case', () => {
    expect(handoverWeek(100, 36.7)).toBe(64); // 100 - 63 = 37 weeks left > 36.7: still POM; week 64: 36 left
    expect(handoverWeek(100, 52)).toBe(48);
  });
});
