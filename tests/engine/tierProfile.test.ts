import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenarioText } from '../../src/index.js';
import { TierProfile } from '../../src/engine/tierProfile.js';
import { DEPENDS, TRUE, type Subject } from '../../src/rules/criteria.js';

// The tiers, asked rule by rule as assignTier did, against the profile's table: for every row of
// codes (random rows, across all categories, at times left either side of the rules' thresholds)
// a settled cell gives the tier the rules give, and a cell left to the rules is one where a rule
// before the tier depends on the person (what timeMatters asks).
describe('tier profile', () => {
  for (const file of ['stafford-2014.json', 'west-midlands-2014.json', 'region-today.json']) {
    it(`settles the tier as the rules do in ${file}`, () => {
      const loaded = loadScenarioText(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8'));
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const compiled = compileScenario(loaded.scenario, { seed: 1, replications: 1 });
      const profile = compiled.tierProfile;
      expect(profile).not.toBeNull();
      const sizes = compiled.attributes.map((a) => a.categories.length);
      const codes = new Uint8Array(sizes.length);
      let weeks = 0;
      const subject: Subject = { code: (a) => codes[a] ?? 0, weeksToRelease: () => weeks, completed: () => false };
      let seed = 11;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const tiers = compiled.tiers;
      let settled = 0;
      let asked = 0;
      for (let row = 0; row < 2000; row++) {
        sizes.forEach((n, a) => (codes[a] = Math.floor(next() * n)));
        weeks = Math.floor(next() * 200);
        let byRules = tiers.length - 1;
        let depends = false;
        for (let t = 0; t < tiers.length; t++) {
          const known = tiers[t].when.lookup.valueFor(codes, 0, subject);
          if (known === DEPENDS) depends = true;
          if (known === TRUE || (known === DEPENDS && tiers[t].when.criterion.test(subject))) {
            byRules = t;
            break;
          }
        }
        const cell = profile!.tier[profile!.cellOf(codes, 0)];
        if (cell >= 0) {
          expect(cell, `codes ${[...codes].join(',')}`).toBe(byRules);
          expect(depends).toBe(false);
          settled++;
        } else {
          expect(depends, `codes ${[...codes].join(',')}`).toBe(true);
          asked++;
        }
      }
      // Most rows are settled by the table; the comparison is not between empty answers.
      expect(settled).toBeGreaterThan(asked);
    });
  }

  it('is not built where the tier rules read too many attributes to table', () => {
    const loaded = loadScenarioText(
      readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8'),
    );
    if (!loaded.ok) throw new Error('stafford does not load');
    const compiled = compileScenario(loaded.scenario, { seed: 1, replications: 1 });
    // Every attribute 256 bands wide: far past the table's limit.
    expect(
      TierProfile.build(
        compiled.tiers,
        compiled.attributes.map(() => 256),
      ),
    ).toBeNull();
  });
});
