/**
 * The engine `npm run bench` compares against by default: main as it stood when the redesign
 * of issue 12 ("National scale at interactive speed") began. Move it on when a later engine
 * becomes the baseline.
 */
export const PREVIOUS_ENGINE = {
  commit: '73a51ea254efee34f38f881d8f0b5eece1154164',
  note: 'main before issue 12 (the engine of 2026-11-30)',
  /**
   * Where that engine cannot load a case's file (one written since), the bench times the case
   * beside this one instead and says so: the first engine after it that loads every built-in
   * (the West Midlands' YOI is of the 'young-people' kind added here). Issue 12's first steps
   * (0a2d4a4) came before it, and the engine issues it builds on after it (hub returns and swaps,
   * transfers with room, 2026-12-01), so against either engine a ratio is of two models, not of
   * the redesign alone.
   */
  fallback: {
    commit: '3e52e751e26cf324b09fc9bb0dc4f76018c4d2a9',
    note: 'the first engine after it that loads every built-in file',
  },
};
