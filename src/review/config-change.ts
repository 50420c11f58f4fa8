// The notice for a pull request that edits `.github/dbt-steward.yml`: the policy that reviews a pull request
// comes from the default branch, so the edit takes effect only after merge. The notice says what will change.
import type { Diagnostic } from '../dbt/types.js';
import type { PolicyConfig } from '../policy/config.js';
import type { Annotation } from './types.js';

/** Lists beyond this many changed settings are cut short. */
const MAX_CHANGES = 20;

export interface ConfigChange {
  /** Markdown section for the top of the check run summary. */
  notice: string;
  /** The head config's diagnostics, at their lines in the config file. */
  annotations: Annotation[];
  /** True when the head config does not validate: the check fails so that a broken config does not land. */
  broken: boolean;
}

export function describeConfigChange(
  path: string,
  current: PolicyConfig,
  proposed: PolicyConfig | null,
  diagnostics: Diagnostic[],
): ConfigChange {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const annotations: Annotation[] = diagnostics.map((d) => ({
    path: d.file || path,
    start_line: Math.max(1, d.line ?? 1),
    end_line: Math.max(1, d.line ?? 1),
    annotation_level: d.severity === 'error' ? 'failure' : d.severity === 'warning' ? 'warning' : 'notice',
    title: `config: ${d.code}`,
    message: d.message,
  }));
  const lines = [`### Policy config change`, ''];
  if (proposed === null || errors.length > 0) {
    lines.push(
      `This pull request edits \`${path}\`, and the new config does not validate (${errors.length} error${errors.length === 1 ? '' : 's'}, annotated on the file). Merging it would leave the repository without a valid policy.`,
    );
    return { notice: lines.join('\n'), annotations, broken: true };
  }
  const changes = changedSettings(current, proposed);
  lines.push(
    `This pull request edits \`${path}\`. It was reviewed with the policy on the default branch; the new one takes effect after merge.`,
  );
  if (changes.length === 0) lines.push('', 'The effective policy does not change.');
  else {
    lines.push('', 'What changes after merge:', '');
    for (const change of changes.slice(0, MAX_CHANGES)) lines.push(`- ${change}`);
    if (changes.length > MAX_CHANGES) lines.push(`- … and ${changes.length - MAX_CHANGES} more`);
  }
  return { notice: lines.join('\n'), annotations, broken: false };
}

/** Dotted paths whose effective value differs, as `path: before → after`. Arrays compare as a whole. */
export function changedSettings(before: unknown, after: unknown, prefix = ''): string[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedSettings(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [`\`${prefix}\`: ${show(before)} → ${show(after)}`];
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : `\`${JSON.stringify(value)}\``;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
