import { join } from 'node:path';
import { changedFiles, checkPullRequest } from '../../src/check.js';
import { diskSource } from '../../src/cli/disk-source.js';
import { compile } from '../../src/dbt/index.js';
import { loadFiles } from '../../src/dbt/source.js';
import type { FileMap, ParseCache } from '../../src/dbt/types.js';
import { defaultPolicyConfig, parsePolicyConfig } from '../../src/policy/load.js';
import { PRS } from '../cli/harness.js';

async function pr(name: string): Promise<{ base: FileMap; head: FileMap }> {
  const [base, head] = await Promise.all([
    loadFiles(diskSource(join(PRS, name, 'base'))),
    loadFiles(diskSource(join(PRS, name, 'head'))),
  ]);
  return { base, head };
}

/** A Map-backed cache that counts the parse results stored in it. */
/** Counts parse results stored (built nodes, which the compiler keeps in the same cache, are counted apart). */
function countingCache(): ParseCache & { sets: number; nodes: number } {
  const map = new Map<string, unknown>();
  return {
    sets: 0,
    nodes: 0,
    get: (key) => map.get(key),
    set(key, value) {
      if (key.startsWith('node\0')) this.nodes++;
      else this.sets++;
      map.set(key, value);
    },
  };
}

describe('changedFiles', () => {
  it('lists paths added, removed or edited, sorted', () => {
    const base = new Map([
      ['a.sql', '1'],
      ['b.sql', '2'],
      ['c.sql', '3'],
    ]);
    const head = new Map([
      ['c.sql', '3'],
      ['b.sql', '2 edited'],
      ['0.sql', 'new'],
    ]);
    expect(changedFiles(base, head)).toEqual(['0.sql', 'a.sql', 'b.sql']);
  });
});

describe('checkPullRequest', () => {
  it('reviews a pull request that adds an unowned model end to end', async () => {
    const { base, head } = await pr('cli-unowned-model');
    const parsed = parsePolicyConfig(base.get('.github/dbt-steward.yml') ?? '', '.github/dbt-steward.yml');
    const { report, diff } = checkPullRequest({ base, head, config: parsed.config!, today: '2026-01-15' });

    expect(diff.changedFiles).toEqual(['models/finance/ltv.sql', 'models/finance/revenue.sql']);
    expect(Object.keys(diff.nodes).sort()).toEqual(['model.shop.ltv', 'model.shop.revenue']);
    expect(report.conclusion).toBe('failure');
    expect(report.findings.filter((f) => f.rule === 'ownership/model-has-owner')).toMatchObject([
      { node: 'model.shop.ltv', file: 'models/finance/ltv.sql', line: 1, severity: 'error' },
    ]);
    expect(report.impact).toEqual([
      { node: 'model.shop.ltv', team: null, downstreamByTeam: {}, exposures: [] },
      {
        node: 'model.shop.revenue',
        team: 'finance',
        downstreamByTeam: { '(unowned)': ['model.shop.ltv'] },
        exposures: ['exposure.shop.finance_dashboard'],
      },
    ]);
    // finance owns revenue; ltv has no owner, so the fallback is asked too.
    expect(report.reviewers).toEqual({ teams: ['finance-analytics', 'data-platform'], users: ['fiona'], unmapped: [] });
    expect(report.ownership).toEqual({ before: { owned: 2, total: 2 }, after: { owned: 2, total: 3 } });
  });

  it('concludes success on a harmless change, listing its blast radius', async () => {
    const { base, head } = await pr('cli-clean');
    const { report } = checkPullRequest({ base, head, config: defaultPolicyConfig(), today: '2026-01-15' });
    expect(report.conclusion).toBe('success');
    expect(report.findings).toEqual([]);
    expect(report.counts).toEqual({ error: 0, warning: 0, notice: 0, changedNodes: 1 });
    expect(report.impact).toEqual([
      {
        node: 'model.shop.orders',
        team: 'core',
        downstreamByTeam: { finance: ['model.shop.revenue'] },
        exposures: ['exposure.shop.finance_dashboard'],
      },
    ]);
  });

  it('compiles base and head through one parse cache, so unchanged files are parsed once', async () => {
    const { base, head } = await pr('cli-unowned-model');
    const alone = countingCache();
    compile(base, { cache: alone });
    expect(alone.sets).toBeGreaterThan(2);

    const shared = countingCache();
    checkPullRequest({ base, head, config: defaultPolicyConfig(), compile: { cache: shared }, today: '2026-01-15' });
    // Head adds parse results only for its two changed files, and builds only the nodes they define.
    expect(shared.sets - alone.sets).toBeGreaterThan(0);
    expect(shared.sets - alone.sets).toBeLessThanOrEqual(2);
    expect(shared.nodes - alone.nodes).toBeGreaterThan(0);
    expect(shared.nodes - alone.nodes).toBeLessThanOrEqual(2);
  });

  it('lists diagnostics given by the caller first', async () => {
    const { base, head } = await pr('cli-clean');
    const warning = { code: 'config-renamed-rule', severity: 'warning' as const, message: 'x', file: 'p.yml', line: 2 };
    const { report } = checkPullRequest({
      base,
      head,
      config: defaultPolicyConfig(),
      today: '2026-01-15',
      diagnostics: [warning],
    });
    expect(report.diagnostics[0]).toEqual(warning);
  });
});

describe('checkPullRequest on a removed model', () => {
  const project = 'name: shop\nversion: "1"\nconfig-version: 2\n';
  const owned = (team: string): string =>
    `config:\n      meta:\n        data_governance:\n          model:\n            team_owner: ${team}`;
  const base = new Map([
    ['dbt_project.yml', project],
    ['models/orders.sql', 'select 1 as id\n'],
    ['models/revenue.sql', "select * from {{ ref('orders') }}\n"],
    [
      'models/schema.yml',
      `version: 2\nmodels:\n  - name: orders\n    description: Orders of the shop, one row per order.\n    ${owned('core')}\n  - name: revenue\n    description: Revenue of the shop, summed per customer.\n    ${owned('finance')}\n`,
    ],
  ]);
  const head = new Map(base);
  head.delete('models/orders.sql');
  head.set(
    'models/schema.yml',
    `version: 2\nmodels:\n  - name: revenue\n    description: Revenue of the shop, summed per customer.\n    ${owned('finance')}\n`,
  );
  const config = parsePolicyConfig(
    'teams:\n  core: {github_team: core-data}\n  finance: {github_team: fin}\n',
    'p.yml',
  );

  it('asks the base owner of the removed model and reports the dangling ref as a new diagnostic', () => {
    const { report, diff } = checkPullRequest({ base, head, config: config.config!, today: '2026-01-15' });
    expect(diff.nodes['model.shop.orders']?.kind).toBe('removed');
    expect(report.reviewers.teams).toContain('core-data');
    expect(report.impact.map((e) => e.node)).not.toContain('model.shop.orders');
    expect(report.diagnostics.map((d) => `${d.file}:${d.line ?? ''}`)).toContain('models/revenue.sql:1');
  });
});

describe('checkPullRequest: who is asked to review', () => {
  const project = 'name: shop\nversion: "1"\nconfig-version: 2\n';
  const owned = (team: string): string =>
    `config:\n      meta:\n        data_governance:\n          model:\n            team_owner: ${team}`;
  const schema = (team: string): string =>
    `version: 2\nmodels:\n  - name: orders\n    description: Orders of the shop, one row per order.\n    ${owned(team)}\n`;
  const config = parsePolicyConfig(
    'teams:\n  core: {github_team: core-data}\n  marketing: {github_team: marketing-data}\n' +
      'reviewers:\n  fallback:\n    teams: [data-platform]\n',
    'p.yml',
  ).config!;
  const base = new Map([
    ['dbt_project.yml', project],
    ['models/orders.sql', 'select 1 as id\n'],
    ['models/schema.yml', schema('core')],
    ['seeds/countries.csv', ''],
    ['seeds/seeds.yml', 'version: 2\nseeds:\n  - name: countries\n    description: Countries.\n'],
  ]);

  it('asks the team that owned a model as well as the one it is handed to', () => {
    const head = new Map(base).set('models/schema.yml', schema('marketing'));
    const { report } = checkPullRequest({ base, head, config, today: '2026-01-15' });
    expect(report.reviewers.teams).toEqual(['marketing-data', 'core-data']);
  });

  it('asks no fallback when a model moves away from a team nobody is configured for (it is owned now)', () => {
    const from = new Map(base).set('models/schema.yml', schema('revenue_ops'));
    const head = new Map(base).set('models/schema.yml', schema('marketing'));
    const { report } = checkPullRequest({ base: from, head, config, today: '2026-01-15' });
    expect(report.reviewers.teams).toEqual(['marketing-data']);
    expect(report.reviewers.unmapped).toEqual(['revenue_ops']);
  });

  it('does not ask the fallback reviewers for a change to a seed nobody owns (seeds are not held to owners)', () => {
    const head = new Map(base).set(
      'seeds/seeds.yml',
      'version: 2\nseeds:\n  - name: countries\n    description: Countries of the world.\n',
    );
    const { report, diff } = checkPullRequest({ base, head, config, today: '2026-01-15' });
    expect(Object.keys(diff.nodes)).toEqual(['seed.shop.countries']);
    expect(report.reviewers.teams).toEqual([]);
  });
});

describe('checkPullRequest: paths.exclude', () => {
  const project = 'name: shop\nversion: "1"\nconfig-version: 2\n';
  const config = parsePolicyConfig(
    "paths:\n  exclude: ['models/legacy/**']\nreviewers:\n  fallback:\n    teams: [data-platform]\n",
    'p.yml',
  ).config!;
  const base = new Map([
    ['dbt_project.yml', project],
    ['models/legacy/old_orders.sql', 'select 1 as id\n'],
    ['models/orders.sql', "select * from {{ ref('old_orders') }}\n"],
  ]);

  it('leaves out what changed in excluded files: no finding, no reviewer, no impact, no diagnostic', () => {
    const head = new Map(base)
      .set('models/legacy/old_orders.sql', 'select 2 as id\n')
      .set('models/legacy/schema.yml', 'models: [oops\n');
    const { report, diff } = checkPullRequest({ base, head, config, today: '2026-01-15' });
    expect(Object.keys(diff.nodes)).toEqual(['model.shop.old_orders']);
    expect(report.findings).toEqual([]);
    expect(report.reviewers.teams).toEqual([]);
    expect(report.impact).toEqual([]);
    expect(report.diagnostics).toEqual([]);
  });

  it('still checks the same changes outside the excluded folder', () => {
    const head = new Map(base).set('models/orders.sql', "select id from {{ ref('old_orders') }}\n");
    const { report } = checkPullRequest({ base, head, config, today: '2026-01-15' });
    expect(report.findings.map((f) => f.rule)).toContain('ownership/model-has-owner');
    expect(report.reviewers.teams).toEqual(['data-platform']);
    expect(report.impact.map((entry) => entry.node)).toEqual(['model.shop.orders']);
  });
});

describe('checkPullRequest: the policy config says what the projects are compiled for', () => {
  const files: FileMap = new Map([
    [
      'dbt_project.yml',
      "name: shop\nmodels:\n  shop:\n    marts:\n      +dataset: marts\n      +enabled: \"{{ target.name == 'prod' or var('all', false) }}\"\n",
    ],
    ['models/marts/orders.sql', 'select 1 as id'],
  ]);
  const config = (yaml: string) => parsePolicyConfig(yaml, '.github/dbt-steward.yml').config!;

  it("compiles both sides with `dbt:`'s target and vars, which the caller's own options override", () => {
    const prod = config('dbt:\n  target: {name: prod, type: bigquery, schema: analytics}\n');
    const { head } = checkPullRequest({ base: files, head: files, config: prod, today: '2026-01-15' });
    // `target.name` decides what is enabled, the adapter that `dataset` is the schema.
    expect(head.nodes['model.shop.orders']?.config.schema).toBe('marts');
    expect(head.target).toMatchObject({ name: 'prod', type: 'bigquery', schema: 'analytics' });

    const byDefault = checkPullRequest({
      base: files,
      head: files,
      config: defaultPolicyConfig(),
      today: '2026-01-15',
    });
    expect(byDefault.head.nodes['model.shop.orders']).toBeUndefined();

    const vars = config('dbt:\n  target: {type: bigquery}\n  vars: {all: true}\n');
    const overridden = checkPullRequest({
      base: files,
      head: files,
      config: vars,
      today: '2026-01-15',
      compile: { target: { type: 'postgres' } },
    });
    expect(overridden.head.nodes['model.shop.orders']?.config['dataset']).toBe('marts');
  });
});
