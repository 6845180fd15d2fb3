import { describe, expect, it } from 'vitest';
import { num } from '../../web/format.js';

describe('num', () => {
  it('reads as toLocaleString en-GB did, from its cached formatters', () => {
    const values = [0, -0, 1, -1, 0.05, -0.04, 12.345, 99.95, 100, 1234.5, 1e6 + 0.5, -98765.4321, 2 / 3];
    for (const x of values)
      for (const digits of [undefined, 0, 1, 2, 3]) {
        const d = digits ?? (Math.abs(x) >= 100 || Number.isInteger(x) ? 0 : 1);
        const rounded = Number(x.toFixed(d));
        const expected = (Object.is(rounded, -0) ? 0 : rounded).toLocaleString('en-GB', {
          minimumFractionDigits: d,
          maximumFractionDigits: d,
        });
        expect(num(x, digits), `${x} to ${digits} places`).toBe(expected);
      }
    expect(num(1234.5, 1)).toBe('1,234.5');
    expect(num(null)).toBe('–');
  });
});
