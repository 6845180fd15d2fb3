/**
 * The simulation worker: exposes the simulation API over Comlink and nothing else.
 * Loaded by `workers/spawn.ts` as a module worker.
 */
import * as Comlink from 'comlink';
import { createSimulationApi } from './api.js';

Comlink.expose(createSimulationApi());
