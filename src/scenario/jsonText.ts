/**
 * Reading JSON text with errors a person can act on: the engines' own messages differ (and V8's
 * often give no position), so on failure a small scanner finds where and why the text broke.
 */
import type { Problem } from './problems.js';

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; problem: Problem };

export function parseJsonText(text: string): JsonParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows add a BOM
  if (body.trim() === '') return failure('the file is empty: expected a JSON object');
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    const found = findSyntaxError(body);
    if (found === undefined) return failure(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    const { line, column } = lineAndColumn(body, found.offset);
    return failure(`not valid JSON: ${found.what} at line ${line}, column ${column} (${found.expected})`);
  }
}

function failure(message: string): JsonParseResult {
  return { ok: false, problem: { path: '', message } };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface SyntaxFault {
  offset: number;
  what: string;
  expected: string;
}

/** Where a string went wrong and why. */
interface ScanFault {
  offset: number;
  expected: string;
}

type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'done';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** Scans the text as JSON; returns the first fault, or undefined if the scanner finds none. */
export function findSyntaxError(text: string): SyntaxFault | undefined {
  const stack: string[] = []; // open containers, '{' or '['; explicit so deep nesting cannot overflow
  let state: State = 'value';
  let pos = 0;
  const faultAt = (offset: number, expected: string): SyntaxFault => ({
    offset,
    what: describeAt(text, offset),
    expected,
  });
  const fault = (expected: string): SyntaxFault => faultAt(pos, expected);
  const afterValue = (): State => (stack.length === 0 ? 'done' : 'commaOrClose');

  for (;;) {
    while (pos < text.length && WHITESPACE.has(text[pos] ?? '')) pos++;
    if (pos >= text.length) return state === 'done' ? undefined : fault(expectation(state, stack));
    const ch = text[pos];
    switch (state) {
      case 'done':
        return fault('nothing more was expected after the end of the JSON data');
      case 'colon':
        if (ch !== ':') return fault('expected ":" after the field name');
        pos++;
        state = 'value';
        break;
      case 'key':
      case 'keyOrClose':
        if (ch === '}' && state === 'keyOrClose') {
          stack.pop();
          pos++;
          state = afterValue();
        } else if (ch === '"') {
          const end = scanString(text, pos);
          if (typeof end !== 'number') return faultAt(end.offset, end.expected);
          pos = end;
          state = 'colon';
        } else {
          return fault(expectation(state, stack));
        }
        break;
      case 'commaOrClose': {
        const top = stack[stack.length - 1];
        if (ch === ',') {
          pos++;
          state = top === '{' ? 'key' : 'value';
        } else if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
          stack.pop();
          pos++;
          state = afterValue();
        } else {
          return fault(expectation(state, stack));
        }
        break;
      }
      case 'value':
      case 'valueOrClose': {
        if (ch === ']' && state === 'valueOrClose') {
          stack.pop();
          pos++;
          state = afterValue();
          break;
        }
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          pos++;
          state = ch === '{' ? 'keyOrClose' : 'valueOrClose';
          break;
        }
        if (/^-?0[0-9]/.test(text.slice(pos, pos + 3)))
          return fault('a number cannot start with 0 unless it is 0 or 0.something');
        const end = scanScalar(text, pos);
        if (end === undefined) return fault(expectation(state, stack));
        if (typeof end !== 'number') return faultAt(end.offset, end.expected);
        pos = end;
        state = afterValue();
        break;
      }
    }
  }
}

function expectation(state: State, stack: readonly string[]): string {
  const close = stack[stack.length - 1] === '{' ? '"}"' : '"]"';
  switch (state) {
    case 'value':
      return stack.length > 0 ? 'expected a value; a trailing comma is not allowed' : 'expected a value';
    case 'valueOrClose':
      return 'expected a value or "]"';
    case 'key':
      return 'expected a field name in double quotes; a trailing comma is not allowed';
    case 'keyOrClose':
      return 'expected a field name in double quotes or "}"';
    case 'colon':
      return 'expected ":" after the field name';
    case 'commaOrClose':
      return `expected "," or ${close}`;
    case 'done':
      return 'nothing more was expected';
  }
}

/** The end offset of a string, number or literal starting at `pos`; undefined if none starts there. */
function scanScalar(text: string, pos: number): number | ScanFault | undefined {
  if (text[pos] === '"') return scanString(text, pos);
  NUMBER.lastIndex = pos;
  const number = NUMBER.exec(text);
  if (number !== null) return pos + number[0].length;
  const literal = LITERALS.find((word) => text.startsWith(word, pos));
  return literal === undefined ? undefined : pos + literal.length;
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function scanString(text: string, start: number): number | ScanFault {
  let pos = start + 1;
  while (pos < text.length) {
    const ch = text[pos] ?? '';
    if (ch === '"') return pos + 1;
    if (ch.charCodeAt(0) < 0x20)
      return { offset: pos, expected: 'line breaks and tabs inside a string must be written \\n and \\t' };
    if (ch === '\\') {
      const next = text[pos + 1] ?? '';
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
      else if (ESCAPES.has(next)) pos += 2;
      else return { offset: pos, expected: 'not a valid escape in a string' };
    } else {
      pos++;
    }
  }
  return { offset: start, expected: 'this string is never closed with a double quote' };
}

function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return 'unexpected end of file';
  const ch = text[pos] ?? '';
  if (ch === '\n' || ch === '\r') return 'unexpected line break';
  if (ch === '\t') return 'unexpected tab';
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos, pos + 40));
  return word !== null ? `unexpected ${JSON.stringify(word[0])}` : `unexpected ${JSON.stringify(ch)}`;
}
