/**
 * Starting real Web Workers for the pool. Kept apart from the pool so that the pool's tests can
 * hand it in-process fakes instead.
 */
import * as Comlink from 'comlink';
import type { SimulationApi } from './api.js';
import { poolSizeFor, WorkerPool, type WorkerHandle } from './pool.js';

export function spawnSimulationWorker(): WorkerHandle {
  // This exact `new Worker(new URL(...), { type: 'module' })` form is what Vite bundles as a worker.
  const worker = new Worker(new URL('./simulation.worker.ts', import.meta.url), {
    type: 'module',
    name: 'placewise-simulation',
  });
  const api = Comlink.wrap<SimulationApi>(worker);
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

/** A pool sized to this machine's cores (at least 1, at most 8). */
export function createBrowserPool(factory: () => WorkerHandle = spawnSimulationWorker): WorkerPool {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return new WorkerPool(factory, poolSizeFor(cores));
}
