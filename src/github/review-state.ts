// What a pull request already holds that the review plan must know, read from GitHub: the App's earlier inline
// comments, who has reviewed, and whom the App or people asked to review. Each is asked only when it can matter.
import type { Report } from '../report/types.js';
import type { Octokit } from './octokit.js';
import { requestedByApp } from './requested.js';
import type { RepoRef } from './trees.js';

export interface ReviewState {
  existingComments: Array<{ id: number; body: string }>;
  reviewedBy: string[];
  alreadyRequested: { teams: string[]; users: string[] };
}

export async function readReviewState(
  octokit: Octokit,
  ref: RepoRef,
  pr: { number: number; requested: { users: string[]; teams: string[] } },
  reviewers: Report['reviewers'],
  appId: number | undefined,
): Promise<ReviewState> {
  const existingComments = (
    await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...ref, pull_number: pr.number, per_page: 100 })
  )
    // Only comments by Apps can be ours: a person quoting our marker must not have their comment edited.
    .filter((comment) => comment.user?.type === 'Bot')
    .map((comment) => ({ id: comment.id, body: comment.body }));
  const reviewedBy =
    reviewers.users.length === 0
      ? []
      : (await octokit.paginate(octokit.rest.pulls.listReviews, { ...ref, pull_number: pr.number, per_page: 100 }))
          .map((review) => review.user?.login)
          .filter((login): login is string => typeof login === 'string');

  // Asked only when there is someone new to request: most pushes after the first need no such request.
  const lower = (names: string[]) => new Set(names.map((name) => name.toLowerCase()));
  const [pendingTeams, pendingUsers] = [lower(pr.requested.teams), lower(pr.requested.users)];
  const someoneNew =
    reviewers.teams.some((team) => !pendingTeams.has(team.toLowerCase())) ||
    reviewers.users.some((user) => !pendingUsers.has(user.toLowerCase()));
  const before = someoneNew ? await requestedByApp(octokit, ref, pr.number, appId) : { teams: [], users: [] };
  return {
    existingComments,
    reviewedBy,
    alreadyRequested: {
      teams: [...pr.requested.teams, ...before.teams],
      users: [...pr.requested.users, ...before.users],
    },
  };
}
