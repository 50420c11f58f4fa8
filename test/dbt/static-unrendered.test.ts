// unrendered_config of config() calls as written, as dbt 1.9+ records it under its behaviour flag
// `state_modified_compare_more_unrendered_values` (off by default before 1.12, on from 1.12): a manifest dbt 1.12.4
// wrote for a public Fivetran package has `"enabled": "var('mntn__using_ad_info', True)"` for
// `config(enabled=var('mntn__using_ad_info', True))`.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';

type Json = Record<string, Record<string, unknown>>;

const PROJECT = ['name: shop', 'version: "1"', 'models:', '  shop:', '    +materialized: view', ''].join('\n');
const files = (flags = '') =>
  new Map([
    ['dbt_project.yml', PROJECT + flags],
    [
      'models/orders.sql',
      "{{ config(enabled=var('use_orders', True), tags=['daily'], alias='o_' ~ target.name) }}\nselect 1 as id\n",
    ],
    // Rendered by dbt (an expression), not read by its static parser: the flag's first call as written applies.
    ['models/customers.sql', "{{ config(materialized='table') }}\n{{ config(alias='c' ~ '') }}\nselect 1 as id\n"],
    // Read by dbt's static parser: no config() runs, so the flag records nothing; the calls as written.
    [
      'models/static_model.sql',
      "{{ config(materialized='table', tags=['a']) }}\n{{ config(alias='s') }}\nselect 1 as id\n",
    ],
    ['models/plain.sql', 'select 1 as id\n'],
    ['models/py_model.py', "def model(dbt, session):\n    dbt.config(materialized='table')\n    return None\n"],
    [
      'models/_models.yml',
      [
        'models:',
        '  - name: orders',
        '    config: {meta: {owner: sales}}',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - accepted_values: {values: [1, 2], config: {severity: warn, store_failures: true}}',
        '          - not_null: {config: {severity: warn}}',
        '',
      ].join('\n'),
    ],
    ['tests/no_negative.sql', "{{ config(severity='warn') }}\nselect 1 from {{ ref('orders') }} where false\n"],
  ]);

const nodesOf = (version: string | undefined, flags = '') => {
  const shape = version === undefined ? undefined : manifestShape(version)!;
  const graph = compile(files(flags), {
    project: '',
    tests: true,
    ...(shape ? { dbtVersion: shape.version } : {}),
  });
  const target = { schema: 'public', database: 'analytics', type: 'postgres' };
  return (toManifest(graph, shape ? { ...target, shape } : target) as { nodes: Json }).nodes;
};
const unrendered = (nodes: Json, id: string) => nodes[id]!['unrendered_config'];
const testId = (nodes: Json, prefix: string) => Object.keys(nodes).find((id) => id.startsWith(prefix))!;

describe('unrendered_config of config() calls', () => {
  it('holds the rendered values without the flag (dbt 1.11, the default)', () => {
    const nodes = nodesOf(undefined);
    expect(unrendered(nodes, 'model.shop.orders')).toEqual({
      materialized: 'view',
      meta: { owner: 'sales' },
      enabled: true,
      tags: ['daily'],
      alias: 'o_dev',
    });
    // Every call counts, the second one too.
    expect(unrendered(nodes, 'model.shop.customers')).toEqual({ materialized: 'table', alias: 'c' });
  });

  it("holds dbt 1.12's text of the first call: strings bare, other values rebuilt", () => {
    const nodes = nodesOf('1.12.4');
    expect(unrendered(nodes, 'model.shop.orders')).toEqual({
      materialized: 'view',
      meta: { owner: 'sales' },
      enabled: "var('use_orders', True)",
      tags: "['daily']",
      alias: "'o_' ~ target.name",
    });
    // Only the first call is read: the second call's alias is not recorded (it is in config).
    expect(unrendered(nodes, 'model.shop.customers')).toEqual({ materialized: 'table' });
    // A file dbt's static parser reads: ModelParser.populate's update(dict(configs)), a list kept a list.
    expect(unrendered(nodes, 'model.shop.static_model')).toEqual({ materialized: 'table', tags: ['a'], alias: 's' });
    expect(nodes['model.shop.customers']!['config']).toMatchObject({ alias: 'c' });
    // No config() call, or a Python model: the project's and entry's layers as before.
    expect(unrendered(nodes, 'model.shop.plain')).toEqual({ materialized: 'view' });
    expect(unrendered(nodes, 'model.shop.py_model')).toEqual({ materialized: 'table' });
  });

  it("holds Jinja's node repr with the flag set before 1.12, and the rendered values when a project turns it off", () => {
    const flag = (on: boolean) => `flags:\n  state_modified_compare_more_unrendered_values: ${on}\n`;
    const v111 = nodesOf('1.11.8', flag(true));
    expect(unrendered(v111, 'model.shop.customers')).toEqual({
      materialized: "Keyword(key='materialized', value=Const(value='table'))",
    });
    expect(unrendered(nodesOf('1.8', flag(true)), 'model.shop.customers')).toEqual({
      materialized: 'table',
      alias: 'c',
    });
    expect(unrendered(nodesOf('1.12', flag(false)), 'model.shop.orders')).toMatchObject({ enabled: true });
    // Without --dbt-version (dbt 1.11.9+), the project's flag decides too.
    expect(unrendered(nodesOf(undefined, flag(true)), 'model.shop.orders')).toMatchObject({
      enabled:
        "Keyword(key='enabled', value=Call(node=Name(name='var', ctx='load'), args=[Const(value='use_orders'), " +
        'Const(value=True)], kwargs=[], dyn_args=None, dyn_kwargs=None))',
    });
  });

  it("keeps a property entry's config as written, Jinja and all, merged over the rendered one", () => {
    const own = files()
      .set('models/plain.sql', 'select 1 as id\n')
      .set(
        'models/_plain.yml',
        [
          'models:',
          '  - name: plain',
          '    config:',
          '      alias: "{{ target.name }}_plain"',
          "      meta: {owner: \"{{ var('owner', 'ops') }}\"}",
          '    access: public',
          '',
        ].join('\n'),
      );
    const compiled = (version?: string) => {
      const shape = version === undefined ? undefined : manifestShape(version)!;
      const graph = compile(own, { project: '', ...(shape ? { dbtVersion: shape.version } : {}) });
      return graph.nodes['model.shop.plain']!.unrendered_config;
    };
    expect(compiled('1.12')).toEqual({
      materialized: 'view',
      alias: '{{ target.name }}_plain',
      meta: { owner: "{{ var('owner', 'ops') }}" },
      access: 'public',
    });
    expect(compiled()).toEqual({ materialized: 'view', alias: 'dev_plain', meta: { owner: 'ops' }, access: 'public' });
  });

  it("reads a rendered test's config() call from its raw_code, not the not_null/unique shortcut's", () => {
    const nodes = nodesOf('1.12');
    expect(unrendered(nodes, testId(nodes, 'test.shop.accepted_values_orders_id'))).toEqual({
      severity: 'warn',
      store_failures: 'True',
    });
    expect(unrendered(nodes, testId(nodes, 'test.shop.not_null_orders_id'))).toEqual({ severity: 'warn' });
    expect(unrendered(nodes, 'test.shop.no_negative')).toEqual({ severity: 'warn' });
    const v111 = nodesOf('1.11');
    expect(unrendered(v111, testId(v111, 'test.shop.accepted_values_orders_id'))).toEqual({
      severity: 'warn',
      store_failures: true,
    });
  });
});

describe("unrendered_config of a property entry's top-level configs", () => {
  it("appends them to its config: as dbt's normalize_*_attribute calls do, meta, docs, group, contract, access", () => {
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: shop\n'],
        ['models/a.sql', 'select 1 as id\n'],
        [
          'models/a.yml',
          [
            'groups: [{name: g, owner: {name: o}}]',
            'models:',
            '  - name: a',
            '    access: public',
            '    contract: {enforced: false}',
            '    group: g',
            '    docs: {show: false}',
            '    config: {materialized: table}',
            '    meta: {owner: x}',
            '',
          ].join('\n'),
        ],
      ]),
      { project: '' },
    );
    expect(Object.keys(graph.nodes['model.shop.a']!.unrendered_config ?? {})).toEqual([
      'materialized',
      'meta',
      'docs',
      'group',
      'contract',
      'access',
    ]);
  });
});

describe('unrendered_config of config() calls: when dbt reads them as written', () => {
  const manifestOf = (extra: Array<[string, string]>, version: string, flags = '') => {
    const own = new Map([...files(flags), ...extra]);
    const shape = manifestShape(version)!;
    const graph = compile(own, { project: '', tests: true, dbtVersion: shape.version });
    const target = { schema: 'public', database: 'analytics', type: 'postgres', shape };
    return (toManifest(graph, target) as { nodes: Json }).nodes;
  };

  it('only when a config() call ran at parse time, and was written in the file itself', () => {
    const nodes = manifestOf(
      [
        ['models/never.sql', "{% if false %}{{ config(materialized='table') }}{% endif %}\nselect 1 as id\n"],
        ['macros/as_table.sql', "{% macro as_table() %}{{ config(materialized='table') }}{% endmacro %}\n"],
        ['models/by_macro.sql', '{{ as_table() }}\nselect 1 as id\n'],
        ['tests/never.sql', "{% if false %}{{ config(severity='warn') }}{% endif %}\nselect 1 as id where false\n"],
      ],
      '1.12',
    );
    expect(unrendered(nodes, 'model.shop.never')).toEqual({ materialized: 'view' });
    // dbt parses the model's own text, which has no config( call: the rendered values stay.
    expect(unrendered(nodes, 'model.shop.by_macro')).toEqual({ materialized: 'table' });
    expect(unrendered(nodes, 'test.shop.never')).toEqual({});
  });

  it("keeps a not_null test's rendered values: dbt's shortcut never renders its raw_code", () => {
    const nodes = manifestOf(
      [
        [
          'models/_never.yml',
          'models:\n  - name: plain\n    columns:\n      - name: id\n        data_tests:\n          - not_null: {config: {store_failures: true}}\n',
        ],
      ],
      '1.12',
    );
    expect(unrendered(nodes, testId(nodes, 'test.shop.not_null_plain_id'))).toEqual({ store_failures: true });
  });

  it("reads a version's own config: as written, the model's rendered (dbt-core #15973)", () => {
    const nodes = manifestOf(
      [
        ['models/vm_v1.sql', 'select 1 as id\n'],
        ['models/vm_v2.sql', 'select 1 as id\n'],
        [
          'models/_vm.yml',
          [
            'models:',
            '  - name: vm',
            '    latest_version: 2',
            '    config: {meta: {level: "{{ \'model\' }}"}}',
            '    versions:',
            '      - v: 1',
            '        config: {tags: ["{{ \'v1\' }}"]}',
            '      - v: 2',
            '',
          ].join('\n'),
        ],
      ],
      '1.12',
    );
    expect(unrendered(nodes, 'model.shop.vm.v1')).toEqual({
      materialized: 'view',
      meta: { level: 'model' },
      tags: ["{{ 'v1' }}"],
    });
    expect(unrendered(nodes, 'model.shop.vm.v2')).toEqual({ materialized: 'view', meta: { level: 'model' } });
  });

  it("keeps in config the newer keys a later call sets, though unrendered_config holds the first call's", () => {
    const nodes = manifestOf(
      [
        [
          'models/two.sql',
          "{{ config(materialized='table') }}\n{{ config(static_analysis='off', event_time='t' ~ 's') }}\nselect 1 as id\n",
        ],
      ],
      '1.11.0',
      'flags:\n  state_modified_compare_more_unrendered_values: true\n',
    );
    expect(nodes['model.shop.two']!['config']).toMatchObject({ static_analysis: 'off', event_time: 'ts' });
    expect(Object.keys(unrendered(nodes, 'model.shop.two') as object)).toEqual(['materialized']);
  });
});

describe('not_null and unique before dbt 1.10', () => {
  // A manifest dbt 1.7.5 wrote (a dagster-dbt test project): `unique: {severity: warn, tags: [data_quality]}` gives
  // config.severity "WARN" and config.tags [] (the tags on the node only); dbt-core #11208 changed it in 1.10.
  const own = new Map([
    ['dbt_project.yml', 'name: shop\nversion: "1"\n'],
    ['models/orders.sql', 'select 1 as id\n'],
    [
      'models/_orders.yml',
      [
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique: {config: {severity: warn, tags: [data_quality], my_key: 1}}',
        '          - accepted_values: {values: [1], config: {severity: warn, tags: [data_quality]}}',
        '',
      ].join('\n'),
    ],
  ]);
  const testOf = (version: string | undefined, prefix: string) => {
    const shape = version === undefined ? undefined : manifestShape(version)!;
    const graph = compile(own, { project: '', tests: true, ...(shape ? { dbtVersion: shape.version } : {}) });
    const target = { schema: 'public', database: 'analytics', type: 'postgres' };
    const nodes = (toManifest(graph, shape ? { ...target, shape } : target) as { nodes: Json }).nodes;
    return nodes[testId(nodes, prefix)]!;
  };

  it('configures them by get_static_config: severity upper-cased, no tags and no keys of the user in config', () => {
    const old = testOf('1.8', 'test.shop.unique_orders_id');
    expect(old['config']).toMatchObject({ severity: 'WARN', tags: [] });
    expect(old['config']).not.toHaveProperty('my_key');
    expect(old['unrendered_config']).toEqual({ severity: 'WARN' });
    expect(old['tags']).toEqual(['data_quality']);
  });

  it('gives them their whole config from 1.10 on, and every other test always', () => {
    const now = testOf(undefined, 'test.shop.unique_orders_id');
    expect(now['config']).toMatchObject({ severity: 'warn', tags: ['data_quality'], my_key: 1 });
    expect(now['unrendered_config']).toEqual({ severity: 'warn', tags: ['data_quality'], my_key: 1 });
    expect(testOf('1.8', 'test.shop.accepted_values_orders_id')['config']).toMatchObject({
      severity: 'warn',
      tags: ['data_quality'],
    });
  });
});
