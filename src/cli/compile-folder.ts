// A project folder on disk compiled as the commands that take one (`manifest DIR`, `parse DIR`) compile it.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';
import { compile } from '../dbt/index.js';
import { foldersReadWith } from '../dbt/discover.js';
import { PACKAGES_FILES } from '../dbt/project.js';
import { pathFrom } from '../dbt/text.js';
import type { CompileOptions, FileMap, Graph } from '../dbt/types.js';
import { diskSource } from './disk-source.js';
import type { Io } from './io.js';
import { readTree } from './read-tree.js';

/**
 * A folder that is a dbt project compiles as `dbt parse` run there would: that project and its local packages
 * only (a nested integration_tests project is not part of it). Any other folder: every project under it.
 * `seedContents`: read seed CSVs, for their checksums (only a manifest prints them).
 */
export async function compileFolder(
  dir: string,
  io: Io,
  options: CompileOptions,
  { seedContents = false }: { seedContents?: boolean } = {},
): Promise<Graph> {
  // Its real path: dbt joins `../../sources` to the folder where the project is, not to a link that leads there.
  const folder = realFolder(resolve(io.cwd, dir));
  const files = await readTree(diskSource(folder), dir, { seedContents });
  if (!files.has('dbt_project.yml')) {
    // A profile names one project's target: dbt reads it where it runs, in a project's folder.
    if (options.profiles !== undefined)
      io.stderr(
        `dbt-steward: ${options.profiles.file} is not read: ${dir} is no dbt project folder (no dbt_project.yml)\n`,
      );
    return compile(files, options);
  }
  const tree = namesParentFolders(files)
    ? await withFoldersOutside(folder, files, dir, seedContents)
    : { files, project: '' };
  const graph = compile(tree.files, { ...options, project: tree.project });
  if (tree.project === '') return graph;
  // Paths as seen from the folder given, as when the project is read alone (`../../sources/x.yml` for the others).
  const shown = (path: string) => (path === tree.project ? '' : pathFrom(tree.project, path));
  return {
    ...graph,
    // The profiles.yml dbt was pointed at is named as given, from the working folder.
    diagnostics: graph.diagnostics.map((d) => (d.file === options.profiles?.file ? d : { ...d, file: shown(d.file) })),
    projects: graph.projects.map((p) => ({ ...p, root: shown(p.root) })),
  };
}

interface Tree {
  files: FileMap;
  /** Where the project is in `files` ('' unless folders outside it were read). */
  project: string;
}

/**
 * The project's files and those of the folders outside it that dbt reads with it (local packages such as
 * `local: ../core`, resource paths such as `model-paths: [../../sources]`), keyed from the folder that holds them
 * all. Only a package folder that holds a dbt_project.yml is read (the compile reports a missing one), and never
 * the file system's root; a missing resource folder is an empty folder of the tree, where dbt finds nothing.
 */
async function withFoldersOutside(folder: string, own: FileMap, dir: string, seedContents: boolean): Promise<Tree> {
  let top = folder;
  let files: Map<string, string> | null = null;
  let project = '';
  const read = [folder];
  const seen = new Set<string>();
  const isRead = (path: string) => read.some((done) => path === done || path.startsWith(withSep(done)));
  // Each round may find packages with folders of their own to read; a chain longer than this is a loop.
  for (let round = 0; round < 16; round++) {
    const wanted = foldersReadWith(files ?? own, project);
    const fresh = (paths: string[]) => paths.map((path) => resolve(top, path)).filter((path) => !seen.has(path));
    const packages = fresh(wanted.packages);
    const resources = fresh(wanted.resources);
    const named = [...packages, ...resources];
    if (named.length === 0) break;
    for (const path of named) seen.add(path);
    // The tree is rooted where it holds every folder named, read or not.
    const newTop = named.reduce(commonFolder, top);
    if (newTop !== top) {
      const prefix = toPosix(relative(newTop, top));
      files = new Map([...(files ?? own)].map(([path, text]) => [`${prefix}/${path}`, text] as const));
      project = project === '' ? prefix : `${prefix}/${project}`;
      top = newTop;
    }
    files ??= new Map(own);
    const readable = (path: string, isPackage: boolean) =>
      !isRead(path) &&
      parse(path).root !== path &&
      isFolder(path) &&
      (!isPackage || existsSync(join(path, 'dbt_project.yml')));
    for (const path of named) {
      if (!readable(path, packages.includes(path))) continue;
      const prefix = toPosix(relative(top, path));
      for (const [file, text] of await readTree(diskSource(path), `${dir} (${path})`, { seedContents }))
        files.set(prefix === '' ? file : `${prefix}/${file}`, text);
      read.push(path);
    }
  }
  return { files: files ?? own, project };
}

const toPosix = (path: string) => path.split(sep).join('/');
const withSep = (path: string) => (path.endsWith(sep) ? path : path + sep);

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The deepest folder holding both (absolute paths). */
function commonFolder(a: string, b: string): string {
  let folder = a;
  while (b !== folder && !b.startsWith(withSep(folder))) {
    const up = dirname(folder);
    if (up === folder) return folder;
    folder = up;
  }
  return folder;
}

function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // reading it reports the problem
  }
}

const NAMING_FILES = ['dbt_project.yml', ...PACKAGES_FILES];

/** Whether a project or packages file may name a folder outside (`..`): only then is there more to read. */
function namesParentFolders(files: FileMap): boolean {
  for (const [path, text] of files)
    if (NAMING_FILES.some((name) => path === name || path.endsWith(`/${name}`)) && text.includes('..')) return true;
  return false;
}
