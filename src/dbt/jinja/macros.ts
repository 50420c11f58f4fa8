// buildMacroLibrary: parses every `{% macro %}` of a project's and its packages' macro files once, so that scans
// can run a project macro with the real arguments, as dbt does at parse time.
import { createHash } from 'node:crypto';
import type { Node, Param } from './ast.js';
import { lex } from './lexer.js';
import { parseTemplate } from './template-parser.js';
import type { ScanDiagnostic } from './types.js';

export interface MacroFile {
  path: string;
  text: string;
  packageName: string;
  /** A file of `<test path>/generic`: dbt reads only its `{% test %}` blocks. */
  testsOnly?: boolean;
}

/** One macro of a macro file; `body` holds offsets into `text`, the whole file it was written in. */
export interface MacroDef {
  name: string;
  packageName: string;
  path: string;
  line: number;
  text: string;
  params: Param[];
  body: Node[];
  /** The macro's lines hold a syntax error: dbt would not parse it, so it is not run. */
  broken: boolean;
}

type Namespace = ReadonlyMap<string, MacroDef>;

/** The macros of a compile, by package. Opaque to the compiler apart from its fingerprint. */
export class MacroLibrary {
  constructor(
    /** Stable hash of every macro file's source and package: part of parse-cache keys. */
    readonly fingerprint: string,
    readonly rootPackage: string,
    private readonly packages: ReadonlyMap<string, Namespace>,
  ) {}

  /** dbt's order for an unqualified name: the scanned file's package, then the root project. */
  find(name: string, localPackage: string): MacroDef | undefined {
    return this.packages.get(localPackage)?.get(name) ?? this.packages.get(this.rootPackage)?.get(name);
  }

  /** `pkg.name(...)`: the macros of one package, for any package of the library (the root one too). */
  namespace(packageName: string): Namespace | undefined {
    return this.packages.get(packageName);
  }

  /** Packages that define `name`, for explaining a name the search order does not reach. */
  definedIn(name: string): string[] {
    const out: string[] = [];
    for (const [pkg, macros] of this.packages) if (macros.has(name)) out.push(pkg);
    return out.sort();
  }

  /** A context holding the library serialises to its fingerprint (compilers key caches on JSON contexts). */
  toJSON(): string {
    return `macros:${this.fingerprint}`;
  }
}

type FileDiagnostic = ScanDiagnostic & { file: string };

function parseFile(file: MacroFile, diagnostics: FileDiagnostic[]): MacroDef[] {
  const lexed = lex(file.text);
  const diags: ScanDiagnostic[] = [...lexed.diagnostics];
  const nodes = parseTemplate(file.text, lexed.tokens, diags);
  for (const d of diags) diagnostics.push({ ...d, file: file.path });
  // dbt registers only top-level macros of a macro file.
  const defs: MacroDef[] = [];
  for (const n of nodes) {
    if (n.k !== 'macro' || (file.testsOnly === true && n.test !== true)) continue;
    const { name, line, params, body } = n;
    defs.push({
      name,
      packageName: file.packageName,
      path: file.path,
      line,
      text: file.text,
      params,
      body,
      broken: false,
    });
  }
  // An error belongs to the last macro opened at or before its line.
  for (const d of diags) {
    let owner: MacroDef | undefined;
    for (const def of defs) if (def.line <= d.line) owner = def;
    if (owner !== undefined) owner.broken = true;
  }
  return defs;
}

export function buildMacroLibrary(
  files: MacroFile[],
  rootPackage: string,
): { library: MacroLibrary; diagnostics: FileDiagnostic[] } {
  const diagnostics: FileDiagnostic[] = [];
  const packages = new Map<string, Map<string, MacroDef>>();
  const hash = createHash('sha256').update(`root\0${rootPackage}\0`);
  const ordered = [...files].sort((a, b) =>
    a.packageName === b.packageName
      ? a.path < b.path
        ? -1
        : a.path > b.path
          ? 1
          : 0
      : a.packageName < b.packageName
        ? -1
        : 1,
  );
  for (const file of ordered) {
    hash.update(`${file.packageName}\0${file.path}\0${file.text.length}\0${file.text}\0`);
    if (file.text.indexOf('macro') === -1 && file.text.indexOf('test') === -1) continue;
    let macros = packages.get(file.packageName);
    if (macros === undefined) packages.set(file.packageName, (macros = new Map()));
    for (const def of parseFile(file, diagnostics)) {
      const first = macros.get(def.name);
      if (first === undefined) {
        macros.set(def.name, def);
        continue;
      }
      diagnostics.push({
        code: 'duplicate-macro',
        severity: 'error',
        message: `Macro \`${def.name}\` of package \`${def.packageName}\` is also defined in ${first.path} (line ${first.line}); dbt refuses two macros of one name in a package. The first one is used.`,
        line: def.line,
        file: file.path,
      });
    }
  }
  return { library: new MacroLibrary(hash.digest('hex'), rootPackage, packages), diagnostics };
}

/** Why a call to `name` runs nothing, for the `unknown-macro` diagnostic. */
export function unknownMacroMessage(name: string, library: MacroLibrary, localPackage?: string): string {
  const loss = 'refs inside it, if any, are not seen.';
  const def = library.find(name, localPackage ?? library.rootPackage);
  if (def !== undefined) {
    return `Macro \`${name}\` (${def.path}, line ${def.line}) has a syntax error, so it was not run: ${loss}`;
  }
  const elsewhere = library.definedIn(name);
  if (elsewhere.length > 0) {
    const pkgs = elsewhere.map((p) => `\`${p}\``).join(', ');
    return `\`${name}\` is defined only in package ${pkgs}, where dbt does not look for an unqualified name (call it \`${elsewhere[0]}.${name}\`): ${loss}`;
  }
  return `\`${name}\` is neither a macro of the project or its packages nor a dbt builtin: ${loss}`;
}
