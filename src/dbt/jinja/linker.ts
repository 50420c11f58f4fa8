// What a scan's bare and `pkg.`-qualified names reach in the macro library, each macro made callable once.
import { CONTEXT_NAMES } from './context-names.js';
import { dbtBuiltin } from './dbt-builtins.js';
import { MACRO_PACKAGES } from '../package-guess.js';
import { DBT_NAMESPACE, GLOBALS } from './globals.js';
import { unknownMacroMessage } from './macros.js';
import type { MacroDef, MacroLibrary } from './macros.js';
import { Fn, Namespace, UNKNOWN } from './values.js';
import type { Unknown } from './values.js';

/**
 * What dbt-adapters' BaseAdapter methods give while dbt parses (their `@available.parse_list`, `parse_none` and
 * `parse(...)` replacements, which adapters inherit): no warehouse is asked.
 */
const PARSE_REPLACEMENTS: Readonly<Record<string, Fn>> = (() => {
  const out: Record<string, Fn> = {};
  const give = (value: () => unknown, ...names: string[]) => {
    for (const name of names) out[name] = new Fn(name, value);
  };
  give(() => [], 'get_columns_in_relation', 'get_columns_in_table', 'get_missing_columns');
  give(
    () => null,
    'get_relation',
    'drop_relation',
    'truncate_relation',
    'rename_relation',
    'create_schema',
    'drop_schema',
    'valid_snapshot_target',
    'expand_target_column_types',
  );
  give(() => false, 'check_schema_exists', 'already_exists');
  return out;
})();

export class Linker {
  /** dbt's search order for a bare name: the scanned file's package, the root project, then dbt's own. */
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
    const def = this.local?.get(name) ?? this.root?.get(name) ?? dbtBuiltin(name);
    return def === undefined ? undefined : def.broken ? UNKNOWN : this.link(def);
  }

  /**
   * `dbt` in `dbt.name(...)`: dbt's own macros that are written here run (`dbt.generate_schema_name_for_env`), as
   * the bare name does; any other name is DBT_NAMESPACE's.
   */
  dbtNamespace(): Namespace {
    return (this.dbt ??= new Namespace('dbt', (name) => {
      const def = dbtBuiltin(name);
      return def === undefined ? DBT_NAMESPACE.get(name) : def.broken ? UNKNOWN : this.link(def);
    }));
  }
  private dbt: Namespace | undefined;

  /**
   * Whether `name` is neither a macro the scanned file's package sees unqualified (one with a syntax error counts:
   * it is there) nor a package of the library.
   */
  isUnbound(name: string): boolean {
    return (
      this.macro(name) === undefined &&
      this.library.namespace(name) === undefined &&
      this.library.find(name, this.packageName ?? this.library.rootPackage) === undefined
    );
  }

  /** A package of macros projects commonly install (dbt_utils, dbt_date...), which is not here. */
  isWellKnownPackage(name: string): boolean {
    return MACRO_PACKAGES.has(name) && this.library.namespace(name) === undefined;
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

  /**
   * `adapter` as far as parse time knows it: `adapter.dispatch('name', macro_namespace)` finds the macro dbt would
   * run — `<adapter type>__name`, else `default__name` — in the root project, the scanned file's package, then
   * the named namespace; the methods dbt's adapters mark `@available.parse*` give their parse-time value. Anything
   * else of `adapter`, or a dispatch to a macro not in the repository, is unknown.
   */
  adapter(adapterType: string): Namespace {
    const dispatch = new Fn('dispatch', (call) => {
      const [name, namespace] = [
        call.args[0] ?? call.kwargs['macro_name'],
        call.args[1] ?? call.kwargs['macro_namespace'],
      ];
      if (typeof name !== 'string') return UNKNOWN;
      const packages = [
        this.library.rootPackage,
        this.packageName,
        typeof namespace === 'string' ? namespace : undefined,
      ];
      for (const pkg of packages) {
        const macros = pkg === undefined ? undefined : this.library.namespace(pkg);
        for (const prefix of [adapterType, 'default']) {
          const def = macros?.get(`${prefix}__${name}`);
          if (def !== undefined) return def.broken ? UNKNOWN : this.link(def);
        }
      }
      // dbt's own namespace: its macros written here (dbt-builtins.ts), the adapter's first.
      if (namespace === 'dbt')
        for (const prefix of [adapterType, 'default']) {
          const def = dbtBuiltin(`${prefix}__${name}`);
          if (def !== undefined) return def.broken ? UNKNOWN : this.link(def);
        }
      return UNKNOWN;
    });
    return new Namespace('adapter', (attr) =>
      attr === 'dispatch' ? dispatch : Object.hasOwn(PARSE_REPLACEMENTS, attr) ? PARSE_REPLACEMENTS[attr]! : UNKNOWN,
    );
  }

  /** The `unknown-macro` message for a call to an unbound name, or null: dbt provides it, or it was said already. */
  unknownCall(name: string): string | null {
    if (GLOBALS.has(name) || CONTEXT_NAMES.has(name) || this.library.namespace(name) !== undefined) return null;
    const reported = (this.reported ??= new Set());
    if (reported.has(name)) return null;
    reported.add(name);
    return unknownMacroMessage(name, this.library, this.packageName);
  }

  /**
   * The `unknown-macro` message for `obj.attr(...)` with `obj` a well-known package of macros (dbt_utils, dbt_date...)
   * that is not here, once per `obj`. Other unbound names are not judged: dbt's context may hold more than is known
   * here (a project's CI runs a macro calling `vars.get(...)` daily).
   */
  unknownNamespace(obj: string, attr: string): string | null {
    if (!MACRO_PACKAGES.has(obj) || this.library.namespace(obj) !== undefined) return null;
    const reported = (this.reported ??= new Set());
    if (reported.has(`${obj}.`)) return null;
    reported.add(`${obj}.`);
    return `\`${obj}.${attr}\` calls into \`${obj}\`, which is no package of the project (packages.yml and dependencies.yml name none such, and the repository holds none) nor a name dbt provides: dbt's parse takes it as undefined and records no macro for it (running it fails: '${obj}' is undefined), unless it is installed some other way; refs inside it, if any, are not seen.`;
  }

  private link(def: MacroDef): Fn {
    const linked = (this.linked ??= new Map());
    let fn = linked.get(def);
    if (!(fn instanceof Fn)) linked.set(def, (fn = this.makeFn(def)));
    return fn;
  }
}
