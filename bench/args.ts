/** Command-line options of the bench tools (`--name value` pairs and bare words), read in order. */
export class ArgReader {
  private at = -1;

  constructor(private readonly argv: readonly string[]) {}

  /** The next argument, or undefined past the last. */
  next(): string | undefined {
    return this.argv[++this.at];
  }

  /** The value after `option`. */
  value(option: string): string {
    const v = this.argv[++this.at];
    if (v === undefined) throw new Error(`${option} needs a value`);
    return v;
  }

  /** A whole number of at least `least` after `option`. */
  count(option: string, least: number): number {
    const v = Number(this.value(option));
    if (!Number.isInteger(v) || v < least) throw new Error(`${option} needs a whole number of ${least} or more`);
    return v;
  }
}
