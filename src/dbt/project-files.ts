// A project's files sorted by kind under its resource paths: model files, seeds, snapshot blocks, property files
// (parsed through the cache) and doc blocks. Pure: compile-unit.ts hands in the files and what parsing needs.
import type { Diagnostic, DocBlock, FileMap, ParseCache } from './types.js';
import type { ProjectScope } from './build.js';
import { readPropertyFile, type PropertyFile } from './properties.js';
import { installedPackageOwner } from './source.js';
import { extractDocBlocks, extractSnapshots } from './jinja/index.js';
import type { ProjectFile } from './project.js';
import { joinPath, leavesFolder, normaliseText, pathFrom, relativeTo, stem } from './text.js';
import type { Aliases } from './adapter-aliases.js';

/**
 * A parse memo entry: the text it was parsed from and the result. Keys name the file (and context), and a hit
 * needs the very same text, compared rather than hashed into the key.
 */
export interface Parsed<T> {
  text: string;
  value: T;
}

/** Every resource path of a project: where property files, and nodes defined in YAML, may sit. */
export function resourcePathsOf(project: ProjectFile): string[] {
  return [
    ...project.modelPaths,
    ...project.seedPaths,
    ...project.snapshotPaths,
    ...project.analysisPaths,
    ...project.macroPaths,
    ...project.testPaths,
    ...project.functionPaths,
  ];
}

/** A resource path of a project that leaves its folder, such as `model-paths: [models, ../../sources]`. */
export interface OutsideFolder {
  /** From the repository root; `..` first when it is above the repository. */
  folder: string;
  /** The dbt_project.yml key that names it. */
  key: string;
}

const PATH_KEYS: Array<[keyof ProjectFile, string[]]> = [
  ['modelPaths', ['model-paths', 'source-paths']],
  ['seedPaths', ['seed-paths', 'data-paths']],
  ['snapshotPaths', ['snapshot-paths']],
  ['analysisPaths', ['analysis-paths']],
  ['macroPaths', ['macro-paths']],
  ['testPaths', ['test-paths']],
  ['functionPaths', ['function-paths']],
  ['docsPaths', ['docs-paths']],
];

/**
 * The resource paths of a project outside its own folder, as monorepos whose projects share sources and macros
 * write them: dbt joins each path to the project's folder and reads what it finds there.
 */
export function outsideFolders(project: ProjectFile): OutsideFolder[] {
  const found = new Map<string, string>();
  for (const [field, keys] of PATH_KEYS) {
    const paths = (project[field] as string[] | null) ?? [];
    const key = keys.find((k) => project.raw[k] !== undefined) ?? keys[0]!;
    for (const path of paths)
      if (leavesFolder(path)) {
        const folder = joinPath(project.root, path);
        if (!found.has(folder)) found.set(folder, key);
      }
  }
  return [...found].map(([folder, key]) => ({ folder, key }));
}

/**
 * Adds to a project's files those of its resource paths outside its folder; one above the repository root cannot
 * be read from the file map, and is reported.
 */
export function addOutsideFiles(
  project: ProjectFile,
  files: FileMap,
  byRoot: Map<string, Array<[string, string]>>,
  diagnostics: Diagnostic[],
): void {
  const folders: string[] = [];
  for (const { folder, key } of outsideFolders(project)) {
    if (!leavesFolder(folder)) folders.push(folder);
    else
      diagnostics.push({
        code: 'path-outside-repository',
        severity: 'warning',
        message: `\`${key}\` names \`${folder}\` (from the root of the files compiled), a folder above that root: nothing there is read`,
        file: project.file,
        line: project.configs.models.lines.key(project.raw, key),
      });
  }
  if (folders.length === 0) return;
  const own = byRoot.get(project.root) ?? [];
  const listed = new Set(own.map(([path]) => path));
  for (const [path, text] of files)
    if (!listed.has(path) && folders.some((folder) => folder === '' || path.startsWith(`${folder}/`))) {
      own.push([path, text]);
      listed.add(path);
    }
  byRoot.set(project.root, own);
}

export function under(paths: string[], rel: string): { base: string; rest: string } | null {
  for (const base of paths) {
    const rest = relativeTo(base, rel);
    if (rest !== null) return { base, rest };
  }
  return null;
}

export interface SkippedFqn {
  fqn: string[];
  /** The dbt_project.yml tree its resources would be configured by; null for a property file (any). */
  tree: 'models' | 'snapshots' | null;
}

export interface ProjectFiles {
  modelFiles: ProjectScope['modelFiles'];
  /** SQL files under the analysis paths (analyses are nodes of the manifest only). */
  analysisFiles: ProjectScope['modelFiles'];
  /** SQL and Python files under the function paths (dbt 1.11+'s user-defined functions; the manifest's only). */
  functionFiles: ProjectScope['modelFiles'];
  seedFiles: ProjectScope['seedFiles'];
  snapshotBlocks: ProjectScope['snapshotBlocks'];
  propertyFiles: PropertyFile[];
  /**
   * Where the files skipped for size would have put their resources: a model's fqn; a snapshot file's fqn up to its
   * file name (its blocks' names are not known unread); a property file's folder, for resources of any kind.
   */
  skippedFqns: SkippedFqn[];
}

export interface SortEnv {
  maxChars: number;
  cache: ParseCache;
  /** Fingerprint of the Jinja context property files render in: part of their cache key. */
  ctxId: string;
  /** Renders a property-file value of `file`, its diagnostics going `into` the parse result. */
  render: (file: string, into: Diagnostic[]) => (value: unknown, line: () => number) => unknown;
  /** The adapter's aliases of config keys, which dbt applies to source entries. */
  aliases: Aliases | null;
  /** Whether analyses and functions are built (the manifest): their files are read only then. */
  analyses: boolean;
  /** Doc blocks by `<package>\0<name>`, and by `\0<name>` the first of that name in any package: filled here. */
  docs: Map<string, DocBlock>;
  diagnostics: Diagnostic[];
}

/** Sorts `files` (the project's, paths from the repository root) by kind; reports files over the size cap. */
export function sortProjectFiles(project: ProjectFile, files: Array<[string, string]>, env: SortEnv): ProjectFiles {
  const modelFiles: ProjectScope['modelFiles'] = [];
  const analysisFiles: ProjectScope['modelFiles'] = [];
  const functionFiles: ProjectScope['modelFiles'] = [];
  const seedFiles: ProjectScope['seedFiles'] = [];
  const snapshotBlocks: ProjectScope['snapshotBlocks'] = [];
  const propertyFiles: PropertyFile[] = [];
  const skippedFqns: SkippedFqn[] = [];
  const yamlPaths = resourcePathsOf(project);
  const docPaths = project.docsPaths ?? yamlPaths;
  for (const [path, raw] of files) {
    const rel = pathFrom(project.root, path);
    const lower = rel.toLowerCase();
    const isYaml = lower.endsWith('.yml') || lower.endsWith('.yaml');
    const isMd = lower.endsWith('.md');
    const model = under(project.modelPaths, rel);
    const seed = lower.endsWith('.csv') ? under(project.seedPaths, rel) : null;
    const snapshot = lower.endsWith('.sql') ? under(project.snapshotPaths, rel) : null;
    const yaml = isYaml && !rel.includes('/') ? null : isYaml ? under(yamlPaths, rel) : null;
    const doc = isMd ? under(docPaths, rel) : null;
    const isModel = model !== null && (lower.endsWith('.sql') || lower.endsWith('.py'));
    // A file may be an analysis too (analysis paths that overlap another resource path): dbt makes both nodes.
    const analysis = env.analyses && lower.endsWith('.sql') ? under(project.analysisPaths, rel) : null;
    // dbt 1.11's FunctionParser reads .sql and .py files of the function paths (1.12 adds .js).
    const udf =
      env.analyses && (lower.endsWith('.sql') || lower.endsWith('.py')) ? under(project.functionPaths, rel) : null;
    if (!isModel && !seed && !snapshot && !yaml && !doc && !analysis && !udf) continue;
    if (seed) {
      // Never skipped for size: dbt reads a big seed by its path (its checksum says so), not its contents.
      seedFiles.push({ path, rel: seed.rest, seedPath: seed.base, text: raw });
      continue;
    }
    if (raw.length > env.maxChars) {
      env.diagnostics.push({
        code: 'file-too-large',
        severity: 'warning',
        message: `file is over ${env.maxChars} characters; skipped`,
        file: path,
        line: 1,
      });
      // An analysis is judged by no tree (dbt's fqns of analyses are read by none).
      const at = isModel ? model : (snapshot ?? yaml);
      if (at) {
        const folders = at.rest.split('/').slice(0, -1);
        const tree = isModel ? 'models' : snapshot ? 'snapshots' : null;
        skippedFqns.push({ fqn: [project.name, ...folders, ...(tree ? [stem(path)] : [])], tree });
      }
      continue;
    }
    const text = normaliseText(raw);
    // The file as read, when normalising changed it: dbt's raw_code and checksum keep a BOM and CRLF.
    const asRead = text === raw ? undefined : raw;
    if (analysis) analysisFiles.push({ path, text, raw: asRead, rel: analysis.rest, modelPath: analysis.base });
    if (udf) functionFiles.push({ path, text, raw: asRead, rel: udf.rest, modelPath: udf.base });
    if (isModel) modelFiles.push({ path, text, raw: asRead, rel: model.rest, modelPath: model.base });
    else if (snapshot) {
      const blocks = extractSnapshots(text);
      // Cut from the file as read too (the tags match either way): dbt's raw_code of a block keeps CRLF.
      const rawBlocks = asRead === undefined ? [] : extractSnapshots(asRead.replace(/^\uFEFF/, ''));
      blocks.forEach((block, i) => {
        const rawBody = rawBlocks.length === blocks.length ? rawBlocks[i]!.body : undefined;
        snapshotBlocks.push({ path, rel: snapshot.rest, text: asRead ?? text, rawBody, ...block });
      });
      const opened = text.match(/{%-?\s*snapshot\s/g)?.length ?? 0;
      const closed = text.match(/{%-?\s*endsnapshot\s*-?%}/g)?.length ?? 0;
      if (opened > closed) {
        // dbt stops with "Reached EOF without finding a close tag"; the block is still read here, and said so.
        env.diagnostics.push({
          code: 'invalid-snapshot',
          severity: 'error',
          message: 'a `{% snapshot %}` block has no `{% endsnapshot %}`; dbt would stop here',
          file: path,
          line: blocks[blocks.length - 1]?.line ?? 1,
        });
      }
    } else if (yaml) {
      // The length tells apart most versions of one file (base and head of an edit), which then both stay cached.
      const key = `yml\0${env.ctxId}\0${path}\0${text.length}`;
      const hit = env.cache.get(key) as Parsed<PropertyFile> | undefined;
      let parsed = hit?.text === text ? hit.value : undefined;
      if (!parsed) {
        const rendering: Diagnostic[] = [];
        // An installed package's files are not the user's to fix: their unknown keys are not reported.
        const own = installedPackageOwner(project.root) === null;
        parsed = readPropertyFile(text, path, env.render(path, rendering), own, env.aliases);
        parsed.diagnostics.push(...rendering);
        env.cache.set(key, { text, value: parsed } satisfies Parsed<PropertyFile>, text.length);
      }
      env.diagnostics.push(...parsed.diagnostics);
      propertyFiles.push(parsed);
    } else if (doc) {
      for (const block of extractDocBlocks(text)) {
        const entry: DocBlock = {
          name: block.name,
          resource_type: 'doc',
          package_name: project.name,
          path: doc.rest,
          original_file_path: rel,
          unique_id: `doc.${project.name}.${block.name}`,
          block_contents: block.content,
        };
        const earlier = env.docs.get(`${project.name}\0${block.name}`);
        if (earlier !== undefined)
          env.diagnostics.push({
            code: 'duplicate-doc',
            severity: 'error',
            message: `docs block \`${block.name}\` is also defined in ${earlier.original_file_path}; dbt refuses two docs of one name in a package (DuplicateResourceNameError), and stops`,
            file: path,
            line: block.line,
          });
        env.docs.set(`${project.name}\0${block.name}`, entry);
        if (!env.docs.has(`\0${block.name}`)) env.docs.set(`\0${block.name}`, entry);
      }
    }
  }
  return { modelFiles, analysisFiles, functionFiles, seedFiles, snapshotBlocks, propertyFiles, skippedFqns };
}
