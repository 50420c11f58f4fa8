// Runs the CLI in-process with captured output, from the repository root.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/run.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PRS = join(ROOT, 'test', 'fixtures', 'prs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  cwd = ROOT,
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env,
    today: () => '2026-01-15',
  });
  return { code, stdout, stderr };
}

/** A project folder written from `files` (path -> text) under a fresh temporary folder; the caller removes it. */
export function tempProject(files: Record<string, string>, prefix = 'dbt-steward-project-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
