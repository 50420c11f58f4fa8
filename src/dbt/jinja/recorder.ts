// Records what a scan finds (refs, sources, configs, diagnostics) and collects rendered output.
import type { RefArgs } from './host.js';
import type { Expr } from './ast.js';
import type {
  JinjaContext,
  ScanConfig,
  ScanDiagnostic,
  ScanFunction,
  ScanMetric,
  ScanRef,
  ScanSource,
} from './types.js';
import { UNKNOWN, hasUnknown, str } from './values.js';

export interface Frame {
  returned: boolean;
  value: unknown;
  /** How many unknown conditions enclosed the macro's call: a `return()` under more may not have run. */
  conditionalAtCall: number;
  /** A `return()` ran under a condition not known: the macro's value is not known, nor whether what follows runs. */
  mayHaveReturned?: boolean;
  /** The branch running returned (under a condition not known): the rest of the branch is skipped, as dbt would. */
  branchReturned?: boolean;
}
/**
 * Where the running code was written: the scanned file, or a library macro. Inside a library macro everything is
 * recorded on `callLine`, the line of the scanned file that called it: that is the line a reviewer sees.
 */
export interface Origin {
  text: string;
  callLine: number | null;
  /** Names the library macro in messages, e.g. "macro `union_of` (macros/union_of.sql)". */
  macro: string;
  /** The library macro's unique id, `macro.<package>.<name>`. */
  id?: string;
}
interface Capture {
  parts: string[];
  unknown: boolean;
  /** What a native render saw, node by node (only where the template itself writes, not inside blocks). */
  items?: OutputItem[];
}

/** One piece a template wrote: template text (`expr` null) or the value of an expression or call block. */
export interface OutputItem {
  value: unknown;
  expr: Expr | null;
}

export abstract class Recorder {
  readonly refs: ScanRef[] = [];
  readonly sources: ScanSource[] = [];
  readonly configs: ScanConfig[] = [];
  readonly metrics: ScanMetric[] = [];
  readonly functions: ScanFunction[] = [];
  /** dbt's `depends_on.macros`: unique ids of the macros the scanned file itself calls, in first-call order. */
  readonly macros: string[] = [];
  readonly diagnostics: ScanDiagnostic[] = [];
  private readonly seen = new Set<string>();
  protected conditional = 0;
  /**
   * dbt's macro stack depth: library macros running (a macro the scanned file defines does not count, as dbt
   * does not push it). A `{% call %}` body runs inside the macro it is passed to, so deeper too.
   */
  protected macroDepth = 0;
  protected readonly frames: Frame[] = [];
  protected capture: Capture | null = null;
  protected origin: Origin;

  constructor(
    text: string,
    readonly ctx: JinjaContext,
    readonly docs: ((name: string, pkg: string | null) => string | undefined) | undefined = undefined,
  ) {
    this.origin = { text, callLine: null, macro: '' };
  }

  /** The text the running nodes' offsets point into. */
  get text(): string {
    return this.origin.text;
  }

  diag(code: string, severity: ScanDiagnostic['severity'], message: string, line: number): void {
    if (this.origin.callLine !== null) {
      line = this.origin.callLine;
      message = `${message} (in ${this.origin.macro})`;
    }
    const key = `${code}|${line}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({ code, severity, message, line });
  }
  private certaintyAt(line: number): 'static' | 'conditional' {
    if (this.conditional > 0) return 'conditional';
    // After a `return()` that may have run (in this macro or one that called it), what follows runs only if it
    // did not.
    if (!this.frames.some((f) => f.mayHaveReturned === true)) return 'static';
    // One note per line, whichever macro down the calls records the ref.
    if (!this.seen.has(`after-return|${line}`)) {
      this.seen.add(`after-return|${line}`);
      const message = 'Refs after a `return()` under a condition not known were counted as dependencies.';
      this.diagnostics.push({ code: 'unevaluated-condition', severity: 'info', message, line });
    }
    return 'conditional';
  }
  addRef(r: RefArgs): void {
    const line = this.origin.callLine ?? r.line;
    const certainty = this.certaintyAt(line);
    this.refs.push({ name: r.name, package: r.package, version: r.version, line, certainty });
  }
  addSource(source: string, table: string, line: number): void {
    const at = this.origin.callLine ?? line;
    this.sources.push({ source, table, line: at, certainty: this.certaintyAt(at) });
  }
  addMetric(name: string, pkg: string | null, line: number): void {
    this.metrics.push({ name, package: pkg, line: this.origin.callLine ?? line });
  }
  addFunction(name: string, pkg: string | null, line: number): void {
    this.functions.push({ name, package: pkg, line: this.origin.callLine ?? line });
  }
  addConfig(values: Record<string, unknown>, line: number, unknown: string[] = []): void {
    const at = this.origin.callLine ?? line;
    this.configs.push(unknown.length > 0 ? { values, line: at, unknown } : { values, line: at });
  }

  /**
   * A call to macro `name` of package `pkg`. dbt's MacroGenerator.track_call records it only at depth 0, a call
   * made by the scanned file itself (or by a macro the file defines, which does not push dbt's macro stack);
   * what a library macro calls in turn, a `{% call %}` body included, is not the node's dependency.
   */
  calledMacro(pkg: string, name: string): void {
    this.calledMacroId(`macro.${pkg}.${name}`);
  }
  protected calledMacroId(id: string): void {
    if (this.macroDepth === 0 && !this.macros.includes(id)) this.macros.push(id);
  }
  /** Runs `f` one macro level deeper (see macroDepth). */
  protected deeper<T>(f: () => T): T {
    this.macroDepth++;
    try {
      return f();
    } finally {
      this.macroDepth--;
    }
  }
  setReturn(value: unknown): void {
    const f = this.frames[this.frames.length - 1];
    if (f === undefined || f.returned) return;
    // Under a condition not known, the macro may return here or go on after the condition's block: the branch
    // stops, what follows the block runs (and counts as conditional), and the macro's value is not known.
    if (this.conditional > f.conditionalAtCall) Object.assign(f, { mayHaveReturned: true, branchReturned: true });
    else Object.assign(f, { returned: true, value });
  }
  /** Whether the branch that just ran returned; the next branch, or what follows the block, runs anyway. */
  protected endBranch(): boolean {
    const f = this.frames[this.frames.length - 1];
    if (f?.branchReturned !== true) return false;
    f.branchReturned = false;
    return true;
  }
  /** Every way through a block returned, each under a condition not known: the macro returned, its value unknown. */
  protected returnedUnknown(): void {
    const f = this.frames[this.frames.length - 1];
    if (f !== undefined && !f.returned) Object.assign(f, { returned: true, value: UNKNOWN, mayHaveReturned: true });
  }
  get uncertain(): boolean {
    return this.conditional > 0;
  }

  underUnknown(line: number, what: string, f: () => void): void {
    const before = this.refs.length + this.sources.length + this.configs.length;
    this.conditional++;
    if (this.capture !== null) this.capture.unknown = true;
    try {
      f();
    } finally {
      this.conditional--;
    }
    if (this.refs.length + this.sources.length + this.configs.length > before) {
      const message = `Refs under ${what} were counted as dependencies without knowing whether it holds at parse time.`;
      this.diag('unevaluated-condition', 'info', message, line);
    }
    // Macros called there are counted in depends_on.macros too, without a note: no review reads that field, and a
    // note on every pull request would be noise (README says so).
  }

  /** Runs nodes with their output collected; Unknown output makes the whole capture Unknown. */
  captured(run: () => void): unknown {
    const saved = this.capture;
    const cap: Capture = { parts: [], unknown: false };
    this.capture = cap;
    try {
      run();
    } finally {
      this.capture = saved;
    }
    return cap.unknown ? UNKNOWN : cap.parts.join('');
  }

  /** Runs nodes with what they write collected piece by piece, as Jinja's native environment yields it; null when
   * some of it is not known. */
  capturedItems(run: () => void): OutputItem[] | null {
    const saved = this.capture;
    const cap: Capture = { parts: [], unknown: false, items: [] };
    this.capture = cap;
    try {
      run();
    } finally {
      this.capture = saved;
    }
    return cap.unknown ? null : (cap.items ?? []);
  }

  protected emit(v: unknown, expr: Expr | null = null): void {
    if (this.capture === null) return;
    this.capture.items?.push({ value: v, expr });
    // A list or dict holding something not known (or open) has no known text.
    if (hasUnknown(v)) this.capture.unknown = true;
    else this.capture.parts.push(str(v));
  }
}
