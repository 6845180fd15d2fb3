/**
 * Starting real Web Workers for the pool. Kept apart from the pool so that the pool's tests can
 * hand it in-process fakes instead.
 */
import * as Comlink from 'comlink';
import type { SimulationApi } from './api.js';
import { WorkerPool, type WorkerHandle } from './pool.js';
import { poolSizeFor } from './chunks.js';
import { DEFAULT_SILENCE_MS } from './watchdog.js';
import type { ValidationApi } from './validationApi.js';
import { VALIDATION_TIMEOUT_MS, Validator, type ValidationHandle } from './validator.js';

export function spawnSimulationWorker(): WorkerHandle {
  // This exact `new Worker(new URL(...), { type: 'module' })` form is what Vite bundles as a worker.
  const worker = new Worker(new URL('./simulation.worker.ts', import.meta.url), {
    type: 'module',
    name: 'placewise-simulation',
  });
  return handle<SimulationApi>(worker);
}

export function spawnValidationWorker(): ValidationHandle {
  const worker = new Worker(new URL('./validation.worker.ts', import.meta.url), {
    type: 'module',
    name: 'placewise-validation',
  });
  return handle<ValidationApi>(worker);
}

/** A worker wrapped with Comlink, with its deaths outside a call reported to one listener. */
function handle<Api>(worker: Worker): {
  api: Comlink.Remote<Api>;
  terminate(): void;
  onCrash(listener: (error: Error) => void): void;
} {
  const api = Comlink.wrap<Api>(worker);
  let crashListener: ((error: Error) => void) | null = null;
  const crashed = (message: string) => crashListener?.(new Error(message));
  worker.addEventListener('error', (event: Event) => {
    event.preventDefault();
    const message =
      event instanceof ErrorEvent && event.message ? event.message : 'the worker failed to load or crashed';
    crashed(message);
  });
  worker.addEventListener('messageerror', () => crashed('a message from the worker could not be read'));
  return {
    api,
    terminate: () => worker.terminate(),
    onCrash: (listener) => {
      crashListener = listener;
    },
  };
}

/**
 * How long workers may fall silent before a run is ended: `?watchdog-seconds=N` in the page's
 * address overrides the default (for diagnosing a slow machine, and for the end-to-end test).
 */
function silenceMs(): number {
  const search = typeof location !== 'undefined' ? location.search : '';
  const seconds = Number(new URLSearchParams(search).get('watchdog-seconds'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_SILENCE_MS;
}

/** `?validation-seconds=N` in the page's address overrides the checker's time limit (for the end-to-end test). */
function validationLimitMs(): number {
  const search = typeof location !== 'undefined' ? location.search : '';
  const seconds = Number(new URLSearchParams(search).get('validation-seconds'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : VALIDATION_TIMEOUT_MS;
}

/** The page's scenario checker, one worker apart from the simulation pool. */
export function createBrowserValidator(factory: () => ValidationHandle = spawnValidationWorker): Validator {
  return new Validator(factory, validationLimitMs());
}

/** A pool sized to this machine's cores (at least 1, at most 8). */
export function createBrowserPool(factory: () => WorkerHandle = spawnSimulationWorker): WorkerPool {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return new WorkerPool(factory, poolSizeFor(cores), silenceMs());
}
