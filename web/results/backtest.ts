/** Backtest rows in the results' words. */
import type { BacktestRow, ProgrammeResult } from '../../src/index.js';

/**
 * A row's segment in the results' words: the engine names a segment the file gave no label by its
 * ids ("OGRS 0-24"); the programme's own breakdown row carries the band's label ("Low (0-24)"), so
 * the row reads "OGRS: Low (0-24)". A label the file gave is kept as written.
 */
export function segmentWords(row: BacktestRow, programmes: readonly ProgrammeResult[]): string {
  const s = row.segment;
  if (!s) return 'All';
  if (s.label !== `${s.by === 'ogrs' ? 'OGRS' : 'offence'} ${s.band}`) return s.label;
  const p = programmes.find((x) => x.programme === row.programme);
  const band = (s.by === 'ogrs' ? p?.byOgrs : p?.byOffence)?.find((c) => c.segment === s.band);
  return `${s.by === 'ogrs' ? 'OGRS' : 'Main offence'}: ${band?.label ?? s.band}`;
}
