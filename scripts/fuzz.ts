/**
 * `npm run fuzz [count] [first-seed]`: mutates the built-in scenario files `count` times (10,000
 * by default) and loads each one. Passes with 0 crashes, 0 loads over 1 s, and every rejection
 * naming a field or a position in the JSON. A failing seed is reproduced with
 * `npm run fuzz 1 <seed>`.
 *
 * Reports the distribution of load times (median, p99, max) with the machine's load average
 * beside it (timings on a busy machine are inflated), the slowest files with the mutations that
 * made them, and the slowest mutation classes, so the next cost to bound is named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzOnce, type FuzzCase } from '../tests/fuzz/mutate.js';

const SLOW_MS = 1000;
const count = Number(process.argv[2] ?? 10_000);
const firstSeed = Number(process.argv[3] ?? 0);
const dir = join(dirname(fileURLToPath(import.meta.url)), '../scenarios');
const bases = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const loadAtStart = load();

let crashes = 0;
let slow = 0;
let unplaced = 0;
let accepted = 0;
const cases: (FuzzCase & { base: string })[] = [];
const started = Date.now();
for (let i = 0; i < count; i++) {
  const seed = firstSeed + i;
  const base = bases[seed % bases.length]!;
  const c = fuzzOnce(base.text, seed);
  cases.push({ ...c, base: base.name });
  if (c.ok) accepted++;
  if (c.crash) {
    crashes++;
    console.log(`CRASH seed ${seed} (${base.name}): ${c.crash}`);
  }
  if (c.ms > SLOW_MS) {
    slow++;
    console.log(`SLOW seed ${seed} (${base.name}): ${Math.round(c.ms)} ms [${c.mutations.join(', ')}]`);
  }
  if (c.unplaced.length > 0) {
    unplaced++;
    console.log(`UNPLACED seed ${seed} (${base.name}): ${c.unplaced.map((p) => p.message).join(' | ')}`);
  }
  if ((i + 1) % 500 === 0) console.log(`${i + 1} files, ${Math.round((Date.now() - started) / 1000)} s`);
}

const ms = cases.map((c) => c.ms).sort((a, b) => a - b);
const quantile = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0;
const round = (x: number) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));

// The slowest files loaded again three times: the least of those is what the file itself costs,
// apart from a collection or another process that happened to land on its first load.
console.log('\nslowest files (first load; least of 3 more):');
for (const c of [...cases].sort((a, b) => b.ms - a.ms).slice(0, 10)) {
  const base = bases.find((b) => b.name === c.base)!.text;
  const again = Math.min(...[0, 1, 2].map(() => fuzzOnce(base, c.seed).ms));
  console.log(
    `  seed ${c.seed} (${c.base}, ${(c.chars / 1e6).toFixed(1)} M chars): ${round(c.ms)} ms; ${round(again)} ms [${c.mutations.join(', ')}]`,
  );
}

// Each file's time counted for every class of mutation it had: the slowest classes by p99 and max.
const byClass = new Map<string, number[]>();
for (const c of cases) for (const m of new Set(c.mutations)) byClass.set(m, [...(byClass.get(m) ?? []), c.ms]);
console.log('\nmutation classes (files with it: count, median, p99, max ms):');
for (const [name, times] of [...byClass].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))) {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `  ${name.padEnd(24)} ${String(times.length).padStart(5)}  ${round(at(0.5)).padStart(6)}  ${round(at(0.99)).padStart(6)}  ${round(times.at(-1)!).padStart(6)}`,
  );
}

console.log(
  `\n${count} mutated files: ${crashes} crashes, ${slow} loads over ${SLOW_MS} ms, ` +
    `${unplaced} rejections naming no field or position, ${accepted} accepted`,
);
console.log(
  `load time: median ${round(quantile(0.5))} ms, p99 ${round(quantile(0.99))} ms, max ${round(ms.at(-1) ?? 0)} ms; ` +
    `load average ${loadAtStart} at the start, ${load()} at the end (1, 5, 15 min; 2 cores)`,
);
process.exitCode = crashes + slow + unplaced > 0 ? 1 : 0;
