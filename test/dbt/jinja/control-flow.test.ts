import { scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const refs = (sql: string, ctx = context()): Array<[string, number, string]> =>
  scanSql(sql, ctx).refs.map((r) => [r.name, r.line, r.certainty]);

describe('scanSql: conditions', () => {
  it('takes only the branch a known target condition selects', () => {
    const sql = `{% if target.name == 'prod' %}\n{{ ref('prod_only') }}\n{% elif target.type == 'postgres' %}\n{{ ref('pg') }}\n{% else %}\n{{ ref('other') }}\n{% endif %}`;
    expect(refs(sql)).toEqual([['pg', 4, 'static']]);
    expect(refs(sql, context({ target: { name: 'prod', type: 'x', schema: 's', database: 'd' } }))).toEqual([
      ['prod_only', 2, 'static'],
    ]);
    expect(scanSql(sql, context()).diagnostics).toEqual([]);
  });

  it('evaluates conditions on vars, literals, and/or/not, in and tests', () => {
    const ctx = context({ vars: { flag: true, list: ['a', 'b'] } });
    const sql = [
      `{% if var('flag') and not false %}{{ ref('a1') }}{% endif %}`,
      `{% if 'b' in var('list') %}{{ ref('a2') }}{% endif %}`,
      `{% if 'z' not in var('list') %}{{ ref('a3') }}{% endif %}`,
      `{% if none is none and 3 > 2 >= 2 %}{{ ref('a4') }}{% endif %}`,
      `{% if var('missing', none) is none %}{{ ref('a5') }}{% endif %}`,
      `{% if var('flag') == false or 1 == 2 %}{{ ref('no') }}{% endif %}`,
    ].join('\n');
    expect(refs(sql, ctx).map((r) => r[0])).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('takes what ref() and source() return as there (a Relation): true in a condition, its text still unknown', () => {
    const sql = [
      `{% set r = ref('base') %}{% if r %}{{ ref('after') }}{% endif %}`,
      `{% if not source('raw', 'orders') %}{{ ref('never') }}{% endif %}`,
      `{{ ref('x_' ~ ref('base')) }}`,
    ].join('\n');
    expect(refs(sql)).toEqual([
      ['base', 1, 'static'],
      ['after', 1, 'static'],
      ['base', 3, 'static'],
    ]);
    expect(scanSql(sql, context()).diagnostics.map((d) => d.code)).toEqual(['dynamic-ref']);
  });

  it("answers target.get() for the target's known keys and leaves a key of the profile's unknown", () => {
    const sql = [
      `{% if target.get('name') == 'dev' %}{{ ref('dev_only') }}{% else %}{{ ref('not_dev') }}{% endif %}`,
      `{% if target.get('warehouse', 'wh') == 'wh' %}{{ ref('maybe') }}{% endif %}`,
    ].join('\n');
    expect(refs(sql)).toEqual([
      ['dev_only', 1, 'static'],
      ['maybe', 2, 'conditional'],
    ]);
  });

  it("reads a test's argument without parentheses as Jinja does: a list, a name, a dict (`is in [...]`)", () => {
    const sql = [
      "{% if target.name is in ['prod', 'ci'] %}{{ ref('prod_only') }}{% endif %}",
      "{% if target.name is not in {'dev': 1} %}{{ ref('not_dev') }}{% endif %}",
      "{% set env = 'dev' %}{% if target.name is eq env and 1 is number and true is number %}{{ ref('dev') }}{% endif %}",
      "{% if 3 is gt 2 and 'b' is ge 'a' and 1 is lessthan 2 and 1 is ne 2 %}{{ ref('compared') }}{% endif %}",
    ].join('\n');
    expect(refs(sql)).toEqual([
      ['dev', 3, 'static'],
      ['compared', 4, 'static'],
    ]);
    expect(scanSql(sql, context()).diagnostics).toEqual([]);
  });

  it('does not count refs under if execute, because dbt parses with execute false', () => {
    const sql = `{% if execute %}\n{{ ref('runtime_only') }}\n{% else %}{{ ref('parse_time') }}{% endif %}`;
    expect(refs(sql)).toEqual([['parse_time', 3, 'static']]);
    expect(scanSql(sql, context()).diagnostics).toEqual([]);
  });

  it('treats is_incremental() as false at parse time', () => {
    expect(refs(`{% if is_incremental() %}{{ ref('inc') }}{% else %}{{ ref('full') }}{% endif %}`)).toEqual([
      ['full', 1, 'static'],
    ]);
  });

  it('scans every branch of an unknown condition as conditional and says so once', () => {
    const sql = `select 1\n{% if adapter.get_relation(this) is not none %}\n{{ ref('a') }}\n{% else %}\n{{ ref('b') }}\n{{ source('s', 't') }}\n{% endif %}`;
    const r = scanSql(sql, context());
    expect(r.refs.map((x) => [x.name, x.line, x.certainty])).toEqual([
      ['a', 3, 'conditional'],
      ['b', 5, 'conditional'],
    ]);
    expect(r.sources.map((x) => x.certainty)).toEqual(['conditional']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'unevaluated-condition', severity: 'info', line: 2 });
    expect(r.diagnostics[0]?.message).toContain('adapter.get_relation(this) is not none');
  });

  it("takes `this` as dbt's parse does: the node's Relation, there and truthy", () => {
    expect(refs(`{% if this is defined and this is not none and this %}{{ ref('a') }}{% endif %}`)).toEqual([
      ['a', 1, 'static'],
    ]);
  });

  it('keeps refs after an unknown if static', () => {
    expect(refs(`{% if this.name == 'm' %}{{ ref('a') }}{% endif %}\n{{ ref('b') }}`)).toEqual([
      ['a', 1, 'conditional'],
      ['b', 2, 'static'],
    ]);
  });

  it('treats branches after an unknown elif as conditional and skips those after a known true one', () => {
    const sql = `{% if false %}{{ ref('x') }}{% elif this.name %}{{ ref('a') }}{% elif true %}{{ ref('b') }}{% else %}{{ ref('c') }}{% endif %}`;
    expect(refs(sql)).toEqual([
      ['a', 1, 'conditional'],
      ['b', 1, 'conditional'],
    ]);
    expect(scanSql(sql, context()).diagnostics.map((d) => d.message)).toEqual([
      'Refs under `{% elif this.name %}` (line 1) were counted as dependencies without knowing whether it holds at parse time.',
    ]);
  });

  it('does not report an unknown condition with nothing recorded under it', () => {
    expect(scanSql(`{% if this.name == 'm' %}select 1{% endif %}`, context()).diagnostics).toEqual([]);
  });

  it('forgets a variable set under an unknown condition instead of guessing its value', () => {
    const r = scanSql(
      `{% set m = 'a' %}{% if this.name == 'm' %}{% set m = 'b' %}{% endif %}\n{{ ref(m) }}`,
      context(),
    );
    expect(r.refs).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['dynamic-ref', 2]]);
  });

  it('evaluates inline if expressions when the test is known and marks both sides conditional when not', () => {
    expect(refs(`{{ ref('a') if target.name == 'dev' else ref('b') }}`)).toEqual([['a', 1, 'static']]);
    const r = scanSql(`{{ ref('a') if this.name == 'm' else ref('b') }}`, context());
    expect(r.refs.map((x) => [x.name, x.certainty])).toEqual([
      ['a', 'conditional'],
      ['b', 'conditional'],
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unevaluated-condition']);
  });
});

describe('scanSql: loops, set, macros and other tags', () => {
  it('iterates a literal list, resolving loop variables exactly', () => {
    const sql = `{% for m in ['orders', 'customers'] %}\nselect * from {{ ref(m) }}{% if not loop.last %} union all{% endif %}\n{% endfor %}`;
    expect(refs(sql)).toEqual([
      ['orders', 2, 'static'],
      ['customers', 2, 'static'],
    ]);
  });

  it('iterates a list from a var, a set variable, dict items and a range', () => {
    const ctx = context({ vars: { models: ['a', 'b'] } });
    const sql = `{% for m in var('models') %}{{ ref(m) }}{% endfor %}{% set ps = {'p1': 't1'} %}{% for s, t in ps.items() %}{{ source(s, t) }}{% endfor %}{% for i in range(2) %}{{ ref('m' ~ i) }}{% endfor %}`;
    const r = scanSql(sql, ctx);
    expect(r.refs.map((x) => x.name)).toEqual(['a', 'b', 'm0', 'm1']);
    expect(r.sources.map((x) => [x.source, x.table])).toEqual([['p1', 't1']]);
  });

  it('runs the else of a for loop over an empty list and nothing else', () => {
    expect(refs(`{% for m in [] %}{{ ref(m) }}{% else %}{{ ref('empty') }}{% endfor %}`)).toEqual([
      ['empty', 1, 'static'],
    ]);
  });

  it('reports refs from a loop variable over an unknown list as dynamic-ref', () => {
    const r = scanSql(`{% for m in run_query('select 1') %}\n{{ ref(m) }}\n{% endfor %}`, context());
    expect(r.refs).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'dynamic-ref',
        severity: 'warning',
        line: 2,
        message: expect.stringContaining('ref(m)'),
      }),
    ]);
  });

  it('counts a literal ref inside a loop over an unknown list as conditional', () => {
    const r = scanSql(`{% for m in graph.nodes %}{{ ref('x') }}{% endfor %}`, context());
    expect(r.refs.map((x) => [x.name, x.certainty])).toEqual([['x', 'conditional']]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unevaluated-condition']);
  });

  it('captures a block set and uses it as a ref argument', () => {
    expect(refs(`{% set m %}stg_{{ 'orders' }}{% endset %}{{ ref(m | trim) }}`)).toEqual([['stg_orders', 1, 'static']]);
  });

  it('does not count refs in a macro defined in the file unless it is called', () => {
    expect(refs(`{% macro helper() %}{{ ref('inside') }}{% endmacro %}select 1`)).toEqual([]);
    const called = `{% macro helper(name, prefix='stg_') %}\n{{ ref(prefix ~ name) }}\n{% endmacro %}\n{{ helper('orders') }}`;
    expect(refs(called)).toEqual([['stg_orders', 2, 'static']]);
  });

  it('gives a macro return() value to its caller', () => {
    expect(
      refs(`{% macro pick() %}{{ return('chosen') }}{{ ref('after_return') }}{% endmacro %}{{ ref(pick()) }}`),
    ).toEqual([['chosen', 1, 'static']]);
  });

  it('runs a call block body when the called macro calls caller()', () => {
    const sql = `{% macro wrap() %}({{ caller() }}){% endmacro %}{% call wrap() %}{{ ref('inner') }}{% endcall %}`;
    expect(refs(sql)).toEqual([['inner', 1, 'static']]);
  });

  it('counts a call block body of an unknown macro as conditional', () => {
    const r = scanSql(`{% call audit_wrapper('main') %}\nselect * from {{ ref('x') }}\n{% endcall %}`, context());
    expect(r.refs.map((x) => [x.name, x.line, x.certainty])).toEqual([['x', 2, 'conditional']]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unevaluated-condition', 1]]);
  });

  it("does not run the body of dbt's statement() block: it renders only when execute is true", () => {
    const r = scanSql(
      `{% call statement('main', fetch_result=True) %}\nselect * from {{ ref('x') }}\n{% endcall %}\n{{ ref('y') }}`,
      context(),
    );
    expect(r.refs.map((x) => [x.name, x.line, x.certainty])).toEqual([['y', 4, 'static']]);
    expect(r.diagnostics).toEqual([]);
  });

  it('evaluates do statements and filter blocks', () => {
    const sql = `{% set ms = [] %}{% do ms.append('a') %}{% do ms.extend(['b']) %}{% for m in ms %}{{ ref(m) }}{% endfor %}{% filter upper %}{{ ref('f') }}{% endfilter %}`;
    expect(refs(sql).map((r) => r[0])).toEqual(['a', 'b', 'f']);
  });

  it('supports namespace assignments in loops', () => {
    const sql = `{% set ns = namespace(m='none') %}{% for x in ['a', 'b'] %}{% set ns.m = x %}{% endfor %}{{ ref(ns.m) }}`;
    expect(refs(sql)).toEqual([['b', 1, 'static']]);
  });

  it('knows project_name and target attributes, and treats target keys it lacks as unknown', () => {
    expect(refs(`{{ ref(project_name ~ '_' ~ target.schema) }}`)).toEqual([['jaffle_shop_analytics', 1, 'static']]);
    expect(scanSql(`{{ ref(target.user) }}`, context()).diagnostics.map((d) => d.code)).toEqual(['dynamic-ref']);
  });

  it('scans the body of a snapshot block and skips unknown tags', () => {
    const sql = `{% snapshot snap %}\n{{ config(unique_key='id') }}\nselect * from {{ source('s', 't') }}\n{% endsnapshot %}\n{% mytag foo %}`;
    const r = scanSql(sql, context());
    expect(r.sources.map((x) => x.line)).toEqual([3]);
    expect(r.configs).toEqual([{ values: { unique_key: 'id' }, line: 2 }]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('scanSql: expressions in ref arguments', () => {
  it('gives a ref alone in a multi-line tag the line it is written on', () => {
    expect(refs(`select\n{{\n  ref('a')\n}}`)).toEqual([['a', 3, 'static']]);
  });

  it('resolves str.format and replace in ref arguments', () => {
    expect(
      refs(`{{ ref('stg_{}_{x}'.format('a', x='b')) }}{{ ref('x-y'.replace('-', '_')) }}`).map((r) => r[0]),
    ).toEqual(['stg_a_b', 'x_y']);
  });

  it("resolves '%s' formatting, map over a list and numeric attribute access", () => {
    const ctx = context({ vars: { names: ['A', 'B'] } });
    const sql = `{{ ref('stg_%s_%d' % ('x', 2)) }}{% for n in var('names') | map('lower') %}{{ ref(n) }}{% endfor %}{{ ref(var('names').1) }}`;
    expect(refs(sql, ctx).map((r) => r[0])).toEqual(['stg_x_2', 'a', 'b', 'B']);
  });

  it('short-circuits and/or around execute even when the other side is unknown', () => {
    const sql = `{% if this.name and execute %}{{ ref('a') }}{% endif %}{% if this.name or true %}{{ ref('b') }}{% endif %}`;
    const r = scanSql(sql, context());
    expect(r.refs.map((x) => [x.name, x.certainty])).toEqual([['b', 'static']]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports an unknown condition inside a literal loop once per line', () => {
    const r = scanSql(
      `{% for m in ['a', 'b'] %}\n{% if this.name == 'm' %}{{ ref(m) }}{% endif %}\n{% endfor %}`,
      context(),
    );
    expect(r.refs.map((x) => [x.name, x.certainty])).toEqual([
      ['a', 'conditional'],
      ['b', 'conditional'],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unevaluated-condition', 2]]);
  });
});

describe('scanSql: with blocks', () => {
  it('gives the body the names of `{% with %}`, evaluated outside it, and only the body', () => {
    const sql = [
      "{% set m = 'outer' %}",
      "{% with m = 'inner', n = m ~ '_x' %}{{ ref(m) }}{{ ref(n) }}{% set m = 'reset' %}{% endwith %}",
      '{{ ref(m) }}',
    ].join('\n');
    expect(refs(sql).map((r) => r[0])).toEqual(['inner', 'outer_x', 'outer']);
    expect(scanSql(sql, context()).diagnostics).toEqual([]);
  });
});

describe('scanSql: break and continue (jinja2.ext.loopcontrols, which dbt loads)', () => {
  it('stop the loop, or its item, where they run', () => {
    const sql = [
      "{% for x in ['a', 'b', 'c'] %}{% if x == 'b' %}{% break %}{% endif %}{{ ref(x) }}{% endfor %}",
      "{% for x in ['d', 'e', 'f'] %}{% if x == 'e' %}{% continue %}{% endif %}{{ ref(x) }}{% endfor %}",
      "{% for x in ['g', 'h'] %}{% for y in ['1', '2'] %}{{ ref(x ~ y) }}{% break %}{% endfor %}{% endfor %}",
    ].join('\n');
    expect(refs(sql).map((r) => r[0])).toEqual(['a', 'd', 'f', 'g1', 'h1']);
  });

  it('under a condition parse time cannot decide, leave every item counted, as conditional', () => {
    const sql = "{% for x in ['a', 'b'] %}{{ ref(x) }}{% if run_query('x') %}{% break %}{% endif %}{% endfor %}";
    expect(refs(sql).map((r) => r[0])).toEqual(['a', 'b']);
  });

  it('outside a loop are a syntax error, as in Jinja', () => {
    const result = scanSql("{% break %}{{ ref('a') }}", context());
    expect(result.diagnostics.some((d) => d.message.includes('outside a loop'))).toBe(true);
  });
});

describe('scanSql: what the review of loop controls and list methods found', () => {
  it('counts what follows a break under an unknown condition as conditional, with a note', () => {
    const sql =
      "{% for m in ['a', 'b'] %}{% if target.custom %}{% break %}{% endif %}{{ ref(m) }}{% endfor %}{{ ref('after') }}";
    const result = scanSql(sql, context());
    expect(result.refs.map((r) => [r.name, r.certainty])).toEqual([
      ['a', 'conditional'],
      ['b', 'conditional'],
      ['after', 'static'],
    ]);
    expect(result.diagnostics.map((d) => d.code)).toContain('unevaluated-condition');
  });

  it("runs a loop's else when no item reached the end of the body, as jinja2 does", () => {
    const sql = [
      "{% for m in ['orders', 'customers'] %}{% if m == 'orders' %}{% break %}{% endif %}{% else %}{{ ref('fallback') }}{% endfor %}",
      "{% for m in ['x', 'y'] %}{% if m == 'y' %}{% continue %}{% endif %}{% else %}{{ ref('never') }}{% endfor %}",
    ].join('\n');
    expect(refs(sql).map((r) => r[0])).toEqual(['fallback']);
  });

  it('refuses a break in a call block body, which runs outside the loop (as jinja2 does)', () => {
    const sql =
      '{% macro m() %}{{ caller() }}{% endmacro %}{% for x in [1] %}{% call m() %}{% break %}{% endcall %}{% endfor %}';
    expect(scanSql(sql, context()).diagnostics.some((d) => d.message.includes('outside a loop'))).toBe(true);
  });

  it('leaves a namespace set in a with or for body under an unknown condition unknown afterwards', () => {
    const sql =
      "{% set ns = namespace(m='a') %}{% if target.custom %}{% with %}{% set ns.m = 'b' %}{% endwith %}{% endif %}{{ ref(ns.m) }}";
    const result = scanSql(sql, context());
    expect(result.refs).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain('dynamic-ref');
  });

  it('keeps a list with an unknown item appended known where it was; an unknown index opens it', () => {
    const sql = "{% set l = ['a', 'b'] %}{% do l.append(target.extra) %}{{ ref(l[0]) }}{{ ref(l[1]) }}";
    expect(refs(sql).map((r) => r[0])).toEqual(['a', 'b']);
    const open =
      "{% set l = [] %}{% do l.extend(target.extra) %}{% if l %}{{ ref('union_all') }}{% else %}{{ ref('default_table') }}{% endif %}{{ ref(l | length | string) }}";
    const result = scanSql(open, context());
    expect(result.refs.map((r) => [r.name, r.certainty])).toEqual([
      ['union_all', 'conditional'],
      ['default_table', 'conditional'],
    ]);
  });
});

describe('scanSql: recursive loops', () => {
  it('stop, said so, where parse time cannot bound the recursion, and the rest of the template still counts', () => {
    const sql =
      "{% for x in [0] recursive %}{{ ref('m') }}{% if x < target.user %}{{ loop([x + 1]) }}{% endif %}{% endfor %}{{ ref('after') }}";
    const result = scanSql(sql, context());
    expect(result.refs.map((r) => r.name)).toContain('after');
    expect(result.diagnostics.map((d) => d.code)).toContain('jinja-limit');
  });

  it('records the refs of every level `loop(children)` renders, as jinja2 runs them', () => {
    const sql =
      "{% for x in [{'n': 'stg_a', 'kids': [{'n': 'stg_b', 'kids': []}]}] recursive %}{{ ref(x.n) }}{{ loop(x.kids) }}{% endfor %}";
    expect(refs(sql).map((r) => [r[0], r[2]])).toEqual([
      ['stg_a', 'static'],
      ['stg_b', 'static'],
    ]);
  });
});

describe('scanSql: changes made where they may not run', () => {
  it('leave a list, dict or joiner unknown afterwards rather than as if they ran (or did not)', () => {
    const cases = [
      "{% set l = ['a'] %}{% if target.custom %}{% do l.append('b') %}{% endif %}{{ ref(l | join('_')) }}",
      "{% set d = {'m': 'a'} %}{% if target.custom %}{% do d.update({'m': 'b'}) %}{% endif %}{{ ref(d.m) }}",
      "{% set j = joiner('_') %}{% if target.custom %}{{ j() }}{% endif %}{{ ref('a' ~ j() ~ 'b') }}",
    ];
    for (const sql of cases) {
      const result = scanSql(sql, context());
      expect(result.refs).toEqual([]);
      expect(result.diagnostics.map((d) => d.code)).toContain('dynamic-ref');
    }
  });
});
