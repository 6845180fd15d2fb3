/**
 * `npm run fuzz [count] [first-seed]`: mutates the built-in scenario files `count` times (10,000
 * by default) and loads each one. Passes with 0 crashes, 0 loads over 1 s, and every rejection
 * naming a field or a position in the JSON. A failing seed is reproduced with
 * `npm run fuzz 1 <seed>`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzOnce } from '../tests/fuzz/mutate.js';

const SLOW_MS = 1000;
const count = Number(process.argv[2] ?? 10_000);
const firstSeed = Number(process.argv[3] ?? 0);
const dir = join(dirname(fileURLToPath(import.meta.url)), '../scenarios');
const bases = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

let crashes = 0;
let slow = 0;
let unplaced = 0;
let accepted = 0;
let slowest = 0;
const started = Date.now();
for (let i = 0; i < count; i++) {
  const seed = firstSeed + i;
  const base = bases[seed % bases.length]!;
  const c = fuzzOnce(base.text, seed);
  slowest = Math.max(slowest, c.ms);
  if (c.ok) accepted++;
  if (c.crash) {
    crashes++;
    console.log(`CRASH seed ${seed} (${base.name}): ${c.crash}`);
  }
  if (c.ms > SLOW_MS) {
    slow++;
    console.log(`SLOW seed ${seed} (${base.name}): ${Math.round(c.ms)} ms`);
  }
  if (c.unplaced.length > 0) {
    unplaced++;
    console.log(`UNPLACED seed ${seed} (${base.name}): ${c.unplaced.map((p) => p.message).join(' | ')}`);
  }
  if ((i + 1) % 500 === 0) console.log(`${i + 1} files, ${Math.round((Date.now() - started) / 1000)} s`);
}
console.log(
  `${count} mutated files: ${crashes} crashes, ${slow} loads over ${SLOW_MS} ms (slowest ${Math.round(slowest)} ms), ` +
    `${unplaced} rejections naming no field or position, ${accepted} accepted`,
);
process.exitCode = crashes + slow + unplaced > 0 ? 1 : 0;
