// The compiled dbt graph: what `dbt parse` would write to target/manifest.json, plus the source
// positions (file and line) that reviews annotate. Field names follow dbt's manifest v12 where one exists.
import type { Checksum } from './checksum.js';
import type { AdapterGuess } from './adapter-guess.js';

/** A place in the repository: a repository-relative POSIX path and a 1-based line. */
export interface Position {
  file: string;
  line: number;
}

/** Files of a repository (or of one commit): repository-relative POSIX path -> text. */
export type FileMap = ReadonlyMap<string, string>;

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem found while compiling. Compiling never throws on bad input: it reports these and goes on. */
export interface Diagnostic {
  /** Stable kebab-case id, e.g. `yaml-syntax`, `unknown-ref`, `dynamic-ref`, `unevaluated-condition`. */
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  file: string;
  line?: number;
}

export type Access = 'private' | 'protected' | 'public';
/**
 * Kinds of node. An `operation` is an `on-run-start`/`on-run-end` hook of dbt_project.yml (Graph.operations); a
 * `function` is a user-defined function of dbt 1.11+ (Graph.functions).
 */
export type ResourceType = 'model' | 'seed' | 'snapshot' | 'operation' | 'analysis' | 'function';

export interface ContractConfig {
  enforced: boolean;
  alias_types: boolean;
}

/** A node's effective config after dbt's precedence and merge rules. Unknown keys are kept as dbt keeps them. */
export interface NodeConfig {
  enabled: boolean;
  materialized: string;
  tags: string[];
  meta: Record<string, unknown>;
  group: string | null;
  access: Access;
  contract: ContractConfig;
  docs: { show: boolean; node_color: string | null };
  [key: string]: unknown;
}

export interface Column {
  name: string;
  description: string;
  data_type: string | null;
  meta: Record<string, unknown>;
  tags: string[];
  constraints: Record<string, unknown>[];
  quote: boolean | null;
  /** Where the column is declared in a property file. */
  pos: Position | null;
  /** Unique ids of the doc blocks its description calls (dbt 1.10+); absent when read from an older manifest. */
  doc_blocks?: string[];
  /** A time spine's column granularity (`day`, `hour`...), dbt 1.9+; null when not set. */
  granularity?: string | null;
  /** Keys of the column's entry that are none of dbt's column properties, kept as dbt keeps them; absent when none. */
  extra?: Record<string, unknown>;
}

/** One `ref()` call as written, with where it was written. */
export interface RefCall {
  name: string;
  package: string | null;
  version: string | number | null;
  pos: Position;
  /** `conditional`: inside an `{% if %}` dbt-steward could not evaluate; counted as a dependency all the same. */
  certainty: 'static' | 'conditional';
}

export interface SourceCall {
  source: string;
  table: string;
  pos: Position;
}

/** A call naming a resource by `(name)` or `(package, name)`, with where it was written. */
export interface NamedCall {
  name: string;
  package: string | null;
  pos: Position;
}

/** `metric('name')` / `metric('package', 'name')`: a metric of the semantic layer (only the manifest links them). */
export type MetricCall = NamedCall;

/** `function('name')` / `function('package', 'name')`: a user-defined function (dbt 1.11+) the node calls. */
export type FunctionCall = NamedCall;

/** A user-defined function's signature, from its property entry, as dbt's FunctionArgument/FunctionReturns. */
export interface FunctionSignature {
  returns: { data_type: unknown; description: unknown };
  arguments: Array<{ name: unknown; data_type: unknown; description: unknown; default_value: unknown }>;
}

export interface GraphNode {
  /**
   * Config keys a `config()` call sets to values parse time does not know (left out of `config`; `*` for a whole
   * argument): checks that read them do not judge the node on the defaults.
   */
  unknownConfig?: string[];
  /** `metric('m')` calls in the node's SQL, when it has any: the manifest adds the metrics to depends_on.nodes. */
  metrics?: MetricCall[];
  /** `function()` calls in the node's SQL, when it has any: the manifest adds the functions to depends_on.nodes. */
  functions?: FunctionCall[];
  /** A function's arguments and return type (resource_type `function` only). */
  signature?: FunctionSignature;
  unique_id: string;
  resource_type: ResourceType;
  name: string;
  package_name: string;
  /** Path relative to the model/seed/snapshot path it was found in, as dbt writes `path`. */
  path: string;
  /** Path relative to the dbt project's root, as dbt writes `original_file_path`. */
  original_file_path: string;
  fqn: string[];
  language: 'sql' | 'python' | null;
  description: string;
  columns: Record<string, Column>;
  config: NodeConfig;
  tags: string[];
  meta: Record<string, unknown>;
  group: string | null;
  access: Access;
  contract: ContractConfig;
  version: string | number | null;
  latest_version: string | number | null;
  deprecation_date: string | null;
  /** Model-level constraints from the property entry (or its version), with dbt's defaults; absent when none. */
  constraints?: Record<string, unknown>[];
  /**
   * A model's inferred primary key (dbt 1.9+, `ModelNode.infer_primary_key`), sorted as dbt sorts it; absent when
   * empty and for seeds and snapshots.
   */
  primary_key?: string[];
  /** Unique ids of the doc blocks its description calls (dbt 1.10+); absent when read from an older manifest. */
  doc_blocks?: string[];
  /** An operation's position among its project's hooks of one type (dbt's HookNode.index). */
  index?: number;
  /** A time spine model's `time_spine:` (dbt 1.9+), as dbt's TimeSpine writes it; absent when not set. */
  time_spine?: { standard_granularity_column: unknown; custom_granularities: Array<Record<string, unknown>> };
  /** The configs as written, as dbt's `unrendered_config` holds them (unrendered.ts). */
  unrendered_config?: Record<string, unknown>;
  /**
   * The keys a user set, each config() call's included, when unrendered_config holds the first call as written
   * (dbt's unrendered-values flag): what the manifest keeps of config keys newer than the dbt version written.
   */
  userSetConfig?: Record<string, unknown>;
  /** Names the project's generate_database/schema/alias_name overrides gave the node (absent: dbt's defaults). */
  relation?: { database?: string; schema?: string; alias?: string };
  /** `package://path/to/file.yml` of the property entry, as dbt writes it, or null. */
  patch_path: string | null;
  raw_code: string;
  checksum: Checksum;
  refs: RefCall[];
  sources: SourceCall[];
  depends_on: { nodes: string[]; macros: string[] };

  // dbt-steward's own fields (not in dbt's manifest).
  /** Repository-relative path of the file that defines the node (SQL, Python, CSV). */
  file: string;
  /** Where the node's property-file entry (`- name: x`) is, if it has one. */
  property: Position | null;
  /** Where each top-level `meta` key got its effective value (the winning source). */
  metaPositions: Record<string, Position>;
  /** Where `config.group` / `access` / `contract` got their effective values, when set explicitly. */
  configPositions: Record<string, Position>;
  /** Repository-relative folder of the dbt project (or local package) the node belongs to; '' for the root. */
  projectRoot: string;
  /**
   * A token for everything the node was built from (its file, its property entry's text, the project's config),
   * when the compiler had a cache to memoise it in: two nodes with the very same token (`===`) were built from the
   * same inputs, and differ at most in lines and edges.
   */
  buildKey?: object;
}

export interface SourceTable {
  unique_id: string;
  resource_type: 'source';
  source_name: string;
  name: string;
  package_name: string;
  original_file_path: string;
  fqn: string[];
  description: string;
  /** Unique ids of the doc blocks the table's description calls (dbt 1.10+). */
  doc_blocks?: string[];
  source_description: string;
  loader: string;
  identifier: string;
  columns: Record<string, Column>;
  meta: Record<string, unknown>;
  source_meta: Record<string, unknown>;
  tags: string[];
  config: { enabled: boolean; [key: string]: unknown };
  /** The source's `database:` / `schema:` when written (dbt: `schema = source.schema or source.name`). */
  database?: string | null;
  schema?: string | null;
  /** As written for the source and its table, merged as dbt merges them (written out by manifest.ts). */
  quoting?: Record<string, unknown>;
  loaded_at_field?: string | null;
  /** dbt 1.10+: the source's `database:` and `schema:` as written. */
  unrendered_database?: string | null;
  unrendered_schema?: string | null;
  /** dbt 1.10+: a query that gives the time data was last loaded, in place of loaded_at_field. */
  loaded_at_query?: string | null;
  freshness?: Record<string, unknown> | null;
  external?: unknown;
  /** The configs as written, as dbt's `unrendered_config` holds them; absent when read from an older manifest. */
  unrendered_config?: Record<string, unknown>;
  /** unrendered_config as dbt before 1.10 wrote it (no loaded_at_*, merged meta/tags or freshness of its own). */
  unrenderedBefore110?: Record<string, unknown>;
  file: string;
  line: number;
}

export interface Owner {
  name?: string | null;
  email?: string | null;
  [key: string]: unknown;
}

export interface Exposure {
  unique_id: string;
  resource_type: 'exposure';
  name: string;
  package_name: string;
  /** Path relative to the resource path the property file is under (dbt's `path`); absent when unknown. */
  path?: string;
  original_file_path: string;
  fqn: string[];
  type: string;
  owner: Owner;
  description: string;
  label: string | null;
  maturity: string | null;
  url: string | null;
  meta: Record<string, unknown>;
  tags: string[];
  config: { enabled: boolean; [key: string]: unknown };
  /** The configs as written (the project's `exposures:` configs, then the entry's `config:`), as dbt keeps them. */
  unrendered_config?: Record<string, unknown>;
  refs: RefCall[];
  sources: SourceCall[];
  /** `depends_on: [metric('m')]`, when it names any: the manifest adds the metrics to depends_on.nodes. */
  metrics?: MetricCall[];
  depends_on: { nodes: string[]; macros: string[] };
  file: string;
  line: number;
}

export interface Group {
  unique_id: string;
  resource_type: 'group';
  name: string;
  package_name: string;
  /** Path relative to the resource path the property file is under (dbt's `path`); absent when unknown. */
  path?: string;
  original_file_path: string;
  owner: Owner;
  description: string | null;
  /** dbt 1.10+'s GroupConfig: the group's `meta` (top level and under `config:`). */
  config?: { meta: Record<string, unknown> };
  file: string;
  line: number;
}

/** A node that a ref names but that is not in the repository: a package not committed, or another dbt project. */
export interface ExternalNode {
  unique_id: string;
  name: string;
  package_name: string;
  version: string | number | null;
}

export interface ProjectInfo {
  name: string;
  /** Repository-relative folder of `dbt_project.yml`; '' for the repository root. */
  root: string;
  /** True for a local package compiled as part of another project. */
  isPackage: boolean;
  /**
   * The project's `quoting:` in dbt_project.yml (`database` / `schema` / `identifier`), when known: the root
   * project's applies to every relation_name of the manifest, over the adapter's defaults.
   */
  quoting?: Record<string, unknown>;
}

/** A `{% docs %}` block, as dbt writes it in the manifest's `docs`. */
export interface DocBlock {
  name: string;
  resource_type: 'doc';
  package_name: string;
  /** Relative to the docs path it was found under. */
  path: string;
  original_file_path: string;
  unique_id: string;
  block_contents: string;
}

/**
 * A data test as `manifest` writes it: a generic one (dbt's GenericTestNode, declared in a property file) or a
 * singular one (a SQL file under the test paths). Reviews do not read tests.
 */
/** What a manifest-only resource (a test, a MetricFlow resource) holds, besides its kind's own fields. */
interface ManifestResource {
  unique_id: string;
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  /** The property file and line of the resource's entry (a singular test's: its SQL file). */
  file: string;
  line: number;
  config: Record<string, unknown>;
  unrendered_config: Record<string, unknown>;
}

export interface TestNode extends ManifestResource {
  kind: 'generic' | 'singular';
  alias: string;
  /** `<short name>.sql`, as dbt's pseudo test path. */
  path: string;
  tags: string[];
  raw_code: string;
  /** A singular test's: the sha256 of its stripped file; a generic test has none. */
  checksum: Checksum | null;
  column_name: string | null;
  file_key_name: string | null;
  attached_node: string | null;
  group: string | null;
  test_metadata: { name: string; kwargs: Record<string, unknown>; namespace: string | null } | null;
  refs: RefCall[];
  sources: SourceCall[];
  /** `function()` calls of a singular test's SQL (dbt 1.11+), when it has any. */
  functions?: FunctionCall[];
  /**
   * A generic test's macro is null when no project or package defines it where dbt looks (dbt records None: the
   * parse passes, `dbt test` fails).
   */
  depends_on: { nodes: string[]; macros: Array<string | null> };
  /** A generic test's `description:`, or a singular test's from its `data_tests:` entry; '' when none. */
  description: string;
  /** A singular test's property file (`<package>://<path>`), when a `data_tests:` entry describes it. */
  patch_path: string | null;
  /** Set when the project overrides generate_*_name (naming.ts); otherwise dbt's defaults apply. */
  relation?: { database: string; schema: string; alias: string };
}

/** A MetricFlow resource of a property file (semantic.ts): a semantic model, a metric or a saved query. */
export interface SemanticResource extends ManifestResource {
  kind: 'semantic_model' | 'metric' | 'saved_query';
  /** A semantic model's `model: ref(...)`. */
  refs: RefCall[];
  depends_on: { macros: string[]; nodes: string[] };
  /** The kind's own fields, in dbt's key order (manifest-semantic.ts writes them around the common ones). */
  fields: Record<string, unknown>;
}

/** A macro of the repository's projects as the manifest lists it (dbt's Macro resource). */
export interface MacroEntry {
  unique_id: string;
  name: string;
  package_name: string;
  /** Relative to the project's folder (dbt writes it as `path` and `original_file_path`). */
  path: string;
  macro_sql: string;
  depends_on: { macros: string[] };
  description: string;
  meta: Record<string, unknown>;
  docs: { show: boolean; node_color: unknown };
  patch_path: string | null;
  /** The property entry's `arguments:` (none when it gives none: see `documented`). */
  arguments: Array<{ name: string; type: string | null; description: string }>;
  /** Whether a property entry gives `arguments:` (they replace those of the signature). */
  documented?: boolean;
  /** The names of the macro's parameters, in order (a materialization has none). */
  parameters: string[];
  /**
   * The root project sets dbt's `validate_macro_args` flag (default in dbt 1.12): the manifest lists the parameters
   * as the macro's arguments when no property entry gives them.
   */
  validateArgs: boolean;
  supported_languages: string[] | null;
  /** The file (repository path) and line of the block. */
  file: string;
  line: number;
  kind: 'macro' | 'materialization' | 'test';
}

/** One `given:` input or the `expect:` of a unit test, its rows normalised as dbt normalises them. */
export interface UnitTestFixture {
  input?: string;
  /** Dicts (dict and csv formats, csv values as text), or the SQL text (sql format). */
  rows: Array<Record<string, unknown>> | string | null;
  format: 'dict' | 'csv' | 'sql';
  fixture: string | null;
}

/** A unit test as dbt's UnitTestDefinition has it (manifest `unit_tests`). */
export interface UnitTest {
  unique_id: string;
  name: string;
  /** The tested model as written (`orders`, or `orders.v2`). */
  model: string;
  package_name: string;
  /** Relative to the resource folder the property file is in. */
  path: string;
  original_file_path: string;
  fqn: string[];
  description: string;
  given: UnitTestFixture[];
  expect: UnitTestFixture;
  overrides: {
    macros: Record<string, unknown>;
    vars: Record<string, unknown>;
    env_vars: Record<string, unknown>;
  } | null;
  depends_on: { macros: string[]; nodes: string[] };
  config: Record<string, unknown>;
  checksum: string;
  /** The tested model's schema; null when it is disabled. */
  schema: string | null;
  versions: { include: unknown[] | null; exclude: unknown[] | null } | null;
  version: string | number | null;
  /** The property file and line of the entry. */
  file: string;
  line: number;
}

export interface Graph {
  projects: ProjectInfo[];
  nodes: Record<string, GraphNode>;
  /** dbt's analysis nodes (analysis-paths), built for the manifest only (CompileOptions.tests): no review reads them. */
  analyses?: Record<string, GraphNode>;
  /** dbt 1.11+'s user-defined functions (function-paths), enabled: the manifest's `functions`, built with the tests. */
  functions?: Record<string, GraphNode>;
  sources: Record<string, SourceTable>;
  exposures: Record<string, Exposure>;
  groups: Record<string, Group>;
  disabled: Record<string, GraphNode[]>;
  /**
   * The `on-run-start` / `on-run-end` hooks of each project as dbt's operation nodes (the manifest lists them with
   * its nodes). Kept apart from `nodes`, which reviews read: they are no models, seeds or snapshots.
   */
  operations?: Record<string, GraphNode>;
  /** Generic data tests, enabled (the manifest lists them with its nodes; reviews do not read them). */
  tests?: Record<string, TestNode>;
  /** Disabled tests: their own config, or the node they test, is disabled. */
  disabledTests?: Record<string, TestNode[]>;
  /** Semantic models, metrics and saved queries (enabled), for the manifest; built with the data tests. */
  semantic?: Record<string, SemanticResource>;
  /** Semantic models, metrics and saved queries disabled by their config. */
  disabledSemantic?: Record<string, SemanticResource[]>;
  /** The macros of the repository's projects, for the manifest; built with the data tests. */
  macros?: Record<string, MacroEntry>;
  /** Unit tests (`unit_tests:` of property files, dbt 1.8+), enabled; built with the data tests. */
  unitTests?: Record<string, UnitTest>;
  /** The root project's selectors.yml as dbt writes manifest.json's `selectors` (selectors.ts); absent when none. */
  selectors?: Record<string, unknown>;
  /**
   * The target the compile used: the caller's, else the project's own profiles.yml's (profile.ts), else the
   * defaults; absent in a graph read from a manifest.
   */
  target?: { name: string; type: string; schema: string; database: string };
  /** Unit tests disabled by their config, or because the model they test is disabled. */
  disabledUnitTests?: Record<string, UnitTest[]>;
  /** Disabled sources and exposures (dbt lists them in the manifest's `disabled` too). */
  disabledResources?: Record<string, Array<SourceTable | Exposure>>;
  /** The `{% docs %}` blocks of the compiled projects, by unique id (`doc.<package>.<name>`). */
  docs?: Record<string, DocBlock>;
  external: Record<string, ExternalNode>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  diagnostics: Diagnostic[];
}

/** Context that decides what dbt's Jinja evaluates to at parse time. */
export interface CompileOptions {
  /** `--vars`: override `vars` of dbt_project.yml. */
  vars?: Record<string, unknown>;
  /** `target.name` and `target.type` (the adapter). Defaults: `dev`, `postgres`. */
  target?: { name?: string; type?: string; schema?: string; database?: string };
  /** Environment for `env_var()`; when a variable is missing its default is used. */
  env?: Record<string, string>;
  /**
   * The profiles.yml dbt reads (`--profiles-dir`, DBT_PROFILES_DIR), in place of a project's own: its path as
   * diagnostics name it, and its text.
   */
  profiles?: { file: string; text: string };
  /**
   * The adapter the repository installs (adapter-guess.ts), for when neither `target.type` nor a profiles.yml
   * names one; ambiguous, it is said and the default stays.
   */
  adapterGuess?: AdapterGuess;
  /** Files larger than this (in characters) are skipped with a diagnostic. Default 1 MiB. */
  maxFileChars?: number;
  /**
   * Build what only the manifest lists too: data tests (generic and singular), unit tests and the macros. Reviews
   * read none of them, and a project's tests can outnumber its models: off unless asked for (`dbt-steward
   * manifest` asks).
   */
  tests?: boolean;
  /** Memo of per-file parse results, shared across compiles so that unchanged files are parsed once. */
  cache?: ParseCache;
  /** The dbt version whose parse to follow, as ManifestShape.version (manifest-shape.ts); dbt 1.11.9+ when absent. */
  dbtVersion?: number;
}

/**
 * A memo the caller owns; values are opaque to the caller. Keys name what was parsed (a file, a node) and are
 * short: each value carries the texts it was made from and is used only when they are equal, so no whole file
 * text is ever hashed as a key. `size` estimates the characters of source behind a value, for byte-capped caches.
 */
export interface ParseCache {
  get(key: string): unknown;
  set(key: string, value: unknown, size?: number): void;
}
