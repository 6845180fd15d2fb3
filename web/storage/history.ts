/**
 * Nothing the user worked on is lost: the last ten scenarios they had open (named and timed),
 * a draft of the current one even while it has errors, and any stored scenario that no longer
 * loads, set aside rather than overwritten, so it can still be downloaded.
 */
export const RECENT_KEY = 'placewise:recent:v1';
export const DRAFT_KEY = 'placewise:draft:v1';
export const SET_ASIDE_KEY = 'placewise:set-aside:v1';
export const RECENT_LIMIT = 10;
/**
 * A scenario whose JSON is longer than this is not kept in the recent list: ten real scenarios
 * take well under a megabyte (the West Midlands region is 0.2 MB), a browser keeps about five
 * for the page, and writing a huge one again at every open took the page over a second.
 */
export const RECENT_MAX_CHARS = 2_000_000;

export interface RecentScenario {
  name: string;
  savedAt: string;
  doc: unknown;
}

export interface SetAside {
  /** Which store it came from ("saved scenario", "baseline"), for the message. */
  what: string;
  reason: string;
  setAsideAt: string;
  /** The stored text exactly as it was, so a download gives it back unchanged. */
  text: string;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function nameOf(doc: unknown): string {
  const name = typeof doc === 'object' && doc !== null ? (doc as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name : 'Untitled scenario';
}

export class ScenarioHistory {
  constructor(
    private readonly storage: StorageLike | null,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The recent scenarios, newest first. */
  recent(): RecentScenario[] {
    const list = this.readJson(RECENT_KEY);
    if (!Array.isArray(list)) return [];
    return list.filter(
      (r): r is RecentScenario =>
        typeof r === 'object' &&
        r !== null &&
        typeof r.name === 'string' &&
        typeof r.savedAt === 'string' &&
        'doc' in r,
    );
  }

  /** Keep `doc` (whose JSON is `json`, when known) at the head of the recent list, once. */
  remember(doc: unknown, json: string = JSON.stringify(doc ?? null)): void {
    if (doc === null || doc === undefined || json.length > RECENT_MAX_CHARS) return;
    const others = this.recent().filter((r) => JSON.stringify(r.doc) !== json);
    const entry: RecentScenario = { name: nameOf(doc), savedAt: this.clock().toISOString(), doc };
    let list = [entry, ...others].slice(0, RECENT_LIMIT);
    // When storage is short, drop the oldest until the list fits.
    while (list.length > 0 && !this.write(RECENT_KEY, JSON.stringify(list))) list = list.slice(0, -1);
  }

  /** The document being edited, errors and all; cleared by `clearDraft` once it loads again. */
  saveDraft(doc: unknown, json: string = JSON.stringify(doc ?? null)): boolean {
    return this.write(DRAFT_KEY, `{"savedAt":${JSON.stringify(this.clock().toISOString())},"doc":${json}}`);
  }

  draft(): unknown {
    const d = this.readJson(DRAFT_KEY) as { doc?: unknown } | null;
    return d && typeof d === 'object' && d.doc !== undefined ? d.doc : null;
  }

  clearDraft(): void {
    this.remove(DRAFT_KEY);
  }

  /** Move a stored item that no longer loads to `asideKey`, keeping its text exactly. */
  setAside(key: string, asideKey: string, what: string, reason: string): SetAside | null {
    const text = this.readText(key);
    if (text === null) return null;
    const item: SetAside = { what, reason, setAsideAt: this.clock().toISOString(), text };
    if (!this.write(asideKey, JSON.stringify(item))) return item; // no room: keep the original where it is
    this.remove(key);
    return item;
  }

  readText(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private readJson(key: string): unknown {
    const text = this.readText(key);
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }

  private write(key: string, text: string): boolean {
    if (!this.storage) return false;
    try {
      this.storage.setItem(key, text);
      return true;
    } catch {
      return false;
    }
  }

  private remove(key: string): void {
    try {
      this.storage?.removeItem(key);
    } catch {
      // storage unavailable
    }
  }
}

/** Results that can be shown: what the views read without a check of their own. */
export function looksLikeResults(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { establishments?: unknown; region?: unknown; scenario?: unknown };
  return (
    Array.isArray(r.establishments) &&
    typeof r.region === 'object' &&
    r.region !== null &&
    typeof r.scenario === 'string'
  );
}
