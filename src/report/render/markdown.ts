// The Markdown report: what the GitHub App posts as the check run summary. Short facts first (headline,
// ownership, reviewers), then findings by category, impact and diagnostics, so that when a huge report is cut
// to GitHub's 65,535-character limit only the tail of a long list is lost.
import type { Diagnostic } from '../../dbt/types.js';
import { UNOWNED } from '../../impact/index.js';
import type { Finding } from '../../policy/rule.js';
import type { Conclusion, ImpactEntry, OwnershipStats, Report } from '../types.js';
import { capList, countsLine, groupByCategory, plural, type RenderOptions, ruleDocUrl, shortName } from './common.js';

export const GITHUB_SUMMARY_LIMIT = 65535;
/**
 * The default budget stays below GitHub's limit to leave room for what the App puts around the summary
 * (notices about a changed policy, the count of annotations not shown), so that only this renderer cuts, and
 * at a line boundary.
 */
export const DEFAULT_MAX_CHARS = 60000;

const ICON: Record<Conclusion, string> = { failure: '❌', neutral: '⚠️', success: '✅' };
const SEVERITY_ICON: Record<string, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️', info: 'ℹ️' };
const NAMES_PER_CELL = 5;
const ISOLATED_NAMES = 30;

export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const lines = [
    `### ${ICON[report.conclusion]} dbt-steward: ${report.conclusion} — ${countsLine(report.counts)}`,
    '',
    ...summaryLines(report),
    ...findingSections(report.findings, options),
    ...existingSection(report, options),
    ...impactSection(report.impact),
    ...diagnosticsSection(report.diagnostics),
  ];
  return truncate(lines, options.maxChars ?? DEFAULT_MAX_CHARS);
}

function summaryLines(report: Report): string[] {
  const lines = [
    `${plural(report.counts.changedNodes, 'changed node')}. Models with an owner: ${ownershipLine(report.ownership)}.`,
  ];
  const reviewers = [
    ...report.reviewers.teams.map((t) => `team \`${t}\``),
    ...report.reviewers.users.map((u) => `@${u}`),
  ];
  if (reviewers.length > 0) lines.push('', `**Reviewers requested:** ${reviewers.join(', ')}`);
  const unmapped = report.reviewers.unmapped ?? [];
  if (unmapped.length > 0) {
    lines.push(
      '',
      `Teams with no reviewers configured (add them under \`teams\` in the policy config): ${unmapped.map((t) => `\`${t}\``).join(', ')}`,
    );
  }
  if (report.findings.length === 0) lines.push('', 'No findings on the changes of this pull request.');
  return lines;
}

function ownershipLine(stats: { before: OwnershipStats; after: OwnershipStats }): string {
  const share = (s: OwnershipStats): string => `${s.owned}/${s.total} (${percent(s)})`;
  return `${share(stats.before)} → ${share(stats.after)}`;
}

function percent(stats: OwnershipStats): string {
  return stats.total === 0 ? '–' : `${Math.round((100 * stats.owned) / stats.total)}%`;
}

function findingSections(findings: Finding[], options: RenderOptions): string[] {
  const lines: string[] = [];
  for (const group of groupByCategory(findings)) {
    lines.push('', `#### ${capitalize(group.category)} (${group.findings.length})`, '');
    for (const finding of group.findings) lines.push(findingLine(finding, options));
  }
  return lines;
}

function findingLine(finding: Finding, options: RenderOptions): string {
  const icon = SEVERITY_ICON[finding.severity] ?? '';
  const rule = `[\`${finding.rule}\`](${ruleDocUrl(finding.rule, options)})`;
  return `- ${icon} **${finding.severity}** ${rule} \`${finding.file}:${finding.line}\` — ${inline(finding.message)}`;
}

function existingSection(report: Report, options: RenderOptions): string[] {
  const { count, findings } = report.existing;
  if (count === 0) return [];
  if (findings.length === 0) {
    return [
      '',
      `_${plural(count, 'existing finding')} on untouched nodes not listed (set \`scope.report_existing: true\` to list them)._`,
    ];
  }
  return [
    '',
    `#### Existing findings on untouched nodes (${count})`,
    '',
    ...findings.map((f) => findingLine(f, options)),
  ];
}

/** The table lists models with something downstream; the rest share one line, so big PRs stay readable. */
function impactSection(impact: ImpactEntry[]): string[] {
  if (impact.length === 0) return [];
  const lines = ['', '#### Impact'];
  const reaching = impact.filter((e) => Object.keys(e.downstreamByTeam).length > 0 || e.exposures.length > 0);
  if (reaching.length > 0) {
    lines.push('', '| Changed model | Owner | Downstream models by team | Exposures |', '| --- | --- | --- | --- |');
  }
  for (const entry of reaching) {
    const teams = Object.entries(entry.downstreamByTeam).map(
      ([team, ids]) => `${team === UNOWNED ? '_no owner_' : cell(team)} (${ids.length}): ${names(ids)}`,
    );
    const row = [
      `\`${shortName(entry.node)}\``,
      entry.team === null ? '_none_' : cell(entry.team),
      teams.length === 0 ? '—' : teams.join('<br>'),
      entry.exposures.length === 0 ? '—' : names(entry.exposures),
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  const shown = new Set(reaching);
  const isolated = impact.filter((e) => !shown.has(e)).map((e) => e.node);
  if (isolated.length > 0) lines.push('', `Nothing downstream of ${names(isolated, ISOLATED_NAMES)}.`);
  return lines;
}

function names(ids: string[], max = NAMES_PER_CELL): string {
  const { shown, more } = capList(ids, max);
  const text = shown.map((id) => `\`${shortName(id)}\``).join(', ');
  return more > 0 ? `${text} +${more} more` : text;
}

function diagnosticsSection(diagnostics: Diagnostic[]): string[] {
  if (diagnostics.length === 0) return [];
  const lines = ['', `#### Compiler diagnostics (${diagnostics.length})`, ''];
  for (const d of diagnostics) {
    const where = d.line === undefined ? d.file : `${d.file}:${d.line}`;
    lines.push(`- ${SEVERITY_ICON[d.severity] ?? ''} \`${where}\` \`${d.code}\` ${inline(d.message)}`);
  }
  return lines;
}

/** Cuts whole lines (list items, table rows) so that the note fits within the limit too. */
function truncate(lines: string[], maxChars: number): string {
  const full = lines.join('\n') + '\n';
  if (full.length <= maxChars) return full;
  const note = (omitted: number): string =>
    `\n---\n_Truncated: ${plural(omitted, 'more line')} did not fit the check summary's ${maxChars.toLocaleString('en-US')}-character budget. ` +
    'Run `dbt-steward check --format text` (or `json`) for the whole report._\n';
  const budget = maxChars - note(lines.length).length;
  let used = 0;
  let kept = 0;
  while (kept < lines.length && used + (lines[kept] as string).length + 1 <= budget) {
    used += (lines[kept] as string).length + 1;
    kept++;
  }
  return lines.slice(0, kept).join('\n') + '\n' + note(lines.length - kept);
}

/** One line of Markdown: no newlines, no raw HTML, no table-breaking pipes. */
function inline(text: string): string {
  return text
    .replace(/\r?\n+/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|');
}

function cell(text: string): string {
  return inline(text);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
