import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import { commentPayload } from '../../scripts/github-double/payloads.js';
import { createCache } from '../../src/github/cache.js';
import { findingMarker } from '../../src/review/index.js';
import {
  BASE,
  HEAD,
  changed,
  event,
  facts,
  failingReport,
  headFiles,
  opened,
  ownerFinding,
  expectFirstFetch,
  expectPostedReview,
  expectRequestEvents,
} from './fixtures.js';
import { NOW, REPO, bodyOf, calls, finish, setup, tree, type Harness } from './harness.js';

const CONFIG = '/contents/.github%2Fdbt-steward.yml';
/** A commit of pull request 2 before its head. */
const OLD = 'c'.repeat(40);
const PULL = {
  number: 2,
  state: 'open',
  head: { sha: HEAD },
  base: { sha: BASE },
  user: { login: 'Codertocat' },
  requested_reviewers: [],
  requested_teams: [{ slug: 'finance-data' }],
  changed_files: 4,
};

afterEach(() => nock.cleanAll());

function receive(harness: Harness, delivery: { id: string; name: string; payload: unknown }) {
  return harness.probot.receive(delivery as unknown as EmitterWebhookEvent);
}

/** The requests of a full cold review of the fixture pull request, with the check run `id`. */
function coldReview(harness: Harness, id: number) {
  expectPostedReview(expectFirstFetch(harness.api, id, tree(headFiles)), id, 5);
}

describe('re-running a review', () => {
  it('`/metadata-check` reuses the check run, repeats no comment, marks gone findings outdated, reads no blob twice', async () => {
    const cache = createCache();
    const first = setup(failingReport(), cache);
    coldReview(first, 77);
    await receive(first, opened());
    finish(first);

    const harness = setup(failingReport(), cache);
    const ours = {
      id: 11,
      body: `old\n${findingMarker(ownerFinding.fingerprint)}`,
      user: { login: 'dbt-steward[bot]', type: 'Bot' },
    };
    const gone = {
      id: 12,
      body: `gone\n${findingMarker('contracts/x|model.analytics.y|')}`,
      user: { login: 'dbt-steward[bot]', type: 'Bot' },
    };
    // A person quoting our marker: their comment is never touched.
    const quoted = {
      id: 13,
      body: `see\n${findingMarker('contracts/z|model.analytics.z|')}`,
      user: { login: 'bob', type: 'User' },
    };
    const known = {
      path: 'analytics/models/orders.yml',
      start_line: 4,
      end_line: 4,
      annotation_level: 'failure',
      title: ownerFinding.rule,
      message: ownerFinding.message,
    };
    harness.api
      .get(`${REPO}/pulls/2`)
      .reply(200, PULL)
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, changed)
      // The run made for this head commit is known from the first review: no need to look for it.
      .patch(`${REPO}/check-runs/77`)
      .reply(200, { id: 77 })
      .get(`${REPO}${CONFIG}`)
      .reply(404)
      .get(`/repos/Codertocat/.github${CONFIG}`)
      .reply(404)
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [ours, gone, quoted])
      .get(`${REPO}/pulls/2/reviews`)
      .query({ per_page: 100 })
      .reply(200, [])
      .patch(`${REPO}/pulls/comments/12`)
      .reply(200, {})
      // The outdated comment's thread is resolved: one query for thread ids, one mutation.
      .post('/graphql', (body: { query: string }) => body.query.includes('reviewThreads'))
      .reply(200, {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                nodes: [
                  { id: 'PRRT_11', isResolved: false, comments: { nodes: [{ databaseId: 11 }] } },
                  { id: 'PRRT_12', isResolved: false, comments: { nodes: [{ databaseId: 12 }] } },
                ],
              },
            },
          },
        },
      })
      .post('/graphql', (body: { query: string }) => body.query.includes('resolveReviewThread'))
      .reply(200, { data: { r0: { thread: { id: 'PRRT_12' } } } })
      .post(`${REPO}/pulls/2/requested_reviewers`)
      .reply(201, {})
      .get(`${REPO}/check-runs/77/annotations`)
      .query({ per_page: 100 })
      .reply(200, [known])
      .patch(`${REPO}/check-runs/77`)
      .reply(200, { id: 77 });

    expectRequestEvents(harness.api);
    await receive(harness, {
      id: 'c1',
      name: 'issue_comment',
      payload: commentPayload('/metadata-check', 'alice', facts),
    });

    // Trees and blobs come from the cache: the second review reads nothing it read before.
    expect(calls(harness).filter((c) => c.includes('/git/'))).toEqual([]);
    const graphql = harness.requests
      .filter((r) => r.path === '/graphql')
      .map((r) => (r.body as { query: string }).query);
    expect(graphql).toHaveLength(2);
    expect(graphql[1]).toContain('r0: resolveReviewThread(input: { threadId: "PRRT_12" })');
    expect(calls(harness)).not.toContain(`POST ${REPO}/pulls/2/reviews`);
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/77`, 0)).toEqual({
      status: 'in_progress',
      started_at: '2026-11-26T09:00:00.000Z',
    });
    expect(bodyOf(harness, 'PATCH', `${REPO}/pulls/comments/12`)).toEqual({
      body: expect.stringContaining('**Outdated:**'),
    });
    // finance-data is already requested; only alice (who commented, not reviewed) is asked.
    expect(bodyOf(harness, 'POST', `${REPO}/pulls/2/requested_reviewers`)).toEqual({
      reviewers: ['alice'],
      team_reviewers: [],
    });
    const completed = bodyOf(harness, 'PATCH', `${REPO}/check-runs/77`, 1) as { output: { annotations: unknown[] } };
    expect(completed.output.annotations).toEqual([expect.objectContaining({ path: 'analytics/models/orders.sql' })]);
    expect(harness.logs.find((l) => l.msg === 'dbt-steward review')).toMatchObject({
      event: 'issue_comment',
      githubRequests: 15,
    });
    finish(harness);
  });

  it('does not ask again a team it asked before (a member reviewed, or someone removed the request)', async () => {
    const harness = setup(failingReport());
    const asked = (who: Record<string, unknown>, login: string, app: { id: number } | null) => ({
      event: 'review_requested',
      actor: { login, type: app === null ? 'User' : 'Bot' },
      performed_via_github_app: app,
      ...who,
    });
    expectFirstFetch(harness.api, 77, tree(headFiles));
    // GitHub dropped finance-data's request (ours: App 1) when bob reviewed for the team. Another App (Renovate)
    // and a person once asked alice, and the requests were removed: those were not ours, so she is asked.
    expectPostedReview(harness.api, 77, 5, [
      asked({ requested_team: { slug: 'finance-data' } }, 'dbt-steward[bot]', { id: 1 }),
      asked({ requested_reviewer: { login: 'alice' } }, 'renovate[bot]', { id: 2740 }),
      asked({ requested_reviewer: { login: 'alice' } }, 'bob', null),
      { event: 'labeled', actor: { login: 'bob', type: 'User' }, label: { name: 'dbt' } },
    ]);
    await receive(harness, opened());
    expect(bodyOf(harness, 'POST', `${REPO}/pulls/2/requested_reviewers`)).toEqual({
      reviewers: ['alice'],
      team_reviewers: [],
    });
    expect(harness.logs.find((l) => l.msg === 'dbt-steward review')).toMatchObject({ status: 'reviewed' });
    finish(harness);
  });

  it('requests reviews as before when it may not read the events (no Issues permission)', async () => {
    const harness = setup(failingReport());
    expectFirstFetch(harness.api, 77, tree(headFiles))
      .get(`${REPO}/issues/2/events`)
      .query({ per_page: 100 })
      .reply(403, { message: 'Resource not accessible by integration' })
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`${REPO}/pulls/2/reviews`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/pulls/2/reviews`)
      .reply(200, { id: 5 })
      .post(`${REPO}/pulls/2/requested_reviewers`)
      .reply(201, {})
      .patch(`${REPO}/check-runs/77`)
      .reply(200, { id: 77 });
    await receive(harness, opened());
    expect(bodyOf(harness, 'POST', `${REPO}/pulls/2/requested_reviewers`)).toMatchObject({
      team_reviewers: ['finance-data'],
    });
    expect(harness.logs.find((l) => l.msg === 'dbt-steward review')).toMatchObject({ status: 'reviewed' });
    finish(harness);
  });

  it('check_run.rerequested updates the run it names', async () => {
    const harness = setup(failingReport());
    harness.api
      .get(`${REPO}/pulls/2`)
      .reply(200, { ...PULL, requested_teams: [] })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, [{ filename: 'src/app.ts', status: 'modified' }])
      .patch(`${REPO}/check-runs/4`)
      .reply(200, { id: 4 });
    await receive(
      harness,
      event('check_run', 'rerequested', (payload) => {
        Object.assign(payload.check_run as object, {
          name: 'dbt-steward',
          id: 4,
          head_sha: HEAD,
          pull_requests: [{ number: 2 }],
        });
        Object.assign(payload, { repository: opened().payload.repository });
      }),
    );
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/4`)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    finish(harness);
  });

  /** A re-run of run 4 on an older commit than the head; `conclusion`: what the run had concluded. */
  function olderRunRerequested(conclusion: string | null) {
    return event('check_run', 'rerequested', (payload) => {
      Object.assign(payload.check_run as object, {
        name: 'dbt-steward',
        id: 4,
        head_sha: OLD,
        conclusion,
        pull_requests: [{ number: 2 }],
      });
      Object.assign(payload, { repository: opened().payload.repository });
    });
  }

  /**
   * The requests of a re-run of old run 4: the pull request, run 4 completed again (GitHub set the old commit's
   * suite back to queued), then the head's review in a run of its own (the head has `headRuns`; none is ours).
   */
  function expectOlderRunReview(harness: Harness, headRuns: unknown[]): void {
    harness.api
      .get(`${REPO}/pulls/2`)
      .reply(200, { ...PULL, requested_teams: [] })
      .patch(`${REPO}/check-runs/4`)
      .reply(200, { id: 4 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, [{ filename: 'src/app.ts', status: 'modified' }])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query({ check_name: 'dbt-steward', filter: 'latest', per_page: 100, app_id: 1 })
      .reply(200, { total_count: headRuns.length, check_runs: headRuns })
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 9 });
  }

  it("check_run.rerequested on an older commit's run reviews the head in the head's run, the old one completed again as it was", async () => {
    const harness = setup(failingReport());
    // The head has a run of that name, but another App's: ours is created beside it.
    expectOlderRunReview(harness, [{ id: 6, external_id: null }]);
    await receive(harness, olderRunRerequested('failure'));
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/4`)).toEqual({
      status: 'completed',
      conclusion: 'failure',
      completed_at: NOW.toISOString(),
    });
    expect(bodyOf(harness, 'POST', `${REPO}/check-runs`)).toMatchObject({
      head_sha: HEAD,
      external_id: 'dbt-steward',
      status: 'completed',
    });
    finish(harness);
  });

  it("check_run.rerequested on an older commit's unfinished run closes it as not reviewed, naming the head", async () => {
    const harness = setup(failingReport());
    expectOlderRunReview(harness, []);
    await receive(harness, olderRunRerequested(null));
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/4`)).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      output: { title: 'Not reviewed: superseded', summary: expect.stringContaining(HEAD.slice(0, 7)) },
    });
    finish(harness);
  });

  it("check_suite.rerequested on an older commit completes that commit's run again and reviews the head", async () => {
    const harness = setup(failingReport());
    harness.api
      .get(`${REPO}/pulls/2`)
      .reply(200, PULL)
      .get(`${REPO}/commits/${OLD}/check-runs`)
      .query({ check_name: 'dbt-steward', filter: 'latest', per_page: 100, app_id: 1 })
      .reply(200, { total_count: 1, check_runs: [{ id: 12, external_id: 'dbt-steward', conclusion: 'success' }] })
      .patch(`${REPO}/check-runs/12`)
      .reply(200, { id: 12 })
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, [{ filename: 'src/app.ts', status: 'modified' }])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query({ check_name: 'dbt-steward', filter: 'latest', per_page: 100, app_id: 1 })
      .reply(200, { total_count: 1, check_runs: [{ id: 31, external_id: 'dbt-steward', conclusion: 'failure' }] })
      .patch(`${REPO}/check-runs/31`)
      .reply(200, { id: 31 });
    await receive(
      harness,
      event('check_suite', 'rerequested', (payload) => {
        Object.assign(payload, { installation: { id: 1 } });
        Object.assign(payload.check_suite as object, { head_sha: OLD });
      }),
    );
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/12`)).toEqual({
      status: 'completed',
      conclusion: 'success',
      completed_at: NOW.toISOString(),
    });
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/31`)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    finish(harness);
  });

  it('check_suite.rerequested finds the run on the head SHA and updates it', async () => {
    const harness = setup(failingReport());
    harness.api
      .get(`${REPO}/pulls/2`)
      .reply(200, PULL)
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, [{ filename: 'src/app.ts', status: 'modified' }])
      .get(`${REPO}/commits/${HEAD}/check-runs`)
      .query({ check_name: 'dbt-steward', filter: 'latest', per_page: 100, app_id: 1 })
      .reply(200, {
        total_count: 2,
        // A workflow job named like the App's run comes first; it is not ours and must not be touched.
        check_runs: [
          { id: 5, external_id: '' },
          { id: 31, external_id: 'dbt-steward' },
        ],
      })
      .patch(`${REPO}/check-runs/31`)
      .reply(200, { id: 31 });
    await receive(
      harness,
      event('check_suite', 'rerequested', (payload) => Object.assign(payload, { installation: { id: 1 } })),
    );
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/31`)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    finish(harness);
  });

  it('ignores check runs of other apps and check runs without a pull request (forks)', async () => {
    const harness = setup(failingReport());
    await receive(
      harness,
      event('check_run', 'rerequested', () => undefined),
    );
    await receive(
      harness,
      event('check_run', 'rerequested', (payload) =>
        Object.assign(payload.check_run as object, { name: 'dbt-steward' }),
      ),
    );
    expect(calls(harness)).toEqual([]);
    finish(harness);
  });
});

describe('comment commands', () => {
  it('answers `/metadata-help` with the list of commands', async () => {
    const harness = setup(failingReport());
    harness.api.post(`${REPO}/issues/2/comments`).reply(201, { id: 1 });
    await receive(harness, {
      id: 'c2',
      name: 'issue_comment',
      payload: commentPayload('/metadata-help', 'alice', facts),
    });
    expect(bodyOf(harness, 'POST', `${REPO}/issues/2/comments`)).toEqual({
      body: expect.stringContaining('`/metadata-check`'),
    });
    finish(harness);
  });

  it('ignores comments by bots, comments without a command and comments on issues', async () => {
    const harness = setup(failingReport());
    const bot = commentPayload('/metadata-check', 'dbt-steward[bot]', facts);
    Object.assign(bot.sender as object, { type: 'Bot' });
    await receive(harness, { id: 'c3', name: 'issue_comment', payload: bot });
    await receive(harness, { id: 'c4', name: 'issue_comment', payload: commentPayload('LGTM', 'alice', facts) });
    const onIssue = commentPayload('/metadata-check', 'alice', facts);
    delete (onIssue.issue as Record<string, unknown>).pull_request;
    await receive(harness, { id: 'c5', name: 'issue_comment', payload: onIssue });
    expect(calls(harness)).toEqual([]);
    finish(harness);
  });
});

describe('deliveries that arrive together', () => {
  it('review one pull request at a time: of three quick deliveries, the middle one is superseded', async () => {
    const harness = setup(failingReport(), createCache());
    coldReview(harness, 77);
    // The last delivery's review, after the first: trees and blobs come from the cache, and the check run made for
    // this head commit is updated, not doubled (a redelivered event is the same event).
    expectPostedReview(
      harness.api
        .get(`${REPO}/pulls/2/files`)
        .query({ per_page: 100 })
        .reply(200, changed)
        .patch(`${REPO}/check-runs/77`)
        .reply(200, { id: 77 })
        .get(`${REPO}${CONFIG}`)
        .reply(404)
        .get(`/repos/Codertocat/.github${CONFIG}`)
        .reply(404)
        .get(`${REPO}/check-runs/77/annotations`)
        .query({ per_page: 100 })
        .reply(200, []),
      77,
      6,
    );
    await Promise.all([receive(harness, opened()), receive(harness, opened()), receive(harness, opened())]);
    expect(calls(harness).filter((call) => call === `POST ${REPO}/check-runs`)).toHaveLength(1);
    expect(harness.engineCalls).toHaveLength(2);
    expect(harness.logs.filter((line) => line['status'] === 'superseded')).toHaveLength(1);
    expect(harness.logs.filter((line) => line['status'] === 'reviewed')).toHaveLength(2);
    finish(harness);
  });
});
