/**
 * Programmes by kind of prison (programmeScope.ts): by default no catalogue programme applies to
 * under-18s unless their prison delivers it, and the men's sex-offender and domestic-violence
 * programmes do not apply to women; a programme's own list replaces the defaults.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { programmeApplies } from '../../src/population/programmeScope.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

type Kind = Parameters<typeof programmeApplies>[0];

function joined(kind: Kind, programmes: ReturnType<typeof programme>[], delivered: string[] = []) {
  const s = scenario({
    programmes,
    establishments: [
      establishment({
        id: 'a',
        establishmentType: kind,
        programmes: delivered.map((id) => ({ programme: id, groupsPerYear: 0 })),
      }),
    ],
  });
  const e = runScenario(s, { replications: 2, horizonWeeks: 26 }).establishments[0]!;
  return Object.fromEntries(e.programmes.map((p) => [p.programme, p.joined.mean]));
}

describe('programmes by kind of prison', () => {
  const tsp = programme({ id: 'tsp', kind: 'general' });
  const sotp = programme({ id: 'c-sotp', kind: 'sexual' });

  it('under-18s: no adult programme applies unless the prison delivers it', () => {
    expect(joined('young-people', [tsp, sotp])).toEqual({ tsp: 0, 'c-sotp': 0 });
    const delivered = joined('young-people', [tsp, sotp], ['tsp']);
    expect(delivered['tsp']).toBeGreaterThan(50);
    expect(delivered['c-sotp']).toBe(0);
    // Young adults' YOIs keep the catalogue (Swinfen Hall is a SOTP site for them).
    expect(joined('yoi', [tsp, sotp])['tsp']).toBeGreaterThan(50);
  });

  it("women: the men's sex-offender and domestic-violence programmes do not apply by default", () => {
    const hrp = programme({ id: 'hrp', kind: 'domestic-violence' });
    const women = joined('womens', [tsp, sotp, hrp]);
    expect(women['tsp']).toBeGreaterThan(50);
    expect(women['c-sotp']).toBe(0);
    expect(women['hrp']).toBe(0);
    expect(joined('local', [tsp, sotp, hrp])['c-sotp']).toBeGreaterThan(50);
  });

  it("a programme's own list replaces the defaults", () => {
    const forWomenToo = programme({ id: 'c-sotp', kind: 'sexual', notForEstablishmentTypes: [] });
    expect(joined('womens', [forWomenToo])['c-sotp']).toBeGreaterThan(50);
    const notAtOpen = programme({ id: 'tsp', kind: 'general', notForEstablishmentTypes: ['open'] });
    expect(joined('open', [notAtOpen])['tsp']).toBe(0);
    expect(programmeApplies('open', { kind: 'general', notForEstablishmentTypes: ['open'] }, true)).toBe(true);
  });
});
