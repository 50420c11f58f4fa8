import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import { report } from '../review/builders.js';
import {
  BASE,
  HEAD,
  blobs,
  changed,
  failingReport,
  facts,
  headFiles,
  opened,
  expectBaseTree,
  expectChangedFiles,
  expectFirstFetch,
} from './fixtures.js';
import { REPO, bodyOf, calls, finish, graphqlBlobs, setup, tree } from './harness.js';

const CONFIG = '/contents/.github%2Fdbt-steward.yml';
const SIZES = { 'analytics/models/huge.sql': 5_000_000 };

afterEach(() => nock.cleanAll());

/** A pull request that only changes docs outside the dbt project: files, head tree, a success check run. */
function expectDocsOnlyReview(harness: ReturnType<typeof setup>): void {
  expectChangedFiles(harness.api, [{ filename: 'docs/guide.md', status: 'modified' }], tree(headFiles))
    // The projects' dbt_project.yml: a file outside every project may be in a folder one of them reads.
    .post('/graphql')
    .reply(200, graphqlBlobs(blobs))
    .post(`${REPO}/check-runs`)
    .reply(201, { id: 1 });
}

function receive(harness: ReturnType<typeof setup>, event: { id: string; name: string; payload: unknown }) {
  return harness.probot.receive(event as unknown as EmitterWebhookEvent);
}

describe('pull_request.opened', () => {
  it('reviews a dbt pull request: check run, annotations, inline comments, reviewers', async () => {
    const harness = setup(failingReport());
    expectFirstFetch(harness.api, 77, tree(headFiles, false, SIZES))
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`${REPO}/pulls/2/reviews`)
      .query({ per_page: 100 })
      .reply(200, [{ id: 1, user: { login: 'alice' } }])
      .get(`${REPO}/issues/2/events`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/pulls/2/reviews`)
      .reply(200, { id: 5 })
      .post(`${REPO}/pulls/2/requested_reviewers`)
      .reply(201, {})
      .patch(`${REPO}/check-runs/77`)
      .reply(200, { id: 77 });

    await receive(harness, opened());

    expect(calls(harness)).toEqual([
      `GET ${REPO}/pulls/2/files?per_page=100`,
      `GET ${REPO}/git/trees/${HEAD}?recursive=1`,
      `POST ${REPO}/check-runs`,
      `GET ${REPO}${CONFIG}`,
      `GET /repos/Codertocat/.github${CONFIG}`,
      `GET ${REPO}/compare/${BASE}...${HEAD}?per_page=1`,
      `GET ${REPO}/git/trees/${BASE}?recursive=1`,
      'POST /graphql',
      `GET ${REPO}/pulls/2/comments?per_page=100`,
      `GET ${REPO}/pulls/2/reviews?per_page=100`,
      `GET ${REPO}/issues/2/events?per_page=100`,
      `POST ${REPO}/pulls/2/reviews`,
      `POST ${REPO}/pulls/2/requested_reviewers`,
      `PATCH ${REPO}/check-runs/77`,
    ]);
    expect(bodyOf(harness, 'POST', `${REPO}/check-runs`)).toEqual({
      name: 'dbt-steward',
      external_id: 'dbt-steward',
      head_sha: HEAD,
      status: 'in_progress',
      started_at: '2026-11-26T09:00:00.000Z',
    });

    // Head: dbt inputs of the touched project; the huge file is left out, the seed is path-only, the PNG is no input.
    const [input] = harness.engineCalls;
    expect([...(input?.head.keys() ?? [])]).toEqual([
      'analytics/dbt_project.yml',
      'analytics/models/customers.sql',
      'analytics/models/orders.sql',
      'analytics/models/orders.yml',
      'analytics/seeds/countries.csv',
    ]);
    expect(input?.head.get('analytics/seeds/countries.csv')).toBe('');
    // Base: head with the pull request undone: the rename's old path, the deleted model, the old property file.
    expect([...(input?.base.keys() ?? [])]).toEqual([
      'analytics/dbt_project.yml',
      'analytics/models/clients.sql',
      'analytics/models/legacy.sql',
      'analytics/models/orders.sql',
      'analytics/models/orders.yml',
      'analytics/seeds/countries.csv',
    ]);
    expect(input?.base.get('analytics/models/orders.yml')).toBe('models:\n  - name: orders\n');
    expect(input?.today).toBe('2026-11-26');

    // Only blobs that are dbt inputs and not too large are fetched, each once.
    const query = String((bodyOf(harness, 'POST', '/graphql') as { query: string }).query);
    expect(query.match(/object\(oid:/g)).toHaveLength(6);

    const review = bodyOf(harness, 'POST', `${REPO}/pulls/2/reviews`) as Record<string, unknown>;
    expect(review).toMatchObject({ commit_id: HEAD, event: 'COMMENT' });
    expect(review.comments).toEqual([
      {
        path: 'analytics/models/orders.yml',
        line: 5,
        side: 'RIGHT',
        body: expect.stringContaining('```suggestion\n      meta: {owner: finance}\n```'),
      },
    ]);
    // alice already reviewed and Codertocat is the author.
    expect(bodyOf(harness, 'POST', `${REPO}/pulls/2/requested_reviewers`)).toEqual({
      reviewers: [],
      team_reviewers: ['finance-data'],
    });
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/77`)).toEqual({
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2026-11-26T09:00:00.000Z',
      output: {
        title: '1 error, 1 warning',
        summary: '## summary',
        annotations: [
          expect.objectContaining({ path: 'analytics/models/orders.yml', start_line: 4, annotation_level: 'failure' }),
          expect.objectContaining({ path: 'analytics/models/orders.sql', start_line: 1, annotation_level: 'warning' }),
        ],
      },
    });
    const line = harness.logs.find((l) => l.msg === 'dbt-steward review');
    expect(line).toMatchObject({
      repo: 'Codertocat/Hello-World',
      pr: 2,
      headSha: HEAD,
      status: 'reviewed',
      findings: 2,
      comments: 1,
      reviewers: 1,
      githubRequests: 15,
    });
    expect(JSON.stringify(harness.logs)).not.toContain('ghs_test');
    finish(harness);
  });

  it('answers a pull request that changes no dbt input with a success check run in two requests', async () => {
    const harness = setup(report());
    harness.api
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, [{ filename: 'src/app.ts', status: 'modified' }])
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 1 });
    await receive(harness, opened());
    expect(calls(harness)).toEqual([`GET ${REPO}/pulls/2/files?per_page=100`, `POST ${REPO}/check-runs`]);
    expect(bodyOf(harness, 'POST', `${REPO}/check-runs`)).toMatchObject({
      name: 'dbt-steward',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'No dbt project touched', annotations: [] },
    });
    expect(harness.engineCalls).toHaveLength(0);
    finish(harness);
  });

  it('needs four requests when the changed files are outside every dbt project', async () => {
    const harness = setup(report());
    expectDocsOnlyReview(harness);
    await receive(harness, opened());
    expect(calls(harness)).toHaveLength(4);
    expect(bodyOf(harness, 'POST', `${REPO}/check-runs`)).toMatchObject({ conclusion: 'success' });
    finish(harness);
  });

  it('reads the head commit of a pull request from a fork through the base repository', async () => {
    const harness = setup(report());
    expectDocsOnlyReview(harness);
    const delivery = opened();
    const head = (delivery.payload.pull_request as { head: Record<string, unknown> }).head;
    // GitHub keeps a fork's pull request commits in the base repository (refs/pull/N/head): no access to the fork.
    head.repo = { ...(head.repo as object), full_name: 'someone/Hello-World', fork: true, owner: { login: 'someone' } };
    await receive(harness, delivery);
    // GraphQL names the repository in its variables: the base repository's too.
    expect(calls(harness).every((call) => call.includes(REPO) || call === 'POST /graphql')).toBe(true);
    expect(bodyOf(harness, 'POST', '/graphql')).toMatchObject({
      variables: { owner: 'Codertocat', name: 'Hello-World' },
    });
    finish(harness);
  });

  it('completes a neutral check run that explains when the head commit is gone (force push)', async () => {
    const harness = setup(report());
    harness.api
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(200, changed)
      .get(`${REPO}/git/trees/${HEAD}`)
      .query({ recursive: '1' })
      .reply(404, { message: 'Not Found' })
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 3 });
    await receive(harness, opened());
    expect(bodyOf(harness, 'POST', `${REPO}/check-runs`)).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      output: { title: 'Commit not reachable', summary: expect.stringContaining('force-pushed') },
    });
    finish(harness);
  });

  it('never leaves the check run in progress when the engine throws', async () => {
    const harness = setup(() => {
      throw new Error('compiler bug');
    });
    expectFirstFetch(harness.api, 9, tree(headFiles, false, SIZES))
      .patch(`${REPO}/check-runs/9`)
      .reply(200, { id: 9 });
    await receive(harness, opened());
    expect(bodyOf(harness, 'PATCH', `${REPO}/check-runs/9`)).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      output: { title: 'dbt-steward could not finish' },
    });
    expect(harness.logs.find((l) => l.msg === 'dbt-steward review failed')).toMatchObject({
      error: 'compiler bug',
      pr: 2,
    });
    finish(harness);
  });

  it('compares trees instead of listing files when the pull request changes more than 3,000 files', async () => {
    const harness = setup(failingReport());
    expectBaseTree(
      harness.api
        .get(`${REPO}/git/trees/${HEAD}`)
        .query({ recursive: '1' })
        .reply(200, tree(headFiles, false, SIZES)),
    )
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 4 })
      .get(`${REPO}${CONFIG}`)
      .reply(404)
      .get(`/repos/Codertocat/.github${CONFIG}`)
      .reply(404)
      .post('/graphql')
      .reply(200, graphqlBlobs(blobs))
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`${REPO}/pulls/2/reviews`)
      .query({ per_page: 100 })
      .reply(200, [])
      .get(`${REPO}/issues/2/events`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/pulls/2/requested_reviewers`)
      .reply(201, {})
      .patch(`${REPO}/check-runs/4`)
      .reply(200, { id: 4 });
    await receive(harness, opened({ changedFiles: 3500 }));
    expect(calls(harness)).not.toContain(`GET ${REPO}/pulls/2/files?per_page=100`);
    // Without patches there are no diff lines: every finding stays an annotation, no review is posted.
    expect(calls(harness)).not.toContain(`POST ${REPO}/pulls/2/reviews`);
    expect([...(harness.engineCalls[0]?.base.keys() ?? [])]).toContain('analytics/models/legacy.sql');
    finish(harness);
  });
});

export { facts };
