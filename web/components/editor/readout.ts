/**
 * The live readout beside a programme row in the editor: its starts and unmet need a year from the
 * latest run (provisional while a run refines), so an edit's effect shows where it was made.
 */
import { html, nothing } from 'lit';
import type { Results } from '../../../src/index.js';
import { num } from '../../format.js';

export interface LatestRun {
  results: Results;
  /** From the first replications of a run still going. */
  provisional: boolean;
  /** The results are for the document on screen (false: an earlier version of it). */
  current: boolean;
}

/** Starts and unmet need a year for one programme at one establishment, or null when the run has none. */
export function headlineAYear(
  results: Results,
  establishmentId: string,
  programmeId: string,
): { starts: number; unmet: number } | null {
  const est = results.establishments.find((e) => e.establishment === establishmentId);
  const p = est?.programmes.find((q) => q.programme === programmeId);
  if (!p || results.weeks <= 0) return null;
  const years = results.weeks / 52;
  return { starts: p.starts.mean / years, unmet: p.unmetNeed.mean / years };
}

export function programmeReadout(run: LatestRun | null, establishmentId: string, programmeId: string) {
  if (!run) return html`<span class="readout muted">No run yet</span>`;
  const h = headlineAYear(run.results, establishmentId, programmeId);
  if (!h) return html`<span class="readout muted">Not in the latest run</span>`;
  const state = run.provisional ? 'provisional' : run.current ? 'final' : 'earlier';
  return html`<span
    class="readout readout-${state}"
    data-state=${state}
    data-starts=${String(h.starts)}
    data-unmet=${String(h.unmet)}
    title=${
      run.provisional
        ? `Provisional: from the first ${run.results.replications} replications; the full run refines it.`
        : run.current
          ? `From the latest run (${run.results.replications} replications).`
          : 'From an earlier version of this scenario: a new run is on the way or the scenario has errors.'
    }
    ><span class="readout-figure">${num(h.starts)}</span> starts,
    <span class="readout-figure">${num(h.unmet)}</span>
    unmet${state === 'final' ? nothing : html` <span class="badge badge-${state}">${state}</span>`}</span
  >`;
}
