// seedrandom's Alea generator, imported on its own: the package index pulls in Node's crypto.
declare module 'seedrandom/lib/alea.js' {
  interface AleaPrng {
    (): number;
    double(): number;
    int32(): number;
    quick(): number;
  }
  /** The generator's state, given where the options ask for it (`{ state: true }`). */
  interface AleaState {
    c: number;
    s0: number;
    s1: number;
    s2: number;
  }
  function alea(seed?: string): AleaPrng;
  function alea(seed: string, options: { state: true }): AleaPrng & { state(): AleaState };
  export default alea;
}
