// The files a pull request changes. `pulls.listFiles` pages through at most 3,000 files and carries the
// patches that inline comments need; past that, the changed paths come from comparing the two trees.
import type { GitHubCache, TreeFile } from './cache.js';
import type { Octokit } from './octokit.js';
import type { RepoRef } from './trees.js';

/** GitHub's listFiles stops here. */
export const LIST_FILES_LIMIT = 3000;

export interface ChangedFile {
  filename: string;
  status: string;
  /** For renames: the path at base. */
  previous_filename?: string;
  /** Unified diff hunks; absent for binary files, huge diffs and tree comparisons. */
  patch?: string;
}

/**
 * The commit a pull request's changes start from: where its branch left the base branch, which is what
 * `pulls.listFiles` and GitHub's "Files changed" compare with. The base branch's tip (`base.sha`) may have moved on
 * since, and comparing with it would show what others merged meanwhile as this pull request undoing it. When
 * GitHub cannot say (a base commit that is gone, "this diff is taking too long" on a huge comparison), the tip,
 * with a `problem` to tell the reader: a review compared with the tip beats no review.
 */
export async function mergeBaseOf(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  pull: { baseSha: string; headSha: string },
): Promise<{ sha: string; problem: string | null }> {
  const basehead = `${pull.baseSha}...${pull.headSha}`;
  const known = cache.mergeBases.get(basehead);
  if (known !== undefined) return { sha: known, problem: null };
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...ref, basehead, per_page: 1 });
    const sha = data.merge_base_commit.sha;
    cache.mergeBases.set(basehead, sha);
    return { sha, problem: null };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    return { sha: pull.baseSha, problem: `GitHub could not compare the branches (${String(status ?? error)})` };
  }
}

/** Changed files from the API, or null when the pull request has more than listFiles can return. */
export async function listChangedFiles(
  octokit: Octokit,
  ref: RepoRef,
  pullNumber: number,
  changedCount: number | null,
): Promise<ChangedFile[] | null> {
  if (changedCount !== null && changedCount >= LIST_FILES_LIMIT) return null;
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...ref,
    pull_number: pullNumber,
    per_page: 100,
  });
  if (files.length >= LIST_FILES_LIMIT) return null;
  return files.map((file) => ({
    filename: file.filename,
    status: file.status,
    ...(file.previous_filename ? { previous_filename: file.previous_filename } : {}),
    ...(file.patch ? { patch: file.patch } : {}),
  }));
}

/** Changed files by comparing two trees: same path, different blob. Renames show as a removal and an addition. */
export function compareTrees(base: readonly TreeFile[], head: readonly TreeFile[]): ChangedFile[] {
  const before = new Map(base.map((file) => [file.path, file.sha]));
  const after = new Map(head.map((file) => [file.path, file.sha]));
  const changed: ChangedFile[] = [];
  for (const [path, sha] of after) {
    const old = before.get(path);
    if (old === undefined) changed.push({ filename: path, status: 'added' });
    else if (old !== sha) changed.push({ filename: path, status: 'modified' });
  }
  for (const path of before.keys()) {
    if (!after.has(path)) changed.push({ filename: path, status: 'removed' });
  }
  return changed.sort((a, b) => a.filename.localeCompare(b.filename));
}

/** Every path the change touches, at base or at head. */
export function touchedPaths(files: readonly ChangedFile[]): string[] {
  return files.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename]));
}
