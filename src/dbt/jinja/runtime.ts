// Runs a parsed template at dbt parse time: statements, scopes, macros, and what ref/source/config record.
import type { Branch, Expr, FilterCall, Node, Param } from './ast.js';
import { applyFilter } from './builtins.js';
import { evalKwargs, evaluate } from './evaluate.js';
import { DBT_MACROS } from './context-names.js';
import { DBT_NAMESPACE, GLOBALS } from './globals.js';
import { Scope } from './host.js';
import type { Host } from './host.js';
import { Linker } from './linker.js';
import { holdsJinja, varTemplate } from './var-text.js';
import { Recorder } from './recorder.js';
import type { Frame, Origin } from './recorder.js';
import { Fn, UNDEFINED, UNKNOWN, Unknown, isDict, markOpen, setKey, truthy } from './values.js';
import type { CallArgs } from './values.js';

const MAX_MACRO_DEPTH = 40;
const MAX_STEPS = 1_000_000;
/** Var texts rendered in one file: a var whose text calls others twice over would otherwise blow up. */
const MAX_VAR_RENDERS = 10_000;

/** Names that `set` binds directly in these nodes (not inside for loops or macros, which have their own scope). */
function assignedNames(nodes: Node[], out: Set<string>): Set<string> {
  for (const n of nodes) {
    if (n.k === 'set') for (const t of n.targets) out.add('name' in t ? t.name : `${t.ns}.${t.attr}`);
    else if (n.k === 'setblock' || n.k === 'macro') out.add(n.name);
    else if (n.k === 'if') for (const b of n.branches) assignedNames(b.body, out);
    else if (n.k === 'block') assignedNames(n.body, out);
  }
  return out;
}

export class Runtime extends Recorder implements Host {
  /** Whether this runs a model's (or snapshot's, hook's) SQL, whose context has more names than YAML's. */
  modelContext = false;
  private steps = 0;
  private target: unknown = null;
  /** The macro library's names, when the context has one. */
  private readonly linker =
    this.ctx.macros === undefined
      ? null
      : new Linker(this.ctx.macros, this.ctx.packageName, (def) =>
          this.macro(def.name, def.params, def.body, new Scope(null), {
            text: def.text,
            callLine: null,
            macro: `macro \`${def.name}\` (${def.path})`,
            id: `macro.${def.packageName}.${def.name}`,
          }),
        );

  evaluate(e: Expr, scope: Scope): unknown {
    return evaluate(e, scope, this);
  }
  lookup(name: string, scope: Scope): unknown {
    const v = scope.get(name);
    if (v !== undefined) return v;
    // dbt puts project macros over its context members: a project's `ref` macro overrides the builtin.
    const m = this.linker?.macro(name);
    if (m !== undefined) return m;
    const g = GLOBALS.get(name);
    if (g !== undefined) return g;
    if (name === 'target') return (this.target ??= markOpen({ ...this.ctx.target }));
    if (name === 'project_name') return this.ctx.projectName;
    // dbt's model context: `schema` and `database` are the target's (ProviderContext.schema / .database), as in
    // the classic snapshot config `target_schema=schema`; property files and dbt_project.yml have neither (they
    // render empty there).
    if (name === 'schema' || name === 'database') return this.modelContext ? this.ctx.target[name] : UNDEFINED;
    if (name === 'adapter' && this.linker) return this.linker.adapter(String(this.ctx.target.type));
    const namespace = this.linker?.namespace(name);
    if (namespace !== undefined) return namespace;
    if (name === 'dbt') return DBT_NAMESPACE;
    return UNKNOWN; // `this`, `modules`, packages not in the library...
  }

  renderedVar(name: string, value: unknown, line: number): unknown {
    if (this.ctx.renderVars !== true || !holdsJinja(value)) return value;
    const nodes = varTemplate(value);
    const problem =
      nodes === null
        ? 'holds Jinja that cannot be read'
        : this.varsRendering.has(name)
          ? 'names itself through its own value (dbt cannot render it either)'
          : ++this.varRenders > MAX_VAR_RENDERS
            ? `is rendered more than ${MAX_VAR_RENDERS} times in this file`
            : null;
    if (problem !== null || nodes === null) {
      this.diag('unrendered-value', 'warning', `var('${name}') ${problem}; kept as written.`, line);
      return value;
    }
    const saved = this.origin;
    this.origin = { text: value, callLine: saved.callLine ?? line, macro: `var \`${name}\`` };
    this.varsRendering.add(name);
    try {
      // Rendered to text (dbt's get_rendered), in a scope of its own.
      return this.captured(() => this.exec(nodes, new Scope(null)));
    } finally {
      this.varsRendering.delete(name);
      this.origin = saved;
    }
  }
  private readonly varsRendering = new Set<string>();
  private varRenders = 0;

  /** Without a library every project macro is unknown, so only a scan with one says so. */
  unknownCall(name: string, scope: Scope, line: number): void {
    if (scope.get(name) !== undefined) return;
    // One of dbt's global-project macros (`current_timestamp()`, `run_query(...)`): a macro call dbt records.
    if (DBT_MACROS.has(name)) this.calledMacro('dbt', name);
    if (this.linker === null) return;
    const message = this.linker.unknownCall(name);
    if (message !== null) this.diag('unknown-macro', 'info', message, line);
  }

  /**
   * `pkg.name(...)` where `pkg` is a package the project installs (packages.yml / dependencies.yml) but the
   * repository does not hold (dbt_packages/ is rarely committed): a macro dbt records. Any other unbound name (a
   * variable this evaluator does not know) records nothing.
   */
  unknownAttrCall(obj: string, attr: string, scope: Scope): void {
    if (scope.get(obj) === undefined && this.ctx.externalPackages?.has(obj)) this.calledMacro(obj, attr);
  }

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
        if (this.capture !== null) this.capture.parts.push(this.text.slice(n.start, n.end));
        return;
      case 'out':
        return this.emit(this.evaluate(n.expr, scope));
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
        return scope.set(n.name, this.macro(n.name, n.params, n.body, scope));
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

  private forNode(n: Extract<Node, { k: 'for' }>, scope: Scope): void {
    const iter = this.evaluate(n.iter, scope);
    const items = Array.isArray(iter)
      ? iter
      : typeof iter === 'string'
        ? [...iter]
        : isDict(iter)
          ? Object.keys(iter)
          : null;
    const bind = (s: Scope, item: unknown): void => {
      n.targets.forEach((t, i) => {
        s.set(t, n.targets.length === 1 ? item : Array.isArray(item) ? (item[i] ?? UNDEFINED) : UNKNOWN);
      });
    };
    if (items === null || items.includes(UNKNOWN)) {
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
    kept.forEach((item, i) => {
      const s = new Scope(scope);
      bind(s, item);
      const last = kept.length - 1;
      s.set('loop', {
        index: i + 1,
        index0: i,
        first: i === 0,
        last: i === last,
        length: kept.length,
        revindex: last - i + 1,
        revindex0: last - i,
      });
      this.exec(n.body, s);
    });
  }

  /**
   * A callable macro. It runs where it was written: a macro of the scanned file in the scanned file's origin, a
   * library macro (`library` given) in its macro file, with what it records put on the scanned file's call line.
   */
  private macro(name: string, params: Param[], body: Node[], defScope: Scope, library?: Origin): Fn {
    const defined = this.origin;
    return new Fn(name, (a: CallArgs) => {
      if (this.frames.length >= MAX_MACRO_DEPTH) {
        this.diag('jinja-limit', 'warning', `Macro \`${name}\` recurses too deeply to evaluate.`, a.line);
        return UNKNOWN;
      }
      const saved = this.origin;
      if (library !== undefined && library.id !== undefined) this.calledMacroId(library.id);
      this.origin = library === undefined ? defined : { ...library, callLine: saved.callLine ?? a.line };
      try {
        const scope = new Scope(defScope);
        return library === undefined
          ? this.invoke(params, body, scope, a)
          : this.deeper(() => this.invoke(params, body, scope, a));
      } finally {
        this.origin = saved;
      }
    });
  }

  private invoke(params: Param[], body: Node[], scope: Scope, a: CallArgs): unknown {
    const extra: Record<string, unknown> = { ...a.kwargs };
    delete extra.caller;
    params.forEach((p, i) => {
      delete extra[p.name];
      if (i < a.args.length) scope.set(p.name, a.args[i]);
      else if (Object.hasOwn(a.kwargs, p.name)) scope.set(p.name, a.kwargs[p.name]);
      else scope.set(p.name, p.default === null ? UNDEFINED : this.evaluate(p.default, scope));
    });
    scope.set('varargs', a.args.slice(params.length));
    scope.set('kwargs', extra);
    if (a.kwargs.caller !== undefined) scope.set('caller', a.kwargs.caller);
    const frame: Frame = { returned: false, value: null, conditionalAtCall: this.conditional };
    this.frames.push(frame);
    try {
      const out = this.captured(() => this.exec(body, scope));
      if (frame.mayHaveReturned) return UNKNOWN;
      return frame.returned ? frame.value : out;
    } finally {
      this.frames.pop();
    }
  }

  private callBlock(n: Extract<Node, { k: 'callblock' }>, scope: Scope): void {
    const call = n.call as Extract<Expr, { k: 'call' }>;
    const caller = this.macro('caller', n.params, n.body, scope);
    const fn = this.evaluate(call.fn, scope);
    const args = call.args.map((x) => this.evaluate(x, scope));
    const kwargs = evalKwargs(call.kwargs, scope, this, args);
    if (fn instanceof Fn) {
      kwargs.caller = caller;
      return this.emit(fn.call({ args, kwargs, line: n.line, text: this.text.slice(call.start, call.end) }, this));
    }
    // dbt's own `statement` renders its body only `{% if execute %}`, and dbt parses with execute false: nothing
    // in the body runs at parse time, so refs there are not dependencies (a project macro of that name is an Fn).
    if (call.fn.k === 'name' && call.fn.name === 'statement') {
      this.calledMacro('dbt', 'statement');
      return this.emit(UNKNOWN);
    }
    // The macro is not known (a package's, say): whether it calls its body is not known either. The body would
    // run inside it, a macro level down.
    if (call.fn.k === 'name') this.unknownCall(call.fn.name, scope, n.line);
    else if (call.fn.k === 'attr' && call.fn.obj.k === 'name')
      this.unknownAttrCall(call.fn.obj.name, call.fn.name, scope);
    this.underUnknown(n.line, `\`{% call %}\` to an unknown macro (line ${n.line})`, () => {
      this.deeper(() => caller.call({ args: n.params.map(() => UNKNOWN), kwargs: {}, line: n.line, text: '' }, this));
    });
    this.emit(UNKNOWN);
  }
}
