// A `{{ config(...) }}` of literal keyword arguments is read without the evaluator (config-tag.ts). These tests
// hold that shortcut to the evaluator: appending a Jinja comment sends a file down the evaluator's path without
// changing what it declares, and every file must come out the same both ways.
import { readConfigTag } from '../../../src/dbt/jinja/config-tag.js';
import { scanSql } from '../../../src/dbt/jinja/index.js';
import { makeRandom } from '../../../bench/generate.js';
import { context } from './helpers.js';

const ctx = context();
const viaEvaluator = (sql: string) => scanSql(`${sql}{# forces the evaluator #}`, ctx);

const READ: Record<string, string> = {
  'strings and a list': `{{ config(materialized='table', tags=["core", 'nightly']) }}\nselect * from {{ ref('a') }}`,
  'over several lines, with whitespace control': `{{-\n  config(\n    materialized = 'incremental',\n    unique_key='id'\n  )\n-}}\nselect 1`,
  'integers, booleans and none in both cases': `{{ config(enabled=True, full_refresh=false, alias=None, x=none, batch=0, n=42) }}`,
  'nested dicts and lists': `{{ config(meta={'owner': {'team': 'core', 'tags': ['a', {'b': []}]}}, grants={}) }}`,
  'no arguments': `{{ config() }}select 1`,
  'two calls and refs between them': `{{ config(a='1') }}\n{{ ref('x') }}\n\n{{ config(b=[1, 2]) }} {{ source('s', 't') }}`,
  'a key named like a constant': `{{ config(true='yes', none=1) }}`,
};

const LEFT_TO_THE_EVALUATOR: Record<string, string> = {
  'an escaped quote': `{{ config(alias='it\\'s') }}`,
  'a float': `{{ config(x=1.5) }}`,
  'a negative number': `{{ config(x=-1) }}`,
  'an integer with underscores': `{{ config(x=1_000) }}`,
  'a leading zero': `{{ config(x=010) }}`,
  'a tuple': `{{ config(x=(1, 2)) }}`,
  'a trailing comma': `{{ config(tags=['a',]) }}`,
  'a positional dict': `{{ config({'materialized': 'table'}) }}`,
  'an expression': `{{ config(materialized=var('m', 'view')) }}`,
  'a repeated key': `{{ config(a=1, a=2) }}`,
  'something after the call': `{{ config(a=1) ~ '' }}`,
  'a dict with a name as key': `{{ config(meta={owner: 'x'}) }}`,
  'a string over two lines': `{{ config(alias='a\nb') }}`,
  'whitespace the evaluator does not know (no-break space)': `{{ config(a=1\u00a0) }}`,
  'a byte-order mark before the name': `{{\ufeffconfig(a=1) }}`,
};

describe('config() of literals, read without the evaluator', () => {
  it.each(Object.entries(READ))('%s: read, and the same as the evaluator', (_, sql) => {
    expect(readConfigTag(sql, sql.indexOf('{{'))).not.toBeNull();
    const fast = scanSql(sql, ctx);
    expect(fast.configs.length).toBeGreaterThan(0);
    expect(fast).toEqual(viaEvaluator(sql));
  });

  it('records the line of the call and its values', () => {
    expect(scanSql(`select 1\n{{\n\n  config(materialized='table', tags=['a'])\n}}`, ctx).configs).toEqual([
      { values: { materialized: 'table', tags: ['a'] }, line: 4 },
    ]);
  });

  it.each(Object.entries(LEFT_TO_THE_EVALUATOR))('%s: not read here, and scanned as the evaluator does', (_, sql) => {
    expect(readConfigTag(sql, sql.indexOf('{{'))).toBeNull();
    expect(scanSql(sql, ctx)).toEqual(viaEvaluator(sql));
  });

  it('agrees with the evaluator on 3,000 generated config calls, most of them read here', () => {
    const random = makeRandom(20261126);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const space = () => pick(['', ' ', '  ', '\n', '\n    ']);
    const scalar = () =>
      pick([
        () => `'${pick(['', 'table', 'a b', '{{x}}', '"q"', 'é'])}'`,
        () => `"${pick(['view', "it's", ''])}"`,
        () => pick(['0', '1', '42', '9007199254740993']),
        () => pick(['true', 'True', 'false', 'False', 'none', 'None']),
        () => pick(['1.5', '-1', '1_0', '01', "'a\\'b'", 'x', "var('v')", '(1,)']),
      ])();
    const value = (depth: number): string => {
      const kind = depth > 2 ? 0 : Math.floor(random() * 4);
      if (kind === 0 || kind === 1) return scalar();
      const n = Math.floor(random() * 3);
      const items = Array.from({ length: n }, () => value(depth + 1));
      if (kind === 2) return `[${space()}${items.join(`,${space()}`)}${space()}${random() < 0.05 ? ',' : ''}]`;
      return `{${items.map((v, i) => `${space()}'k${i % 2}'${space()}:${space()}${v}`).join(',')}${space()}}`;
    };
    let read = 0;
    for (let i = 0; i < 3_000; i++) {
      const n = Math.floor(random() * 4);
      const keys = Array.from({ length: n }, () => pick(['materialized', 'tags', 'meta', 'alias', 'enabled', 'a']));
      const args = keys.map((k) => `${space()}${k}${space()}=${space()}${value(0)}`).join(',');
      const sql = `${pick(['', 'select 1\n'])}{{${pick(['', '-'])}${space()}config(${args}${space()})${space()}${pick(['', '-'])}}}\n{{ ref('m') }}`;
      if (readConfigTag(sql, sql.indexOf('{{')) !== null) read++;
      expect({ sql, scan: scanSql(sql, ctx) }).toEqual({ sql, scan: viaEvaluator(sql) });
    }
    expect(read).toBeGreaterThan(1_000);
  });
});
