import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskSource } from '../../src/cli/disk-source.js';
import { gitSource, parseBatch } from '../../src/cli/git-source.js';
import {
  fileKind,
  followLinks,
  foldersOf,
  isRelevantPath,
  loadFiles,
  projectDirsOf,
  resolveLinks,
} from '../../src/dbt/source.js';
import { PRS } from './harness.js';
import { LINKED_FILES, LINKED_MODELS_FOLDER, type LinkLayout } from '../support/links.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dbt-steward-src-'));
}

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });
}

describe('diskSource', () => {
  it('lists files with POSIX paths, skipping node_modules, .git, target and dbt_packages away from a project', async () => {
    const root = tempDir();
    for (const path of [
      'dbt_project.yml',
      'models/a.sql',
      'models/deep/b.yml',
      'node_modules/x/y.sql',
      '.git/config.yml',
      'target/manifest.json',
      'models/dbt_packages/p/models/c.sql',
      'seeds/s.csv',
    ]) {
      write(root, path, `-- ${path}`);
    }
    expect(await diskSource(root).list()).toEqual([
      'dbt_project.yml',
      'models/a.sql',
      'models/deep/b.yml',
      'seeds/s.csv',
    ]);
    rmSync(root, { recursive: true });
  });

  it('lists installed packages (dbt_packages/<name>/) beside a dbt_project.yml, not what dbt never loads there', async () => {
    const root = tempDir();
    const listed = [
      'dbt_modules/old/dbt_project.yml',
      'dbt_packages/p/dbt_project.yml',
      'dbt_packages/p/macros/m.sql',
      'dbt_packages/p/models/c.sql',
      'dbt_project.yml',
      'sub/dbt_packages/q/dbt_project.yml',
    ];
    const skipped = [
      // A project inside an installed package: its integration tests.
      'dbt_packages/p/integration_tests/dbt_project.yml',
      'dbt_packages/p/integration_tests/models/t.sql',
      // Packages installed inside a package, and a package's own dbt output.
      'dbt_packages/p/dbt_packages/r/dbt_project.yml',
      'dbt_packages/p/target/compiled.sql',
      // No dbt_project.yml beside these dbt_packages folders.
      'models/dbt_packages/x/dbt_project.yml',
      'other/dbt_packages/y/dbt_project.yml',
    ];
    for (const path of [...listed, ...skipped, 'sub/dbt_project.yml']) write(root, path, `-- ${path}`);
    expect(await diskSource(root).list()).toEqual([...listed, 'sub/dbt_project.yml'].sort());
    // The same rule over a whole listing (git refs, the GitHub API): every path given, the same ones kept.
    const everything = [...listed, ...skipped, 'sub/dbt_project.yml'];
    const projectDirs = projectDirsOf(everything);
    expect(everything.filter((path) => isRelevantPath(path, projectDirs)).sort()).toEqual(
      [...listed, 'sub/dbt_project.yml'].sort(),
    );
    rmSync(root, { recursive: true });
  });

  it('skips target/ and logs/ beside a dbt_project.yml only: a models/staging/logs/ folder holds models', async () => {
    const root = tempDir();
    for (const path of [
      'dbt_project.yml',
      'logs/dbt.log.sql',
      'models/staging/logs/stg_app_logs.sql',
      'models/target/targets.sql',
      'target/compiled/m.sql',
      'sub/dbt_project.yml',
      'sub/target/run/x.sql',
      'sub/models/logs/y.sql',
    ]) {
      write(root, path, 'select 1');
    }
    const expected = [
      'dbt_project.yml',
      'models/staging/logs/stg_app_logs.sql',
      'models/target/targets.sql',
      'sub/dbt_project.yml',
      'sub/models/logs/y.sql',
    ];
    expect(await diskSource(root).list()).toEqual(expected);
    // A listing that holds them anyway (git, GitHub) is filtered by the same rule.
    const everything = {
      list: async () => [...expected, 'logs/dbt.log.sql', 'sub/target/run/x.sql'].sort(),
      read: diskSource(root).read,
    };
    expect([...(await loadFiles(everything)).keys()]).toEqual(expected);
    rmSync(root, { recursive: true });
  });

  it('feeds loadFiles: texts for dbt inputs, empty text for seeds', async () => {
    const root = tempDir();
    write(root, 'models/a.sql', 'select 1');
    write(root, 'seeds/s.csv', 'id\n1\n');
    write(root, 'README.txt', 'not dbt');
    expect([...(await loadFiles(diskSource(root)))]).toEqual([
      ['models/a.sql', 'select 1'],
      ['seeds/s.csv', ''],
    ]);
    // `manifest` reads seeds too: their checksums are the files'.
    expect([...(await loadFiles(diskSource(root), { seedContents: true }))]).toEqual([
      ['models/a.sql', 'select 1'],
      ['seeds/s.csv', 'id\n1\n'],
    ]);
    rmSync(root, { recursive: true });
  });
});

/** Writes a layout of files and symbolic links under `root`. */
function writeLayout(root: string, layout: LinkLayout): void {
  for (const [path, text] of Object.entries(layout.files)) write(root, path, text);
  for (const [path, target] of Object.entries(layout.links)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    symlinkSync(target, join(root, path));
  }
}

describe('symbolic links', () => {
  /** A LinkTree over `files` and `links`, folders being what holds them. */
  const linkTree = (links: Map<string, string>, files: string[] = []) => {
    const folders = foldersOf([...files, ...links.keys()]);
    return {
      links,
      isFile: (path: string) => files.includes(path),
      isDir: (path: string) => folders.has(path),
    };
  };

  it('resolve against the link folder, and never out of the repository', () => {
    const link = (text: string) =>
      followLinks('models/a.sql', linkTree(new Map([['models/a.sql', text]]), ['shared/a.sql', 'models/b.sql']));
    expect(link('../shared/a.sql')).toBe('shared/a.sql');
    expect(link('./b.sql')).toBe('models/b.sql');
    expect(link('../../outside.sql')).toBeNull();
    expect(link('/etc/passwd')).toBeNull();
    expect(link('')).toBeNull();
  });

  it('resolve part by part as a checkout does: through a linked folder, and `..` after it leaves its target', () => {
    const links = new Map([
      ['proj/models/libdir', '../../lib'],
      ['proj/models/a.sql', 'libdir/a.sql'],
      ['proj/models/c.sql', 'libdir/../x.sql'],
    ]);
    const tree = linkTree(links, ['lib/a.sql', 'proj/models/x.sql', 'x.sql']);
    expect(followLinks('proj/models/a.sql', tree)).toBe('lib/a.sql');
    // libdir/.. is the folder above lib/ (the repository root), not proj/models/.
    expect(followLinks('proj/models/c.sql', tree)).toBe('x.sql');
    expect(resolveLinks(linkTree(links, ['lib/a.sql', 'proj/models/x.sql']))).toEqual(
      new Map([['proj/models/a.sql', { target: 'lib/a.sql', through: ['proj/models/a.sql', 'proj/models/libdir'] }]]),
    );
  });

  it('lead nowhere through a part that is not a folder, as in a checkout (ENOTDIR, ENOENT)', () => {
    const files = ['models/a.sql'];
    const to = (text: string) => followLinks('models/l.sql', linkTree(new Map([['models/l.sql', text]]), files));
    expect(to('a.sql')).toBe('models/a.sql');
    expect(to('a.sql/../a.sql')).toBeNull();
    expect(to('a.sql/')).toBeNull();
    expect(to('nothere/../a.sql')).toBeNull();
  });

  it('lead to the file a checkout would read, following links to links, and nowhere for folders or nothing', () => {
    const files = new Set(['shared/a.sql', 'shared/dir/x.sql']);
    const links = new Map([
      ['models/a.sql', '../shared/a.sql'],
      ['models/b.sql', 'a.sql'],
      ['models/dir', '../shared/dir'],
      ['models/gone.sql', 'nothing.sql'],
      ['models/loop.sql', 'loop.sql'],
      ['models/out.sql', '../../elsewhere.sql'],
    ]);
    const resolved = resolveLinks(linkTree(links, [...files]));
    expect(new Map([...resolved].map(([link, { target }]) => [link, target]))).toEqual(
      new Map([
        ['models/a.sql', 'shared/a.sql'],
        ['models/b.sql', 'shared/a.sql'],
      ]),
    );
    expect(resolved.get('models/b.sql')?.through).toEqual(['models/b.sql', 'models/a.sql']);
  });

  it.each([
    ['linked files (a linked folder below is not entered)', LINKED_FILES],
    ['a linked models folder (entered, as dbt enters the folder it walks)', LINKED_MODELS_FOLDER],
  ])('on disk and in git, %s: listed and read as a checkout shows them', async (_, layout) => {
    const root = tempDir();
    writeLayout(root, layout);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'links');
    for (const source of [diskSource(root), gitSource(root, 'main')]) {
      expect(await source.list()).toEqual(layout.listed);
      const texts = await source.read(Object.keys(layout.read));
      expect(Object.fromEntries(texts)).toEqual(layout.read);
    }
    rmSync(root, { recursive: true });
  });
});

describe('loadFiles', () => {
  it('keeps to the listing: a source that reads a path it was not asked for and misses another is not trusted', async () => {
    const source = {
      list: async () => ['models/a.sql', 'models/b.sql'],
      read: async () =>
        new Map([
          ['models/a.sql', 'select 1'],
          ['README.txt', 'not asked for'],
        ]),
    };
    expect([...(await loadFiles(source))]).toEqual([['models/a.sql', 'select 1']]);
  });
});

describe('fileKind', () => {
  it.each([
    ['models/a.sql', 'content'],
    ['models/A.SQL', 'content'],
    ['models/p.py', 'content'],
    ['models/x.yml', 'content'],
    ['models/x.YAML', 'content'],
    ['docs/d.md', 'content'],
    ['seeds/s.csv', 'seed'],
    ['seeds/S.CSV', 'seed'],
    ['models.sql/README', null],
    ['Makefile', null],
    ['models/a.sql.bak', null],
    ['models/.sql', 'content'],
  ])('%s is %s', (path, kind) => {
    expect(fileKind(path)).toBe(kind);
  });
});

describe('gitSource', () => {
  const repo = tempDir();
  beforeAll(() => {
    git(repo, 'init', '-q', '-b', 'main');
    cpSync(join(PRS, 'cli-unowned-model', 'base'), repo, { recursive: true });
    write(repo, 'models/ünïcode name.sql', 'select 1 -- é\r\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'tag', 'v1');
    cpSync(join(PRS, 'cli-unowned-model', 'head'), repo, { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'head');
  });
  afterAll(() => rmSync(repo, { recursive: true }));

  it('lists the tree of a ref without checking it out', async () => {
    expect(await gitSource(repo, 'v1').list()).toEqual([
      '.github/dbt-steward.yml',
      'dbt_project.yml',
      'models/core/_core.yml',
      'models/core/orders.sql',
      'models/finance/_finance.yml',
      'models/finance/revenue.sql',
      'models/ünïcode name.sql',
    ]);
    expect(await gitSource(repo, 'main').list()).toContain('models/finance/ltv.sql');
  });

  it('reads the exact bytes of each blob as text, leaving out paths not in the tree', async () => {
    const texts = await gitSource(repo, 'v1').read([
      'models/ünïcode name.sql',
      'models/finance/ltv.sql',
      'dbt_project.yml',
    ]);
    expect([...texts.keys()]).toEqual(['models/ünïcode name.sql', 'dbt_project.yml']);
    expect(texts.get('models/ünïcode name.sql')).toBe('select 1 -- é\r\n');
    expect(texts.get('dbt_project.yml')).toMatch(/^name: shop\n/);
  });

  it('fails with a message naming the ref when it does not exist', async () => {
    await expect(gitSource(repo, 'no-such-ref').list()).rejects.toThrow(/^cannot list no-such-ref in /);
    await expect(gitSource(repo, '--output=x').list()).rejects.toThrow('invalid ref --output=x');
  });
});

describe('gitSource when git stops reading', () => {
  it('rejects with a GitError instead of crashing on EPIPE when cat-file exits before reading every id', async () => {
    // A stand-in `git`: ls-tree lists 3,000 blobs (123 KB of ids to write, twice a pipe's buffer), cat-file
    // exits at once without reading them, as a git that fails on a broken repository does.
    const bin = tempDir();
    const script = [
      '#!/bin/sh',
      'case "$3" in',
      "  ls-tree) i=0; while [ $i -lt 3000 ]; do printf '100644 blob %040d\\tf%d.sql\\0' $i $i; i=$((i+1)); done ;;",
      '  cat-file) echo "fatal: broken" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n');
    writeFileSync(join(bin, 'git'), script, { mode: 0o755 });
    // In a process of its own, whose PATH finds the stand-in (an unhandled EPIPE would kill it, not the test).
    const source = new URL('../../src/cli/git-source.ts', import.meta.url).href;
    const program = [
      `const { gitSource } = await import(${JSON.stringify(source)});`,
      `const git = gitSource(${JSON.stringify(bin)}, 'HEAD');`,
      'const paths = await git.list();',
      "await git.read(paths).then(() => console.log('read'), (e) => console.log(`${paths.length} ${e.name}: ${e.message}`));",
    ].join('\n');
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], {
        env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, NODE_OPTIONS: '' },
        encoding: 'utf8',
      });
      expect(out.trim()).toBe('3000 GitError: git cat-file failed: fatal: broken');
    } finally {
      rmSync(bin, { recursive: true });
    }
  });
});

describe('parseBatch', () => {
  it('splits cat-file --batch output, including missing objects and contents with newlines', () => {
    const out = Buffer.from('aaa blob 4\nab\nc\nbbb missing\nccc blob 0\n\n');
    expect(parseBatch(out, 3).map((b) => (b === null ? null : b.toString()))).toEqual(['ab\nc', null, '']);
  });
});
