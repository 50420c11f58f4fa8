// bin/dbt-steward.js runs the bundle only when it is at least as new as everything it was built from (every
// file and folder under src/, and package-lock.json); otherwise the sources through tsx, so that an edit is
// never run stale. Tested on a copy of the bin in a small tree with a stand-in bundle and stand-in sources,
// each printing its name, and mtimes set by hand.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.js';

const T0 = new Date('2026-01-01T00:00:00Z').getTime() / 1000; // seconds, as utimesSync takes them
let tree = '';

const at = (path: string, seconds: number): void => utimesSync(join(tree, path), T0 + seconds, T0 + seconds);

function write(path: string, text: string): void {
  mkdirSync(join(tree, path, '..'), { recursive: true });
  writeFileSync(join(tree, path), text);
}

/** Which of the two the bin ran. */
function ran(): string {
  const result = spawnSync(process.execPath, [join(tree, 'bin', 'dbt-steward.js')], { cwd: tree, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the bin failed: ${result.stderr}`);
  return result.stdout.trim();
}

// Every input at T0, the bundle built 10 s later.
function reset(): void {
  for (const path of ['src/dbt/jinja/lexer.ts', 'src/dbt/jinja', 'src/dbt', 'src/cli/main.ts', 'src/cli', 'src']) {
    at(path, 0);
  }
  at('package-lock.json', 0);
  write('dist/cli/dbt-steward.mjs', "process.stdout.write('bundle');\n");
  at('dist/cli/dbt-steward.mjs', 10);
}

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'dbt-steward-bin-'));
  mkdirSync(join(tree, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'dbt-steward.js'), join(tree, 'bin', 'dbt-steward.js'));
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  write('package.json', '{ "type": "module" }\n');
  write('package-lock.json', '{}\n');
  // TypeScript only tsx runs: a type annotation.
  write('src/cli/main.ts', "const name: string = 'sources';\nprocess.stdout.write(name);\n");
  write('src/dbt/jinja/lexer.ts', 'export {};\n');
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

beforeEach(reset);

describe('bin/dbt-steward.js', () => {
  it('runs the bundle when it is newer than every input, or as new', () => {
    expect(ran()).toBe('bundle');
    at('src/dbt/jinja/lexer.ts', 10);
    expect(ran()).toBe('bundle');
  });

  it('runs the sources when a file deep under src/ was edited after the build', () => {
    at('src/dbt/jinja/lexer.ts', 11);
    expect(ran()).toBe('sources');
  });

  it('runs the sources when a folder changed (a file added, removed or renamed) or package-lock.json did', () => {
    at('src/dbt', 11);
    expect(ran()).toBe('sources');
    reset();
    at('package-lock.json', 11);
    expect(ran()).toBe('sources');
  });

  it('runs the sources when there is no bundle', () => {
    rmSync(join(tree, 'dist'), { recursive: true });
    expect(ran()).toBe('sources');
  });
});
