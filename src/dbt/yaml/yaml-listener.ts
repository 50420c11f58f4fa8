// Lines for js-yaml: a listener that sees every node open and close records the line of each mapping, key and
// list item. Two things js-yaml does not tell it are read back from the text: a `-` with nothing under it (a null
// item js-yaml pushes without composing a node), and a flow entry without a value (`{a, b: 1}`), which leaves a
// key without a value node after it. Knowing keys from values, it also finds plain `<<` and `=` used as values,
// which PyYAML cannot load.
import type { YamlLines } from './yaml.js';
import { KEY_ONLY_TAGS, keyOnlyReason } from './yaml-pyyaml.js';
import { isRecordedKey } from './yaml-scalar.js';

/** The part of js-yaml's loader state the listener reads. */
export interface ListenerState {
  input: string;
  line: number;
  position: number;
  result: unknown;
  kind: string | null;
  /** Not in js-yaml's typings, but set on every node. */
  tag?: string | null;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

// Per child of an open node, in `nums`: the 1-based line where it opened, the offsets where it opened and closed,
// and the 1-based line where it closed.
const LINE = 0;
const OPEN = 1;
const END = 2;
const END_LINE = 3;
const STRIDE = 4;

/**
 * Children of the open nodes live on flat stacks (their values, and their lines and offsets in one array of
 * numbers) and each open node remembers where its children start: no object per node, which keeps the garbage
 * collector out of the way on large files. Stacks shrink only when a node had children (setting an array's length
 * costs a call even when it does not change it).
 */
export class LineRecorder {
  /** js-yaml's state, as of now: where it was when a constructor threw. */
  state: ListenerState | null = null;
  /** The first plain `<<` or `=` found where a value is: PyYAML stops there. */
  problem: { line: number; reason: string } | null = null;
  /** Per open node: where its children start, its 1-based line and its offset. */
  private readonly open: number[] = [];
  private readonly values: unknown[] = [];
  private readonly nums: number[] = [];
  /** The children (indexes into `values`) that are a plain `<<` or `=`, in order. */
  private readonly keyOnly: number[] = [];

  /** `keyOnlyValues`: whether a plain `<<` or `=` value is a problem (it is for PyYAML, not for js-yaml). */
  constructor(
    private readonly lines: YamlLines,
    private readonly keyOnlyValues: boolean,
  ) {}

  readonly listener = (event: 'open' | 'close', state: ListenerState): void => {
    this.state = state;
    const open = this.open;
    if (event === 'open') {
      open.push(this.values.length, state.line + 1, state.position);
      return;
    }
    if (open.length < 3) return;
    const offset = open.pop() as number;
    const line = open.pop() as number;
    const start = open.pop() as number;
    const values = this.values;
    const result = state.result;
    if (values.length > start) {
      const isMapping = state.kind === 'mapping' && typeof result === 'object' && result !== null;
      if (Array.isArray(result)) this.recordSequence(state.input, result, start, line, offset, state.position);
      else if (isMapping) this.recordMapping(state.input, result, start);
      const flagged = this.keyOnly;
      if (flagged.length > 0 && (flagged[flagged.length - 1] ?? -1) >= start) {
        this.checkKeyOnly(state.input, start, isMapping);
      }
      values.length = start;
      this.nums.length = start * STRIDE;
    } else if (Array.isArray(result) && result.length > 0) {
      this.recordSequence(state.input, result, start, line, offset, state.position); // only null items
    }
    if (this.keyOnlyValues && typeof state.tag === 'string' && KEY_ONLY_TAGS.has(state.tag)) {
      this.keyOnly.push(values.length);
    }
    values.push(result);
    this.nums.push(line, offset, state.position, state.line + 1);
  };

  /** After the load: a document that is a plain `<<` or `=` alone is a value too. */
  finish(): void {
    if (this.keyOnly.length > 0) this.checkKeyOnly('', 0, false);
  }

  private num(child: number, field: number): number {
    return this.nums[child * STRIDE + field] ?? 0;
  }

  /** Takes the closing node's `<<` and `=` children off the list, noting the first that is not a mapping's key. */
  private checkKeyOnly(text: string, start: number, isMapping: boolean) {
    const keys = isMapping ? this.keyIndexes(text, start) : new Set<number>();
    const flagged = this.keyOnly;
    while (flagged.length > 0 && (flagged[flagged.length - 1] ?? -1) >= start) {
      const i = flagged.pop() as number;
      const line = this.num(i, END_LINE);
      if (keys.has(i) || (this.problem !== null && this.problem.line <= line)) continue; // the first in the text
      this.problem = { line, reason: keyOnlyReason(String(this.values[i])) };
    }
  }

  private recordSequence(text: string, list: unknown[], start: number, line: number, open: number, close: number) {
    const count = this.values.length - start;
    let items: number[] | null = null;
    // js-yaml reads `- [a, b]` as the would-be key of a compact mapping: the item's node closes again over the
    // collection, with the collection as its one child. That record stays as it is (the fast path mirrors it).
    if (list.length > count && (count === 0 || this.values[start] !== list)) {
      items = this.withNullItems(text, start, line, open, close, list.length);
    }
    if (items === null) {
      if (count === 0) return;
      items = [];
      for (let i = start; i < this.values.length; i++) items.push(this.num(i, LINE));
    }
    this.lines.record(list, { line: items[0] ?? line, items });
  }

  /**
   * Every item's line, null items included: between the end of one composed item and the start of the next, the
   * text holds only blanks, comments and dashes, the last of which is the next item's; the others are null items.
   * Null when the dashes do not add up (then the composed items' lines are kept, as before).
   */
  private withNullItems(text: string, start: number, line: number, open: number, close: number, length: number) {
    const items: number[] = [];
    let from = open;
    let fromLine = line;
    for (let i = start; i < this.values.length; i++) {
      const dashes = dashLines(text, from, this.num(i, OPEN), fromLine);
      if (dashes.length === 0) return null;
      items.push(...dashes.slice(0, -1), this.num(i, LINE));
      from = this.num(i, END);
      fromLine = this.num(i, END_LINE);
    }
    items.push(...dashLines(text, from, close, fromLine));
    return items.length === length ? items : null;
  }

  /**
   * A mapping's scalar keys and their lines. Children come as key, value, key, value... except after a key with
   * no value (`{a, b: 1}`, `? a` alone), which is the key whose next character, past blanks and comments, is not
   * the `:` of a value.
   */
  private recordMapping(text: string, mapping: object, start: number) {
    const keys: Array<string | number> = [];
    for (let i = start; i < this.values.length; i += this.hasValue(text, i) ? 2 : 1) {
      const key = this.values[i];
      if (isRecordedKey(key)) {
        const name = String(key);
        if (Object.hasOwn(mapping, name)) keys.push(name, this.num(i, LINE));
      }
    }
    this.lines.record(mapping, { line: this.num(start, LINE), keys });
  }

  /** Which of a mapping's children (from `start` on) are keys. */
  private keyIndexes(text: string, start: number): Set<number> {
    const keys = new Set<number>();
    for (let i = start; i < this.values.length; i += this.hasValue(text, i) ? 2 : 1) keys.add(i);
    return keys;
  }

  /** Whether the key that is child `i` has a value node after it: the `:` of a value follows it. */
  private hasValue(text: string, i: number): boolean {
    return nextCharacter(text, this.num(i, END)) === COLON;
  }
}

/** The 1-based lines of the sequence dashes in text[from, to), where `from` is on 1-based line `line`. */
function dashLines(text: string, from: number, to: number, line: number): number[] {
  const found: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
      line++;
    } else if (c === HASH) {
      while (i + 1 < to && text.charCodeAt(i + 1) !== LF && text.charCodeAt(i + 1) !== CR) i++;
    } else if (c === DASH && (i + 1 >= text.length || isBlank(text.charCodeAt(i + 1)))) {
      if (i === 0 || isBlank(text.charCodeAt(i - 1))) found.push(line);
    }
  }
  return found;
}

/** The first character at or after `i` that is not blank or in a comment (NaN at the end). */
function nextCharacter(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === HASH) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== LF && text.charCodeAt(i + 1) !== CR) i++;
    } else if (!isBlank(c)) {
      return c;
    }
  }
  return NaN;
}
