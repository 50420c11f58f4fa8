import { buildReport, type ReportInput } from '../../src/report/build.js';
import { aChange, aConfig, aFinding, aGraph, aModel, anOwnership } from './builders.js';

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  const base = aGraph([aModel('orders'), aModel('revenue', ['orders']), aModel('scratch')]);
  const head = aGraph([aModel('orders'), aModel('revenue', ['orders']), aModel('scratch'), aModel('ltv')]);
  return {
    base,
    head,
    diff: { nodes: { 'model.shop.ltv': aChange('model.shop.ltv', { kind: 'added' }) }, changedFiles: [] },
    findings: [],
    existing: [],
    baseOwnership: anOwnership({ orders: 'core' }),
    headOwnership: anOwnership({ orders: 'core', revenue: 'finance', ltv: 'finance' }),
    impact: [],
    reviewers: { teams: ['finance-analytics'], users: [], unmapped: [] },
    config: aConfig(),
    ...overrides,
  };
}

describe('buildReport', () => {
  it('concludes success with no findings, and counts ownership before -> after', () => {
    const report = buildReport(input());
    expect(report.conclusion).toBe('success');
    expect(report.counts).toEqual({ error: 0, warning: 0, notice: 0, changedNodes: 1 });
    expect(report.ownership).toEqual({ before: { owned: 1, total: 3 }, after: { owned: 3, total: 4 } });
    expect(report.reviewers).toEqual({ teams: ['finance-analytics'], users: [], unmapped: [] });
  });

  it('counts neither changed nodes nor models of installed packages (dbt_packages/) or outside `paths`', () => {
    const vendored = (name: string) => aModel(name, [], { file: `dbt_packages/vendor/models/${name}.sql` });
    const legacy = aModel('old', [], { file: 'legacy/old.sql' });
    const base = aGraph([aModel('orders'), vendored('v1'), legacy]);
    const head = aGraph([aModel('orders'), vendored('v1'), vendored('v2'), legacy, aModel('ltv')]);
    const change = (id: string) => aChange(id, { kind: 'added' });
    const nodes = Object.fromEntries(
      ['model.shop.ltv', 'model.shop.v2', 'model.shop.old'].map((id) => [id, change(id)]),
    );
    const report = buildReport(
      input({ base, head, diff: { nodes, changedFiles: [] }, config: aConfig({ paths: { exclude: ['legacy/**'] } }) }),
    );
    expect(report.counts.changedNodes).toBe(1);
    expect(report.ownership).toEqual({ before: { owned: 1, total: 1 }, after: { owned: 2, total: 2 } });
  });

  it('concludes failure on an error, and sorts findings by file, line, rule', () => {
    const report = buildReport(
      input({
        findings: [
          aFinding({ file: 'models/b.sql', line: 2, severity: 'notice', rule: 'contracts/new-cross-team-dependency' }),
          aFinding({ file: 'models/b.sql', line: 2, severity: 'warning', rule: 'contracts/deprecated-ref' }),
          aFinding({ file: 'models/a.sql', line: 9, severity: 'error' }),
        ],
      }),
    );
    expect(report.conclusion).toBe('failure');
    expect(report.counts).toEqual({ error: 1, warning: 1, notice: 1, changedNodes: 1 });
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'models/a.sql:9 ownership/model-has-owner',
      'models/b.sql:2 contracts/deprecated-ref',
      'models/b.sql:2 contracts/new-cross-team-dependency',
    ]);
  });

  it('concludes neutral on warnings only, and failure on warnings with check.fail_on: warning', () => {
    const findings = [aFinding({ severity: 'warning' }), aFinding({ severity: 'notice' })];
    expect(buildReport(input({ findings })).conclusion).toBe('neutral');
    expect(buildReport(input({ findings, config: aConfig({ check: { fail_on: 'warning' } }) })).conclusion).toBe(
      'failure',
    );
    expect(buildReport(input({ findings: [aFinding({ severity: 'notice' })] })).conclusion).toBe('success');
  });

  it('counts existing findings without listing them, unless scope.report_existing', () => {
    const existing = [aFinding({ severity: 'error', node: 'model.shop.scratch' })];
    const quiet = buildReport(input({ existing }));
    expect(quiet.existing).toEqual({ count: 1, findings: [] });
    expect(quiet.conclusion).toBe('success');
    const loud = buildReport(input({ existing, config: aConfig({ scope: { report_existing: true } }) }));
    expect(loud.existing.findings).toEqual(existing);
  });

  it('lists only head diagnostics that are new at head, after diagnostics from outside the compiler', () => {
    const base = aGraph([aModel('orders')]);
    base.diagnostics = [{ code: 'unknown-ref', severity: 'warning', message: 'old', file: 'models/a.sql', line: 3 }];
    const head = aGraph([aModel('orders')]);
    head.diagnostics = [
      { code: 'yaml-syntax', severity: 'error', message: 'bad', file: 'models/z.yml', line: 1 },
      { code: 'unknown-ref', severity: 'warning', message: 'old', file: 'models/a.sql', line: 7 },
      { code: 'dynamic-ref', severity: 'warning', message: 'new', file: 'models/a.sql', line: 2 },
    ];
    const config = { code: 'config-unknown-key', severity: 'error' as const, message: 'x', file: '.github/d.yml' };
    const report = buildReport(input({ base, head, diagnostics: [config] }));
    expect(report.diagnostics.map((d) => `${d.file}:${d.line ?? ''} ${d.code}`)).toEqual([
      '.github/d.yml: config-unknown-key',
      'models/a.sql:2 dynamic-ref',
      'models/z.yml:1 yaml-syntax',
    ]);
  });
});
