import { scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const names = (sql: string, ctx = context()): string[] => scanSql(sql, ctx).refs.map((r) => r.name);

describe('scanSql: refs and sources', () => {
  it('returns nothing for plain SQL without Jinja', () => {
    expect(scanSql('select 1 as id\n-- {# not jinja #}', context())).toEqual({
      refs: [],
      sources: [],
      configs: [],
      macros: [],
      diagnostics: [],
    });
  });

  it('records ref with single and double quotes, with the 1-based line of each call', () => {
    const r = scanSql(`select *\nfrom {{ ref('orders') }}\njoin {{ ref("customers") }} using (id)`, context());
    expect(r.refs).toEqual([
      { name: 'orders', package: null, version: null, line: 2, certainty: 'static' },
      { name: 'customers', package: null, version: null, line: 3, certainty: 'static' },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it("closes a tag after a string that ends in an escaped backslash, as Jinja reads `'\\\\'`", () => {
    const sql = [
      "{%- set seps = ['\\\\', \"a\\\\\", 'it\\'s'] -%}",
      "select '{{ \"x\\\\\" }}' as x from {{ ref('orders') }}",
      "join {{ ref('customers') }} using (id)",
    ].join('\n');
    const r = scanSql(sql, context());
    expect(r.diagnostics).toEqual([]);
    expect(r.refs.map((ref) => [ref.name, ref.line])).toEqual([
      ['orders', 2],
      ['customers', 3],
    ]);
  });

  it('records a two-argument ref as package and model', () => {
    expect(scanSql(`{{ ref('finance', 'revenue') }}`, context()).refs).toEqual([
      { name: 'revenue', package: 'finance', version: null, line: 1, certainty: 'static' },
    ]);
  });

  it('records versions given as v= or version=', () => {
    const r = scanSql(`{{ ref('orders', v=2) }}\n{{ ref('orders', version='3') }}`, context());
    expect(r.refs.map((x) => [x.name, x.version, x.line])).toEqual([
      ['orders', 2, 1],
      ['orders', '3', 2],
    ]);
  });

  it('records sources with their line', () => {
    expect(scanSql(`select 1\nfrom {{ source('stripe', 'payments') }}`, context()).sources).toEqual([
      { source: 'stripe', table: 'payments', line: 2, certainty: 'static' },
    ]);
  });

  it('gives a ref inside a multi-line tag the line of the ref itself', () => {
    const sql = `{{\n  dbt_utils.union_relations(\n    relations=[\n      ref('a'),\n      ref('b')\n    ]\n  )\n}}`;
    expect(scanSql(sql, context()).refs.map((r) => [r.name, r.line])).toEqual([
      ['a', 4],
      ['b', 5],
    ]);
  });

  it('counts refs in SQL comments, which is how dbt forces a dependency', () => {
    expect(names(`-- depends_on: {{ ref('upstream') }}\nselect 1`)).toEqual(['upstream']);
  });

  it('ignores everything inside Jinja comments, also across lines', () => {
    expect(names(`{# {{ ref('gone') }}\n {% if true %}{{ ref('gone2') }}{% endif %} #}\n{{ ref('kept') }}`)).toEqual([
      'kept',
    ]);
  });

  it('treats raw blocks as literal text', () => {
    expect(names(`{% raw %}{{ ref('literal') }}{% endraw %}{{ ref('real') }}`)).toEqual(['real']);
    expect(names(`{%- raw -%} {{ ref('literal') }} {%- endraw -%}`)).toEqual([]);
  });

  it('accepts whitespace control markers on all tag kinds', () => {
    const r = scanSql(
      `{%- set m = 'x' -%}\n{{- ref(m) -}}\n{#- c -#}\n{%- if true -%}{{- source('s', 't') -}}{%- endif -%}`,
      context(),
    );
    expect(r.refs.map((x) => [x.name, x.line])).toEqual([['x', 2]]);
    expect(r.sources.map((x) => [x.table, x.line])).toEqual([['t', 4]]);
    expect(r.diagnostics).toEqual([]);
  });

  it('counts refs passed as arguments to unknown macros without reporting anything', () => {
    const r = scanSql(
      `select {{ dbt_utils.star(from=ref('a'), except=['x']) }} from {{ my_macro(source('s', 't')) }}`,
      context(),
    );
    expect(r.refs.map((x) => x.name)).toEqual(['a']);
    expect(r.sources.map((x) => x.table)).toEqual(['t']);
    expect(r.diagnostics).toEqual([]);
  });

  it('resolves a ref whose argument is a set variable, a var with a default or a concatenation', () => {
    const sql = `{% set m = 'orders' %}{{ ref(m) }}\n{{ ref(var('model', 'fallback')) }}\n{{ ref('stg_' ~ 'x') }}`;
    expect(names(sql)).toEqual(['orders', 'fallback', 'stg_x']);
  });

  it('uses var values from the context before defaults', () => {
    expect(names(`{{ ref(var('model', 'fallback')) }}`, context({ vars: { model: 'chosen' } }))).toEqual(['chosen']);
  });

  it('reports a ref whose argument is unknown as dynamic-ref, naming the expression, and records nothing', () => {
    const r = scanSql(`select 1\n{{ ref(some_macro()) }}`, context());
    expect(r.refs).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        code: 'dynamic-ref',
        severity: 'warning',
        message: '`ref(some_macro())` has arguments not known at parse time; no dependency recorded.',
        line: 2,
      },
    ]);
  });

  it('reports a source whose argument is unknown as dynamic-ref', () => {
    const r = scanSql(`{{ source('s', this.name) }}`, context());
    expect(r.sources).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['dynamic-ref', 1]]);
  });

  it('flags a ref with too many arguments as invalid-ref', () => {
    const r = scanSql(`{{ ref('a', 'b', 'c') }}`, context());
    expect(r.refs).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-ref']);
  });

  it('reaches refs through builtins.ref', () => {
    expect(names(`{{ builtins.ref('a') }}`)).toEqual(['a']);
  });
});
