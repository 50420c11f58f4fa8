// on-run-start / on-run-end hooks as dbt's operation nodes: listed with the manifest's nodes, kept out of the
// graph's nodes that reviews read.
import { createHash } from 'node:crypto';
import { graphFromManifest } from '../../src/dbt/manifest/manifest-input.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles } from './helpers.js';

const PROJECT = [
  'name: shop',
  'version: "1"',
  'config-version: 2',
  'on-run-start:',
  '  - "{{ create_audit_table() }}"',
  '  - "grant usage on schema {{ target.schema }} to reporter"',
  'on-run-end: "{{ log_run_end() }}"',
  'models:',
  '  +materialized: table',
  '  +tags: [nightly]',
  '  +post-hook: "{{ log_model(this) }}"',
  '',
].join('\n');

const graph = compileFiles({
  'dbt_project.yml': PROJECT,
  'packages.yml': 'packages:\n  - local: util\n',
  'macros/audit.sql': [
    '{% macro create_audit_table() %}create table if not exists audit (id int){% endmacro %}',
    '{% macro log_run_end() %}insert into audit values (1){% endmacro %}',
    '{% macro log_model(rel) %}insert into audit values (2){% endmacro %}',
  ].join('\n'),
  'models/orders.sql': 'select 1 as id',
  'util/dbt_project.yml': 'name: util\nversion: "1"\nconfig-version: 2\non-run-start: ["select 1"]\n',
});
const operations = graph.operations ?? {};
const start0 = operations['operation.shop.shop-on-run-start-0']!;

describe('operation nodes', () => {
  it('are one per hook, strings counting as a list of one, for the project and its packages', () => {
    expect(Object.keys(operations).sort()).toEqual([
      'operation.shop.shop-on-run-end-0',
      'operation.shop.shop-on-run-start-0',
      'operation.shop.shop-on-run-start-1',
      'operation.util.util-on-run-start-0',
    ]);
    // Reviews read graph.nodes: models, seeds and snapshots only.
    expect(Object.keys(graph.nodes)).toEqual(['model.shop.orders']);
  });

  it('are named and placed as dbt names them', () => {
    expect([start0.name, start0.fqn, start0.path, start0.original_file_path, start0.index]).toEqual([
      'shop-on-run-start-0',
      ['shop', 'hooks', 'shop-on-run-start-0'],
      'hooks/shop-on-run-start-0.sql',
      './dbt_project.yml',
      0,
    ]);
    expect(operations['operation.shop.shop-on-run-start-1']!.index).toBe(1);
    expect(operations['operation.shop.shop-on-run-start-1']!.raw_code).toBe(
      'grant usage on schema {{ target.schema }} to reporter',
    );
    // Every hook's checksum is its dbt_project.yml's, stripped.
    expect(start0.checksum.toJSON()).toEqual({
      name: 'sha256',
      checksum: createHash('sha256').update(PROJECT.trim()).digest('hex'),
    });
  });

  it('take the models: config, the hook type first in their tags, and record the macros they and their hooks call', () => {
    expect([start0.config.materialized, start0.tags, start0.config.tags]).toEqual([
      'table',
      ['on-run-start', 'nightly'],
      ['nightly'],
    ]);
    expect(start0.depends_on).toEqual({
      nodes: [],
      macros: ['macro.shop.create_audit_table', 'macro.shop.log_model'],
    });
    expect(start0.unrendered_config).toEqual({
      materialized: 'table',
      tags: ['nightly'],
      'post-hook': '{{ log_model(this) }}',
    });
  });

  it('are written with the manifest’s nodes as HookNodes: no relation, no model fields, their index', () => {
    const manifest = toManifest(graph);
    const node = (manifest['nodes'] as Record<string, Record<string, unknown>>)['operation.shop.shop-on-run-end-0']!;
    expect(node).toMatchObject({ resource_type: 'operation', relation_name: null, index: 0, language: 'sql' });
    expect(Object.keys(node)).not.toContain('access');
    expect(Object.keys(node['config'] as object)).not.toContain('access');
    expect((manifest['parent_map'] as Record<string, string[]>)['operation.shop.shop-on-run-end-0']).toEqual([]);
  });
});

describe('operation nodes of a manifest dbt wrote', () => {
  it('are read apart from the nodes and written back with their index', () => {
    const { graph: read } = graphFromManifest(JSON.parse(JSON.stringify(toManifest(graph))), 'manifest.json');
    expect(Object.keys(read!.nodes)).toEqual(['model.shop.orders']);
    expect(Object.keys(read!.operations ?? {}).sort()).toEqual(Object.keys(operations).sort());
    const again = toManifest(read!)['nodes'] as Record<string, Record<string, unknown>>;
    expect(again['operation.shop.shop-on-run-start-1']).toMatchObject({ index: 1, resource_type: 'operation' });
  });
});

describe('operation nodes that dbt would not run', () => {
  it('go to disabled when the models: config disables them; a hook that is not a string is an error', () => {
    const g = compileFiles({
      'dbt_project.yml': [
        'name: shop',
        'version: "1"',
        'config-version: 2',
        'on-run-start: ["select 1", 2]',
        'models:',
        '  shop:',
        '    hooks:',
        '      +enabled: false',
        '',
      ].join('\n'),
    });
    expect(g.operations ?? {}).toEqual({});
    expect(Object.keys(g.disabled)).toEqual(['operation.shop.shop-on-run-start-0']);
    expect(Object.keys(toManifest(g)['disabled'] as object)).toEqual(['operation.shop.shop-on-run-start-0']);
    expect(g.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['invalid-hook dbt_project.yml:4']);
  });
});

describe('operation nodes and positions', () => {
  it('report a ref in a hook on the hook’s line, and a second project of the same name as a duplicate', () => {
    const project =
      'name: shop\nversion: "1"\nconfig-version: 2\non-run-end:\n  - "select 1"\n  - "select * from {{ ref(\'missing\') }}"\n';
    const g = compileFiles({ 'dbt_project.yml': project, 'copy/dbt_project.yml': project });
    expect(g.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`).sort()).toEqual([
      'duplicate-node copy/dbt_project.yml:1',
      'duplicate-node copy/dbt_project.yml:1',
      'unknown-ref dbt_project.yml:6',
    ]);
    expect(Object.keys(g.operations ?? {}).sort()).toEqual([
      'operation.shop.shop-on-run-end-0',
      'operation.shop.shop-on-run-end-1',
    ]);
    expect(g.operations!['operation.shop.shop-on-run-end-1']!.file).toBe('dbt_project.yml');
  });

  it('report a model hook that is no SQL string as dbt rejects it', () => {
    const g = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\nmodels:\n  +post-hook: [5]\n',
      'models/a.sql': 'select 1',
    });
    expect(g.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['invalid-hook dbt_project.yml:5']);
  });
});

describe('a hook that ends dbt_project.yml', () => {
  it('keeps no final line break: dbt reads the file stripped', () => {
    const hooks = (project: string) =>
      Object.values(compileFiles({ 'dbt_project.yml': project, 'models/a.sql': 'select 1 as id' }).operations ?? {});
    const [last] = hooks('name: p\non-run-end: |\n  select 1\n\n');
    expect(last?.raw_code).toBe('select 1');
    // Followed by a key, the block keeps its line break.
    const [kept] = hooks('name: p\non-run-end: |\n  select 1\nversion: "1"\n');
    expect(kept?.raw_code).toBe('select 1\n');
  });
});
