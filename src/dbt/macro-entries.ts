// The manifest's `macros` entries for the macros of the repository's projects (dbt's own and installed packages'
// are not in the repository, so not written): dbt's MacroParser (macro, materialization and test blocks of the
// macro paths, test blocks of `<test path>/generic`), `macros:` property entries (MacroPatchParser), and
// `depends_on.macros` as dbt's macro_depends_on finds it: every call of the macro's syntax tree in Jinja's order,
// resolved by name (the package first when it names one, then the root project, the other packages, dbt).
import type { CompileUnit } from './discover.js';
import { lex } from './jinja/lexer.js';
import { parseTemplate } from './jinja/template-parser.js';
import type { Expr } from './jinja/ast.js';
import { staticCalls } from './jinja/static-calls.js';
import { DBT_MACROS, dbtMacroPackage } from './jinja/context-names.js';
import { type BlockProblem, macroBlocks, type MacroBlockKind } from './macro-blocks.js';
import type { ProjectFile } from './project.js';
import { under } from './project-files.js';
import type { PropertyFile } from './properties.js';
import type { Diagnostic, MacroEntry } from './types.js';
import { isRecord } from './yaml/yaml.js';
import { pathFrom } from './text.js';

export interface MacroScope {
  unit: CompileUnit;
  byRoot: Map<string, Array<[string, string]>>;
  /** Each project's property files, for `macros:` entries. */
  propertyFiles: Map<ProjectFile, PropertyFile[]>;
  adapter: string;
  /** Renders a description of a project's property file as dbt renders descriptions (doc() blocks, Jinja). */
  describe: (project: ProjectFile, text: string, file: string, line: number) => string;
  diagnostics: Diagnostic[];
}

const MACRO_FILE_BLOCKS: ReadonlySet<MacroBlockKind> = new Set(['macro', 'materialization', 'test']);
const GENERIC_FILE_BLOCKS: ReadonlySet<MacroBlockKind> = new Set(['test']);
/** Names of dbt's macro context (never macros), and the three calls dbt skips by name. */
const NOT_MACROS = new Set(
  (
    'source ref config var env_var return fromjson tojson fromyaml toyaml set set_strict zip zip_strict log print ' +
    'diff_of_two_dicts local_md5 modules flags target project_name dbt_version invocation_id thread_id context builtins'
  ).split(' '),
);
const DBT_OWN = new Set([...DBT_MACROS, 'is_incremental']);
/** Adapters whose macros fall back to another's before `default__` (dbt's adapter type chain). */
const PARENT: Record<string, string> = { redshift: 'postgres', databricks: 'spark' };

/** Calls of a syntax tree in the order jinja2's find_all(Call) visits them (each node's fields in order). */
const literal = (e: Expr | undefined): string | null =>
  e?.k === 'lit' && typeof e.value === 'string' ? e.value : null;

export function buildMacroEntries(scope: MacroScope): MacroEntry[] {
  const { unit } = scope;
  const projects = [unit.root, ...unit.packages];
  const entries: MacroEntry[] = [];
  const ids = new Set<string>();
  const flags = unit.root.raw['flags'];
  const validateArgs = isRecord(flags) && flags['validate_macro_args'] === true;
  for (const project of projects) {
    const generic = project.testPaths.map((p) => `${p}/generic`);
    const searched = [...project.macroPaths, ...generic];
    // Only the files under those paths are sorted: a project's thousands of models are skipped first.
    const files = (scope.byRoot.get(project.root) ?? [])
      .map(([path, text]) => ({ path, text, rel: pathFrom(project.root, path) }))
      .filter(({ rel }) => rel.toLowerCase().endsWith('.sql') && !/^[.#~]/.test(rel.slice(rel.lastIndexOf('/') + 1)))
      .filter(({ rel }) => under(searched, rel) !== null)
      .sort((a, b) => walkOrder(a.rel, b.rel));
    // The macro paths' files, then the generic tests' (dbt parses them after the project's macros).
    for (const [paths, kinds] of [
      [project.macroPaths, MACRO_FILE_BLOCKS],
      [generic, GENERIC_FILE_BLOCKS],
    ] as const) {
      for (const path of paths) {
        for (const file of files) {
          if (under([path], file.rel) === null) continue;
          const problems: BlockProblem[] = [];
          const blocks = macroBlocks(file.text, kinds, problems);
          for (const problem of problems)
            scope.diagnostics.push({
              code: 'invalid-macro',
              severity: 'error',
              message: `${problem.message} (dbt stops here)`,
              file: file.path,
              line: problem.line,
            });
          for (const block of blocks) {
            const entry: MacroEntry = {
              unique_id: `macro.${project.name}.${block.name}`,
              name: block.name,
              package_name: project.name,
              path: file.rel,
              macro_sql: block.sql,
              depends_on: { macros: [] },
              description: '',
              meta: {},
              docs: { show: true, node_color: null },
              patch_path: null,
              arguments: [],
              parameters: [],
              validateArgs,
              supported_languages: block.supportedLanguages,
              file: file.path,
              line: block.line,
              kind: block.kind,
            };
            if (ids.has(entry.unique_id)) continue; // the macro library reports duplicates
            ids.add(entry.unique_id);
            entries.push(entry);
          }
        }
      }
    }
  }
  const resolver = resolverOf(ids, scope);
  for (const entry of entries) {
    const read = readMacro(entry, resolver, scope);
    entry.depends_on.macros = read.macros;
    entry.parameters = read.parameters;
  }
  applyPatches(entries, scope);
  return entries;
}

interface Resolver {
  has(pkg: string, name: string): boolean;
  /** macros_by_name: the root project, then the other packages (a later one over an earlier), then dbt. */
  global(name: string): string | null;
  resolve(pkg: string, name: string): string | null;
  local: ReadonlySet<string>;
  external: ReadonlySet<string>;
}

/** How dbt's MacroResolver finds a macro by package and name, over the unit's macros (built once). */
function resolverOf(ids: ReadonlySet<string>, scope: MacroScope): Resolver {
  const { unit } = scope;
  const local = new Set([unit.root.name, ...unit.packages.map((p) => p.name)]);
  const external = new Set(unit.externalPackages);
  const has = (pkg: string, name: string) => ids.has(`macro.${pkg}.${name}`);
  const byName = [unit.root.name, ...unit.packages.map((p) => p.name).reverse()];
  const global = (name: string): string | null => {
    for (const pkg of byName) if (has(pkg, name)) return `macro.${pkg}.${name}`;
    return DBT_OWN.has(name) ? `macro.${dbtMacroPackage(scope.adapter, name)}.${name}` : null;
  };
  const resolve = (pkg: string, name: string): string | null => {
    if (pkg === 'dbt' && DBT_OWN.has(name)) return `macro.${dbtMacroPackage(scope.adapter, name)}.${name}`;
    if (local.has(pkg) && has(pkg, name)) return `macro.${pkg}.${name}`;
    // A package that is installed but not in the repository: dbt would find its macro there.
    if (external.has(pkg)) return `macro.${pkg}.${name}`;
    return global(name);
  };
  return { has, global, resolve, local, external };
}

/** macro_depends_on: the macros a macro may call, resolved as dbt's MacroResolver resolves them. */
/** What dbt reads of a macro's text: the macros it may call (macro_depends_on) and its parameters. */
function readMacro(
  macro: MacroEntry,
  resolver: Resolver,
  scope: MacroScope,
): { macros: string[]; parameters: string[] } {
  const { unit } = scope;
  const { has, global, resolve, local, external } = resolver;
  const chain = [scope.adapter, ...(PARENT[scope.adapter] ? [PARENT[scope.adapter]!] : []), 'default'];
  const dispatchOrder = (namespace: string | null): Array<string | null> => {
    if (namespace === null) return [null];
    const configured = Array.isArray(unit.root.raw['dispatch']) ? unit.root.raw['dispatch'] : [];
    const entry = configured.find((d) => isRecord(d) && d['macro_namespace'] === namespace);
    if (isRecord(entry) && Array.isArray(entry['search_order']))
      return entry['search_order'].filter((p): p is string => typeof p === 'string');
    return local.has(namespace) || external.has(namespace) || namespace === 'dbt'
      ? [unit.root.name, namespace]
      : [null];
  };
  const candidates: string[] = [];
  // Parsed as a macro of the same body: our template parser knows macros (a test block's head is a macro's with
  // another keyword, a materialization's is no call; their end tags close the body).
  const text =
    macro.kind === 'macro'
      ? macro.macro_sql
      : macro.macro_sql
          .replace(/{%(-?)\s*test\s+\w+/, '{%$1 macro _block')
          .replace(/{%(-?)\s*materialization\b[^%]*%}/, '{%$1 macro _block() %}')
          .replace(new RegExp(`{%(-?)\\s*end${macro.kind}\\s*(-?)%}`), '{%$1 endmacro $2%}');
  const lexed = lex(text);
  const problems = [...lexed.diagnostics];
  const tree = parseTemplate(text, lexed.tokens, problems);
  // A macro's syntax errors are the macro library's to report; a test or materialization block's are not seen there.
  // (An unterminated block is reported by its lexer already.)
  const closed = new RegExp(`end${macro.kind}\\s*-?%}\\s*$`).test(macro.macro_sql);
  if (macro.kind !== 'macro' && closed && problems.length > 0)
    scope.diagnostics.push({
      code: 'invalid-macro',
      severity: 'error',
      message: `\`${macro.name}\` does not parse (dbt stops here): ${problems[0]!.message}`,
      file: macro.file,
      line: macro.line + (problems[0]!.line ?? 1) - 1,
    });
  for (const call of staticCalls(tree)) {
    const fn = call.fn;
    if (fn.k === 'name') {
      if (!NOT_MACROS.has(fn.name)) candidates.push(fn.name);
    } else if (fn.k === 'attr' && fn.obj.k === 'name') {
      if (fn.obj.name !== 'adapter') candidates.push(`${fn.obj.name}.${fn.name}`);
      else if (fn.name === 'dispatch') {
        const name = literal(call.args[0]) ?? literal(call.kwargs.find((k) => k.name === 'macro_name')?.value);
        if (name === null) continue;
        candidates.push(name);
        const namespace =
          literal(call.args[1]) ?? literal(call.kwargs.find((k) => k.name === 'macro_namespace')?.value);
        search: for (const pkg of dispatchOrder(namespace))
          for (const prefix of chain) {
            const target = `${prefix}__${name}`;
            const id =
              pkg === null ? global(target) : pkg === 'dbt' ? null : has(pkg, target) ? `macro.${pkg}.${target}` : null;
            if (id !== null) {
              candidates.push(id.slice('macro.'.length));
              break search;
            }
          }
      }
    }
  }
  const out: string[] = [];
  for (const candidate of candidates) {
    if (candidate === macro.name) continue;
    const dot = candidate.indexOf('.');
    const id =
      dot < 0 ? resolve(macro.package_name, candidate) : resolve(candidate.slice(0, dot), candidate.slice(dot + 1));
    if (id !== null && !out.includes(id)) out.push(id);
  }
  const head = tree.find((node) => node.k === 'macro');
  return { macros: out, parameters: head?.k === 'macro' ? head.params.map((p) => p.name) : [] };
}

/** `macros:` entries of property files: description, meta, docs and arguments of the package's own macros. */
function applyPatches(entries: MacroEntry[], scope: MacroScope): void {
  const patched = new Set<string>();
  for (const [project, files] of scope.propertyFiles) {
    for (const file of files) {
      for (const patch of file.macroPatches ?? []) {
        const entry = entries.find((e) => e.unique_id === `macro.${project.name}.${patch.name}`);
        if (!entry) {
          scope.diagnostics.push({
            code: 'property-without-node',
            severity: 'warning',
            message: `property entry for macro \`${patch.name}\`, which does not exist in package \`${project.name}\``,
            file: patch.file,
            line: patch.line,
          });
          continue;
        }
        if (patched.has(entry.unique_id)) {
          scope.diagnostics.push({
            code: 'duplicate-property',
            severity: 'error',
            message: `macro \`${patch.name}\` is described twice (dbt stops here); this entry is ignored`,
            file: patch.file,
            line: patch.line,
          });
          continue;
        }
        patched.add(entry.unique_id);
        const data = patch.data;
        const rel = pathFrom(project.root, patch.file);
        entry.patch_path = `${project.name}://${rel}`;
        if (typeof data['description'] === 'string')
          entry.description = scope.describe(project, data['description'], patch.file, patch.line);
        // Newer dbt reads `config: {meta, docs}` too, over the top-level keys, key by key.
        const config = isRecord(data['config']) ? data['config'] : {};
        const meta = {
          ...(isRecord(data['meta']) ? data['meta'] : {}),
          ...(isRecord(config['meta']) ? config['meta'] : {}),
        };
        if (isRecord(data['meta']) || isRecord(config['meta'])) entry.meta = meta;
        if (isRecord(data['docs']) || isRecord(config['docs'])) {
          const docs = {
            ...(isRecord(data['docs']) ? data['docs'] : {}),
            ...(isRecord(config['docs']) ? config['docs'] : {}),
          };
          entry.docs = { show: docs['show'] !== false, node_color: docs['node_color'] ?? null };
        }
        if (Array.isArray(data['arguments'])) entry.documented = true;
        if (Array.isArray(data['arguments']))
          entry.arguments = data['arguments'].filter(isRecord).map((a) => ({
            name: typeof a['name'] === 'string' ? a['name'] : String(a['name'] ?? ''),
            type: typeof a['type'] === 'string' ? a['type'] : null,
            description:
              typeof a['description'] === 'string'
                ? scope.describe(project, a['description'], patch.file, patch.line)
                : '',
          }));
      }
    }
  }
}

/**
 * The order dbt walks a macro path (os.walk, top down): a folder's files before its subfolders', each level by
 * name (the listing order of most file systems).
 */
function walkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const aFile = i === x.length - 1;
    const bFile = i === y.length - 1;
    if (aFile !== bFile) return aFile ? -1 : 1;
    return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}
