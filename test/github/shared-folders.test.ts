// Projects that read folders outside their own (`model-paths: [models, ../../sources]`, as monorepos sharing sources
// between projects write it): a pull request that changes only such a folder is reviewed, for the projects that
// read it, with the folder's files read at base and head.
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { report } from '../review/builders.js';
import { expectQuietReview, opened } from './fixtures.js';
import { finish, setup, sha, tree } from './harness.js';

afterEach(() => nock.cleanAll());

const texts: Record<string, string> = {
  [sha('sales-project')]: 'name: sales\nmodel-paths: [models, ../../sources]\n',
  [sha('other-project')]: 'name: other\n',
  [sha('orders')]: "select * from {{ source('crm', 'customers') }}\n",
  [sha('x')]: 'select 1 as id\n',
  [sha('crm-new')]: 'sources:\n  - name: crm\n    tables: [{name: customers}, {name: deals}]\n',
  [sha('crm-old')]: 'sources:\n  - name: crm\n    tables: [{name: customers}]\n',
  [sha('a-project')]: 'name: a\n',
  [sha('b-project')]: 'name: b\nmacro-paths: [macros, ../a/macros]\n',
  [sha('b-project-old')]: 'name: b\nmodel-paths: [models, ../shared]\n',
  [sha('x-old')]: '{% macro x() %}1{% endmacro %}\n',
  [sha('x-new')]: '{% macro x() %}2{% endmacro %}\n',
  [sha('bm')]: 'select {{ x() }} as id\n',
  [sha('stg')]: 'select 1 as id\n',
  [sha('shared-stg')]: 'select 2 as id\n',
};

/**
 * A whole review of pull request 2 (no findings) whose trees hold `path -> blob label`: the engine's input, and the
 * blobs each GraphQL request asked for; `batches` requests expected.
 */
async function reviewed(changed: unknown[], head: Record<string, string>, base: Record<string, string>, batches = 2) {
  const harness = setup(report());
  const named = (files: Record<string, string>) =>
    tree(Object.fromEntries(Object.entries(files).map(([path, label]) => [path, sha(label)])));
  expectQuietReview(harness.api, changed, { head: named(head), base: named(base) }, texts, batches);
  await harness.probot.receive(opened() as never);
  expect(harness.engineCalls).toHaveLength(1);
  finish(harness);
  const asked = harness.requests
    .filter((r) => r.path === '/graphql')
    .map((r) => [...String((r.body as { query: string }).query).matchAll(/oid: "(\w+)"/g)].map((m) => m[1]).sort());
  return { input: harness.engineCalls[0]!, asked };
}

const sales = (crm: string) => ({
  'dbt_subprojects/sales/dbt_project.yml': 'sales-project',
  'dbt_subprojects/sales/models/orders.sql': 'orders',
  'dbt_subprojects/other/dbt_project.yml': 'other-project',
  'dbt_subprojects/other/models/x.sql': 'x',
  'sources/crm.yml': crm,
});

describe('a pull request that changes only a folder shared by projects, outside them', () => {
  it('is reviewed for the projects that read it, the folder read at base and head', async () => {
    const changed = [{ filename: 'sources/crm.yml', status: 'modified' }];
    const { input, asked } = await reviewed(changed, sales('crm-new'), sales('crm-old'));
    // The projects' dbt_project.yml (which of them read the changed folder), then the reviewed project's files with
    // the folder it reads.
    expect(asked).toEqual([
      [sha('other-project'), sha('sales-project')].sort(),
      [sha('crm-new'), sha('crm-old'), sha('orders')].sort(),
    ]);
    expect([...input.head.keys()].sort()).toEqual([
      'dbt_subprojects/sales/dbt_project.yml',
      'dbt_subprojects/sales/models/orders.sql',
      'sources/crm.yml',
    ]);
    expect(input.head.get('sources/crm.yml')).toBe(texts[sha('crm-new')]);
    expect(input.base.get('sources/crm.yml')).toBe(texts[sha('crm-old')]);
  });
});

describe('a pull request that changes a folder another project reads', () => {
  it('reviews that project too when the folder lies inside a project', async () => {
    const files = (x: string) => ({
      'a/dbt_project.yml': 'a-project',
      'a/macros/x.sql': x,
      'b/dbt_project.yml': 'b-project',
      'b/models/bm.sql': 'bm',
    });
    const { input } = await reviewed(
      [{ filename: 'a/macros/x.sql', status: 'modified' }],
      files('x-new'),
      files('x-old'),
    );
    expect([...input.head.keys()].sort()).toEqual([
      'a/dbt_project.yml',
      'a/macros/x.sql',
      'b/dbt_project.yml',
      'b/models/bm.sql',
    ]);
  });

  it('reads a folder only the base names, so that what the pull request drops from it is seen', async () => {
    const changed = [
      { filename: 'b/dbt_project.yml', status: 'modified' },
      { filename: 'shared/stg.sql', status: 'removed' },
    ];
    const { input } = await reviewed(
      changed,
      { 'b/dbt_project.yml': 'a-project', 'b/models/bm.sql': 'stg' },
      { 'b/dbt_project.yml': 'b-project-old', 'b/models/bm.sql': 'stg', 'shared/stg.sql': 'shared-stg' },
      3,
    );
    expect(input.base.has('shared/stg.sql')).toBe(true);
    expect(input.head.has('shared/stg.sql')).toBe(false);
  });
});
