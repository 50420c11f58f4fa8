// Builders for review tests: a Finding and a Report with partial overrides.
import type { Finding } from '../../src/policy/rule.js';
import type { Report } from '../../src/report/types.js';
import type { ReviewContext } from '../../src/review/index.js';

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'ownership/model-has-owner',
    severity: 'error',
    node: 'model.shop.orders',
    subject: null,
    file: 'models/orders.yml',
    line: 4,
    message: 'Model `orders` has no owner.',
    related: [],
    teams: [],
    suggestion: null,
    fingerprint: 'ownership/model-has-owner|model.shop.orders|',
    ...overrides,
  };
}

export function report(overrides: Partial<Report> = {}): Report {
  const findings = overrides.findings ?? [];
  return {
    conclusion: findings.some((f) => f.severity === 'error') ? 'failure' : 'success',
    findings,
    existing: { count: 0, findings: [] },
    reviewers: { teams: [], users: [] },
    impact: [],
    counts: {
      error: findings.filter((f) => f.severity === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      notice: findings.filter((f) => f.severity === 'notice').length,
      changedNodes: 1,
    },
    ownership: { before: { owned: 0, total: 1 }, after: { owned: 0, total: 1 } },
    diagnostics: [],
    ...overrides,
  };
}

export function context(overrides: Partial<ReviewContext> = {}): ReviewContext {
  return {
    headSha: 'a'.repeat(40),
    author: 'octocat',
    summary: '## dbt-steward\n\nsummary',
    diffLines: new Map([['models/orders.yml', new Set([3, 4, 5])]]),
    existingComments: [],
    alreadyRequested: { teams: [], users: [] },
    reviewedBy: [],
    rules: {
      'ownership/model-has-owner': { rationale: 'Unowned models rot.', fix: 'Add `meta.owner`.' },
    },
    notices: [],
    extraAnnotations: [],
    ...overrides,
  };
}
