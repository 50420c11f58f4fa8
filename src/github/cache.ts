// What the App remembers between webhook deliveries, in memory: trees by commit SHA, blob texts by blob SHA
// (an LRU with a byte cap) and the compiler's parse memo. All are keyed by content hashes, so they are never
// stale; a new push costs requests in proportion to what changed, not to the size of the project.
import { LRUCache } from 'lru-cache';
import type { ParseCache } from '../dbt/types.js';

/** One file of a git tree, as `git/trees` lists it. */
export interface TreeFile {
  path: string;
  sha: string;
  /** Bytes; trees list it for blobs. */
  size: number;
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
}

export interface GitHubCache {
  trees: LRUCache<string, TreeFile[]>;
  blobs: LRUCache<string, { text: BlobText }>;
  parse: ParseCache;
}

export function createCache(limits: CacheLimits = {}): GitHubCache {
  const parse = new LRUCache<string, { value: unknown }>({ max: limits.parseEntries ?? 50_000 });
  return {
    trees: new LRUCache<string, TreeFile[]>({
      maxSize: limits.treeEntries ?? 500_000,
      sizeCalculation: (files) => Math.max(1, files.length),
    }),
    blobs: new LRUCache<string, { text: BlobText }>({
      maxSize: limits.blobBytes ?? 64 * 1024 * 1024,
      // UTF-16 in memory: two bytes a character, plus a little for the entry itself.
      sizeCalculation: (entry) => 64 + 2 * (entry.text?.length ?? 0),
    }),
    parse: {
      get: (key) => parse.get(key)?.value,
      set: (key, value) => {
        parse.set(key, { value });
      },
    },
  };
}
