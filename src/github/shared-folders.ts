// Folders that dbt projects read outside their own (`model-paths: [models, ../../sources]`, as monorepos that share
// sources and macros between projects write it): which projects a change there concerns, and reading them with the
// projects a review compiles.
import { PACKAGES_FILES, readProjectFile } from '../dbt/project.js';
import { outsideFolders } from '../dbt/project-files.js';
import type { FileMap } from '../dbt/types.js';
import { leavesFolder, normaliseText } from '../dbt/text.js';
import { readBlobs } from './blobs.js';
import type { GitHubCache, TreeFile } from './cache.js';
import { buildFileMaps, type FileMaps } from './files.js';
import type { Octokit } from './octokit.js';
import type { ChangedFile } from './pull-files.js';
import type { RepoRef } from './trees.js';

const PROJECT_FILES = ['dbt_project.yml', ...PACKAGES_FILES];

/** The shared folders of a tree's projects (root -> folders, as roots 'a/'), read once when first asked. */
export interface SharedFolders {
  get(): Promise<Map<string, string[]>>;
  /** What `get` found, if it was asked. */
  known(): Map<string, string[]> | null;
}

/**
 * Reads the projects' dbt_project.yml files, with their packages files in the same batch (which projects use
 * which packages is asked next): one batch of blobs, cached by content.
 */
export function sharedFolders(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  tree: readonly TreeFile[],
  roots: readonly string[],
): SharedFolders {
  let found: Map<string, string[]> | null = null;
  let reading: Promise<Map<string, string[]>> | null = null;
  const read = async () => {
    const files = tree.filter((file) =>
      roots.some((root) => PROJECT_FILES.some((name) => file.path === `${root}${name}`)),
    );
    const texts = await readBlobs(octokit, cache, ref, files);
    found = foldersReadBy(new Map(files.map((file) => [file.path, texts.get(file.sha) ?? ''])), roots);
    return found;
  };
  return { get: () => (reading ??= read()), known: () => found };
}

/**
 * Which of `roots` ('' or 'a/') the touched dbt input paths concern: the projects they lie in, and those that read
 * a folder outside their own that holds one. The projects' files are read when there are several projects, or a
 * path outside every project; paths in hidden folders (`.github/`: the policy, workflows) are no resource's.
 */
export async function rootsTouched(
  inputs: readonly string[],
  roots: readonly string[],
  shared: SharedFolders,
): Promise<string[]> {
  const visible = inputs.filter((path) => !/(^|\/)\./.test(path));
  const outside = visible.some((path) => !roots.some((root) => path.startsWith(root)));
  const folders =
    visible.length > 0 && (outside || roots.length > 1) ? await shared.get() : new Map<string, string[]>();
  const reads = (root: string) =>
    (folders.get(root) ?? []).some((folder) => visible.some((path) => path.startsWith(folder)));
  return roots.filter((root) => inputs.some((path) => path.startsWith(root)) || reads(root));
}

/** The shared folders of `roots` from files already read (`files` holds their dbt_project.yml). */
export function foldersReadBy(files: ReadonlyMap<string, string>, roots: readonly string[]): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const root of roots) {
    const path = `${root}dbt_project.yml`;
    const text = files.get(path);
    if (text === undefined) continue;
    const { project } = readProjectFile(normaliseText(text), path, root.replace(/\/$/, ''), (value) => value);
    // One above the repository cannot be read from it (the compile says so).
    const inRepository = (project ? outsideFolders(project) : [])
      .map(({ folder }) => folder)
      .filter((folder) => !leavesFolder(folder));
    if (inRepository.length > 0)
      folders.set(
        root,
        inRepository.map((folder) => (folder === '' ? '' : `${folder}/`)),
      );
  }
  return folders;
}

/**
 * The file maps of `roots` with the folders outside them that they read, at base and head: those already known
 * in the first batch; those that only the base's dbt_project.yml names, or that were not known, in one more.
 */
export async function fileMapsWithSharedFolders(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  trees: { base: readonly TreeFile[]; head: readonly TreeFile[] },
  changed: readonly ChangedFile[],
  roots: readonly string[],
  alsoRead: readonly TreeFile[],
  shared: SharedFolders,
): Promise<FileMaps> {
  const known = shared.known();
  const read = new Set([...roots, ...roots.flatMap((root) => known?.get(root) ?? [])]);
  const files = await buildFileMaps(octokit, cache, ref, trees, changed, [...read], alsoRead);
  const named = (map: FileMap) => [...foldersReadBy(map, roots).values()].flat();
  const more = [...named(files.head), ...named(files.base)].filter((folder) => !read.has(folder));
  if (more.length === 0) return files;
  return buildFileMaps(octokit, cache, ref, trees, changed, [...read, ...more], alsoRead);
}
