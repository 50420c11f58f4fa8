// SQL and Python models: the ways refs, sources and config() are written, and what dbt counts at parse time.
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';

const graph = compileFixture('sql-models');
const deps = (name: string) => node(graph, `model.refs_demo.${name}`).depends_on.nodes;
const refLines = (name: string) =>
  node(graph, `model.refs_demo.${name}`).refs.map((r) => `${r.name}@${r.pos.file}:${r.pos.line}:${r.certainty}`);

describe('SQL models', () => {
  it('reports only the dynamic ref, the unevaluable condition and the macros nothing defines, with lines', () => {
    expect(diagnosticsOf(graph)).toEqual([
      'dynamic-ref models/dynamic_ref.sql:3',
      'unevaluated-condition models/unevaluable.sql:2',
      'unknown-macro models/dynamic_ref.sql:1',
      'unknown-macro models/unevaluable.sql:2',
    ]);
  });

  it("runs the project's macros with the real arguments: their refs count, on the line of the call", () => {
    expect(refLines('uses_macro')).toEqual([
      'base_a@models/uses_macro.sql:3:static',
      'base_b@models/uses_macro.sql:3:static',
    ]);
    expect(deps('uses_macro')).toEqual(['model.refs_demo.base_a', 'model.refs_demo.base_b']);
  });

  it('resolves quotes, two-argument package refs, v= and version=, and source()', () => {
    expect(deps('ref_variants')).toEqual([
      'source.refs_demo.raw.orders',
      'model.refs_demo.base_a',
      'model.refs_demo.base_b',
      'model.refs_demo.base_c',
      'model.refs_demo.versioned.v1',
      'model.refs_demo.versioned.v2',
    ]);
    const refs = node(graph, 'model.refs_demo.ref_variants').refs;
    expect(refs.map((r) => [r.name, r.package, r.version, r.pos.line])).toEqual([
      ['base_a', null, null, 2],
      ['base_b', null, null, 3],
      ['base_c', 'refs_demo', null, 4],
      ['versioned', null, 1, 5],
      ['versioned', null, 2, 6],
    ]);
    expect(node(graph, 'model.refs_demo.ref_variants').sources).toEqual([
      { source: 'raw', table: 'orders', pos: { file: 'models/ref_variants.sql', line: 7 } },
    ]);
  });

  it('reads config() blocks and counts refs in {% set %} and in the branch target.name selects', () => {
    const n = node(graph, 'model.refs_demo.jinja_blocks');
    expect([n.config.materialized, n.tags, n.meta]).toEqual(['table', ['blocks'], { owner: 'ana' }]);
    expect(n.metaPositions['owner']).toEqual({ file: 'models/jinja_blocks.sql', line: 1 });
    expect(n.configPositions['materialized']).toEqual({ file: 'models/jinja_blocks.sql', line: 1 });
    // target is dev: the prod branch (base_e) is not rendered; refs in {# #} (base_g) are not refs at all.
    expect(refLines('jinja_blocks')).toEqual([
      'base_d@models/jinja_blocks.sql:2:static',
      'base_f@models/jinja_blocks.sql:6:static',
    ]);
    expect(deps('jinja_blocks')).toEqual(['model.refs_demo.base_d', 'model.refs_demo.base_f']);
  });

  it('takes the prod branch when target.name is prod', () => {
    const prod = compileFixture('sql-models', { target: { name: 'prod' } });
    expect(node(prod, 'model.refs_demo.jinja_blocks').depends_on.nodes).toEqual([
      'model.refs_demo.base_d',
      'model.refs_demo.base_e',
    ]);
  });

  it('counts `-- depends_on:` refs and not refs under {% if execute %} (execute is false while parsing)', () => {
    expect(refLines('execute_guard')).toEqual([
      'base_g@models/execute_guard.sql:1:static',
      'base_a@models/execute_guard.sql:5:static',
    ]);
    expect(graph.child_map['model.refs_demo.base_h']).not.toContain('model.refs_demo.execute_guard');
  });

  it('evaluates is_incremental() as false at parse time, as dbt does', () => {
    expect(deps('incremental')).toEqual(['model.refs_demo.base_c']);
  });

  it('counts refs in every branch of a condition it cannot evaluate, as conditional, with a diagnostic', () => {
    expect(refLines('unevaluable')).toEqual([
      'base_d@models/unevaluable.sql:3:conditional',
      'base_e@models/unevaluable.sql:5:conditional',
    ]);
    expect(deps('unevaluable')).toEqual(['model.refs_demo.base_d', 'model.refs_demo.base_e']);
    const diagnostic = graph.diagnostics.find((d) => d.code === 'unevaluated-condition');
    expect(diagnostic?.message).toContain("feature_enabled('new_orders')");
  });

  it('records a ref whose argument is not known as a dynamic-ref diagnostic, not a guess', () => {
    expect(deps('dynamic_ref')).toEqual(['model.refs_demo.base_a']);
    expect(graph.diagnostics.find((d) => d.code === 'dynamic-ref')).toMatchObject({
      file: 'models/dynamic_ref.sql',
      line: 3,
    });
  });
});

describe("models dbt's static parser reads", () => {
  // dbt-extractor collects a model's sources in a set (its refs in a list): a model of only ref / source / config
  // calls of literals lists each source once; one dbt renders (any other Jinja) lists every call.
  const sourcesOf = (sql: string, extra: Record<string, string> = {}) => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\nversion: "1.0"\nconfig-version: 2\nprofile: p\n',
      'models/m.sql': sql,
      'snapshots/s.sql': `{% snapshot s %}{{ config(unique_key='id', strategy='check', check_cols='all') }}${sql}{% endsnapshot %}`,
      ...extra,
    });
    return [node(graph, 'model.p.m').sources.length, node(graph, 'snapshot.p.s').sources.length];
  };
  const twice = "select * from {{ source('s', 'a') }} union all select * from {{ source('s', 'a') }}";

  it('keep each source once in a model, every call in a snapshot', () => {
    expect(sourcesOf(twice)).toEqual([1, 2]);
    expect(sourcesOf(`${twice} {# a comment #}`)).toEqual([1, 2]);
  });

  it('keep every call where dbt renders the model: other Jinja, or a project macro named source', () => {
    expect(sourcesOf(`{% set x = 1 %}${twice}`)).toEqual([2, 2]);
    // What dbt-extractor does not read: whitespace control, a hook or a number in config(), a positional config.
    expect(sourcesOf(`{{- source('s', 'a') -}}${twice}`)).toEqual([3, 3]);
    expect(sourcesOf(`{{ config(post_hook='grant') }}${twice}`)[0]).toBe(2);
    expect(sourcesOf(`{{ config(materialized='table', tags=['a']) }}${twice}`)[0]).toBe(1);
    expect(sourcesOf(`{{ config(**{'post_hook': 'grant'}) }}${twice}`)[0]).toBe(2);
    expect(sourcesOf(`{{ config(batch_size=3) }}${twice}`)[0]).toBe(2);
    expect(sourcesOf(`{{ config({'materialized': 'table'}) }}${twice}`)[0]).toBe(2);
    expect(
      sourcesOf(twice, {
        'macros/source.sql': '{% macro source(s, t) %}{{ return(builtins.source(s, t)) }}{% endmacro %}',
      }),
    ).toEqual([2, 2]);
  });
});

describe('hooks', () => {
  it('counts refs in pre-/post-hooks (dbt renders hooks at parse time), from dbt_project.yml and config()', () => {
    expect(deps('hooked')).toEqual(['model.refs_demo.base_g', 'model.refs_demo.base_h']);
    expect(refLines('hooked')).toEqual(['base_g@dbt_project.yml:8:static', 'base_h@models/hooked.sql:1:static']);
    // Hooks stay as written in the config: dbt renders them per node, not with dbt_project.yml.
    expect(node(graph, 'model.refs_demo.hooked').config['pre-hook']).toEqual([
      "delete from {{ ref('base_g') }} where false",
    ]);
  });
});

describe('Python models', () => {
  it('reads dbt.ref, dbt.source and dbt.config with lines', () => {
    const py = node(graph, 'model.refs_demo.py_model');
    expect([py.language, py.path, py.config.materialized, py.tags]).toEqual([
      'python',
      'py/py_model.py',
      'table',
      ['python'],
    ]);
    expect(py.depends_on.nodes).toEqual([
      'source.refs_demo.raw.orders',
      'model.refs_demo.base_a',
      'model.refs_demo.versioned.v1',
    ]);
    expect(py.refs.map((r) => r.pos.line)).toEqual([3, 5]);
    expect(py.sources[0]?.pos).toEqual({ file: 'models/py/py_model.py', line: 4 });
  });
});
