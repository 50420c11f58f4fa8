// Who the App asked to review a pull request before, from its events: a team or user it asked once is not asked
// again on every push. GitHub drops a team's request once a member reviews, and people remove requests they do
// not want; re-adding them after each push would undo both.
import { z } from 'zod';
import type { Octokit } from './octokit.js';
import type { RepoRef } from './trees.js';

/** What the App reads of an issue event; other events (labels, renames...) fail it and are skipped. */
const reviewRequested = z.object({
  event: z.literal('review_requested'),
  actor: z.object({ type: z.string() }).nullish(),
  performed_via_github_app: z.object({ id: z.number() }).nullish(),
  requested_team: z.object({ slug: z.string() }).nullish(),
  requested_reviewer: z.object({ login: z.string() }).nullish(),
});

/**
 * Teams and users asked to review by this App (`appId`, when known: the events name the App that acted), or by
 * any App when the id is unknown.
 */
export async function requestedByApp(
  octokit: Octokit,
  ref: RepoRef,
  pullNumber: number,
  appId?: number,
): Promise<{ teams: string[]; users: string[] }> {
  let events: unknown[];
  try {
    events = await octokit.paginate(octokit.rest.issues.listEvents, {
      ...ref,
      issue_number: pullNumber,
      per_page: 100,
    });
  } catch {
    // Without the events (an installation without Issues: read), reviews are requested as before: not worth failing
    // the review over.
    return { teams: [], users: [] };
  }
  const teams = new Set<string>();
  const users = new Set<string>();
  for (const raw of events) {
    const event = reviewRequested.safeParse(raw);
    if (!event.success) continue;
    const ours =
      appId === undefined ? event.data.actor?.type === 'Bot' : event.data.performed_via_github_app?.id === appId;
    if (!ours) continue;
    if (event.data.requested_team) teams.add(event.data.requested_team.slug);
    if (event.data.requested_reviewer) users.add(event.data.requested_reviewer.login);
  }
  return { teams: [...teams], users: [...users] };
}
