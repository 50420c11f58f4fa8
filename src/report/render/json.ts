// The JSON report: the Report's data with a fixed key order, for scripts and CI (`--format json`).
import type { Finding } from '../../policy/rule.js';
import type { Report } from '../types.js';

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    node: finding.node,
    file: finding.file,
    line: finding.line,
    message: finding.message,
    related: finding.related,
    subject: finding.subject,
    teams: finding.teams,
    suggestion: finding.suggestion,
    fingerprint: finding.fingerprint,
  };
}

export function renderJson(report: Report): string {
  const json = {
    conclusion: report.conclusion,
    counts: { ...report.counts, existing: report.existing.count },
    findings: report.findings.map(findingJson),
    existing: { count: report.existing.count, findings: report.existing.findings.map(findingJson) },
    reviewers: {
      teams: report.reviewers.teams,
      users: report.reviewers.users,
      unmapped: report.reviewers.unmapped ?? [],
    },
    impact: report.impact,
    ownership: report.ownership,
    diagnostics: report.diagnostics,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
