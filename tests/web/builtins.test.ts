/** The built-in picker's list (web/scenario/builtins.ts): every scenarios/*.json file, each with its note. */
import { describe, expect, it } from 'vitest';
import { listBuiltins } from '../../web/scenario/builtins.js';

describe('built-in scenarios in the app', () => {
  it('lists the current-day region by its name, and every file with a name of its own', () => {
    const list = listBuiltins();
    const today = list.find((b) => b.id === 'region-today');
    expect(today?.name).toBe('A region today (illustrative)');
    expect(today?.summary).toMatch(/PNI/);
    for (const b of list) expect(b.name, b.id).not.toMatch(/\.json$/);
  });

  it('loads the current-day file text when opened', async () => {
    const today = listBuiltins().find((b) => b.id === 'region-today')!;
    const text = await today.load();
    expect(JSON.parse(text).bandScheme).toBe('oasys-current');
  });
});
