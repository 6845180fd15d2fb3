/**
 * Components render into light DOM: one global stylesheet (with its print rules and uPlot's CSS)
 * styles the whole app, and a printed report needs no per-component print styles.
 */
import { LitElement } from 'lit';

export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

export type EditOp =
  | { op: 'set'; path: (string | number)[]; value: unknown }
  | { op: 'insert'; path: (string | number)[]; value: unknown; index?: number }
  | { op: 'remove'; path: (string | number)[]; index: number }
  | { op: 'move'; path: (string | number)[]; index: number; delta: -1 | 1 };

/** Every change to the scenario leaves a component as this event; the app applies it. */
export function emitEdit(from: EventTarget, edit: EditOp): void {
  from.dispatchEvent(new CustomEvent<EditOp>('pw-edit', { detail: edit, bubbles: true, composed: true }));
}

export function emit<T>(from: EventTarget, type: string, detail: T): void {
  from.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'pw-edit': CustomEvent<EditOp>;
  }
}
