/**
 * Storage writes made after an edit's first figures, not before them. Writing Stafford's 67 kB
 * document to localStorage as a draft at each edit, and again as the saved scenario at its
 * verdict, took 25 ms of the page's thread between the edit and its provisional figures (a CPU
 * profile of measure:provisional): localStorage writes are synchronous.
 *
 * A write is queued under its key (a newer write of a key replaces the one waiting) and made when
 * the caller says the moment has come (`flush`: a run's results are on screen), after `delayMs`
 * at the latest, and always before the page goes away (`pagehide`, or hidden): a reload or a
 * closed tab never loses an edit. Writes run in the order their keys were first queued.
 */
export interface WriteTimer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const windowTimer: WriteTimer = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** At the latest this long after a write is queued, it is made. */
export const WRITE_BEHIND_MS = 1000;

export class WriteBehind {
  private readonly pending = new Map<string, () => void>();
  private handle: unknown = null;

  constructor(
    private readonly delayMs = WRITE_BEHIND_MS,
    private readonly timer: WriteTimer = windowTimer,
  ) {}

  /** Writes waiting. */
  get size(): number {
    return this.pending.size;
  }

  /** Queue `write` under `key`, replacing a write of that key still waiting. */
  later(key: string, write: () => void): void {
    this.pending.set(key, write);
    this.handle ??= this.timer.set(() => {
      this.handle = null;
      this.flush();
    }, this.delayMs);
  }

  /** Make every waiting write now. */
  flush(): void {
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    const writes = [...this.pending.values()];
    this.pending.clear();
    for (const write of writes) write();
  }

  /** Flush whenever the page is hidden or goes away; returns how to stop. */
  flushOnHide(target: Window): () => void {
    const onHide = () => this.flush();
    const onVisibility = () => {
      if (target.document.visibilityState === 'hidden') this.flush();
    };
    target.addEventListener('pagehide', onHide);
    target.document.addEventListener('visibilitychange', onVisibility);
    return () => {
      target.removeEventListener('pagehide', onHide);
      target.document.removeEventListener('visibilitychange', onVisibility);
    };
  }
}
