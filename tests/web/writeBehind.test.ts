import { describe, expect, it } from 'vitest';
import { WriteBehind, type WriteTimer } from '../../web/storage/writeBehind.js';

/** A timer run by hand: `fire()` runs what is due. */
class ManualTimer implements WriteTimer {
  due: (() => void) | null = null;
  delays: number[] = [];
  set(run: () => void, ms: number): unknown {
    this.due = run;
    this.delays.push(ms);
    return run;
  }
  clear(handle: unknown): void {
    if (this.due === handle) this.due = null;
  }
  fire(): void {
    const run = this.due;
    this.due = null;
    run?.();
  }
}

/** Just enough of a window for flushOnHide. */
class FakeWindow extends EventTarget {
  document = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
}

describe('WriteBehind', () => {
  it('makes nothing until flushed, then the newest write of each key, in the order keys were first queued', () => {
    const timer = new ManualTimer();
    const writes = new WriteBehind(1000, timer);
    const made: string[] = [];
    writes.later('draft', () => made.push('draft 1'));
    writes.later('current', () => made.push('current 1'));
    writes.later('draft', () => made.push('draft 2'));
    expect(made).toEqual([]);
    expect(writes.size).toBe(2);
    writes.flush();
    expect(made).toEqual(['draft 2', 'current 1']);
    expect(writes.size).toBe(0);
    writes.flush();
    expect(made).toEqual(['draft 2', 'current 1']);
  });

  it('makes the writes by itself at the latest after its delay, one timer for many writes', () => {
    const timer = new ManualTimer();
    const writes = new WriteBehind(700, timer);
    const made: string[] = [];
    writes.later('a', () => made.push('a'));
    writes.later('b', () => made.push('b'));
    expect(timer.delays).toEqual([700]);
    timer.fire();
    expect(made).toEqual(['a', 'b']);
    writes.later('a', () => made.push('a again'));
    expect(timer.delays).toEqual([700, 700]);
    writes.flush(); // flushing stops the timer
    expect(timer.due).toBeNull();
    expect(made).toEqual(['a', 'b', 'a again']);
  });

  it('writes everything waiting when the page is hidden or goes away', () => {
    const timer = new ManualTimer();
    const writes = new WriteBehind(1000, timer);
    const page = new FakeWindow();
    const stop = writes.flushOnHide(page as unknown as Window);
    const made: string[] = [];
    writes.later('draft', () => made.push('draft'));
    page.dispatchEvent(new Event('pagehide'));
    expect(made).toEqual(['draft']);
    writes.later('draft', () => made.push('draft 2'));
    page.document.dispatchEvent(new Event('visibilitychange')); // still visible: nothing
    expect(made).toEqual(['draft']);
    page.document.visibilityState = 'hidden';
    page.document.dispatchEvent(new Event('visibilitychange'));
    expect(made).toEqual(['draft', 'draft 2']);
    stop();
    writes.later('draft', () => made.push('draft 3'));
    page.dispatchEvent(new Event('pagehide'));
    expect(made).toEqual(['draft', 'draft 2']);
  });
});
