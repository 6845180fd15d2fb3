interface ImportMetaEnv {
  /** The engine this build runs (vite.config.ts engineBuild); absent outside a Vite build (unit tests). */
  readonly PLACEWISE_ENGINE_BUILD?: string;
}
