import { describe, expect, it } from '@jest/globals';
import { commentableLines, diffLinesOf } from '../../src/review/index.js';

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
  });

  it('gives files without a patch (binary, too large) no commentable lines', () => {
    const lines = diffLinesOf([{ filename: 'seed.csv' }, { filename: 'a.sql', patch: '@@ -0,0 +1 @@\n+select 1' }]);
    expect([...lines.keys()]).toEqual(['a.sql']);
    expect([...(lines.get('a.sql') ?? [])]).toEqual([1]);
  });
});
