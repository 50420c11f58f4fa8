// The `dbt-steward` check run on the head SHA: started `in_progress` at once, completed at the end, and reused
// when the same head SHA is reviewed again. Annotations on a check run only ever append, so a re-run sends
// only the ones the run does not have yet.
import { CHECK_RUN_NAME, type Annotation, type CheckRunOutput } from '../review/index.js';
import type { Conclusion } from '../report/types.js';
import type { Octokit } from './octokit.js';
import type { RepoRef } from './trees.js';

/**
 * Set on every run the App creates: another App's run, or a workflow job's, may be named `dbt-steward` too (the
 * README's GitHub Actions example is), and updating it would fail (403) or overwrite what is not ours.
 */
export const CHECK_RUN_EXTERNAL_ID = 'dbt-steward';

/** One of our runs as a listing or a webhook shows it: its id and how it concluded (null while unfinished). */
export interface OwnRun {
  id: number;
  conclusion: string | null;
}

/**
 * Our latest check run on the commit, or null. `appId` (the App's id, when known) narrows the listing to this
 * App's runs: another install of dbt-steward (a staging App) sets the same external_id.
 */
export async function findOwnRun(
  octokit: Octokit,
  ref: RepoRef,
  headSha: string,
  appId?: number,
): Promise<OwnRun | null> {
  const { data } = await octokit.rest.checks.listForRef({
    ...ref,
    ref: headSha,
    check_name: CHECK_RUN_NAME,
    filter: 'latest',
    per_page: 100,
    ...(appId === undefined ? {} : { app_id: appId }),
  });
  const run = data.check_runs.find((candidate) => candidate.external_id === CHECK_RUN_EXTERNAL_ID);
  return run === undefined ? null : { id: run.id, conclusion: run.conclusion ?? null };
}

/** The id of our latest check run on the commit, or null. */
export async function findCheckRun(
  octokit: Octokit,
  ref: RepoRef,
  headSha: string,
  appId?: number,
): Promise<number | null> {
  return (await findOwnRun(octokit, ref, headSha, appId))?.id ?? null;
}

// What a run may be completed with (`stale` is GitHub's own: an App cannot set it).
const SETTABLE = new Set(['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out']);
type Settable = 'action_required' | 'cancelled' | 'failure' | 'neutral' | 'success' | 'skipped' | 'timed_out';

/**
 * "Re-run" on a commit that is no longer the pull request's head: GitHub sets that commit's check suite back to
 * queued, and it stays queued until a run in it is updated. The head is reviewed in its own run; the old run is
 * completed again with the conclusion it had for its commit, its report untouched. A run that never finished is
 * closed as not reviewed, naming the head that was.
 */
export async function settleSupersededRun(
  octokit: Octokit,
  ref: RepoRef,
  run: OwnRun,
  headSha: string,
  completedAt: string,
): Promise<void> {
  const fields = { ...ref, check_run_id: run.id, status: 'completed' as const, completed_at: completedAt };
  if (run.conclusion !== null && SETTABLE.has(run.conclusion)) {
    await octokit.rest.checks.update({ ...fields, conclusion: run.conclusion as Settable });
    return;
  }
  const summary = `This commit is no longer the head of its pull request: the review ran on ${headSha.slice(0, 7)}, in that commit's own run.`;
  await octokit.rest.checks.update({
    ...fields,
    conclusion: 'neutral',
    output: { title: 'Not reviewed: superseded', summary },
  });
}

/** Marks the run in progress (creating it when there is none) and returns its id. */
export async function startCheckRun(
  octokit: Octokit,
  ref: RepoRef,
  headSha: string,
  existing: number | null,
  startedAt: string,
): Promise<number> {
  if (existing !== null) {
    await octokit.rest.checks.update({ ...ref, check_run_id: existing, status: 'in_progress', started_at: startedAt });
    return existing;
  }
  const { data } = await octokit.rest.checks.create({
    ...ref,
    name: CHECK_RUN_NAME,
    external_id: CHECK_RUN_EXTERNAL_ID,
    head_sha: headSha,
    status: 'in_progress',
    started_at: startedAt,
  });
  return data.id;
}

/**
 * Completes a run in one request, creating it when there is none (the short paths: nothing to review, errors);
 * returns its id.
 */
export async function completeCheckRun(
  octokit: Octokit,
  ref: RepoRef,
  target: { headSha: string; checkRunId: number | null },
  conclusion: Conclusion,
  output: CheckRunOutput,
  completedAt: string,
): Promise<number> {
  const fields = { status: 'completed' as const, conclusion, completed_at: completedAt, output };
  if (target.checkRunId !== null) {
    await octokit.rest.checks.update({ ...ref, check_run_id: target.checkRunId, ...fields });
    return target.checkRunId;
  }
  const create = { ...ref, name: CHECK_RUN_NAME, external_id: CHECK_RUN_EXTERNAL_ID, head_sha: target.headSha };
  const { data } = await octokit.rest.checks.create({ ...create, ...fields });
  return data.id;
}

/** Keys of the annotations a run already has, so that a re-run does not add them twice. */
export async function existingAnnotations(octokit: Octokit, ref: RepoRef, checkRunId: number): Promise<Set<string>> {
  const annotations = await octokit.paginate(octokit.rest.checks.listAnnotations, {
    ...ref,
    check_run_id: checkRunId,
    per_page: 100,
  });
  return new Set(
    annotations.map((a) =>
      annotationKey({
        path: a.path,
        start_line: a.start_line,
        end_line: a.end_line,
        annotation_level: (a.annotation_level ?? 'notice') as Annotation['annotation_level'],
        title: a.title ?? '',
        message: a.message ?? '',
      }),
    ),
  );
}

export function annotationKey(a: Annotation): string {
  return [a.path, a.start_line, a.annotation_level, a.title, a.message].join('\u0000');
}
