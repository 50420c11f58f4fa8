// Scalars and one-line flow collections for the block-YAML fast path (`yaml-block.ts`). Every reader here either
// returns exactly what js-yaml (with the listener in `yaml.ts`) would, or calls `outside()` so that the whole file
// falls back to js-yaml. When in doubt, fall back: a slow file is fine, a different value or line is not.
import type { YamlLines } from './yaml.js';
import { isKeyOnly, plainScalar } from './yaml-pyyaml.js';
import { YamlValueError } from './yaml-timestamp.js';

/** Thrown (one shared instance, so no stack is captured) when the input leaves the subset. */
export class OutsideSubset extends Error {}
const OUTSIDE = new OutsideSubset('outside the block-YAML subset');

export function outside(): never {
  throw OUTSIDE;
}

export const SPACE = 0x20;
export const NEWLINE = 0x0a;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DASH = 0x2d;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/** The deepest nesting the fast path takes; js-yaml throws past 100 levels of its own counting, far above this. */
export const MAX_DEPTH = 40;

/**
 * A plain scalar's value as dbt reads it (yaml-pyyaml.ts, the very functions js-yaml gets through its schema). A
 * value PyYAML cannot construct (`2024-02-30`) leaves the subset: js-yaml reports it with its line.
 */
export function resolvePlain(raw: string): unknown {
  try {
    return plainScalar(raw);
  } catch (error) {
    if (error instanceof YamlValueError) outside();
    throw error;
  }
}

/** A flow scalar where it is a value: a plain `<<` or `=` there is an error for PyYAML, which js-yaml reports. */
function valueOf(scalar: { raw: string | null; value: unknown }): unknown {
  if (scalar.raw !== null && isKeyOnly(scalar.raw)) outside();
  return scalar.value;
}

/** Whether js-yaml's listener records a key: scalars (as the string js-yaml stores), not collections. */
export function isRecordedKey(key: unknown): boolean {
  return typeof key !== 'object' || key === null || key instanceof Date;
}

/** Sets a key as js-yaml does: `__proto__` becomes an own property, not the prototype. */
export function setProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  } else {
    object[key] = value;
  }
}

// YAML indicators: a plain scalar may not start with one of these.
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;

export function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

const ESCAPES: Record<string, string> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** js-yaml's `charFromCodepoint`, overflow and all. */
function charFromCodepoint(c: number): string {
  if (c <= 0xffff) return String.fromCharCode(c);
  return String.fromCharCode(((c - 0x010000) >> 10) + 0xd800, ((c - 0x010000) & 0x03ff) + 0xdc00);
}

/**
 * The next offset of one character, found by `indexOf` and kept: a line's `:` and `#` are found at native speed
 * without scanning each line twice, and a search for a character that comes late (`#` in a file without
 * comments) runs once, not once per line.
 */
export class NextOf {
  private from = 0;
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly character: string,
  ) {}

  /** The first offset at or after `i` that holds the character, or the text's length. */
  after(i: number): number {
    if (i < this.from || i > this.at) {
      const found = this.text.indexOf(this.character, i);
      this.at = found < 0 ? this.text.length : found;
      this.from = i;
    }
    return this.at;
  }
}

/**
 * Reads scalars and flow collections that end on their line. `text` is the whole file; each reader takes a start
 * offset and the offset of the line's end, and leaves the offset just after what it read in `pos`.
 */
export class ScalarReader {
  protected pos = 0;

  constructor(
    protected readonly text: string,
    protected readonly out: YamlLines,
  ) {}

  /** Whether a plain scalar can start at `i` (in a flow collection, `-`, `?` and `:` may not precede `,]}`). */
  protected plainStarts(i: number, end: number, inFlow: boolean): boolean {
    const c = this.text.charCodeAt(i);
    if (c < 128 && NOT_PLAIN_START[c] === 1) return false;
    if (c === DASH || c === 0x3f || c === COLON) {
      const next = i + 1 < end ? this.text.charCodeAt(i + 1) : NEWLINE;
      if (next === SPACE || next === NEWLINE || (inFlow && isFlowIndicator(next))) return false;
    }
    return true;
  }

  /** A quoted scalar that closes on its line (js-yaml folds multi-line ones: those fall back). */
  protected quoted(i: number, end: number): string {
    const text = this.text;
    if (text.charCodeAt(i) === SINGLE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf("'", from);
        if (close < 0 || close >= end) outside();
        if (text.charCodeAt(close + 1) !== SINGLE) {
          this.pos = close + 1;
          return value + text.slice(from, close);
        }
        value += text.slice(from, close + 1); // '' is one quote
        from = close + 2;
      }
    }
    let value = '';
    let from = i + 1;
    for (let j = from; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === DOUBLE) {
        this.pos = j + 1;
        return value + text.slice(from, j);
      }
      if (c !== BACKSLASH) continue;
      value += text.slice(from, j);
      const escape = text[j + 1] ?? '';
      const simple = Object.hasOwn(ESCAPES, escape) ? ESCAPES[escape] : undefined;
      const hexLength = Object.hasOwn(HEX_LENGTH, escape) ? (HEX_LENGTH[escape] ?? 0) : 0;
      if (simple !== undefined) {
        value += simple;
        j += 1;
      } else if (hexLength > 0 && j + 2 + hexLength <= end) {
        let code = 0;
        for (let k = j + 2; k < j + 2 + hexLength; k++) {
          const digit = parseInt(text[k] ?? '', 16);
          if (Number.isNaN(digit)) outside();
          code = (code << 4) + digit; // 32-bit shifts, as js-yaml computes it
        }
        value += charFromCodepoint(code);
        j += 1 + hexLength;
      } else {
        outside(); // an unknown escape (an error) or an escaped line break (a multi-line scalar)
      }
      from = j + 1;
    }
    return outside();
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,`, `[]{}`, `: ` or ` #`. */
  private flowScalar(i: number, end: number): { raw: string | null; value: unknown } {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === SINGLE || c === DOUBLE) {
      const value = this.quoted(i, end);
      return { raw: null, value };
    }
    if (!this.plainStarts(i, end, true)) outside();
    let j = i;
    let last = i; // just after the last non-space character
    for (; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === COLON) {
        const next = j + 1 < end ? text.charCodeAt(j + 1) : NEWLINE;
        if (next === SPACE || next === NEWLINE || isFlowIndicator(next)) break;
      } else if (ch === HASH) {
        if (text.charCodeAt(j - 1) === SPACE) break;
      } else if (isFlowIndicator(ch)) {
        break;
      }
      if (ch !== SPACE) last = j + 1;
    }
    this.pos = j;
    const raw = text.slice(i, last);
    return { raw, value: resolvePlain(raw) };
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    if (i >= end || this.text.charCodeAt(i) === HASH) outside(); // the collection goes on past this line
    return i;
  }

  /**
   * `[a, 'b']` or `{a: 1, b}` on one line, of scalars only. The listener records every entry on `line`: a
   * sequence's items, a mapping's scalar keys (nothing for an empty collection).
   */
  protected flow(i: number, end: number, line: number, depth: number): unknown[] | Record<string, unknown> {
    if (depth > MAX_DEPTH) outside();
    const text = this.text;
    const isMapping = text.charCodeAt(i) === 0x7b;
    const terminator = isMapping ? 0x7d : 0x5d;
    const list: unknown[] = [];
    const mapping: Record<string, unknown> = {};
    const keys: Array<string | number> = [];
    let count = 0;
    let readNext = true;
    i++;
    for (;;) {
      i = this.skipSpaces(i, end);
      const c = text.charCodeAt(i);
      if (c === terminator) {
        i++;
        break;
      }
      if (!readNext || c === COMMA || c === 0x5b || c === 0x7b) outside();
      const entry = this.flowScalar(i, end);
      i = this.skipSpaces(this.pos, end);
      if (text.charCodeAt(i) === COLON) {
        // A pair: only in a mapping (`[a: 1]` is a one-pair mapping inside a list), and never a merge key.
        if (!isMapping || entry.raw === '<<') outside();
        i = this.skipSpaces(i + 1, end);
        const next = text.charCodeAt(i);
        if (next === COMMA || next === terminator) outside(); // `{a: }`: a null value, kept out of the subset
        const value = valueOf(this.flowScalar(i, end));
        i = this.skipSpaces(this.pos, end);
        const key = String(entry.value);
        setProperty(mapping, key, value);
        if (isRecordedKey(entry.value)) keys.push(key, line);
      } else if (isMapping) {
        // An entry without a value (`{a, b: 1}`): its value is null, as in PyYAML.
        if (entry.raw === '<<') outside();
        const key = String(entry.value);
        setProperty(mapping, key, null);
        if (isRecordedKey(entry.value)) keys.push(key, line);
      } else {
        list.push(valueOf(entry));
      }
      count++;
      readNext = text.charCodeAt(i) === COMMA;
      if (readNext) i++;
    }
    this.pos = i;
    if (isMapping) {
      if (count > 0) this.out.record(mapping, { line, keys });
      return mapping;
    }
    if (count > 0) this.out.record(list, { line, items: new Array<number>(count).fill(line) });
    return list;
  }
}
