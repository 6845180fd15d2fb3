/**
 * The validation worker's API: the core's loader (size limits, migration, schema, "did you mean"
 * hints, whole-scenario checks) run off the page's main thread. A hostile file can make these
 * checks cost hundreds of milliseconds; in a worker that never freezes the page.
 *
 * Share links are decoded here too (base64url, bounded inflate, the changes applied to their
 * built-in): a 14 KB link can unpack to megabytes, which took the page's main thread a second or
 * two before the loader even began.
 *
 * Only marshalling lives here: every verdict is `loadScenarioText`'s (with the tab's budget, tabBudget.ts) (or `decodeShare`'s, for a
 * link that cannot be unpacked). Takes text, a file or a link's payload (cheap to post) rather
 * than a parsed document, and answers with plain data; never throws.
 */
import { loadScenarioText, type LoadResult } from '../src/index.js';
import { decodeShare } from '../web/share.js';
import { tabBudgetProblem } from '../web/scenario/tabBudget.js';

/** What the worker is asked to check. */
export type CheckInput = string | Blob | { shareLink: string };

/** A link's scenario text is sent back to the page for the editor only when it loads or is this small. */
export const RETURNED_TEXT_MAX_CHARS = 1_000_000;

/** The loader's verdict; for a share link, also what the link held. */
export type CheckAnswer = LoadResult & {
  /** A share link that cannot be unpacked (damaged, too large, another version's built-in): why. */
  linkError?: string;
  /**
   * A share link's scenario as JSON text, for the page to parse for the editor: present when it
   * loads or is at most RETURNED_TEXT_MAX_CHARS long (a large refused one never crosses over).
   */
  text?: string;
};

export interface ValidationApi {
  /** Answers once the worker has loaded: a check's time limit starts after this. */
  ready(): true;
  /**
   * The loader's verdict on the text of a scenario file (a malformed one gets its JSON position),
   * on a file itself (a File crosses to the worker without a copy, and is read here, so the page
   * never decodes a large file only to have it refused), or on a share link's payload.
   */
  check(input: CheckInput): CheckAnswer | Promise<CheckAnswer>;
}

function failed(message: string): LoadResult {
  return { ok: false, errors: [{ path: '', message }], warnings: [] };
}

/**
 * The app's verdict: the loader's, and a scenario that loads but is more than a tab can hold gets
 * an error at the field to lower (the command line, with a larger budget, still runs it).
 */
function checkText(text: string): LoadResult {
  const verdict = loadScenarioText(text);
  if (!verdict.ok) return verdict;
  const tooLarge = tabBudgetProblem(verdict.scenario);
  return tooLarge ? { ok: false, errors: [tooLarge], warnings: verdict.warnings } : verdict;
}

/** Unpack a share link and check what it holds. */
function checkShareLink(payload: string): CheckAnswer {
  let text: string;
  try {
    text = decodeShare(payload);
  } catch (e) {
    const linkError = e instanceof Error ? e.message : String(e);
    return { ...failed(linkError), linkError };
  }
  const verdict = checkText(text);
  return verdict.ok || text.length <= RETURNED_TEXT_MAX_CHARS ? { ...verdict, text } : verdict;
}

export function createValidationApi(): ValidationApi {
  return {
    ready: () => true,
    async check(input) {
      try {
        if (typeof input === 'string') return checkText(input);
        if (input instanceof Blob) return checkText(await input.text());
        return checkShareLink(input.shareLink);
      } catch (e) {
        // loadScenarioText guards itself; this is the last line, so a call never rejects.
        const message = e instanceof Error ? e.message : String(e);
        return failed(`the file could not be checked: ${message}`);
      }
    },
  };
}
