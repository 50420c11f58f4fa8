// Builds the base and head FileMaps the engine compares, reading as few blobs as possible. Head is the pull
// request's commit; base is head with the pull request's own changes undone (the changed paths at their base
// version). That is what the pull request changes, even when the base branch moved on, and it means base
// costs no blob reads beyond the changed files.
import { isDbtInput, needsContent, projectDirsOf } from '../dbt/source.js';
import type { FileMap } from '../dbt/types.js';
import { readBlobs } from './blobs.js';
import type { GitHubCache, TreeFile } from './cache.js';
import { statusOf, type Octokit } from './octokit.js';
import type { ChangedFile } from './pull-files.js';
import { commitTree, inProject, type RepoRef } from './trees.js';

/** The base or head commit is gone (a force push, a deleted fork): the review cannot run. */
export class UnreachableCommitError extends Error {
  constructor(
    readonly which: 'base' | 'head',
    readonly sha: string,
  ) {
    super(`The ${which} commit ${sha.slice(0, 7)} of this pull request is not reachable.`);
    this.name = 'UnreachableCommitError';
  }
}

/** The commit's tree; a 404 or 422 (commit gone after a force push) becomes UnreachableCommitError. */
export async function treeOf(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  which: 'base' | 'head',
  sha: string,
): Promise<TreeFile[]> {
  try {
    return await commitTree(octokit, cache, ref, sha);
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 422 || status === 409) throw new UnreachableCommitError(which, sha);
    throw error;
  }
}

export interface FileMaps {
  base: FileMap;
  head: FileMap;
}

export async function buildFileMaps(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  trees: { base: readonly TreeFile[]; head: readonly TreeFile[] },
  changed: readonly ChangedFile[],
  roots: readonly string[],
  /** Other files to read in the same batch (the proposed policy config); they land in the blob cache. */
  alsoRead: readonly TreeFile[] = [],
): Promise<FileMaps> {
  const projectDirs = projectDirsOf([...trees.head, ...trees.base].map((file) => file.path));
  const wanted = (path: string) => isDbtInput(path, projectDirs) && inProject(path, roots);
  const headFiles = trees.head.filter((file) => wanted(file.path));
  const baseByPath = new Map(trees.base.map((file) => [file.path, file]));

  // Paths whose head version is the pull request's: at base they are absent or have their base version.
  const changedAtHead = new Set(changed.filter((f) => f.status !== 'removed').map((f) => f.filename));
  // A symbolic link reads its target, which the pull request may change without listing the link: links come
  // from the base tree as they are there.
  const baseFiles = headFiles.filter((file) => !changedAtHead.has(file.path) && file.link === undefined);
  for (const file of changed) {
    if (file.status === 'added') continue;
    const path = file.previous_filename ?? file.filename;
    const atBase = baseByPath.get(path);
    if (atBase && wanted(path) && atBase.link === undefined) baseFiles.push(atBase);
  }
  for (const file of trees.base) if (file.link !== undefined && wanted(file.path)) baseFiles.push(file);

  const toRead = [...headFiles, ...baseFiles].filter((file) => needsContent(file.path, projectDirs));
  const bySha = await readBlobs(octokit, cache, ref, [...toRead, ...alsoRead]);
  return { base: toMap(baseFiles, bySha, projectDirs), head: toMap(headFiles, bySha, projectDirs) };
}

function toMap(
  files: readonly TreeFile[],
  bySha: ReadonlyMap<string, string>,
  projectDirs: ReadonlySet<string>,
): FileMap {
  const map = new Map<string, string>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    // Seeds need only their path; unreadable files (binary, huge) are left out and reported by the compiler.
    const text = needsContent(file.path, projectDirs) ? bySha.get(file.sha) : '';
    if (text !== undefined) map.set(file.path, text);
  }
  return map;
}
