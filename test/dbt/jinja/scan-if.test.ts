// `{% if %}` blocks whose conditions the evaluator can decide at parse time are scanned without lexing, parsing
// or running the file as a template (plain-scan.ts): only the conditions are evaluated. These tests hold that
// shortcut to the evaluator's answer: appending a Jinja comment sends a file down the evaluator's path without
// changing what it declares, and every file must come out the same both ways.
import { plainScan } from '../../../src/dbt/jinja/plain-scan.js';
import { scanSql } from '../../../src/dbt/jinja/index.js';
import { makeRandom } from '../../../bench/generate.js';
import { context, withMacros } from './helpers.js';

const ctx = context({ vars: { flag: true, mode: 'full', empty: '' }, env: { STAGE: 'ci' } });
const viaEvaluator = (sql: string, c = ctx) => scanSql(`${sql}{# forces the evaluator #}`, c);

const READ: Record<string, string> = {
  'a branch on the target':
    "select * from {{ ref('a') }}\n{% if target.name == 'prod' %}\njoin {{ ref('b') }} using (id)\n{% endif %}",
  'a taken branch': "{% if target.name == 'dev' %}\nselect * from {{ ref('dev_only') }}\n{% endif %}\n{{ ref('c') }}",
  'if, elif and else':
    "{% if target.name == 'prod' %}{{ ref('p') }}{% elif target.type == 'postgres' %}\n{{ ref('pg') }}\n{% else %}{{ ref('other') }}{% endif %}",
  'else taken': "{% if execute %}{{ ref('never') }}{% else %}\n\n{{ source('raw', 'orders') }}{% endif %}",
  'is_incremental, recorded as a macro call':
    "select * from {{ ref('events') }}\n{% if is_incremental() %}\nwhere ts > (select max(ts) from {{ ref('x') }})\n{% endif %}",
  'nested blocks':
    "{% if var('flag') %}{% if target.name == 'prod' %}{{ ref('a') }}{% else %}{{ ref('b') }}{% endif %}{% endif %}",
  'whitespace control and newlines in tags':
    "{%- if\n  target.name != 'prod'\n-%}\n{{- ref('a') -}}\n{%+ endif +%}\n{{ ref('z') }}",
  'a config call in a branch':
    "{% if var('mode') == 'full' %}{{ config(materialized='table') }}{% endif %}\nselect * from {{ ref('a') }}",
  'env_var and in':
    "{% if env_var('STAGE', 'dev') in ['ci', 'prod'] %}{{ ref('ci') }}{% endif %}{% if 'x' in var('empty') %}{{ ref('no') }}{% endif %}",
  'a condition holding %} in a string': "{% if var('mode') != '%}' %}{{ ref('a') }}{% endif %}",
  'grouping and dbt.is_incremental':
    "{% if dbt.is_incremental() or (target.name == 'dev' and not (var('flag') in [false])) %}{{ ref('a') }}{% endif %}",
};

const LEFT_TO_THE_EVALUATOR: Record<string, string> = {
  'a condition it cannot decide': "{% if some_unknown_name %}{{ ref('maybe') }}{% endif %}",
  'another statement': "{% set x = 1 %}{% if x %}{{ ref('a') }}{% endif %}",
  'a for loop': "{% for i in [1] %}{{ ref('a') }}{% endfor %}",
  'an unclosed if': "{% if execute %}{{ ref('a') }}",
  'an endif without if': "{{ ref('a') }}{% endif %}",
  'elif after else': '{% if execute %}{% else %}{% elif true %}{% endif %}',
  'text after else': '{% if execute %}{% else x %}{% endif %}',
  'a syntax error in a condition': "{% if target.name == %}{{ ref('a') }}{% endif %}",
  'a name that only starts with if': '{% iffy %}{% endif %}',
  'a missing var (a diagnostic)': "{% if var('nope') %}{{ ref('a') }}{% endif %}",
  'a comment': "{# note #}{% if execute %}{{ ref('a') }}{% endif %}",
  'another expression in an untaken branch': "{% if execute %}{{ ref('a') ~ 'x' }}{% endif %}",
  'raw block': "{% raw %}{{ ref('a') }}{% endraw %}",
  'a no-break space after else (part of a name to the evaluator)':
    "{% if target.name == 'prod' %}{{ ref('a') }}{% else\u00a0%}{{ ref('b') }}{% endif %}",
  'an ideographic space after endif': '{% if true %}{% endif\u3000%}',
  'a form feed after else': "{% if true %}{% else\f%}{{ ref('a') }}{% endif %}",
  'a method call in a condition': "{% if var('mode').upper() == 'FULL' %}{{ ref('a') }}{% endif %}",
  'a call of what a subscript gives': "{% if [var][0]('flag') %}{{ ref('a') }}{% endif %}",
  'a hundred nested blocks': `${'{% if true %}'.repeat(101)}{{ ref('deep') }}${'{% endif %}'.repeat(101)}`,
};

describe('{% if %} blocks read without the evaluator', () => {
  it.each(Object.entries(READ))('%s: read, and the same as the evaluator', (_, sql) => {
    expect(plainScan(sql, ctx)).not.toBeNull();
    expect(scanSql(sql, ctx)).toEqual(viaEvaluator(sql));
  });

  it.each(Object.entries(LEFT_TO_THE_EVALUATOR))('%s: left to the evaluator, same answer', (_, sql) => {
    expect(plainScan(sql, ctx)).toBeNull();
    expect(scanSql(sql, ctx)).toEqual(viaEvaluator(sql));
  });

  it('records what a taken branch declares, on its lines, and the macros conditions call', () => {
    const scan = scanSql(READ['is_incremental, recorded as a macro call']!, ctx);
    expect(scan.refs.map((r) => [r.name, r.line])).toEqual([['events', 1]]);
    expect(scan.macros).toEqual(['macro.dbt.is_incremental']);
    const branches = scanSql(READ['if, elif and else']!, ctx);
    expect(branches.refs.map((r) => [r.name, r.line])).toEqual([['pg', 2]]);
  });

  it('leaves conditions that call a project macro declaring a ref to the evaluator', () => {
    const macroCtx = withMacros({
      'macros/m.sql': "{% macro pick() %}{{ ref('hidden') }}{{ return(true) }}{% endmacro %}",
    });
    const sql = "{% if pick() %}{{ ref('a') }}{% endif %}";
    expect(plainScan(sql, macroCtx)).toBeNull();
    expect(scanSql(sql, macroCtx)).toEqual(viaEvaluator(sql, macroCtx));
  });

  it('never runs a condition with side effects twice (conditions that could change a var are not run here)', () => {
    // The evaluator runs the file once: the list has one item when the second condition reads it.
    const sql =
      "{% if var('l').append(1) is none %}{% endif %}{% if var('l') | length == 1 %}{{ ref('a') }}{% endif %}{% set z = 1 %}";
    const fresh = () => context({ vars: { l: [] } });
    expect(scanSql(sql, fresh()).refs.map((r) => r.name)).toEqual(['a']);
    expect(scanSql(sql, fresh())).toEqual(viaEvaluator(sql, fresh()));
  });

  it('agrees with the evaluator on 3,000 generated files, most of them read here', () => {
    const random = makeRandom(20261126);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const conditions = [
      "target.name == 'prod'",
      "target.name == 'dev'",
      'execute',
      'not execute',
      'is_incremental()',
      "var('flag')",
      "var('mode') == 'full'",
      "var('missing', false)",
      "target.type in ['postgres', 'snowflake']",
      "env_var('STAGE', 'x') == 'ci'",
      '1 == 1',
      'unknown_thing',
      "var('nope')",
      'target.name ==',
    ];
    const open = () => pick(['{%', '{%-', '{%+', '{% ']);
    const close = () => pick(['%}', '-%}', '+%}', '\n%}']);
    const expression = () =>
      pick([
        `{{ ref('m${Math.floor(random() * 9)}') }}`,
        `{{- ref("pkg", 'm${Math.floor(random() * 9)}') -}}`,
        `{{\n source('raw', 't${Math.floor(random() * 9)}') }}`,
        "{{ config(materialized='table', tags=['a']) }}",
        "{{ ref('a') ~ '' }}",
      ]);
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      let depth = 0;
      const length = 2 + Math.floor(random() * 12);
      for (let i = 0; i < length; i++) {
        const r = random();
        if (r < 0.3) parts.push(pick(['select 1\n', '\n', 'from x {a} where y\n', '-- depends_on: ']));
        else if (r < 0.6) parts.push(expression());
        else if (r < 0.72 || depth === 0) {
          parts.push(`${open()} if ${pick(conditions)} ${close()}`);
          depth++;
        } else if (r < 0.8) parts.push(`${open()} elif ${pick(conditions)} ${close()}`);
        else if (r < 0.86) parts.push(`${open()}else${close()}`);
        else {
          parts.push(`${open()} endif ${close()}`);
          depth--;
        }
      }
      // Mostly balanced, sometimes not.
      while (depth > 0 && random() < 0.9) {
        parts.push('{% endif %}');
        depth--;
      }
      const sql = parts.join(pick(['', '\n', ' ']));
      if (plainScan(sql, ctx) !== null) read++;
      expect({ sql, scan: scanSql(sql, ctx) }).toEqual({ sql, scan: viaEvaluator(sql) });
    }
    // The generator is meant to exercise the shortcut, not only the fallback.
    expect(read).toBeGreaterThan(1000);
  });
});
