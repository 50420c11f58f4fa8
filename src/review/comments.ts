// Inline comment bodies and the hidden marker that ties a comment to its finding's fingerprint, so that a later
// run neither repeats a comment nor leaves one standing for a finding that is gone.
import type { Finding } from '../policy/rule.js';
import { clip, MESSAGE_CHARS, type RuleDoc } from './types.js';

const ACTIVE = /<!-- dbt-steward:finding:([^ ]+) -->/;
const OUTDATED = /<!-- dbt-steward:outdated:([^ ]+) -->/;

/** The marker a comment for this fingerprint carries (fingerprints are URI-encoded to stay inside the comment). */
export function findingMarker(fingerprint: string): string {
  return `<!-- dbt-steward:finding:${encodeURIComponent(fingerprint)} -->`;
}

/** The fingerprint of a live dbt-steward comment, or null (someone else's comment, or one marked outdated). */
export function activeFingerprint(body: string): string | null {
  if (OUTDATED.test(body)) return null;
  const match = ACTIVE.exec(body);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

const LEVEL: Record<Finding['severity'], string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

/** The comment for one finding: rule, message, why, fix, and a suggestion block when the fix is mechanical. */
export function commentBody(finding: Finding, doc: RuleDoc | undefined, withSuggestion: boolean): string {
  const rule = doc?.url ? `[\`${finding.rule}\`](${doc.url})` : `\`${finding.rule}\``;
  const parts = [`**${LEVEL[finding.severity]} · ${rule}**`, '', clip(finding.message, MESSAGE_CHARS)];
  if (doc) parts.push('', `**Why it matters:** ${doc.rationale}`, '', `**How to fix:** ${doc.fix}`);
  if (withSuggestion && finding.suggestion) {
    // A fence longer than any backtick run in the text keeps a suggestion that contains ``` intact.
    const longest = Math.max(2, ...(finding.suggestion.text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    parts.push('', `${fence}suggestion`, finding.suggestion.text.replace(/\n$/, ''), fence);
  }
  parts.push('', findingMarker(finding.fingerprint));
  return parts.join('\n');
}

/** The new body of a comment whose finding is gone: says so, and keeps the old text folded away. */
export function outdatedBody(body: string, fingerprint: string, headSha: string): string {
  // The old suggestion turns into a plain code block: it must not be applied any more.
  const old = body
    .replace(ACTIVE, '')
    .replace(/^(`{3,})suggestion$/gm, '$1')
    .trim();
  return [
    `> **Outdated:** this finding is gone as of ${headSha.slice(0, 7)}.`,
    '',
    '<details><summary>Original comment</summary>',
    '',
    old,
    '',
    '</details>',
    '',
    `<!-- dbt-steward:outdated:${encodeURIComponent(fingerprint)} -->`,
  ].join('\n');
}
