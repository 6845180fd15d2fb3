/**
 * An in-process validation worker: the real validation API exposed with Comlink over a
 * MessageChannel, as validation.worker.ts exposes it, so the Validator's messaging is exercised.
 */
import * as Comlink from 'comlink';
import type { Endpoint } from 'comlink';
import { createValidationApi, type ValidationApi } from '../../workers/validationApi.js';
import { Validator, type ValidationHandle } from '../../workers/validator.js';

export interface FakeValidationWorker extends ValidationHandle {
  terminated: boolean;
  crash(message: string): void;
}

export function validationWorker(api: ValidationApi = createValidationApi()): FakeValidationWorker {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port1 as unknown as Endpoint);
  let crashListener: ((e: Error) => void) | null = null;
  const worker: FakeValidationWorker = {
    api: Comlink.wrap<ValidationApi>(port2 as unknown as Endpoint),
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

/** A Validator over in-process workers running the real loader. */
export function inProcessValidator(timeoutMs?: number): Validator {
  return new Validator(() => validationWorker(), timeoutMs);
}
