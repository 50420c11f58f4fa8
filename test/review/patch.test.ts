import { describe, expect, it } from '@jest/globals';
import { baseDiffLinesOf, commentableLines, diffLinesOf } from '../../src/review/index.js';

describe('commentableLines', () => {
  it('keeps added and context lines of every hunk, on the new side', () => {
    const patch = [
      '@@ -1,3 +1,4 @@',
      ' a',
      '-b',
      '+B',
      '+C',
      ' d',
      '@@ -20,2 +21,2 @@ models:',
      ' x',
      '+y',
      '\\ No newline at end of file',
    ].join('\n');
    expect([...commentableLines(patch)]).toEqual([1, 2, 3, 4, 21, 22]);
    // The old side: removed and context lines, numbered as in the base file.
    expect([...commentableLines(patch, 'LEFT')]).toEqual([1, 2, 3, 20]);
  });

  it('keys the old side of a renamed file by its base path, to be commented on its head path', () => {
    const lines = baseDiffLinesOf([
      { filename: 'models/new.yml', previous_filename: 'models/old.yml', patch: '@@ -2,2 +2,1 @@\n a\n-b' },
    ]);
    expect([...lines.keys()]).toEqual(['models/old.yml']);
    // Lines numbered as in the base file; the comment itself goes on the path GitHub files the diff under.
    expect(lines.get('models/old.yml')?.path).toBe('models/new.yml');
    // A rename without an edit has no patch: no line to comment on, but still its head path.
    const moved = baseDiffLinesOf([{ filename: 'models/b.yml', previous_filename: 'models/a.yml' }]);
    expect(moved.get('models/a.yml')).toEqual({ path: 'models/b.yml', lines: new Set() });
    expect([...(lines.get('models/old.yml')?.lines ?? [])]).toEqual([2, 3]);
  });

  it('gives files without a patch (binary, too large) no commentable lines', () => {
    const lines = diffLinesOf([{ filename: 'seed.csv' }, { filename: 'a.sql', patch: '@@ -0,0 +1 @@\n+select 1' }]);
    expect([...lines.keys()]).toEqual(['a.sql']);
    expect([...(lines.get('a.sql') ?? [])]).toEqual([1]);
  });
});
