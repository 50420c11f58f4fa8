// Exposures and groups from property files, and what the builders of YAML-only resources share (source tables
// are in source-tables.ts).
import type { Diagnostic, Exposure, Group, MetricCall, Owner } from './types.js';
import type { ProjectFile } from './project.js';
import type { PropertyFile } from './properties.js';
import { type ConfigLayer, mergeLayers, projectLayers } from './config.js';
import { stringList } from './patch.js';
import type { ScanResult } from './jinja/types.js';
import { isRecord, type YamlLines } from './yaml/yaml.js';
import { unrenderedConfig } from './unrendered.js';
import { pathFrom } from './text.js';

export interface ResourceScope {
  project: ProjectFile;
  root: ProjectFile;
  /** The file's path relative to the resource path it is under (dbt's `path` of exposures and groups). */
  resourcePath(file: string): string;
  describe(text: string, file: string, line: () => number): string;
  docBlocks(text: string): string[];
  scanSql(text: string, path: string, firstLine?: number): ScanResult;
  /** The dbt version compiled for (CompileOptions.dbtVersion); the newest when absent. */
  dbtVersion?: number;
  diagnostics: Diagnostic[];
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** dbt's Owner: `email` and `name` always written (null when not given), then any other keys. */
export function owner(value: unknown): Owner {
  return { email: null, name: null, ...(isRecord(value) ? value : {}) };
}

/**
 * dbt's UnparsedGroup / UnparsedExposure validation: an owner is required, with a `name` or an `email`; without
 * one dbt stops. Said on the entry's `owner:` line; the entry is still read.
 */
function checkOwner(
  kind: 'Group' | 'Exposure',
  entry: { name: string; data: Record<string, unknown>; file: string; line: number; lines: YamlLines },
  diagnostics: Diagnostic[],
): void {
  const value = entry.data['owner'];
  const named = isRecord(value) && (value['name'] != null || value['email'] != null);
  if (named) return;
  diagnostics.push({
    code: 'invalid-owner',
    severity: 'error',
    message: `${kind} \`${entry.name}\`: ${value === undefined ? 'an owner is required' : "its owner must have at least one of 'name' or 'email'"} (dbt stops here)`,
    file: entry.file,
    line: entry.lines.key(entry.data, 'owner', entry.line),
  });
}

/** Folders of the file under its resource path: the middle of the fqn (dbt's get_fqn_prefix). */
export function fqnDirs(scope: ResourceScope, file: string): string[] {
  return scope.resourcePath(file).split('/').slice(0, -1);
}

export function buildExposures(scope: ResourceScope, file: PropertyFile): Exposure[] {
  const { project } = scope;
  return file.exposures.map((entry) => {
    const data = entry.data;
    checkOwner('Exposure', entry, scope.diagnostics);
    const fqn = [project.name, ...fqnDirs(scope, entry.file), entry.name];
    const refs: Exposure['refs'] = [];
    const sources: Exposure['sources'] = [];
    const metrics: MetricCall[] = [];
    const dependsOn = Array.isArray(data['depends_on']) ? data['depends_on'] : [];
    dependsOn.forEach((dep, index) => {
      if (typeof dep !== 'string') return;
      const line = entry.lines.item(dependsOn, index, entry.line);
      const scan = scope.scanSql(dep.includes('{{') ? dep : `{{ ${dep} }}`, entry.file, line);
      for (const r of scan.refs)
        refs.push({
          name: r.name,
          package: r.package,
          version: r.version,
          pos: { file: entry.file, line },
          certainty: r.certainty,
        });
      for (const s of scan.sources) sources.push({ source: s.source, table: s.table, pos: { file: entry.file, line } });
      for (const m of scan.metrics ?? [])
        metrics.push({ name: m.name, package: m.package, pos: { file: entry.file, line } });
    });
    const config = isRecord(data['config']) ? data['config'] : {};
    // dbt's _generate_exposure_config: the project's `exposures:` configs for the fqn, the entry's `config:` over
    // them, then (for a package's exposure) the root project's.
    const layers: ConfigLayer[] = [
      ...projectLayers(project.configs.exposures, fqn),
      {
        values: config,
        where: () => ({ file: entry.file, line: entry.line }),
        written: { kind: 'dict', values: config },
      },
      ...(project !== scope.root ? projectLayers(scope.root.configs.exposures, fqn) : []),
    ];
    const merged = mergeLayers({ enabled: true, tags: [], meta: {} }, layers).values;
    // ExposureParser.parse_exposure: the project's top-level `tags:` / `meta:` (as written under `exposures:`), the
    // entry's, then the merged config's.
    const projectExposures = project.configs.exposures.tree;
    const tags = [
      ...new Set([...stringList(projectExposures['tags']), ...stringList(data['tags']), ...stringList(merged['tags'])]),
    ].sort();
    const meta = {
      ...(isRecord(projectExposures['meta']) ? projectExposures['meta'] : {}),
      ...(isRecord(data['meta']) ? data['meta'] : {}),
      ...(isRecord(merged['meta']) ? merged['meta'] : {}),
    };
    return {
      unique_id: `exposure.${project.name}.${entry.name}`,
      resource_type: 'exposure',
      name: entry.name,
      package_name: project.name,
      path: scope.resourcePath(entry.file),
      original_file_path: pathFrom(project.root, entry.file),
      fqn,
      type: text(data['type']),
      owner: owner(data['owner']),
      // dbt renders the descriptions of enabled resources only (process_docs): a disabled one's is kept as written.
      description:
        merged['enabled'] !== false && data['enabled'] !== false
          ? scope.describe(text(data['description']), entry.file, () =>
              entry.lines.key(data, 'description', entry.line),
            )
          : text(data['description']),
      label: typeof data['label'] === 'string' ? data['label'] : null,
      maturity: typeof data['maturity'] === 'string' ? data['maturity'] : null,
      url: typeof data['url'] === 'string' ? data['url'] : null,
      meta,
      tags,
      // ExposureConfig's fields in its order; dbt 1.10+ keeps the tags there too.
      config: { ...merged, enabled: merged['enabled'] !== false && data['enabled'] !== false, tags, meta },
      unrendered_config: unrenderedConfig(layers),
      refs,
      sources,
      ...(metrics.length > 0 ? { metrics } : {}),
      depends_on: { macros: [], nodes: [] },
      file: entry.file,
      line: entry.line,
    } satisfies Exposure;
  });
}

export function buildGroups(scope: ResourceScope, file: PropertyFile): Group[] {
  const { project } = scope;
  for (const entry of file.groups) checkOwner('Group', entry, scope.diagnostics);
  return file.groups.map((entry) => ({
    unique_id: `group.${project.name}.${entry.name}`,
    resource_type: 'group' as const,
    name: entry.name,
    package_name: project.name,
    path: scope.resourcePath(entry.file),
    original_file_path: pathFrom(project.root, entry.file),
    owner: owner(entry.data['owner']),
    description: typeof entry.data['description'] === 'string' ? entry.data['description'] : null,
    config: {
      meta: {
        ...(isRecord(entry.data['meta']) ? entry.data['meta'] : {}),
        ...(isRecord(entry.data['config']) && isRecord(entry.data['config']['meta'])
          ? entry.data['config']['meta']
          : {}),
      },
    },
    file: entry.file,
    line: entry.line,
  }));
}
