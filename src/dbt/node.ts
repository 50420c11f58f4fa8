// One node (model, version, seed or snapshot) from its file and property entry: dbt's config precedence applied,
// columns, description and version facts from the entry, refs and sources from its SQL, hooks and constraints.
import type { Column, GraphNode, RefCall, ResourceType, SourceCall } from './types.js';
import type { PatchEntry } from './properties.js';
import type { ProjectScope } from './build.js';
import { deepMergeLayers, flatLayer, listify, mergeLayers, projectLayers, type ConfigLayer } from './config.js';
import { constraintList, patchColumns, patchLayer, versionColumns, versionColumnsProblem } from './patch.js';
import { noItems } from './empty.js';
import type { ScanResult } from './jinja/types.js';
import { constraintDependencies, hookDependencies } from './hooks.js';
import { configTypeProblems } from './config-types.js';
import { constraintProblems, modelProblems } from './model-checks.js';
import { configTreeFor, defaultsFor, deprecationDate, finishConfig, snapshotMetaColumnNames } from './node-config.js';
import { inferPrimaryKey, modelTests } from './primary-key.js';
import { Checksum, seedChecksum } from './checksum.js';
import { unrenderedConfig } from './unrendered.js';
import { staticCalls, writtenEntryLayer } from './node-written.js';
import { isRecord } from './yaml/yaml.js';
import { translateAliases, translateLayers } from './adapter-aliases.js';
import { pathFrom } from './text.js';
import { functionSignature } from './functions.js';

/** dbt's ConstraintType values. */

export interface NodeInput {
  type: ResourceType;
  name: string;
  path: string;
  rel: string;
  fqn: string[];
  text: string;
  /** The whole file, when `text` is a part of it (a snapshot block): dbt's checksum is the file's. */
  fileText?: string;
  /** The file as read, when it differs from `text` (a BOM, CRLF): dbt's raw_code and checksum keep them. */
  raw?: string | undefined;
  language: 'sql' | 'python' | null;
  scan: ScanResult | null;
  patch: PatchEntry | null;
  /** A version of a versioned model: the version entry and the model-level facts. */
  version?: { v: string | number; latest: string | number; data: Record<string, unknown> };
}

/**
 * How dbt's static parser left a model's config() calls in unrendered_config: as written, or merged key by key when
 * its property entry has a config (dbt's patch_node_config runs when patch.config is not empty: its `config:`, and
 * the top-level keys dbt 1.10+ moves there) or it is a version of a versioned model.
 */
function staticMode(input: NodeInput): false | 'static' | 'static-patched' {
  if (input.type !== 'model' || input.scan?.static !== true) return false;
  // A version's patch always builds its config again (its alias is recomputed).
  if (input.version) return 'static-patched';
  const data = input.patch?.data;
  if (data === undefined) return 'static';
  const config = data['config'];
  const patched =
    (config !== null && typeof config === 'object' && Object.keys(config).length > 0) ||
    ['meta', 'docs', 'group', 'access', 'contract'].some((key) => data[key] !== undefined && data[key] !== null);
  return patched ? 'static-patched' : 'static';
}

export function buildNode(scope: ProjectScope, input: NodeInput): GraphNode {
  const { project, root, diagnostics } = scope;
  const tree = configTreeFor(input.type);
  const layers: ConfigLayer[] = projectLayers(project.configs[tree], input.fqn);
  const patch = input.patch;
  let entryLayer: ConfigLayer | null = null;
  if (patch) {
    const modelLayer = patchLayer(patch, diagnostics);
    // dbt patches a version with `config=deep_merge(model config, version config)`: one layer, not two.
    const versionData = input.version?.data;
    entryLayer = versionData
      ? deepMergeLayers(
          modelLayer,
          patchLayer({ ...patch, data: versionData, line: patch.lines.of(versionData, patch.line) }, diagnostics),
        )
      : modelLayer;
    if (scope.staticConfigCalls !== null && patch.written)
      entryLayer = writtenEntryLayer(entryLayer, patch.written, input);
    layers.push(entryLayer);
  }
  // dbt's _create_parsetime_node makes a Python model's first config() call `materialized='table'`: it wins over
  // dbt_project.yml and property files, as any config() call does.
  if (input.type === 'model' && input.language === 'python')
    layers.push(flatLayer({ materialized: 'table' }, { file: input.path, line: 1 }));
  for (const call of input.scan?.configs ?? [])
    layers.push(flatLayer(call.values, { file: input.path, line: call.line }));
  if (project !== root) layers.push(...projectLayers(root.configs[tree], input.fqn));
  let firstCall = staticCalls(scope, input);
  if (scope.configAliases !== null) {
    const entryAt = entryLayer === null ? -1 : layers.indexOf(entryLayer);
    translateLayers(layers, scope.configAliases, diagnostics);
    if (entryAt >= 0) entryLayer = layers[entryAt]!;
    if (firstCall !== null) firstCall = translateAliases(firstCall, scope.configAliases, false).value;
  }
  const unrendered = unrenderedConfig(layers, firstCall, staticMode(input));
  const merged = mergeLayers(defaultsFor(input.type, input.language), layers, undefined, scope.adapterFields);
  const accessPos = merged.positionOf('access') ?? { file: input.path, line: 1 };
  diagnostics.push(
    ...configTypeProblems(merged.values, 'node', (key) => merged.positionOf(key) ?? { file: input.path, line: 1 }),
  );
  const config = finishConfig(merged.values, accessPos, diagnostics, input.type === 'model');
  if (input.type === 'snapshot')
    config['snapshot_meta_column_names'] = snapshotMetaColumnNames(config['snapshot_meta_column_names']);

  const hooks = hookDependencies(config, merged.positionOf, { file: input.path, line: 1 }, (text, pos) =>
    scope.scanShared(text, pos.file, pos.line),
  );
  for (const pos of hooks.invalid) {
    diagnostics.push({
      code: 'invalid-hook',
      severity: 'error',
      message: 'a pre-/post-hook that is no string of SQL (nor a dict with `sql`); dbt rejects it',
      ...pos,
    });
  }
  // dbt renders descriptions (doc blocks, Jinja) of enabled nodes only (process_docs walks manifest.nodes): a
  // disabled node keeps them as written, with no doc_blocks.
  const documented = patch !== null && config.enabled;
  const describe = (text: string, line: () => number) => (documented ? scope.describe(text, patch.file, line) : text);
  const docBlocks = (text: string) => (documented ? scope.docBlocks(text) : noItems<string>());
  let columns: Record<string, Column> = {};
  let description = '';
  // The description as written: dbt lists the doc blocks it calls before rendering it.
  let written = '';
  if (patch) {
    columns = patchColumns(patch.data['columns'], patch, describe, docBlocks);
    if (typeof patch.data['description'] === 'string') {
      written = patch.data['description'];
      description = describe(written, () => patch.lines.key(patch.data, 'description', patch.line));
    }
    if (input.version) {
      const data = input.version.data;
      columns = versionColumns(columns, data, patch, describe, docBlocks);
      const refused = versionColumnsProblem(data);
      if (refused !== null)
        diagnostics.push({
          code: 'invalid-version',
          severity: 'error',
          message: `version ${String(input.version.v)} of \`${input.name}\`: ${refused} (dbt stops here)`,
          file: patch.file,
          line: patch.lines.key(data, 'columns', patch.line),
        });
      // `description=unparsed_version.description or target.description`
      if (typeof data['description'] === 'string' && data['description'] !== '') {
        written = data['description'];
        description = describe(written, () => patch.lines.key(data, 'description', patch.line));
      }
    }
  }
  // A version's deprecation_date is its own: dbt does not inherit the model-level one.
  const deprecation = input.version ? input.version.data['deprecation_date'] : patch?.data['deprecation_date'];
  // `constraints=unparsed_version.constraints or target.constraints`
  const versionConstraints = constraintList(input.version?.data['constraints'], true);
  const constraints =
    versionConstraints.length > 0 ? versionConstraints : constraintList(patch?.data['constraints'], true);
  const propertyPos = patch ? { file: patch.file, line: patch.line } : { file: input.path, line: 1 };
  const constrained = constraints.length > 0 ? [{ constraints, pos: propertyPos }] : [];
  for (const name in columns) {
    const column = columns[name]!;
    if (column.constraints.length > 0)
      constrained.push({ constraints: column.constraints, pos: column.pos ?? propertyPos });
  }
  const foreignKeys = constraintDependencies(constrained, (text, pos) => scope.scanShared(text, pos.file, pos.line));
  // Keys the node's config() calls set to values parse time does not know: checks reading them do not judge it.
  const unknownConfig = (input.scan?.configs ?? []).flatMap((call) => call.unknown ?? []);
  if (input.type === 'model' && config.enabled) {
    modelProblems(input, config, patch, columns, merged.positionOf, diagnostics, new Set(unknownConfig));
    if (patch !== null) constraintProblems(input, config, columns, constraints, propertyPos, diagnostics);
  }
  const version = input.version?.v ?? null;
  const uniqueId = `${input.type}.${project.name}.${input.name}${version === null ? '' : `.v${version}`}`;
  const positions: Record<string, { file: string; line: number }> = {};
  for (const key of ['group', 'access', 'contract', 'materialized', 'enabled', 'tags']) {
    const pos = merged.positionOf(key);
    if (pos) positions[key] = pos;
  }
  const tags = nodeTags(config.tags, layers, entryLayer);
  const originalFilePath = pathFrom(project.root, input.path);
  // One literal, no spread inside it: a conditional key set afterwards keeps the object on V8's fast path.
  const node: GraphNode = {
    unique_id: uniqueId,
    resource_type: input.type,
    name: input.name,
    package_name: project.name,
    path: input.rel,
    original_file_path: originalFilePath,
    fqn: input.fqn,
    language: input.language,
    description,
    unrendered_config: unrendered,
    doc_blocks: written === '' ? noItems<string>() : docBlocks(written),
    columns,
    config,
    tags,
    meta: config.meta,
    group: config.group,
    access: config.access,
    contract: config.contract,
    version,
    latest_version: input.version?.latest ?? null,
    deprecation_date: deprecationDate(deprecation),
    patch_path: patch ? `${project.name}://${pathFrom(project.root, patch.file)}` : null,
    raw_code: input.raw ?? input.text,
    checksum:
      input.type === 'seed'
        ? seedChecksum(input.fileText ?? '', originalFilePath)
        : Checksum.of(input.fileText ?? input.raw ?? input.text),
    refs: refCalls(input, hooks.refs, foreignKeys.refs),
    sources: sourceCalls(input, hooks.sources, foreignKeys.sources),
    depends_on: { macros: dependsOnMacros(input.scan?.macros, hooks.macros), nodes: [] },
    file: input.path,
    property: patch
      ? { file: patch.file, line: input.version ? patch.lines.of(input.version.data, patch.line) : patch.line }
      : null,
    metaPositions: merged.metaPositions,
    configPositions: positions,
    projectRoot: project.root,
  };
  if (constraints.length > 0) node.constraints = constraints;
  if (firstCall !== null) node.userSetConfig = unrenderedConfig(layers);
  const metricCalls = input.scan?.metrics;
  if (metricCalls !== undefined)
    node.metrics = metricCalls.map((m) => ({
      name: m.name,
      package: m.package,
      pos: { file: input.path, line: m.line },
    }));
  const functionCalls = input.scan?.functions;
  if (functionCalls !== undefined)
    node.functions = functionCalls.map((f) => ({
      name: f.name,
      package: f.package,
      pos: { file: input.path, line: f.line },
    }));
  if (input.type === 'function') node.signature = functionSignature(input.name, input.path, patch, diagnostics);
  if (unknownConfig.length > 0) node.unknownConfig = unknownConfig;
  const timeSpine = patch?.data['time_spine'];
  // A version's patch has no time_spine in dbt.
  if (input.type === 'model' && !input.version && isRecord(timeSpine)) node.time_spine = timeSpineOf(timeSpine);
  if (input.type === 'model') {
    const primaryKey = inferPrimaryKey(constraints, columns, patch ? modelTests(patch.data, input.version?.data) : []);
    if (primaryKey.length > 0) node.primary_key = primaryKey;
  }
  return node;
}

/**
 * The node's `tags`, which dbt adds to as it parses (update_parsed_node_config appends the config's tags not yet
 * there): first those of the file's parse (dbt_project.yml and `config()`), then the property entry's, although
 * `config.tags` has the entry's before `config()`'s.
 */
function nodeTags(configTags: string[], layers: ConfigLayer[], entryLayer: ConfigLayer | null): string[] {
  if (configTags.length === 0) return noItems<string>();
  if (entryLayer === null || entryLayer.values['tags'] === undefined) return [...new Set(configTags)];
  const tags = new Set<string>();
  for (const layer of layers) {
    if (layer === entryLayer) continue;
    for (const tag of listify(layer.values['tags'])) if (typeof tag === 'string') tags.add(tag);
  }
  for (const tag of configTags) tags.add(tag);
  return [...tags];
}

/** dbt's TimeSpine: the standard granularity column and the custom granularities, `column_name` null when unset. */
function timeSpineOf(value: Record<string, unknown>): NonNullable<GraphNode['time_spine']> {
  const custom = Array.isArray(value['custom_granularities']) ? value['custom_granularities'] : [];
  return {
    standard_granularity_column: value['standard_granularity_column'] ?? null,
    custom_granularities: custom
      .filter(isRecord)
      .map((g) => ({ name: g['name'] ?? null, column_name: g['column_name'] ?? null })),
  };
}

/** The node's ref() calls: its SQL's, then its hooks' and its foreign keys'. */
function refCalls(input: NodeInput, hooks: RefCall[], foreignKeys: RefCall[]): RefCall[] {
  const refs: RefCall[] = [];
  for (const r of input.scan?.refs ?? []) {
    const pos = { file: input.path, line: r.line };
    refs.push({ name: r.name, package: r.package, version: r.version, pos, certainty: r.certainty });
  }
  for (const r of hooks) refs.push(r);
  for (const r of foreignKeys) refs.push(r);
  return refs;
}

/** The node's source() calls, in the same order; most models call none and share one frozen empty list. */
function sourceCalls(input: NodeInput, hooks: SourceCall[], foreignKeys: SourceCall[]): SourceCall[] {
  const scanned = input.scan?.sources ?? [];
  if (scanned.length + hooks.length + foreignKeys.length === 0) return noItems();
  const sources: SourceCall[] = [];
  // A model dbt's static parser reads keeps each source once (its first call here).
  const once = input.type === 'model' && input.scan?.static === true ? new Set<string>() : null;
  for (const s of scanned) {
    const key = `${s.source}\0${s.table}`;
    if (once?.has(key)) continue;
    once?.add(key);
    sources.push({ source: s.source, table: s.table, pos: { file: input.path, line: s.line } });
  }
  for (const s of hooks) sources.push(s);
  for (const s of foreignKeys) sources.push(s);
  return sources;
}

/** dbt's MacroDependsOn.add_macro: the body's macros, then the hooks', each once, in first-call order. */
function dependsOnMacros(body: readonly string[] | undefined, hooks: string[]): string[] {
  if (hooks.length === 0) return body === undefined || body.length === 0 ? [] : [...body];
  const ids = [...(body ?? [])];
  for (const id of hooks) if (!ids.includes(id)) ids.push(id);
  return ids;
}
