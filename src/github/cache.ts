// What the App remembers between webhook deliveries, in memory: trees by commit SHA, blob texts by blob SHA
// (an LRU with a byte cap) and the compiler's parse memo. All are keyed by content hashes, so they are never
// stale; a new push costs requests in proportion to what changed, not to the size of the project.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ParseCache } from '../dbt/types.js';

/** One file of a git tree, as `git/trees` lists it. */
export interface TreeFile {
  path: string;
  sha: string;
  /** Bytes; trees list it for blobs. */
  size: number;
  /**
   * For a symbolic link, the file it leads to: the entry is that file's blob under the link's path, as a checkout
   * reads it. A pull request that changes the target changes the link's file without listing the link.
   */
  link?: string;
  /** For a symbolic link, the links it passes through on the way to `link` (itself first). */
  through?: string[];
}

/** A blob's text, or null when it is binary or too large to review. */
export type BlobText = string | null;

export interface CacheLimits {
  /** Byte cap of the blob text cache. Default 64 MiB. */
  blobBytes?: number;
  /** Total tree entries kept. Default 500,000. */
  treeEntries?: number;
  /** Parse results kept. Default 50,000. */
  parseEntries?: number;
  /** Estimated bytes of parse results kept (a result counts ~6 bytes a source character). Default 256 MiB. */
  parseBytes?: number;
}

export interface GitHubCache {
  trees: LRUCache<string, TreeFile[]>;
  /** Merge base by `<base sha>...<head sha>`: two commits have one merge base, for ever. */
  mergeBases: LRUCache<string, string>;
  /**
   * Our check run by `<owner>/<repo>@<head sha>`: a redelivered event, or a re-run, updates the run already made
   * for that commit instead of adding a second one (GitHub retries deliveries; people click "Redeliver").
   */
  runs: LRUCache<string, number>;
  blobs: LRUCache<string, { text: BlobText }>;
  parse: ParseCache;
}

export function createCache(limits: CacheLimits = {}): GitHubCache {
  // Each result is sized by the source text it came from (the compiler says how much; a parse result is a few
  // times its source), so the cache is bounded in bytes, not only in entries. Keys are hashed to a fixed size.
  const parse = new LRUCache<string, { value: unknown; size: number }>({
    max: limits.parseEntries ?? 50_000,
    maxSize: limits.parseBytes ?? 256 * 1024 * 1024,
    sizeCalculation: (entry) => entry.size,
  });
  const digest = (key: string) => createHash('sha1').update(key).digest('base64');
  return {
    trees: new LRUCache<string, TreeFile[]>({
      maxSize: limits.treeEntries ?? 500_000,
      sizeCalculation: (files) => Math.max(1, files.length),
    }),
    mergeBases: new LRUCache<string, string>({ max: 10_000 }),
    runs: new LRUCache<string, number>({ max: 10_000 }),
    blobs: new LRUCache<string, { text: BlobText }>({
      maxSize: limits.blobBytes ?? 64 * 1024 * 1024,
      // UTF-16 in memory: two bytes a character, plus a little for the entry itself.
      sizeCalculation: (entry) => 64 + 2 * (entry.text?.length ?? 0),
    }),
    parse: {
      get: (key) => parse.get(digest(key))?.value,
      set: (key, value, size) => {
        parse.set(digest(key), { value, size: 256 + 6 * (size ?? key.length) });
      },
    },
  };
}

/**
 * The parse cache seen from one repository: its keys are prefixed with the repository, so that two repositories
 * with the same project layout (same file paths and project name) keep their own entries instead of taking turns
 * evicting each other's. Correctness never depended on it: an entry is only used for the very texts it came from.
 */
export function repositoryParseCache(parse: ParseCache, repo: { owner: string; repo: string }): ParseCache {
  const prefix = `${repo.owner}/${repo.repo}\0`;
  return {
    get: (key) => parse.get(prefix + key),
    set: (key, value, size) => parse.set(prefix + key, value, size),
  };
}
