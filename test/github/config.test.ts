// The policy config as the App reads it from the default branch: the file's own text, so that problems name
// their lines; the organisation's `.github` repository when the repository has none; Probot's loader for a file
// that `_extends` another. Every request is the one Probot's loader makes (raw contents, same order).
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import { report } from '../review/builders.js';
import { blobs, expectBaseTree, expectChangedFiles, headFiles, opened } from './fixtures.js';
import { REPO, bodyOf, calls, finish, graphqlBlobs, setup, tree, type Harness } from './harness.js';

const CONFIG = '/contents/.github%2Fdbt-steward.yml';
const ORG = '/repos/Codertocat/.github';
const SLOW = 30_000;
const EDIT = {
  filename: 'analytics/models/orders.yml',
  status: 'modified',
  patch: '@@ -1,2 +1,3 @@\n models:\n   - name: orders\n+    description: Orders',
};
const RAW = { 'content-type': 'text/plain' };

afterEach(() => nock.cleanAll());

function receive(harness: Harness): Promise<void> {
  return harness.probot.receive(opened() as unknown as EmitterWebhookEvent);
}

/** The pull request's files and head tree, then its new check run 8. */
function start(harness: Harness): nock.Scope {
  return expectChangedFiles(harness.api, [EDIT], tree(headFiles)).post(`${REPO}/check-runs`).reply(201, { id: 8 });
}

/** A review whose default branch has `text` as its policy file, which does not validate: the run completes. */
async function reviewWithConfig(harness: Harness, text: string): Promise<void> {
  start(harness).get(`${REPO}${CONFIG}`).reply(200, text, RAW).patch(`${REPO}/check-runs/8`).reply(200, { id: 8 });
  await receive(harness);
}

/** The check run's summary once it completed. */
function summary(harness: Harness): { title: string; summary: string } {
  const body = bodyOf(harness, 'PATCH', `${REPO}/check-runs/8`) as { output: { title: string; summary: string } };
  return body.output;
}

describe('the policy config of the default branch', () => {
  it(
    'names the line of each problem in the file as written (comments and blank lines included)',
    async () => {
      const harness = setup(report());
      const text = [
        '# Governance policy for the analytics monorepo.',
        '# Owned by the data platform team.',
        '',
        'check:',
        '  fail_on: warning',
        '',
        'rules:',
        '  ownership/model-has-owner: error',
        '  ownership/no-such-rule: warning',
      ].join('\n');
      await reviewWithConfig(harness, text);
      const output = summary(harness);
      expect(output.title).toBe('Policy config is invalid');
      expect(output.summary).toMatch(
        /^- `\.github\/dbt-steward\.yml:9` rules\.ownership\/no-such-rule: unknown rule id/m,
      );
      expect(harness.engineCalls).toEqual([]);
      finish(harness);
    },
    SLOW,
  );

  it(
    'reports a YAML syntax error at its line, not as a file that cannot be read',
    async () => {
      const harness = setup(report());
      const text = '# policy\ncheck:\n  fail_on: warning\nrules: [unclosed\n';
      await reviewWithConfig(harness, text);
      const output = summary(harness);
      expect(output.title).toBe('Policy config is invalid');
      expect(output.summary).toMatch(/^- `\.github\/dbt-steward\.yml:[45]` /m);
      expect(output.summary).not.toContain('cannot be read');
      finish(harness);
    },
    SLOW,
  );

  it(
    'rejects a key given twice, at its line, as Probot\u2019s loader would (the last one does not silently win)',
    async () => {
      const harness = setup(report());
      const text = 'rules:\n  ownership/model-has-owner: off\n\nrules:\n  contracts/breaking-change: warning\n';
      await reviewWithConfig(harness, text);
      expect(summary(harness).summary).toMatch(
        /^- `\.github\/dbt-steward\.yml:4` YAML syntax error: duplicated mapping key/m,
      );
      finish(harness);
    },
    SLOW,
  );

  it(
    'says a failed request is no problem of the config: the run asks for a re-run instead of a fix',
    async () => {
      const harness = setup(report());
      start(harness)
        .get(`${REPO}${CONFIG}`)
        .reply(502, 'Bad Gateway')
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness);
      const output = summary(harness);
      expect(output.title).toBe('dbt-steward could not finish');
      expect(output.summary).not.toContain('does not validate');
      finish(harness);
    },
    SLOW,
  );

  it(
    'reports a folder of that name in the organisation\u2019s repository as no file, naming the repository',
    async () => {
      const harness = setup(report());
      start(harness)
        .get(`${REPO}${CONFIG}`)
        .reply(404)
        .get(`${ORG}${CONFIG}`)
        .reply(200, [{ name: 'a.yml', type: 'file' }])
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness);
      expect(summary(harness).summary).toMatch(
        /^- `\.github\/dbt-steward\.yml` \(Codertocat\/\.github\) is a folder or a submodule, not a file$/m,
      );
      finish(harness);
    },
    SLOW,
  );

  it(
    "names the organisation's repository when its `.github` file is the one with the problem",
    async () => {
      const harness = setup(report());
      start(harness)
        .get(`${REPO}${CONFIG}`)
        .reply(404)
        .get(`${ORG}${CONFIG}`)
        .reply(200, 'check:\n  fail_on: sometimes\n', RAW)
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness);
      expect(summary(harness).summary).toMatch(
        /^- `\.github\/dbt-steward\.yml:2` \(Codertocat\/\.github\) check\.fail_on/m,
      );
      finish(harness);
    },
    SLOW,
  );

  it(
    'follows `_extends` through Probot’s loader: the base file’s settings apply, overridden by the repository’s',
    async () => {
      const harness = setup(report());
      const own = '_extends: governance\ncheck:\n  fail_on: warning\n';
      const shared = 'check:\n  fail_on: error\nreviewers:\n  max: 3\n';
      expectBaseTree(
        start(harness)
          // Read as text first; then Probot's loader reads the chain: the file again, and the one it extends.
          .get(`${REPO}${CONFIG}`)
          .reply(200, own, RAW)
          .get(`${REPO}${CONFIG}`)
          .reply(200, own, RAW)
          .get(`/repos/Codertocat/governance${CONFIG}`)
          .reply(200, shared, RAW),
      )
        .post('/graphql')
        .reply(200, graphqlBlobs(blobs))
        .get(`${REPO}/pulls/2/comments`)
        .query({ per_page: 100 })
        .reply(200, [])
        .patch(`${REPO}/check-runs/8`)
        .reply(200, { id: 8 });
      await receive(harness);
      expect(harness.engineCalls[0]?.config.check.fail_on).toBe('warning');
      expect(harness.engineCalls[0]?.config.reviewers.max).toBe(3);
      expect(calls(harness).filter((call) => call.includes(CONFIG))).toEqual([
        `GET ${REPO}${CONFIG}`,
        `GET ${REPO}${CONFIG}`,
        `GET /repos/Codertocat/governance${CONFIG}`,
      ]);
      finish(harness);
    },
    SLOW,
  );
});
