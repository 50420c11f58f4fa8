// Which lines of a pull request a review comment may sit on: GitHub accepts inline comments only on lines of
// the diff's hunks. On the new side (RIGHT) those are the added lines and the context lines around them.
import type { DiffLines } from './types.js';

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The new-side line numbers that a unified diff patch (as `pulls.listFiles` returns it) shows. */
export function commentableLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let next: number | null = null;
  for (const text of patch.split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      next = Number(header[1]);
      continue;
    }
    if (next === null || text.startsWith('\\')) continue;
    if (text.startsWith('-')) continue;
    if (text.startsWith('+') || text.startsWith(' ')) {
      lines.add(next);
      next += 1;
    }
  }
  return lines;
}

/** Commentable lines per path, for the changed files of a pull request (files without a patch have none). */
export function diffLinesOf(files: ReadonlyArray<{ filename: string; patch?: string | null }>): DiffLines {
  const result = new Map<string, Set<number>>();
  for (const file of files) {
    if (file.patch) result.set(file.filename, commentableLines(file.patch));
  }
  return result;
}
