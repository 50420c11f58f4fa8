// dbt's depends_on.macros: the macros a file itself calls while dbt renders it at parse time (MacroGenerator's
// track_call at depth 0), as `macro.<package>.<name>`, each once, in first-call order.
import { scanSql } from '../../../src/dbt/jinja/index.js';
import type { JinjaContext } from '../../../src/dbt/jinja/index.js';
import { context, withMacros } from './helpers.js';

const ctx = withMacros({
  'macros/cents.sql': '{% macro cents_to_dollars(col) %}({{ col }} / 100){% endmacro %}',
  // A macro that calls others: what it calls is not the model's dependency.
  'macros/wrapper.sql':
    "{% macro wrapper() %}{{ cents_to_dollars('x') }} {{ dbt.date_trunc('day', 'x') }}{% endmacro %}",
  'macros/dispatched.sql': [
    "{% macro sk(a) %}{{ return(adapter.dispatch('sk', 'jaffle_shop')(a)) }}{% endmacro %}",
    '{% macro default__sk(a) %}md5({{ a }}){% endmacro %}',
    '{% macro postgres__sk(a) %}md5({{ a }}::text){% endmacro %}',
  ].join('\n'),
  'packages/util/macros/u.sql': '{% macro helper() %}1{% endmacro %}',
});
const macrosOf = (sql: string, c: JinjaContext = ctx) => scanSql(sql, c).macros;

describe('scanSql: depends_on.macros', () => {
  it('is empty for a file dbt reads with its static parser (only ref, source and config calls)', () => {
    expect(
      macrosOf("{{ config(materialized='table') }}\nselect * from {{ ref('a') }} join {{ source('s', 't') }}"),
    ).toEqual([]);
  });

  it('records project macros, dbt macros called bare or through `dbt.`, in first-call order, each once', () => {
    const sql = [
      "select {{ cents_to_dollars('amount') }}, {{ current_timestamp() }}",
      "from {{ ref('orders') }}",
      '{% if is_incremental() %} where 1 = 1 {% endif %}',
      "{{ dbt.date_trunc('day', 'at') }} {{ cents_to_dollars('tax') }}",
    ].join('\n');
    expect(macrosOf(sql)).toEqual([
      'macro.jaffle_shop.cents_to_dollars',
      'macro.dbt.current_timestamp',
      'macro.dbt.is_incremental',
      'macro.dbt.date_trunc',
    ]);
  });

  it('records a macro, not what it calls in turn', () => {
    expect(macrosOf('{{ wrapper() }}')).toEqual(['macro.jaffle_shop.wrapper']);
  });

  it('records what a macro defined in the file itself calls (it does not push dbt’s macro stack)', () => {
    expect(macrosOf("{% macro local() %}{{ cents_to_dollars('x') }}{% endmacro %}\nselect {{ local() }}")).toEqual([
      'macro.jaffle_shop.cents_to_dollars',
    ]);
  });

  it('records nothing that parse time does not run: `{% if execute %}` is false while dbt parses', () => {
    expect(macrosOf("{% if execute %}{{ cents_to_dollars('x') }}{% endif %}select 1")).toEqual([]);
  });

  it('records a macro of an installed package that is not in the repository, and still the refs in its arguments', () => {
    const installed = { ...ctx, externalPackages: new Set(['dbt_utils']) };
    const r = scanSql("select {{ dbt_utils.star(from=ref('orders')) }} from {{ ref('orders') }}", installed);
    expect(r.macros).toEqual(['macro.dbt_utils.star']);
    expect(r.refs.map((ref) => ref.name)).toEqual(['orders', 'orders']);
  });

  it('records nothing for `x.y()` on a name that is no installed package (a variable it does not know)', () => {
    const installed = { ...ctx, externalPackages: new Set(['dbt_utils']) };
    expect(macrosOf('{% with r = this %}{{ r.render() }}{% endwith %} {{ typo_var.strip() }}', installed)).toEqual([]);
    expect(macrosOf("{{ codegen.generate_source('raw') }}", installed)).toEqual([]);
  });

  it('does not record what a `{% call %}` body calls: it runs inside the macro it is passed to', () => {
    const installed = { ...ctx, externalPackages: new Set(['ext_pkg']) };
    const wrap = withMacros({
      'macros/wrap.sql': '{% macro wrap() %}{{ caller() }}{% endmacro %}',
      'macros/cents.sql': '{% macro cents_to_dollars(col) %}{{ col }}{% endmacro %}',
    });
    expect(macrosOf("{% call wrap() %}{{ cents_to_dollars('x') }}{% endcall %}", wrap)).toEqual([
      'macro.jaffle_shop.wrap',
    ]);
    expect(macrosOf("{% call ext_pkg.wrap() %}{{ cents_to_dollars('x') }}{% endcall %}", installed)).toEqual([
      'macro.ext_pkg.wrap',
    ]);
    expect(macrosOf('{% call set_sql_header(config) %}set x = 1;{% endcall %} select 1')).toEqual([
      'macro.dbt.set_sql_header',
    ]);
  });

  it('evaluates `dbt.is_incremental()` as dbt does at parse time: false', () => {
    expect(macrosOf("{% if dbt.is_incremental() %}{{ cents_to_dollars('x') }}{% endif %}")).toEqual([
      'macro.dbt.is_incremental',
    ]);
  });

  it('counts macros under a condition it cannot evaluate, as refs there are', () => {
    const r = scanSql('{% if modules.datetime.datetime.now().hour %}{{ cents_to_dollars(1) }}{% endif %}', ctx);
    expect(r.macros).toEqual(['macro.jaffle_shop.cents_to_dollars']);
  });

  it("gives adapter methods their parse-time values, as dbt-adapters' @available.parse* replacements do", () => {
    const sql = [
      "{% for col in adapter.get_columns_in_relation(ref('a')) %}{{ ref(col.name) }}{% endfor %}",
      "{% if adapter.get_relation(this.database, this.schema, 'x') %}{{ ref('exists') }}{% else %}{{ ref('fresh') }}{% endif %}",
      "{% if adapter.check_schema_exists('db', 's') %}{{ ref('schema_there') }}{% endif %}",
      "{% if adapter.get_columns_in_query('select 1') %}{{ ref('maybe') }}{% endif %}",
    ].join('\n');
    const r = scanSql(sql, ctx);
    // get_columns_in_query has no parse-time value of its own here: not known.
    expect(r.refs.map((x) => `${x.name}:${x.certainty}`)).toEqual(['a:static', 'fresh:static', 'maybe:conditional']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unevaluated-condition']);
  });

  it("takes run_query and load_result as dbt's parse does: no statement ran, so None and an Undefined", () => {
    // dbt's statement stores a result only {% if execute %}; run_query returns load_result(...).table, None's
    // attribute: Jinja's Undefined, falsy, with no items.
    const sql = [
      "{% set rows = run_query('select 1') %}",
      "{% if rows %}{{ ref('a') }}{% else %}{{ ref('b') }}{% endif %}",
      '{% for r in rows %}{{ ref(r) }}{% endfor %}',
      "{% call statement('s', fetch_result=True) %}select 1{% endcall %}",
      "{% if load_result('s') %}{{ ref('c') }}{% endif %}",
      "{% if builtins.var('flag', true) %}{{ ref('d') }}{% endif %}",
      // A member not given here (`this`) is not known, never a falsy Undefined.
      "{% if builtins.this %}{{ ref('e') }}{% endif %}",
    ].join('\n');
    const r = scanSql(sql, ctx);
    expect(r.refs.map((x) => `${x.name}:${x.certainty}`)).toEqual(['b:static', 'd:static', 'e:conditional']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unevaluated-condition', 7]]);
    expect(r.macros).toEqual(['macro.dbt.run_query', 'macro.dbt.statement']);
    // An attribute of it stops dbt's parse ("'None' has no attribute 'table'"): not known here.
    const chained = scanSql("{% for c in run_query('q').columns %}{{ ref(c) }}{% endfor %}", ctx);
    expect(chained.diagnostics.map((d) => d.code)).toContain('dynamic-ref');
    // A result the template stored itself (store_result works at parse time) is not followed.
    const stored = scanSql(
      "{% do store_result('s', response='ok') %}{% if load_result('s') %}{{ ref('c') }}{% endif %}",
      ctx,
    );
    expect(stored.refs.map((x) => `${x.name}:${x.certainty}`)).toEqual(['c:conditional']);
  });

  it("runs dbt's global macros whose parse-time result is known: set_sql_header, should_full_refresh, load_relation", () => {
    const header = scanSql(
      '{% call set_sql_header(config) %}\n  create temp function f() as (1);\n{%- endcall %}\nselect 1',
      ctx,
    );
    // dbt's set_sql_header is `config.set('sql_header', caller())`: a config call.
    expect(header.configs).toEqual([{ values: { sql_header: '\n  create temp function f() as (1);' }, line: 1 }]);
    expect(header.macros).toEqual(['macro.dbt.set_sql_header']);
    // config.get() is '' while dbt parses, so should_full_refresh() is falsy; adapter.get_relation() is None; the
    // warehouse's columns are none.
    const r = scanSql(
      [
        "{% if should_full_refresh() %}{{ ref('full') }}{% endif %}",
        "{% if load_relation(this) is none %}{{ ref('fresh') }}{% else %}{{ ref('existing') }}{% endif %}",
        "{% for c in dbt.get_columns_in_relation(ref('cols')) %}{{ ref('per_column') }}{% endfor %}",
      ].join('\n'),
      ctx,
    );
    expect(r.refs.map((x) => `${x.name}:${x.certainty}`)).toEqual(['fresh:static', 'cols:static']);
    expect(r.diagnostics).toEqual([]);
    expect(r.macros).toEqual([
      'macro.dbt.should_full_refresh',
      'macro.dbt.load_relation',
      'macro.dbt.get_columns_in_relation',
    ]);
  });

  it('takes flags.FULL_REFRESH as false (no --full-refresh), other flags as not known', () => {
    const r = scanSql(
      [
        "{% if flags.FULL_REFRESH %}{{ ref('full') }}{% else %}{{ ref('incremental') }}{% endif %}",
        "{% if flags.WHICH == 'build' %}{{ ref('built') }}{% endif %}",
      ].join('\n'),
      ctx,
    );
    expect(r.refs.map((x) => `${x.name}:${x.certainty}`)).toEqual(['incremental:static', 'built:conditional']);
  });

  it("says where exceptions.raise_compiler_error runs while dbt parses: dbt's parse stops there", () => {
    const r = scanSql(
      [
        "{{ exceptions.raise_compiler_error('always') }}",
        "{% if var('maybe') is none %}{{ exceptions.raise_not_implemented('maybe') }}{% endif %}",
        "{% if execute %}{{ exceptions.raise_compiler_error('at run time only') }}{% endif %}",
      ].join('\n'),
      ctx,
    );
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['parse-time-raise', 'error', 1],
      ['missing-var', 'warning', 2],
      ['parse-time-raise', 'error', 2],
    ]);
    const unknown = scanSql("{% if target.user == 'x' %}{{ exceptions.raise_compiler_error('m') }}{% endif %}", ctx);
    expect(unknown.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(['parse-time-raise', 'warning']);
  });

  it('records a macro of a package in the repository under its package', () => {
    expect(macrosOf('{{ util.helper() }}')).toEqual(['macro.util.helper']);
  });

  it('records the implementation a top-level adapter.dispatch runs, and only the macro when it dispatches inside', () => {
    expect(macrosOf("{{ adapter.dispatch('sk', 'jaffle_shop')('id') }}")).toEqual(['macro.jaffle_shop.postgres__sk']);
    expect(macrosOf("{{ sk('id') }}")).toEqual(['macro.jaffle_shop.sk']);
  });

  it('does not record context functions and objects: var, env_var, log, modules, adapter, this', () => {
    const sql = [
      "{{ log('x') }} {{ var('v', 1) }} {{ env_var('E', 'd') }} {{ modules.datetime.date.today() }}",
      "{{ adapter.get_relation(this.database, this.schema, 'x') }} {{ exceptions.warn('w') }} {{ local_md5('a') }}",
    ].join('\n');
    expect(macrosOf(sql)).toEqual([]);
  });

  it('records `{% call statement(...) %}` as dbt’s statement macro', () => {
    expect(macrosOf("{% call statement('rows', fetch_result=True) %}select 1{% endcall %}")).toEqual([
      'macro.dbt.statement',
    ]);
  });

  it('records the project’s macro where the project overrides one of dbt’s', () => {
    const own = withMacros({ 'macros/ts.sql': '{% macro current_timestamp() %}now(){% endmacro %}' });
    expect(macrosOf('{{ current_timestamp() }} {{ is_incremental() }}', own)).toEqual([
      'macro.jaffle_shop.current_timestamp',
      'macro.dbt.is_incremental',
    ]);
  });

  it('records dbt macros without a macro library too (a file scanned on its own)', () => {
    expect(macrosOf('{{ is_incremental() }} {{ dbt.type_string() }}', context())).toEqual([
      'macro.dbt.is_incremental',
      'macro.dbt.type_string',
    ]);
  });
});
