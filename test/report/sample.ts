// A report as a realistic pull request produces it: findings in three categories, impact, existing findings,
// reviewers and diagnostics. Shared by the renderer tests and their golden files.
import type { Report } from '../../src/report/types.js';
import { aFinding } from './builders.js';

export function sampleReport(): Report {
  return {
    conclusion: 'failure',
    findings: [
      aFinding({
        rule: 'contracts/breaking-change',
        node: 'model.shop.orders',
        subject: 'amount',
        file: 'models/core/orders.yml',
        line: 14,
        message:
          'Column `amount` of public model orders was removed; consumers: revenue (finance), churn (growth), exposure finance_dashboard.',
        related: ['model.shop.revenue', 'model.shop.churn', 'exposure.shop.finance_dashboard'],
        teams: ['finance', 'growth'],
      }),
      aFinding({
        rule: 'ownership/model-has-owner',
        node: 'model.shop.scratch',
        file: 'models/scratch.sql',
        line: 1,
        message: 'Model scratch has no owning team.',
      }),
      aFinding({
        rule: 'discoverability/model-has-description',
        severity: 'warning',
        node: 'model.shop.scratch',
        file: 'models/scratch.sql',
        line: 1,
        message: 'Model scratch has no description | TODO.',
      }),
      aFinding({
        rule: 'contracts/new-cross-team-dependency',
        severity: 'notice',
        node: 'model.shop.churn',
        subject: 'model.shop.orders',
        file: 'models/growth/churn.sql',
        line: 3,
        message: 'churn (growth) now refs orders (core).',
        related: ['model.shop.orders'],
        teams: ['core'],
      }),
    ],
    existing: { count: 7, findings: [] },
    reviewers: { teams: ['core-data', 'finance-analytics'], users: ['gus'], unmapped: ['marketing'] },
    impact: [
      {
        node: 'model.shop.orders',
        team: 'core',
        downstreamByTeam: {
          finance: ['model.shop.ltv', 'model.shop.revenue'],
          growth: [
            'model.shop.a1',
            'model.shop.a2',
            'model.shop.a3',
            'model.shop.a4',
            'model.shop.a5',
            'model.shop.a6',
          ],
          '(unowned)': ['model.shop.scratch'],
        },
        exposures: ['exposure.shop.finance_dashboard'],
      },
      { node: 'model.shop.scratch', team: null, downstreamByTeam: {}, exposures: [] },
    ],
    counts: { error: 2, warning: 1, notice: 1, changedNodes: 3 },
    ownership: { before: { owned: 8, total: 10 }, after: { owned: 9, total: 11 } },
    diagnostics: [
      {
        code: 'dynamic-ref',
        severity: 'warning',
        message: 'ref() argument is not a literal',
        file: 'models/x.sql',
        line: 4,
      },
    ],
  };
}

export function successReport(): Report {
  return {
    conclusion: 'success',
    findings: [],
    existing: { count: 0, findings: [] },
    reviewers: { teams: ['core-data'], users: [], unmapped: [] },
    impact: [{ node: 'model.shop.orders', team: 'core', downstreamByTeam: {}, exposures: [] }],
    counts: { error: 0, warning: 0, notice: 0, changedNodes: 1 },
    ownership: { before: { owned: 0, total: 0 }, after: { owned: 1, total: 1 } },
    diagnostics: [],
  };
}
