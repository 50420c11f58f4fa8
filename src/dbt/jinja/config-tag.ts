// `{{ config(materialized='table', tags=['a', 'b']) }}` read without the evaluator: a config() call whose keyword
// arguments are all literals (strings without escapes, integers, true/false/none in either case, lists and
// string-keyed dicts of those). It is the one tag besides ref() and source() that most model files hold, and
// running the whole evaluator for it costs a 5,000-model compile more than parsing its YAML does. Anything else
// (an escape, a float, a negative number, a tuple, a trailing comma, a positional argument, an expression, a
// repeated key) returns null and the file goes to the evaluator, which is the reference (scan-config.test.ts).

// Whitespace as the evaluator's lexer knows it (space, tab, CR, LF); anything else is left to the evaluator.
const SPACE = /[ \t\r\n]*/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING = /'([^'\\\n]*)'|"([^"\\\n]*)"/y;
const INTEGER = /(?:0|[1-9][0-9]*)(?![0-9A-Za-z_.])/y;
const OPEN = /\{\{-?([ \t\r\n]*)config\(/y;
const CLOSE = /[ \t\r\n]*-?\}\}/y;

/** Literals of Jinja's grammar that are names. */
const CONSTANTS: Record<string, boolean | null> = {
  true: true,
  True: true,
  false: false,
  False: false,
  none: null,
  None: null,
};

const FAIL = Symbol('not a literal');

class LiteralReader {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  private match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.at;
    const m = re.exec(this.text);
    if (m !== null) this.at = re.lastIndex;
    return m;
  }

  skip(): void {
    this.match(SPACE);
  }

  eat(char: string): boolean {
    this.skip();
    if (this.text[this.at] !== char) return false;
    this.at++;
    return true;
  }

  name(): string | null {
    this.skip();
    return this.match(NAME)?.[0] ?? null;
  }

  value(depth = 0): unknown {
    if (depth > 20) return FAIL;
    this.skip();
    const c = this.text[this.at];
    if (c === "'" || c === '"') {
      const m = this.match(STRING);
      return m === null ? FAIL : (m[1] ?? m[2]!);
    }
    if (c === '[') return this.list(depth);
    if (c === '{') return this.dict(depth);
    const integer = this.match(INTEGER);
    if (integer !== null) return Number(integer[0]);
    const name = this.match(NAME)?.[0];
    return name !== undefined && Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : FAIL;
  }

  private list(depth: number): unknown {
    this.at++;
    const items: unknown[] = [];
    if (this.eat(']')) return items;
    for (;;) {
      const item = this.value(depth + 1);
      if (item === FAIL) return FAIL;
      items.push(item);
      if (this.eat(']')) return items;
      if (!this.eat(',')) return FAIL;
    }
  }

  private dict(depth: number): unknown {
    this.at++;
    const out: Record<string, unknown> = {};
    if (this.eat('}')) return out;
    for (;;) {
      this.skip();
      const key = this.match(STRING);
      if (key === null) return FAIL;
      const name = key[1] ?? key[2]!;
      if (name === '__proto__' || !this.eat(':')) return FAIL;
      const value = this.value(depth + 1);
      if (value === FAIL) return FAIL;
      out[name] = value;
      if (this.eat('}')) return out;
      if (!this.eat(',')) return FAIL;
    }
  }
}

export interface ConfigTag {
  values: Record<string, unknown>;
  /** The text between `{{` (and its `-`) and `config`, for the line of the call. */
  lead: string;
  /** Offset just after the closing `}}`. */
  end: number;
}

/** The config() tag that starts at `open` (a `{{`), or null when it is not one of literals. */
export function readConfigTag(text: string, open: number): ConfigTag | null {
  OPEN.lastIndex = open;
  const head = OPEN.exec(text);
  if (head === null) return null;
  const reader = new LiteralReader(text, OPEN.lastIndex);
  const values: Record<string, unknown> = {};
  if (!reader.eat(')')) {
    for (;;) {
      const key = reader.name();
      if (key === null || key === '__proto__' || Object.hasOwn(values, key) || !reader.eat('=')) return null;
      const value = reader.value();
      if (value === FAIL) return null;
      values[key] = value;
      if (reader.eat(')')) break;
      if (!reader.eat(',')) return null;
    }
  }
  CLOSE.lastIndex = reader.at;
  if (CLOSE.exec(text) === null) return null;
  return { values, lead: head[1]!, end: CLOSE.lastIndex };
}
