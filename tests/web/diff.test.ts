import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changeSentence, scenarioDiff } from '../../web/scenario/diff.js';

const stafford = () =>
  JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
    name: string;
    replications: number;
    horizon: { value: number; unit: string };
    establishments: { name: string; programmes: { groupsPerYear: number }[]; operationalCapacity: number }[];
    programmes: { id: string; name: string }[];
  };

describe('the inputs that differ between two scenarios', () => {
  it('is empty for the same scenario', () => {
    expect(scenarioDiff(stafford(), stafford())).toEqual([]);
  });

  it('names an edit by establishment, programme and field, with both values', () => {
    const edited = stafford();
    edited.establishments[0]!.programmes[0]!.groupsPerYear = 4;
    const changes = scenarioDiff(stafford(), edited);
    expect(changes).toHaveLength(1);
    expect(changeSentence(changes[0]!)).toBe('HMP Stafford › Thinking Skills Programme (TSP) › groups a year: 8 → 4');
    expect(changes[0]!.path).toBe('establishments[0].programmes[0].groupsPerYear');
  });

  it('words a share the editor shows as a percentage as one, set or not', () => {
    const a = stafford() as ReturnType<typeof stafford> & { precisionTarget?: number; materialityThreshold?: number };
    const b = { ...stafford(), precisionTarget: 0.035, materialityThreshold: 0.15 };
    const sentences = scenarioDiff(a, b).map(changeSentence);
    expect(sentences).toContain('stop when within: (not set) → 3.5%');
    expect(sentences).toContain(
      `materiality threshold: ${a.materialityThreshold === undefined ? '(not set)' : `${a.materialityThreshold * 100}%`} → 15%`,
    );
    expect(scenarioDiff(b, a).map(changeSentence)).toContain('stop when within: 3.5% → (not set)');
  });

  it('words settings and nested fields, and matches lists by id, not position', () => {
    const a = stafford();
    const b = stafford();
    b.replications = 40;
    b.horizon.value = 3;
    // Reordering the catalogue is no change; removing a programme is one.
    const [first, ...rest] = b.programmes;
    b.programmes = [...rest.slice(1), first!];
    const sentences = scenarioDiff(a, b).map(changeSentence);
    expect(sentences).toContain('replications: 500 → 40');
    expect(sentences).toContain(`horizon › value: ${a.horizon.value} → 3`);
    expect(sentences).toContain(`${a.programmes[1]!.name}: present → removed`);
    expect(sentences.filter((s) => s.includes(a.programmes[0]!.name))).toEqual([]);
  });

  it('words a setting chosen from a list as its drop-down does, set or left out', () => {
    const a = stafford() as ReturnType<typeof stafford> & { precisionScope?: string; bandScheme?: string };
    const b = { ...stafford(), precisionScope: 'everyEstablishment', bandScheme: 'oasys-current' };
    b.horizon = { ...b.horizon, unit: 'weeks' };
    const establishments = b.establishments as unknown as { establishmentType?: string }[];
    establishments[0]!.establishmentType = 'sex-offender-trainer';
    const sentences = scenarioDiff(a, b).map(changeSentence);
    expect(a.precisionScope).toBeUndefined();
    expect(sentences).toContain("whose means: The region's (default) → Every establishment's");
    expect(sentences).toContain(
      `band scheme: ${a.bandScheme === undefined ? '(not set)' : 'Five OGRS bands (2014)'} → Current OASys bands`,
    );
    expect(sentences).toContain(`horizon › unit: ${a.horizon.unit} → weeks`);
    expect(sentences).toContain('HMP Stafford › kind of prison: Category C trainer → Sex-offender trainer');
    // A value no list holds (a file written by hand) is shown as it is.
    const odd = { ...stafford(), precisionScope: 'everyone' };
    expect(scenarioDiff(a, odd).map(changeSentence)).toContain("whose means: The region's (default) → everyone");
  });
});
