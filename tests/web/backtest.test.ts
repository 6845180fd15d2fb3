import { describe, expect, it } from 'vitest';
import type { BacktestRow, ProgrammeResult } from '../../src/index.js';
import { segmentWords } from '../../web/results/backtest.js';

const row = (segment: BacktestRow['segment']) => ({ programme: 'tsp', segment }) as BacktestRow;
const tsp = {
  programme: 'tsp',
  byOgrs: [{ segment: '0-24', label: 'Low (0-24)' }],
  byOffence: [{ segment: 'violent', label: 'Violent' }],
} as unknown as ProgrammeResult;

describe('backtest segments in words', () => {
  it('names a band by its category label, not its id', () => {
    expect(segmentWords(row({ by: 'ogrs', band: '0-24', label: 'OGRS 0-24' }), [tsp])).toBe('OGRS: Low (0-24)');
    expect(segmentWords(row({ by: 'offence', band: 'violent', label: 'offence violent' }), [tsp])).toBe(
      'Main offence: Violent',
    );
  });
  it('keeps a label the file gave, and says All for the whole programme', () => {
    expect(segmentWords(row({ by: 'ogrs', band: '0-24', label: 'Lowest risk' }), [tsp])).toBe('Lowest risk');
    expect(segmentWords(row(null), [tsp])).toBe('All');
  });
  it('falls back to the id when the results have no such band', () => {
    expect(segmentWords(row({ by: 'ogrs', band: '25-49', label: 'OGRS 25-49' }), [tsp])).toBe('OGRS: 25-49');
  });
});
