// What dbt's parse refuses in models' governance configs, reported as errors where dbt stops (the compile goes on):
// a public ephemeral model, an enforced contract without columns or on a Python model, a latest_version that is
// none of the versions, and a model file named as a versioned model that no version claims.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compareVersions } from '../../src/dbt/node-config.js';
import { compileFiles, diagnosticsOf } from './helpers.js';

const PROJECT = "name: shop\nversion: '1'\nconfig-version: 2\n";

describe("dbt's parse errors in governance configs", () => {
  it('refuses a ref to a disabled model, as dbt stops on it; the ref is no dependency', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml': 'models:\n  - name: retired\n    config:\n      enabled: false\n',
      'models/retired.sql': 'select 1 as id',
      'models/report.sql': "select * from {{ ref('retired') }}",
    });
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}`)).toEqual([
      'ref-to-disabled error models/report.sql:1',
    ]);
    expect(graph.nodes['model.shop.report']?.depends_on.nodes).toEqual([]);
  });

  it("searches a package model's refs in its own package first when the root project sets dbt 1.11's flag", () => {
    const files = (flag: string) => ({
      'dbt_project.yml': `${PROJECT}${flag}`,
      'packages.yml': 'packages:\n  - local: lib\n',
      'models/dates.sql': 'select 1 as d',
      'lib/dbt_project.yml': "name: lib\nversion: '1'\nconfig-version: 2\n",
      'lib/models/dates.sql': 'select 2 as d',
      'lib/models/calendar.sql': "select * from {{ ref('dates') }}",
    });
    const parentOf = (flag: string) => compileFiles(files(flag)).nodes['model.lib.calendar']?.depends_on.nodes;
    expect(parentOf('')).toEqual(['model.shop.dates']);
    expect(parentOf('flags:\n  require_ref_searches_node_package_before_root: true\n')).toEqual(['model.lib.dates']);
  });

  it('refuses meta both at the top level and under config:, at the top-level key; the two are merged meanwhile', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml': 'models:\n  - name: orders\n    meta: {a: 1, b: 1}\n    config:\n      meta: {b: 2}\n',
      'models/orders.sql': 'select 1 as id',
    });
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}`)).toEqual([
      'meta-in-two-places error models/props.yml:3',
    ]);
    expect(graph.nodes['model.shop.orders']?.meta).toEqual({ a: 1, b: 2 });
  });

  it('refuses an incremental model under contract unless on_schema_change is append_new_columns or fail', () => {
    const entry = (name: string) =>
      `  - name: ${name}\n    config:\n      contract: {enforced: true}\n    columns:\n      - {name: id, data_type: int}\n`;
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml': `models:\n${entry('ignoring')}${entry('failing')}${entry('table_model')}`,
      'models/ignoring.sql': "{{ config(materialized='incremental') }}\nselect 1 as id",
      'models/failing.sql': "{{ config(materialized='incremental', on_schema_change='fail') }}\nselect 1 as id",
      'models/table_model.sql': "{{ config(materialized='table') }}\nselect 1 as id",
    });
    expect(diagnosticsOf(graph)).toEqual(['invalid-contract models/props.yml:4']);
  });

  it('refuses two models, seeds or snapshots built as one relation, as dbt does (AmbiguousAliasError)', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/orders.sql': 'select 1 as id',
      'models/orders_copy.sql': "{{ config(alias='orders') }}\nselect 1 as id",
      'models/orders_elsewhere.sql': "{{ config(alias='orders', schema='archive') }}\nselect 1 as id",
      'models/orders_off.sql': "{{ config(alias='orders', enabled=false) }}\nselect 1 as id",
      'seeds/orders.csv': 'id\n1\n',
    });
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}`).sort()).toEqual([
      'duplicate-relation error models/orders_copy.sql:1',
      'duplicate-relation error seeds/orders.csv:1',
    ]);
    expect(graph.diagnostics[0]?.message).toContain('"analytics"."public"."orders"');
  });

  it('judges no node on a config parse time does not know: adapter variants of one table, an unknown on_schema_change', () => {
    const contract =
      '    config:\n      contract: {enforced: true}\n    columns:\n      - {name: id, data_type: int}\n';
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/orders_pg.sql': "{{ config(alias='orders', enabled=(adapter.type() == 'postgres')) }}\nselect 1 as id",
      'models/orders_sf.sql': "{{ config(alias='orders', enabled=(adapter.type() == 'snowflake')) }}\nselect 1 as id",
      'models/props.yml': `models:\n  - name: inc\n${contract}`,
      'models/inc.sql':
        "{{ config(materialized='incremental', on_schema_change=('fail' if adapter.type() == 'x' else 'append_new_columns')) }}\nselect 1 as id",
      'models/legacy.sql': '{{ config(enabled=false) }}\nselect 1 as id',
      'models/report.sql':
        "{% if adapter.type() == 'snowflake' %}select * from {{ ref('legacy') }}{% endif %}\nselect 1",
    });
    expect(
      graph.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.severity} ${d.file}`),
    ).toEqual(['ref-to-disabled warning models/report.sql']);
  });

  it('refuses a public ephemeral model, at its access config', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml':
        'models:\n  - name: hidden\n    config:\n      access: public\n      materialized: ephemeral\n',
      'models/hidden.sql': 'select 1 as id',
      'models/fine.sql': "{{ config(materialized='ephemeral', access='protected') }}\nselect 1 as id",
    });
    expect(diagnosticsOf(graph)).toEqual(['invalid-access models/props.yml:4']);
  });

  it('refuses an enforced contract with no columns in its entry, or on a Python model; not one without an entry', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml': [
        'models:',
        '  - name: no_columns',
        '    config:',
        '      contract: {enforced: true}',
        '  - name: typed',
        '    config:',
        '      contract: {enforced: true}',
        '    columns:',
        '      - name: id',
        '        data_type: int',
        '  - name: py',
        '    config:',
        '      contract: {enforced: true}',
        '    columns:',
        '      - name: id',
        '        data_type: int',
        '',
      ].join('\n'),
      'models/no_columns.sql': 'select 1 as id',
      'models/typed.sql': 'select 1 as id',
      'models/py.py': 'def model(dbt, session):\n    return dbt.ref("typed")\n',
      // Enforced from dbt_project.yml's point of view only, with no entry: dbt checks contracts as it patches.
      'models/no_entry.sql': "{{ config(contract={'enforced': true}) }}\nselect 1 as id",
    });
    expect(diagnosticsOf(graph)).toEqual([
      'invalid-contract models/props.yml:13',
      'invalid-contract models/props.yml:4',
    ]);
    expect(graph.diagnostics.map((d) => d.message).sort()).toEqual([
      'the contract of `no_columns` is enforced but its property entry lists no columns: dbt stops here',
      'the contract of `py` is enforced but it is a python model: dbt stops here',
    ]);
  });

  it('takes an enforced contract on any materialization, as dbt 1.5.2+ does', () => {
    const entry = (name: string) =>
      `  - name: ${name}\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: id\n        data_type: int\n`;
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml': `models:\n${entry('mv')}${entry('custom')}`,
      'models/mv.sql': "{{ config(materialized='materialized_view') }}\nselect 1 as id",
      'models/custom.sql': "{{ config(materialized='my_custom') }}\nselect 1 as id",
    });
    expect(graph.diagnostics).toEqual([]);
  });

  it("warns of constraints a view's contract does not enforce, unless they say warn_unsupported: false", () => {
    const entry = (name: string, warn: string) =>
      `  - name: ${name}\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: id\n        data_type: int\n        constraints: [{type: not_null${warn}}]\n`;
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      // dbt reads an unversioned model's own constraints before it sets them: a model-level key alone says nothing.
      'models/props.yml': `models:\n${entry('v', '')}${entry('quiet', ', warn_unsupported: false')}${entry('t', '')}  - name: model_level\n    config:\n      contract: {enforced: true}\n    constraints: [{type: primary_key, columns: [id]}]\n    columns:\n      - name: id\n        data_type: int\n`,
      'models/model_level.sql': 'select 1 as id',
      'models/v.sql': 'select 1 as id',
      'models/quiet.sql': 'select 1 as id',
      'models/t.sql': "{{ config(materialized='table') }}\nselect 1 as id",
    });
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.line}`)).toEqual([
      'unsupported-constraint warning 2',
    ]);
    expect(graph.diagnostics[0]?.message).toContain('Constraint types are not supported for view materializations');
  });

  it('refuses a model-level constraint of no known type under an enforced contract', () => {
    const props = (contract: boolean) =>
      `models:\n  - name: m\n    config:\n      contract: {enforced: ${contract}}\n    constraints:\n      - {type: bogus, columns: [id]}\n    columns:\n      - name: id\n        data_type: int\n`;
    const files = { 'dbt_project.yml': PROJECT, 'models/m.sql': "{{ config(materialized='table') }}\nselect 1 as id" };
    const enforced = compileFiles({ ...files, 'models/props.yml': props(true) });
    expect(diagnosticsOf(enforced)).toEqual(['invalid-contract models/props.yml:2']);
    expect(enforced.diagnostics[0]?.message).toContain('Invalid constraint type on model m');
    // Not enforced: dbt does not look at the constraints.
    expect(diagnosticsOf(compileFiles({ ...files, 'models/props.yml': props(false) }))).toEqual([]);
  });

  it('refuses a group or an exposure whose owner has neither a name nor an email, or that has no owner', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml': [
        'groups:',
        '  - name: finance',
        '    owner: {slack: "#finance"}',
        '  - name: sales',
        '    owner: {email: sales@example.com}',
        'exposures:',
        '  - name: board',
        '    type: dashboard',
        '',
      ].join('\n'),
    });
    expect(diagnosticsOf(graph)).toEqual(['invalid-owner models/props.yml:3', 'invalid-owner models/props.yml:7']);
  });

  it('refuses a latest_version that is none of the versions, and an unclaimed file named as the versioned model', () => {
    const files = {
      'dbt_project.yml': PROJECT,
      'models/m_v1.sql': 'select 1 as id',
      'models/m_v2.sql': 'select 2 as id',
      'models/m.yml': 'models:\n  - name: m\n    latest_version: 3\n    versions:\n      - v: 1\n      - v: 2\n',
    };
    const latest = compileFiles(files);
    expect(diagnosticsOf(latest)).toEqual(['invalid-version models/m.yml:3']);
    const unclaimed = compileFiles({
      ...files,
      'models/m.yml': 'models:\n  - name: m\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n',
      'models/m.sql': 'select 0 as id',
    });
    expect(diagnosticsOf(unclaimed)).toEqual(['duplicate-node models/m.sql:1']);
    expect(Object.keys(unclaimed.nodes).sort()).toEqual(['model.shop.m.v1', 'model.shop.m.v2']);
    // The ignored file's own problems are not reported: a contract enforced for the versions' columns, say.
    const contract = compileFiles({
      ...files,
      'models/m.yml': [
        'models:',
        '  - name: m',
        '    config: {contract: {enforced: true}}',
        '    versions:',
        '      - v: 1',
        '        columns: [{name: id, data_type: int}]',
        '      - v: 2',
        '        columns: [{name: id, data_type: int}]',
        '',
      ].join('\n'),
      'models/m.sql': 'select 0 as id',
    });
    expect(diagnosticsOf(contract)).toEqual(['duplicate-node models/m.sql:1']);
    // A disabled file of that name (an adapter's variant) is no clash: dbt checks enabled nodes only.
    const variant = compileFiles({
      ...files,
      'models/m.yml': 'models:\n  - name: m\n    latest_version: 0\n    versions:\n      - v: 1\n      - v: 2\n',
      'models/m.sql': '{{ config(enabled=false) }}\nselect 0 as id',
    });
    // latest_version 0 is kept as written (a dbt 1.6 manifest does so), and dbt checks it against the versions only
    // when it is truthy: no error.
    expect(diagnosticsOf(variant)).toEqual([]);
    expect(variant.nodes['model.shop.m.v2']?.latest_version).toBe(0);
    expect(Object.keys(variant.disabled)).toEqual(['model.shop.m']);
    // The latest version may live in the unsuffixed file: then it is claimed, and nothing is wrong.
    const claimed = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/m_v1.sql': 'select 1 as id',
      'models/m.yml': 'models:\n  - name: m\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n',
      'models/m.sql': 'select 2 as id',
    });
    expect(diagnosticsOf(claimed)).toEqual([]);
  });
});

describe('a name given two property entries', () => {
  it("is dbt's DuplicatePatchPathError when a node has that name, and only another missing-node warning when none has", () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'models/props.yml':
        'models:\n  - name: gone\n  - name: m\n  - name: gone\n  - name: m\n    description: second\n',
      'models/m.sql': 'select 1 as id',
      'models/retired.sql': '{{ config(enabled=false) }}\nselect 1 as id',
      'models/more.yml': 'models:\n  - name: retired\n  - name: retired\n',
    });
    // A disabled node's second entry is no error either: dbt patches disabled nodes again.
    expect(diagnosticsOf(graph)).toEqual([
      'duplicate-property-entry models/props.yml:5',
      'property-without-node models/props.yml:2',
      'property-without-node models/props.yml:4',
    ]);
    // The first entry patches the node; the second is ignored.
    expect(graph.nodes['model.shop.m']!.description).toBe('');
  });
});

describe('version 0 of a versioned model', () => {
  it('is a version that dbt treats as false where it tests one: no alias suffix, no test-name suffix', () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': PROJECT,
        'models/m.yml': [
          'models:',
          '  - name: m',
          '    latest_version: 0',
          '    columns: [{name: id, data_tests: [not_null]}]',
          '    versions: [{v: 0}, {v: 1}]',
          '',
        ].join('\n'),
        'models/m_v0.sql': 'select 1 as id',
        'models/m_v1.sql': 'select 1 as id',
        'models/child.sql': "select * from {{ ref('m') }}",
      },
      { tests: true },
    );
    expect(diagnosticsOf(graph)).toEqual([]);
    // As dbt 1.6.3 wrote them for such a model: the unversioned ref goes to v0, whose alias is the bare name.
    expect(graph.nodes['model.shop.child']?.depends_on.nodes).toEqual(['model.shop.m.v0']);
    expect(graph.nodes['model.shop.m.v0']?.latest_version).toBe(0);
    const nodes = toManifest(graph)['nodes'] as Record<string, { alias: string }>;
    expect([nodes['model.shop.m.v0']?.alias, nodes['model.shop.m.v1']?.alias]).toEqual(['m', 'm_v1']);
    expect(Object.keys(graph.tests ?? {}).map((id) => id.split('.')[2])).toEqual(['not_null_m_id', 'not_null_m_v1_id']);
  });
});

describe('compareVersions', () => {
  it("orders versions as dbt's UnparsedVersion does: as floats when both read as numbers, else by code point", () => {
    expect(['10', 2, '1.5'].sort(compareVersions)).toEqual(['1.5', 2, '10']);
    expect(['b', 'B', 'a'].sort(compareVersions)).toEqual(['B', 'a', 'b']);
  });
});

describe('an access config outside models', () => {
  it('is no error on seeds and snapshots, whose configs have no access (dbt ignores the key there)', () => {
    const graph = compileFiles({
      'dbt_project.yml': `${PROJECT}seeds:\n  +access: bogus\nmodels:\n  +access: bogus\n`,
      'seeds/countries.csv': 'code\nFR\n',
      'models/m.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(graph)).toEqual(['invalid-access dbt_project.yml:7']);
  });
});

// dbt's ModelPatchParser._validate_pk_constraints (with or without a contract) and the version column list dbt's
// UnparsedVersion and IncludeExclude accept. From a round on governance-heavy projects (badal-io's mesh platform).
describe('primary keys and version column lists dbt refuses', () => {
  const files = {
    'dbt_project.yml': `${PROJECT}models:\n  +materialized: table\n  +contract: {enforced: true}\n`,
    'models/two_keys.sql': 'select 1 as id, 2 as x',
    'models/both_levels.sql': 'select 1 as id',
    'models/fine.sql': 'select 1 as id, 2 as x',
    'models/v_v1.sql': 'select 1 as id, 2 as y',
    'models/v_v2.sql': 'select 1 as id, 2 as y',
    'models/v_v3.sql': 'select 1 as id, 2 as y',
    'models/v_v4.sql': 'select 1 as id, 2 as y',
    'models/props.yml': [
      'models:',
      '  - name: two_keys',
      '    columns:',
      '      - {name: id, data_type: int, constraints: [{type: primary_key}]}',
      '      - {name: x, data_type: int, constraints: [{type: primary_key}]}',
      '  - name: both_levels',
      '    constraints: [{type: primary_key, columns: [id]}]',
      '    columns:',
      '      - {name: id, data_type: int, constraints: [{type: primary_key}]}',
      '  - name: fine',
      '    constraints: [{type: primary_key, columns: [id, x]}]',
      '    columns: [{name: id, data_type: int}, {name: x, data_type: int}]',
      '  - name: v',
      '    latest_version: 2',
      '    columns: [{name: id, data_type: int}, {name: y, data_type: int}]',
      '    versions:',
      '      - v: 1',
      '        columns:',
      '          - {include: [id], exclude: [y]}',
      '      - v: 2',
      '        columns:',
      '          - {include: all, exclude: [y]}',
      '      - v: 3',
      '        columns:',
      '          - {include: [id], exclude: []}',
      '      - v: 4',
      '        columns:',
      '          - {include: all, exclude: y}',
    ].join('\n'),
  };

  it('refuses two primary-key columns, or one beside a model-level key (under a contract), and an exclude beside an include list', () => {
    const graph = compileFiles(files);
    expect(diagnosticsOf(graph)).toEqual([
      'invalid-constraint models/props.yml:2',
      'invalid-constraint models/props.yml:6',
      'invalid-version models/props.yml:18',
      'invalid-version models/props.yml:27',
    ]);
    expect(Object.keys(graph.nodes['model.shop.v.v2']?.columns ?? {})).toEqual(['id']);
  });
});
