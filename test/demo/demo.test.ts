// Runs `npm run demo` as a user would (a child process, loopback only) and checks what it reports.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEMO_TIMEOUT = 120_000;

function runDemo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo.ts', ...args],
      { cwd: process.cwd(), timeout: DEMO_TIMEOUT, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run demo', () => {
  it(
    'reviews the bundled example through the real Probot server and prints what it posted',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'demo-test-'));
      const transcript = join(dir, 'transcript.json');
      try {
        const { code, stdout } = await runDemo(['--transcript', transcript]);
        expect(code).toBe(0);
        expect(stdout).toContain('== pull_request.opened (cold cache) ==');
        expect(stdout).toMatch(/check run dbt-steward #\d+ on [0-9a-f]{7}: completed \/ failure/);
        expect(stdout).toMatch(/review comments \([1-9]\d* in 1 review\)/);
        expect(stdout).toMatch(/requested reviewers: teams [a-z]/);
        expect(stdout).toMatch(/GitHub requests per review: cold \d+, warm \d+/);
        expect(stdout).toContain('OpenAPI validation: all');
        // The installation token the double hands out never reaches the output.
        expect(stdout).not.toContain('ghs_double');
        const requests = JSON.parse(readFileSync(transcript, 'utf8')) as Array<Record<string, unknown>>;
        expect(requests.length).toBeGreaterThan(10);
        expect(Object.keys(requests[0] ?? {}).sort()).toEqual(['body', 'method', 'path']);
        // The second review reads no tree and no blob: the cache is warm.
        const [cold, warm] = [...stdout.matchAll(/GitHub requests for this review: (\d+)/g)].map((m) => Number(m[1]));
        expect(warm).toBeLessThan(cold ?? 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    DEMO_TIMEOUT,
  );

  it(
    'takes any two folders and a config: identical folders make a pull request with nothing to review',
    async () => {
      const { code, stdout } = await runDemo([
        '--base',
        'examples/mesh/base',
        '--head',
        'examples/mesh/base',
        '--config',
        'examples/mesh/base/.github/dbt-steward.yml',
      ]);
      expect(code).toBe(0);
      expect(stdout).toContain('completed / success: "No dbt project touched"');
    },
    DEMO_TIMEOUT,
  );
});
