// Prints what the App posted to the API double: the check run with its annotations, the review comments with
// path and line, the requested reviewers, and the request count of the review.
import type { DoubleState } from '../github-double/state.js';

const MAX_LINES = 40;

export function printReview(state: DoubleState, title: string, requests: number, tokenRequests: number): void {
  const out: string[] = [`\n== ${title} ==`];
  const run = state.checkRuns.at(-1);
  if (!run) out.push('  no check run');
  else {
    out.push(
      `  check run ${run.name} #${run.id} on ${run.head_sha.slice(0, 7)}: ${run.status} / ${run.conclusion ?? '-'}: "${run.output.title ?? ''}" (${run.updates} requests to it)`,
    );
    const headline = (run.output.summary ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
    out.push(`  summary: ${oneLine(headline)} (${(run.output.summary ?? '').length} characters of markdown)`);
    out.push(`  annotations (${run.annotations.length}):`);
    for (const a of run.annotations.slice(0, MAX_LINES)) {
      out.push(
        `    ${String(a.annotation_level).padEnd(7)} ${String(a.path)}:${String(a.start_line)}  ${String(a.title)}: ${oneLine(String(a.message))}`,
      );
    }
    if (run.annotations.length > MAX_LINES) out.push(`    … ${run.annotations.length - MAX_LINES} more`);
  }
  out.push(
    `  review comments (${state.comments.length} in ${state.reviews.length} review${state.reviews.length === 1 ? '' : 's'}):`,
  );
  for (const c of state.comments.slice(0, MAX_LINES)) {
    const rule = /`([a-z-]+\/[a-z0-9-]+)`/.exec(c.body)?.[1] ?? '';
    const flags = [
      c.body.includes('```suggestion') ? 'suggestion' : '',
      c.body.includes('**Outdated:**') ? 'outdated' : '',
      c.resolved ? 'resolved' : '',
    ].filter(Boolean);
    out.push(`    ${c.path}:${c.line}  ${rule}${flags.length ? ` [${flags.join(', ')}]` : ''}`);
  }
  const { teams, users } = state.requested;
  out.push(
    `  requested reviewers: teams ${teams.length ? teams.join(', ') : '-'}; users ${users.length ? users.join(', ') : '-'}`,
  );
  out.push(
    `  GitHub requests for this review: ${requests}${tokenRequests ? ` (+${tokenRequests} installation token)` : ''}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 110 ? `${line.slice(0, 107)}...` : line;
}
