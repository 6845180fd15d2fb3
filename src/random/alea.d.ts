// seedrandom's Alea generator, imported on its own: the package index pulls in Node's crypto.
declare module 'seedrandom/lib/alea.js' {
  interface AleaPrng {
    (): number;
    double(): number;
    int32(): number;
    quick(): number;
  }
  function alea(seed?: string): AleaPrng;
  export default alea;
}
