// One recursive tree per commit (`git/trees/{sha}?recursive=1`), cached by commit SHA. When GitHub truncates a
// recursive listing (over 100,000 entries or 7 MB) the tree is listed level by level instead, skipping folders
// dbt ignores (node_modules, a project's target/...) so that a huge monorepo costs few requests.
import {
  foldersOf,
  installedPackageOwner,
  isInsideInstalled,
  isRelevantPath,
  isSkippedFolder,
  linkedFolderFiles,
  projectDirsOf,
  resolveLinks,
} from '../dbt/source.js';
import { readBlobs } from './blobs.js';
import type { GitHubCache, TreeFile } from './cache.js';
import type { Octokit } from './octokit.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

interface RawEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** A tree's files, and its symbolic links (blobs of mode 120000, whose text is the path they point to). */
interface Listing {
  files: TreeFile[];
  links: TreeFile[];
}

/**
 * Every file of the commit's tree, as a checkout has them: a symbolic link to a file of the tree is that file
 * (dbt reads a linked file through its link), other links are left out (their text is a path, not SQL). Throws
 * the request error when the commit is not there (404/422).
 */
export async function commitTree(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  commitSha: string,
): Promise<TreeFile[]> {
  const cached = cache.trees.get(commitSha);
  if (cached) return cached;
  const { files, links } = await listTree(octokit, ref, commitSha, '');
  if (links.length > 0) {
    const texts = await readBlobs(octokit, cache, ref, links);
    const byPath = new Map(files.map((file) => [file.path, file]));
    const folders = foldersOf([...files, ...links].map((file) => file.path));
    const tree = {
      links: new Map(links.map((link) => [link.path, texts.get(link.sha) ?? ''])),
      isFile: (path: string) => byPath.has(path),
      isDir: (path: string) => folders.has(path),
    };
    const linkedFolders = linkedFolderFiles(tree, byPath.keys(), projectDirsOf(byPath.keys()));
    for (const [path, { target, through }] of [...resolveLinks(tree), ...linkedFolders])
      files.push({ ...byPath.get(target)!, path, link: target, through });
  }
  cache.trees.set(commitSha, files);
  return files;
}

async function listTree(octokit: Octokit, ref: RepoRef, treeSha: string, prefix: string): Promise<Listing> {
  const recursive = await octokit.rest.git.getTree({ ...ref, tree_sha: treeSha, recursive: '1' });
  if (!recursive.data.truncated) return toFiles(recursive.data.tree, prefix);
  // Truncated: take this level only and descend into each relevant sub-tree.
  const level = await octokit.rest.git.getTree({ ...ref, tree_sha: treeSha });
  const listing = toFiles(level.data.tree, prefix);
  const holdsProject = listing.files.some((file) => file.path === `${prefix}dbt_project.yml`);
  const insideInstalled = isInsideInstalled(prefix);
  for (const entry of level.data.tree as RawEntry[]) {
    if (entry.type !== 'tree' || !entry.sha || !entry.path) continue;
    if (isSkippedFolder(entry.path, holdsProject, insideInstalled)) continue;
    const path = `${prefix}${entry.path}`;
    const below = await listTree(octokit, ref, entry.sha, `${path}/`);
    listing.files.push(...below.files);
    listing.links.push(...below.links);
  }
  return listing;
}

function toFiles(entries: RawEntry[], prefix: string): Listing {
  const listing: Listing = { files: [], links: [] };
  for (const entry of entries) {
    if (entry.type !== 'blob' || !entry.path || !entry.sha) continue;
    const file = { path: `${prefix}${entry.path}`, sha: entry.sha, size: entry.size ?? 0 };
    (entry.mode === '120000' ? listing.links : listing.files).push(file);
  }
  return listing;
}

/**
 * Folders holding a `dbt_project.yml` ('' for the repository root), but not installed packages (dbt_packages/x/):
 * those are compiled with the project that installed them, never reviewed as projects of their own.
 */
export function projectRoots(files: ReadonlyArray<{ path: string }>): string[] {
  const dirs = projectDirsOf(files.map((file) => file.path));
  return [...dirs]
    .filter((dir) => isRelevantPath(`${dir}dbt_project.yml`, dirs) && installedPackageOwner(dir.slice(0, -1)) === null)
    .sort();
}

/** Whether the path lies inside one of the project roots (roots end with '/' or are ''). */
export function inProject(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path.startsWith(root));
}

/** `paths` and the links of `trees` that lead to one of them or through one: what a change to them changes. */
export function withLinksTo(paths: readonly string[], ...trees: ReadonlyArray<readonly TreeFile[]>): string[] {
  const changed = new Set(paths);
  const out = [...paths];
  for (const tree of trees)
    for (const file of tree)
      if (
        file.link !== undefined &&
        !changed.has(file.path) &&
        (changed.has(file.link) || file.through?.some((link) => changed.has(link)))
      ) {
        changed.add(file.path);
        out.push(file.path);
      }
  return out;
}
