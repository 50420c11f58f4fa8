import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import { report } from '../review/builders.js';
import {
  BASE,
  HEAD,
  baseFiles,
  blobs,
  expectChangedFiles,
  expectBaseTree,
  expectMergeBase,
  expectNewRunWithoutConfig,
  expectRequestEvents,
  expectPostedReview,
  failingReport,
  headFiles,
  opened,
} from './fixtures.js';
import { REPO, bodyOf, calls, finish, graphqlBlobs, setup, sha, tree, type Harness } from './harness.js';

const CONFIG = '/contents/.github%2Fdbt-steward.yml';
const SLOW = 30_000;
const EDIT = {
  filename: 'analytics/models/orders.yml',
  status: 'modified',
  patch: '@@ -1,2 +1,5 @@\n models:\n   - name: orders\n+    description: Orders\n+    config:\n+      meta: {}',
};

afterEach(() => nock.cleanAll());

function receive(harness: Harness, delivery: { id: string; name: string; payload: unknown }) {
  return harness.probot.receive(delivery as unknown as EmitterWebhookEvent);
}

/** Everything after the head tree, for a pull request with one edited property file. */
function restOfReview(
  harness: Harness,
  options: { config?: string; graphql?: Record<string, string | null> | false } = {},
) {
  harness.api.post(`${REPO}/check-runs`).reply(201, { id: 8 });
  if (options.config) harness.api.get(`${REPO}${CONFIG}`).reply(200, options.config, { 'content-type': 'text/plain' });
  else harness.api.get(`${REPO}${CONFIG}`).reply(404).get(`/repos/Codertocat/.github${CONFIG}`).reply(404);
  expectBaseTree(harness.api);
  if (options.graphql !== false) harness.api.post('/graphql').reply(200, graphqlBlobs(options.graphql ?? blobs));
  harness.api.get(`${REPO}/pulls/2/comments`).query({ per_page: 100 }).reply(200, []);
}

describe('GitHub edge cases', () => {
  it(
    'lists a truncated tree level by level, skipping folders dbt ignores',
    async () => {
      const harness = setup(report());
      const root = {
        sha: 'r'.repeat(40),
        truncated: false,
        tree: [
          { path: 'analytics', type: 'tree', sha: sha('analytics-tree'), mode: '040000' },
          { path: 'node_modules', type: 'tree', sha: sha('nm-tree'), mode: '040000' },
          { path: 'README.md', type: 'blob', sha: sha('readme'), size: 5, mode: '100644' },
        ],
      };
      const analytics = Object.fromEntries(
        Object.entries(headFiles)
          .filter(([path]) => path.startsWith('analytics/'))
          .map(([path, blob]) => [path.slice('analytics/'.length), blob]),
      );
      expectChangedFiles(harness.api, [EDIT], { ...tree({}), truncated: true })
        .get(`${REPO}/git/trees/${HEAD}`)
        .reply(200, root)
        .get(`${REPO}/git/trees/${sha('analytics-tree')}`)
        .query({ recursive: '1' })
        .reply(200, tree(analytics));
      restOfReview(harness);
      harness.api.patch(`${REPO}/check-runs/8`).reply(200, { id: 8 });
      await receive(harness, opened());
      expect(calls(harness).filter((c) => c.includes('/git/trees/'))).toEqual([
        `GET ${REPO}/git/trees/${HEAD}?recursive=1`,
        `GET ${REPO}/git/trees/${HEAD}`,
        `GET ${REPO}/git/trees/${sha('analytics-tree')}?recursive=1`,
        `GET ${REPO}/git/trees/${BASE}?recursive=1`,
      ]);
      expect([...(harness.engineCalls[0]?.head.keys() ?? [])]).toContain('analytics/models/orders.yml');
      finish(harness);
    },
    SLOW,
  );

  it(
    "reviews a model added under models/staging/logs/ (only a project's own logs/ and target/ are dbt output)",
    async () => {
      const harness = setup(report());
      const added = 'analytics/models/staging/logs/stg_app_logs.sql';
      const change = { filename: added, status: 'added', patch: '@@ -0,0 +1 @@\n+select 1 as id' };
      expectChangedFiles(harness.api, [change], tree({ ...headFiles, [added]: sha('orders-sql') }));
      restOfReview(harness);
      harness.api.patch(`${REPO}/check-runs/8`).reply(200, { id: 8 });
      await receive(harness, opened());
      expect(harness.engineCalls).toHaveLength(1);
      expect(harness.engineCalls[0]?.head.get(added)).toBe('select 1 as id\n');
      finish(harness);
    },
    SLOW,
  );

  it(
    "compiles a touched local package's consumers in sibling projects, and the packages they use",
    async () => {
      const harness = setup(report());
      const texts: Record<string, string> = {
        'core/dbt_project.yml': 'name: core\n',
        'core/models/sessions.sql': 'select 1 as session_id\n',
        'marketing/dbt_project.yml': 'name: marketing\n',
        'marketing/packages.yml': 'packages:\n  - local: ../core\n',
        'marketing/models/attribution.sql': "select * from {{ ref('core', 'sessions') }}\n",
        'ops/dbt_project.yml': 'name: ops\n',
        'ops/models/runs.sql': 'select 1 as id\n',
      };
      const files = Object.fromEntries(Object.keys(texts).map((path) => [path, sha(path)]));
      const byBlob = Object.fromEntries(Object.entries(texts).map(([path, text]) => [sha(path), text]));
      const change = { filename: 'core/models/sessions.sql', status: 'modified', patch: '@@ -1 +1 @@\n-x\n+y' };
      expectBaseTree(
        expectNewRunWithoutConfig(expectChangedFiles(harness.api, [change], tree(files)), 8)
          .post('/graphql')
          .times(2)
          .reply(200, graphqlBlobs(byBlob)),
        tree(files),
      )
        .get(`${REPO}/pulls/2/comments`)
        .query({ per_page: 100 })
        .reply(200, [])
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness, opened());
      expect([...(harness.engineCalls[0]?.head.keys() ?? [])].sort()).toEqual([
        'core/dbt_project.yml',
        'core/models/sessions.sql',
        'marketing/dbt_project.yml',
        'marketing/models/attribution.sql',
        'marketing/packages.yml',
      ]);
      finish(harness);
    },
    SLOW,
  );

  it(
    "compares with where the branch left the base branch, not the base branch's tip that moved on since",
    async () => {
      const harness = setup(report());
      const mergeBase = sha('merge-base');
      // Since the branch was made, the base branch changed orders.yml (blob orders-yml-b at its tip); the pull
      // request only knows the older version, which its merge base holds.
      const atMergeBase = { ...baseFiles, 'analytics/models/orders.yml': sha('orders-yml-old') };
      expectNewRunWithoutConfig(expectChangedFiles(harness.api, [EDIT], tree(headFiles)), 8);
      expectMergeBase(harness.api, mergeBase)
        .get(`${REPO}/git/trees/${mergeBase}`)
        .query({ recursive: '1' })
        .reply(200, tree(atMergeBase))
        .post('/graphql')
        .reply(
          200,
          graphqlBlobs({ ...blobs, [sha('orders-yml-old')]: 'models:\n  - name: orders\n    description: old\n' }),
        )
        .get(`${REPO}/pulls/2/comments`)
        .query({ per_page: 100 })
        .reply(200, [])
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness, opened());
      expect(calls(harness)).not.toContain(`GET ${REPO}/git/trees/${BASE}?recursive=1`);
      expect(harness.engineCalls[0]?.base.get('analytics/models/orders.yml')).toContain('description: old');
      finish(harness);
    },
    SLOW,
  );

  it(
    'compares with the base tip, and says so, when GitHub cannot compare the branches (a diff too big: 500)',
    async () => {
      const harness = setup(report());
      expectNewRunWithoutConfig(expectChangedFiles(harness.api, [EDIT], tree(headFiles)), 8)
        .get(`${REPO}/compare/${BASE}...${HEAD}`)
        .query({ per_page: 1 })
        .reply(500, { message: 'Sorry, this diff is taking too long to generate.' })
        .get(`${REPO}/git/trees/${BASE}`)
        .query({ recursive: '1' })
        .reply(200, tree(baseFiles))
        .post('/graphql')
        .reply(200, graphqlBlobs(blobs))
        .get(`${REPO}/pulls/2/comments`)
        .query({ per_page: 100 })
        .reply(200, [])
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness, opened());
      const completed = bodyOf(harness, 'PATCH', `${REPO}/check-runs/8`) as { output: { summary: string } };
      expect(completed.output.summary).toContain('compared with the base branch as it is now');
      expect(completed.output.summary).toContain('GitHub could not compare the branches (500)');
      expect(harness.logs.find((l) => l.msg === 'dbt-steward review')).toMatchObject({ status: 'reviewed' });
      finish(harness);
    },
    SLOW,
  );

  it(
    'reports teams GitHub refuses in the summary instead of failing',
    async () => {
      const harness = setup(report({ reviewers: { teams: ['finance-data', 'no-such-team'], users: [] } }));
      expectChangedFiles(harness.api, [EDIT], tree(headFiles));
      restOfReview(harness);
      expectRequestEvents(harness.api)
        .post(`${REPO}/pulls/2/requested_reviewers`)
        .reply(422, { message: 'Reviews may only be requested from collaborators.' })
        .post(`${REPO}/pulls/2/requested_reviewers`, { reviewers: [], team_reviewers: ['finance-data'] })
        .reply(201, {})
        .post(`${REPO}/pulls/2/requested_reviewers`, { reviewers: [], team_reviewers: ['no-such-team'] })
        .reply(422, {})
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness, opened());
      const completed = bodyOf(harness, 'PATCH', `${REPO}/check-runs/8`) as {
        conclusion: string;
        output: { summary: string };
      };
      expect(completed.conclusion).toBe('success');
      expect(completed.output.summary).toContain('Could not request review from team `no-such-team`');
      expect(harness.logs.find((l) => l.msg === 'dbt-steward review')).toMatchObject({ reviewers: 1 });
      finish(harness);
    },
    SLOW,
  );

  it(
    'reviews with the default branch config and reports what a config change in the pull request would change',
    async () => {
      const harness = setup(report());
      const proposed = 'check:\n  fail_on: warning\n';
      const head = { ...headFiles, '.github/dbt-steward.yml': sha('cfg-head') };
      harness.api
        .get(`${REPO}/pulls/2/files`)
        .query({ per_page: 100 })
        .reply(200, [
          EDIT,
          {
            filename: '.github/dbt-steward.yml',
            status: 'modified',
            patch: '@@ -1 +1,2 @@\n-x\n+check:\n+  fail_on: warning',
          },
        ])
        .get(`${REPO}/git/trees/${HEAD}`)
        .query({ recursive: '1' })
        .reply(200, tree(head));
      // The proposed config is read in the same GraphQL batch as the project's files.
      restOfReview(harness, {
        config: 'check:\n  fail_on: error\n',
        graphql: { ...blobs, [sha('cfg-head')]: proposed },
      });
      harness.api.patch(`${REPO}/check-runs/8`).reply(200, { id: 8 });
      await receive(harness, opened());
      expect(harness.engineCalls[0]?.config.check.fail_on).toBe('error');
      const completed = bodyOf(harness, 'PATCH', `${REPO}/check-runs/8`) as {
        conclusion: string;
        output: { summary: string };
      };
      expect(completed.conclusion).toBe('success');
      expect(completed.output.summary).toContain('takes effect after merge');
      expect(completed.output.summary).toContain('`check.fail_on`: `"error"` → `"warning"`');
      finish(harness);
    },
    SLOW,
  );

  it(
    'fails the check when the pull request breaks the config, with the problem annotated on the file',
    async () => {
      const harness = setup(report());
      const head = { ...headFiles, '.github/dbt-steward.yml': sha('cfg-bad') };
      expectChangedFiles(
        harness.api,
        [{ filename: '.github/dbt-steward.yml', status: 'modified', patch: '@@ -1 +1 @@\n-x\n+rulez: 1' }],
        tree(head),
      );
      restOfReview(harness, { graphql: { [sha('cfg-bad')]: 'rulez: 1\n' } });
      harness.api.patch(`${REPO}/check-runs/8`).reply(200, { id: 8 });
      await receive(harness, opened());
      const completed = bodyOf(harness, 'PATCH', `${REPO}/check-runs/8`) as {
        conclusion: string;
        output: { annotations: Array<{ path: string; annotation_level: string }> };
      };
      expect(completed.conclusion).toBe('failure');
      expect(completed.output.annotations[0]).toMatchObject({
        path: '.github/dbt-steward.yml',
        annotation_level: 'failure',
      });
      finish(harness);
    },
    SLOW,
  );

  it(
    'skips binary blobs and reads a blob GraphQL truncates through the REST blob endpoint',
    async () => {
      const harness = setup(failingReport());
      const big = 'select 1 as id -- '.padEnd(2000, 'x');
      expectBaseTree(expectNewRunWithoutConfig(expectChangedFiles(harness.api, [EDIT], tree(headFiles)), 8))
        .post('/graphql')
        .reply(200, (uri, body) => {
          const reply = graphqlBlobs(blobs)(uri, body) as {
            data: { repository: Record<string, Record<string, unknown> | null> };
          };
          for (const entry of Object.values(reply.data.repository)) {
            if (entry?.text === 'select 1 as id\n')
              Object.assign(entry, { text: big.slice(0, 100), isTruncated: true, byteSize: big.length });
            if (entry?.text === 'select 2 as id\n') Object.assign(entry, { text: null, isBinary: true });
          }
          return reply;
        })
        .get(`${REPO}/git/blobs/${sha('orders-sql')}`)
        .reply(200, { content: Buffer.from(big).toString('base64'), encoding: 'base64' });
      expectPostedReview(harness.api, 8, 1);
      await receive(harness, opened());
      const head = harness.engineCalls[0]?.head;
      expect(head?.get('analytics/models/orders.sql')).toBe(big);
      expect(head?.has('analytics/models/customers.sql')).toBe(false);
      finish(harness);
    },
    SLOW,
  );

  it(
    'uses the organisation default from the `.github` repository when the repository has no config',
    async () => {
      const harness = setup(report());
      expectBaseTree(
        expectChangedFiles(harness.api, [EDIT], tree(headFiles))
          .post(`${REPO}/check-runs`)
          .reply(201, { id: 8 })
          .get(`${REPO}${CONFIG}`)
          .reply(404)
          .get(`/repos/Codertocat/.github${CONFIG}`)
          .reply(200, 'check:\n  fail_on: warning\n', { 'content-type': 'text/plain' }),
      )
        .post('/graphql')
        .reply(200, graphqlBlobs(blobs))
        .get(`${REPO}/pulls/2/comments`)
        .query({ per_page: 100 })
        .reply(200, [])
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness, opened());
      expect(harness.engineCalls[0]?.config.check.fail_on).toBe('warning');
      finish(harness);
    },
    SLOW,
  );

  it('does not crash on a payload it cannot read, and logs why', async () => {
    const harness = setup(report());
    const delivery = opened();
    delete (delivery.payload.pull_request as Record<string, unknown>).head;
    await expect(receive(harness, delivery)).resolves.toBeUndefined();
    expect(harness.logs.find((l) => l.msg === 'dbt-steward: payload skipped')).toMatchObject({
      event: 'pull_request',
      problems: [expect.stringMatching(/^pull_request\.head: /)],
    });
    expect(calls(harness)).toEqual([]);
    finish(harness);
  });

  it.each([
    [
      'check_run.rerequested without pull_requests',
      'check_run',
      { action: 'rerequested', check_run: { id: 1, name: 'dbt-steward', head_sha: 'a'.repeat(40) } },
    ],
    ['check_suite.rerequested without pull_requests', 'check_suite', { action: 'rerequested', check_suite: {} }],
    [
      'issue_comment.created without a comment',
      'issue_comment',
      { action: 'created', issue: { number: 2, pull_request: {} }, sender: { type: 'User' } },
    ],
    [
      'a pull request event without its repository',
      'pull_request',
      { action: 'opened', pull_request: opened().payload.pull_request },
    ],
  ])('skips %s with a warning, making no request', async (_name, name, payload) => {
    const harness = setup(report());
    const repository = (opened().payload as { repository: unknown }).repository;
    const withRepo = name === 'pull_request' ? payload : { ...payload, repository };
    await expect(receive(harness, { id: 'odd', name, payload: withRepo })).resolves.toBeUndefined();
    expect(harness.logs.find((l) => l.msg === 'dbt-steward: payload skipped')).toMatchObject({ event: name });
    expect(calls(harness)).toEqual([]);
    finish(harness);
  });
});
