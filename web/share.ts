/// <reference types="vite/client" />
/**
 * Share links: the scenario, deflated and base64url-encoded, in the URL's hash (`#s=...`).
 * The hash never reaches a server; opening the link restores the scenario on the reader's machine.
 *
 * Two forms of payload, both kept readable for good:
 *   v1 `<base64url>`: the whole scenario document (links made before November 2026);
 *   v2 `2.<base64url>`: `{b, h, p}`, the changes `p` (see json-patch.ts) from the built-in
 *      scenario `b`, whose text hashes to `h`. A built-in with an edit or two fits in a few
 *      hundred characters, where the whole of Stafford took 9,000.
 * A link uses whichever form is shorter.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { LIMITS } from '../src/scenario/limits.js';
import { applyPatch, diff, type Patch } from './json-patch.js';

export const SHARE_PARAM = 's';

/** Mail and chat tools are known to cut links longer than this. */
export const SAFE_LINK_LENGTH = 2000;

const V2 = '2.';

/**
 * The built-in scenarios a link may be based on, by a stable id (the file name, never reused):
 * every `scenarios/*.json` file, found as web/scenario/builtins.ts finds them for the picker, so a
 * new built-in is a base for links with no code change. Eager: links are encoded and decoded
 * synchronously.
 */
const BASE_FILES = import.meta.glob<string>(['../scenarios/*.json', '!../scenarios/placewise.schema.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const SHARE_BASES: readonly { id: string; text: string }[] = Object.entries(BASE_FILES).map(([path, text]) => ({
  id: path.slice(path.lastIndexOf('/') + 1, -'.json'.length),
  text,
}));

/** FNV-1a of a text, as 8 hex digits: enough to tell one version of a built-in from another. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function pack(text: string): string {
  return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

function unpack(payload: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(payload))
    throw new Error('The share link is damaged: it contains characters a share link never has.');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(payload);
  } catch {
    throw new Error('The share link is damaged: it is not valid base64url.');
  }
  return strFromU8(boundedInflate(bytes, LIMITS.fileChars));
}

class TooLarge extends Error {}

/**
 * Inflates at most `maxBytes`: a 14 KB link can inflate to hundreds of megabytes, so the input is
 * fed in small slices and decompression stops as soon as the output passes the limit.
 */
function boundedInflate(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new TooLarge();
    parts.push(chunk);
    if (final) finished = true;
  });
  const SLICE = 1024; // at most about a megabyte of output per slice (deflate's ratio is ~1000:1)
  try {
    for (let i = 0; i < bytes.length; i += SLICE) {
      inflater.push(bytes.subarray(i, i + SLICE), i + SLICE >= bytes.length);
    }
  } catch (e) {
    if (e instanceof TooLarge) {
      throw new Error(
        `The share link's scenario is too large: it unpacks to more than ${(maxBytes / 1_000_000).toFixed(0)} million characters, the most a scenario file may hold.`,
      );
    }
    throw new Error('The share link is damaged or cut short: its scenario cannot be decompressed.');
  }
  if (!finished) throw new Error('The share link is damaged or cut short: its scenario cannot be decompressed.');
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The whole scenario document as a (v1) payload. */
export function encodeShare(doc: unknown): string {
  return pack(JSON.stringify(doc));
}

/** The scenario as its changes from the built-in it differs least from (a v2 payload). */
export function encodeShareDiff(doc: unknown): string {
  let best: { id: string; hash: string; patch: Patch; size: number } | null = null;
  for (const base of SHARE_BASES) {
    const patch = diff(JSON.parse(base.text), doc);
    const size = JSON.stringify(patch).length;
    if (!best || size < best.size) best = { id: base.id, hash: textHash(base.text), patch, size };
  }
  return V2 + pack(JSON.stringify({ b: best!.id, h: best!.hash, p: best!.patch }));
}

/** The shorter payload of the two forms. */
export function encodeShortest(doc: unknown): string {
  const whole = encodeShare(doc);
  const changes = encodeShareDiff(doc);
  return changes.length < whole.length ? changes : whole;
}

function decodeV2(payload: string): string {
  let body: { b?: unknown; h?: unknown; p?: unknown };
  try {
    body = JSON.parse(unpack(payload)) as typeof body;
  } catch (e) {
    if (e instanceof SyntaxError) throw new Error('The share link is damaged: its changes are not readable.');
    throw e;
  }
  const base = SHARE_BASES.find((b) => b.id === body.b);
  if (!base)
    throw new Error(`The share link is based on a built-in scenario this version does not have (“${String(body.b)}”).`);
  if (body.h !== textHash(base.text))
    throw new Error(
      `The share link was made from another version of the built-in scenario “${base.id}”, so it cannot be opened exactly. Ask for the scenario as a file.`,
    );
  if (!Array.isArray(body.p)) throw new Error('The share link is damaged: its changes are not readable.');
  return JSON.stringify(applyPatch(JSON.parse(base.text), body.p as Patch));
}

/** The scenario's JSON text from a payload of either form; throws an Error saying what is wrong. */
export function decodeShare(payload: string): string {
  return payload.startsWith(V2) ? decodeV2(payload.slice(V2.length)) : unpack(payload);
}

/** A link to this page that carries the scenario; `pageUrl` is the page's address. */
export function shareUrl(pageUrl: string, doc: unknown): string {
  const url = new URL(pageUrl);
  url.hash = `${SHARE_PARAM}=${encodeShortest(doc)}`;
  return url.toString();
}

/** The share payload in a location hash ("#s=..."), or null when the hash carries none. */
export function sharePayload(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const value = params.get(SHARE_PARAM);
  return value === null ? null : value;
}
