// Recursive-descent parser for Jinja expressions, following Jinja2's precedence (parser.py).
// Slightly over 300 lines: the precedence levels read best side by side in one file.
import type { Expr, FilterCall, Kwarg, Param } from './ast.js';
import { ExprSyntaxError, type ExprToken } from './expr-lexer.js';

const CMP_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const LITERAL_NAMES = new Map<string | number, unknown>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['none', null],
  ['None', null],
]);

/** Names after `is <test>` that end the test rather than give its argument (Jinja's parse_test). */
const TEST_STOP_WORDS: ReadonlySet<string> = new Set(['else', 'or', 'and', 'is']);

/** Parser over one tag's tokens. Throws ExprSyntaxError, which the template parser turns into a diagnostic. */
export class ExprParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: ExprToken[]) {}

  peek(offset = 0): ExprToken {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)] as ExprToken;
  }
  next(): ExprToken {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  atEnd(): boolean {
    return this.peek().type === 'eof';
  }
  isOp(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'op' && t.value === v;
  }
  isName(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'name' && t.value === v;
  }
  skipOp(v: string): boolean {
    if (!this.isOp(v)) return false;
    this.next();
    return true;
  }
  skipName(v: string): boolean {
    if (!this.isName(v)) return false;
    this.next();
    return true;
  }
  fail(message: string): never {
    throw new ExprSyntaxError(message, this.peek().line);
  }
  expectOp(v: string): ExprToken {
    if (!this.isOp(v)) this.fail(`Expected \`${v}\`, found \`${String(this.peek().value) || 'end of tag'}\`.`);
    return this.next();
  }
  expectName(): string {
    const t = this.peek();
    if (t.type !== 'name') this.fail(`Expected a name, found \`${String(t.value) || 'end of tag'}\`.`);
    this.next();
    return t.value as string;
  }
  expectEnd(): void {
    if (!this.atEnd()) this.fail(`Unexpected \`${String(this.peek().value)}\`.`);
  }

  /** A full expression; a bare comma list becomes a tuple (as in `{% set x = 1, 2 %}`). */
  parseTuple(): Expr {
    const line = this.peek().line;
    const first = this.parseExpression();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.skipOp(',')) {
      if (this.atEnd() || this.isOp(')')) break;
      items.push(this.parseExpression());
    }
    return { k: 'tuple', items, line };
  }

  parseExpression(): Expr {
    let expr = this.parseOr();
    while (this.isName('if')) {
      const line = this.next().line;
      const test = this.parseOr();
      const otherwise = this.skipName('else') ? this.parseExpression() : null;
      expr = { k: 'cond', test, then: expr, otherwise, line };
    }
    return expr;
  }

  /** An expression without a trailing `if`, for `for ... in <iter> if <filter>`. */
  parseNoCond(): Expr {
    return this.parseOr();
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const line = this.next().line;
      left = { k: 'or', left, right: this.parseAnd(), line };
    }
    return left;
  }
  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const line = this.next().line;
      left = { k: 'and', left, right: this.parseNot(), line };
    }
    return left;
  }
  private parseNot(): Expr {
    if (this.isName('not')) {
      const line = this.next().line;
      return { k: 'not', operand: this.parseNot(), line };
    }
    return this.parseCompare();
  }
  private parseCompare(): Expr {
    const first = this.parseBinary(0);
    const ops: string[] = [];
    const rest: Expr[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'op' && CMP_OPS.has(t.value as string)) ops.push(this.next().value as string);
      else if (this.isName('in')) ops.push((this.next(), 'in'));
      else if (this.isName('not') && this.isName('in', 1)) ops.push((this.next(), this.next(), 'notin'));
      else break;
      rest.push(this.parseBinary(0));
    }
    return ops.length === 0 ? first : { k: 'cmp', first, ops, rest, line: first.line };
  }

  /** Binary levels from loosest to tightest: + -, then ~, then * / // %, then **. */
  private static readonly LEVELS: ReadonlyArray<ReadonlySet<string>> = [
    new Set(['+', '-']),
    new Set(['~']),
    new Set(['*', '/', '//', '%']),
    new Set(['**']),
  ];
  private parseBinary(level: number): Expr {
    const ops = ExprParser.LEVELS[level];
    if (ops === undefined) return this.parseUnary(true);
    let left = this.parseBinary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || !ops.has(t.value as string)) return left;
      this.next();
      left = { k: 'bin', op: t.value as string, left, right: this.parseBinary(level + 1), line: t.line };
    }
  }
  private parseUnary(withFilter: boolean): Expr {
    // Bounded so that pathological nesting is a syntax error, not a stack overflow.
    if (this.depth > 100) this.fail('Expression nested too deeply.');
    this.depth++;
    try {
      return this.parseUnaryInner(withFilter);
    } finally {
      this.depth--;
    }
  }
  private parseUnaryInner(withFilter: boolean): Expr {
    const t = this.peek();
    let node: Expr;
    if (t.type === 'op' && (t.value === '-' || t.value === '+')) {
      this.next();
      node = { k: t.value === '-' ? 'neg' : 'pos', operand: this.parseUnary(false), line: t.line };
    } else {
      node = this.parsePostfix(this.parsePrimary(), t.pos);
    }
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(): Expr {
    const t = this.next();
    if (t.type === 'name') {
      const name = t.value as string;
      if (LITERAL_NAMES.has(name)) return { k: 'lit', value: LITERAL_NAMES.get(name), line: t.line };
      return { k: 'name', name, line: t.line };
    }
    if (t.type === 'str') {
      let s = t.value as string;
      while (this.peek().type === 'str') s += this.next().value as string;
      return { k: 'lit', value: s, line: t.line };
    }
    if (t.type === 'num')
      return t.float
        ? { k: 'lit', value: t.value, line: t.line, float: true }
        : { k: 'lit', value: t.value, line: t.line };
    if (t.type === 'op' && t.value === '(') {
      if (this.skipOp(')')) return { k: 'tuple', items: [], line: t.line };
      const e = this.parseTuple();
      this.expectOp(')');
      return e;
    }
    if (t.type === 'op' && t.value === '[') {
      const items: Expr[] = [];
      while (!this.isOp(']')) {
        items.push(this.parseExpression());
        if (!this.skipOp(',')) break;
      }
      this.expectOp(']');
      return { k: 'list', items, line: t.line };
    }
    if (t.type === 'op' && t.value === '{') {
      const keys: Expr[] = [];
      const values: Expr[] = [];
      while (!this.isOp('}')) {
        keys.push(this.parseExpression());
        this.expectOp(':');
        values.push(this.parseExpression());
        if (!this.skipOp(',')) break;
      }
      this.expectOp('}');
      return { k: 'dict', keys, values, line: t.line };
    }
    throw new ExprSyntaxError(`Unexpected \`${String(t.value) || 'end of tag'}\`.`, t.line);
  }

  private parsePostfix(node: Expr, start: number): Expr {
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op') return node;
      if (t.value === '.') {
        this.next();
        const a = this.next();
        if (a.type !== 'name' && a.type !== 'num') this.fail('Expected an attribute name after `.`.');
        node = { k: 'attr', obj: node, name: String(a.value), line: a.line };
      } else if (t.value === '[') {
        this.next();
        node = this.parseSubscript(node, t.line);
      } else if (t.value === '(') {
        this.next();
        const { args, kwargs } = this.parseCallArgs();
        const end = this.expectOp(')').pos + 1;
        node = { k: 'call', fn: node, args, kwargs, start, end, line: node.line };
      } else {
        return node;
      }
    }
  }
  private parseSubscript(obj: Expr, line: number): Expr {
    const start = this.isOp(':') ? null : this.parseExpression();
    if (this.skipOp(':')) {
      const stop = this.isOp(']') || this.isOp(':') ? null : this.parseExpression();
      const step = this.skipOp(':') && !this.isOp(']') ? this.parseExpression() : null;
      this.expectOp(']');
      return { k: 'slice', obj, start, stop, step, line };
    }
    this.expectOp(']');
    return { k: 'item', obj, index: start as Expr, line };
  }

  /** Arguments up to (not including) `)`. `*x` and `**x` become kwargs named `*` and `**`. */
  parseCallArgs(): { args: Expr[]; kwargs: Kwarg[] } {
    const args: Expr[] = [];
    const kwargs: Kwarg[] = [];
    while (!this.isOp(')') && !this.atEnd()) {
      if (this.isOp('*') || this.isOp('**')) {
        const star = this.next().value as string;
        kwargs.push({ name: star, value: this.parseExpression() });
      } else if (this.peek().type === 'name' && this.isOp('=', 1)) {
        const name = this.next().value as string;
        this.next();
        kwargs.push({ name, value: this.parseExpression() });
      } else {
        args.push(this.parseExpression());
      }
      if (!this.skipOp(',')) break;
    }
    return { args, kwargs };
  }

  /** `name(a, b=1)` parameter lists of macros and call blocks, after the opening `(`. */
  parseParams(): Param[] {
    const params: Param[] = [];
    while (!this.isOp(')')) {
      const name = this.expectName();
      params.push({ name, default: this.skipOp('=') ? this.parseExpression() : null });
      if (!this.skipOp(',')) break;
    }
    this.expectOp(')');
    return params;
  }

  /** One filter after `|` (or at the start of a `{% filter %}` tag). */
  parseFilter(): FilterCall {
    const line = this.peek().line;
    let name = this.expectName();
    while (this.skipOp('.')) name += `.${this.expectName()}`;
    if (!this.skipOp('(')) return { name, args: [], kwargs: [], line };
    const { args, kwargs } = this.parseCallArgs();
    this.expectOp(')');
    return { name, args, kwargs, line };
  }

  /** Whether a test's argument follows without parentheses: a name (but a keyword), a string, number, list or dict. */
  private startsTestArgument(): boolean {
    const t = this.peek();
    if (t.type === 'str' || t.type === 'num') return true;
    if (t.type === 'name') return !TEST_STOP_WORDS.has(String(t.value));
    return t.type === 'op' && (t.value === '[' || t.value === '{');
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.skipOp('|')) {
        const f = this.parseFilter();
        node = { k: 'filter', value: node, name: f.name, args: f.args, kwargs: f.kwargs, line: f.line };
      } else if (this.isName('is')) {
        const line = this.next().line;
        const negate = this.skipName('not');
        let name = this.expectName();
        while (this.skipOp('.')) name += `.${this.expectName()}`;
        let args: Expr[] = [];
        if (this.skipOp('(')) {
          args = this.parseCallArgs().args;
          this.expectOp(')');
        } else if (this.startsTestArgument()) {
          // Jinja's parse_test: one argument without parentheses, a primary with its postfix (`is in ['a']`,
          // `is eq other.name`, `is divisibleby 3`).
          const at = this.peek().pos;
          args = [this.parsePostfix(this.parsePrimary(), at)];
        }
        node = { k: 'test', value: node, name, args, negate, line };
      } else {
        return node;
      }
    }
  }
}
