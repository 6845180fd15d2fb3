/**
 * The validation worker's API: the core's loader (size limits, migration, schema, "did you mean"
 * hints, whole-scenario checks) run off the page's main thread. A hostile file can make these
 * checks cost hundreds of milliseconds; in a worker that never freezes the page.
 *
 * Only marshalling lives here: every verdict is `loadScenarioText`'s. Takes JSON text (cheap to
 * post) rather than a parsed document, and answers with plain data; never throws.
 */
import { loadScenarioText, type LoadResult } from '../src/index.js';

export interface ValidationApi {
  /** Answers once the worker has loaded: a check's time limit starts after this. */
  ready(): true;
  /**
   * The loader's verdict on the text of a scenario file (a malformed one gets its JSON position),
   * or on a file itself: a File crosses to the worker without a copy, and is read here, so the
   * page never decodes a large file only to have it refused.
   */
  check(input: string | Blob): LoadResult | Promise<LoadResult>;
}

export function createValidationApi(): ValidationApi {
  return {
    ready: () => true,
    async check(input) {
      try {
        return loadScenarioText(typeof input === 'string' ? input : await input.text());
      } catch (e) {
        // loadScenarioText guards itself; this is the last line, so a call never rejects.
        const message = e instanceof Error ? e.message : String(e);
        return {
          ok: false,
          errors: [{ path: '', message: `the file could not be checked: ${message}` }],
          warnings: [],
        };
      }
    },
  };
}
