// Seeded random block-style documents through the fast loader and js-yaml: documents built from the subset's
// pieces must take the fast path and load exactly as js-yaml loads them; mutated copies (a character inserted or
// deleted, a line re-indented...) may fall back, but whenever the fast path answers, it answers as js-yaml does.
import { compareLoaders, type Outcome } from './yaml-compare.js';
import { makeRandom } from '../../bench/generate.js';

const PLAIN = [
  ...['x', 'hello world', 'Orders by customer.', 'yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'NULL'],
  ...['true', 'True', 'FALSE', '0', '-0', '+1', '012', '0x1F', '0o17', '0b101', '1_000', '1e3', '1.5e-3', '.5'],
  ...[
    '.inf',
    '-.Inf',
    '.NaN',
    '2024-01-01',
    '2024-1-1 10:00:00',
    '2024-01-01T10:00:00Z',
    '2001-12-14t21:59:43.1-05:00',
  ],
  ...['a#b', 'a:b', 'http://x.y/z?q=1', "ref('orders')", "x {{ var('y') }}", '-a', ':a', '<<a', 'a]b', 'a, b'],
  // YAML 1.1 as PyYAML reads it: booleans, octal, underscores, base 60, floats that need a dot, timestamps.
  ...['Yes', 'ON', 'Off', 'NO', '08', '0b1_0', '0x_1F', '1:30', '-1:30', '1:30.5', '190:20:30', '1:60', '1.', '-.5'],
  ...['1.5e+3', '1e+3', '+.nan', '.NAN', '2024-02-29', '2023-02-29 1:2:3', '2024-1-1 10:00:00.1234567 +5:30', '=a'],
  ...['café', 'emoji 🎉', 'a  b', "it's", 'say "hi"', 'a !b', 'a &b', 'a *b', 'a | b', 'a > b', '?x', '1.0.0'],
];
const QUOTED = [
  ...["''", "'it''s'", "'a # b'", "'a: b'", "' lead'", "'true'", "'2024-01-01'", "'- x'", "'[a]'"],
  ...['"a # b"', '""', '"tab\\tx"', '"\\u00e9"', '"line\\nbreak"', '"1"', '"\\x41"', '"a\\"b"', '"#c"'],
];
const KEYS = [
  ...['name', 'description', 'columns', 'key with spaces', '1', '1.0', 'true', 'null', '~', '0x1F', '2024-01-01'],
  ...["'quoted key'", '"dq: key"', "'1'", 'a.b', '+materialized', 'x-y', 'a#b', '__proto__', 'constructor', 'no'],
  ...['yes', 'On', '012', '1_0', '1:30', '.5', '2024-01-01 10:00:00Z', '=', '~x'],
];
const FLOW_ITEMS = [
  'a',
  'b c',
  '1',
  'true',
  '~',
  "'q'",
  '"d q"',
  "'a, b'",
  '-1',
  '2024-01-01',
  'x.y',
  'off',
  '0_7',
  '1:30',
];
const WORDS = ['text', '#', 'a: b', '- item', "'q'", '"dq"', '|', '{x}', 'end.', '  indented'];

class Documents {
  constructor(private readonly random: () => number) {}

  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }

  document(): string {
    const indent = this.chance(0.1) ? 1 + this.int(2) : 0;
    const rows = this.chance(0.7) ? this.mapping(indent, 0) : this.sequence(indent, 0);
    if (this.chance(0.2)) rows.unshift('# a leading comment', '');
    const text = rows.join('\n');
    // Without a final break, a last line of spaces is left to js-yaml (yaml-block-scalar.ts): none is generated.
    return this.chance(0.9) ? `${text}\n` : text.replace(/ +$/, '');
  }

  private pad(n: number): string {
    return ' '.repeat(n);
  }
  private comment(): string {
    return this.chance(0.15) ? this.pick([' # c', '  # c: d', ' #']) : this.chance(0.05) ? '  ' : '';
  }
  private between(indent: number): string[] {
    if (this.chance(0.8)) return [];
    return [this.pick(['', '   ', `${this.pad(this.int(indent + 4))}# comment - a: b`])];
  }
  private scalar(): string {
    return this.chance(0.75) ? this.pick(PLAIN) : this.pick(QUOTED);
  }
  private flow(): string {
    const items = Array.from({ length: this.int(4) }, () => this.pick(FLOW_ITEMS));
    if (this.chance(0.5)) return items.length === 0 ? '[]' : `[${items.join(this.pick([', ', ',', ' , ']))}]`;
    // Some entries without a value (`{k0, k1: x}`): their value is null.
    const pairs = items.map((item, i) => {
      const key = this.pick([`k${i}`, `'k${i}'`, `${i}`, 'true', 'yes', '=']);
      return this.chance(0.2) ? key : `${key}: ${item}`;
    });
    return pairs.length === 0 ? '{}' : `{${pairs.join(', ')}}`;
  }

  /** A block scalar's header and lines, for a node whose parent is at indent `n`. */
  private blockScalar(n: number): [string, string[]] {
    const header = this.pick(['|', '>']) + this.pick(['', '-', '+']) + (this.chance(0.1) ? ' # c' : '');
    const content = n + 1 + this.int(3);
    const rows: string[] = [];
    if (this.chance(0.2)) rows.push(this.pad(this.int(content + 1)));
    // Before the first content line, a blank line with more spaces would raise the indent: not here.
    for (let i = this.int(6); i > 0; i--) {
      const first = rows.every((row) => row.trim() === '');
      if (this.chance(0.2)) rows.push(this.pad(this.int(first ? content + 1 : content + 3)));
      const extra = !first && this.chance(0.2) ? this.pad(1 + this.int(3)) : '';
      const words = `${this.pick(WORDS)} ${this.pick(WORDS)}`;
      rows.push(`${this.pad(content)}${extra}${first ? words.trimStart() : words}`);
    }
    for (let i = this.int(3); i > 0; i--) rows.push(this.pad(this.int(content + 2)));
    return [header, rows];
  }

  mapping(indent: number, depth: number): string[] {
    const rows: string[] = [];
    for (let i = 1 + this.int(4); i > 0; i--) {
      if (rows.length > 0) rows.push(...this.between(indent));
      const key = `${this.pad(indent)}${this.pick(KEYS)}${this.chance(0.1) ? ' ' : ''}:`;
      rows.push(...this.entry(key, indent, depth));
    }
    return rows;
  }

  /** `head` (a key and its colon, or a dash) and the value after it, for a node whose parent is at `indent`. */
  private entry(head: string, indent: number, depth: number, allowEmpty = true): string[] {
    const step = 1 + this.int(4);
    const roll = allowEmpty ? this.random() : this.random() * 0.4;
    const nest = depth < 4;
    if (roll < 0.4 || (!nest && roll >= 0.7)) return [`${head} ${this.scalar()}${this.comment()}`];
    if (roll < 0.5) return [`${head}${this.comment()}`];
    if (roll < 0.6) {
      const [header, rows] = this.blockScalar(indent);
      return [`${head} ${header}`, ...rows];
    }
    if (roll < 0.7) return [`${head} ${this.flow()}${this.comment()}`];
    if (roll < 0.85)
      return [`${head}${this.comment()}`, ...this.between(indent), ...this.mapping(indent + step, depth + 1)];
    const same = head.trimStart().startsWith('-') ? false : this.chance(0.4);
    return [`${head}${this.comment()}`, ...this.sequence(same ? indent : indent + step, depth + 1)];
  }

  sequence(indent: number, depth: number): string[] {
    const rows: string[] = [];
    for (let i = 1 + this.int(4); i > 0; i--) {
      if (rows.length > 0) rows.push(...this.between(indent));
      const gap = 1 + (this.chance(0.1) ? this.int(3) : 0);
      const roll = this.random();
      if (roll < 0.3 && depth < 4) {
        // A compact mapping (`- name: x` with the next keys under `name`) or a compact sequence (`- - a`).
        const inner = this.chance(0.8)
          ? this.mapping(indent + 1 + gap, depth + 1)
          : this.sequence(indent + 1 + gap, depth + 1);
        inner[0] = `${this.pad(indent)}-${this.pad(gap)}${inner[0]?.trimStart() ?? ''}`;
        rows.push(...inner);
      } else if (roll < 0.4 && i > 1) {
        rows.push(`${this.pad(indent)}-${this.comment()}`); // a null item
      } else {
        // Never a null item last: a less indented dash after it would join this sequence in js-yaml (a quirk
        // that the fast path leaves to js-yaml).
        rows.push(...this.entry(`${this.pad(indent)}-`, indent, depth, i > 1));
      }
    }
    return rows;
  }
}

const EDITS = [' ', ':', '-', '#', "'", '"', '|', '>', '[', ']', '{', '}', ',', '\n', '&', '*', '!', '?', '%', '\t'];

/** One to three small edits: a character inserted, deleted or replaced, a line re-indented, duplicated or moved. */
function mutate(text: string, documents: Documents): string {
  let result = text;
  for (let n = 1 + documents.int(3); n > 0; n--) {
    const at = documents.int(result.length + 1);
    const rows = result.split('\n');
    const row = documents.int(rows.length);
    switch (documents.int(5)) {
      case 0:
        result = result.slice(0, at) + documents.pick(EDITS) + result.slice(at);
        break;
      case 1:
        result = result.slice(0, at) + result.slice(at + 1);
        break;
      case 2:
        result = result.slice(0, at) + documents.pick(EDITS) + result.slice(at + 1);
        break;
      case 3:
        rows[row] = documents.chance(0.5) ? ` ${rows[row] ?? ''}` : (rows[row] ?? '').replace(/^ {1,2}/, '');
        result = rows.join('\n');
        break;
      default:
        rows.splice(documents.int(rows.length + 1), 0, rows[row] ?? '');
        result = rows.join('\n');
    }
  }
  return result;
}

describe('random block-style documents', () => {
  it('load on the fast path, exactly as js-yaml loads them', () => {
    const documents = new Documents(makeRandom(20240601));
    for (let i = 0; i < 3000; i++) {
      const text = documents.document();
      let outcome: Outcome;
      try {
        outcome = compareLoaders(text);
      } catch (error) {
        throw new Error(`document ${i}: ${(error as Error).message}\n${JSON.stringify(text)}`);
      }
      if (outcome !== 'fast') throw new Error(`document ${i} fell back:\n${JSON.stringify(text)}`);
    }
  });

  it('when mutated, fall back or load exactly as js-yaml loads them', () => {
    const documents = new Documents(makeRandom(7));
    const outcomes: Record<Outcome, number> = { fast: 0, fallback: 0 };
    for (let i = 0; i < 4000; i++) {
      const text = mutate(documents.document(), documents);
      try {
        outcomes[compareLoaders(text)]++;
      } catch (error) {
        throw new Error(`mutant ${i}: ${(error as Error).message}\n${JSON.stringify(text)}`);
      }
    }
    // Both sides of the fence are exercised: many mutants stay in the subset, many leave it.
    expect(outcomes.fast).toBeGreaterThan(800);
    expect(outcomes.fallback).toBeGreaterThan(800);
  });
});
