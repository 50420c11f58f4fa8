// Python's ints and floats as Jinja prints them: a float keeps its `.0` (`10 / 2` is `5.0`), an int beyond 2 ** 53
// is not known. The expected outputs in test/fixtures/jinja/number-vectors.json were rendered by jinja2 3.1.6 from
// number-vectors.txt (one template per line), with the extensions dbt loads.
import { readFileSync } from 'node:fs';
import { renderValue, scanSql } from '../../../src/dbt/jinja/index.js';
import { compileFiles, diagnosticsOf, node } from '../helpers.js';
import { context } from './helpers.js';

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/jinja/number-vectors.json', import.meta.url), 'utf8'),
) as Array<{ template: string; expected: string }>;

describe('numbers as jinja2 renders them', () => {
  it.each(vectors.map((v) => [v.template, v.expected] as const))('%s', (template, expected) => {
    expect(String(renderValue(template, context()).value)).toBe(expected);
  });
});

describe('numbers parse time cannot be exact about', () => {
  it('leaves an int computed beyond 2 ** 53 unknown, not written in a float form', () => {
    const result = scanSql("{{ ref('stg_' ~ (10 ** 21)) }}{{ ref('t_' ~ (2 ** 53 + 1)) }}", context());
    expect(result.refs).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['dynamic-ref', 'dynamic-ref']);
  });

  it('writes a whole number of 1e21 or more with all its digits, as Python writes an int', () => {
    expect(renderValue('{{ 1000000000000000000000 }}', context()).value).toBe('1000000000000000000000');
  });

  it('gives config values that are floats as numbers, and refs named with them as Python writes them', () => {
    const result = scanSql("{{ config(meta={'w': 1.0, 'h': 10 / 4}) }}{{ ref('v_' ~ (6 / 3)) }}", context());
    expect(result.configs[0]?.values).toEqual({ meta: { w: 1, h: 2.5 } });
    expect(result.refs.map((r) => r.name)).toEqual(['v_2.0']);
  });
});

describe('vars written as floats', () => {
  it('render as Python writes them (`1.0`), where YAML read a whole number', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\nvars:\n  version: 1.0\n  scale: 2.50\n  n: 3\n  nested: {v: 4.0}\n',
      'models/m.sql':
        "{{ config(alias='m_' ~ var('version'), tags=[var('scale') | string, var('n') | string, var('nested').v | string]) }}select 1",
    });
    expect(diagnosticsOf(graph)).toEqual([]);
    const m = node(graph, 'model.p.m');
    expect([m.config.alias, m.tags]).toEqual(['m_1.0', ['2.5', '3', '4.0']]);
  });
});
