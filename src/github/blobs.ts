// Blob texts by SHA: the cache first, then one GraphQL query per batch of missing blobs (`object(oid:)` under
// aliases), so that reading a project costs a handful of requests instead of one per file. A blob GraphQL
// truncates falls back to the REST blob; binary blobs and blobs over the size cap are remembered as null.
import type { BlobText, GitHubCache, TreeFile } from './cache.js';
import type { Octokit } from './octokit.js';
import type { RepoRef } from './trees.js';

/** Blobs per GraphQL query: keeps each response well under GitHub's limits. */
export const BLOBS_PER_QUERY = 100;
/** Files over this size are not reviewed (the compiler reports them missing). Matches the compiler's default. */
export const MAX_BLOB_BYTES = 1024 * 1024;

interface GraphQLBlob {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
}

type BlobsResponse = { repository: Record<string, GraphQLBlob | null> | null };

/** Texts of the files by blob SHA; files that are binary, too large or missing are left out. */
export async function readBlobs(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  files: readonly TreeFile[],
): Promise<Map<string, string>> {
  // Texts are collected here as they are found, not read back from the cache at the end: the cache is capped in
  // bytes, and a large review (or two at once) could evict what it fetched first before it is used.
  const found = new Map<string, BlobText>();
  const missing = new Set<string>();
  for (const file of files) {
    if (found.has(file.sha)) continue;
    const cached = file.size > MAX_BLOB_BYTES ? { text: null } : cache.blobs.get(file.sha);
    if (cached) found.set(file.sha, cached.text);
    else missing.add(file.sha);
  }
  const shas = [...missing];
  for (let start = 0; start < shas.length; start += BLOBS_PER_QUERY) {
    const batch = shas.slice(start, start + BLOBS_PER_QUERY);
    for (const [sha, text] of await fetchBatch(octokit, ref, batch)) {
      found.set(sha, text);
      cache.blobs.set(sha, { text });
    }
  }
  const result = new Map<string, string>();
  for (const [sha, text] of found) if (typeof text === 'string') result.set(sha, text);
  return result;
}

async function fetchBatch(octokit: Octokit, ref: RepoRef, shas: string[]): Promise<Map<string, BlobText>> {
  // SHAs come from git trees; the check keeps anything else out of the query text.
  const valid = shas.filter((sha) => /^[0-9a-f]{40}$/.test(sha));
  const fields = valid
    .map((sha, i) => `b${i}: object(oid: "${sha}") { ... on Blob { text isBinary isTruncated byteSize } }`)
    .join('\n    ');
  const query = `query($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`;
  const data = await octokit.graphql<BlobsResponse>(query, { owner: ref.owner, name: ref.repo });
  const texts = new Map<string, BlobText>();
  for (const [i, sha] of valid.entries()) {
    const blob = data.repository?.[`b${i}`];
    if (!blob || blob.isBinary || blob.text === null) texts.set(sha, null);
    else if (!blob.isTruncated) texts.set(sha, blob.text);
    else texts.set(sha, blob.byteSize > MAX_BLOB_BYTES ? null : await restBlob(octokit, ref, sha));
  }
  return texts;
}

async function restBlob(octokit: Octokit, ref: RepoRef, sha: string): Promise<BlobText> {
  const { data } = await octokit.rest.git.getBlob({ ...ref, file_sha: sha });
  const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
  // A NUL byte means binary, as git itself decides.
  return bytes.includes(0) ? null : bytes.toString('utf8');
}
