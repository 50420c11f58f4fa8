// Builds the statement tree (if/for/set/macro/call/filter/do) from template tokens, reporting syntax errors as values.
import type { Branch, Expr, FilterCall, Node, Param, SetTarget } from './ast.js';
import { ExprParser } from './expr-parser.js';
import { ExprSyntaxError, lexExpr } from './expr-lexer.js';
import type { TagToken, TemplateToken } from './lexer.js';
import type { ScanDiagnostic } from './types.js';
import { UNKNOWN } from './values.js';
import { simpleCall } from './simple-call.js';

interface EndTag {
  tag: string;
  p: ExprParser;
  line: number;
  token: TagToken;
}

/** Tags that open a block whose body is a definition dbt does not run as part of this file. */
const SKIPPED_BLOCKS: Record<string, string> = {
  materialization: 'endmaterialization',
  docs: 'enddocs',
};
/** Generic test definitions: dbt's macro `test_<name>`, which it runs when it renders a test. */
const TEST_BLOCKS: Record<string, string> = { test: 'endtest', data_test: 'enddata_test' };
/** Tags whose body is rendered in place. */
const TRANSPARENT_BLOCKS: Record<string, string> = {
  snapshot: 'endsnapshot',
  block: 'endblock',
  autoescape: 'endautoescape',
};

const MAX_NESTING = 100;
class NestingError {
  constructor(readonly token: TemplateToken | undefined) {}
}

class TemplateParser {
  private pos = 0;
  /** `{% for %}` bodies being parsed (a macro's body starts at none): where `{% break %}` is allowed. */
  private loops = 0;
  private readonly open: string[][] = [];
  constructor(
    private readonly text: string,
    private readonly tokens: TemplateToken[],
    readonly diagnostics: ScanDiagnostic[],
  ) {}

  private error(line: number, message: string): void {
    this.diagnostics.push({ code: 'jinja-syntax', severity: 'error', message, line });
  }

  /** Parses nodes until one of `ends` (returned) or the end of input / an enclosing block's end tag (null). */
  parseBody(ends: string[]): { nodes: Node[]; end: EndTag | null } {
    const nodes: Node[] = [];
    if (this.open.length > MAX_NESTING) throw new NestingError(this.tokens[this.pos - 1]);
    this.open.push(ends);
    try {
      while (this.pos < this.tokens.length) {
        const tok = this.tokens[this.pos++] as TemplateToken;
        if (tok.kind === 'text') {
          nodes.push({ k: 'text', start: tok.start, end: tok.end });
          continue;
        }
        if (tok.kind === 'out') {
          const simple = simpleCall(this.text, tok);
          if (simple !== null) {
            nodes.push({ k: 'out', expr: simple, line: tok.line });
            continue;
          }
        }
        const toks = lexExpr(this.text, tok.start, tok.end, tok.line);
        if (toks instanceof ExprSyntaxError) {
          this.error(toks.line, toks.message);
          continue;
        }
        const p = new ExprParser(toks);
        if (tok.kind === 'out') {
          const expr = this.guard(() => {
            const e = p.parseTuple();
            p.expectEnd();
            return e;
          });
          if (expr !== null) nodes.push({ k: 'out', expr, line: tok.line });
          continue;
        }
        const tag = p.peek().type === 'name' ? (p.next().value as string) : '';
        if (ends.includes(tag)) return { nodes, end: { tag, p, line: tok.line, token: tok } };
        if (this.open.some((e) => e.includes(tag))) {
          this.pos--; // Belongs to an enclosing block: this one is unclosed.
          return { nodes, end: null };
        }
        const node = this.statement(tag, p, tok);
        if (node !== null) nodes.push(node);
      }
      return { nodes, end: null };
    } finally {
      this.open.pop();
    }
  }

  private guard<T>(f: () => T): T | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof ExprSyntaxError) {
        this.error(e.line, e.message);
        return null;
      }
      throw e;
    }
  }

  private body(tag: string, line: number, ends: string[]): { nodes: Node[]; end: EndTag | null } {
    const r = this.parseBody(ends);
    if (r.end === null) this.error(line, `Block \`{% ${tag} %}\` opened on line ${line} is never closed.`);
    return r;
  }

  private statement(tag: string, p: ExprParser, tok: TagToken): Node | null {
    const line = tok.line;
    switch (tag) {
      case 'if':
        return this.ifStatement(p, tok);
      case 'for':
        return this.forStatement(p, tok);
      case 'set':
        return this.setStatement(p, line);
      case 'macro':
      case 'test':
      case 'data_test': {
        const head = this.guard(() => {
          const name = p.expectName();
          const params = p.skipOp('(') ? p.parseParams() : [];
          return { name: tag === 'macro' ? name : `test_${name}`, params };
        });
        const loops = this.loops;
        this.loops = 0;
        const body = this.body(tag, line, [TEST_BLOCKS[tag] ?? 'endmacro']).nodes;
        this.loops = loops;
        if (head === null) return null;
        const node: Node = { k: 'macro', name: head.name, params: head.params, body, line };
        // A generic test definition: dbt reads only these from tests/generic.
        if (tag !== 'macro') node.test = true;
        return node;
      }
      case 'call': {
        const head = this.guard(() => {
          const params: Param[] = p.skipOp('(') ? p.parseParams() : [];
          const call = p.parseExpression();
          if (call.k !== 'call') p.fail('`{% call %}` needs a macro call.');
          return { params, call };
        });
        // A call block's body runs inside the macro it calls, outside any loop around it (as a macro's body).
        const loops = this.loops;
        this.loops = 0;
        const body = this.body(tag, line, ['endcall']).nodes;
        this.loops = loops;
        return head === null ? null : { k: 'callblock', call: head.call, params: head.params, body, line };
      }
      case 'filter': {
        const filters = this.guard(() => this.filterChain(p)) ?? [];
        return { k: 'filterblock', filters, body: this.body(tag, line, ['endfilter']).nodes, line };
      }
      case 'do': {
        const expr = this.guard(() => p.parseTuple());
        return expr === null ? null : { k: 'do', expr, line };
      }
      case 'break':
      case 'continue':
        if (this.guard(() => p.expectEnd()) === null) return null;
        // Jinja refuses them outside a loop (a macro's body is outside the loop that calls it).
        if (this.loops === 0) {
          this.error(line, `\`{% ${tag} %}\` outside a loop.`);
          return null;
        }
        return { k: tag, line };
      case 'with': {
        const head = this.guard(() => {
          const targets: string[] = [];
          const values: Expr[] = [];
          while (!p.atEnd()) {
            if (targets.length > 0) p.expectOp(',');
            targets.push(p.expectName());
            p.expectOp('=');
            values.push(p.parseExpression());
          }
          return { targets, values };
        });
        const body = this.body(tag, line, ['endwith']).nodes;
        // A head that does not parse still renders its body (where its names are unknown).
        return { k: 'with', targets: head?.targets ?? [], values: head?.values ?? [], body, line };
      }
      default: {
        const skipped = SKIPPED_BLOCKS[tag];
        if (skipped !== undefined) {
          this.body(tag, line, [skipped]);
          return null;
        }
        const transparent = TRANSPARENT_BLOCKS[tag];
        if (transparent !== undefined) return { k: 'block', body: this.body(tag, line, [transparent]).nodes };
        if (/^(end|elif$|else$)/.test(tag)) this.error(line, `Unexpected \`{% ${tag} %}\` with no open block.`);
        // Any other tag (extends, import, include, custom extensions) is skipped tolerantly.
        return null;
      }
    }
  }

  private filterChain(p: ExprParser): FilterCall[] {
    const filters = [p.parseFilter()];
    while (p.skipOp('|')) filters.push(p.parseFilter());
    p.expectEnd();
    return filters;
  }

  private condition(p: ExprParser, tok: TagToken): { cond: Expr; text: string } {
    const from = p.peek().pos;
    const text = this.text.slice(from, tok.end).trim();
    const cond = this.guard(() => {
      const e = p.parseExpression();
      p.expectEnd();
      return e;
    });
    return { cond: cond ?? { k: 'lit', value: UNKNOWN, line: tok.line }, text };
  }

  private ifStatement(p: ExprParser, tok: TagToken): Node {
    const branches: Branch[] = [];
    let head: { cond: Expr | null; text: string } = this.condition(p, tok);
    let headLine = tok.line;
    for (;;) {
      const r = this.body('if', tok.line, ['elif', 'else', 'endif']);
      branches.push({ cond: head.cond, body: r.nodes, line: headLine, text: head.text });
      if (r.end === null || r.end.tag === 'endif') break;
      headLine = r.end.line;
      head = r.end.tag === 'elif' ? this.condition(r.end.p, r.end.token) : { cond: null, text: 'else' };
    }
    return { k: 'if', branches, line: tok.line };
  }

  private forStatement(p: ExprParser, tok: TagToken): Node {
    const iterStart = { pos: tok.end };
    const head = this.guard(() => {
      const targets: string[] = [];
      const paren = p.skipOp('(');
      do targets.push(p.expectName());
      while (p.skipOp(','));
      if (paren) p.expectOp(')');
      if (!p.skipName('in')) p.fail('Expected `in` in `{% for %}`.');
      iterStart.pos = p.peek().pos;
      const iter = p.parseNoCond();
      const filter = p.skipName('if') ? p.parseNoCond() : null;
      const recursive = p.skipName('recursive');
      p.expectEnd();
      return { targets, iter, filter, recursive };
    });
    this.loops++;
    const r = this.body('for', tok.line, ['else', 'endfor']);
    this.loops--;
    const otherwise = r.end?.tag === 'else' ? this.body('for', tok.line, ['endfor']).nodes : [];
    const node: Extract<Node, { k: 'for' }> = {
      k: 'for',
      targets: head?.targets ?? [],
      iter: head?.iter ?? { k: 'lit', value: UNKNOWN, line: tok.line },
      filter: head?.filter ?? null,
      body: r.nodes,
      otherwise,
      line: tok.line,
      text: this.text
        .slice(iterStart.pos, tok.end)
        .trim()
        .replace(/\s+recursive$/, ''),
    };
    if (head?.recursive === true) node.recursive = true;
    return node;
  }

  private setStatement(p: ExprParser, line: number): Node | null {
    const head = this.guard(() => {
      const targets: SetTarget[] = [];
      do {
        const name = p.expectName();
        targets.push(p.skipOp('.') ? { ns: name, attr: p.expectName() } : { name });
      } while (p.skipOp(','));
      if (!p.skipOp('='))
        return { targets, expr: null, filters: p.atEnd() ? [] : (p.expectOp('|'), this.filterChain(p)) };
      const expr = p.parseTuple();
      p.expectEnd();
      return { targets, expr, filters: [] };
    });
    if (head === null) return null;
    if (head.expr !== null) return { k: 'set', targets: head.targets, expr: head.expr, line };
    const target = head.targets[0];
    const body = this.body('set', line, ['endset']).nodes;
    if (target === undefined || !('name' in target)) return null;
    return { k: 'setblock', name: target.name, filters: head.filters, body, line };
  }
}

export function parseTemplate(text: string, tokens: TemplateToken[], diagnostics: ScanDiagnostic[]): Node[] {
  try {
    return new TemplateParser(text, tokens, diagnostics).parseBody([]).nodes;
  } catch (e) {
    if (!(e instanceof NestingError)) throw e;
    const line = e.token !== undefined && e.token.kind !== 'text' ? e.token.line : 1;
    diagnostics.push({ code: 'jinja-syntax', severity: 'error', message: 'Blocks nested too deeply.', line });
    return [];
  }
}
