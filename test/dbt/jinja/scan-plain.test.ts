// Most model files hold nothing but `{{ ref(...) }}` and `{{ source(...) }}` tags; scanSql reads those without
// running the evaluator. These tests hold that shortcut to the evaluator's answer: appending a Jinja comment to a
// file changes none of its refs or lines but sends it down the evaluator's path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const ctx = context();
const viaEvaluator = (sql: string) => scanSql(`${sql}{# forces the evaluator #}`, ctx);

const PLAIN_FILES: Record<string, string> = {
  'one ref': `select * from {{ ref('orders') }}`,
  'refs over lines': `with a as (\n  select * from {{ ref('a') }}\n),\nb as (select * from {{ref("b")}})\n\nselect * from a join {{ ref('b') }} using (id)`,
  'whitespace control and a newline inside the tag': `select 1\n{{- ref('a') -}}\n{{\n\n  ref('b')\n}}`,
  'two-argument ref': `select * from {{ ref('finance', 'invoices') }}`,
  sources: `select * from {{ source('raw', 'orders') }} join {{ source( "raw" , "payments" ) }} using (id)`,
  'closing braces alone in SQL text': `select '}}' as x, {{ ref('a') }}`,
  'a ref in an SQL comment counts': `-- depends_on: {{ ref('upstream') }}\nselect 1`,
};

const EVALUATED_FILES: Record<string, string> = {
  'a source with one argument': `select * from {{ source('raw') }}`,
  'a versioned ref': `select * from {{ ref('orders', v=2) }}`,
  'a tag holding braces in a string': `select {{ '{{' }} from {{ ref('a') }}`,
  'three opening braces': `select {{{ ref('a') }}`,
  'a config call': `{{ config(materialized='table') }}\nselect * from {{ ref('a') }}`,
  'an escaped quote': `select * from {{ ref('it\\'s') }}`,
  'whitespace the evaluator does not know (no-break space)': `select * from {{\u00a0ref('a') }}`,
};

describe('scanSql on files of plain ref/source tags', () => {
  it.each(Object.entries(PLAIN_FILES))('%s: the same refs, sources and lines as the evaluator', (_, sql) => {
    const plain = scanSql(sql, ctx);
    expect(plain.refs.length + plain.sources.length).toBeGreaterThan(0);
    expect(plain).toEqual(viaEvaluator(sql));
  });

  it('records lines of the name, not of the opening braces', () => {
    expect(scanSql(`select\n{{\n\n  ref('b')\n}}`, ctx).refs).toEqual([
      { name: 'b', package: null, version: null, line: 4, certainty: 'static' },
    ]);
  });

  it.each(Object.entries(EVALUATED_FILES))('%s: left to the evaluator, same answer', (_, sql) => {
    expect(scanSql(sql, ctx)).toEqual(viaEvaluator(sql));
  });

  it('reports a source with one argument, as the evaluator does', () => {
    expect(scanSql(EVALUATED_FILES['a source with one argument']!, ctx).diagnostics.map((d) => d.code)).toEqual([
      'invalid-source',
    ]);
  });

  it('agrees with the evaluator on every SQL file of the fixtures and the example', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.sql')) files.push(path);
      }
    };
    walk('test/fixtures');
    walk('examples');
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const sql = readFileSync(file, 'utf8');
      expect({ file, scan: scanSql(sql, ctx) }).toEqual({ file, scan: viaEvaluator(sql) });
    }
  });
});
