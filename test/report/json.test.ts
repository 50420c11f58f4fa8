import { renderJson } from '../../src/report/render/index.js';
import { sampleReport } from './sample.js';

describe('renderJson', () => {
  const json = JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;

  it('carries conclusion, counts (with existing), reviewers and ownership', () => {
    expect(json['conclusion']).toBe('failure');
    expect(json['counts']).toEqual({ error: 2, warning: 1, notice: 1, changedNodes: 3, existing: 7 });
    expect(json['reviewers']).toEqual({
      teams: ['core-data', 'finance-analytics'],
      users: ['gus'],
      unmapped: ['marketing'],
    });
    expect(json['ownership']).toEqual({ before: { owned: 8, total: 10 }, after: { owned: 9, total: 11 } });
  });

  it('writes each finding with rule, severity, node, file, line, message and related first', () => {
    const findings = json['findings'] as Array<Record<string, unknown>>;
    expect(findings).toHaveLength(4);
    expect(Object.keys(findings[3] as object).slice(0, 7)).toEqual([
      'rule',
      'severity',
      'node',
      'file',
      'line',
      'message',
      'related',
    ]);
    expect(findings[3]).toMatchObject({
      rule: 'contracts/new-cross-team-dependency',
      severity: 'notice',
      node: 'model.shop.churn',
      file: 'models/growth/churn.sql',
      line: 3,
      message: 'churn (growth) now refs orders (core).',
      related: ['model.shop.orders'],
    });
  });

  it('writes impact entries as the report holds them', () => {
    expect(json['impact']).toEqual(sampleReport().impact);
  });
});
