// A small repository for the App tests: a dbt project under `analytics/`, a pull request that edits a property
// file, renames a model, deletes one and adds a binary and a huge file. Payloads come from webhooks-examples.
import { examplePayload, pullRequestPayload, type PullFacts } from '../../scripts/github-double/payloads.js';
import { finding, report } from '../review/builders.js';
import type nock from 'nock';
import { REPO, graphqlBlobs, sha, tree } from './harness.js';

export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

export const facts: PullFacts = {
  owner: 'Codertocat',
  repo: 'Hello-World',
  number: 2,
  baseSha: BASE,
  headSha: HEAD,
  author: 'Codertocat',
  changedFiles: 4,
  installationId: 1,
};

export const headFiles: Record<string, string> = {
  'README.md': sha('readme'),
  'analytics/dbt_project.yml': sha('project'),
  'analytics/models/orders.sql': sha('orders-sql'),
  'analytics/models/orders.yml': sha('orders-yml-h'),
  'analytics/models/customers.sql': sha('customers-h'),
  'analytics/models/huge.sql': sha('huge'),
  'analytics/seeds/countries.csv': sha('countries'),
  'analytics/assets/logo.png': sha('logo'),
};

export const baseFiles: Record<string, string> = {
  'README.md': sha('readme'),
  'analytics/dbt_project.yml': sha('project'),
  'analytics/models/orders.sql': sha('orders-sql'),
  'analytics/models/orders.yml': sha('orders-yml-b'),
  'analytics/models/clients.sql': sha('customers-h'),
  'analytics/models/legacy.sql': sha('legacy'),
  'analytics/seeds/countries.csv': sha('countries'),
};

export const blobs: Record<string, string | null> = {
  [sha('project')]: 'name: analytics\n',
  [sha('orders-sql')]: 'select 1 as id\n',
  [sha('orders-yml-h')]: 'models:\n  - name: orders\n    description: Orders\n    config:\n      meta: {}\n',
  [sha('orders-yml-b')]: 'models:\n  - name: orders\n',
  [sha('customers-h')]: 'select 2 as id\n',
  [sha('legacy')]: 'select 3 as id\n',
};

export const changed = [
  {
    filename: 'analytics/models/orders.yml',
    status: 'modified',
    patch: '@@ -1,2 +1,5 @@\n models:\n   - name: orders\n+    description: Orders\n+    config:\n+      meta: {}',
  },
  { filename: 'analytics/models/customers.sql', status: 'renamed', previous_filename: 'analytics/models/clients.sql' },
  { filename: 'analytics/models/legacy.sql', status: 'removed', patch: '@@ -1 +0,0 @@\n-select 3 as id' },
  { filename: 'analytics/models/huge.sql', status: 'added' },
];

export const ownerFinding = finding({
  file: 'analytics/models/orders.yml',
  line: 4,
  suggestion: { line: 5, text: '      meta: {owner: finance}' },
  fingerprint: 'ownership/model-has-owner|model.analytics.orders|',
});

export const untouchedFinding = finding({
  rule: 'discoverability/model-has-description',
  severity: 'warning',
  file: 'analytics/models/orders.sql',
  line: 1,
  message: 'Model `orders` has no description.',
  fingerprint: 'discoverability/model-has-description|model.analytics.orders|',
});

export function failingReport() {
  return report({
    findings: [ownerFinding, untouchedFinding],
    reviewers: { teams: ['finance-data'], users: ['alice', 'Codertocat'] },
  });
}

export function opened(overrides: Partial<PullFacts> = {}) {
  return {
    id: 'delivery-1',
    name: 'pull_request' as const,
    payload: pullRequestPayload('opened', { ...facts, ...overrides }),
  };
}

export function event(name: string, action: string, patch: (payload: Record<string, unknown>) => void) {
  const payload = examplePayload(name, action);
  patch(payload);
  return { id: `delivery-${name}`, name, payload };
}

/** Where pull request 2's branch left its base branch; here the base branch has not moved: BASE itself. */
export function expectMergeBase(api: nock.Scope, mergeBase = BASE): nock.Scope {
  return api
    .get(`${REPO}/compare/${BASE}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, { merge_base_commit: { sha: mergeBase } });
}

/** The merge base (BASE: the base branch has not moved), then its tree: what a review reads of the base. */
export function expectBaseTree(api: nock.Scope, files: ReturnType<typeof tree> = tree(baseFiles)): nock.Scope {
  return expectMergeBase(api).get(`${REPO}/git/trees/${BASE}`).query({ recursive: '1' }).reply(200, files);
}

/** The first requests of every review of pull request 2 that reads files: its changed files, then the head tree. */
export function expectChangedFiles(api: nock.Scope, files: unknown[], headTree: ReturnType<typeof tree>): nock.Scope {
  return api
    .get(`${REPO}/pulls/2/files`)
    .query({ per_page: 100 })
    .reply(200, files)
    .get(`${REPO}/git/trees/${HEAD}`)
    .query({ recursive: '1' })
    .reply(200, headTree);
}

/**
 * Every request of a first review of pull request 2 that finds nothing (the engine a stub that reports none): its
 * changed files and head tree, check run 4 without a policy config, the base tree, `batches` GraphQL blob reads
 * answered from `texts`, the review comments, the completed run.
 */
export function expectQuietReview(
  api: nock.Scope,
  changed: unknown[],
  trees: { head: ReturnType<typeof tree>; base: ReturnType<typeof tree> },
  texts: Record<string, string | null>,
  batches: number,
): nock.Scope {
  return expectBaseTree(expectNewRunWithoutConfig(expectChangedFiles(api, changed, trees.head), 4), trees.base)
    .post('/graphql')
    .times(batches)
    .reply(200, graphqlBlobs(texts))
    .get(`${REPO}/pulls/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .patch(`${REPO}/check-runs/4`)
    .reply(200, { id: 4 });
}

/** A new check run `checkRunId`, then no policy config in the repository nor in the organisation's `.github`. */
export function expectNewRunWithoutConfig(api: nock.Scope, checkRunId: number): nock.Scope {
  const config = '/contents/.github%2Fdbt-steward.yml';
  return api
    .post(`${REPO}/check-runs`)
    .reply(201, { id: checkRunId })
    .get(`${REPO}${config}`)
    .reply(404)
    .get(`/repos/Codertocat/.github${config}`)
    .reply(404);
}

/**
 * The requests of a first review of pull request 2 up to its blobs: its changed files, the head tree, a new
 * check run, no policy config (repository nor organisation), the merge base (the base branch has not moved: BASE),
 * the base tree, the blobs in one GraphQL request.
 */
export function expectFirstFetch(api: nock.Scope, checkRunId: number, headTree: ReturnType<typeof tree>): nock.Scope {
  return expectBaseTree(expectNewRunWithoutConfig(expectChangedFiles(api, changed, headTree), checkRunId))
    .post('/graphql')
    .reply(200, graphqlBlobs(blobs));
}

/** Pull request 2's events, read before requesting reviews: `events` (none by default) say who was asked before. */
export function expectRequestEvents(api: nock.Scope, events: unknown[] = []): nock.Scope {
  return api.get(`${REPO}/issues/2/events`).query({ per_page: 100 }).reply(200, events);
}

/**
 * The requests that post a first review: no comments, reviews or review requests yet, one review, the reviewer
 * requests, and the check run completed.
 */
export function expectPostedReview(
  api: nock.Scope,
  checkRunId: number,
  reviewId: number,
  /** The pull request's events (review requests made before); none by default. */
  events: unknown[] = [],
): nock.Scope {
  return expectRequestEvents(api, events)
    .get(`${REPO}/pulls/2/comments`)
    .query({ per_page: 100 })
    .reply(200, [])
    .get(`${REPO}/pulls/2/reviews`)
    .query({ per_page: 100 })
    .reply(200, [])
    .post(`${REPO}/pulls/2/reviews`)
    .reply(200, { id: reviewId })
    .post(`${REPO}/pulls/2/requested_reviewers`)
    .reply(201, {})
    .patch(`${REPO}/check-runs/${checkRunId}`)
    .reply(200, { id: checkRunId });
}
