/**
 * Share links: the whole scenario, deflated and base64url-encoded, in the URL's hash (`#s=...`).
 * The hash never reaches a server; opening the link restores the scenario on the reader's machine.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { LIMITS } from '../src/scenario/limits.js';

export const SHARE_PARAM = 's';

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

/** The scenario document as the payload of a share link. */
export function encodeShare(doc: unknown): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }));
}

/** The scenario's JSON text from a payload; throws an Error saying what is wrong with the link. */
export function decodeShare(payload: string): string {
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

/** A link to this page that carries the scenario; `pageUrl` is the page's address. */
export function shareUrl(pageUrl: string, doc: unknown): string {
  const url = new URL(pageUrl);
  url.hash = `${SHARE_PARAM}=${encodeShare(doc)}`;
  return url.toString();
}

/** The share payload in a location hash ("#s=..."), or null when the hash carries none. */
export function sharePayload(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const value = params.get(SHARE_PARAM);
  return value === null ? null : value;
}
