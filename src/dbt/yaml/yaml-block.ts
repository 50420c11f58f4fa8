// A line-oriented loader for the block-style YAML that dbt property files are written in: three to four times as
// fast as js-yaml with its listener. It gives the same value and records the same lines as `loadYamlWithJsYaml`
// (yaml.ts), quirks included, and gives up (null) on anything else: tabs, CR, BOM, document markers, anchors,
// aliases, tags, `?` and `<<` keys, multi-line plain or quoted scalars, nested or multi-line flow collections,
// block scalars with an indentation indicator, and every syntax error, so that js-yaml reports it with its line.
import type { YamlLines } from './yaml.js';
import {
  COLON,
  DASH,
  HASH,
  MAX_DEPTH,
  NextOf,
  SPACE,
  ScalarReader,
  isRecordedKey,
  outside,
  resolvePlain,
  setProperty,
} from './yaml-scalar.js';
import { readBlockScalar } from './yaml-block-scalar.js';
import { isKeyOnly } from './yaml-pyyaml.js';

// Only non-ASCII text needs the precise test: js-yaml's non-printable characters, plus tab, CR and BOM.
const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;
const UNSAFE_CHARACTER = new RegExp(
  '[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\ufeff\\ufffe\\uffff]' +
    '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?:[^\\ud800-\\udbff]|^)[\\udc00-\\udfff]',
);

/** The value of a block-style document, its lines recorded in `lines`; throws `OutsideSubset` to fall back. */
export function parseBlockYaml(text: string, lines: YamlLines): { value: unknown } {
  if (NOT_PLAIN_ASCII.test(text) && UNSAFE_CHARACTER.test(text)) outside();
  if (text.startsWith('---') || text.startsWith('...') || text.includes('\n---') || text.includes('\n...')) outside();
  return { value: new BlockParser(text, lines).document() };
}

/**
 * `parseBlockYaml`, or null when the text is outside the subset. Any other exception (a bug here) also gives null:
 * js-yaml then loads the file, and the fast path can only ever cost time. Tests call `parseBlockYaml` to see bugs.
 */
export function loadBlockYaml(text: string, lines: YamlLines): { value: unknown } | null {
  try {
    return parseBlockYaml(text, lines);
  } catch {
    return null;
  }
}

/** What js-yaml gives for a text without content: undefined when it sees no document at all, else null. */
function emptyDocument(text: string): null | undefined {
  if (text.length === 0) return undefined;
  const input = text.endsWith('\n') ? text : `${text}\n`;
  let i = 0;
  while (input.charCodeAt(i) === SPACE) i++;
  return i < input.length - 1 ? null : undefined;
}

class BlockParser extends ScalarReader {
  // The current line: where it starts, where it ends (its '\n' or the end of the text), its first non-space
  // character, its indent (-1 at the end of the text, which closes every collection) and its 1-based number.
  private start = 0;
  private end = 0;
  private content = 0;
  private indent = 0;
  private line = 1;
  private eof = false;
  // Set by `keyAt`: the key (or, on a line without a key, a quoted scalar's value), the offset after the key's
  // colon, and where a scalar without a key ends (before trailing spaces and a comment).
  private key: unknown = null;
  private afterColon = 0;
  private scalarEnd = 0;
  private readonly colons = new NextOf(this.text, ':');
  private readonly hashes = new NextOf(this.text, '#');

  document(): unknown {
    this.at(0);
    this.skipBlank();
    if (this.eof) return emptyDocument(this.text);
    let value: unknown;
    if (this.isDash(this.content)) value = this.sequence(this.indent, this.content, 1);
    else if (this.keyAt(this.content)) value = this.mapping(this.indent, 1);
    else outside(); // a scalar document
    if (!this.eof) outside();
    return value;
  }

  private at(start: number): void {
    const text = this.text;
    if (start >= text.length) {
      this.eof = true;
      this.indent = -1;
      this.start = this.end = this.content = text.length;
      return;
    }
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    this.start = start;
    this.end = end;
    this.content = i;
    this.indent = i - start;
  }

  /** From the current line on, skips lines that are blank or hold only a comment. */
  private skipBlank(): void {
    while (!this.eof && (this.content === this.end || this.text.charCodeAt(this.content) === HASH)) {
      this.line++;
      this.at(this.end + 1);
    }
  }

  private next(): void {
    this.line++;
    this.at(this.end + 1);
    this.skipBlank();
  }

  private isDash(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && (i + 1 >= this.end || this.text.charCodeAt(i + 1) === SPACE);
  }

  /**
   * Whether `key:` starts at `i` on the current line. If so, sets `key` and `afterColon`; if not, the line holds
   * one scalar: a quoted one (its value in `key`, the offset after it in `pos`) or a plain one ending at
   * `scalarEnd`. Indicators that start neither (`[`, `&`, `|`...) leave the subset.
   */
  private keyAt(i: number): boolean {
    const text = this.text;
    const end = this.end;
    const c = text.charCodeAt(i);
    if (c === 0x27 || c === 0x22) {
      this.key = this.quoted(i, end);
      let j = this.pos;
      while (j < end && text.charCodeAt(j) === SPACE) j++;
      if (j >= end || text.charCodeAt(j) !== COLON) return false;
      if (j + 1 < end && text.charCodeAt(j + 1) !== SPACE) outside(); // `'a':b` is an error
      this.afterColon = j + 1;
      return true;
    }
    if (!this.plainStarts(i, end, false)) outside();
    // The scalar ends at the first `: ` (or `:` at the line's end), or before the first ` #`, or at the line's end.
    let colon = this.colons.after(i);
    let hash = this.hashes.after(i);
    for (;;) {
      if (hash < colon && hash < end) {
        if (text.charCodeAt(hash - 1) === SPACE) break;
        hash = this.hashes.after(hash + 1);
      } else if (colon >= end) {
        break;
      } else if (colon + 1 >= end || text.charCodeAt(colon + 1) === SPACE) {
        const raw = text.slice(i, this.trimmed(i, colon));
        if (raw === '<<') outside(); // a merge key
        this.key = resolvePlain(raw);
        this.afterColon = colon + 1;
        return true;
      } else {
        colon = this.colons.after(colon + 1);
      }
    }
    this.scalarEnd = this.trimmed(i, Math.min(hash, end));
    return false;
  }

  /** `to`, moved back over the spaces before it (but not before `from`). */
  private trimmed(from: number, to: number): number {
    while (to > from && this.text.charCodeAt(to - 1) === SPACE) to--;
    return to;
  }

  /** After `keyAt(i)` said no: the scalar, then on to the next line with content. */
  private scalarAt(i: number): unknown {
    let value: unknown;
    if (this.text.charCodeAt(i) === 0x27 || this.text.charCodeAt(i) === 0x22) {
      value = this.key;
      this.trailing(this.pos);
    } else {
      const raw = this.text.slice(i, this.scalarEnd);
      if (isKeyOnly(raw)) outside(); // `<<` or `=` as a value: an error for PyYAML, which js-yaml reports
      value = resolvePlain(raw);
    }
    this.next();
    return value;
  }

  /** After a quoted scalar or a flow collection, only spaces and a comment may follow on the line. */
  private trailing(i: number): void {
    while (i < this.end && this.text.charCodeAt(i) === SPACE) i++;
    if (i < this.end && this.text.charCodeAt(i) !== HASH) outside();
  }

  /**
   * A block mapping at indent `n` whose first key `keyAt` has just read. The listener records the line of its
   * first key and, for each scalar key (duplicates too), the key as a string and its line.
   */
  private mapping(n: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) outside();
    const object: Record<string, unknown> = {};
    // The lines record: the mapping's line (its first key's), then each recorded key and its line.
    const keys: Array<string | number> = [this.line];
    for (;;) {
      const key = this.key;
      const name = String(key);
      if (isRecordedKey(key)) keys.push(name, this.line);
      setProperty(object, name, this.value(n, this.afterColon, depth));
      if (this.indent < n) break;
      // More indented: a multi-line scalar or a syntax error. Same indent: the next key, or an error.
      if (this.indent > n || !this.keyAt(this.content)) outside();
    }
    this.out.recordEntry(object, keys);
    return object;
  }

  /** The value of a mapping key at indent `n`, from `i` (just after the colon). */
  private value(n: number, i: number, depth: number): unknown {
    const text = this.text;
    while (i < this.end && text.charCodeAt(i) === SPACE) i++;
    if (i < this.end && text.charCodeAt(i) !== HASH) {
      const c = text.charCodeAt(i);
      if (c === 0x7c || c === 0x3e) return this.blockScalar(n, i);
      if (c === 0x5b || c === 0x7b) return this.flowOnLine(i, depth + 1);
      if (this.keyAt(i)) outside(); // `a: b: c`
      return this.scalarAt(i);
    }
    this.next();
    if (this.indent > n) return this.nested(n, depth);
    // js-yaml lets a sequence sit at its key's indent (`key:` then `- a`).
    if (this.indent === n && this.isDash(this.content)) return this.sequence(n, this.content, depth + 1);
    return null;
  }

  /** A collection that starts on the line after its key or dash (the current line, indented more than `n`). */
  private nested(n: number, depth: number): unknown {
    if (this.isDash(this.content)) return this.sequence(this.indent, this.content, depth + 1);
    if (this.keyAt(this.content)) return this.mapping(this.indent, depth + 1);
    return outside(); // a scalar or a flow collection on its own line
  }

  private flowOnLine(i: number, depth: number): unknown[] | Record<string, unknown> {
    const value = this.flow(i, this.end, this.line, depth);
    this.trailing(this.pos);
    this.next();
    return value;
  }

  /**
   * A block sequence at indent `n`, its first dash at `i`. The listener records the line of each item: an item's
   * own line, or for `-` alone, the line where its content starts; a `-` followed by nothing more indented is a
   * null item, on its dash's line.
   */
  private sequence(n: number, i: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) outside();
    const text = this.text;
    const list: unknown[] = [];
    // The lines record: the sequence's line (its first item's, set at the end), then each item's line.
    const items: number[] = [0];
    for (;;) {
      let j = i + 1;
      while (j < this.end && text.charCodeAt(j) === SPACE) j++;
      if (j < this.end && text.charCodeAt(j) !== HASH) {
        items.push(this.line);
        list.push(this.item(n, j, depth));
      } else {
        const dash = this.line;
        this.next();
        if (this.indent > n) {
          items.push(this.line);
          list.push(this.nested(n, depth));
        } else {
          items.push(dash);
          list.push(null);
          // js-yaml then skips its indent check: a dash on a less indented line would join this sequence.
          if (this.indent >= 0 && this.indent < n && this.isDash(this.content)) outside();
        }
      }
      if (this.indent !== n || !this.isDash(this.content)) break;
      i = this.content;
    }
    if (this.indent > n) outside(); // a multi-line scalar or a syntax error
    items[0] = items[1] ?? 0;
    this.out.recordEntry(list, items);
    return list;
  }

  /** An item's content after `- ` on the same line: a compact mapping or sequence is allowed here. */
  private item(n: number, i: number, depth: number): unknown {
    const c = this.text.charCodeAt(i);
    if (this.isDash(i)) return this.sequence(i - this.start, i, depth + 1);
    if (c === 0x7c || c === 0x3e) return this.blockScalar(n, i);
    if (c === 0x5b || c === 0x7b) {
      // js-yaml reads `- [a, b]` as the key of a would-be compact mapping, so the item's node closes again over
      // the collection: its record becomes one entry, on this line (a mapping's, with no keys).
      const line = this.line;
      const value = this.flowOnLine(i, depth + 1);
      this.out.recordEntry(value, Array.isArray(value) ? [line, line] : [line]);
      return value;
    }
    if (this.keyAt(i)) return this.mapping(i - this.start, depth + 1);
    return this.scalarAt(i);
  }

  /** A literal or folded scalar whose header is at `i`, for a node at indent `n`; then the next line. */
  private blockScalar(n: number, i: number): string {
    const scalar = readBlockScalar(this.text, i, this.end, n);
    this.line += scalar.lines;
    this.at(scalar.next);
    this.skipBlank();
    return scalar.value;
  }
}
