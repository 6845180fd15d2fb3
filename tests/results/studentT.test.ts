import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/results/studentT.js';

describe('Student t', () => {
  it('gives the tables’ quantiles', () => {
    // Two-sided critical values from standard t tables.
    const table: [number, number, number][] = [
      [0.975, 1, 12.706],
      [0.975, 9, 2.262],
      [0.995, 9, 3.25],
      [0.9995, 10, 4.587],
      [0.975, 30, 2.042],
      [0.9995, 30, 3.646],
      [0.95, 120, 1.658],
    ];
    for (const [p, df, t] of table) expect(studentTQuantile(p, df), `t(${p}, ${df})`).toBeCloseTo(t, 3);
  });

  it('tends to the normal with many degrees of freedom, and its CDF is symmetric', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(-2.5, 7) + studentTCdf(2.5, 7)).toBeCloseTo(1, 12);
    // t with 1 degree of freedom is Cauchy: P(T <= 1) = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10);
  });
});
