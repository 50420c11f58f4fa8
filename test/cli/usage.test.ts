import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USAGE } from '../../src/cli/run.js';
import { PRS, ROOT, runCli } from './harness.js';

const clean = (side: string): string => join(PRS, 'cli-clean', side);

describe('dbt-steward usage', () => {
  it('prints the usage on --help and exits 0', async () => {
    expect(await runCli(['--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    expect((await runCli(['check', '--help'])).stdout).toBe(USAGE);
  });

  it('prints the usage to stderr and exits 2 without a command', async () => {
    expect(await runCli([])).toEqual({ code: 2, stdout: '', stderr: USAGE });
  });

  it('runs from bin/dbt-steward.js', () => {
    const result = spawnSync(process.execPath, ['bin/dbt-steward.js', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(USAGE);
  });

  it.each([
    [['deploy'], 'unknown command: deploy'],
    [['check', '--base', 'x'], 'check needs --base and --head (folders, or refs with --repo DIR)'],
    [
      ['check', '--base', 'x', '--head', 'y', '--format', 'html'],
      '--format must be one of text, json, markdown, sarif',
    ],
    [['check', '--base', 'x', '--head', 'y', '--today', 'tomorrow'], '--today must be a date, YYYY-MM-DD'],
    [['check', '--base', 'x', '--head', 'y', 'z'], 'unexpected argument: z'],
    [
      ['check', '--base', 'x', '--head', 'y', '--profiles-dir', 'ci'],
      "--profiles-dir is read by manifest and parse; check compiles for the policy config's dbt: target:",
    ],
    [['manifest'], 'manifest needs a project folder: dbt-steward manifest DIR'],
    [['manifest', 'a', 'b'], 'manifest takes one folder, got: a b'],
    [['manifest', 'a', '--vars', '[1, 2]'], "--vars must be a YAML mapping, e.g. --vars '{schema_prefix: ci}'"],
  ])('exits 2 on %j', async (argv, message) => {
    const result = await runCli(argv);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `dbt-steward: ${message}\nRun 'dbt-steward --help' for usage.\n`,
    });
  });

  it('exits 2 on an unknown flag', async () => {
    const result = await runCli(['check', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dbt-steward: Unknown option '--bogus'/);
  });

  it('exits 2 when a folder cannot be read', async () => {
    const result = await runCli(['check', '--base', 'no/such/dir', '--head', clean('head')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dbt-steward: cannot read base no\/such\/dir: ENOENT/);
  });

  it('exits 2 on a bad --config, naming the key and its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-steward-cli-'));
    writeFileSync(join(dir, 'policy.yml'), 'teams: {}\nreviewers:\n  max: -1\n');
    const result = await runCli(
      ['check', '--base', clean('base'), '--head', clean('head'), '--config', 'policy.yml'],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toMatch(/^policy\.yml:3: error config-invalid reviewers\.max: /);
    expect(lines[1]).toBe('dbt-steward: the policy config policy.yml is invalid; fix the keys listed above');
    rmSync(dir, { recursive: true });
  });

  it('exits 2 when --config does not exist', async () => {
    const result = await runCli(['check', '--base', clean('base'), '--head', clean('head'), '--config', 'nope.yml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dbt-steward: cannot read --config nope.yml\n');
  });
});
