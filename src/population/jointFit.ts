/**
 * A joint distribution of attributes fitted to partial source tables by iterative
 * proportional fitting (IPF), the standard method for synthetic populations.
 *
 * Sources give marginals and partial cross-tabs, never a full joint table. We start from the
 * fill distributions (priors) multiplied out over the attributes the tables mention, then rake
 * that seed table to each source table in turn until it stops changing. Tables that disagree
 * cannot all be met: IPF then settles between them, and the fit report says by how much each
 * table is missed, in people.
 *
 * Table semantics:
 * - count table: cells are counts out of its `total` (the population total when it gives none),
 *   scaled to the population; the people matching no cell (the remainder) are held to
 *   `total - sum(cells)`, scaled too.
 * - percent table: cells are shares of the people matching any of its cells (e.g. OVP bands as
 *   percentages of violent offenders); the size of that group is left to the other tables.
 */
import type { Attribute, PopulationTable } from '../scenario/schema.js';
import type { TableFit } from '../results/types.js';
import type { Subject } from '../rules/criteria.js';
import type { StayLaw } from './arrivals.js';
import { distributionFor, type AttributePriors } from './priors.js';

export interface FittedJoint {
  /** Attribute indices of the joint's dimensions, in attribute order. */
  dims: number[];
  sizes: number[];
  /** Row-major strides: the last dimension varies fastest. */
  strides: number[];
  /** Expected people per joint cell; sums to the population total. */
  weights: Float64Array;
  fit: TableFit[];
  /**
   * Receptions only (arrivals.ts): per joint cell, the time left at which a person leaves this
   * prison for another (0: stays to release).
   */
  exitWeeksLeft?: Float64Array;
  /** Receptions only (arrivals.ts): their stays, and the opening's time left they keep. */
  stays?: StayLaw;
}

// Consistent tables converge in tens of sweeps; tables that disagree oscillate, and more sweeps
// only move the disagreement between them.
const MAX_SWEEPS = 200;
const TOLERANCE = 1e-9;

interface PreparedTable {
  table: PopulationTable;
  /** For each live joint cell, the table cell it falls in; `cellCount` for the remainder. */
  cellOf: Int32Array;
  cellCount: number;
  kind: 'count' | 'percent';
  /** Targets per cell (count tables: people; percent tables: shares). Remainder last. */
  targets: Float64Array;
  tableTotal: number;
}

/**
 * Attributes the joint must span: those the tables mention and those `required`, plus what
 * their priors depend on.
 */
export function jointDimensions(
  attributes: readonly Attribute[],
  tables: readonly PopulationTable[],
  priors: readonly AttributePriors[],
  required: readonly number[] = [],
): number[] {
  const dims = new Set<number>(required);
  for (const t of tables) {
    for (const cell of t.cells) {
      for (const id of Object.keys(cell.where)) {
        const index = attributes.findIndex((a) => a.id === id);
        if (index >= 0) dims.add(index);
      }
    }
  }
  // Close over prior dependencies so the seed table can be built from the dims alone.
  const pending = [...dims];
  while (pending.length > 0) {
    const a = pending.pop() as number;
    for (const dep of priors[a]?.dependsOn ?? []) {
      if (!dims.has(dep)) {
        dims.add(dep);
        pending.push(dep);
      }
    }
  }
  return [...dims].sort((x, y) => x - y);
}

export function fitJoint(
  attributes: readonly Attribute[],
  tables: readonly PopulationTable[],
  priors: readonly AttributePriors[],
  populationTotal: number,
  required: readonly number[] = [],
  /** Where the tables are, for errors: e.g. "establishments[0].population.tables". */
  label = 'tables',
): FittedJoint {
  const dims = jointDimensions(attributes, tables, priors, required);
  const sizes = dims.map((a) => attributes[a].categories.length);
  const strides = new Array<number>(dims.length).fill(1);
  for (let d = dims.length - 2; d >= 0; d--) strides[d] = strides[d + 1] * sizes[d + 1];

  const weights = seedWeights(attributes.length, dims, sizes, priors, populationTotal);
  // Raking never revives a cell the seed rules out, so work on the live cells only: most of
  // the joint is structural zeros (no OSP band for non-sexual offences, and so on).
  const liveOf = () => {
    const live: number[] = [];
    weights.forEach((w, j) => {
      if (w > 0) live.push(j);
    });
    const liveIndex = Int32Array.from(live);
    const prepared = tables.map((t) => prepareTable(t, attributes, dims, sizes, liveIndex, populationTotal));
    return { liveIndex, prepared };
  };
  let { liveIndex, prepared } = liveOf();
  if (reviveRuledOutCells(weights, attributes, dims, sizes, priors, populationTotal, prepared, label)) {
    ({ liveIndex, prepared } = liveOf());
  }
  const liveWeights = Float64Array.from(liveIndex, (j) => weights[j]);
  rake(liveWeights, prepared);
  weights.fill(0);
  liveIndex.forEach((j, k) => (weights[j] = liveWeights[k]));
  if (populationTotal > 0 && liveWeights.every((w) => !(w > 0))) {
    throw new Error(`${label}: the tables and priors leave no one to draw (every cell is ruled out)`);
  }
  return { dims, sizes, strides, weights, fit: prepared.map((p) => measureFit(p, liveWeights, populationTotal)) };
}

/** Relative weight of the seed given to a table cell the priors rule out, before raking. */
const REVIVAL_WEIGHT = 1e-6;

/** Per cell, per dim: which categories the cell admits (null: any). */
function cellAdmits(table: PopulationTable, attributes: readonly Attribute[], dims: readonly number[]) {
  return table.cells.map((cell) =>
    dims.map((a) => {
      const attribute = attributes[a];
      const value = Object.hasOwn(cell.where, attribute.id) ? cell.where[attribute.id] : undefined;
      if (value === undefined) return null;
      const wanted = new Set(Array.isArray(value) ? value : [value]);
      return attribute.categories.map((c) => wanted.has(c.id));
    }),
  );
}

function admitted(allowed: (boolean[] | null)[], j: number, sizes: readonly number[]): boolean {
  let rest = j;
  for (let d = sizes.length - 1; d >= 0; d--) {
    const s = sizes[d];
    const code = rest % s;
    rest = Math.floor(rest / s);
    const a = allowed[d];
    if (a && !a[code]) return false;
  }
  return true;
}

/**
 * A category a table asks for is never ruled out by a prior: where every person a cell with a
 * positive count describes has zero weight in the seed (Leicester's 84 remand prisoners against
 * a sentence prior with no remand share), the cell gets a small seed of its own (the priors with
 * the cell's categories imposed on the attributes it names) for raking to scale up. If even that
 * leaves it empty, fitting fails with an error naming the table and cell.
 */
function reviveRuledOutCells(
  weights: Float64Array,
  attributes: readonly Attribute[],
  dims: readonly number[],
  sizes: readonly number[],
  priors: readonly AttributePriors[],
  populationTotal: number,
  prepared: readonly PreparedTable[],
  label: string,
): boolean {
  if (populationTotal <= 0) return false;
  let revivedAny = false;
  prepared.forEach((p, t) => {
    // Mass per table cell over the live joint cells (cellOf covers exactly those).
    const mass = new Float64Array(p.cellCount + 1);
    p.cellOf.forEach((c) => (mass[c] += 1));
    const table = p.table;
    table.cells.forEach((cell, c) => {
      if (cell.count <= 0 || mass[c] > 0) return;
      const admits = cellAdmits(table, attributes, dims)[c];
      const imposed = admits.map((allowed) =>
        allowed ? Float64Array.from(allowed, (ok) => (ok ? 1 / allowed.filter(Boolean).length : 0)) : null,
      );
      const seed = seedWeights(attributes.length, dims, sizes, priors, populationTotal, imposed);
      let revived = 0;
      for (let j = 0; j < weights.length; j++) {
        if (seed[j] > 0 && admitted(admits, j, sizes)) {
          weights[j] += REVIVAL_WEIGHT * seed[j];
          revived += seed[j];
        }
      }
      if (!(revived > 0)) {
        throw new Error(
          `${label}[${t}] (${table.id}) cell ${c} ${JSON.stringify(cell.where)}: asks for ${cell.count} people ` +
            'whom the priors and the other attributes rule out entirely; change the cell or the priors',
        );
      }
      revivedAny = true;
    });
  });
  return revivedAny;
}

/**
 * The priors multiplied out over the dims, one dimension at a time; `imposed` replaces the
 * priors of some dims with a fixed distribution.
 */
function seedWeights(
  attributeCount: number,
  dims: readonly number[],
  sizes: readonly number[],
  priors: readonly AttributePriors[],
  populationTotal: number,
  imposed: readonly (Float64Array | null)[] = [],
): Float64Array {
  const codes = new Int32Array(attributeCount);
  const subject: Subject = {
    code: (a) => codes[a],
    weeksToRelease: () => Infinity,
    completed: () => false,
  };
  let weights = new Float64Array([populationTotal]);
  for (let d = 0; d < dims.length; d++) {
    const size = sizes[d];
    const next = new Float64Array(weights.length * size);
    for (let prefix = 0; prefix < weights.length; prefix++) {
      const w = weights[prefix];
      if (w === 0) continue;
      // Decode the prefix into codes of the dims fixed so far.
      let rest = prefix;
      for (let e = d - 1; e >= 0; e--) {
        const s = sizes[e];
        codes[dims[e]] = rest % s;
        rest = Math.floor(rest / s);
      }
      const p = imposed[d] ?? distributionFor(priors[dims[d]], subject);
      for (let k = 0; k < size; k++) next[prefix * size + k] = w * p[k];
    }
    weights = next;
  }
  return weights;
}

function prepareTable(
  table: PopulationTable,
  attributes: readonly Attribute[],
  dims: readonly number[],
  sizes: readonly number[],
  liveIndex: Int32Array,
  populationTotal: number,
): PreparedTable {
  const cellCount = table.cells.length;
  const admits = cellAdmits(table, attributes, dims);
  const cellOf = new Int32Array(liveIndex.length).fill(cellCount);
  const codes = new Int32Array(dims.length);
  for (let k = 0; k < liveIndex.length; k++) {
    let rest = liveIndex[k];
    for (let d = dims.length - 1; d >= 0; d--) {
      const s = sizes[d];
      codes[d] = rest % s;
      rest = Math.floor(rest / s);
    }
    for (let c = 0; c < cellCount; c++) {
      const cellAdmits = admits[c];
      let match = true;
      for (let d = 0; d < dims.length && match; d++) {
        const allowed = cellAdmits[d];
        if (allowed && !allowed[codes[d]]) match = false;
      }
      if (match) {
        cellOf[k] = c;
        break;
      }
    }
  }

  const counts = table.cells.map((c) => c.count);
  const cellSum = counts.reduce((a, b) => a + b, 0);
  const targets = new Float64Array(cellCount + 1);
  if (table.unit === 'percent') {
    const scale = cellSum > 0 ? 1 / cellSum : 0;
    counts.forEach((n, c) => (targets[c] = n * scale));
    return { table, cellOf, cellCount, kind: 'percent', targets, tableTotal: table.total ?? cellSum };
  }
  const tableTotal = table.total ?? populationTotal;
  // A finite scale only: a tiny total would overflow it, and every target after it, to NaN.
  const ratio = tableTotal > 0 ? populationTotal / tableTotal : 0;
  const scale = Number.isFinite(ratio) ? ratio : 0;
  counts.forEach((n, c) => (targets[c] = n * scale));
  targets[cellCount] = Math.max(0, tableTotal - cellSum) * scale;
  return { table, cellOf, cellCount, kind: 'count', targets, tableTotal };
}

function cellSums(p: PreparedTable, weights: Float64Array): Float64Array {
  const sums = new Float64Array(p.cellCount + 1);
  const { cellOf } = p;
  for (let j = 0; j < weights.length; j++) sums[cellOf[j]] += weights[j];
  return sums;
}

/** Desired mass per table cell given the current weights (the remainder last, NaN if free). */
function desired(p: PreparedTable, sums: Float64Array): Float64Array {
  const want = new Float64Array(p.cellCount + 1);
  if (p.kind === 'percent') {
    let union = 0;
    for (let c = 0; c < p.cellCount; c++) union += sums[c];
    for (let c = 0; c < p.cellCount; c++) want[c] = p.targets[c] * union;
    want[p.cellCount] = NaN;
  } else {
    want.set(p.targets);
  }
  return want;
}

function rake(weights: Float64Array, tables: readonly PreparedTable[]): void {
  const before = new Float64Array(weights.length);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    before.set(weights);
    for (const p of tables) {
      const sums = cellSums(p, weights);
      const want = desired(p, sums);
      const factor = new Float64Array(p.cellCount + 1);
      for (let c = 0; c <= p.cellCount; c++) {
        const have = sums[c];
        const target = want[c];
        // A free remainder, or a cell the seed rules out (structural zero), keeps its mass.
        factor[c] = Number.isNaN(target) || have <= 0 ? 1 : target / have;
      }
      const { cellOf } = p;
      for (let j = 0; j < weights.length; j++) weights[j] *= factor[cellOf[j]];
    }
    // Stop when a whole sweep leaves the weights where they were. Tables that agree get there
    // with every factor 1; tables that disagree settle into the same compromise each sweep.
    let largestChange = 0;
    for (let j = 0; j < weights.length; j++) {
      const change = Math.abs(weights[j] - before[j]);
      if (change > largestChange) largestChange = change;
    }
    if (largestChange < TOLERANCE) return;
  }
}

function measureFit(p: PreparedTable, weights: Float64Array, populationTotal: number): TableFit {
  const sums = cellSums(p, weights);
  const want = desired(p, sums);
  let maxCellError = 0;
  let totalAbsoluteError = 0;
  for (let c = 0; c <= p.cellCount; c++) {
    const target = want[c];
    if (Number.isNaN(target)) continue;
    const error = Math.abs(sums[c] - target);
    maxCellError = Math.max(maxCellError, error);
    totalAbsoluteError += error;
  }
  return {
    table: p.table.id,
    label: p.table.label ?? p.table.id,
    tableTotal: p.tableTotal,
    populationTotal,
    maxCellError,
    totalAbsoluteError,
  };
}
