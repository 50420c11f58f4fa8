// Builds the demo's git repository in a temporary folder: a base commit on `main` (the default branch, with the
// policy config) and the pull request's commit on `feature`, from two dbt project folders.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoRepo {
  dir: string;
  baseSha: string;
  headSha: string;
}

export function buildRepo(baseDir: string, headDir: string, configFile: string | null): DemoRepo {
  const dir = mkdtempSync(join(tmpdir(), 'dbt-steward-demo-'));
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=demo', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
      .toString()
      .trim();
  git('init', '-q', '-b', 'main');
  const fill = (source: string) => {
    for (const entry of readdirSync(dir))
      if (entry !== '.git') rmSync(join(dir, entry), { recursive: true, force: true });
    cpSync(source, dir, { recursive: true });
    if (configFile) {
      mkdirSync(join(dir, '.github'), { recursive: true });
      cpSync(configFile, join(dir, '.github', 'dbt-steward.yml'));
    }
  };
  fill(baseDir);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  fill(headDir);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'pull request');
  const headSha = git('rev-parse', 'HEAD');
  return { dir, baseSha, headSha };
}

export function removeRepo(repo: DemoRepo): void {
  rmSync(repo.dir, { recursive: true, force: true });
}

/** A new push to the pull request: the file goes back to its base version (or away, if base has none). */
export function pushRevert(repo: DemoRepo, path: string): string {
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=demo', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: repo.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
      .toString()
      .trim();
  try {
    git('checkout', repo.baseSha, '--', path);
  } catch {
    git('rm', '-q', '--', path);
  }
  git('commit', '-q', '-m', `revert ${path}`);
  return git('rev-parse', 'HEAD');
}
