// Runs a parsed template at dbt parse time: the names it sees, vars, macros and call blocks, over the statements
// of statements.ts and what ref/source/config record (recorder.ts).
import type { Expr, Node, Param } from './ast.js';
import { evalKwargs, evaluate } from './evaluate.js';
import { CONTEXT_NAMES, DBT_MACROS, dbtMacroPackage } from './context-names.js';
import { DBT_NAMESPACE, GLOBALS } from './globals.js';
import { Scope } from './host.js';
import { Linker } from './linker.js';
import { holdsJinja, varTemplate } from './var-text.js';
import { reModule } from './python-re.js';
import type { Frame, Origin } from './recorder.js';
import { Statements } from './statements.js';
import { Fn, RELATION, UNDEFINED, UNKNOWN, Unknown, markOpen, tuple } from './values.js';
import type { CallArgs } from './values.js';

const MAX_MACRO_DEPTH = 40;
/** Names `lookup` answers itself (neither GLOBALS nor the linker's): never unbound. */
const BOUND_BY_LOOKUP: ReadonlySet<string> = new Set([
  'target',
  'project_name',
  'schema',
  'database',
  'adapter',
  'dbt',
  'modules',
]);
/** Var texts rendered in one file: a var whose text calls others twice over would otherwise blow up. */
const MAX_VAR_RENDERS = 10_000;

export class Runtime extends Statements {
  /** Whether this runs a model's (or snapshot's, hook's) SQL, whose context has more names than YAML's. */
  modelContext = false;
  private target: unknown = null;
  private modules: unknown = null;
  /** The macro library's names, when the context has one. */
  private readonly linker =
    this.ctx.macros === undefined
      ? null
      : new Linker(this.ctx.macros, this.ctx.packageName, (def) =>
          this.defineMacro(def.name, def.params, def.body, new Scope(null), {
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
    // Names answered below without the linker or GLOBALS are listed in BOUND_BY_LOOKUP.
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
    // The node's own Relation (ParseProvider's `this`): there, though what it renders as is not known here.
    if (name === 'this' && this.modelContext) return RELATION;
    if (name === 'adapter' && this.linker) return this.linker.adapter(String(this.ctx.target.type));
    const namespace = this.linker?.namespace(name);
    if (namespace !== undefined) return namespace;
    if (name === 'dbt') return this.linker?.dbtNamespace() ?? DBT_NAMESPACE;
    // dbt's `modules`: its `re` is followed (python-re.ts); datetime, pytz and the others are not known.
    if (name === 'modules') return (this.modules ??= markOpen({ re: reModule() }));
    // In a project macro, a name that nothing binds is Jinja's Undefined, as in dbt (`x is defined` is false there).
    if (this.stopsOnUnbound(name, scope)) return UNDEFINED;
    return UNKNOWN; // `this`, packages not in the library...
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
    if (DBT_MACROS.has(name)) this.calledMacro(dbtMacroPackage(this.ctx.target.type, name), name);
    if (this.linker === null) return;
    const message = this.linker.unknownCall(name);
    if (message !== null) this.diag('unknown-macro', 'info', message, line);
  }

  /**
   * `pkg.name(...)` where `pkg` is a package the project installs (packages.yml / dependencies.yml) but the
   * repository does not hold (dbt_packages/ is rarely committed): a macro dbt records. Any other unbound name
   * records nothing, and is said once when a scan with a library knows it is no package (every package is here)
   * nor a name dbt provides.
   */
  unknownAttrCall(obj: string, attr: string, scope: Scope, line: number): void {
    if (scope.get(obj) !== undefined) return;
    if (this.ctx.externalPackages?.has(obj)) return this.calledMacro(obj, attr);
    if (this.ctx.allPackagesHere !== true) return;
    // Said already, as dbt stopping (evaluating `obj.attr`).
    if (this.stopsOnUnbound(obj, scope)) return;
    const message = this.linker?.unknownNamespace(obj, attr) ?? null;
    if (message !== null) this.diag('unknown-macro', 'info', message, line);
  }

  unboundUse(name: string, scope: Scope, line: number): void {
    if (!this.stopsOnUnbound(name, scope)) return;
    // A well-known package not installed: dbt's familiar "'dbt_utils' is undefined". Any other name: dbt's context
    // may hold more than is known here. (A bare call is left to unknown-macro: dbt's own and its adapters' macros,
    // hundreds, are called that way.)
    const sure = this.linker?.isWellKnownPackage(name) === true && !this.uncertain;
    const when = this.uncertain ? 'if this runs' : sure ? 'here' : `here, unless its context has a \`${name}\``;
    const message =
      `\`${name}\` is no package, macro or dbt context member here: dbt compiles project macros with Jinja's ` +
      `default Undefined, which stops on an attribute, an item or a call, and this macro runs while dbt parses, so ` +
      `dbt stops ${when} ('${name}' is undefined).`;
    this.diag('undefined-in-macro', sure ? 'error' : 'warning', message, line);
  }

  /**
   * Whether using `name` as an object or a function stops dbt: inside a project macro (dbt renders model files with
   * a lenient Undefined, but compiles macros without it), with a library that holds every package the project
   * installs, and bound by nothing dbt's context provides.
   */
  private stopsOnUnbound(name: string, scope: Scope): boolean {
    if (this.origin.callLine === null || this.linker === null || this.ctx.allPackagesHere !== true) return false;
    if (scope.get(name) !== undefined || this.ctx.externalPackages?.has(name)) return false;
    if (CONTEXT_NAMES.has(name) || DBT_MACROS.has(name) || BOUND_BY_LOOKUP.has(name) || GLOBALS.has(name)) return false;
    return this.linker.isUnbound(name);
  }

  /**
   * A callable macro. It runs where it was written: a macro of the scanned file in the scanned file's origin, a
   * library macro (`library` given) in its macro file, with what it records put on the scanned file's call line.
   */
  protected defineMacro(name: string, params: Param[], body: Node[], defScope: Scope, library?: Origin): Fn {
    const defined = this.origin;
    return new Fn(name, (a: CallArgs) => {
      if (this.frames.length >= MAX_MACRO_DEPTH) {
        this.diag('jinja-limit', 'warning', `Macro \`${name}\` recurses too deeply to evaluate.`, a.line);
        return UNKNOWN;
      }
      const saved = this.origin;
      if (library !== undefined && library.id !== undefined) this.calledMacroId(library.id);
      this.origin = library === undefined ? defined : { ...library, callLine: saved.callLine ?? a.line };
      if (library !== undefined) this.checkArguments(name, params, body, a);
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

  /**
   * Jinja's own check of a macro call: a keyword the macro does not declare, or more positional arguments than it
   * takes, is a TypeError unless its body reads `kwargs` / `varargs`; dbt turns it into a compilation error.
   */
  private checkArguments(name: string, params: Param[], body: Node[], a: CallArgs): void {
    // A keyword naming a parameter a positional argument filled is left over too (jinja2 pops only the others).
    const open = new Set(params.slice(a.args.length).map((p) => p.name));
    const extra = Object.keys(a.kwargs).filter((k) => k !== 'caller' && !open.has(k));
    const tooMany = a.args.length > params.length && !a.args.some((x) => x instanceof Unknown);
    const caller = Object.hasOwn(a.kwargs, 'caller');
    if (extra.length === 0 && !tooMany && !caller) return;
    const reads = namesRead(body);
    const problem =
      extra.length > 0 && !reads.has('kwargs')
        ? `takes no keyword argument '${extra[0]}'`
        : tooMany && !reads.has('varargs')
          ? `takes not more than ${params.length} argument(s)`
          : caller && !reads.has('caller') && !reads.has('kwargs')
            ? 'was invoked with two values for the special caller argument (a `{% call %}` block on a macro that never calls caller())'
            : null;
    if (problem === null) return;
    const runs = this.uncertain ? 'stops if this runs' : 'stops here';
    this.diag(
      'invalid-macro-call',
      this.uncertain ? 'warning' : 'error',
      `macro '${name}' ${problem}: dbt ${runs}.`,
      a.line,
    );
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
    scope.set('varargs', tuple(a.args.slice(params.length)));
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

  protected callBlock(n: Extract<Node, { k: 'callblock' }>, scope: Scope): void {
    const call = n.call as Extract<Expr, { k: 'call' }>;
    const caller = this.defineMacro('caller', n.params, n.body, scope);
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
      this.unknownAttrCall(call.fn.obj.name, call.fn.name, scope, n.line);
    this.underUnknown(n.line, `\`{% call %}\` to an unknown macro (line ${n.line})`, () => {
      this.deeper(() => caller.call({ args: n.params.map(() => UNKNOWN), kwargs: {}, line: n.line, text: '' }, this));
    });
    this.emit(UNKNOWN);
  }
}

const namesReadBy = new WeakMap<Node[], ReadonlySet<string>>();
/** The names a macro body reads anywhere (a syntax tree's `name` nodes): whether it takes kwargs or varargs. */
function namesRead(body: Node[]): ReadonlySet<string> {
  let found = namesReadBy.get(body);
  if (found === undefined) {
    const names = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) for (const item of value) walk(item);
      else if (typeof value === 'object' && value !== null) {
        const node = value as { k?: unknown; name?: unknown };
        if (node.k === 'name' && typeof node.name === 'string') names.add(node.name);
        for (const key in value) walk((value as Record<string, unknown>)[key]);
      }
    };
    walk(body);
    namesReadBy.set(body, (found = names));
  }
  return found;
}
