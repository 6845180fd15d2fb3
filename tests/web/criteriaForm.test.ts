import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Attribute, Criterion } from '../../src/index.js';
import {
  addRow,
  fromForm,
  makeCondition,
  removeRow,
  setJoin,
  setRow,
  setWeeks,
  toForm,
  toggleCategory,
} from '../../web/scenario/criteriaForm.js';

/** The rows of a group criterion (under "not" too). */
function groupRows(c: unknown): unknown[] | undefined {
  const o = c as Record<string, unknown>;
  const inner = (o.not ?? o) as Record<string, unknown[]>;
  return inner.all ?? inner.any;
}

const dir = new URL('../../scenarios/', import.meta.url);
const KEYS = new Set(['eligibility', 'when', 'given']);

/** Every criterion in the built-in scenarios: eligibility, a segment's or tier's "when", a priority key's, a prior's "given". */
function criteriaIn(x: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(x)) x.forEach((y) => criteriaIn(y, out));
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      if (KEYS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) out.push(v);
      else criteriaIn(v, out);
    }
  return out;
}

const ogrs: Attribute = {
  id: 'ogrs',
  label: 'OGRS',
  ordered: true,
  categories: [
    { id: '0-24', label: 'Low (0-24)' },
    { id: '25-49', label: 'Medium (25-49)' },
    { id: '50-74', label: 'High (50-74)' },
  ],
} as Attribute;
const offence: Attribute = {
  id: 'offence',
  label: 'Main offence',
  categories: [
    { id: 'sexual', label: 'Sexual' },
    { id: 'violent', label: 'Violent' },
  ],
} as Attribute;
const attrs = [ogrs, offence];

describe('criteria as a form', () => {
  it('round-trips every criterion of the built-in scenarios exactly, and shows most of them as a form', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('schema'));
    let total = 0;
    let forms = 0;
    for (const f of files) {
      for (const c of criteriaIn(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))) {
        total++;
        const form = toForm(c);
        if (form === null) continue;
        forms++;
        // The same data, and the same objects (no condition is rebuilt).
        expect(fromForm(form), f).toEqual(c);
        const rows = groupRows(c);
        form.rows.forEach((row, i) => expect(row).toBe(rows ? rows[i] : c));
      }
    }
    console.log(`${forms} of ${total} criteria in the built-ins shown as a form`);
    expect(total).toBeGreaterThan(50);
    expect(forms / total).toBeGreaterThan(0.95);
  });

  it('reads the shapes it can show, groups in groups too, and leaves the rest to the data view', () => {
    expect(toForm({ always: true })).toEqual({ join: 'everyone', rows: [] });
    expect(toForm(undefined)).toEqual({ join: 'everyone', rows: [] });
    expect(toForm({ attribute: 'ogrs', atLeast: '25-49' })?.join).toBe('one');
    expect(toForm({ any: [{ completed: 'tsp' }, { not: { attribute: 'offence', in: ['sexual'] } }] })?.join).toBe(
      'any',
    );
    // Groups inside groups, and "none of" / "not all of" a group.
    expect(toForm({ all: [{ any: [{ completed: 'tsp' }] }] })).toEqual({
      join: 'all',
      rows: [{ any: [{ completed: 'tsp' }] }],
    });
    expect(toForm({ not: { any: [{ completed: 'tsp' }] } })?.join).toBe('notAny');
    expect(fromForm(toForm({ not: { all: [{ completed: 'tsp' }] } })!)).toEqual({
      not: { all: [{ completed: 'tsp' }] },
    });
    expect(toForm({ not: { attribute: 'ogrs', atLeast: '25-49' } })).toBeNull();
    expect(toForm({ all: [{ not: { not: { completed: 'tsp' } } }] })).toBeNull();
    expect(toForm({ attribute: 'ogrs', in: ['0-24'], extra: 1 })).toBeNull();
    expect(toForm('x')).toBeNull();
  });

  it('edits one condition and keeps the others as they were', () => {
    const keep = { weeksToRelease: { min: 26 } };
    const c: Criterion = { all: [{ attribute: 'ogrs', in: ['50-74'] }, keep] };
    const form = toForm(c)!;
    const ticked = fromForm(setRow(form, 0, toggleCategory(form.rows[0]!, '0-24', true, attrs))) as {
      all: Criterion[];
    };
    // Ticked categories stay in the attribute's order.
    expect(ticked.all[0]).toEqual({ attribute: 'ogrs', in: ['0-24', '50-74'] });
    expect(ticked.all[1]).toBe(keep);
    expect(fromForm(setJoin(form, 'any'))).toEqual({ any: c.all });
    expect(fromForm(setRow(form, 1, setWeeks(keep, 'max', 104)))).toEqual({
      all: [c.all[0], { weeksToRelease: { min: 26, max: 104 } }],
    });
    expect(setWeeks(keep, 'min', undefined)).toEqual({ weeksToRelease: {} });
  });

  it('adds and removes conditions: a lone one stays lone, the last removed leaves everyone', () => {
    const one = toForm({ completed: 'tsp' })!;
    expect(fromForm(one)).toEqual({ completed: 'tsp' });
    const two = addRow(one, { attribute: 'offence', in: ['violent'] });
    expect(fromForm(two)).toEqual({ all: [{ completed: 'tsp' }, { attribute: 'offence', in: ['violent'] }] });
    expect(fromForm(removeRow(removeRow(two, 0), 0))).toEqual({ always: true });
    expect(fromForm(addRow(toForm({ always: true })!, { completed: 'tsp' }))).toEqual({ completed: 'tsp' });
  });

  it('switches how a condition compares, keeping the bands chosen', () => {
    const from: Criterion = { attribute: 'ogrs', in: ['25-49', '50-74'] };
    expect(makeCondition({ attribute: 'ogrs' }, 'atLeast', attrs, [], from)).toEqual({
      attribute: 'ogrs',
      atLeast: '25-49',
    });
    expect(makeCondition({ attribute: 'ogrs' }, 'notIn', attrs, [], from)).toEqual({ not: from });
    expect(makeCondition({ attribute: 'offence' }, 'in', attrs, [], from)).toEqual({
      attribute: 'offence',
      in: ['sexual'],
    });
    expect(makeCondition({ completed: true }, 'notCompleted', attrs, ['tsp'], { completed: 'resolve' })).toEqual({
      not: { completed: 'resolve' },
    });
  });
});
