import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { establishmentTypeFromText } from '../../src/scenario/migrateV1.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

/** The fixture as a version 1 file: no kind of prison, no release rules. */
function version1(type: string) {
  const doc = JSON.parse(JSON.stringify(minimalScenario())) as Record<string, unknown> & {
    establishments: Record<string, unknown>[];
  };
  doc['schemaVersion'] = 1;
  delete doc['release'];
  for (const e of doc.establishments) {
    delete e['establishmentType'];
    e['type'] = type;
  }
  return doc;
}

describe('upgrading a version 1 file to version 2', () => {
  it('reads the kind of prison from the words of its type, and says so', () => {
    const result = loadScenario(version1('Category C trainer'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.schemaVersion).toBe(2);
    expect(result.scenario.establishments[0]!.establishmentType).toBe('cat-c-trainer');
    const notes = result.warnings.map((w) => `${w.path}: ${w.message}`);
    expect(notes).toContain(
      'establishments[0].establishmentType: set to "cat-c-trainer" from its type "Category C trainer"; time left by sentence type uses that kind\'s defaults',
    );
    expect(notes.some((n) => n.startsWith('release: filled in with the default sentence and release rules'))).toBe(
      true,
    );
  });

  it('fills in the release rules of DOMAIN.md section 7, marked as defaults where no source gives them', () => {
    const result = loadScenario(version1('anything'));
    if (!result.ok) throw new Error('should load');
    const release = result.scenario.release;
    expect(release.determinate.releasePoint).toBe(0.5);
    expect(release.indeterminate.reviewIntervalWeeks).toBe(104);
    expect(release.indeterminate.releaseProbability).toBe(0.12);
    expect(release.remand.programmesEligible).toBe(false);
    expect(release.defaults).toContain('recall.fixedTermShare');
    expect(result.scenario.establishments[0]!.establishmentType).toBe('unspecified');
  });

  it('knows the kinds of the West Midlands prisons from their descriptions', () => {
    expect(establishmentTypeFromText('Category B; Male (including local function)')).toBe('local');
    expect(establishmentTypeFromText('Category Closed; Young people')).toBe('young-people');
    expect(establishmentTypeFromText('Closed YO; Young offenders')).toBe('yoi');
    expect(establishmentTypeFromText('Category Closed; Female/YO')).toBe('womens');
    expect(establishmentTypeFromText('Category A; Male, high security')).toBe('high-security');
    expect(establishmentTypeFromText('Category C trainer / sex-offender treatment hub')).toBe('sex-offender-trainer');
    expect(establishmentTypeFromText('Category C; Male')).toBe('cat-c-trainer');
    expect(establishmentTypeFromText('Category D open')).toBe('open');
    expect(establishmentTypeFromText('')).toBe('unspecified');
  });
});
