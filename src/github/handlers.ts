// The Probot handlers: webhook payload -> the pull request to review -> reviewPullRequest, and one structured
// log line per review. A handler never throws on a payload: odd or partial payloads are logged and skipped.
import type { ApplicationFunction, Context, Probot } from 'probot';
import { helpText, parseCommand } from '../commands/index.js';
import { rules } from '../policy/rules/index.js';
import { ruleDocUrl } from '../report/render/common.js';
import type { Report } from '../report/types.js';
import { CHECK_RUN_NAME, type RuleDoc } from '../review/index.js';
import { createCache, type GitHubCache } from './cache.js';
import { findOwnRun, settleSupersededRun, type OwnRun } from './check-run.js';
import { countRequests, describeError, type Octokit } from './octokit.js';
import { ReviewQueue } from '../service/queue.js';
import { reviewPullRequest, type Engine, type PullTarget, type Trigger } from './review.js';
import {
  checkRunEvent,
  checkSuiteEvent,
  issueCommentEvent,
  payloadProblems,
  pullRequestEvent,
  pullSchema,
  type PullLike,
} from './payloads.js';
import type { z } from 'zod';

export interface AppOptions {
  engine: Engine;
  /** The App's id (APP_ID): tells its own check runs and review requests from another App's. */
  appId?: number;
  render: (report: Report) => string;
  /** Shared between deliveries; one per process by default. */
  cache?: GitHubCache;
  /** Serialises and coalesces reviews per pull request; one per process by default (2 at once). */
  queue?: ReviewQueue;
  now?: () => Date;
}

const PULL_REQUEST_ACTIONS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
] as const;

export function createApp(options: AppOptions): ApplicationFunction {
  const deps = {
    cache: options.cache ?? createCache(),
    ...(options.appId === undefined ? {} : { appId: options.appId }),
    engine: options.engine,
    render: options.render,
    rules: Object.fromEntries(
      rules.map((rule) => [
        rule.meta.id,
        { rationale: rule.meta.rationale, fix: rule.meta.fix, url: ruleDocUrl(rule.meta.id) },
      ]),
    ) as Record<string, RuleDoc>,
    now: options.now ?? (() => new Date()),
    queue: options.queue ?? new ReviewQueue({ concurrency: 2 }),
  };

  return (app: Probot) => {
    // `started` and `requests` are taken when the event arrives, so a `pulls.get` before the review counts too.
    const review = async (
      context: Context,
      pull: PullLike | null,
      trigger: Trigger,
      requests: { count: number },
      started: number,
    ) => {
      if (pull?.state !== 'open') return;
      const { owner, repo } = context.repo();
      const key = `${owner}/${repo}#${pull.number}`;
      // One review per pull request at a time; a newer event replaces one still waiting (see ReviewQueue).
      const queued = await deps.queue.run(key, async () => {
        let log: Record<string, unknown> = { event: context.name };
        try {
          const target = toTarget(context, pull);
          log = {
            repo: `${target.owner}/${target.repo}`,
            pr: target.number,
            headSha: target.headSha,
            event: context.name,
          };
          const outcome = await reviewPullRequest(
            context.octokit,
            (file) => context.config(file),
            deps,
            target,
            trigger,
          );
          context.log.info(
            { ...log, ...outcome, durationMs: deps.now().getTime() - started, githubRequests: requests.count },
            'dbt-steward review',
          );
        } catch (error) {
          context.log.error(
            {
              ...log,
              error: describeError(error),
              durationMs: deps.now().getTime() - started,
              githubRequests: requests.count,
            },
            'dbt-steward review failed',
          );
        }
      });
      if (queued === 'superseded') {
        context.log.info(
          { repo: `${owner}/${repo}`, pr: pull.number, event: context.name, status: 'superseded' },
          'dbt-steward review',
        );
      }
    };

    const settle = (context: Context, run: OwnRun, headSha: string) =>
      safely(context, () =>
        settleSupersededRun(context.octokit as Octokit, context.repo(), run, headSha, deps.now().toISOString()),
      );

    const begin = (context: Context) => ({ requests: countRequests(context.octokit), started: deps.now().getTime() });

    app.on([...PULL_REQUEST_ACTIONS], async (context) => {
      const payload = parsed(context, pullRequestEvent);
      if (!payload) return;
      const { requests, started } = begin(context);
      // A new head SHA has no run of ours yet; reopened / ready_for_review may, and it is reused.
      const fresh = payload.action === 'opened' || payload.action === 'synchronize';
      const trigger = { checkRunId: null, findExisting: !fresh };
      await review(context, payload.pull_request, trigger, requests, started);
    });

    app.on('check_run.rerequested', async (context) => {
      const run = parsed(context, checkRunEvent)?.check_run;
      if (run?.name !== CHECK_RUN_NAME) return;
      const { requests, started } = begin(context);
      const pull = await fetchPull(context, run.pull_requests[0]?.number);
      // "Re-run" on an older commit's run: the pull request now merges its head, which is reviewed in the head's
      // own run; the old run keeps its commit's result (the head's would misreport that commit), completed again
      // so that its check suite, which GitHub set back to queued, is not left so.
      const current = pull === null || pull.head.sha === run.head_sha;
      if (!current) await settle(context, { id: run.id, conclusion: run.conclusion ?? null }, pull.head.sha);
      const trigger = current ? { checkRunId: run.id, findExisting: false } : { checkRunId: null, findExisting: true };
      await review(context, pull, trigger, requests, started);
    });

    app.on('check_suite.rerequested', async (context) => {
      const suite = parsed(context, checkSuiteEvent)?.check_suite;
      if (!suite) return;
      const { requests, started } = begin(context);
      const pull = await fetchPull(context, suite.pull_requests[0]?.number);
      // An older commit's suite: its run (if any) is completed again, as for a re-run of that run.
      if (pull !== null && pull.head.sha !== suite.head_sha) {
        const old = await safely(context, () =>
          findOwnRun(context.octokit as Octokit, context.repo(), suite.head_sha, deps.appId),
        );
        if (old) await settle(context, old, pull.head.sha);
      }
      await review(context, pull, { checkRunId: null, findExisting: true }, requests, started);
    });

    app.on('issue_comment.created', async (context) => {
      const payload = parsed(context, issueCommentEvent);
      if (!payload) return;
      const { issue, comment, sender } = payload;
      // Only pull request comments by people: the App's own comments must never trigger it.
      if (!issue.pull_request || sender.type === 'Bot') return;
      const command = parseCommand(comment.body ?? '');
      if (!command) return;
      if (command.kind !== 'check') {
        await safely(context, () =>
          context.octokit.rest.issues.createComment(
            context.issue({ body: helpText(command.kind === 'unknown' ? command.name : undefined) }),
          ),
        );
        return;
      }
      const { requests, started } = begin(context);
      const pull = await fetchPull(context, issue.number);
      await review(context, pull, { checkRunId: null, findExisting: true }, requests, started);
    });
  };
}

async function fetchPull(context: Context, pullNumber: number | undefined): Promise<PullLike | null> {
  // A check run of a pull request from a fork lists no pull requests: there is nothing to re-run it on.
  if (pullNumber === undefined) {
    context.log.info(
      { event: context.name },
      'dbt-steward: no pull request in the payload; comment /metadata-check on it instead',
    );
    return null;
  }
  return safely(context, async () => {
    const { data } = await (context.octokit as Octokit).rest.pulls.get(context.repo({ pull_number: pullNumber }));
    const pull = pullSchema.safeParse(data);
    if (pull.success) return pull.data;
    context.log.warn({ event: context.name, problems: payloadProblems(pull.error) }, 'dbt-steward: odd pull request');
    return null;
  });
}

/** The payload, when it has what the handler reads; otherwise null, and a warning saying what was missing. */
function parsed<T>(context: Context, schema: z.ZodType<T>): T | null {
  const result = schema.safeParse(context.payload);
  if (result.success) return result.data;
  context.log.warn({ event: context.name, problems: payloadProblems(result.error) }, 'dbt-steward: payload skipped');
  return null;
}

async function safely<T>(context: Context, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    context.log.error({ event: context.name, error: describeError(error) }, 'dbt-steward: GitHub request failed');
    return null;
  }
}

function toTarget(context: Context, pull: PullLike): PullTarget {
  const { owner, repo } = context.repo();
  return {
    owner,
    repo,
    number: pull.number,
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    author: pull.user?.login ?? null,
    requested: {
      users: (pull.requested_reviewers ?? []).flatMap((r) => (r?.login ? [r.login] : [])),
      teams: (pull.requested_teams ?? []).flatMap((t) => (t?.slug ? [t.slug] : [])),
    },
    changedFiles: pull.changed_files ?? null,
  };
}
