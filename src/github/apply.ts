// applyReviewPlan: sends a ReviewPlan to GitHub and decides nothing itself. Order: the review and its inline
// comments, outdated comments (edited, their threads resolved), review requests, then the check run (extra
// annotation batches first, the completing request last, so a run never shows completed with half its annotations).
import type { CheckRunOutput, ReviewPlan } from '../review/index.js';
import { annotationKey } from './check-run.js';
import { describeError, statusOf, type Octokit } from './octokit.js';
import { resolveThreads } from './threads.js';
import type { RepoRef } from './trees.js';

/** GitHub rejects a check run summary longer than this. */
const SUMMARY_LIMIT = 65_535;

export interface ApplyTarget extends RepoRef {
  pullNumber: number;
  checkRunId: number;
  /** Annotations the check run already has (a re-run on the same head SHA); they are not sent again. */
  knownAnnotations?: ReadonlySet<string>;
  completedAt: string;
}

export interface ApplyResult {
  comments: number;
  outdated: number;
  /** Review threads of outdated comments that were resolved. */
  resolved: number;
  requested: { teams: string[]; users: string[] };
  /** Reviewers GitHub refused (no access, unknown slug, not a collaborator): reported, not an error. */
  unrequestable: string[];
  annotations: number;
  /** Problems that did not stop the review, shown in the summary. */
  problems: string[];
}

export async function applyReviewPlan(octokit: Octokit, target: ApplyTarget, plan: ReviewPlan): Promise<ApplyResult> {
  const ref = { owner: target.owner, repo: target.repo };
  const result: ApplyResult = {
    comments: 0,
    outdated: 0,
    resolved: 0,
    requested: { teams: [], users: [] },
    unrequestable: [],
    annotations: 0,
    problems: [],
  };

  if (plan.review) {
    try {
      await octokit.rest.pulls.createReview({
        ...ref,
        pull_number: target.pullNumber,
        commit_id: plan.checkRun.headSha,
        event: 'COMMENT',
        body: plan.review.body,
        comments: plan.review.comments,
      });
      result.comments = plan.review.comments.length;
    } catch (error) {
      // 422: the diff moved under us (a newer push); the next run comments on the new diff.
      if (statusOf(error) !== 422) throw error;
      result.problems.push(`Inline comments could not be posted (${describeError(error)}); see the annotations.`);
    }
  }

  const edited: number[] = [];
  for (const comment of plan.outdated) {
    // Another App's comment with our marker (403), or one deleted meanwhile (404): leave it.
    if (
      await accepted(
        () => octokit.rest.pulls.updateReviewComment({ ...ref, comment_id: comment.id, body: comment.body }),
        [403, 404],
      )
    ) {
      edited.push(comment.id);
    }
  }
  result.outdated = edited.length;
  try {
    result.resolved = await resolveThreads(octokit, ref, target.pullNumber, edited);
  } catch (error) {
    // The comments already say they are outdated; an unresolved thread only takes more room.
    result.problems.push(`Threads of outdated comments could not be resolved (${describeError(error)}).`);
  }

  await requestReviewers(octokit, ref, target.pullNumber, plan.reviewers, result);

  const note = notes(result);
  const outputs = plan.checkRun.outputs
    .map((output) => ({
      ...output,
      // Notes go first so that cutting to GitHub's limit never drops them.
      summary: (note ? `${note}\n\n${output.summary}` : output.summary).slice(0, SUMMARY_LIMIT),
      annotations: output.annotations.filter((a) => !target.knownAnnotations?.has(annotationKey(a))),
    }))
    .filter((output, i) => i === 0 || output.annotations.length > 0);
  const [first, ...rest] = outputs as [CheckRunOutput, ...CheckRunOutput[]];
  for (const output of rest) {
    await octokit.rest.checks.update({ ...ref, check_run_id: target.checkRunId, output });
    result.annotations += output.annotations.length;
  }
  await octokit.rest.checks.update({
    ...ref,
    check_run_id: target.checkRunId,
    status: 'completed',
    conclusion: plan.checkRun.conclusion,
    completed_at: target.completedAt,
    output: first,
  });
  result.annotations += first.annotations.length;
  return result;
}

async function requestReviewers(
  octokit: Octokit,
  ref: RepoRef,
  pullNumber: number,
  wanted: ReviewPlan['reviewers'],
  result: ApplyResult,
): Promise<void> {
  if (wanted.teams.length === 0 && wanted.users.length === 0) return;
  const request = (users: string[], teams: string[]) =>
    octokit.rest.pulls.requestReviewers({ ...ref, pull_number: pullNumber, reviewers: users, team_reviewers: teams });
  try {
    await request(wanted.users, wanted.teams);
    result.requested = { teams: [...wanted.teams], users: [...wanted.users] };
    return;
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
  }
  // GitHub refuses the whole request for one bad entry: ask one at a time to find which.
  for (const team of wanted.teams) {
    if (await accepted(() => request([], [team]))) result.requested.teams.push(team);
    else result.unrequestable.push(`team \`${team}\``);
  }
  for (const user of wanted.users) {
    if (await accepted(() => request([user], []))) result.requested.users.push(user);
    else result.unrequestable.push(`@${user}`);
  }
}

/** Whether GitHub accepted the request; a refusal with one of the expected statuses is a `false`, not an error. */
async function accepted(send: () => Promise<unknown>, refusals: number[] = [422]): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (!refusals.includes(statusOf(error) ?? 0)) throw error;
    return false;
  }
}

function notes(result: ApplyResult): string {
  const lines = [...result.problems];
  if (result.unrequestable.length > 0) {
    lines.push(
      `Could not request review from ${result.unrequestable.join(', ')}: the App cannot see them (unknown slug, no access to the repository, or not a collaborator). Check \`teams\` in the policy config.`,
    );
  }
  return lines.join('\n\n');
}
