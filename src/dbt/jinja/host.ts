// What builtins and the expression evaluator need from the running scan: scopes, recording and diagnostics.
import type { Expr } from './ast.js';
import type { JinjaContext, ScanDiagnostic } from './types.js';

/** A variable scope; for loops and macro calls open a child. */
export class Scope {
  private readonly vars = new Map<string, unknown>();
  constructor(readonly parent: Scope | null) {}
  /** The value, or `undefined` when no scope in the chain binds the name. */
  get(name: string): unknown {
    if (this.vars.has(name)) return this.vars.get(name);
    for (let s = this.parent; s !== null; s = s.parent) {
      if (s.vars.has(name)) return s.vars.get(name);
    }
    return undefined;
  }
  set(name: string, value: unknown): void {
    this.vars.set(name, value);
  }
}

export interface RefArgs {
  name: string;
  package: string | null;
  version: string | number | null;
  line: number;
}

export interface Host {
  readonly ctx: JinjaContext;
  /** The template's text, for naming expressions in messages. */
  readonly text: string;
  /** `doc()` resolver, when rendering property values. */
  readonly docs: ((name: string, pkg: string | null) => string | undefined) | undefined;
  /** Whether this runs SQL (a model's, a snapshot's, a hook's), whose undefined names dbt lets pass at parse time. */
  readonly modelContext: boolean;
  diag(code: string, severity: ScanDiagnostic['severity'], message: string, line: number): void;
  addRef(r: RefArgs): void;
  addSource(source: string, table: string, line: number): void;
  addConfig(values: Record<string, unknown>, line: number, unknown?: string[]): void;
  addMetric(name: string, pkg: string | null, line: number): void;
  addFunction(name: string, pkg: string | null, line: number): void;
  /** A call to macro `name` of package `pkg` (dbt's own are package `dbt`), for the node's `depends_on.macros`. */
  calledMacro(pkg: string, name: string): void;
  /** `return(x)` inside a macro: stops the macro and makes `x` its value. */
  setReturn(value: unknown): void;
  lookup(name: string, scope: Scope): unknown;
  /** A call to the bare name `name` whose value is not callable: reported once per scan unless dbt provides it. */
  unknownCall(name: string, scope: Scope, line: number): void;
  /** A call to `obj.attr(...)` whose value is not callable: a macro of a package not in the repository, maybe. */
  unknownAttrCall(obj: string, attr: string, scope: Scope, line: number): void;
  /** `name.attr`, `name[i]` or `name(...)` with `name` bound by nothing: inside a project macro, dbt stops there. */
  unboundUse(name: string, scope: Scope, line: number): void;
  /** Runs `f` with refs counted as conditional, reporting one `unevaluated-condition` if anything was recorded. */
  underUnknown(line: number, what: string, f: () => void): void;
  /** Whether what runs now may not run at all (under a condition or a loop parse time cannot decide). */
  readonly uncertain: boolean;
  evaluate(e: Expr, scope: Scope): unknown;
  /**
   * The value of var `name` as dbt's Var.get_rendered_var gives it: a string that holds Jinja is rendered in this
   * context (its refs and sources are the node's), anything else is returned as it is.
   */
  renderedVar(name: string, value: unknown, line: number): unknown;
}
