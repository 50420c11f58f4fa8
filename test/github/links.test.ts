// A symbolic link in a reviewed repository is read as its target, as a checkout reads it: a pull request that
// changes (or removes) only the target changes the link's model, and the review must see that.
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { createCache, type TreeFile } from '../../src/github/cache.js';
import { buildFileMaps } from '../../src/github/files.js';
import { withLinksTo } from '../../src/github/trees.js';
import { report } from '../review/builders.js';
import { expectQuietReview, opened } from './fixtures.js';
import { API, finish, graphqlBlobs, setup, sha, tree } from './harness.js';

const ref = { owner: 'Codertocat', repo: 'Hello-World' };
const octokit = () =>
  new ProbotOctokit({ auth: { token: 'test' }, retry: { enabled: false }, throttle: { enabled: false } });

afterEach(() => nock.cleanAll());

const project: TreeFile = { path: 'proj/dbt_project.yml', sha: sha('project'), size: 10 };
const target = (label: string): TreeFile => ({ path: 'shared/orders.sql', sha: sha(label), size: 30 });
const link = (label: string): TreeFile => ({
  path: 'proj/models/orders.sql',
  sha: sha(label),
  size: 30,
  link: 'shared/orders.sql',
});

describe('symbolic links in a pull request', () => {
  it('count a change to a link they pass through as a change to the link', () => {
    const chained: TreeFile = { ...link('new'), through: ['proj/models/orders.sql', 'shared/current'] };
    expect(withLinksTo(['shared/current'], [chained])).toEqual(['shared/current', 'proj/models/orders.sql']);
  });

  it('count a change to their target as a change to the link, in any project', () => {
    const head = [project, target('new'), link('new')];
    expect(withLinksTo(['shared/orders.sql'], head)).toEqual(['shared/orders.sql', 'proj/models/orders.sql']);
    expect(withLinksTo(['proj/other.sql'], head)).toEqual(['proj/other.sql']);
  });

  it('read the base version of a linked model from the base tree when only the target changed', async () => {
    nock.disableNetConnect();
    const texts = {
      [sha('project')]: 'name: shop\n',
      [sha('old')]: 'select 1 as id, 2 as amount',
      [sha('new')]: 'select 1 as id',
    };
    const api = nock(API).post('/graphql').reply(200, graphqlBlobs(texts));
    const trees = { base: [project, target('old'), link('old')], head: [project, target('new'), link('new')] };
    // GitHub lists the target as changed, never the link.
    const changed = [{ filename: 'shared/orders.sql', status: 'modified' as const }];
    const maps = await buildFileMaps(octokit(), createCache(), ref, trees, changed, ['proj/']);
    expect(maps.base.get('proj/models/orders.sql')).toBe('select 1 as id, 2 as amount');
    expect(maps.head.get('proj/models/orders.sql')).toBe('select 1 as id');
    expect(api.isDone()).toBe(true);
  });

  it('keep a linked model at base when the pull request removes its target (the link then leads nowhere)', async () => {
    nock.disableNetConnect();
    const texts = { [sha('project')]: 'name: shop\n', [sha('old')]: 'select 1 as id' };
    nock(API).post('/graphql').reply(200, graphqlBlobs(texts));
    const trees = { base: [project, target('old'), link('old')], head: [project] };
    const changed = [{ filename: 'shared/orders.sql', status: 'removed' as const }];
    const maps = await buildFileMaps(octokit(), createCache(), ref, trees, changed, ['proj/']);
    expect(maps.base.get('proj/models/orders.sql')).toBe('select 1 as id');
    expect(maps.head.has('proj/models/orders.sql')).toBe(false);
  });
});

/** A tree of `files` (path -> blob label) and one link, `analytics/models/orders.sql -> ../../shared/orders.sql`. */
function treeWithLink(files: Record<string, string>, withLink = true) {
  const listing = tree(Object.fromEntries(Object.entries(files).map(([path, label]) => [path, sha(label)])));
  const link = { path: 'analytics/models/orders.sql', mode: '120000', type: 'blob', sha: sha('link'), size: 23 };
  if (withLink) listing.tree.push({ ...link, url: '' });
  return listing;
}

/**
 * A whole review of pull request 2 that changes `changed`, whose head and base trees are given, up to the engine
 * (a stub that finds nothing): what the engine was handed.
 */
async function reviewedFiles(changed: unknown[], head: ReturnType<typeof tree>, base: ReturnType<typeof tree>) {
  const harness = setup(report());
  const texts = {
    [sha('link')]: '../../shared/orders.sql',
    [sha('project')]: 'name: analytics\n',
    [sha('other-project')]: 'name: other\n',
    [sha('old')]: 'select 1 as id, 2 as amount\n',
    [sha('new')]: 'select 1 as id\n',
    [sha('y-old')]: 'select 1\n',
    [sha('y-new')]: 'select 2\n',
  };
  // GraphQL: the link's text (whichever tree is read first has it; the other finds it cached), the projects'
  // dbt_project.yml (the change outside every project may be in a folder one of them reads), then the files.
  expectQuietReview(harness.api, changed, { head, base }, texts, 3);
  await harness.probot.receive(opened() as never);
  expect(harness.engineCalls).toHaveLength(1);
  finish(harness);
  return harness.engineCalls[0]!;
}

describe('a pull request that changes only the target of a linked model, outside the project', () => {
  it('is reviewed, with the model changed between base and head', async () => {
    const project = { 'analytics/dbt_project.yml': 'project' };
    const input = await reviewedFiles(
      [{ filename: 'shared/orders.sql', status: 'modified' }],
      treeWithLink({ ...project, 'shared/orders.sql': 'new' }),
      treeWithLink({ ...project, 'shared/orders.sql': 'old' }),
    );
    expect(input.base.get('analytics/models/orders.sql')).toBe('select 1 as id, 2 as amount\n');
    expect(input.head.get('analytics/models/orders.sql')).toBe('select 1 as id\n');
  });

  it('removes the linked model when it removes the target, even when the pull request touches another project', async () => {
    const projects = { 'analytics/dbt_project.yml': 'project', 'other/dbt_project.yml': 'other-project' };
    const input = await reviewedFiles(
      [
        { filename: 'shared/orders.sql', status: 'removed' },
        { filename: 'other/models/y.sql', status: 'modified' },
      ],
      treeWithLink({ ...projects, 'other/models/y.sql': 'y-new' }, false),
      treeWithLink({ ...projects, 'other/models/y.sql': 'y-old', 'shared/orders.sql': 'old' }),
    );
    expect(input.base.get('analytics/models/orders.sql')).toBe('select 1 as id, 2 as amount\n');
    expect(input.head.has('analytics/models/orders.sql')).toBe(false);
    expect(input.head.get('other/models/y.sql')).toBe('select 2\n');
  });
});
