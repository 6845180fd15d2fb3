/** The app writes CSV with the core's one writer (formula-neutralised text, numbers as numbers). */
export { toCsv, csvField, type CsvCell as Cell } from '../src/results/csv.js';
