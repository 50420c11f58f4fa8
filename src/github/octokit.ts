// The Octokit the App talks to GitHub with (Probot's, authenticated as the installation), a request counter,
// and the HTTP status of a failed request (so callers branch on 404/422 without `any`).
import type { ProbotOctokit } from 'probot';

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Counts every HTTP request the octokit sends from now on (REST pages and GraphQL alike). */
export function countRequests(octokit: Octokit): { readonly count: number } {
  const counter = { count: 0 };
  octokit.hook.before('request', () => {
    counter.count += 1;
  });
  return counter;
}

/** The HTTP status of an Octokit RequestError, or null for anything else. */
export function statusOf(error: unknown): number | null {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : null;
  }
  return null;
}

/** A message that is safe to log and show: no request headers (they carry the token), no stack. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status === null ? message : `HTTP ${status}: ${message.split('\n')[0] ?? ''}`;
}
