/**
 * The difference in cost between two runs (Compare): each establishment's operating price over
 * the window and each programme's cost, reference and current, where a side gives them. A figure
 * only one side prices has no difference: comparing a price with nothing would read as a saving.
 */
import type { CostResult, RunFigures } from './types.js';

export interface CostDifference {
  establishment: string;
  establishmentName: string;
  /** null: the operating price; otherwise the programme's id. */
  programme: string | null;
  label: string;
  reference: number | null;
  current: number | null;
  /** current minus reference, when both sides price it. */
  difference: number | null;
}

type Side = Pick<RunFigures, 'establishments'> & { cost?: CostResult };

export function costDifferences(reference: Side, current: Side): CostDifference[] {
  const keys = new Map<string, Omit<CostDifference, 'reference' | 'current' | 'difference'>>();
  const values = new Map<string, [number | null, number | null]>();
  const put = (
    side: 0 | 1,
    row: Omit<CostDifference, 'reference' | 'current' | 'difference'>,
    value: number | null,
  ) => {
    const key = `${row.establishment}/${row.programme ?? ''}`;
    if (!keys.has(key)) keys.set(key, row);
    const pair = values.get(key) ?? [null, null];
    pair[side] = value;
    values.set(key, pair);
  };
  [reference, current].forEach((run, side) => {
    for (const e of run.cost?.establishments ?? []) {
      const where = { establishment: e.establishment, establishmentName: e.name };
      if (e.operatingPriceOverWindow !== null) {
        put(
          side as 0 | 1,
          { ...where, programme: null, label: 'Operating price over the window (whole establishment)' },
          e.operatingPriceOverWindow,
        );
      }
      for (const p of e.programmes) {
        if (p.total !== null)
          put(
            side as 0 | 1,
            { ...where, programme: p.programme, label: `${p.name}: programme cost over the window` },
            p.total,
          );
      }
    }
  });
  return [...keys.entries()].map(([key, row]) => {
    const [a, b] = values.get(key) ?? [null, null];
    return { ...row, reference: a, current: b, difference: a !== null && b !== null ? b - a : null };
  });
}

/** The sum of the differences both sides price (null when none is). */
export function totalCostDifference(rows: readonly CostDifference[]): number | null {
  const both = rows.filter((r) => r.difference !== null);
  return both.length === 0 ? null : both.reduce((acc, r) => acc + (r.difference ?? 0), 0);
}
