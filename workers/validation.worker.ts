/**
 * The validation worker: exposes the validation API over Comlink and nothing else. One per page,
 * apart from the simulation pool, so checking an edit never waits behind a run.
 */
import * as Comlink from 'comlink';
import { createValidationApi } from './validationApi.js';

Comlink.expose(createValidationApi());
