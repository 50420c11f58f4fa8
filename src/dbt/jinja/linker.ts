// What a scan's bare and `pkg.`-qualified names reach in the macro library, each macro made callable once.
import { CONTEXT_NAMES } from './context-names.js';
import { GLOBALS } from './globals.js';
import { unknownMacroMessage } from './macros.js';
import type { MacroDef, MacroLibrary } from './macros.js';
import { Fn, Namespace, UNKNOWN } from './values.js';
import type { Unknown } from './values.js';

export class Linker {
  /** dbt's search order for a bare name: the scanned file's package, then the root project. */
  private readonly local: ReadonlyMap<string, MacroDef> | undefined;
  private readonly root: ReadonlyMap<string, MacroDef> | undefined;
  private linked: Map<MacroDef | string, Fn | Namespace> | null = null;
  private reported: Set<string> | null = null;

  constructor(
    private readonly library: MacroLibrary,
    private readonly packageName: string | undefined,
    /** Makes a library macro callable (the runtime runs it in its own file, on the caller's line). */
    private readonly makeFn: (def: MacroDef) => Fn,
  ) {
    this.local = library.namespace(packageName ?? library.rootPackage);
    this.root = library.namespace(library.rootPackage);
  }

  /** The macro a bare name calls; Unknown for a macro dbt could not parse; undefined when none. */
  macro(name: string): Fn | Unknown | undefined {
    const def = this.local?.get(name) ?? this.root?.get(name);
    return def === undefined ? undefined : def.broken ? UNKNOWN : this.link(def);
  }

  /** `pkg` in `pkg.name(...)`, for any package of the library. */
  namespace(pkg: string): Namespace | undefined {
    const macros = this.library.namespace(pkg);
    if (macros === undefined) return undefined;
    const linked = (this.linked ??= new Map());
    let ns = linked.get(pkg);
    if (ns instanceof Namespace) return ns;
    ns = new Namespace(pkg, (name) => {
      const def = macros.get(name);
      return def === undefined || def.broken ? UNKNOWN : this.link(def);
    });
    linked.set(pkg, ns);
    return ns;
  }

  /** The `unknown-macro` message for a call to an unbound name, or null: dbt provides it, or it was said already. */
  unknownCall(name: string): string | null {
    if (GLOBALS.has(name) || CONTEXT_NAMES.has(name) || this.library.namespace(name) !== undefined) return null;
    const reported = (this.reported ??= new Set());
    if (reported.has(name)) return null;
    reported.add(name);
    return unknownMacroMessage(name, this.library, this.packageName);
  }

  private link(def: MacroDef): Fn {
    const linked = (this.linked ??= new Map());
    let fn = linked.get(def);
    if (!(fn instanceof Fn)) linked.set(def, (fn = this.makeFn(def)));
    return fn;
  }
}
