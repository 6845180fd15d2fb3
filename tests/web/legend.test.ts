import { describe, expect, it } from 'vitest';
import { DEFAULT_BAND_LABEL, legendItems, readout, styleWords } from '../../web/results/legend.js';
import type { ChartSpec } from '../../web/components/chart.js';

const x = [new Date('2014-04-08T00:00:00Z'), new Date('2014-04-15T00:00:00Z')];

const waiting: ChartSpec = {
  id: 'w',
  title: 'TSP: waiting list',
  xLabel: 'Week ending',
  yLabel: 'People waiting',
  x,
  series: [
    { label: '95th percentile', values: [12, 14], color: '#93b4dc', role: 'band-edge' },
    { label: '5th percentile', values: [4, 5.5], color: '#93b4dc', role: 'band-edge' },
    { label: 'Mean', values: [8, 9.25], color: '#1f5fa8', width: 2.5 },
  ],
  bands: [{ upper: 0, lower: 1, fill: 'rgba(31, 95, 168, 0.15)' }],
  summary: '',
};

const cumulative: ChartSpec = {
  ...waiting,
  series: [
    { label: 'Starts (mean)', values: [1, 2], color: '#1f5fa8', width: 2.5 },
    { label: 'Agreed starts (pro rata)', values: [1.5, 3], color: '#1f5fa8', dash: [6, 4], width: 1.5 },
  ],
  bands: [],
};

describe('chart legends', () => {
  it('list a band once, in place of the two lines that edge it', () => {
    const items = legendItems(waiting);
    expect(items.map((i) => i.label)).toEqual(['Mean', DEFAULT_BAND_LABEL]);
    expect(items.map(styleWords)).toEqual(['solid line', 'shaded band']);
  });

  it('draw each line as the chart does: dashed lines dashed, solid ones solid', () => {
    const items = legendItems(cumulative);
    expect(items).toEqual([
      { kind: 'line', label: 'Starts (mean)', color: '#1f5fa8', width: 2.5, dash: [] },
      { kind: 'line', label: 'Agreed starts (pro rata)', color: '#1f5fa8', width: 1.5, dash: [6, 4] },
    ]);
    // Same colour, so the style is what tells them apart.
    expect(items.map(styleWords)).toEqual(['solid line', 'dashed line']);
  });

  it('use a band label when the spec gives one', () => {
    const items = legendItems({ ...waiting, bands: [{ ...waiting.bands![0]!, label: '90% interval' }] });
    expect(items.at(-1)!.label).toBe('90% interval');
  });
});

describe('chart readouts', () => {
  it('say every value at a week, the band as a range', () => {
    expect(readout(waiting, 1)).toBe('Week ending 2014-04-15: Mean 9.3; 5th–95th percentile band 5.5 to 14');
    expect(readout(cumulative, 0)).toBe('Week ending 2014-04-08: Starts (mean) 1; Agreed starts (pro rata) 1.5');
  });

  it('say nothing off the chart', () => {
    expect(readout(waiting, 2)).toBe('');
  });
});
