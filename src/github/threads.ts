// Resolves the review threads of comments whose finding is gone, so GitHub folds them away. The REST API has no
// threads; GraphQL does: one query maps comment ids to thread ids, one mutation (aliases) resolves them all.
import type { Octokit } from './octokit.js';
import type { RepoRef } from './trees.js';

/** Threads looked at: more than this many review threads on one pull request are left as they are. */
const THREADS_PER_QUERY = 100;

interface ThreadsResponse {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: Array<{ id: string; isResolved: boolean; comments: { nodes: Array<{ databaseId: number | null }> } }>;
      };
    } | null;
  } | null;
}

/** Resolves the threads that start with the given comments; returns how many it resolved. */
export async function resolveThreads(
  octokit: Octokit,
  ref: RepoRef,
  pullNumber: number,
  commentIds: readonly number[],
): Promise<number> {
  if (commentIds.length === 0) return 0;
  const wanted = new Set(commentIds);
  const data = await octokit.graphql<ThreadsResponse>(
    `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: ${THREADS_PER_QUERY}) {
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`,
    { owner: ref.owner, name: ref.repo, number: pullNumber },
  );
  const threads = (data.repository?.pullRequest?.reviewThreads.nodes ?? []).filter(
    (thread) => !thread.isResolved && wanted.has(thread.comments.nodes[0]?.databaseId ?? -1),
  );
  if (threads.length === 0) return 0;
  const mutations = threads
    .map(
      (thread, i) => `r${i}: resolveReviewThread(input: { threadId: ${JSON.stringify(thread.id)} }) { thread { id } }`,
    )
    .join('\n  ');
  await octokit.graphql(`mutation {\n  ${mutations}\n}`);
  return threads.length;
}
