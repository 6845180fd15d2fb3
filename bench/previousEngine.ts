/**
 * The engine `npm run bench` compares against by default: main as it stood when the redesign
 * of issue 12 ("National scale at interactive speed") began. Move it on when a later engine
 * becomes the baseline.
 */
export const PREVIOUS_ENGINE = {
  commit: '73a51ea254efee34f38f881d8f0b5eece1154164',
  note: 'main before issue 12 (the engine of 2026-11-30)',
};
