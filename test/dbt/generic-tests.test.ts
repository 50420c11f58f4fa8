// Generic data tests of property files become dbt's test nodes. The fixtures (test/fixtures/dbt/generic-tests)
// declare the tests of two public projects whose committed manifests `dbt parse` wrote (dbt 1.10 and 1.11), under
// the same model, source and column names: the ids, aliases and kwargs expected here are the ones dbt gave them.
import { createHash } from 'node:crypto';
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { pythonFloat, pythonRepr, pythonStr, pythonStringRepr } from '../../src/dbt/python-text.js';
import { loadYaml } from '../../src/dbt/yaml/yaml.js';
import type { Graph } from '../../src/dbt/types.js';
import { loadFixture } from '../support/load-fixture.js';
import { compileFiles, diagnosticsOf } from './helpers.js';

const TARGET = { schema: 'main', database: 'dev', type: 'duckdb' };

function build(name: string): { graph: Graph; manifest: Record<string, unknown> } {
  const graph = compile(loadFixture(`generic-tests/${name}`), { project: '', target: TARGET, tests: true });
  return { graph, manifest: toManifest(graph, TARGET) };
}

const testsOf = (manifest: Record<string, unknown>): Record<string, Record<string, unknown>> =>
  Object.fromEntries(
    Object.entries(manifest['nodes'] as Record<string, Record<string, unknown>>).filter(([id]) =>
      id.startsWith('test.'),
    ),
  );

describe('generic tests of models', () => {
  const { graph, manifest } = build('adtech');
  const tests = testsOf(manifest);

  it('get the unique ids dbt gives them (name, then the md5 of name and metadata)', () => {
    expect(Object.keys(tests)).toEqual(
      expect.arrayContaining([
        'test.adtech.unique_stg_advertisers_advertiser_id.4e29160c92',
        'test.adtech.not_null_stg_advertisers_advertiser_id.74304c67ed',
        'test.adtech.accepted_values_stg_advertisers_status__active__paused.b7cce8e0e2',
        'test.adtech.unique_stg_campaigns_campaign_id.72679b60d0',
        'test.adtech.not_null_stg_campaigns_campaign_id.644b49426a',
        'test.adtech.relationships_stg_campaigns_advertiser_id__advertiser_id__ref_stg_advertisers_.c9e35b8644',
        // Configs (`severity`, `where` under `config:`) are no arguments: the id is the one without them.
        'test.adtech.not_null_stg_ad_events_event_id.39843db2ec',
        'test.adtech.accepted_values_stg_ad_events_event_type__impression__click__conversion.8fd3c92052',
        'test.adtech.relationships_stg_ad_events_campaign_id__campaign_id__ref_stg_campaigns_.72ab2f2b6f',
      ]),
    );
  });

  it('write a relationships test as dbt does: short alias for a long name, kwargs, refs to first', () => {
    const test =
      tests['test.adtech.relationships_stg_campaigns_advertiser_id__advertiser_id__ref_stg_advertisers_.c9e35b8644']!;
    expect(test).toMatchObject({
      resource_type: 'test',
      name: 'relationships_stg_campaigns_advertiser_id__advertiser_id__ref_stg_advertisers_',
      alias: 'relationships_stg_campaigns_f450dcbc8667199a58493c0400536c31',
      path: 'relationships_stg_campaigns_f450dcbc8667199a58493c0400536c31.sql',
      original_file_path: 'models/staging/_staging.yml',
      fqn: ['adtech', 'staging', 'relationships_stg_campaigns_advertiser_id__advertiser_id__ref_stg_advertisers_'],
      raw_code:
        '{{ test_relationships(**_dbt_generic_test_kwargs) }}{{ config(alias="relationships_stg_campaigns_f450dcbc8667199a58493c0400536c31") }}',
      column_name: 'advertiser_id',
      file_key_name: 'models.stg_campaigns',
      attached_node: 'model.adtech.stg_campaigns',
      unrendered_config: { alias: 'relationships_stg_campaigns_f450dcbc8667199a58493c0400536c31' },
      test_metadata: {
        name: 'relationships',
        namespace: null,
        kwargs: {
          to: "ref('stg_advertisers')",
          field: 'advertiser_id',
          column_name: 'advertiser_id',
          model: "{{ get_where_subquery(ref('stg_campaigns')) }}",
        },
      },
      refs: [
        { name: 'stg_advertisers', package: null, version: null },
        { name: 'stg_campaigns', package: null, version: null },
      ],
      depends_on: {
        macros: ['macro.dbt.test_relationships', 'macro.dbt.get_where_subquery'],
        nodes: ['model.adtech.stg_advertisers', 'model.adtech.stg_campaigns'],
      },
      checksum: { name: 'none', checksum: '' },
      schema: 'main_dbt_test__audit',
      database: 'dev',
      relation_name: null,
    });
    expect(Object.keys(test.test_metadata as object)).toEqual(['name', 'kwargs', 'namespace']);
    expect((test.config as Record<string, unknown>)['alias']).toBe(test.alias);
  });

  it('keep not_null and unique on their own macro, and the default test config in dbt’s key order', () => {
    const test = tests['test.adtech.unique_stg_advertisers_advertiser_id.4e29160c92']!;
    expect(test['depends_on']).toEqual({ macros: ['macro.dbt.test_unique'], nodes: ['model.adtech.stg_advertisers'] });
    expect(test['raw_code']).toBe('{{ test_unique(**_dbt_generic_test_kwargs) }}');
    expect(test['alias']).toBe('unique_stg_advertisers_advertiser_id');
    expect(test['config']).toEqual({
      enabled: true,
      alias: null,
      schema: 'dbt_test__audit',
      database: null,
      tags: [],
      meta: {},
      group: null,
      static_analysis: null,
      materialized: 'test',
      severity: 'ERROR',
      store_failures: null,
      store_failures_as: null,
      where: null,
      limit: null,
      fail_calc: 'count(*)',
      warn_if: '!= 0',
      error_if: '!= 0',
    });
    // As dbt 1.11.9+ writes them (fid7's adtech manifest): NodeAndTestConfig's keys, then TestConfig's.
    expect(Object.keys(test['config'] as object)).toEqual([
      'enabled',
      'alias',
      'schema',
      'database',
      'tags',
      'meta',
      'group',
      'static_analysis',
      'materialized',
      'severity',
      'store_failures',
      'store_failures_as',
      'where',
      'limit',
      'fail_calc',
      'warn_if',
      'error_if',
    ]);
  });

  it('take configs beside the test and under `config:` into config and raw_code, in dbt’s order', () => {
    const test = tests['test.adtech.not_null_stg_ad_events_event_id.39843db2ec']!;
    expect(test['config']).toMatchObject({ severity: 'warn', where: "event_at > '2024-01-01'" });
    expect(test['raw_code']).toBe(
      `{{ test_not_null(**_dbt_generic_test_kwargs) }}{{ config(severity="warn",where="event_at > '2024-01-01'") }}`,
    );
    expect(test['unrendered_config']).toEqual({ severity: 'warn', where: "event_at > '2024-01-01'" });
  });

  it('name a test with `name:` as written, its tags from the test', () => {
    const named = Object.values(tests).find((t) => t['name'] === 'event_id_is_set')!;
    expect(named).toMatchObject({ alias: 'event_id_is_set', path: 'event_id_is_set.sql', tags: ['critical'] });
    expect(named['fqn']).toEqual(['adtech', 'staging', 'event_id_is_set']);
    expect((named['test_metadata'] as { kwargs: object }).kwargs).toEqual({
      column_name: 'event_id',
      model: "{{ get_where_subquery(ref('stg_ad_events')) }}",
    });
    expect(named['unique_id']).toMatch(/^test\.adtech\.event_id_is_set\.[0-9a-f]{10}$/);
  });

  it('apply data_tests: configs of dbt_project.yml by the test’s folder, and call a namespaced test’s macro', () => {
    const mart = Object.values(tests).filter((t) => (t['fqn'] as string[])[1] === 'marts');
    expect(mart.map((t) => t['name']).sort()).toEqual([
      'dbt_utils_expression_is_true_advertiser_spend_spend_0',
      'not_null_campaign_daily_campaign_id',
      'unique_advertiser_spend_advertiser_id',
    ]);
    for (const test of mart) expect(test['config']).toMatchObject({ severity: 'warn' });
    const expression = mart.find((t) => String(t['name']).startsWith('dbt_utils'))!;
    expect(expression).toMatchObject({
      column_name: null,
      raw_code: '{{ dbt_utils.test_expression_is_true(**_dbt_generic_test_kwargs) }}',
      test_metadata: { name: 'expression_is_true', namespace: 'dbt_utils' },
      depends_on: {
        macros: ['macro.dbt_utils.test_expression_is_true', 'macro.dbt.get_where_subquery'],
        nodes: ['model.adtech.advertiser_spend'],
      },
    });
  });

  it('list a test disabled by its own config under disabled; keep one of a disabled model, disabled, as dbt does', () => {
    const disabled = manifest['disabled'] as Record<string, Array<Record<string, unknown>>>;
    expect(disabled['test.adtech.unique_stg_ad_events_event_id.a6189a6044']?.[0]).toMatchObject({
      resource_type: 'test',
    });
    expect(tests['test.adtech.unique_stg_ad_events_event_id.a6189a6044']).toBeUndefined();
    // dbt's process_refs: a test whose ref leads to a disabled node is disabled and stays among the nodes,
    // without that dependency; dbt warns.
    const ofDisabled = Object.values(tests).find((t) => t['name'] === 'not_null_campaign_daily_campaign_id')!;
    expect(ofDisabled['config']).toMatchObject({ enabled: false });
    expect(ofDisabled['depends_on']).toEqual({ macros: ['macro.dbt.test_not_null'], nodes: [] });
    expect(ofDisabled['attached_node']).toBe('model.adtech.campaign_daily');
    expect(graph.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'test-target-missing', severity: 'warning', file: 'models/marts/_marts.yml' }),
    );
  });

  it('put tests in parent_map and child_map as dbt does, and nowhere reviews look', () => {
    const childMap = manifest['child_map'] as Record<string, string[]>;
    const parentMap = manifest['parent_map'] as Record<string, string[]>;
    const relationships =
      'test.adtech.relationships_stg_campaigns_advertiser_id__advertiser_id__ref_stg_advertisers_.c9e35b8644';
    expect(parentMap[relationships]).toEqual(['model.adtech.stg_advertisers', 'model.adtech.stg_campaigns']);
    expect(childMap[relationships]).toEqual([]);
    const children = childMap['model.adtech.stg_advertisers']!;
    expect(children).toEqual([...children].sort());
    expect(children).toEqual(expect.arrayContaining([relationships, 'model.adtech.advertiser_spend']));
    // The graph reviews read: no test among its nodes or maps.
    expect(Object.keys(graph.nodes).some((id) => id.startsWith('test.'))).toBe(false);
    expect(graph.child_map['model.adtech.stg_advertisers']).toEqual(['model.adtech.advertiser_spend']);
  });

  it('are built only when asked for: reviews read no tests', () => {
    const plain = compile(loadFixture('generic-tests/adtech'), { project: '', target: TARGET });
    expect(plain.tests).toBeUndefined();
    expect(Object.keys(toManifest(plain, TARGET)['nodes'] as object).some((id) => id.startsWith('test.'))).toBe(false);
    expect(plain.diagnostics.filter((d) => d.code === 'test-target-missing' || d.code === 'invalid-test')).toEqual([]);
  });

  it('report a test entry dbt would refuse, at its line, and keep the others', () => {
    expect(graph.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid-test', file: 'models/staging/_staging.yml', line: 47 }),
      ]),
    );
  });
});

describe('generic tests of sources', () => {
  const { manifest } = build('shop');
  const tests = testsOf(manifest);

  it('are named source_<test>_<source>_<table>, depend on the source table and are attached to nothing', () => {
    const id = 'test.shopverse_analytics.source_unique_shopverse_raw_bronze_orders_order_id.656dd56f11';
    expect(tests[id]).toMatchObject({
      file_key_name: 'sources.shopverse_raw',
      attached_node: null,
      refs: [],
      sources: [['shopverse_raw', 'bronze_orders']],
      depends_on: {
        macros: ['macro.dbt.test_unique'],
        nodes: ['source.shopverse_analytics.shopverse_raw.bronze_orders'],
      },
      test_metadata: {
        kwargs: {
          column_name: 'order_id',
          model: "{{ get_where_subquery(source('shopverse_raw', 'bronze_orders')) }}",
        },
      },
    });
    expect(
      tests['test.shopverse_analytics.source_not_null_shopverse_raw_bronze_orders_order_id.dee5191044'],
    ).toBeDefined();
  });

  it('put a boolean argument into the name as Python writes it (`quote: true` -> True)', () => {
    expect(
      tests['test.shopverse_analytics.accepted_values_stg_payments_payment_status__True__Success.e28b03db71'],
    ).toMatchObject({
      test_metadata: { kwargs: { values: ['Success'], quote: true, column_name: 'payment_status' } },
    });
  });
});

describe("Python's repr, as dbt hashes test metadata with it", () => {
  it('quotes as Python does', () => {
    expect(pythonStringRepr('plain')).toBe("'plain'");
    expect(pythonStringRepr("ref('x')")).toBe(`"ref('x')"`);
    expect(pythonStringRepr(`it's "both"`)).toBe(`'it\\'s "both"'`);
    expect(pythonStringRepr('tab\there\nnew')).toBe("'tab\\there\\nnew'");
    expect(pythonStringRepr('é ☃')).toBe("'é ☃'");
    // What str.isprintable() refuses is escaped (the outputs are CPython 3's).
    expect(pythonStringRepr('a\u200bb\ufeff\u3000\u{F0000}\x7f\xa0é')).toBe(
      "'a\\u200bb\\ufeff\\u3000\\U000f0000\\x7f\\xa0é'",
    );
    expect(pythonStringRepr('x\ud800y')).toBe("'x\\ud800y'");
  });

  it('writes containers and scalars as Python does', () => {
    expect(pythonRepr({ b: [1, 'x', null, true], a: { c: 1.5 } })).toBe("{'b': [1, 'x', None, True], 'a': {'c': 1.5}}");
    expect(pythonRepr(1e21)).toBe('1e+21');
    // Python's repr of a float switches to an exponent below 1e-4 and from 1e16 (JavaScript: 1e-6 and 1e21).
    expect([0.00001, 0.0001, 2.5e20, -0.5, 1e-7, 123.456].map(pythonRepr)).toEqual([
      '1e-05',
      '0.0001',
      '2.5e+20',
      '-0.5',
      '1e-07',
      '123.456',
    ]);
    expect([5, 1e16, -0, 9999999999999998].map(pythonFloat)).toEqual(['5.0', '1e+16', '-0.0', '9999999999999998.0']);
    expect(pythonRepr([])).toBe('[]');
    // YAML dates as the YAML loader gives them: str() is the ISO text, with a space in a datetime.
    const { value } = loadYaml('a: 2024-01-01\nb: 2024-01-01 10:00:00\n', 'd.yml') as {
      value: Record<string, unknown>;
    };
    expect(pythonStr(value['a'])).toBe('2024-01-01');
    expect(pythonStr(value['b'])).toBe('2024-01-01 10:00:00');
    expect(pythonRepr(value['a'])).toBe('datetime.date(2024, 1, 1)');
  });
});

describe('arguments YAML wrote as whole floats', () => {
  it('in a flow list of a flow mapping too (`{values: [1.0, 2]}`)', () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': 'name: wf\n',
        'models/orders.sql': 'select 1 as id',
        'models/schema.yml':
          'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [{accepted_values: {values: [1.0, 2]}}]\n',
      },
      { tests: true },
    );
    // Computed with Python (dbt's synthesize_generic_test_names and get_hashable_md).
    expect(Object.keys(graph.tests ?? {})).toEqual(['test.wf.accepted_values_orders_id__1_0__2.14b4d39c75']);
  });

  it("keep Python's `0.0` in the test's name and hash (mapping values, flow and block list items, `arguments:`)", () => {
    // Expected ids computed with Python from the same YAML (PyYAML, dbt's synthesize_generic_test_names and
    // get_hashable_md); the kwargs stay the numbers JSON writes.
    const graph = compileFiles(
      {
        'dbt_project.yml': 'name: wf\nflags:\n  require_generic_test_arguments_property: true\n',
        'models/orders.sql': 'select 1 as id, 2.0 as amount',
        'models/schema.yml': [
          'models:',
          '  - name: orders',
          '    columns:',
          '      - name: amount',
          '        data_tests:',
          '          - dbt_utils.accepted_range:',
          '              min_value: 0.0',
          '              max_value: 100',
          '          - accepted_values:',
          '              values: [1.0, 2, 3.50]',
          '          - accepted_values:',
          '              name: block_list',
          '              values:',
          '                - 1.0',
          '                - 2',
          '          - dbt_utils.accepted_range:',
          '              arguments: {min_value: 1.0}',
          '          - not_null:',
          '              name: 2.0',
          '',
        ].join('\n'),
      },
      { tests: true },
    );
    expect(Object.keys(graph.tests ?? {}).sort()).toEqual([
      // A test's own `name: 2.0` is its name as Python writes it.
      'test.wf.2.0.9f67865ee2',
      'test.wf.accepted_values_orders_amount__1_0__2__3_5.dd43225691',
      'test.wf.block_list.7bc307ad88',
      'test.wf.dbt_utils_accepted_range_orders_amount__100__0_0.a6bf2d8a57',
      'test.wf.dbt_utils_accepted_range_orders_amount__1_0.30164ca001',
    ]);
    const manifest = toManifest(graph, TARGET);
    const kwargs = Object.values(testsOf(manifest)).map((t) => (t['test_metadata'] as { kwargs: unknown }).kwargs);
    expect(JSON.parse(JSON.stringify(kwargs))).toContainEqual(expect.objectContaining({ values: [1, 2, 3.5] }));
  });
});

describe('singular tests', () => {
  const { graph, manifest } = build('adtech');
  const tests = testsOf(manifest);

  it('are test.<package>.<file name>, with the stripped file as raw_code and its sha256 as checksum', () => {
    const file = loadFixture('generic-tests/adtech').get('tests/finance/assert_positive_spend.sql')!;
    const stripped = file.trim();
    const test = tests['test.adtech.assert_positive_spend']!;
    expect(test).toMatchObject({
      resource_type: 'test',
      name: 'assert_positive_spend',
      alias: 'assert_positive_spend',
      path: 'finance/assert_positive_spend.sql',
      original_file_path: 'tests/finance/assert_positive_spend.sql',
      fqn: ['adtech', 'finance', 'assert_positive_spend'],
      raw_code: stripped,
      checksum: { name: 'sha256', checksum: createHash('sha256').update(stripped).digest('hex') },
      tags: ['finance'],
      unrendered_config: { tags: ['finance'] },
      refs: [{ name: 'advertiser_spend', package: null, version: null }],
      depends_on: { macros: [], nodes: ['model.adtech.advertiser_spend'] },
      schema: 'main_dbt_test__audit',
    });
    expect(test['config']).toMatchObject({ tags: ['finance'], severity: 'warn', materialized: 'test' });
    // Only generic tests have these keys.
    for (const key of ['column_name', 'file_key_name', 'attached_node', 'test_metadata'])
      expect(test).not.toHaveProperty(key);
    expect((manifest['child_map'] as Record<string, string[]>)['model.adtech.advertiser_spend']).toContain(
      'test.adtech.assert_positive_spend',
    );
  });

  it('take the description and configs of a `data_tests:` entry, under the file’s own config()', () => {
    expect(tests['test.adtech.assert_positive_spend']).toMatchObject({
      description: 'No advertiser has a negative spend.',
      patch_path: 'adtech://tests/finance/_finance_tests.yml',
      config: { severity: 'warn', meta: { owner: 'finance' }, tags: ['finance'] },
      meta: { owner: 'finance' },
    });
    // An entry patches enabled tests only, and one that names no test is a warning, as in dbt.
    const disabled = (manifest['disabled'] as Record<string, Array<Record<string, unknown>>>)[
      'test.adtech.disabled_check'
    ]!;
    expect(disabled[0]).toMatchObject({ description: '', patch_path: null });
    expect(graph.diagnostics.filter((d) => d.file.endsWith('_finance_tests.yml'))).toEqual([
      expect.objectContaining({ code: 'property-without-node', severity: 'warning', line: 12 }),
    ]);
  });

  it('leave out generic test definitions (tests/generic/) and unit test fixtures, and list a disabled one under disabled', () => {
    expect(Object.keys(tests).some((id) => id.includes('is_even') || id.includes('input_rows'))).toBe(false);
    expect((manifest['disabled'] as Record<string, unknown>)['test.adtech.disabled_check']).toBeDefined();
    expect(tests['test.adtech.disabled_check']).toBeUndefined();
    expect(graph.diagnostics.filter((d) => d.file.startsWith('tests/') && d.file.endsWith('.sql'))).toEqual([]);
  });
});

describe('generic tests in every form dbt reads', () => {
  const { graph, manifest } = build('forms');
  const tests = testsOf(manifest);
  const named = (name: string) => Object.values(tests).find((t) => t['name'] === name);

  it('take arguments under `arguments:` (dbt 1.10.8+) as arguments', () => {
    const test = named('relationships_m_id__id__ref_n_')!;
    expect(test).toBeDefined();
    // In dbt's order (a dbt 1.11.8 manifest): column_name, then the arguments, then model.
    expect(Object.keys((test['test_metadata'] as { kwargs: object }).kwargs)).toEqual([
      'column_name',
      'to',
      'field',
      'model',
    ]);
    expect(test['depends_on']).toMatchObject({ nodes: ['model.forms.n', 'model.forms.m'] });
  });

  it('keep `arguments` as one argument before dbt 1.10.8, unless the project sets require_generic_test_arguments_property', () => {
    const files = loadFixture('generic-tests/forms');
    const kwargsOf = (dbtVersion: string, flag?: boolean) => {
      const own = new Map(files);
      if (flag !== undefined)
        own.set(
          'dbt_project.yml',
          `${files.get('dbt_project.yml')!}\nflags:\n  require_generic_test_arguments_property: ${flag}\n`,
        );
      const graph = compile(own, {
        project: '',
        target: TARGET,
        tests: true,
        dbtVersion: manifestShape(dbtVersion)!.version,
      });
      const test = Object.values(testsOf(toManifest(graph, TARGET))).find((t) =>
        String(t['name']).startsWith('relationships_m_'),
      )!;
      return { name: test['name'], kwargs: Object.keys((test['test_metadata'] as { kwargs: object }).kwargs) };
    };
    const nested = { name: 'relationships_m_id__id__ref_n_', kwargs: ['column_name', 'to', 'field', 'model'] };
    // dbt passes the mapping to the macro as it is; its values are part of the test's name.
    const literal = { name: 'relationships_m_ref_n___id__id', kwargs: ['arguments', 'column_name', 'model'] };
    expect(kwargsOf('1.10.8')).toEqual(nested);
    expect(kwargsOf('1.10.7')).toEqual(literal);
    expect(kwargsOf('1.9.4')).toEqual(literal);
    expect(kwargsOf('1.10.5', true)).toEqual(nested);
    expect(kwargsOf('1.11.2', false)).toEqual(literal);
  });

  it('use the project’s own test macro over dbt’s, which then records more than its target (no shortcut)', () => {
    expect(named('unique_m_id')!['depends_on']).toEqual({
      macros: ['macro.forms.test_unique', 'macro.dbt.get_where_subquery'],
      nodes: ['model.forms.m'],
    });
  });

  it('apply a config() of the test’s definition to its tests, under the entry’s own configs', () => {
    // retired_check's definition disables it; warn_if_odd's sets severity warn, which the entry overrides.
    const disabled = manifest['disabled'] as Record<string, unknown>;
    expect(Object.keys(disabled).some((id) => id.startsWith('test.forms.retired_check_m_.'))).toBe(true);
    // Only the calls the body always makes: not one under `{% if %}`, nor one in a comment; `{% do config() %}` too.
    expect(named('warn_if_odd_m_n_id')!['config']).toMatchObject({
      severity: 'error',
      tags: ['alpha', 'parity'],
      limit: 10,
      fail_calc: 'count(*)',
    });
    // A namespaced call of the same test runs the same definition.
    expect(named('forms_warn_if_odd_m_n_id')).toMatchObject({
      raw_code: '{{ forms.test_warn_if_odd(**_dbt_generic_test_kwargs) }}',
      config: { severity: 'warn' },
      depends_on: { macros: ['macro.forms.test_warn_if_odd', 'macro.dbt.get_where_subquery'] },
    });
    // A definition in a Jinja comment is none: dbt's own not_null keeps its shortcut.
    const disabledNotNull = Object.entries(manifest['disabled'] as Record<string, Array<Record<string, unknown>>>).find(
      ([id]) => id.startsWith('test.forms.not_null_m_id.'),
    )![1][0]!;
    expect(disabledNotNull['depends_on']).toMatchObject({ macros: ['macro.dbt.test_not_null'] });
    expect(named('warn_if_odd_m_n_id')!['raw_code']).toBe(
      '{{ test_warn_if_odd(**_dbt_generic_test_kwargs) }}{{ config(severity="error") }}',
    );
  });

  it('keep a description out of the arguments and the name', () => {
    expect(named('unique_m_id')).toMatchObject({ description: 'Ids are unique' });
    expect((named('unique_m_id')!['test_metadata'] as { kwargs: object }).kwargs).not.toHaveProperty('description');
  });

  it('render Jinja in configs: a test enabled only on prod is disabled on dev', () => {
    const disabled = manifest['disabled'] as Record<string, unknown>;
    expect(Object.keys(disabled).some((id) => id.startsWith('test.forms.not_null_m_id.'))).toBe(true);
    expect(named('not_null_m_id')).toBeUndefined();
  });

  it('record the refs of an argument written in Jinja (`"{{ ref(...) }}"`), before the target', () => {
    expect(named('relationships_m_n_id__id___ref_n_')?.['depends_on']).toEqual({
      macros: ['macro.dbt.test_relationships', 'macro.dbt.get_where_subquery'],
      nodes: ['model.forms.n', 'model.forms.m'],
    });
  });

  it('give a model-level test with a column_name argument no column, and find a custom test in its package', () => {
    expect(named('is_even_m_id')).toMatchObject({
      column_name: null,
      raw_code: '{{ test_is_even(**_dbt_generic_test_kwargs) }}',
      depends_on: { macros: ['macro.forms.test_is_even', 'macro.dbt.get_where_subquery'] },
    });
    // dbt parses a model's column tests before its own.
    const order = Object.keys(tests);
    expect(order.findIndex((id) => id.includes('.is_even_m_id.'))).toBeGreaterThan(
      order.findIndex((id) => id.includes('.relationships_m_id__id__ref_n_.')),
    );
  });

  it('tag a column test with the column’s tags, sorted, then the project’s not among them', () => {
    expect(named('unique_m_id')).toMatchObject({ tags: ['zeta', 'alpha'] });
    expect((named('unique_m_id')!['config'] as { tags: string[] }).tags).toEqual(['alpha']);
  });

  it('tag a source test with the source’s, the table’s and the column’s own tags (not those under config:)', () => {
    const tagged = compileFiles(
      {
        'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\n",
        'models/sources.yml': [
          'sources:',
          '  - name: raw',
          '    tags: [src_tag]',
          '    config: {tags: [src_config_tag]}',
          '    tables:',
          '      - name: orders',
          '        tags: [tbl_tag]',
          '        data_tests: [{dbt_utils.expression_is_true: {expression: "id > 0"}}]',
          '        columns:',
          '          - name: id',
          '            tags: [col_tag]',
          '            data_tests: [not_null]',
          '',
        ].join('\n'),
      },
      { tests: true },
    );
    expect(Object.values(tagged.tests ?? {}).map((t) => [t.name, t.tags])).toEqual([
      ['source_not_null_raw_orders_id', ['col_tag', 'src_tag', 'tbl_tag']],
      ['dbt_utils_source_expression_is_true_raw_orders_id_0', ['src_tag', 'tbl_tag']],
    ]);
  });

  it("record the project's own get_where_subquery when it overrides dbt's", () => {
    const files = {
      'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\n",
      'models/m.sql': 'select 1 as id',
      'models/m.yml':
        'models:\n  - name: m\n    columns:\n      - name: id\n        data_tests: [unique, {accepted_values: {values: [1]}}]\n',
    };
    const macrosOf = (graph: Graph) => Object.values(graph.tests ?? {}).map((t) => t.depends_on.macros);
    expect(macrosOf(compileFiles(files, { tests: true }))).toEqual([
      ['macro.dbt.test_unique'],
      ['macro.dbt.test_accepted_values', 'macro.dbt.get_where_subquery'],
    ]);
    const overridden = {
      ...files,
      'macros/where.sql': '{% macro get_where_subquery(relation) -%}{% do return(relation) %}{%- endmacro %}',
    };
    expect(macrosOf(compileFiles(overridden, { tests: true }))).toEqual([
      ['macro.dbt.test_unique'],
      ['macro.dbt.test_accepted_values', 'macro.shop.get_where_subquery'],
    ]);
  });

  it('quote the column of a source with quoting.column', () => {
    expect(named('source_unique_raw_orders__id_')).toMatchObject({ column_name: '"id"' });
  });

  it('leave out configs of a type dbt refuses, with a diagnostic, and keep the test with the default', () => {
    expect(named('accepted_values_n_kind__a__b')!['config']).toMatchObject({ severity: 'ERROR' });
    expect(tests['test.forms.bad_config']!['config']).toMatchObject({ severity: 'ERROR' });
    expect(graph.diagnostics.filter((d) => d.code === 'invalid-test-config').map((d) => `${d.file}:${d.line}`)).toEqual(
      ['tests/bad_config.sql:1', 'models/schema.yml:40'],
    );
  });

  it('report entries dbt refuses (a test list that is no list, tags that are no strings) and keep the rest', () => {
    expect(graph.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'invalid-test', line: 37, message: '`tests:` must be a list of tests' }),
        expect.objectContaining({ code: 'invalid-test', line: 31, message: expect.stringContaining('tags') }),
      ]),
    );
    expect(named('relationships_m_n_id__id___ref_n_')).toBeDefined();
  });
});

describe('generic tests of a versioned model', () => {
  // The ids dbt-core's own parser tests expect for this model (tests/unit/parser/test_parser.py).
  const { manifest } = build('versioned');
  const tests = testsOf(manifest);

  it('are made for each version: its columns’ tests, and the model’s own unless the version lists tests', () => {
    expect(
      Object.keys(tests)
        .filter((id) => id.includes('_my_model_'))
        .sort(),
    ).toEqual([
      'test.snowplow.not_null_my_model_v1_color.b704420587',
      'test.snowplow.not_null_my_model_v2_color.3375708d04',
      'test.snowplow.unique_my_model_v2_color.29b09359d1',
    ]);
  });

  it('keep the model’s column beside a version’s own entry of that name, and an empty `tests:` takes nothing away', () => {
    const names = Object.values(tests).map((t) => t['name']);
    expect(names).toEqual(expect.arrayContaining(['not_null_a_v1_id', 'not_null_a_v2_id', 'unique_a_v2_id']));
    expect(names).toEqual(expect.arrayContaining(['unique_k_v1_count', 'unique_k_v2_count']));
  });

  it("record the version as each test's ref names it: not_null and unique the YAML's, others the rendered string", () => {
    const graph = compile(
      new Map([
        ['dbt_project.yml', "name: shop\nversion: '1'\nconfig-version: 2\n"],
        ['models/orders_v1.sql', 'select 1 as id'],
        [
          'models/orders.yml',
          'models:\n  - name: orders\n    latest_version: 1\n    versions: [{v: 1}]\n    columns:\n      - name: id\n' +
            '        data_tests: [not_null, {accepted_values: {values: [1]}}]\n',
        ],
      ]),
      { project: '', target: TARGET, tests: true },
    );
    const versions = Object.values(testsOf(toManifest(graph, TARGET))).map((t) => [
      (t['test_metadata'] as { name: string }).name,
      (t['refs'] as Array<{ version: unknown }>)[0]?.version,
    ]);
    expect(versions.sort()).toEqual([
      ['accepted_values', '1'],
      ['not_null', 1],
    ]);
  });

  it('test the version: its ref, its node, its name in the kwargs', () => {
    expect(tests['test.snowplow.unique_my_model_v2_color.29b09359d1']).toMatchObject({
      column_name: null,
      attached_node: 'model.snowplow.my_model.v2',
      file_key_name: 'models.my_model',
      refs: [{ name: 'my_model', package: null, version: 2 }],
      depends_on: { nodes: ['model.snowplow.my_model.v2'] },
      test_metadata: {
        kwargs: { column_name: 'color', model: "{{ get_where_subquery(ref('my_model', version='2')) }}" },
      },
    });
    expect(tests['test.snowplow.not_null_my_model_v1_color.b704420587']).toMatchObject({
      column_name: 'color',
      attached_node: 'model.snowplow.my_model.v1',
      config: { severity: 'WARN' },
    });
  });
});

describe('a generic test whose macro no project defines where dbt looks', () => {
  // dbt reads test macros from the macro paths and tests/generic only; the test's macro id is None, the parse
  // passes and `dbt test` fails. As a manifest dbt 1.12.3 wrote for a public project shows: "None" there.
  const files = loadFixture('generic-tests/misplaced');
  const ID = 'test.ledger.is_positive_entries_id.0dcbd91904';

  it('records no macro for it, and warns', () => {
    const graph = compile(files, { project: '', target: TARGET, tests: true });
    expect(graph.tests?.[ID]?.depends_on.macros).toEqual([null, 'macro.dbt.get_where_subquery']);
    expect(graph.diagnostics).toEqual([
      expect.objectContaining({ code: 'unknown-test', severity: 'warning', file: 'models/_entries.yml', line: 8 }),
    ]);
    // The file with the block is a singular test to dbt.
    expect(Object.keys(graph.tests ?? {}).sort()).toEqual([
      'test.ledger.is_positive',
      ID,
      'test.ledger.not_null_entries_id.dd810ba8e5',
    ]);
  });

  it('is written null, or "None" as dbt 1.12 writes it', () => {
    const graph = compile(files, { project: '', target: TARGET, tests: true });
    const macrosOf = (manifest: Record<string, unknown>) =>
      (testsOf(manifest)[ID]!['depends_on'] as { macros: unknown[] }).macros;
    expect(macrosOf(toManifest(graph, TARGET))).toEqual([null, 'macro.dbt.get_where_subquery']);
    const v112 = toManifest(graph, { ...TARGET, shape: manifestShape('1.12')! });
    expect(macrosOf(v112)).toEqual(['None', 'macro.dbt.get_where_subquery']);
  });

  it("is the namespace's package when a package that is not committed may install it", () => {
    const entries = files.get('models/_entries.yml')!.replace('- is_positive', '- dbt_utils.at_least_one');
    const undeclared = compile(new Map(files).set('models/_entries.yml', entries), { project: '', tests: true });
    const test = Object.values(undeclared.tests ?? {}).find((t) => t.name.startsWith('dbt_utils_at_least_one'))!;
    expect(test.depends_on.macros).toEqual([null, 'macro.dbt.get_where_subquery']);
    expect(undeclared.diagnostics.map((d) => d.message)).toEqual([
      'generic test `dbt_utils.at_least_one` has no `test_at_least_one` macro in the repository (`dbt_utils` is not a ' +
        'package the project declares): dbt parses it, `dbt test` fails',
    ]);
    const declared = new Map(files)
      .set('models/_entries.yml', entries)
      .set('packages.yml', 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n');
    const graph = compile(declared, { project: '', tests: true });
    expect(graph.tests?.[test.unique_id]?.depends_on.macros).toEqual([
      'macro.dbt_utils.test_at_least_one',
      'macro.dbt.get_where_subquery',
    ]);
    // dbt_utils installed with fivetran_utils, which needs it: `dbt deps` installs both.
    const transitive = new Map(declared).set(
      'packages.yml',
      'packages:\n  - package: fivetran/fivetran_utils\n    version: 0.4.0\n',
    );
    const viaUtils = compile(transitive, { project: '', tests: true });
    expect(viaUtils.tests?.[test.unique_id]?.depends_on.macros[0]).toBe('macro.dbt_utils.test_at_least_one');
    // The repository's own project defines no such test: none, whatever is installed.
    const own = new Map(transitive).set('models/_entries.yml', entries.replace('dbt_utils.', 'ledger.'));
    const ownTest = Object.values(compile(own, { project: '', tests: true }).tests ?? {}).find((t) =>
      t.name.startsWith('ledger_at_least_one'),
    )!;
    expect(ownTest.depends_on.macros[0]).toBeNull();
  });

  it('names the packages that are not committed as where it may be, and says it cannot name it', () => {
    const withPackage = new Map(files).set(
      'packages.yml',
      'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
    );
    const graph = compile(withPackage, { project: '', target: TARGET, tests: true });
    expect(graph.tests?.[ID]?.depends_on.macros).toEqual([null, 'macro.dbt.get_where_subquery']);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-test', severity: 'info' })]);
    expect(graph.diagnostics[0]!.message).toContain('`dbt_utils` (not committed)');
  });
});

describe("store_failures and store_failures_as, as dbt's TestConfig settles them after each layer of configs", () => {
  // A manifest dbt 1.8.4 wrote for a public project whose dbt_project.yml sets `+store_failures: true` for its tests
  // has store_failures_as "table" on all 413 of them.
  const graph = compile(loadFixture('generic-tests/failures'), { project: '', target: TARGET, tests: true });
  const settled = Object.fromEntries(
    Object.values(graph.tests ?? {}).map((t) => [t.name, [t.config['store_failures'], t.config['store_failures_as']]]),
  );

  it('sets store_failures_as from store_failures, and store_failures from store_failures_as', () => {
    expect(settled).toEqual({
      not_null_ledger_id: [true, 'table'],
      // The folder's layer set store_failures_as already: it sets store_failures back to true.
      unique_ledger_id: [true, 'table'],
      accepted_values_ledger_id__1: [true, 'view'],
      relationships_ledger_id__id__ref_notes_: [false, 'ephemeral'],
      not_null_notes_id: [null, null],
      unique_notes_id: [false, 'ephemeral'],
    });
  });
});

describe("a test of a repository package compiled on its own (an integration_tests project's parent)", () => {
  // Compiling the whole repository, the package is a project of its own, linked: its macros are not read with the
  // integration tests, and its namespace names where the test macro is, as when the project alone is compiled.
  const files = loadFixture('generic-tests/linked');
  const ID = 'test.ledger_pkg_tests.ledger_pkg_is_even_checks_id.6158235c68';

  it('calls the package macro both ways', () => {
    for (const options of [{ tests: true }, { tests: true, project: 'pkg/integration_tests' }]) {
      const graph = compile(files, options);
      expect(graph.tests?.[ID]?.depends_on.macros).toEqual([
        'macro.ledger_pkg.test_is_even',
        'macro.dbt.get_where_subquery',
      ]);
      expect(graph.diagnostics).toEqual([]);
    }
  });
});

describe('a generic test whose macro the repository defines, run as dbt renders the test', () => {
  const files = {
    'dbt_project.yml': "name: geo\nversion: '1'\nconfig-version: 2\n",
    'models/cities.sql': 'select 1 as county',
    'models/counties.sql': 'select 1 as name',
    'models/schema.yml': [
      'models:',
      '  - name: cities',
      '    columns:',
      '      - name: county',
      '        data_tests:',
      '          - valid_county',
      '          - in_lookup: {lookup: raw_zones, skip: false}',
      '          - in_lookup: {lookup: raw_zones, skip: true}',
      '',
    ].join('\n'),
    'models/sources.yml': 'sources:\n  - name: ref_data\n    tables: [{name: raw_zones}]\n',
    // A {% test %} block in tests/generic, whose body refs another model.
    'tests/generic/valid_county.sql': [
      '{% test valid_county(model, column_name) %}',
      "select * from {{ model }} where {{ column_name }} not in (select name from {{ ref('counties') }})",
      '{% endtest %}',
    ].join('\n'),
    // A test_ macro in the macro paths: its body reads a source through a helper macro, under its arguments.
    'macros/in_lookup.sql': [
      '{% macro test_in_lookup(model, column_name, lookup, skip) %}',
      '  {% if not skip %}{{ lookup_relation(lookup) }}{% endif %}',
      '  select 1',
      '{% endmacro %}',
      "{% macro lookup_relation(name) %}{{ source('ref_data', name) }}{% endmacro %}",
    ].join('\n'),
  };
  const graph = compileFiles(files, { tests: true });
  const tests = Object.values(graph.tests ?? {});
  const byName = (prefix: string) => tests.filter((t) => t.name.startsWith(prefix));

  it("records the refs and sources of the macro's body after the test's own", () => {
    expect(graph.diagnostics).toEqual([]);
    const [valid] = byName('valid_county');
    expect(valid!.refs.map((r) => r.name)).toEqual(['cities', 'counties']);
    expect(valid!.depends_on.nodes).toEqual(['model.geo.cities', 'model.geo.counties']);
    // Only the test's macro and get_where_subquery: what the macro calls is not the test's (depth 0 only).
    expect(valid!.depends_on.macros).toEqual(['macro.geo.test_valid_county', 'macro.dbt.get_where_subquery']);
    // The arguments decide, as they do in dbt: `skip: true` reads no source.
    const lookups = byName('in_lookup').map((t) => [t.test_metadata?.kwargs['skip'], t.depends_on.nodes]);
    expect(lookups).toEqual([
      // dbt links sources before refs (process_sources, then process_refs), as for every node.
      [false, ['source.geo.ref_data.raw_zones', 'model.geo.cities']],
      [true, ['model.geo.cities']],
    ]);
  });
});

describe("the config() calls a test's macro reaches, and the macros its arguments call", () => {
  const files = {
    'dbt_project.yml': "name: qa\nversion: '1'\nconfig-version: 2\n",
    'models/m.sql': 'select 1 as id',
    'models/schema.yml': [
      'models:',
      '  - name: m',
      '    columns:',
      '      - name: id',
      '        data_tests:',
      '          - capped: {arguments: {cap: 5}}',
      '          - capped: {arguments: {cap: 50}}',
      '          - in_set: {arguments: {allowed: "{{ allowed_ids() }}"}}',
      '',
    ].join('\n'),
    'macros/tests.sql': [
      // A config() in a dispatched helper, with a value from the test's arguments; one after an early return.
      '{% test capped(model, column_name, cap) %}',
      '  {{ adapter.dispatch("capped_config", "qa")(cap) }}',
      "  {% if not execute %}{{ return('') }}{% endif %}",
      "  {{ config(fail_calc='never') }}",
      '  select 1',
      '{% endtest %}',
      "{% macro default__capped_config(cap) %}{{ config(severity='warn' if cap > 10 else 'error', warn_if='> ' ~ cap) }}{% endmacro %}",
      '{% test in_set(model, column_name, allowed) %}select 1{% endtest %}',
      '{% macro allowed_ids() %}1, 2{% endmacro %}',
    ].join('\n'),
  };
  const graph = compileFiles(files, { tests: true });
  const tests = Object.values(graph.tests ?? {});

  it('configures the test as dbt renders it', () => {
    expect(graph.diagnostics).toEqual([]);
    const capped = tests
      .filter((t) => t.name.startsWith('capped'))
      .map((t) => [t.test_metadata?.kwargs['cap'], t.config['severity'], t.config['warn_if'], t.config['fail_calc']]);
    // Not the config() after the return, which dbt never reaches.
    expect(capped).toEqual([
      [5, 'error', '> 5', 'count(*)'],
      [50, 'warn', '> 50', 'count(*)'],
    ]);
  });

  it('records no macro an argument calls: dbt renders a test among its own macros only, where others are undefined', () => {
    // TestContext._build_test_namespace: the test macro, the macros it calls, and get_where_subquery.
    const inSet = tests.find((t) => t.name.startsWith('in_set'))!;
    expect(inSet.depends_on.macros).toEqual(['macro.qa.test_in_set', 'macro.dbt.get_where_subquery']);
  });
});

describe('arguments dbt renders before it calls a test macro the repository defines', () => {
  const files = {
    'dbt_project.yml': "name: geo\nversion: '1'\nconfig-version: 2\nvars:\n  lookup_model: counties\n",
    'models/cities.sql': 'select 1 as county',
    'models/counties.sql': 'select 1 as name',
    'models/schema.yml': [
      'models:',
      '  - name: cities',
      '    columns:',
      '      - name: county',
      '        data_tests:',
      '          - in_model: {arguments: {to: "{{ var(\'lookup_model\') }}"}}',
      '          - in_model: {arguments: {to: counties}}',
      '',
    ].join('\n'),
    'tests/generic/in_model.sql': [
      '{% test in_model(model, column_name, to) %}',
      "{{ env_var('DBT_ENV_SECRET_KEY', 'k') }}",
      'select * from {{ model }} where {{ column_name }} not in (select name from {{ ref(to) }})',
      '{% endtest %}',
      // dbt reads only test blocks from tests/generic: this macro is none of the project's.
      '{% macro helper() %}1{% endmacro %}',
    ].join('\n'),
    'macros/helper.sql': '{% macro helper() %}2{% endmacro %}',
  };
  const graph = compileFiles(files, { tests: true });

  it("passes a templated argument as it renders, so the ref it names is the test's", () => {
    const tests = Object.values(graph.tests ?? {});
    expect(tests.map((t) => [t.config.enabled, t.depends_on.nodes])).toEqual([
      [true, ['model.geo.cities', 'model.geo.counties']],
      [true, ['model.geo.cities', 'model.geo.counties']],
    ]);
  });

  it("says a problem of the test's macro once, not once per test, and reads only test blocks from tests/generic", () => {
    // The secret env var is reached by both tests' renders: one error for the unit.
    expect(diagnosticsOf(graph)).toEqual(['secret-env-var models/schema.yml:6']);
  });
});

describe("a test config that calls one of the project's macros", () => {
  it('stops dbt, which renders test configs without them (CustomMacroPopulatingConfigValueError)', () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': "name: qa\nversion: '1'\nconfig-version: 2\n",
        'models/m.sql': 'select 1 as id',
        'models/schema.yml': [
          'models:',
          '  - name: m',
          '    columns:',
          '      - name: id',
          '        data_tests:',
          '          - not_null: {config: {where: "{{ recent_rows() }}"}}',
          "          - unique: {config: {where: \"{{ var('w', '1=1') }}\"}}",
          '',
        ].join('\n'),
        'macros/where.sql': "{% macro recent_rows() %}ts > now() - interval '1 day'{% endmacro %}",
      },
      { tests: true },
    );
    expect(diagnosticsOf(graph)).toEqual(['invalid-test models/schema.yml:6']);
    expect(graph.diagnostics[0]?.message).toContain('`recent_rows`');
    // var() is dbt's, not the project's: that test is built, its where rendered.
    const tests = Object.values(graph.tests ?? {});
    expect(tests.map((t) => [t.name, t.config['where']])).toEqual([['unique_m_id', '1=1']]);
  });
});

// dbt renders test configs in a target context (var, env_var, target...): no macro at all, dbt's own and packages'
// included (dbt-expectations' docs show `where: "d > {{ dbt_date.n_days_ago(7) }}"`, which stops dbt).
describe("a test config that calls a package's or dbt's macro", () => {
  it('stops dbt as well', () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': "name: qa\nversion: '1'\nconfig-version: 2\n",
        'packages.yml': 'packages:\n  - package: calogica/dbt_date\n    version: 0.10.0\n',
        'models/m.sql': 'select 1 as id',
        'models/schema.yml': [
          'models:',
          '  - name: m',
          '    columns:',
          '      - name: id',
          '        data_tests:',
          '          - not_null: {config: {where: "d > {{ dbt_date.n_days_ago(7) }}"}}',
          '          - unique: {config: {where: "d < {{ current_timestamp() }}"}}',
          "          - accepted_values: {arguments: {values: [1]}, config: {where: \"{{ modules.re.escape('a') }} = 'a'\"}}",
          // A filter (dagster-open-platform's `| replace('/', '-')`) or a test is Jinja's, whatever macro shares its name.
          "          - relationships: {arguments: {to: ref('m'), field: id}, config: {where: \"d = '{{ 'a/b' | replace('/', '-') }}' and {{ 4 is divisibleby(2) }}\"}}",
          '',
        ].join('\n'),
      },
      { tests: true },
    );
    expect(diagnosticsOf(graph)).toEqual(['invalid-test models/schema.yml:6', 'invalid-test models/schema.yml:7']);
    expect(graph.diagnostics.map((d) => d.message.match(/`([\w.]+)`, in its/)?.[1])).toEqual([
      'dbt_date.n_days_ago',
      'current_timestamp',
    ]);
    // modules is dbt's context, no macro: that test is built.
    expect(Object.values(graph.tests ?? {}).map((t) => [t.name, t.config['where']])).toEqual([
      ['accepted_values_m_id__1', "a = 'a'"],
      ['relationships_m_id__id__ref_m_', "d = 'a-b' and True"],
    ]);
  });
});

describe('a test config that names a project macro but does not call it', () => {
  it('is built: dbt renders only what runs (text, comments and string literals call nothing)', () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': "name: qa\nversion: '1'\nconfig-version: 2\nvars:\n  start: '2024-01-01'\n",
        'models/m.sql': 'select 1 as ts',
        'models/schema.yml': [
          'models:',
          '  - name: m',
          '    columns:',
          '      - name: ts',
          '        data_tests:',
          `          - not_null: {config: {where: "date_trunc('day', ts) >= '{{ var(\\"start\\") }}'"}}`,
          "          - unique: {config: {where: \"{# recent() #}1=1 and {{ 'recent()' }} != ''\"}}",
          '',
        ].join('\n'),
        'macros/shims.sql': '{% macro date_trunc(p, x) %}x{% endmacro %}{% macro recent() %}1=1{% endmacro %}',
      },
      { tests: true },
    );
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(Object.values(graph.tests ?? {}).map((t) => t.config['where'])).toEqual([
      "date_trunc('day', ts) >= '2024-01-01'",
      "1=1 and recent() != ''",
    ]);
  });
});

// dbt renders a test's arguments in its TestMacroNamespace: get_where_subquery, the test macro and what they may
// call. A macro of it an argument calls is recorded in depends_on.macros (dbt-expectations' row_condition with
// `{{ dbt_date.now() }}` records macro.dbt_date.now); another is undefined there and is not.
describe("a macro a generic test's argument calls", () => {
  const graph = compileFiles(
    {
      'dbt_project.yml': "name: rk\nversion: '1'\nconfig-version: 2\n",
      'models/m1.sql': 'select 1 as id, current_timestamp as ts',
      'macros/helpers.sql':
        '{% macro my_now() %}current_timestamp{% endmacro %}\n{% macro unrelated() %}1{% endmacro %}',
      'macros/recent.sql': [
        '{% test recent(model, column_name, row_condition=None) %}',
        'select * from {{ model }} where {{ column_name }} > {{ my_now() }}',
        '{% if row_condition %} and {{ row_condition }}{% endif %}',
        '{% endtest %}',
      ].join('\n'),
      'models/s.yml': [
        'models:',
        '  - name: m1',
        '    columns:',
        '      - name: ts',
        '        data_tests:',
        '          - recent: {arguments: {row_condition: "ts <= {{ my_now() }}"}}',
        '          - recent: {arguments: {row_condition: "id = {{ unrelated() }}"}}',
      ].join('\n'),
    },
    { tests: true },
  );

  it('is recorded when the test macro may call it, after the test macro and before get_where_subquery', () => {
    expect(Object.values(graph.tests ?? {}).map((t) => t.depends_on.macros)).toEqual([
      ['macro.rk.test_recent', 'macro.rk.my_now', 'macro.dbt.get_where_subquery'],
      ['macro.rk.test_recent', 'macro.dbt.get_where_subquery'],
    ]);
  });
});
