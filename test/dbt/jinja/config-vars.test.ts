import { renderValue, scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

describe('scanSql: config, var and env_var', () => {
  it('evaluates config kwargs to plain values, one entry per call in order', () => {
    const sql = `{{ config(materialized='table', tags=['a', 'b'], meta={'owner': 'team-x', 'tier': 1, 'pii': false}, enabled=true) }}\n{{ config(schema='marts', alias=none) }}`;
    expect(scanSql(sql, context()).configs).toEqual([
      {
        values: {
          materialized: 'table',
          tags: ['a', 'b'],
          meta: { owner: 'team-x', tier: 1, pii: false },
          enabled: true,
        },
        line: 1,
      },
      { values: { schema: 'marts', alias: null }, line: 2 },
    ]);
  });

  it('keeps hook strings that contain Jinja as written, without ending the tag early', () => {
    const sql = `{{ config(post_hook="grant select on {{ this }} to role r", pre_hook=["{{ log('x') }}"]) }}\n{{ ref('a') }}`;
    const r = scanSql(sql, context());
    expect(r.configs).toEqual([
      { values: { post_hook: 'grant select on {{ this }} to role r', pre_hook: ["{{ log('x') }}"] }, line: 1 },
    ]);
    expect(r.refs.map((x) => [x.name, x.line])).toEqual([['a', 2]]);
  });

  it('gives a config call spread over lines the line where config is written', () => {
    const sql = `{{\n  config(\n    materialized='incremental',\n    unique_key='id'\n  )\n}}`;
    expect(scanSql(sql, context()).configs).toEqual([
      { values: { materialized: 'incremental', unique_key: 'id' }, line: 2 },
    ]);
  });

  it('accepts a config call with a single dict argument', () => {
    expect(scanSql(`{{ config({'materialized': 'view'}) }}`, context()).configs).toEqual([
      { values: { materialized: 'view' }, line: 1 },
    ]);
  });

  it('evaluates config values from var, env_var and target', () => {
    const ctx = context({ vars: { mat: 'incremental' }, env: { OWNER: 'ana' } });
    const sql = `{{ config(materialized=var('mat'), meta={'owner': env_var('OWNER'), 'db': target.database}, schema=env_var('MISSING', 'fallback')) }}`;
    expect(scanSql(sql, ctx).configs[0]?.values).toEqual({
      materialized: 'incremental',
      meta: { owner: 'ana', db: 'warehouse' },
      schema: 'fallback',
    });
  });

  it('drops a config key whose value is unknown and says which key', () => {
    const r = scanSql(`{{ config(materialized='table', post_hook=my_macro(), meta={'a': this}) }}`, context());
    expect(r.configs).toEqual([{ values: { materialized: 'table' }, line: 1, unknown: ['post_hook', 'meta'] }]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['unevaluated-config', 'info', 1],
      ['unevaluated-config', 'info', 1],
    ]);
    expect(r.diagnostics[0]?.message).toContain('post_hook');
    expect(r.diagnostics[1]?.message).toContain('meta');
  });

  it('reports a var with no value and no default, which is none at parse time as in dbt', () => {
    const r = scanSql(`{{ ref(var('nope')) }}`, context());
    expect(r.refs).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-var', 'invalid-ref']);
    // none is falsy: the branch is not taken, and nothing is marked conditional.
    const guarded = scanSql(`{% if var('nope') %}{{ ref('a') }}{% else %}{{ ref('b') }}{% endif %}`, context());
    expect(guarded.refs.map((x) => [x.name, x.certainty])).toEqual([['b', 'static']]);
  });

  it("gives '' for config.get and config.require at parse time, and runs config.set as a config call", () => {
    const r = scanSql(
      `{% if config.get('materialized') == 'incremental' %}{{ ref('inc') }}{% endif %}{{ config.set('tags', ['x']) }}`,
      context(),
    );
    expect(r.refs).toEqual([]);
    expect(r.configs.map((c) => c.values)).toEqual([{ tags: ['x'] }]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports an env_var with no value and no default, whose value is none', () => {
    const r = scanSql(`{{ config(schema=env_var('NOPE')) }}`, context());
    expect(r.configs).toEqual([{ values: { schema: null }, line: 1 }]);
    expect(r.diagnostics).toEqual([
      {
        code: 'missing-env-var',
        severity: 'warning',
        message:
          "env_var('NOPE') is not set here and has no default: dbt stops if it is not set where dbt runs; none is used here.",
        line: 1,
      },
    ]);
  });

  it('takes a default of none as no default, as dbt does (`env_var(name, default=None)`), and a default= keyword', () => {
    const r = scanSql(
      `{{ config(schema=env_var('NOPE', var('unset', none)), alias=env_var('NOPE2', default='a'), tags=[env_var('NOPE3', '')]) }}`,
      context(),
    );
    expect(r.configs).toEqual([{ values: { schema: null, alias: 'a', tags: [''] }, line: 1 }]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'missing-env-var',
        "env_var('NOPE') is not set here and has no default: dbt stops if it is not set where dbt runs; none is used here.",
      ],
    ]);
  });

  it('applies filters: lower, upper, default, string, int, trim, length, join; as_bool and as_number keep SQL values', () => {
    const ctx = context({ vars: { n: '42', b: 'true', l: ['x', 'y'] } });
    const sql = `{{ config(a='AbC'|lower, b='x'|upper, c=var('none', none)|default('d'), d=undefined_thing|default('e'), e=5|string, f=var('n')|int, g='  t '|trim, h=var('l')|length, i=var('l')|join('-'), j=var('b')|as_bool, k=var('n')|as_number, l=nothing.missing|bogus_filter) }}`;
    const r = scanSql(sql, ctx);
    expect(r.configs[0]?.values).toEqual({
      a: 'abc',
      b: 'X',
      c: null,
      e: '5',
      f: 42,
      g: 't',
      h: 2,
      i: 'x-y',
      // dbt renders SQL as text, where its TEXT_FILTERS make as_bool and as_number identities.
      j: 'true',
      k: '42',
    });
    expect(r.diagnostics.map((d) => d.message.match(/`(\w+)`/)?.[1])).toEqual(['d', 'l']);
  });

  it("evaluates dbt's context functions parse time can know: local_md5, tojson, fromjson, zip", () => {
    const sql = [
      "{% set pairs = zip(['a', 'b'], [1, 2, 3]) %}",
      "{{ config(meta={'md5': local_md5('orders'), 'json': tojson({'b': 1, 'a': 'é'}), 'sorted': tojson({'b': 1, 'a': 2}, sort_keys=true),",
      "  'parsed': fromjson('{\"x\": [1, null]}'), 'bad': fromjson('nope', 'fallback'), 'pairs': pairs,",
      "  'lists': [pairs is iterable, pairs | is_list, 'x' | is_list]}) }}",
    ].join('\n');
    const r = scanSql(sql, context());
    expect(r.configs[0]?.values['meta']).toEqual({
      md5: '12c500ed0b7879105fb46af0f246be87',
      json: '{"b": 1, "a": "\\u00e9"}',
      sorted: '{"a": 2, "b": 1}',
      parsed: { x: [1, null] },
      bad: 'fallback',
      lists: [true, true, false],
      pairs: [
        ['a', 1],
        ['b', 2],
      ],
    });
  });

  it('reads fromyaml as PyYAML does (YAML 1.1), the default when the text does not load', () => {
    const sql = [
      `{% set cfg = fromyaml("upstream: a\\nothers: [b, c]\\nflag: yes") %}`,
      "select * from {{ ref(cfg.upstream) }}{% for o in cfg['others'] %} union all select * from {{ ref(o) }}{% endfor %}",
      "{{ config(meta={'flag': cfg.flag, 'bad': fromyaml('a: [', 'fallback'), 'empty': fromyaml('')}) }}",
    ].join('\n');
    const r = scanSql(sql, context());
    expect(r.refs.map((ref) => [ref.name, ref.certainty])).toEqual([
      ['a', 'static'],
      ['b', 'static'],
      ['c', 'static'],
    ]);
    expect(r.configs[0]?.values['meta']).toEqual({ flag: true, bad: 'fallback', empty: null });
  });

  it('leaves fromyaml unknown where PyYAML keys are no strings or may be lists, and gives the default for a mapping key', () => {
    const meta = (text: string) =>
      scanSql(`{{ config(meta={'v': fromyaml(${JSON.stringify(text)}, 'dflt')}) }}`, context()).configs[0]?.values;
    // A config value not known is left out of the call's values.
    expect(meta('true: 1')).toEqual({});
    expect(meta('a:\n  1: x')).toEqual({});
    expect(meta('[1, 2]: x')).toEqual({});
    // A mapping as a key (js-yaml made text of it): PyYAML refuses it, the default.
    expect(meta('x: {{ y }}')).toEqual({ meta: { v: 'dflt' } });
    // What looks like a list key in text is not known (PyYAML would refuse it, or it is inside a block or quotes).
    expect(meta('a: |\n  [x]: y\n')).toEqual({});
    expect(meta('a: [1, {b: 2}]')).toEqual({ meta: { v: { a: [1, { b: 2 }] } } });
    expect(meta('a,b: 1')).toEqual({ meta: { v: { 'a,b': 1 } } });
    expect(meta('{[1]: 2}')).toEqual({});
    expect(meta('? [1, 2]\n: 3')).toEqual({});
    expect(meta('.inf: 1')).toEqual({});
  });

  it('applies default to a missing key of a known dict', () => {
    const r = scanSql(`{% set d = {'a': 1} %}{{ config(x=d.b|default(2), y=d.a, z=d.b is defined) }}`, context());
    expect(r.configs[0]?.values).toEqual({ x: 2, y: 1, z: false });
  });

  it('does arithmetic, concatenation and string methods', () => {
    const r = scanSql(
      `{{ config(a=1 + 2 * 3, b=7 // 2, c=7 % 3, d='a' ~ 1, e='A_B'.lower().split('_'), f=[1] + [2], g=-3, h=2 ** 3, i='x' * 2) }}`,
      context(),
    );
    expect(r.configs[0]?.values).toEqual({ a: 7, b: 3, c: 1, d: 'a1', e: ['a', 'b'], f: [1, 2], g: -3, h: 8, i: 'xx' });
  });
});

describe('scanSql: syntax errors', () => {
  it('reports an unclosed expression tag with its line and still scans the rest', () => {
    const r = scanSql(`select 1\n{{ ref('a')\n{{ ref('b') }}`, context());
    expect(r.refs.map((x) => [x.name, x.line])).toEqual([['b', 3]]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['jinja-syntax', 'error', 2]]);
  });

  it('reports a bad expression and carries on', () => {
    const r = scanSql(`{{ ref('a' }}\n{{ ref('b') + }}\n{{ ref('c') }}`, context());
    expect(r.refs.map((x) => x.name)).toEqual(['c']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['jinja-syntax', 1],
      ['jinja-syntax', 2],
    ]);
  });

  it('reports an if that is never closed at the line it opens, keeping the refs in it', () => {
    const r = scanSql(`select\n{% if true %}\n{{ ref('a') }}`, context());
    expect(r.refs.map((x) => x.name)).toEqual(['a']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'jinja-syntax', severity: 'error', line: 2 })]);
  });

  it('reports a stray end tag', () => {
    const r = scanSql(`{{ ref('a') }}\n{% endif %}`, context());
    expect(r.refs.map((x) => x.name)).toEqual(['a']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['jinja-syntax', 2]]);
  });

  it('closes an inner block that an outer end tag interrupts', () => {
    const r = scanSql(`{% if true %}{% for x in [1] %}{{ ref('a') }}{% endif %}{{ ref('b') }}`, context());
    expect(r.refs.map((x) => x.name)).toEqual(['a', 'b']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['jinja-syntax']);
  });

  it('reports unclosed comments and raw blocks', () => {
    expect(scanSql(`{{ ref('a') }}\n{# open`, context()).diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['jinja-syntax', 2],
    ]);
    expect(scanSql(`{% raw %}{{ ref('a') }}`, context()).refs).toEqual([]);
  });

  it('treats a condition with a syntax error as unknown', () => {
    const r = scanSql(`{% if target.name == %}{{ ref('a') }}{% endif %}`, context());
    expect(r.refs.map((x) => x.certainty)).toEqual(['conditional']);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['jinja-syntax', 'unevaluated-condition']);
  });

  it('never throws on deep recursion or huge loops', () => {
    const r = scanSql(
      `{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}{% for i in range(100000000) %}{{ ref('x') }}{% endfor %}`,
      context(),
    );
    expect(r.diagnostics.map((d) => d.code)).toContain('jinja-limit');
  });

  it('reports pathological nesting as a syntax error instead of overflowing the stack', () => {
    const deepExpr = `{{ ${'('.repeat(5000)}1${')'.repeat(5000)} }}`;
    expect(scanSql(deepExpr, context()).diagnostics.map((d) => d.message)).toEqual(['Expression nested too deeply.']);
    const deepBlocks = `${'{% if true %}'.repeat(5000)}{{ ref('a') }}`;
    expect(scanSql(deepBlocks, context()).diagnostics.map((d) => d.message)).toEqual(['Blocks nested too deeply.']);
  });

  it('reads strings containing closing delimiters and nested dicts inside tags', () => {
    const r = scanSql(`{{ config(meta={'a': {'b': '}}'}}) }}{{ ref('x') }}`, context());
    expect(r.configs[0]?.values).toEqual({ meta: { a: { b: '}}' } } });
    expect(r.refs.map((x) => x.name)).toEqual(['x']);
  });
});

describe('schema and database in SQL', () => {
  it("are the target's, as in dbt's model context (a classic snapshot's target_schema=schema)", () => {
    const r = scanSql('{{ config(target_schema=schema, target_database=database) }}\nselect 1', context());
    expect(r.configs.map((c) => c.values)).toEqual([{ target_schema: 'analytics', target_database: 'warehouse' }]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('schema and database outside SQL', () => {
  it('render empty in property files and dbt_project.yml, whose contexts have neither', () => {
    expect(renderValue('{{ schema }}_x', context()).value).toBe('_x');
    expect(renderValue('{{ database }}', context()).value).toBe('');
  });
});
