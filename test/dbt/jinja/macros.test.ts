import { renderValue, scanSql } from '../../../src/dbt/jinja/index.js';
import type { JinjaContext } from '../../../src/dbt/jinja/index.js';
import { context, macroLibrary, withMacros } from './helpers.js';

const UNION_OF = `{% macro union_of(extra=[]) %}
  select * from {{ ref('a') }}
  {% if extra %} union all select * from {{ ref('b') }} {% endif %}
{% endmacro %}`;
const refsOf = (sql: string, ctx: JinjaContext) =>
  scanSql(sql, ctx).refs.map((r) => `${r.name}@${r.line}:${r.certainty}`);

describe('scanSql with a macro library: project macros run with the real arguments', () => {
  const ctx = withMacros({ 'macros/union_of.sql': UNION_OF });

  it('records the refs a macro makes, on the line of the call, following its default arguments', () => {
    const r = scanSql(`select 1\n{{ union_of() }}`, ctx);
    expect(r.refs).toEqual([{ name: 'a', package: null, version: null, line: 2, certainty: 'static' }]);
    expect(r.diagnostics).toEqual([]);
  });

  it('takes the branch the real arguments choose, positional or keyword', () => {
    expect(refsOf(`{{ union_of(['x']) }}`, ctx)).toEqual(['a@1:static', 'b@1:static']);
    expect(refsOf(`\n\n{{ union_of(extra=['x']) }}`, ctx)).toEqual(['a@3:static', 'b@3:static']);
  });

  it('gives a macro no known value when it may return under a condition not known, and runs on after it', () => {
    // As spellbook's is_incremental override: `{% if <unknown> %}{{ return(True) }}{% endif %}` then a known return.
    const flags = withMacros({
      'macros/flag.sql': [
        '{% macro flag() %}',
        "  {% if unknown_setting.get('x', False) %}{{ return(True) }}{% endif %}",
        '  {% if not execute %}{{ return(False) }}{% endif %}',
        '{% endmacro %}',
      ].join('\n'),
    });
    const r = scanSql("select 1\n{% if flag() %} union all select * from {{ ref('b') }} {% endif %}", flags);
    expect(refsOf("select 1\n{% if flag() %} union all select * from {{ ref('b') }} {% endif %}", flags)).toEqual([
      'b@2:conditional',
    ]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unevaluated-condition', line: 2 })]);
  });

  it('skips what follows a return() in its branch, and what follows a block whose every branch returns', () => {
    const returning = withMacros({
      'macros/r.sql': [
        "{% macro dead(x) %}{% if x %}{{ return('a') }}{{ ref('dead_after_return') }}{% endif %}{{ return('b') }}{% endmacro %}",
        "{% macro both(x) %}{% if x %}{{ return('a') }}{% else %}{{ return('b') }}{% endif %}{{ ref('unreachable') }}{% endmacro %}",
        "{% macro after(x) %}{% if x %}{{ return('a') }}{% endif %}{{ ref('after') }}{{ inner() }}{% endmacro %}",
        "{% macro inner() %}{{ ref('inner') }}{% endmacro %}",
      ].join('\n'),
    });
    // The clock's hour: a value not known at parse time.
    const hour = 'modules.datetime.datetime.now().hour';
    expect(refsOf(`{{ dead(${hour}) }}`, returning)).toEqual([]);
    expect(refsOf(`{{ both(${hour}) }}`, returning)).toEqual([]);
    // Runs only when the macro did not return: conditional, and said so.
    const r = scanSql(`select 1\n{{ after(${hour}) }}`, returning);
    expect(refsOf(`select 1\n{{ after(${hour}) }}`, returning)).toEqual(['after@2:conditional', 'inner@2:conditional']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unevaluated-condition', 2]]);
  });

  it('counts refs under a condition on an unknown argument as conditional, with one diagnostic naming the macro', () => {
    const call = 'select 1\n{{ union_of(modules.datetime.datetime.now().hour) }}';
    const r = scanSql(call, ctx);
    expect(refsOf(call, ctx)).toEqual(['a@2:static', 'b@2:conditional']);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'unevaluated-condition', severity: 'info', line: 2 }),
    ]);
    expect(r.diagnostics[0]?.message).toContain('in macro `union_of` (macros/union_of.sql)');
  });

  it('records sources and configs made inside a macro, and uses what the macro returns', () => {
    const c = withMacros({
      'macros/staging.sql': `{% macro staged(t) %}{{ config(materialized='view') }}{{ source('raw', t) }}{% endmacro %}
{% macro model_name() %}{{ return('orders') }}{% endmacro %}`,
    });
    const r = scanSql(`{{ staged('payments') }}\n{{ ref(model_name()) }}`, c);
    expect(r.sources).toEqual([{ source: 'raw', table: 'payments', line: 1, certainty: 'static' }]);
    expect(r.configs).toEqual([{ values: { materialized: 'view' }, line: 1 }]);
    expect(r.refs.map((x) => [x.name, x.line])).toEqual([['orders', 2]]);
  });

  it('runs a macro that calls a macro of another file, everything on the outer call line', () => {
    const c = withMacros({
      'macros/outer.sql': `{% macro outer(n) %}\n{{ inner(n ~ '_x') }}\n{% endmacro %}`,
      'macros/inner.sql': `{% macro inner(m) %}\n\n{{ ref(m) }}{{ ref('fixed') }}{% endmacro %}`,
    });
    expect(refsOf(`select 1\n\n{{ outer('stg') }}`, c)).toEqual(['stg_x@3:static', 'fixed@3:static']);
  });

  it('runs the body of a {% call %} block where it is written, with its own lines', () => {
    const c = withMacros({
      'macros/wrap.sql': `{% macro wrap() %}select * from ({{ caller() }}) {{ ref('w') }}{% endmacro %}`,
    });
    expect(refsOf(`{% call wrap() %}\n  {{ ref('inside') }}\n{% endcall %}`, c)).toEqual([
      'inside@2:static',
      'w@1:static',
    ]);
  });

  it('lets a project macro named ref override the builtin, as dbt does', () => {
    const c = withMacros({
      'macros/ref.sql': `{% macro ref(name) %}{% do log('x') %}{{ return(builtins.ref(name ~ '_v2')) }}{% endmacro %}`,
    });
    expect(refsOf(`{{ ref('orders') }}`, c)).toEqual(['orders_v2@1:static']);
  });

  it('keeps adapter.dispatch and unknown package macros inside a macro unknown, with no error', () => {
    const c = withMacros({
      'macros/d.sql': `{% macro d() %}{{ return(adapter.dispatch('d', 'jaffle_shop')()) }}{% endmacro %}
{% macro u() %}{{ dbt_utils.star(from=ref('starred')) }}{% endmacro %}`,
    });
    const r = scanSql(`{{ d() }} {{ u() }}`, c);
    expect(r.refs.map((x) => x.name)).toEqual(['starred']);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('scanSql with a macro library: namespaces and precedence', () => {
  const files = {
    'macros/helpers.sql': `{% macro helper() %}{{ ref('root_helper') }}{% endmacro %}
{% macro root_only() %}{{ ref('root_only') }}{% endmacro %}`,
    'packages/pkg/macros/helpers.sql': `{% macro helper() %}{{ ref('pkg_helper') }}{% endmacro %}
{% macro pkg_only() %}{{ ref('pkg_only') }}{% endmacro %}`,
  };

  it('resolves pkg.name and project_name.name to that package', () => {
    const c = withMacros(files);
    expect(refsOf(`{{ pkg.helper() }}\n{{ jaffle_shop.helper() }}\n{{ pkg.pkg_only() }}`, c)).toEqual([
      'pkg_helper@1:static',
      'root_helper@2:static',
      'pkg_only@3:static',
    ]);
  });

  it('looks an unqualified name up in the scanned file’s package first, then the root project', () => {
    expect(refsOf(`{{ helper() }}`, withMacros(files))).toEqual(['root_helper@1:static']);
    expect(refsOf(`{{ helper() }}`, withMacros(files, { packageName: 'pkg' }))).toEqual(['pkg_helper@1:static']);
    expect(refsOf(`{{ root_only() }}`, withMacros(files, { packageName: 'pkg' }))).toEqual(['root_only@1:static']);
  });

  it('does not find another package’s macro by its bare name (dbt does not either), and says how to call it', () => {
    const r = scanSql(`{{ pkg_only() }}`, withMacros(files));
    expect(r.refs).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-macro', severity: 'info', line: 1 })]);
    expect(r.diagnostics[0]?.message).toContain('`pkg.pkg_only`');
  });

  it('gives a stable fingerprint that changes with any macro source', () => {
    const a = macroLibrary(files).library.fingerprint;
    const reordered = macroLibrary(Object.fromEntries(Object.entries(files).reverse())).library.fingerprint;
    const changed = macroLibrary({ ...files, 'macros/helpers.sql': '{% macro helper() %}{% endmacro %}' }).library;
    expect(reordered).toBe(a);
    expect(changed.fingerprint).not.toBe(a);
    expect(JSON.stringify(context({ macros: changed }))).toContain(changed.fingerprint);
  });
});

describe('scanSql with a macro library: broken and runaway macros', () => {
  it('reports a syntax error with its file and line, does not run that macro, and keeps the others', () => {
    const built = macroLibrary({
      'macros/mixed.sql': `{% macro fine() %}{{ ref('fine') }}{% endmacro %}\n{% macro bad() %}\n{{ ref('x' }}\n{% endmacro %}`,
    });
    expect(built.diagnostics).toEqual([
      expect.objectContaining({ code: 'jinja-syntax', severity: 'error', file: 'macros/mixed.sql', line: 3 }),
    ]);
    const r = scanSql(`{{ fine() }}\n{{ bad() }}`, context({ macros: built.library }));
    expect(r.refs.map((x) => x.name)).toEqual(['fine']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-macro', line: 2 })]);
    expect(r.diagnostics[0]?.message).toContain('syntax error');
  });

  it('reports a macro defined twice in one package', () => {
    const built = macroLibrary({
      'macros/a.sql': '{% macro m() %}{% endmacro %}',
      'macros/b.sql': '{% macro m() %}{% endmacro %}',
    });
    expect(built.diagnostics).toEqual([
      expect.objectContaining({ code: 'duplicate-macro', severity: 'error', file: 'macros/b.sql', line: 1 }),
    ]);
  });

  it('bounds recursion, reporting jinja-limit on the line of the call', () => {
    const c = withMacros({
      'macros/rec.sql': `{% macro rec(n) %}{{ ref('r') }}{{ rec(n + 1) }}{{ rec(n + 2) }}{% endmacro %}`,
    });
    const r = scanSql(`select 1\n{{ rec(0) }}`, c);
    expect(r.refs[0]).toEqual({ name: 'r', package: null, version: null, line: 2, certainty: 'static' });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toContainEqual(['jinja-limit', 2]);
  });
});

describe('scanSql with a macro library: unknown-macro', () => {
  it('names an unknown macro once per scan, and is quiet for dbt builtins and namespaced calls', () => {
    const sql = `{{ mystery() }}\n{{ mystery(ref('a')) }}
{{ log('x') }}{{ is_incremental() }}{{ run_query('q') }}{{ zip([1], [2]) }}{{ tojson({}) }}{{ fromjson('{}') }}
{{ exceptions.warn('x') }}{{ dbt_utils.star(ref('b')) }}{{ adapter.get_relation() }}
{% set f = this %}{{ f() }}{{ current_timestamp() }}{% call statement('s') %}x{% endcall %}`;
    const r = scanSql(sql, withMacros({ 'macros/a.sql': UNION_OF }));
    expect(r.refs.map((x) => x.name)).toEqual(['a', 'b']);
    expect(r.diagnostics).toEqual([
      {
        code: 'unknown-macro',
        severity: 'info',
        message: expect.stringContaining('`mystery`') as unknown as string,
        line: 1,
      },
    ]);
    expect(r.diagnostics[0]?.message).toContain('refs inside it, if any, are not seen');
  });

  it('names a call into no package once, when every package is here (dbt takes the name as undefined)', () => {
    const sql = `{{ dbt_utils.star(ref('a')) }}\n{{ dbt_date.today() }}{{ dbt_date.now() }}
{{ adapter.get_relation() }}{{ exceptions.warn('x') }}{{ local.m() }}
{% set n = 1 %}{{ n.bit_length() }}{{ env.get('x') }}{{ sql_now.upper() }}{{ validation.any() }}{{ vars.get('x') }}`;
    const files = { 'macros/a.sql': UNION_OF, 'packages/local/macros/m.sql': '{% macro m() %}1{% endmacro %}' };
    const named = { externalPackages: new Set(['dbt_utils']), allPackagesHere: true };
    const r = scanSql(sql, withMacros(files, named));
    // dbt_utils is in the scan's packages (a linked one, say): its macro is recorded, and nothing said.
    expect(r.macros).toContain('macro.dbt_utils.star');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message.split(' calls ')[0]])).toEqual([
      ['unknown-macro', 2, '`dbt_date.today`'],
    ]);
    expect(r.diagnostics[0]?.message).toContain("dbt's parse takes it as undefined and records no macro for it");
    // With packages from outside, a call into another name may be one they install, and is not judged.
    expect(scanSql(sql, withMacros(files, { ...named, allPackagesHere: false })).diagnostics).toEqual([]);
  });

  it('says nothing without a macro library, where every project macro is unknown', () => {
    expect(scanSql(`{{ mystery() }}`, context()).diagnostics).toEqual([]);
  });
});

describe('renderValue with a macro library', () => {
  it('renders a YAML value that calls a project macro', () => {
    const c = withMacros({
      'macros/yaml.sql': `{% macro owner_of(team) %}{{ return(team ~ '@example.com') }}{% endmacro %}
{% macro is_on() %}{{ return(true) }}{% endmacro %}`,
    });
    const r = renderValue({ meta: { owner: "{{ owner_of('finance') }}" }, enabled: '{{ is_on() }}' }, c);
    expect(r.value).toEqual({ meta: { owner: 'finance@example.com' }, enabled: true });
    expect(r.diagnostics).toEqual([]);
  });
});

describe('adapter.dispatch in project macros', () => {
  const files = {
    'macros/events.sql': [
      "{% macro events() %}{{ return(adapter.dispatch('events', 'jaffle_shop')()) }}{% endmacro %}",
      "{% macro default__events() %}select * from {{ ref('events_default') }}{% endmacro %}",
      "{% macro snowflake__events() %}select * from {{ ref('events_snowflake') }}{% endmacro %}",
    ].join('\n'),
    'packages/helpers/macros/pick.sql': "{% macro default__pick() %}{{ ref('picked') }}{% endmacro %}",
  };

  it('runs the macro dbt would dispatch to: the adapter-specific one, else default__', () => {
    expect(refsOf(`select 1\n{{ events() }}`, withMacros(files))).toEqual(['events_default@2:static']);
    const snowflake = withMacros(files, { target: { name: 'dev', type: 'snowflake', schema: 's', database: 'd' } });
    expect(refsOf(`{{ events() }}`, snowflake)).toEqual(['events_snowflake@1:static']);
  });

  it('looks in the named macro namespace, and leaves a dispatch to a macro not in the repository unknown', () => {
    expect(refsOf(`{{ adapter.dispatch('pick', 'helpers')() }}`, withMacros(files))).toEqual(['picked@1:static']);
    const r = scanSql(`{{ adapter.dispatch('star', 'dbt_utils')(from=ref('orders')) }}`, withMacros(files));
    expect(r.refs.map((x) => x.name)).toEqual(['orders']);
    expect(r.diagnostics).toEqual([]);
  });
});

// The stage macros of automate-dv, dbtvault and datavault4dbt read a source-style `source_model: {name: table}`
// with `source_model | first`: Jinja's first / last of a dict are its first / last keys.
describe('a data vault stage reading its source_model', () => {
  it('finds the source with first / last of a dict', () => {
    const ctx = withMacros({
      'macros/stage.sql': [
        '{% macro stage(yaml_metadata) %}',
        '{%- set meta = fromyaml(yaml_metadata) -%}',
        '{%- set source_name = meta.source_model | first -%}',
        '{%- set table = meta.source_model[source_name] -%}',
        'select * from {{ source(source_name, table) }} -- {{ meta.source_model | last }}',
        '{% endmacro %}',
      ].join('\n'),
    });
    const r = scanSql(`{{ stage("source_model:\n  deltas: orders_delta\n") }}`, ctx);
    expect(r.sources.map((s) => [s.source, s.table, s.line])).toEqual([['deltas', 'orders_delta', 1]]);
    expect(r.diagnostics).toEqual([]);
  });
});
