// One review of one pull request, end to end: changed files -> trees -> config from the default branch ->
// blobs -> the engine (the same as `dbt-steward check`) -> planReview -> applyReviewPlan. Whatever happens, the
// check run ends completed: errors become a `neutral` run that explains, never a run stuck in progress.
import { isDbtInput, projectDirsOf } from '../dbt/source.js';
import type { CheckInput } from '../check.js';
import type { Report } from '../report/types.js';
import {
  baseDiffLinesOf,
  describeConfigChange,
  diffLinesOf,
  planReview,
  type Annotation,
  type RuleDoc,
} from '../review/index.js';
import { applyReviewPlan } from './apply.js';
import { repositoryParseCache, type GitHubCache } from './cache.js';
import { completeCheckRun, existingAnnotations, findCheckRun, startCheckRun } from './check-run.js';
import { CONFIG_PATH, configTextReader, loadPolicy, parseProposedPolicy, type ReadConfig } from './config.js';
import { treeOf, UnreachableCommitError } from './files.js';
import type { Octokit } from './octokit.js';
import { compareTrees, listChangedFiles, mergeBaseOf, touchedPaths } from './pull-files.js';
import { gitHubFileSource } from './source.js';
import { projectRoots, type RepoRef, withLinksTo } from './trees.js';
import { rootsToReview } from './linked-projects.js';
import { fileMapsWithSharedFolders, rootsTouched, sharedFolders } from './shared-folders.js';
import { readReviewState } from './review-state.js';

/** The engine (src/check.ts), injected so that the App runs exactly what the CLI runs and tests can stub it. */
export type Engine = (input: CheckInput) => { report: Report };

export interface ReviewDeps {
  cache: GitHubCache;
  /** The App's id, when known (APP_ID): tells its own check runs and review requests from another App's. */
  appId?: number;
  engine: Engine;
  render: (report: Report) => string;
  rules: Readonly<Record<string, RuleDoc>>;
  now: () => Date;
}

export interface PullTarget extends RepoRef {
  number: number;
  headSha: string;
  baseSha: string;
  author: string | null;
  requested: { users: string[]; teams: string[] };
  /** From the payload; null when unknown. */
  changedFiles: number | null;
}

export interface Trigger {
  /** The run to reuse (a `check_run.rerequested` names it). */
  checkRunId: number | null;
  /** Look for our run on the head SHA first (re-runs on a SHA already reviewed). */
  findExisting: boolean;
}

export type ReviewStatus = 'reviewed' | 'no-dbt' | 'unreachable' | 'bad-config' | 'error';

export interface ReviewOutcome {
  status: ReviewStatus;
  conclusion: Report['conclusion'];
  findings: number;
  comments: number;
  outdated: number;
  resolved: number;
  annotations: number;
  reviewers: number;
}

export async function reviewPullRequest(
  octokit: Octokit,
  readConfig: ReadConfig,
  deps: ReviewDeps,
  pr: PullTarget,
  trigger: Trigger,
): Promise<ReviewOutcome> {
  const ref = { owner: pr.owner, repo: pr.repo };
  const at = () => deps.now().toISOString();
  const outcome: ReviewOutcome = {
    status: 'error',
    conclusion: 'neutral',
    findings: 0,
    comments: 0,
    outdated: 0,
    resolved: 0,
    annotations: 0,
    reviewers: 0,
  };
  const runKey = `${pr.owner}/${pr.repo}@${pr.headSha}`;
  let checkRunId = trigger.checkRunId ?? deps.cache.runs.get(runKey) ?? null;
  let completed = false;
  const finish = async (
    status: ReviewStatus,
    conclusion: Report['conclusion'],
    title: string,
    summary: string,
    annotations: Annotation[] = [],
  ) => {
    if (checkRunId === null && trigger.findExisting)
      checkRunId = await findCheckRun(octokit, ref, pr.headSha, deps.appId);
    checkRunId = await completeCheckRun(
      octokit,
      ref,
      { headSha: pr.headSha, checkRunId },
      conclusion,
      { title, summary, annotations: annotations.slice(0, 50) },
      at(),
    );
    deps.cache.runs.set(runKey, checkRunId);
    completed = true;
    Object.assign(outcome, { status, conclusion });
    return outcome;
  };

  try {
    let changed = await listChangedFiles(octokit, ref, pr.number, pr.changedFiles);
    // Nothing that could be dbt input or the policy: a success at once (a required check must never block).
    // Judged on the changed paths alone: a `target/` is skipped here only beside a dbt_project.yml the pull
    // request touches (when in doubt, the review goes on and the full listing decides).
    const changedPaths = changed && touchedPaths(changed);
    const changedDirs = projectDirsOf(changedPaths ?? []);
    if (changedPaths && !changedPaths.some((path) => isDbtInput(path, changedDirs) || path === CONFIG_PATH)) {
      return await finish('no-dbt', 'success', 'No dbt project touched', NO_DBT);
    }
    const head = await treeOf(octokit, deps.cache, ref, 'head', pr.headSha);
    // Asked only once the base is needed (cached per base and head): a pull request outside dbt never pays it.
    let baseProblem: string | null = null;
    const baseTree = async () => {
      const mergeBase = await mergeBaseOf(octokit, deps.cache, ref, pr);
      baseProblem = mergeBase.problem;
      return treeOf(octokit, deps.cache, ref, 'base', mergeBase.sha);
    };
    let base = changed ? null : await baseTree();
    changed ??= compareTrees(base ?? [], head);
    // A symbolic link reads its target: changing the target changes the link's file, in whatever project.
    let touched = withLinksTo(touchedPaths(changed), head, base ?? []);
    const listed = [...head.map((file) => file.path), ...touched];
    const listedDirs = projectDirsOf(listed);
    const allRoots = projectRoots(listed.map((path) => ({ path })));
    // Projects may read folders outside their own (`model-paths: [models, ../../sources]`): a change there is theirs.
    const shared = sharedFolders(octokit, deps.cache, ref, head, allRoots);
    const touchesRoot = () =>
      rootsTouched(
        touched.filter((path) => isDbtInput(path, listedDirs)),
        allRoots,
        shared,
      );
    let touchedRoots = await touchesRoot();
    // A removed path may be a link's target, and a removed target leaves its link out of the head tree: only the
    // base tree shows what led to it. Read at once when nothing else would be reviewed; else once it is read.
    const removes = changed.some((f) => f.status === 'removed' || f.previous_filename);
    if (base === null && removes && touchedRoots.length === 0) {
      base = await baseTree();
      touched = withLinksTo(touched, base);
      touchedRoots = await touchesRoot();
    }
    let roots = await rootsToReview(octokit, deps.cache, ref, head, touchedRoots, allRoots);
    const configFile = changed.find((file) => file.filename === CONFIG_PATH);
    if (roots.length === 0 && !configFile) return await finish('no-dbt', 'success', 'No dbt project touched', NO_DBT);

    if (checkRunId === null && trigger.findExisting)
      checkRunId = await findCheckRun(octokit, ref, pr.headSha, deps.appId);
    const reused = checkRunId !== null;
    checkRunId = await startCheckRun(octokit, ref, pr.headSha, checkRunId, at());
    deps.cache.runs.set(runKey, checkRunId);

    const policy = await loadPolicy(configTextReader(octokit, pr.owner, pr.repo), readConfig);
    if (!policy.config) {
      // Where each problem is: the file's line (a merged `_extends` chain has none), and the repository when the
      // file is the organisation's.
      const from = policy.repository && policy.repository !== `${pr.owner}/${pr.repo}` ? ` (${policy.repository})` : '';
      const list = policy.diagnostics
        .map((d) => `- \`${d.line === undefined ? d.file : `${d.file}:${d.line}`}\`${from} ${d.message}`)
        .join('\n');
      return await finish('bad-config', 'neutral', 'Policy config is invalid', `${BAD_CONFIG}\n\n${list}`);
    }

    if (base === null) {
      base = await baseTree();
      if (removes) {
        touched = withLinksTo(touched, base);
        const linkedRoots = await touchesRoot();
        if (linkedRoots.length > touchedRoots.length)
          roots = await rootsToReview(octokit, deps.cache, ref, head, linkedRoots, allRoots);
      }
    }
    const proposedConfig = configFile?.status === 'removed' ? [] : head.filter((file) => file.path === CONFIG_PATH);
    const trees = { base, head };
    const files = await fileMapsWithSharedFolders(
      octokit,
      deps.cache,
      ref,
      trees,
      changed,
      roots,
      proposedConfig,
      shared,
    );
    const { report } = deps.engine({
      ...files,
      config: policy.config,
      compile: { cache: repositoryParseCache(deps.cache.parse, ref) },
      // Warnings of the default branch's config (a renamed rule id...) are listed in the report.
      diagnostics: policy.diagnostics,
      today: at().slice(0, 10),
    });

    const notices: string[] = [];
    if (baseProblem !== null) {
      notices.push(
        `> **Note:** compared with the base branch as it is now, not with where this branch left it: ${baseProblem}. Changes merged into the base branch since may show up as this pull request's.`,
      );
    }
    let extraAnnotations: Annotation[] = [];
    let broken = false;
    if (configFile?.status === 'removed') notices.push(CONFIG_REMOVED);
    else if (configFile) {
      const texts = await gitHubFileSource(octokit, deps.cache, ref, pr.headSha).read([CONFIG_PATH]);
      const proposed = parseProposedPolicy(texts.get(CONFIG_PATH) ?? '');
      const change = describeConfigChange(CONFIG_PATH, policy.config, proposed.config, proposed.diagnostics);
      notices.push(change.notice);
      extraAnnotations = change.annotations;
      broken = change.broken;
    }

    const state = await readReviewState(octokit, ref, pr, report.reviewers, deps.appId);
    const plan = planReview(report, {
      headSha: pr.headSha,
      author: pr.author,
      summary: deps.render(report),
      diffLines: diffLinesOf(changed),
      baseDiffLines: baseDiffLinesOf(changed),
      ...state,
      rules: deps.rules,
      notices,
      extraAnnotations,
      ...(broken ? { conclusionFloor: 'failure' as const } : {}),
    });
    const knownAnnotations = reused ? await existingAnnotations(octokit, ref, checkRunId) : undefined;
    const applied = await applyReviewPlan(
      octokit,
      {
        ...ref,
        pullNumber: pr.number,
        checkRunId,
        completedAt: at(),
        ...(knownAnnotations ? { knownAnnotations } : {}),
      },
      plan,
    );
    completed = true;
    return Object.assign(outcome, {
      status: 'reviewed' as const,
      conclusion: plan.checkRun.conclusion,
      findings: report.findings.length,
      comments: applied.comments,
      outdated: applied.outdated,
      resolved: applied.resolved,
      annotations: applied.annotations,
      reviewers: applied.requested.teams.length + applied.requested.users.length,
    });
  } catch (error) {
    if (completed) throw error;
    if (error instanceof UnreachableCommitError) {
      return await finish('unreachable', 'neutral', 'Commit not reachable', `${error.message} ${UNREACHABLE}`);
    }
    await finish('error', 'neutral', 'dbt-steward could not finish', ERROR_TEXT).catch(() => undefined);
    throw error;
  } finally {
    if (!completed && checkRunId !== null) {
      await finish('error', 'neutral', 'dbt-steward could not finish', ERROR_TEXT).catch(() => undefined);
    }
  }
}

const NO_DBT =
  'This pull request changes no file of a dbt project (no path under a folder with a `dbt_project.yml`), so there is nothing to review.';
const BAD_CONFIG =
  'The policy config `.github/dbt-steward.yml` on the default branch (or the organisation default) does not validate, so the review did not run. Fix these problems on the default branch:';
const CONFIG_REMOVED =
  '### Policy config change\n\nThis pull request removes `.github/dbt-steward.yml`. After merge, the organisation default (the `.github` repository) or the built-in defaults apply.';
const UNREACHABLE =
  'It was probably force-pushed away or its fork was deleted. The review runs again on the next push; no findings are reported for this commit.';
const ERROR_TEXT =
  'The review stopped on an unexpected error (logged by the App with its delivery id). Re-run this check or comment `/metadata-check` to try again.';
