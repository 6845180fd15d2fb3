/**
 * Run by stableFields.test.ts in a child process, `node --allow-natives-syntax --import tsx`: V8's
 * own tests of a function or an object (%GetOptimizationStatus, %HasFastProperties) need that flag
 * when the process starts, and tsx runs the engine as the command line does.
 *
 * Runs HMP Stafford until the engine's hottest methods are optimised, then compiles an edit of it
 * (another programme's groups a year, with the same fits, as an app's worker does) and runs that.
 * Prints, as JSON, which of those methods V8 had optimised before the edit and which still were
 * after it (a method whose code was thrown away is no longer), and which of the objects they read
 * keep fast properties.
 */
import { readFileSync } from 'node:fs';
import { CompileCache, compileScenario, loadScenario, simulateBatch, SimulationContext } from '../../src/index.js';
import type { Scenario } from '../../src/index.js';
import { Custody } from '../../src/engine/custody.js';
import { Referrals } from '../../src/engine/referrals.js';
import { WaitingLists } from '../../src/engine/waitingLists.js';
import { Replication } from '../../src/engine/replication.js';

// V8's %GetOptimizationStatus, which the command line's flag allows in code made at run time.
const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
// And %HasFastProperties: whether an object's fields are in slots of its own (not a dictionary).
const fastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: unknown) => boolean;
/** The status bit of a function running Turbofan's code (V8's OptimizationStatus::kTurboFanned). */
const TURBOFANNED = 1 << 6;

const methods: Record<string, unknown> = {
  arrive: (Custody.prototype as unknown as Record<string, unknown>)['arrive'],
  departures: (Custody.prototype as unknown as Record<string, unknown>)['departures'],
  assess: (Referrals.prototype as unknown as Record<string, unknown>)['assess'],
  join: (WaitingLists.prototype as unknown as Record<string, unknown>)['join'],
  weekByWeek: (Replication.prototype as unknown as Record<string, unknown>)['weekByWeek'],
};
const optimised = () => Object.keys(methods).filter((name) => (status(methods[name]) & TURBOFANNED) !== 0);

function stafford(groupsPerYear?: number): Scenario {
  const doc = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
    establishments: { programmes: { groupsPerYear: number }[] }[];
  };
  if (groupsPerYear !== undefined) doc.establishments[0].programmes[0].groupsPerYear = groupsPerYear;
  const loaded = loadScenario(doc);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.scenario;
}

const fits = new CompileCache();
const first = compileScenario(stafford(), { replications: 2000 }, fits);
const context = new SimulationContext(first, 'auto', fits);
// Until every method is optimised (Turbofan compiles on another thread), or 2,000 replications.
let replications = 0;
while (replications < 2000 && optimised().length < Object.keys(methods).length) {
  simulateBatch(first, replications, 20, undefined, context);
  replications += 20;
}
const before = optimised();
const edit = compileScenario(stafford(9), { replications: 2 }, fits);
const editContext = new SimulationContext(edit, 'auto', fits);
// The context's state (tables, warm-up) as its first replication builds it, with no replication run.
void editContext.shared;
void editContext.warmup;
const compiled = optimised();
simulateBatch(edit, 0, 1, undefined, editContext);
const ran = optimised();
// Which of the objects a replication reads keep their fields in slots (all should).
const objects: Record<string, unknown> = {
  compiled: edit,
  establishment: edit.establishments[0],
  needs: edit.needs,
  caseload: edit.caseload,
  derivedHistory: edit.start.derivedHistory,
  shared: editContext.shared,
};
const fast = Object.keys(objects).filter((name) => fastProperties(objects[name]));
process.stdout.write(JSON.stringify({ replications, before, compiled, ran, fast }));
