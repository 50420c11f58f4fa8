// unrendered_config as dbt's UnrenderedConfigGenerator builds it: layers as written, each a shallow dict update.
// Shapes checked against manifests real dbt wrote: `{"materialized": "view"}` from a folder's `+materialized`,
// `{"schema": "STAGING"}` from `+schema`, a snapshot's config() keyword arguments in their order.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles, node } from './helpers.js';

const graph = compileFiles({
  'dbt_project.yml': [
    'name: shop',
    'version: "1"',
    'config-version: 2',
    'vars:',
    '  layer: marts',
    'models:',
    '  shop:',
    '    +materialized: view',
    '    +meta: {owner: core}',
    '    marts:',
    '      +schema: "{{ var(\'layer\') }}"',
    '      +tags: [nightly]',
    '      persist_docs: {relation: true}',
    '',
  ].join('\n'),
  'models/base.sql': 'select 1 as id',
  'models/marts/orders.sql': [
    "{{ config(materialized='table', tags='finance') }}",
    "{{ config(tags=['daily'], meta={'tier': 1}) }}",
    "{{ config(meta={'sla': '24h'}) }}",
    'select 1 as id',
  ].join('\n'),
  'models/marts/orders.yml': [
    'models:',
    '  - name: orders',
    '    meta: {hoisted: true}',
    '    config:',
    '      meta: {steward: ops}',
    '      contract: {enforced: true}',
    '',
  ].join('\n'),
});

describe('unrendered_config', () => {
  it('holds no defaults: only the configs a node was given, as written', () => {
    expect(node(graph, 'model.shop.base').unrendered_config).toEqual({ materialized: 'view', meta: { owner: 'core' } });
  });

  it("lays dbt_project.yml's levels, the entry's config: and the config() calls over each other, shallowly", () => {
    expect(node(graph, 'model.shop.orders').unrendered_config).toEqual({
      // The last layer that sets a key wins it whole: config() calls over the entry, the entry over the project.
      materialized: 'table',
      meta: { tier: 1, sla: '24h' },
      // As written in dbt_project.yml: not rendered; a non-dict key without `+` is a config too.
      schema: "{{ var('layer') }}",
      // config() calls collected first, as dbt does: tags appended, meta updated.
      tags: ['finance', 'daily'],
      contract: { enforced: true },
      // `persist_docs:` without `+` holding a dict is a folder level to dbt, not a config.
    });
    // The rendered config merges as usual.
    expect(node(graph, 'model.shop.orders').config.tags).toEqual(['nightly', 'finance', 'daily']);
  });

  it('is written in the manifest', () => {
    const manifest = toManifest(graph) as { nodes: Record<string, { unrendered_config: unknown }> };
    expect(manifest.nodes['model.shop.base']?.unrendered_config).toEqual({
      materialized: 'view',
      meta: { owner: 'core' },
    });
  });

  it("puts the root project's levels over a package node's own", () => {
    const withPackage = compileFiles({
      'dbt_project.yml': 'name: app\nversion: "1"\nconfig-version: 2\nmodels:\n  lib:\n    +materialized: table\n',
      'packages.yml': 'packages:\n  - local: lib\n',
      'lib/dbt_project.yml':
        'name: lib\nversion: "1"\nconfig-version: 2\nmodels:\n  lib:\n    +materialized: view\n    +tags: [lib]\n',
      'lib/models/helper.sql': "{{ config(alias='helper_v') }}\nselect 1 as id",
    });
    expect(node(withPackage, 'model.lib.helper').unrendered_config).toEqual({
      materialized: 'table',
      tags: ['lib'],
      alias: 'helper_v',
    });
  });

  it('names config() hooks as dbt records them, and takes the top-level keys dbt 1.10+ moves into config:', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\nmodels:\n  +pre_hook: "select 1"\n',
      'models/a.sql': "{{ config(pre_hook='select 2', post_hook=['select 3']) }}\nselect 1 as id",
      'models/a.yml': 'models:\n  - name: a\n    meta: {owner: x}\n    group: core\n',
      'models/groups.yml': 'groups:\n  - name: core\n    owner: {name: core}\n',
    });
    expect(node(graph, 'model.shop.a').unrendered_config).toEqual({
      pre_hook: 'select 1',
      meta: { owner: 'x' },
      group: 'core',
      // The first config() call as written (dbt_common's merge_config_dicts; a 1.9.10 manifest writes a lone
      // post_hook string so): a string stays a string.
      'pre-hook': 'select 2',
      'post-hook': ['select 3'],
    });
  });

  it("lists tags and hooks once a later config() call adds to them, and keeps a static model's calls as written", () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nvars: {x: s}\n',
      // Rendered (a var): the calls are merged, the second appending to the first's string.
      'models/c.sql': "{{ config(tags='a') }}{{ config(tags='b', schema=var('x')) }}select 1 as id",
      'models/d.sql': "{{ config(materialized=var('x')) }}{{ config(tags='b') }}select 1 as id",
      // Read by dbt's static parser: dict(configs), a later call's value over an earlier one's.
      'models/f.sql': '{{ config(tags="a") }}{{ config(tags="b", materialized="view") }} select 1 as id',
    });
    expect(node(graph, 'model.shop.c').unrendered_config).toEqual({ tags: ['a', 'b'], schema: 's' });
    expect(node(graph, 'model.shop.d').unrendered_config).toEqual({ materialized: 's', tags: ['b'] });
    expect(node(graph, 'model.shop.f').unrendered_config).toEqual({ tags: 'b', materialized: 'view' });
    expect(node(graph, 'model.shop.f').config.tags).toEqual(['a', 'b']);
  });

  it("merges later config() calls' grants privilege by privilege and snapshot_meta_column_names key by key", () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nvars: {x: s}\n',
      // merge_config_dicts: a `+` privilege (kept as written) extends the same key, any other replaces its list.
      'models/g.sql': [
        "{{ config(grants={'select': 'a', '+insert': ['b']}, schema=var('x')) }}",
        "{{ config(grants={'+insert': 'c', 'update': 'd', 'select': ['e']}) }}",
        "{{ config(snapshot_meta_column_names={'dbt_valid_to': 'vt'}, packages='p') }}",
        "{{ config(snapshot_meta_column_names={'dbt_scd_id': 'id'}, packages=['q']) }}",
        'select 1 as id',
      ].join('\n'),
    });
    expect(node(graph, 'model.shop.g').unrendered_config).toEqual({
      grants: { select: ['e'], '+insert': ['b', 'c'], update: ['d'] },
      schema: 's',
      snapshot_meta_column_names: { dbt_valid_to: 'vt', dbt_scd_id: 'id' },
      packages: ['p', 'q'],
    });
  });

  it("keeps a static model's tags string unless a property entry's config makes dbt merge its calls key by key", () => {
    const files = {
      'dbt_project.yml': 'name: shop\n',
      'models/g.sql': "{{ config(materialized='table', tags='nightly') }} select 1 as id",
      'models/h.sql': "{{ config(materialized='table', tags='nightly') }} select 1 as id",
      'models/h.yml': 'models:\n  - name: h\n    config: {alias: hh}\n',
    };
    const graph = compileFiles(files);
    expect(node(graph, 'model.shop.g').unrendered_config).toEqual({ materialized: 'table', tags: 'nightly' });
    // patch_node_config runs (patch.config is not empty): _get_config_call_dict's merge, tags listed.
    expect(node(graph, 'model.shop.h').unrendered_config).toEqual({
      alias: 'hh',
      materialized: 'table',
      tags: ['nightly'],
    });
  });

  it('keeps a `+__proto__:` level key as a key, not a prototype', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\nmodels:\n  +__proto__: {materialized: table}\n',
      'models/a.sql': 'select 1 as id',
    });
    const a = node(graph, 'model.shop.a');
    expect(a.config.materialized).toBe('view');
    expect(Object.getPrototypeOf(a.unrendered_config)).toBe(Object.prototype);
    expect(Object.keys(a.unrendered_config ?? {})).toEqual(['__proto__']);
  });

  it("merges a static version's calls key by key (a version's patch always runs), and puts a static package model's calls last", () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: shop\nmodels:\n  lib:\n    +materialized: table\n    +tags: root_tag\n',
      'models/m_v1.sql': "{{ config(materialized='table', tags='nightly') }} select 1 as id",
      'models/m_v2.sql': "{{ config(tags='a') }}{{ config(tags='b', materialized='view') }} select 1 as id",
      'models/m.yml': 'models:\n  - name: m\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n',
      'packages.yml': 'packages:\n  - local: lib\n',
      'lib/dbt_project.yml': 'name: lib\n',
      'lib/models/one_call.sql': "{{ config(materialized='view') }} select 1 as id",
    });
    expect(node(graph, 'model.shop.m.v1').unrendered_config).toEqual({ materialized: 'table', tags: ['nightly'] });
    expect(node(graph, 'model.shop.m.v2').unrendered_config).toEqual({ tags: ['a', 'b'], materialized: 'view' });
    // ModelParser.populate updates the finished unrendered_config: over the root project's levels.
    expect(node(graph, 'model.lib.one_call').unrendered_config).toEqual({ materialized: 'view', tags: 'root_tag' });
    expect(node(graph, 'model.lib.one_call').config.materialized).toBe('table');
  });
});
