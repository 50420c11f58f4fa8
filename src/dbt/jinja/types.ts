// The Jinja evaluator's public data shapes: what the compiler passes in and what a scan hands back.
import type { MacroLibrary } from './macros.js';

/** What parse-time Jinja can know: vars, target, environment and the project's name. */
export interface JinjaContext {
  /** Project vars already merged with `--vars` overrides (for `var()`). */
  vars: Record<string, unknown>;
  target: { name: string; type: string; schema: string; database: string; [k: string]: unknown };
  /** For `env_var()`: a missing variable takes the default argument, else a diagnostic and `null`. */
  env: Record<string, string>;
  /** `project_name`. */
  projectName: string;
  /** The project's and packages' macros (`buildMacroLibrary`): calls to them run with the real arguments. */
  macros?: MacroLibrary;
  /** The package of the file being scanned, where unqualified macro names are looked up first; default the root. */
  packageName?: string;
  /**
   * Packages the project installs that the repository does not hold (named in packages.yml / dependencies.yml):
   * `pkg.name()` for one of them is a macro call dbt records in depends_on.macros.
   */
  externalPackages?: ReadonlySet<string>;
  /**
   * Whether every package the project installs is in the repository (none from dbt Hub or git: those install
   * packages of their own, dbt_utils with a Fivetran package): `pkg.name()` for a name that is no package nor
   * dbt's is then reported (dbt's parse takes it as undefined).
   */
  allPackagesHere?: boolean;
  /**
   * Whether `var()` renders a value that holds Jinja, as dbt's Var does for SQL, hooks and dbt_project.yml; in
   * property files and docs dbt's ConfiguredVar gives the value as written.
   */
  renderVars?: boolean;
  /**
   * dbt records config() calls as written (its state_modified_compare_more_unrendered_values flag): a file its static
   * parser reads keeps list and dict values as they are, which the scan marks (scan.ts withStaticMark).
   */
  callsAsWritten?: boolean;
  /**
   * The adapter's aliases of config keys (adapter-aliases.ts): a static model's config() call using one keeps it
   * in unrendered_config as written, which the scan marks.
   */
  configAliases?: Readonly<Record<string, string>> | null;
  /**
   * Where dbt reads vars strictly (dbt_project.yml's base Var, the naming macros' RuntimeVar): a var not set and
   * without default stops it (RequiredVarNotFoundError), said with this reason; only nodes' parse-time var() gives
   * none.
   */
  missingVarStops?: string;
  /** profiles.yml and packages.yml: the only files where dbt lets env_var() read a `DBT_ENV_SECRET_` variable. */
  secretEnvVars?: boolean;
}

export type Certainty = 'static' | 'conditional';

export interface ScanRef {
  name: string;
  package: string | null;
  version: string | number | null;
  line: number;
  certainty: Certainty;
}

export interface ScanSource {
  source: string;
  table: string;
  line: number;
  certainty: Certainty;
}

/** `metric('name')` or `metric('package', 'name')`: a metric of the semantic layer the file uses. */
export interface ScanMetric {
  name: string;
  package: string | null;
  line: number;
}

/** `function('name')` or `function('package', 'name')`: a user-defined function (dbt 1.11+) the file calls. */
export type ScanFunction = ScanMetric;

/** One `config(...)` call, kwargs evaluated to plain values, in call order. */
export interface ScanConfig {
  values: Record<string, unknown>;
  line: number;
  /** Keys the call sets to values parse time does not know (left out of `values`); `*` when the whole argument is. */
  unknown?: string[];
}

export interface ScanDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
}

export interface ScanResult {
  refs: ScanRef[];
  sources: ScanSource[];
  configs: ScanConfig[];
  /** Metric calls, when there are any (exposures' `depends_on: [metric('m')]`). */
  metrics?: ScanMetric[];
  /** Function calls, when there are any. */
  functions?: ScanFunction[];
  /** dbt's `depends_on.macros`: the macros the file itself calls at parse time, as `macro.<package>.<name>`. */
  macros: readonly string[];
  diagnostics: ScanDiagnostic[];
  /**
   * The file is what dbt's static parser reads (text, comments, and ref / source / config calls of literals): for a
   * model, dbt takes its calls from there instead of rendering it, and keeps each source once (dbt-extractor
   * collects sources in a set, refs in a list).
   */
  static?: true;
}
