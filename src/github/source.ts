// The FileSource port (src/dbt/source.ts) over the GitHub API for one commit: `list` is the commit's tree (one
// recursive request, cached), `read` fetches only the blobs not cached yet, batched through GraphQL.
import type { FileSource } from '../dbt/source.js';
import { readBlobs } from './blobs.js';
import type { GitHubCache } from './cache.js';
import type { Octokit } from './octokit.js';
import { commitTree, type RepoRef } from './trees.js';

export function gitHubFileSource(octokit: Octokit, cache: GitHubCache, ref: RepoRef, commitSha: string): FileSource {
  return {
    async list() {
      return (await commitTree(octokit, cache, ref, commitSha)).map((file) => file.path);
    },
    async read(paths) {
      const wanted = new Set(paths);
      const files = (await commitTree(octokit, cache, ref, commitSha)).filter((file) => wanted.has(file.path));
      const bySha = await readBlobs(octokit, cache, ref, files);
      const texts = new Map<string, string>();
      for (const file of files) {
        const text = bySha.get(file.sha);
        if (text !== undefined) texts.set(file.path, text);
      }
      return texts;
    },
  };
}
