// A template's statements run at dbt parse time: text and output, `if` and `for` (known or not), `set`, filter
// blocks, with a step budget. The names they see and the macros they call are the Runtime's (runtime.ts).
import type { Branch, Expr, FilterCall, Node, Param } from './ast.js';
import { applyFilter } from './builtins.js';
import { evalKwargs } from './evaluate.js';
import { Scope } from './host.js';
import type { Host } from './host.js';
import { Recorder } from './recorder.js';
import {
  Fn,
  UNDEFINED,
  UNKNOWN,
  Undefined,
  Unknown,
  equals,
  hasUnknown,
  isDict,
  isOpen,
  setKey,
  truthy,
} from './values.js';

const MAX_STEPS = 1_000_000;
const MAX_LOOP_DEPTH = 40;

/**
 * Names that `set` binds in these nodes: directly, and a namespace's attributes from inside loops and `with` blocks
 * too (their own names stay in their scope; a namespace is shared). Macros' bodies run only where they are called.
 */
function assignedNames(nodes: Node[], out: Set<string>, attributesOnly = false): Set<string> {
  for (const n of nodes) {
    if (n.k === 'set') {
      for (const t of n.targets)
        if (!attributesOnly || !('name' in t)) out.add('name' in t ? t.name : `${t.ns}.${t.attr}`);
    } else if ((n.k === 'setblock' || n.k === 'macro') && !attributesOnly) out.add(n.name);
    else if (n.k === 'if') for (const b of n.branches) assignedNames(b.body, out, attributesOnly);
    else if (n.k === 'block') assignedNames(n.body, out, attributesOnly);
    else if (n.k === 'for') {
      assignedNames(n.body, out, true);
      assignedNames(n.otherwise, out, attributesOnly);
    } else if (n.k === 'with' || n.k === 'filterblock' || n.k === 'callblock') assignedNames(n.body, out, true);
  }
  return out;
}

export abstract class Statements extends Recorder implements Host {
  private steps = 0;
  /** A `{% break %}` or `{% continue %}` that ran: the statements after it up to its loop do not. */
  private loopControl: 'break' | 'continue' | null = null;
  /** Known loops running, and whether a break or continue under an unknown condition made the rest conditional. */
  private loopDepth = 0;
  private loopMaybeStopped = false;

  abstract readonly modelContext: boolean;
  abstract evaluate(e: Expr, scope: Scope): unknown;
  abstract lookup(name: string, scope: Scope): unknown;
  abstract renderedVar(name: string, value: unknown, line: number): unknown;
  abstract unknownCall(name: string, scope: Scope, line: number): void;
  abstract unknownAttrCall(obj: string, attr: string, scope: Scope, line: number): void;
  abstract unboundUse(name: string, scope: Scope, line: number): void;
  /** `{% macro %}` in the template: a macro that runs where it was written. */
  protected abstract defineMacro(name: string, params: Param[], body: Node[], scope: Scope): Fn;
  /** `{% call m(...) %}...{% endcall %}`. */
  protected abstract callBlock(n: Extract<Node, { k: 'callblock' }>, scope: Scope): void;

  private applyFilters(v: unknown, filters: FilterCall[], scope: Scope): unknown {
    for (const f of filters) {
      const args = f.args.map((x) => this.evaluate(x, scope));
      v = applyFilter(f.name, v, args, evalKwargs(f.kwargs, scope, this, args));
    }
    return v;
  }

  exec(nodes: Node[], scope: Scope): void {
    for (const n of nodes) {
      const frame = this.frames[this.frames.length - 1];
      if (frame !== undefined && (frame.returned || frame.branchReturned === true)) return;
      if (this.loopControl !== null) return;
      if (++this.steps > MAX_STEPS) {
        if (this.steps === MAX_STEPS + 1)
          this.diag('jinja-limit', 'warning', 'Template too expensive to evaluate; the rest was skipped.', 1);
        return;
      }
      this.node(n, scope);
    }
  }

  private node(n: Node, scope: Scope): void {
    switch (n.k) {
      case 'text':
        if (this.capture !== null) {
          const text = this.text.slice(n.start, n.end);
          this.capture.parts.push(text);
          // Jinja's lexer makes no data of empty text (what whitespace control left).
          if (text !== '') this.capture.items?.push({ value: text, expr: null });
        }
        return;
      case 'out':
        return this.emit(this.evaluate(n.expr, scope), n.expr);
      case 'if':
        return this.ifNode(n.branches, scope);
      case 'for':
        return this.forNode(n, scope);
      case 'set': {
        const v = this.evaluate(n.expr, scope);
        n.targets.forEach((t, i) => {
          const value = n.targets.length === 1 ? v : Array.isArray(v) ? (v[i] ?? UNDEFINED) : UNKNOWN;
          this.assign(t, value, scope);
        });
        return;
      }
      case 'setblock':
        return scope.set(
          n.name,
          this.applyFilters(
            this.captured(() => this.exec(n.body, scope)),
            n.filters,
            scope,
          ),
        );
      case 'macro':
        return scope.set(n.name, this.defineMacro(n.name, n.params, n.body, scope));
      case 'callblock':
        return this.callBlock(n, scope);
      case 'filterblock':
        return this.emit(
          this.applyFilters(
            this.captured(() => this.exec(n.body, scope)),
            n.filters,
            scope,
          ),
        );
      case 'do':
        this.evaluate(n.expr, scope);
        return;
      case 'block':
        return this.exec(n.body, scope);
      case 'break':
      case 'continue':
        if (this.conditional === 0) this.loopControl = n.k;
        // Under a condition parse time cannot decide, the loop goes on as if it did not run: everything after it
        // in the loop counts, as conditional (forNode ends that), rather than some refs being lost.
        else if (this.loopDepth > 0 && !this.loopMaybeStopped) {
          this.loopMaybeStopped = true;
          this.conditional++;
          this.diag(
            'unevaluated-condition',
            'info',
            `\`{% ${n.k} %}\` under a condition not known at parse time: what follows it in the loop was counted as conditional.`,
            n.line,
          );
        }
        return;
      case 'with': {
        const inner = new Scope(scope);
        const values = n.values.map((v) => this.evaluate(v, scope));
        n.targets.forEach((name, i) => inner.set(name, values[i]));
        return this.exec(n.body, inner);
      }
    }
  }

  private assign(t: { name: string } | { ns: string; attr: string }, value: unknown, scope: Scope): void {
    if ('name' in t) return scope.set(t.name, value);
    const ns = scope.get(t.ns);
    if (isDict(ns)) setKey(ns, t.attr, value);
  }

  private ifNode(branches: Branch[], scope: Scope): void {
    let unknownAt: Branch | null = null;
    const taken: Branch[] = [];
    // Whether one branch is sure to run when none before it does (an else, or a condition known true).
    let covered = false;
    for (const b of branches) {
      const t = b.cond === null ? true : truthy(this.evaluate(b.cond, scope));
      if (t === false) continue;
      taken.push(b);
      if (t instanceof Unknown) unknownAt ??= b;
      else {
        covered = true;
        break;
      }
    }
    if (unknownAt === null) {
      if (taken[0] !== undefined) this.exec(taken[0].body, scope);
      return;
    }
    const first = unknownAt;
    const tag = first === branches[0] ? 'if' : 'elif';
    let everyReturned = covered;
    this.underUnknown(first.line, `\`{% ${tag} ${first.text} %}\` (line ${first.line})`, () => {
      for (const b of taken) {
        this.exec(b.body, scope);
        if (!this.endBranch()) everyReturned = false;
      }
    });
    if (everyReturned) this.returnedUnknown();
    // A variable set in a branch that may or may not have run has no known value afterwards.
    const names = new Set<string>();
    for (const b of taken) assignedNames(b.body, names);
    for (const name of names) {
      const dot = name.indexOf('.');
      this.assign(dot < 0 ? { name } : { ns: name.slice(0, dot), attr: name.slice(dot + 1) }, UNKNOWN, scope);
    }
  }

  private forNode(n: Extract<Node, { k: 'for' }>, scope: Scope, depth = 1, given?: unknown): void {
    const iter = given === undefined ? this.evaluate(n.iter, scope) : given;
    // An Undefined has no items (Jinja's and dbt's parse-time alike).
    const items = Array.isArray(iter)
      ? iter
      : typeof iter === 'string'
        ? [...iter]
        : isDict(iter)
          ? Object.keys(iter)
          : iter instanceof Undefined
            ? []
            : null;
    const bind = (s: Scope, item: unknown): void => {
      n.targets.forEach((t, i) => {
        s.set(t, n.targets.length === 1 ? item : Array.isArray(item) ? (item[i] ?? UNDEFINED) : UNKNOWN);
      });
    };
    // An open list or dict (`target`, one a call not followed changed) has items or keys not known.
    if (items === null || items.includes(UNKNOWN) || ((Array.isArray(iter) || isDict(iter)) && isOpen(iter))) {
      this.underUnknown(n.line, `\`{% for %}\` over \`${n.text}\` (line ${n.line}), whose items are not known`, () => {
        const s = new Scope(scope);
        bind(s, UNKNOWN);
        s.set('loop', UNKNOWN);
        this.exec(n.body, s);
        // No item, or none kept: the `else` runs instead (a return in the body does not stop it).
        this.endBranch();
        this.exec(n.otherwise, scope);
        this.endBranch();
      });
      return;
    }
    const kept: unknown[] = [];
    for (const item of items) {
      if (n.filter === null) kept.push(item);
      else {
        const s = new Scope(scope);
        bind(s, item);
        const t = truthy(this.evaluate(n.filter, s));
        if (t instanceof Unknown)
          return this.forNode({ ...n, iter: { k: 'lit', value: UNKNOWN, line: n.line } }, scope);
        if (t) kept.push(item);
      }
    }
    if (kept.length === 0) return this.exec(n.otherwise, scope);
    const last = kept.length - 1;
    // jinja2 runs `else` when no iteration reached the end of its body (a break or continue skipped every one).
    let completed = false;
    const outer = { depth: this.loopDepth, maybeStopped: this.loopMaybeStopped, conditional: this.conditional };
    this.loopDepth++;
    this.loopMaybeStopped = false;
    // loop.changed(*values): what its last call saw (null before the first; Unknown once that is not known).
    let lastChanged: unknown[] | null | Unknown = null;
    const changed = new Fn('changed', (a, host) => {
      const before = lastChanged;
      if (before instanceof Unknown || a.args.some(hasUnknown)) return (lastChanged = UNKNOWN);
      const differs = before === null || !equals(before, a.args);
      // A call that may not run leaves what the next one compares with unknown.
      if (differs) lastChanged = host.uncertain ? UNKNOWN : a.args;
      return differs;
    });
    for (let i = 0; i <= last; i++) {
      const s = new Scope(scope);
      bind(s, kept[i]);
      const loop = {
        index: i + 1,
        index0: i,
        first: i === 0,
        last: i === last,
        length: kept.length,
        revindex: last - i + 1,
        revindex0: last - i,
        depth,
        depth0: depth - 1,
        previtem: i > 0 ? kept[i - 1] : UNDEFINED,
        nextitem: i < last ? kept[i + 1] : UNDEFINED,
        cycle: new Fn('cycle', (a) => (a.args.length > 0 ? a.args[i % a.args.length] : UNKNOWN)),
        changed,
      };
      // A recursive loop's `loop(items)` renders the body over items one level down, and gives that output.
      const again = (a: { args: unknown[] }) => {
        // As deep as macros may call each other: a recursion parse time cannot bound stops there, said so.
        if (depth >= MAX_LOOP_DEPTH) {
          this.diag(
            'jinja-limit',
            'warning',
            'A recursive loop recurses too deeply; its deeper levels were skipped.',
            n.line,
          );
          return UNKNOWN;
        }
        return this.captured(() => this.forNode(n, scope, depth + 1, a.args[0] ?? UNKNOWN));
      };
      s.set('loop', n.recursive ? new Fn('loop', again, loop) : loop);
      this.exec(n.body, s);
      const control = this.loopControl;
      this.loopControl = null;
      if (control === null) completed = true;
      if (control === 'break') break;
    }
    this.loopDepth = outer.depth;
    this.loopMaybeStopped = outer.maybeStopped;
    this.conditional = outer.conditional;
    if (!completed) this.exec(n.otherwise, scope);
  }
}
