/**
 * The one CSV writer, for the command line, the core and the app: RFC 4180 quoting, numbers
 * written as numbers, and text a spreadsheet would run as a formula made inert.
 *
 * Names in a scenario come from other people. A programme called `=HYPERLINK(...)` or
 * `+cmd|...` would be a live formula when the CSV is opened in Excel or LibreOffice, so text
 * starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP's advice:
 * the spreadsheet then shows it as text). Numbers are never touched: -3 stays a number.
 */

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Round numbers to this many decimal places (the command line's 4); full precision if absent. */
  decimals?: number;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet will show it, never as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function numberText(value: number, decimals: number | undefined): string {
  // NaN or an infinity is no figure a planner can use: an empty cell, not "NaN" or "-Infinity"
  // (which a spreadsheet would read as a formula).
  if (!Number.isFinite(value)) return '';
  if (decimals === undefined) return String(value);
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** One field: formula-neutralised text, quoted when it holds a comma, quote, line break or edge space. */
export function csvField(value: CsvCell, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? numberText(value, options.decimals) : neutraliseFormula(String(value));
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header and rows as CSV text, CRLF line ends, ending with a line break. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: CsvOptions = {},
): string {
  return [header, ...rows].map((r) => r.map((v) => csvField(v, options)).join(',')).join('\r\n') + '\r\n';
}
