// The terminal report (`--format text`, the CLI default): one finding a line as `file:line severity rule
// message`, which editors and terminals turn into links, then impact, ownership, reviewers and diagnostics.
import { UNOWNED } from '../../impact/index.js';
import type { Finding } from '../../policy/rule.js';
import type { Report } from '../types.js';
import { capList, countsLine, plural, shortName } from './common.js';

const NAMES_PER_TEAM = 10;

export function renderText(report: Report): string {
  const lines = [
    `dbt-steward: ${report.conclusion} — ${countsLine(report.counts)} (${plural(report.counts.changedNodes, 'changed node')})`,
  ];
  if (report.findings.length > 0) lines.push('', ...report.findings.map(findingLine));
  if (report.existing.findings.length > 0) {
    lines.push('', `Existing findings on untouched nodes (${report.existing.count}):`);
    lines.push(...report.existing.findings.map(findingLine));
  } else if (report.existing.count > 0) {
    lines.push(
      '',
      `${plural(report.existing.count, 'existing finding')} on untouched nodes not listed (scope.report_existing).`,
    );
  }
  if (report.impact.length > 0) {
    lines.push('', 'Impact:');
    for (const entry of report.impact) {
      lines.push(`  ${shortName(entry.node)} (${entry.team ?? 'no owner'})`);
      const teams = Object.entries(entry.downstreamByTeam);
      if (teams.length === 0 && entry.exposures.length === 0) lines.push('    nothing downstream');
      for (const [team, ids] of teams) lines.push(`    ${team === UNOWNED ? 'no owner' : team}: ${names(ids)}`);
      if (entry.exposures.length > 0) lines.push(`    exposures: ${names(entry.exposures)}`);
    }
  }
  const { before, after } = report.ownership;
  lines.push('', `Models with an owner: ${before.owned}/${before.total} -> ${after.owned}/${after.total}`);
  const { teams, users } = report.reviewers;
  if (teams.length + users.length > 0) {
    const parts = [];
    if (teams.length > 0) parts.push(`teams ${teams.join(', ')}`);
    if (users.length > 0) parts.push(`users ${users.join(', ')}`);
    lines.push(`Reviewers: ${parts.join('; ')}`);
  }
  if ((report.reviewers.unmapped ?? []).length > 0) {
    lines.push(`Teams with no reviewers configured: ${(report.reviewers.unmapped ?? []).join(', ')}`);
  }
  if (report.diagnostics.length > 0) {
    lines.push('', `Compiler diagnostics (${report.diagnostics.length}):`);
    for (const d of report.diagnostics) {
      lines.push(`  ${d.line === undefined ? d.file : `${d.file}:${d.line}`}: ${d.severity} ${d.code} ${d.message}`);
    }
  }
  return lines.join('\n') + '\n';
}

function findingLine(finding: Finding): string {
  return `${finding.file}:${finding.line}: ${finding.severity} ${finding.rule} ${finding.message.replace(/\r?\n+/g, ' ')}`;
}

function names(ids: string[]): string {
  const { shown, more } = capList(ids, NAMES_PER_TEAM);
  const text = shown.map(shortName).join(', ');
  return more > 0 ? `${text} +${more} more` : text;
}
