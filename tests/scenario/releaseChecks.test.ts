/**
 * Malformed release rules (extended sentences, home detention curfew), treatment history and
 * transfers in region: each refused at load with an error naming the field by its path, and,
 * for the checks that read the whole scenario, by its label.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { errorsOf, fixtureWith, warningsOf } from './helpers.js';

const load = (edits: Record<string, unknown>) => loadScenario(fixtureWith(edits));

/** A second prison for transfers to go to. */
const LEICESTER = { id: 'leicester', name: 'HMP Leicester', operationalCapacity: 408, population: { tables: [] } };

describe('release rules', () => {
  it('refuses an extended-sentence share over 1 and a review interval of 0 weeks, naming each field', () => {
    const errors = errorsOf(load({ release: { extended: { share: 1.5, reviewIntervalWeeks: 0 } } }));
    expect(errors).toContain(
      'release.extended.share: must be a number of at most 1, got 1.5 (a share from 0 to 1: write 0.015 for 1.5%)',
    );
    expect(errors).toContain('release.extended.reviewIntervalWeeks: must be a whole number of at least 1, got 0');
  });

  it('refuses a negative parole release probability for extended sentences', () => {
    expect(errorsOf(load({ release: { extended: { paroleReleaseProbability: -0.2 } } }))).toEqual([
      'release.extended.paroleReleaseProbability: must be a number of at least 0, got -0.2',
    ]);
  });

  it('refuses a negative HDC share and more weeks early than a year', () => {
    const errors = errorsOf(load({ release: { hdc: { grantedShare: -0.1, maxWeeksEarly: 60 } } }));
    expect(errors).toContain('release.hdc.grantedShare: must be a number of at least 0, got -0.1');
    expect(errors).toContain('release.hdc.maxWeeksEarly: must be a number of at most 52, got 60');
  });

  it('refuses HDC sentences and excluded offences that are not categories, rather than ignoring them', () => {
    const errors = errorsOf(
      load({ release: { hdc: { sentences: ['det-12m-4y', 'det-nope'], excludedOffences: ['sexuall'] } } }),
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^release\.hdc\.sentences\[1\]: Home detention curfew: "det-nope" is not a category of attribute "sentence"/,
    );
    expect(errors[1]).toMatch(
      /^release\.hdc\.excludedOffences\[0\]: Home detention curfew: "sexuall" is not a category of attribute "offence" \(did you mean "sexual"\?\)/,
    );
  });
});

describe('treatment history', () => {
  it('refuses a rule on weeks to release, wherever it sits in the rule, naming the label and the path', () => {
    const errors = errorsOf(
      load({
        treatmentHistory: [
          { programme: 'C-SOTP', share: 0.3, when: { weeksToRelease: { min: 26 } } },
          { programme: 'TSP', share: 0.1, when: { all: [{ always: true }, { not: { weeksToRelease: { max: 52 } } }] } },
        ],
      }),
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^treatmentHistory\[0\]\.when\.weeksToRelease: Treatment history of C-SOTP: a rule on weeks to release cannot choose/,
    );
    expect(errors[1]).toMatch(
      /^treatmentHistory\[1\]\.when\.all\[1\]\.not\.weeksToRelease: Treatment history of TSP: /,
    );
  });

  it('accepts the same people chosen by their band of time left', () => {
    const result = load({
      treatmentHistory: [{ programme: 'C-SOTP', share: 0.3, when: { attribute: 'timeLeft', atLeast: '2-5y' } }],
    });
    expect(errorsOf(result)).toEqual([]);
  });

  it('refuses a share over 1 and an unknown programme, naming the field', () => {
    expect(errorsOf(load({ treatmentHistory: [{ programme: 'TSP', share: 1.2 }] }))).toEqual([
      'treatmentHistory[0].share: must be a number of at most 1, got 1.2 (a share from 0 to 1: write 0.012 for 1.2%)',
    ]);
    const errors = errorsOf(load({ treatmentHistory: [{ programme: 'C-SOPT', share: 0.2 }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^treatmentHistory\[0\]\.programme: Treatment history of C-SOPT: unknown programme "C-SOPT"/,
    );
  });

  it('refuses a band its rule names that the attribute does not have', () => {
    const errors = errorsOf(
      load({ treatmentHistory: [{ programme: 'TSP', share: 0.2, when: { attribute: 'rm2000', in: ['med'] } }] }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^treatmentHistory\[0\]\.when\.in\[0\]: Treatment history of TSP: "med" is not a band/);
  });
});

describe('transfers in region (flows.transfersTo)', () => {
  const flows = (transfersTo: unknown[], transfersOutPerYear = 0.2) => ({
    'establishments[1]': LEICESTER,
    'establishments[0].flows': { transfersOutPerYear, transfersTo },
  });

  it('refuses an unknown establishment, naming the label and the path', () => {
    expect(errorsOf(load(flows([{ establishment: 'leicster', share: 0.5 }])))).toEqual([
      'establishments[0].flows.transfersTo[0].establishment: Transfers from HMP Stafford to establishments in the file: ' +
        'unknown establishment "leicster" (did you mean "leicester"?) (establishments: stafford, leicester)',
    ]);
  });

  it('refuses transfers to the sender itself', () => {
    expect(errorsOf(load(flows([{ establishment: 'stafford', share: 0.5 }])))).toEqual([
      'establishments[0].flows.transfersTo[0].establishment: Transfers from HMP Stafford to establishments in the file: ' +
        'an establishment cannot transfer people to itself',
    ]);
  });

  it('refuses shares that add up to more than all of the transfers out', () => {
    const LEICESTER_AND_WYMOTT = { ...LEICESTER, id: 'wymott', name: 'HMP Wymott' };
    const errors = errorsOf(
      load({
        ...flows([
          { establishment: 'leicester', share: 0.7 },
          { establishment: 'wymott', share: 0.6 },
        ]),
        'establishments[2]': LEICESTER_AND_WYMOTT,
      }),
    );
    expect(errors).toEqual([
      'establishments[0].flows.transfersTo: Transfers from HMP Stafford to establishments in the file: ' +
        'shares add up to 1.3, more than 1 (all of the transfers out)',
    ]);
  });

  it('refuses a share over 1 or a negative share, naming the field', () => {
    expect(errorsOf(load(flows([{ establishment: 'leicester', share: -0.2 }])))).toEqual([
      'establishments[0].flows.transfersTo[0].share: must be a number of at least 0, got -0.2',
    ]);
    expect(errorsOf(load(flows([{ establishment: 'leicester', share: 1.5 }])))).toContain(
      'establishments[0].flows.transfersTo[0].share: must be a number of at most 1, got 1.5 (a share from 0 to 1: write 0.015 for 1.5%)',
    );
  });

  it('warns that shares have no effect when nobody is transferred out', () => {
    const result = load(flows([{ establishment: 'leicester', share: 0.5 }], 0));
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result)).toContain(
      'establishments[0].flows.transfersTo: Transfers from HMP Stafford to establishments in the file: ' +
        'transfersOutPerYear is 0, so nobody is transferred and these shares have no effect',
    );
  });
});

describe('returns from a treatment hub', () => {
  it('refuses a negative or fractional number of weeks before a man goes back, naming the field', () => {
    expect(errorsOf(load({ referralReturn: { afterWeeks: -1 } }))).toEqual([
      'referralReturn.afterWeeks: must be a whole number of at least 0, got -1',
    ]);
    expect(errorsOf(load({ referralReturn: { afterWeeks: 2.5 } }))).toEqual([
      'referralReturn.afterWeeks: must be a whole number or null, got 2.5',
    ]);
  });
});
