// depends_on.macros of nodes as dbt parse writes them: the body's macro calls, then the hooks' (pre before post),
// each once; seeds and YAML snapshots have only their hooks'; a file dbt's static parser reads calls none.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import type { ParseCache } from '../../src/dbt/types.js';
import { compileFiles, node } from './helpers.js';

const PROJECT = [
  'name: shop',
  'version: "1"',
  'config-version: 2',
  'models:',
  '  shop:',
  '    +post-hook: "{{ grant_select(this) }}"',
  'seeds:',
  '  shop:',
  '    +post-hook: "{{ grant_select(this) }}"',
  '',
].join('\n');

const graph = compileFiles({
  'dbt_project.yml': PROJECT,
  'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
  'macros/grants.sql': '{% macro grant_select(rel) %}grant select on {{ rel }} to reporter{% endmacro %}',
  'macros/money.sql': '{% macro cents(col) %}{{ col }} / 100{% endmacro %}',
  'macros/audit.sql': '{% macro audit() %}insert into audit values (1){% endmacro %}',
  'models/plain.sql': "select * from {{ ref('seed_a') }}",
  'models/orders.sql': [
    "{{ config(pre_hook='{{ audit() }}') }}",
    "select {{ cents('amount') }}, {{ dbt_utils.generate_surrogate_key(['id']) }}",
    "from {{ ref('plain') }}",
    '{% if is_incremental() %}where 1 = 1{% endif %}',
  ].join('\n'),
  'seeds/seed_a.csv': 'id\n1\n',
  'snapshots/snap.sql':
    "{% snapshot snap %}{{ config(unique_key='id', strategy='check', check_cols='all') }}select {{ cents('x') }}{% endsnapshot %}",
});

describe('depends_on.macros', () => {
  it('lists the body’s macros in call order, then the pre-hooks’, then the post-hooks’', () => {
    expect(node(graph, 'model.shop.orders').depends_on.macros).toEqual([
      'macro.shop.cents',
      'macro.dbt_utils.generate_surrogate_key',
      'macro.dbt.is_incremental',
      'macro.shop.audit',
      'macro.shop.grant_select',
    ]);
  });

  it('gives a model dbt parses statically only its hooks’ macros', () => {
    expect(node(graph, 'model.shop.plain').depends_on.macros).toEqual(['macro.shop.grant_select']);
  });

  it('gives seeds their hooks’ macros and snapshots their body’s', () => {
    expect(node(graph, 'seed.shop.seed_a').depends_on.macros).toEqual(['macro.shop.grant_select']);
    expect(node(graph, 'snapshot.shop.snap').depends_on.macros).toEqual(['macro.shop.cents']);
  });

  it('is written to the manifest, for seeds too (whose depends_on has only macros)', () => {
    const nodes = toManifest(graph)['nodes'] as Record<string, { depends_on: Record<string, unknown> }>;
    expect(nodes['seed.shop.seed_a']?.depends_on).toEqual({ macros: ['macro.shop.grant_select'] });
    expect(nodes['model.shop.plain']?.depends_on).toEqual({
      nodes: ['seed.shop.seed_a'],
      macros: ['macro.shop.grant_select'],
    });
  });
});

describe('a hook set once for many models', () => {
  it('is scanned once: its diagnostics are reported once, its macros reach every model', () => {
    const models: Record<string, string> = {};
    for (let i = 0; i < 3; i++) models[`models/m${i}.sql`] = 'select 1';
    const g = compileFiles({
      'dbt_project.yml':
        'name: shop\nversion: "1"\nconfig-version: 2\nmodels:\n  +post-hook: "{{ no_such_macro() }}"\n',
      ...models,
    });
    expect(Object.values(g.nodes).map((n) => n.depends_on.macros)).toEqual([[], [], []]);
    expect(g.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual(['unknown-macro dbt_project.yml:5']);
  });
});

describe('a hook’s problem across compiles that reuse built nodes', () => {
  it('is reported once by every compile, whichever nodes are rebuilt', () => {
    const store = new Map<string, unknown>();
    const cache: ParseCache = { get: (key) => store.get(key), set: (key, value) => void store.set(key, value) };
    const project = 'name: shop\nversion: "1"\nconfig-version: 2\nmodels:\n  +post-hook: "{{ no_such_macro() }}"\n';
    const hookProblems = (files: Record<string, string>) =>
      compile(new Map(Object.entries({ 'dbt_project.yml': project, ...files })), { cache })
        .diagnostics.filter((d) => d.code === 'unknown-macro')
        .map((d) => `${d.file}:${d.line}`);
    expect(hookProblems({ 'models/a.sql': 'select 1', 'models/b.sql': 'select 2' })).toEqual(['dbt_project.yml:5']);
    // b is reused from the memo, a is gone.
    expect(hookProblems({ 'models/b.sql': 'select 2' })).toEqual(['dbt_project.yml:5']);
    // a reused, b rebuilt.
    expect(hookProblems({ 'models/a.sql': 'select 1', 'models/b.sql': 'select 3' })).toEqual(['dbt_project.yml:5']);
  });
});
