// One project (or local package) of a compile unit -> its models, seeds and snapshots, with effective config,
// property entries applied, refs and sources as written. Refs are resolved later, across the whole unit.
import type { Diagnostic, GraphNode, ParseCache } from './types.js';
import type { ProjectFile } from './project.js';
import type { PatchEntry } from './properties.js';
import type { ScanResult } from './jinja/types.js';
import type { StaticConfigStyle } from './jinja/static-config.js';
import type { Aliases } from './adapter-aliases.js';
import { scanAtLine } from './jinja/scan.js';
import { stem } from './text.js';
import { yamlSnapshots } from './snapshot-yaml.js';
import { functionInputs } from './function-nodes.js';
import { compareVersions } from './node-config.js';
import type { NodeInput } from './node.js';
import { buildNode } from './node-memo.js';
import { isRecord } from './yaml/yaml.js';

export interface ProjectScope {
  project: ProjectFile;
  /** The unit's root project, whose dbt_project.yml applies on top of a package's own configs. */
  root: ProjectFile;
  /** Model files of this project: repository path -> normalised text. */
  modelFiles: Array<{ path: string; text: string; raw: string | undefined; rel: string; modelPath: string }>;
  /** Analyses' SQL files (as modelFiles), or null when analyses are not built (only the manifest lists them). */
  analysisFiles: ProjectScope['modelFiles'] | null;
  /** User-defined functions' files (dbt 1.11+), or null when they are not built (only the manifest lists them). */
  functionFiles: ProjectScope['modelFiles'] | null;
  /** Seed CSVs; `text` is '' when the caller did not read them (only the checksum needs it). */
  seedFiles: Array<{ path: string; rel: string; seedPath: string; text: string }>;
  snapshotBlocks: Array<{
    path: string;
    rel: string;
    name: string;
    body: string;
    line: number;
    bodyLine: number;
    /** The whole file as read (BOM and CRLF kept): dbt's checksum of a snapshot is the file's. */
    text: string;
    /** The body as read, when the file had CRLF line ends: dbt's raw_code keeps them. */
    rawBody?: string | undefined;
  }>;
  /** How config() calls are recorded in unrendered_config: as written (dbt's flag), or null for as rendered. */
  staticConfigCalls: StaticConfigStyle | null;
  /** The adapter's aliases of config keys (`dataset` for `schema` on BigQuery), or null for none. */
  configAliases: Aliases | null;
  /** The adapter's config fields by position (adapter-configs.ts), which a config gets before other keys. */
  adapterFields: ReadonlyMap<string, number> | null;
  patches: PatchEntry[];
  /** Scans SQL, reporting its diagnostics in `path` as if the text started on line `firstLine` (default 1). */
  scanSql(text: string, path: string, firstLine?: number): ScanResult;
  scanPython(text: string, path: string): ScanResult;
  /** scanSql for a text that many nodes share at one place (a hook or constraint set in shared config): once. */
  scanShared(text: string, path: string, line: number): ScanResult;
  /** Renders a description (doc blocks, Jinja); `line` is where it is written, asked only when needed. */
  describe(text: string, file: string, line: () => number): string;
  /** Unique ids of the doc blocks a description (as written) calls, as dbt 1.10+ lists them in `doc_blocks`. */
  docBlocks(text: string): string[];
  /** A file's path relative to the resource path it is under (for nodes defined in YAML). */
  resourcePath(file: string): string;
  /** A file of the project as read (BOM and CRLF kept), for the checksums of nodes defined in YAML. */
  fileText(path: string): string | undefined;
  diagnostics: Diagnostic[];
  /**
   * The caller's parse cache, where built nodes are kept across compiles (base and head of one review, pushes of
   * one pull request), or null for none.
   */
  cache: ParseCache | null;
  /** Everything a node depends on besides its own file and entry: dbt_project.yml texts, Jinja context, docs. */
  memoKey: string;
}

const SINGULAR = {
  models: 'model',
  seeds: 'seed',
  snapshots: 'snapshot',
  analyses: 'analysis',
  functions: 'function',
} as const;

export function buildProjectNodes(scope: ProjectScope): GraphNode[] {
  const { project, diagnostics } = scope;
  // Entries by kind, then name (the first of a name wins); `entries` keeps them in the order written.
  const patches = new Map<string, Map<string, PatchEntry>>();
  const entries: PatchEntry[] = [];
  const patchOf = (kind: string, name: string): PatchEntry | null => patches.get(kind)?.get(name) ?? null;
  // Later entries of a name already given: judged once nodes are built (dbt's error needs the node to exist).
  const repeated: PatchEntry[] = [];
  for (const patch of scope.patches) {
    let ofKind = patches.get(patch.kind);
    if (!ofKind) patches.set(patch.kind, (ofKind = new Map()));
    if (ofKind.has(patch.name)) repeated.push(patch);
    else {
      ofKind.set(patch.name, patch);
      entries.push(patch);
    }
  }
  const used = new Set<PatchEntry>();
  const nodes: GraphNode[] = [];
  // The folders of a path, split once per folder: the models of a folder share the strings of their fqn.
  const folders = new Map<string, string[]>();
  const foldersOf = (rel: string): string[] => {
    const dir = rel.slice(0, Math.max(0, rel.lastIndexOf('/')));
    let parts = folders.get(dir);
    if (!parts) folders.set(dir, (parts = dir === '' ? [] : dir.split('/')));
    return parts;
  };
  // Two files may define one model name when at most one of them is enabled (adapter-specific variants):
  // duplicates among enabled nodes are reported once every config is known (compile.ts).
  const modelsByName = new Map<string, (typeof scope.modelFiles)[number]>();
  const modelNames = scope.modelFiles.map((file) => stem(file.path));
  scope.modelFiles.forEach((file, i) => {
    if (!modelsByName.has(modelNames[i]!)) modelsByName.set(modelNames[i]!, file);
  });

  // Versioned models first: their entries claim files (`<name>_v<N>` or `defined_in`).
  const consumed = new Set<string>();
  const versioned = new Map<string, PatchEntry>();
  for (const patch of entries) {
    if (patch.kind !== 'models' || !Array.isArray(patch.data['versions'])) continue;
    const versions = patch.data['versions'].filter(isRecord);
    const vs = versions
      .map((v) => v['v'])
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
    if (vs.length === 0) continue;
    used.add(patch);
    versioned.set(patch.name, patch);
    const declaredLatest = patch.data['latest_version'];
    // A latest_version of 0 is version 0 (a dbt 1.6 manifest points unversioned refs at v0); dbt checks that it is
    // one of the versions only when it is truthy.
    const declared =
      (typeof declaredLatest === 'string' && declaredLatest !== '') || typeof declaredLatest === 'number';
    const latest = declared ? declaredLatest : [...vs].sort((a, b) => compareVersions(b, a))[0]!;
    if (latest && !vs.some((v) => String(v) === String(latest))) {
      diagnostics.push({
        code: 'invalid-version',
        // dbt's UnparsedModelUpdate refuses it (ParsingError).
        severity: 'error',
        message: `latest_version ${String(latest)} of \`${patch.name}\` is none of its versions (${vs.map(String).join(', ')}); dbt stops here`,
        file: patch.file,
        line: patch.lines.key(patch.data, 'latest_version', patch.line),
      });
    }
    for (const data of versions) {
      const v = data['v'];
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const definedIn = typeof data['defined_in'] === 'string' ? data['defined_in'] : `${patch.name}_v${v}`;
      let file = modelsByName.get(definedIn);
      if (!file && String(v) === String(latest)) file = modelsByName.get(patch.name);
      if (!file) {
        diagnostics.push({
          code: 'missing-version-file',
          // dbt warns (NoNodeForYamlKey) and goes on.
          severity: 'warning',
          message: `version ${v} of \`${patch.name}\` has no model file \`${definedIn}\``,
          file: patch.file,
          line: patch.lines.of(data, patch.line),
        });
        continue;
      }
      consumed.add(file.path);
      const language = file.path.endsWith('.py') ? 'python' : 'sql';
      const dirs = foldersOf(file.rel);
      nodes.push(
        buildNode(scope, {
          type: 'model',
          name: patch.name,
          path: file.path,
          rel: file.rel,
          fqn: [project.name, ...dirs, patch.name, `v${v}`],
          text: file.text,
          raw: file.raw,
          language,
          scan: language === 'python' ? scope.scanPython(file.text, file.path) : scope.scanSql(file.text, file.path),
          patch,
          version: { v, latest, data },
        }),
      );
    }
  }

  for (let i = 0; i < scope.modelFiles.length; i++) {
    const file = scope.modelFiles[i]!;
    if (consumed.has(file.path)) continue;
    const name = modelNames[i]!;
    const language = file.path.endsWith('.py') ? 'python' : 'sql';
    const patch = patchOf('models', name);
    if (patch) used.add(patch);
    const mark = diagnostics.length;
    const built = buildNode(scope, {
      type: 'model',
      name,
      path: file.path,
      rel: file.rel,
      fqn: [project.name, ...foldersOf(file.rel), name],
      text: file.text,
      raw: file.raw,
      language,
      scan: language === 'python' ? scope.scanPython(file.text, file.path) : scope.scanSql(file.text, file.path),
      patch,
    });
    // dbt's DuplicateVersionedUnversionedError: an enabled model file named as a versioned model (with an enabled
    // version) that no version claims. A disabled one (an adapter's variant) is no clash.
    const versions = versioned.get(name);
    if (
      versions &&
      built.config.enabled &&
      nodes.some((n) => n.name === name && n.version !== null && n.config.enabled)
    ) {
      // The file is ignored: so is what its build reported.
      diagnostics.splice(mark);
      diagnostics.push({
        code: 'duplicate-node',
        severity: 'error',
        message: `\`${name}\` is a versioned model (${versions.file}:${versions.line}) and this file, which no version is defined in, is one of that name too; dbt stops here, and the file is ignored`,
        file: file.path,
        line: 1,
      });
      continue;
    }
    nodes.push(built);
  }
  for (const file of scope.analysisFiles ?? []) {
    // dbt's AnalysisParser: the node's path (and so its fqn) is under `analysis/`, whatever the analysis path.
    const name = stem(file.path);
    const patch = patchOf('analyses', name);
    if (patch) used.add(patch);
    const rel = `analysis/${file.rel}`;
    nodes.push(
      buildNode(scope, {
        type: 'analysis',
        name,
        path: file.path,
        rel,
        fqn: [project.name, ...foldersOf(rel), name],
        text: file.text,
        raw: file.raw,
        language: 'sql',
        scan: scope.scanSql(file.text, file.path),
        patch,
      }),
    );
  }
  for (const input of functionInputs(scope, entries, (patch) => used.add(patch), foldersOf))
    nodes.push(buildNode(scope, input));
  for (const file of scope.seedFiles) {
    const name = stem(file.path);
    const patch = patchOf('seeds', name);
    if (patch) used.add(patch);
    const fqn = [project.name, ...foldersOf(file.rel), name];
    nodes.push(
      buildNode(scope, {
        type: 'seed',
        name,
        path: file.path,
        rel: file.rel,
        fqn,
        text: '',
        // dbt's seed checksum is the file's (raw_code stays empty).
        fileText: file.text,
        language: null,
        scan: null,
        patch,
      }),
    );
  }
  for (const block of scope.snapshotBlocks) {
    const patch = patchOf('snapshots', block.name);
    if (patch) used.add(patch);
    // Snapshots' fqn includes the file name (dbt's SnapshotParser.get_fqn).
    const fqn = [project.name, ...block.rel.replace(/\.sql$/i, '').split('/'), block.name];
    const scan = scope.scanSql(block.body, block.path, block.bodyLine);
    const shifted = scanAtLine(scan, block.bodyLine);
    const input: NodeInput = {
      type: 'snapshot',
      name: block.name,
      path: block.path,
      rel: block.rel,
      fqn,
      text: block.body,
      raw: block.rawBody,
      fileText: block.text,
      language: 'sql',
      scan: shifted,
      patch,
    };
    nodes.push(buildNode(scope, input));
  }

  const sqlSnapshots = new Set(scope.snapshotBlocks.map((b) => b.name));
  for (const input of yamlSnapshots(scope, entries, sqlSnapshots)) {
    if (input.patch) used.add(input.patch);
    nodes.push(buildNode(scope, input));
  }

  // Entries of the kinds only the manifest builds are not judged where their nodes are not built (reviews).
  const notBuilt = (patch: PatchEntry) =>
    (patch.kind === 'analyses' && scope.analysisFiles === null) ||
    (patch.kind === 'functions' && scope.functionFiles === null);
  const withoutNode = (patch: PatchEntry): Diagnostic => ({
    code: 'property-without-node',
    severity: 'warning',
    message: `property entry for ${SINGULAR[patch.kind]} \`${patch.name}\`, which does not exist in project \`${project.name}\``,
    file: patch.file,
    line: patch.line,
  });
  for (const patch of entries) {
    if (used.has(patch) || notBuilt(patch)) continue;
    diagnostics.push(withoutNode(patch));
  }
  const enabled = new Set(nodes.filter((n) => n.config.enabled).map((n) => `${n.resource_type}\0${n.name}`));
  for (const patch of repeated) {
    const first = patchOf(patch.kind, patch.name)!;
    if (notBuilt(patch)) continue;
    // dbt's parse_patch raises DuplicatePatchPathError only for an enabled node the first entry patched; an entry
    // of a name no node has is one more NoNodeForYamlKey warning; a disabled node is patched again, silently.
    if (!used.has(first)) diagnostics.push(withoutNode(patch));
    else if (enabled.has(`${SINGULAR[patch.kind]}\0${patch.name}`))
      diagnostics.push({
        code: 'duplicate-property-entry',
        severity: 'error',
        message: `\`${patch.name}\` already has a property entry at ${first.file}:${first.line}; this one is ignored`,
        file: patch.file,
        line: patch.line,
      });
  }
  return nodes;
}
