import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRS, ROOT, runCli } from './harness.js';

const side = (pr: string, s: 'base' | 'head'): string => join(PRS, pr, s);

interface JsonReport {
  conclusion: string;
  findings: Array<{ rule: string; node: string; file: string; line: number; severity: string }>;
  reviewers: { teams: string[]; users: string[] };
  impact: Array<{ node: string }>;
}

/**
 * A git repository in a temporary folder holding the `cli-unowned-model` pull request: base committed on `main`,
 * head on `feature`; `atHead` runs before head is committed. Returns the folder and a git runner.
 */
function prRepo(atHead: (repo: string) => void = () => undefined): {
  repo: string;
  git: (...args: string[]) => string;
} {
  const repo = mkdtempSync(join(tmpdir(), 'dbt-steward-repo-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      encoding: 'utf8',
    });
  git('init', '-q', '-b', 'main');
  cpSync(side('cli-unowned-model', 'base'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  cpSync(side('cli-unowned-model', 'head'), repo, { recursive: true });
  atHead(repo);
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  git('checkout', '-q', 'main');
  return { repo, git };
}

describe('dbt-steward check on folders', () => {
  it('exits 1 and prints the JSON report when the pull request fails the policy of its base', async () => {
    const { code, stdout, stderr } = await runCli([
      'check',
      '--base',
      side('cli-unowned-model', 'base'),
      '--head',
      side('cli-unowned-model', 'head'),
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.conclusion).toBe('failure');
    expect(report.findings.filter((f) => f.rule === 'ownership/model-has-owner')).toEqual([
      expect.objectContaining({ node: 'model.shop.ltv', file: 'models/finance/ltv.sql', line: 1, severity: 'error' }),
    ]);
    // Routed through `teams` and the fallback of the base's .github/dbt-steward.yml.
    expect(report.reviewers).toEqual({ teams: ['finance-analytics', 'data-platform'], users: ['fiona'], unmapped: [] });
    expect(report.impact.map((e) => e.node)).toEqual(['model.shop.ltv', 'model.shop.revenue']);
  });

  it('exits 0 on a clean change and prints text by default', async () => {
    const { code, stdout } = await runCli([
      'check',
      '--base',
      side('cli-clean', 'base'),
      '--head',
      side('cli-clean', 'head'),
    ]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('dbt-steward: success — 0 errors, 0 warnings, 0 notices (1 changed node)');
  });

  it('prints the markdown check summary with the impact table', async () => {
    const { stdout } = await runCli([
      'check',
      '--base',
      side('cli-clean', 'base'),
      '--head',
      side('cli-clean', 'head'),
      '--format',
      'markdown',
    ]);
    expect(stdout).toContain('| `orders` | core | finance (1): `revenue` | `finance_dashboard` |\n');
  });

  it('prints SARIF with the rule doc link under --docs-url', async () => {
    const { code, stdout } = await runCli([
      'check',
      '--base',
      side('cli-unowned-model', 'base'),
      '--head',
      side('cli-unowned-model', 'head'),
      '--format',
      'sarif',
      '--docs-url',
      'https://docs.example/rules',
    ]);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.rules).toContainEqual(
      expect.objectContaining({
        id: 'ownership/model-has-owner',
        helpUri: 'https://docs.example/rules/ownership/model-has-owner.md',
      }),
    );
  });

  it('leaves installed packages out of both sides when only one folder ran `dbt deps`, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-steward-cli-'));
    cpSync(side('cli-clean', 'base'), join(dir, 'base'), { recursive: true });
    cpSync(side('cli-clean', 'base'), join(dir, 'head'), { recursive: true });
    // The same model on both sides, its ref into the package external at base and a node at head if compiled.
    for (const at of ['base', 'head'])
      writeFileSync(join(dir, at, 'models', 'uses_vendor.sql'), "select * from {{ ref('vendor', 'vendor_model') }}\n");
    const vendor = join(dir, 'head', 'dbt_packages', 'vendor');
    mkdirSync(join(vendor, 'models'), { recursive: true });
    writeFileSync(join(vendor, 'dbt_project.yml'), 'name: vendor\nversion: "1"\nconfig-version: 2\n');
    writeFileSync(join(vendor, 'models', 'vendor_model.sql'), 'select 1 as id\n');
    const argv = ['check', '--base', join(dir, 'base'), '--head', join(dir, 'head'), '--format', 'json'];
    const { code, stdout, stderr } = await runCli(argv);
    expect(stderr).toBe(
      'dbt-steward: head has packages installed (dbt_packages/) and base has none: they are left out of both; run `dbt deps` in both folders to compile them\n',
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { counts: { changedNodes: number } }).counts.changedNodes).toBe(0);
    rmSync(dir, { recursive: true });
  });

  it('uses --config over the base policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-steward-cli-'));
    writeFileSync(join(dir, 'policy.yml'), 'rules:\n  ownership/model-has-owner: warning\n');
    const { stdout } = await runCli(
      [
        'check',
        '--base',
        side('cli-unowned-model', 'base'),
        '--head',
        side('cli-unowned-model', 'head'),
        '--config',
        'policy.yml',
        '--format',
        'json',
      ],
      dir,
    );
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings.find((f) => f.rule === 'ownership/model-has-owner')?.severity).toBe('warning');
    // No `teams` in this policy: nobody to map to, and no fallback.
    expect(report.reviewers).toEqual({ teams: [], users: [], unmapped: ['finance'] });
    rmSync(dir, { recursive: true });
  });
});

describe('dbt-steward check --repo', () => {
  // The pull request also tries to drop the fallback reviewers: it must not apply before merge. The working tree
  // is left at base, to show that refs are read from git objects, not from the checkout.
  const { repo } = prRepo((at) => writeFileSync(join(at, '.github/dbt-steward.yml'), 'teams: {}\n'));
  afterAll(() => rmSync(repo, { recursive: true }));

  it('reads both refs from git objects and reviews under the base policy', async () => {
    const { code, stdout, stderr } = await runCli([
      'check',
      '--repo',
      repo,
      '--base',
      'main',
      '--head',
      'feature',
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'note: .github/dbt-steward.yml changed at head; the base policy applies until the change is merged.\n',
    );
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings.filter((f) => f.rule === 'ownership/model-has-owner').map((f) => f.node)).toEqual([
      'model.shop.ltv',
    ]);
    expect(report.reviewers.teams).toEqual(['finance-analytics', 'data-platform']);
  });

  it('exits 2 on a ref that does not exist', async () => {
    const { code, stderr } = await runCli(['check', '--repo', repo, '--base', 'main', '--head', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dbt-steward: cannot read head nope: cannot list nope in /);
  });
});

describe('dbt-steward check --repo, the base branch having moved on since the pull request branched', () => {
  const { repo, git } = prRepo();
  beforeAll(() => {
    // Meanwhile main gains a model and drops the fallback reviewers from its policy.
    writeFileSync(join(repo, 'models/core/late_arrival.sql'), 'select 1 as id\n');
    writeFileSync(join(repo, '.github/dbt-steward.yml'), 'teams:\n  finance:\n    github_team: finance-analytics\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'main moves on');
    // A branch with no history in common with main (what a shallow clone looks like).
    git('checkout', '-q', '--orphan', 'lonely');
    git('commit', '-q', '-m', 'lonely');
    git('checkout', '-q', 'main');
  });
  afterAll(() => rmSync(repo, { recursive: true }));

  it("compares with the merge base (main's new model is not the pull request's), under main's current policy", async () => {
    const argv = ['check', '--repo', repo, '--base', 'main', '--head', 'feature', '--format', 'json'];
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(1);
    // main edited the policy, not the pull request: nothing to say about a policy change at head.
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as JsonReport & { counts: { changedNodes: number } };
    // ltv added and revenue edited, as on the folders; late_arrival, added on main only, is no change of head's.
    expect(report.counts.changedNodes).toBe(2);
    expect(report.findings.filter((f) => f.rule === 'ownership/model-has-owner').map((f) => f.node)).toEqual([
      'model.shop.ltv',
    ]);
    // main's policy as it is now: no fallback team any more.
    expect(report.reviewers.teams).toEqual(['finance-analytics']);
  });

  it('says so and compares with the base as it is when the refs share no commit', async () => {
    const { stderr } = await runCli([
      'check',
      '--repo',
      repo,
      '--base',
      'main',
      '--head',
      'lonely',
      '--format',
      'json',
    ]);
    expect(stderr).toContain(
      'note: no common commit of main and lonely (a shallow clone?); comparing with main as it is.',
    );
  });
});

describe('dbt-steward check, its reader gone', () => {
  it('exits 1 for a failing check even when the reader closes the pipe first (`check ... | true`)', () => {
    // The entry file itself (src/cli/main.ts), which wires the exit code to the process.
    const main = join(ROOT, 'src', 'cli', 'main.ts');
    const argv = `check --base "${side('cli-unowned-model', 'base')}" --head "${side('cli-unowned-model', 'head')}"`;
    const result = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${main}" ${argv} | true; echo "status=\${PIPESTATUS[0]}"`],
      {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '--import tsx' },
      },
    );
    expect(result.stdout.trim()).toBe('status=1');
  });
});
