// Orchestrates a compile: finds the dbt projects in a file map, parses each compile unit (a project and its
// local packages), builds nodes, resolves refs across the graph. Pure: the caller hands in files and options.
import type {
  CompileOptions,
  Diagnostic,
  Exposure,
  FileMap,
  Graph,
  GraphNode,
  Group,
  ParseCache,
  ProjectInfo,
  SourceTable,
} from './types.js';
import { discoverProjects, owningRoot, type CompileUnit } from './discover.js';
import { buildProjectNodes, type ProjectScope } from './build.js';
import { buildExposures, buildGroups, buildSources, type ResourceScope } from './resources.js';
import { readPropertyFile, type PropertyFile } from './properties.js';
import { buildMaps, linkDependencies, RefResolver, type ResolveUnit } from './resolve.js';
import {
  extractDocBlocks,
  extractSnapshots,
  renderValue,
  scanPython,
  scanSql,
  type JinjaContext,
  type ScanResult,
} from './jinja/index.js';
import type { ProjectFile } from './project.js';
import { normaliseText, relativeTo } from './text.js';
import { isRecord } from './yaml.js';

const DEFAULT_MAX_FILE_CHARS = 1024 * 1024;

/** A cache that forgets everything: used when the caller passes none. */
const noCache: ParseCache = { get: () => undefined, set: () => undefined };

export interface CompileExtras {
  /** Compile only the project in this folder (and its local packages), as `dbt parse` run there would. */
  project?: string;
}

export function compile(files: FileMap, options: CompileOptions & CompileExtras = {}): Graph {
  const diagnostics: Diagnostic[] = [];
  const cache = options.cache ?? noCache;
  const cliVars = options.vars ?? {};
  const target = {
    name: options.target?.name ?? 'dev',
    type: options.target?.type ?? 'postgres',
    schema: options.target?.schema ?? 'public',
    database: options.target?.database ?? 'analytics',
  };
  const env = options.env ?? {};
  const maxChars = options.maxFileChars ?? DEFAULT_MAX_FILE_CHARS;

  const renderWith = (ctx: JinjaContext, file: string) => (value: unknown, line: number) => {
    const rendered = renderValue(value, ctx);
    for (const d of rendered.diagnostics) diagnostics.push({ ...d, file, line: line + d.line - 1 });
    return rendered.value;
  };
  // dbt renders dbt_project.yml with `--vars` only: a project's own vars are not visible in its own config.
  const projectCtx: JinjaContext = { vars: cliVars, target, env, projectName: '' };
  const discovery = discoverProjects(files, (file) => renderWith(projectCtx, file), options.project);
  diagnostics.push(...discovery.diagnostics);

  // Bucket files by the project that owns them, once.
  const byRoot = new Map<string, Array<[string, string]>>();
  for (const [path, text] of files) {
    const root = owningRoot(path, discovery.roots);
    if (root === null) continue;
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push([path, text]);
  }

  const enabled: GraphNode[] = [];
  const disabled: GraphNode[] = [];
  const sources: SourceTable[] = [];
  const disabledSources: SourceTable[] = [];
  const exposures: Exposure[] = [];
  const groups: Group[] = [];
  const projects: ProjectInfo[] = [];
  const unitOf = new Map<string, ResolveUnit>();

  for (const unit of discovery.units) {
    const members = [unit.root, ...unit.packages];
    const resolveUnit: ResolveUnit = {
      rootPackage: unit.root.name,
      packages: new Set([...members.map((p) => p.name), ...unit.linkedPackages]),
      hasExternalPackages: unit.externalPackages.length > 0,
    };
    const compiled = compileUnit(unit, byRoot, { cliVars, target, env, maxChars, cache, diagnostics });
    for (const node of compiled.nodes) {
      unitOf.set(node.unique_id, resolveUnit);
      (node.config.enabled ? enabled : disabled).push(node);
    }
    sources.push(...compiled.sources.enabled);
    disabledSources.push(...compiled.sources.disabled);
    for (const exposure of compiled.exposures) {
      unitOf.set(exposure.unique_id, resolveUnit);
      exposures.push(exposure);
    }
    groups.push(...compiled.groups);
    for (const member of members)
      projects.push({ name: member.name, root: member.root, isPackage: member !== unit.root });
    // A model's group must be declared in its unit.
    const groupNames = new Set(compiled.groups.map((g) => g.name));
    for (const node of compiled.nodes) {
      if (node.config.group !== null && !groupNames.has(node.config.group)) {
        const pos = node.configPositions['group'] ?? { file: node.file, line: 1 };
        diagnostics.push({
          code: 'unknown-group',
          severity: 'error',
          message: `group \`${node.config.group}\` of ${node.unique_id} is not defined`,
          ...pos,
        });
      }
    }
  }

  const nodes: Record<string, GraphNode> = {};
  for (const node of enabled) {
    if (nodes[node.unique_id]) {
      diagnostics.push({
        code: 'duplicate-node',
        severity: 'error',
        message: `${node.unique_id} is defined twice; the first definition is kept`,
        file: node.file,
        line: 1,
      });
      continue;
    }
    nodes[node.unique_id] = node;
  }
  const resolver = new RefResolver(Object.values(nodes), disabled, sources);
  const edges: Array<{ child: string; parents: string[] }> = [];
  for (const item of [...Object.values(nodes), ...exposures]) {
    linkDependencies(item, resolver, unitOf.get(item.unique_id)!, diagnostics);
    edges.push({ child: item.unique_id, parents: item.depends_on.nodes });
  }
  const graph: Graph = {
    projects,
    nodes,
    sources: Object.fromEntries(sources.map((s) => [s.unique_id, s])),
    exposures: Object.fromEntries(exposures.map((e) => [e.unique_id, e])),
    groups: Object.fromEntries(groups.map((g) => [g.unique_id, g])),
    disabled: {},
    external: resolver.external,
    parent_map: {},
    child_map: {},
    diagnostics,
  };
  for (const node of disabled) (graph.disabled[node.unique_id] ??= []).push(node);
  const ids = [
    ...Object.keys(nodes),
    ...Object.keys(graph.sources),
    ...Object.keys(graph.exposures),
    ...Object.keys(graph.external),
  ];
  Object.assign(graph, buildMaps(ids, edges));
  return graph;
}

interface UnitEnv {
  cliVars: Record<string, unknown>;
  target: JinjaContext['target'];
  env: Record<string, string>;
  maxChars: number;
  cache: ParseCache;
  diagnostics: Diagnostic[];
}

/** Vars visible to a project's nodes: its own, then the root's globals and the root's block for it, then --vars. */
function varsFor(project: ProjectFile, root: ProjectFile, cliVars: Record<string, unknown>): Record<string, unknown> {
  const scoped = (p: ProjectFile, name: string) =>
    isRecord(p.vars[name]) ? (p.vars[name] as Record<string, unknown>) : {};
  const own = { ...project.vars, ...scoped(project, project.name) };
  if (project === root) return { ...own, ...cliVars };
  return { ...own, ...root.vars, ...scoped(root, project.name), ...cliVars };
}

function under(paths: string[], rel: string): { base: string; rest: string } | null {
  for (const base of paths) {
    const rest = relativeTo(base, rel);
    if (rest !== null) return { base, rest };
  }
  return null;
}

function compileUnit(unit: CompileUnit, byRoot: Map<string, Array<[string, string]>>, env: UnitEnv) {
  const { diagnostics, cache } = env;
  const members = [unit.root, ...unit.packages];
  const docs = new Map<string, string>();
  const prepared = members.map((project) => {
    const ctx: JinjaContext = {
      vars: varsFor(project, unit.root, env.cliVars),
      target: env.target,
      env: env.env,
      projectName: unit.root.name,
    };
    const ctxKey = JSON.stringify(ctx);
    const modelFiles: ProjectScope['modelFiles'] = [];
    const seedFiles: ProjectScope['seedFiles'] = [];
    const snapshotBlocks: ProjectScope['snapshotBlocks'] = [];
    const propertyFiles: PropertyFile[] = [];
    const yamlPaths = [
      ...project.modelPaths,
      ...project.seedPaths,
      ...project.snapshotPaths,
      ...project.analysisPaths,
      ...project.macroPaths,
      ...project.testPaths,
    ];
    const docPaths = project.docsPaths ?? yamlPaths;
    const render = (file: string) => (value: unknown, line: number) => {
      const rendered = renderValue(value, ctx);
      for (const d of rendered.diagnostics) diagnostics.push({ ...d, file, line: line + d.line - 1 });
      return rendered.value;
    };
    for (const [path, raw] of byRoot.get(project.root) ?? []) {
      const rel = project.root === '' ? path : path.slice(project.root.length + 1);
      const lower = rel.toLowerCase();
      const isYaml = lower.endsWith('.yml') || lower.endsWith('.yaml');
      const isMd = lower.endsWith('.md');
      const model = under(project.modelPaths, rel);
      const seed = lower.endsWith('.csv') ? under(project.seedPaths, rel) : null;
      const snapshot = lower.endsWith('.sql') ? under(project.snapshotPaths, rel) : null;
      const yaml = isYaml && !rel.includes('/') ? null : isYaml ? under(yamlPaths, rel) : null;
      const doc = isMd ? under(docPaths, rel) : null;
      const isModel = model !== null && (lower.endsWith('.sql') || lower.endsWith('.py'));
      if (!isModel && !seed && !snapshot && !yaml && !doc) continue;
      if (raw.length > env.maxChars) {
        diagnostics.push({
          code: 'file-too-large',
          severity: 'warning',
          message: `file is over ${env.maxChars} characters; skipped`,
          file: path,
          line: 1,
        });
        continue;
      }
      if (seed) {
        seedFiles.push({ path, rel: seed.rest, seedPath: seed.base });
        continue;
      }
      const text = normaliseText(raw);
      if (isModel) modelFiles.push({ path, text, rel: model.rest, modelPath: model.base });
      else if (snapshot) {
        for (const block of extractSnapshots(text)) snapshotBlocks.push({ path, rel: snapshot.rest, text, ...block });
      } else if (yaml) {
        const key = `yml\0${ctxKey}\0${path}\0${text}`;
        let parsed = cache.get(key) as PropertyFile | undefined;
        if (!parsed) {
          parsed = readPropertyFile(text, path, render(path));
          cache.set(key, parsed);
        }
        diagnostics.push(...parsed.diagnostics);
        propertyFiles.push(parsed);
      } else if (doc) {
        for (const block of extractDocBlocks(text)) {
          docs.set(`${project.name}\0${block.name}`, block.content);
          if (!docs.has(`\0${block.name}`)) docs.set(`\0${block.name}`, block.content);
        }
      }
    }
    return { project, ctx, ctxKey, modelFiles, seedFiles, snapshotBlocks, propertyFiles };
  });

  const nodes: GraphNode[] = [];
  const sources = { enabled: [] as SourceTable[], disabled: [] as SourceTable[] };
  const exposures: Exposure[] = [];
  const groups: Group[] = [];
  for (const p of prepared) {
    const { project, ctx, ctxKey } = p;
    const scan =
      (kind: 'sql' | 'py') =>
      (text: string, path: string): ScanResult => {
        const key = `${kind}\0${ctxKey}\0${text}`;
        let result = cache.get(key) as ScanResult | undefined;
        if (!result) {
          result = kind === 'sql' ? scanSql(text, ctx) : scanPython(text, ctx);
          cache.set(key, result);
        }
        for (const d of result.diagnostics) diagnostics.push({ ...d, file: path });
        return result;
      };
    const resolveDoc = (name: string, pkg: string | null) =>
      docs.get(`${pkg ?? project.name}\0${name}`) ?? (pkg === null ? docs.get(`\0${name}`) : undefined);
    const describe = (text: string, file: string, line: number): string => {
      if (!text.includes('{')) return text;
      const rendered = renderValue(text, ctx, resolveDoc);
      for (const d of rendered.diagnostics) diagnostics.push({ ...d, file, line: line + d.line - 1 });
      return typeof rendered.value === 'string' ? rendered.value : text;
    };
    const scope: ProjectScope = {
      project,
      root: unit.root,
      modelFiles: p.modelFiles,
      seedFiles: p.seedFiles,
      snapshotBlocks: p.snapshotBlocks,
      patches: p.propertyFiles.flatMap((f) => f.patches),
      scanSql: scan('sql'),
      scanPython: scan('py'),
      describe,
      diagnostics,
    };
    nodes.push(...buildProjectNodes(scope));
    const resourcePaths = [
      ...project.modelPaths,
      ...project.seedPaths,
      ...project.snapshotPaths,
      ...project.analysisPaths,
      ...project.macroPaths,
      ...project.testPaths,
    ];
    const resourceScope: ResourceScope = {
      project,
      root: unit.root,
      resourcePath: (file) => {
        const rel = project.root === '' ? file : file.slice(project.root.length + 1);
        return under(resourcePaths, rel)?.rest ?? rel;
      },
      describe,
      scanSql: scope.scanSql,
      diagnostics,
    };
    for (const file of p.propertyFiles) {
      const built = buildSources(resourceScope, file);
      sources.enabled.push(...built.enabled);
      sources.disabled.push(...built.disabled);
      exposures.push(...buildExposures(resourceScope, file));
      groups.push(...buildGroups(resourceScope, file));
    }
  }
  return { nodes, sources, exposures, groups };
}
