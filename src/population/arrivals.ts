/**
 * Receptions consistent with the population they replace.
 *
 * Source tables describe the people inside on one day: their time *left* to serve. Drawing new
 * receptions from that same mix would give them the residual time of a snapshot as their whole
 * stay, so stays would be too short and the population would drift towards short sentences.
 *
 * In a steady state, a segment's people with time left r are those whose whole stay T exceeds
 * r: the density of time left is P(T > r) / E[T] (renewal theory). So from the snapshot's
 * density of time left by band, D_1 >= D_2 >= ..., the people arriving a week with a stay of
 * exactly the top of band k number D_k - D_(k+1), and D_1 arrive in all: as many as leave.
 * Where a source's densities rise from one band to the next (no steady state has that), the
 * later density is carried back, the least change that makes them fall. The engine spreads each
 * stay over a band's width centred on the band's top (same mean stay, so the same turnover),
 * rather than putting every arrival exactly on a band edge such as 26 weeks.
 */
import type { Attribute } from '../scenario/schema.js';
import type { FittedJoint } from './jointFit.js';

/**
 * A joint over the same dimensions as `stock` whose weights are arrivals a week by segment and
 * band of time to serve. Requires the time-left attribute to be one of the stock's dimensions.
 */
export function steadyStateArrivals(stock: FittedJoint, timeLeft: Attribute, timeLeftIndex: number): FittedJoint {
  const d = stock.dims.indexOf(timeLeftIndex);
  if (d < 0) throw new Error('the time-left attribute must be a dimension of the joint');
  const stride = stock.strides[d];
  const bands = timeLeft.categories.length;
  // Bands from the shortest time left to the longest, with their widths in weeks.
  const order = timeLeft.categories
    .map((_, k) => k)
    .sort((a, b) => (timeLeft.categories[a].min ?? 0) - (timeLeft.categories[b].min ?? 0));
  const width = timeLeft.categories.map((c) => Math.max(1, (c.max ?? c.min ?? 1) - (c.min ?? 0)));

  const weights = new Float64Array(stock.weights.length);
  const density = new Float64Array(bands);
  for (let j = 0; j < stock.weights.length; j++) {
    // Visit each segment once, from its cell with the first time-left code.
    if (Math.floor(j / stride) % bands !== 0) continue;
    for (let k = 0; k < bands; k++) density[k] = stock.weights[j + k * stride] / width[k];
    let carried = 0;
    for (let n = bands - 1; n >= 0; n--) {
      const k = order[n];
      carried = Math.max(carried, density[k]);
      density[k] = carried;
    }
    for (let n = 0; n < bands; n++) {
      const k = order[n];
      const next = n + 1 < bands ? density[order[n + 1]] : 0;
      weights[j + k * stride] = density[k] - next;
    }
  }
  return { ...stock, weights, fit: [] };
}
