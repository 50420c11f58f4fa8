// Comment commands: `/metadata-check` on a pull request re-runs the review. Pure: text in, Command out.
// A command is a line of its own; quoted lines (`>`) and code blocks are ignored, so replying to or
// documenting a command does not trigger it.

export type Command =
  | { kind: 'check' }
  | { kind: 'help' }
  /** `/metadata-<name>` that dbt-steward does not know: answered with the help text. */
  | { kind: 'unknown'; name: string };

const COMMAND = /^\/metadata-([a-z][a-z-]*)\b/i;
const FENCE = /^(`{3,}|~{3,})/;

/** The first command in a comment body, or null when the comment has none. */
export function parseCommand(body: string): Command | null {
  let fence: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    const marker = FENCE.exec(line)?.[1];
    if (marker) {
      if (fence === null) fence = marker;
      else if (marker.startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null || line.startsWith('>')) continue;
    const match = COMMAND.exec(line);
    if (!match?.[1]) continue;
    const name = match[1].toLowerCase();
    if (name === 'check' || name === 'review') return { kind: 'check' };
    if (name === 'help') return { kind: 'help' };
    return { kind: 'unknown', name };
  }
  return null;
}

/** The reply to `/metadata-help` and to an unknown command. */
export function helpText(unknown?: string): string {
  const lines = [];
  if (unknown) lines.push(`dbt-steward does not know \`/metadata-${unknown}\`.`, '');
  lines.push(
    'Commands (a line of their own in a pull request comment):',
    '',
    '- `/metadata-check`: review the pull request again with the policy on the default branch.',
    '- `/metadata-help`: show this list.',
  );
  return lines.join('\n');
}
