// Projects that read folders outside their own (`model-paths: [models, ../../sources]`, as monorepos sharing sources
// between projects write it): a pull request that changes only such a folder is reviewed, for the projects that
// read it, with the folder's files read at base and head.
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { report } from '../review/builders.js';
import { expectBaseTree, expectChangedFiles, expectNewRunWithoutConfig, opened } from './fixtures.js';
import { REPO, finish, graphqlBlobs, setup, sha, tree } from './harness.js';

afterEach(() => nock.cleanAll());

const texts = {
  [sha('sales-project')]: 'name: sales\nmodel-paths: [models, ../../sources]\n',
  [sha('other-project')]: 'name: other\n',
  [sha('orders')]: "select * from {{ source('crm', 'customers') }}\n",
  [sha('x')]: 'select 1 as id\n',
  [sha('crm-new')]: 'sources:\n  - name: crm\n    tables: [{name: customers}, {name: deals}]\n',
  [sha('crm-old')]: 'sources:\n  - name: crm\n    tables: [{name: customers}]\n',
};

const treeWith = (crm: string) =>
  tree({
    'dbt_subprojects/sales/dbt_project.yml': sha('sales-project'),
    'dbt_subprojects/sales/models/orders.sql': sha('orders'),
    'dbt_subprojects/other/dbt_project.yml': sha('other-project'),
    'dbt_subprojects/other/models/x.sql': sha('x'),
    'sources/crm.yml': sha(crm),
  });

describe('a pull request that changes only a folder shared by projects, outside them', () => {
  it('is reviewed for the projects that read it, the folder read at base and head', async () => {
    const harness = setup(report());
    const changed = [{ filename: 'sources/crm.yml', status: 'modified' }];
    // GraphQL: the projects' dbt_project.yml (which of them read the changed folder), the reviewed project's
    // files, then the folder it reads.
    expectBaseTree(
      expectNewRunWithoutConfig(expectChangedFiles(harness.api, changed, treeWith('crm-new')), 4),
      treeWith('crm-old'),
    )
      .post('/graphql')
      .times(3)
      .reply(200, graphqlBlobs(texts))
      .get(`${REPO}/pulls/2/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .patch(`${REPO}/check-runs/4`)
      .reply(200, { id: 4 });
    await harness.probot.receive(opened() as never);
    expect(harness.engineCalls).toHaveLength(1);
    finish(harness);
    const input = harness.engineCalls[0]!;
    expect([...input.head.keys()].sort()).toEqual([
      'dbt_subprojects/sales/dbt_project.yml',
      'dbt_subprojects/sales/models/orders.sql',
      'sources/crm.yml',
    ]);
    expect(input.head.get('sources/crm.yml')).toBe(texts[sha('crm-new')]);
    expect(input.base.get('sources/crm.yml')).toBe(texts[sha('crm-old')]);
  });
});
