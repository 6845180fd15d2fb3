import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenarioText } from '../../src/index.js';
import { eligibilityProfiles } from '../../src/engine/eligibilityProfiles.js';
import { DEPENDS, FALSE, TRUE, type Subject } from '../../src/rules/criteria.js';

/** A built-in compiled, its establishments' profiles, and a row of codes with a subject reading it. */
function builtinProfiles(file: string) {
  const loaded = loadScenarioText(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const compiled = compileScenario(loaded.scenario, { seed: 1, replications: 1 });
  const profiles = eligibilityProfiles(
    compiled.establishments.map((e) => e.eligibility),
    compiled.attributes,
  );
  const sizes = compiled.attributes.map((a) => a.categories.length);
  const codes = new Uint8Array(sizes.length);
  const subject: Subject = { code: (a) => codes[a] ?? 0, weeksToRelease: () => 0, completed: () => false };
  return { compiled, profiles, sizes, codes, subject };
}

// Every rule of every establishment, asked rule by rule, against the profile's masks: they must
// decide the same for every row of codes (random rows, across all categories; region-today has a
// rule too large to table, which the profile leaves to the rule).
describe('eligibility profiles', () => {
  for (const file of ['stafford-2014.json', 'west-midlands-2014.json', 'region-today.json']) {
    it(`answers as the rules do, rule by rule, in ${file}`, () => {
      const { compiled, profiles, sizes, codes, subject } = builtinProfiles(file);
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      let open = 0;
      let shut = 0;
      compiled.establishments.forEach((e, ei) => {
        const profile = profiles[ei];
        expect(profile).not.toBeNull();
        for (let row = 0; row < 300; row++) {
          sizes.forEach((n, a) => (codes[a] = Math.floor(next() * n)));
          const mask = profile!.open(codes, 0);
          const check = profile!.check;
          e.eligibility.forEach((rule, p) => {
            // The decision assess() made rule by rule, and the one it makes from the profile.
            const value = rule.lookup.valueFor(codes, 0, subject);
            const byRule = value === TRUE || (value === DEPENDS && rule.criterion.test(subject));
            const bit = 1 << p;
            const byProfile = (mask & bit) !== 0 && ((check & bit) === 0 || rule.criterion.test(subject));
            expect(byProfile, `${e.id} programme ${p}`).toBe(byRule);
            // A rule the profile cannot settle from codes is always asked.
            if (value === DEPENDS) expect(check & bit, `${e.id} programme ${p} checked`).not.toBe(0);
            if ((mask & bit) !== 0) open++;
            else shut++;
          });
        }
      });
      // Both answers occur: the comparison is not between empty masks.
      expect(open).toBeGreaterThan(0);
      expect(shut).toBeGreaterThan(0);
    });
  }

  // The mask a running start matches records by (serviceSnapshot.ts ServiceSnapshot): a rule too large to
  // table is settled from the codes where they settle it, not left open to everyone.
  for (const file of ['stafford-2014.json', 'region-today.json']) {
    it(`settles from codes alone every rule the codes settle, in ${file} (openByCodes)`, () => {
      const { compiled, profiles, sizes, codes, subject } = builtinProfiles(file);
      let seed = 11;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      let narrower = 0;
      compiled.establishments.forEach((e, ei) => {
        const profile = profiles[ei]!;
        for (let row = 0; row < 300; row++) {
          sizes.forEach((n, a) => (codes[a] = Math.floor(next() * n)));
          const open = profile.open(codes, 0);
          const byCodes = profile.openByCodes(codes, 0);
          // Never wider than open(), and open exactly where the codes do not make the rule false.
          expect(byCodes & ~open, `${e.id}`).toBe(0);
          e.eligibility.forEach((rule, p) => {
            const value = rule.criterion.staticValue(subject);
            expect((byCodes & (1 << p)) !== 0, `${e.id} programme ${p}`).toBe(value !== FALSE);
          });
          if (byCodes !== open) narrower++;
        }
      });
      // Stafford's rules all fit a table, so there is nothing to settle; region-today's do not.
      if (file === 'stafford-2014.json') expect(narrower).toBe(0);
      else expect(narrower).toBeGreaterThan(100);
    });
  }

  it('shares one profile between establishments with the same rules', () => {
    const loaded = loadScenarioText(
      readFileSync(new URL('../../scenarios/west-midlands-2014.json', import.meta.url), 'utf8'),
    );
    if (!loaded.ok) throw new Error('west-midlands does not load');
    const compiled = compileScenario(loaded.scenario, { seed: 1, replications: 1 });
    const rules = compiled.establishments[0].eligibility;
    const profiles = eligibilityProfiles([rules, [...rules]], compiled.attributes);
    expect(profiles[0]).toBe(profiles[1]);
  });
});
