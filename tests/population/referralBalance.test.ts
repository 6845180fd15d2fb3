import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, runScenario } from '../../src/index.js';

/**
 * Men moved for treatment (referrals to a hub) are kept in kind (src/population/referralBalance.ts):
 * replaced where they left by a reception like them, and at the hub someone like them moves on.
 * Without that, the West Midlands' senders lost their sex offenders (Long Lartin -18%, Brinsford
 * -13% over two years) and the hubs gained them (Swinfen Hall +60%, Stafford's ISPs +45%).
 */
function westMidlands() {
  const text = readFileSync(fileURLToPath(new URL('../../scenarios/west-midlands-2014.json', import.meta.url)), 'utf8');
  const loaded = loadScenarioText(text);
  if (!loaded.ok) throw new Error('west-midlands-2014.json does not load');
  return loaded.scenario;
}

/** Largest drift of any table at the establishment over the years of the run. */
function worstDrift(e: { fitByYear: { tables: { drift: number }[] }[] }): number {
  let worst = 0;
  for (const y of e.fitByYear) for (const t of y.tables) worst = Math.max(worst, Math.abs(t.drift));
  return worst;
}

describe('men moved for treatment are kept in kind', () => {
  it('West Midlands: the prisons that refer keep their tables over two years, and the hubs drift less', () => {
    const s = westMidlands();
    const r = runScenario(s, { replications: 20, horizonWeeks: 104 });
    const hubs = new Set(['stafford', 'swinfen-hall', 'oakwood']);
    const drift = new Map(r.establishments.map((e) => [e.establishment, worstDrift(e)]));
    // Before, Long Lartin's sex offenders fell by 18% and Brinsford's by 13%. Now the senders'
    // worst cells are under 10% but Featherstone's (14% at this seed and 20 replications): not
    // yet within the 10% a drift warning names, so this bound only says the fix holds.
    for (const [id, d] of drift) if (!hubs.has(id)) expect(d, id).toBeLessThan(0.16);
    // The hubs still gain (worst cell about 0.2-0.35 now); before, Stafford's ISP sex offenders doubled (+114%).
    for (const id of hubs) expect(drift.get(id), id).toBeLessThan(0.6);
  }, 300_000);
});
