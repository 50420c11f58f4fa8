// A project folder on disk compiled as the commands that take one (`manifest DIR`, `parse DIR`) compile it.
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { compile } from '../dbt/index.js';
import { foldersReadWith } from '../dbt/discover.js';
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
  const folder = resolve(io.cwd, dir);
  const files = await readTree(diskSource(folder), dir, { seedContents });
  if (!files.has('dbt_project.yml')) return compile(files, options);
  const tree = await withFoldersOutside(folder, files, dir, seedContents);
  const graph = compile(tree.files, { ...options, project: tree.project });
  if (tree.project === '') return graph;
  // Paths as seen from the folder given, as when the project is read alone (`../../sources/x.yml` for the others).
  const shown = (path: string) => (path === tree.project ? '' : pathFrom(tree.project, path));
  return {
    ...graph,
    diagnostics: graph.diagnostics.map((d) => ({ ...d, file: shown(d.file) })),
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
 * all. A folder that does not exist is left out: the compile reports a missing package, and dbt finds no files in
 * a missing resource path either.
 */
async function withFoldersOutside(folder: string, own: FileMap, dir: string, seedContents: boolean): Promise<Tree> {
  let top = folder;
  let files: Map<string, string> | null = null;
  let project = '';
  const read = [folder];
  const isRead = (path: string) => read.some((done) => path === done || path.startsWith(done + sep));
  // Each round may find packages with folders of their own to read; a chain longer than this is a loop.
  for (let round = 0; round < 16; round++) {
    const missing: string[] = foldersReadWith(files ?? own, project)
      .map((path) => resolve(top, path))
      .filter((path) => !isRead(path) && isFolder(path));
    if (missing.length === 0) break;
    const newTop: string = missing.reduce(commonFolder, top);
    if (newTop !== top) {
      const prefix: string = relative(newTop, top).split(sep).join('/');
      files = new Map([...(files ?? own)].map(([path, text]) => [`${prefix}/${path}`, text] as const));
      project = project === '' ? prefix : `${prefix}/${project}`;
      top = newTop;
    }
    files ??= new Map(own);
    for (const path of missing) {
      if (isRead(path)) continue;
      const prefix = relative(top, path).split(sep).join('/');
      for (const [file, text] of await readTree(diskSource(path), `${dir} (${path})`, { seedContents }))
        files.set(prefix === '' ? file : `${prefix}/${file}`, text);
      read.push(path);
    }
  }
  return { files: files ?? own, project };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The deepest folder holding both. */
function commonFolder(a: string, b: string): string {
  const x = a.split(sep);
  const y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}
