/**
 * In-process stand-ins for simulation workers: an API exposed with Comlink over a MessageChannel,
 * exactly as a real worker exposes it, so the pool's messaging (proxies, transfers) is exercised.
 */
import * as Comlink from 'comlink';
import type { Endpoint } from 'comlink';
import type { SimulationApi } from '../../workers/api.js';
import type { WorkerHandle } from '../../workers/pool.js';

export interface FakeWorker extends WorkerHandle {
  /** Make the worker die as an uncaught error would. */
  crash(message: string): void;
  terminated: boolean;
}

export function exposeInProcess(api: SimulationApi | object): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port1 as unknown as Endpoint);
  const remote = Comlink.wrap<SimulationApi>(port2 as unknown as Endpoint);
  let crashListener: ((e: Error) => void) | null = null;
  const worker: FakeWorker = {
    api: remote,
    terminated: false,
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
    onCrash(listener) {
      crashListener = listener;
    },
    crash(message) {
      crashListener?.(new Error(message));
    },
  };
  return worker;
}
