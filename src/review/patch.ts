// Which lines of a pull request a review comment may sit on: GitHub accepts inline comments only on lines of
// the diff's hunks. On the new side (RIGHT) those are the added lines and the context lines around them; on the
// old side (LEFT), the removed lines and the same context lines.
import type { BaseDiffLines, DiffLines } from './types.js';

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The line numbers a unified diff patch (as `pulls.listFiles` returns it) shows on one side of the diff. */
export function commentableLines(patch: string, side: 'RIGHT' | 'LEFT' = 'RIGHT'): Set<number> {
  const lines = new Set<number>();
  // The side's own lines are `+` (new) or `-` (old); context lines (` `) are on both.
  const own = side === 'RIGHT' ? '+' : '-';
  const other = side === 'RIGHT' ? '-' : '+';
  let next: number | null = null;
  for (const text of patch.split('\n')) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      next = Number(header[side === 'RIGHT' ? 2 : 1]);
      continue;
    }
    if (next === null || text.startsWith('\\') || text.startsWith(other)) continue;
    if (text.startsWith(own) || text.startsWith(' ')) {
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

/** Commentable old-side lines per base path (a renamed file's previous name), with the path to comment on. */
export function baseDiffLinesOf(
  files: ReadonlyArray<{ filename: string; previous_filename?: string; patch?: string | null }>,
): BaseDiffLines {
  const result = new Map<string, { path: string; lines: Set<number> }>();
  for (const file of files) {
    // A file without a patch (a rename with no edit, a binary file) has no line to comment, but its head path.
    result.set(file.previous_filename ?? file.filename, {
      path: file.filename,
      lines: file.patch ? commentableLines(file.patch, 'LEFT') : new Set(),
    });
  }
  return result;
}
