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
  const project = (ratio: string) => ({
    'dbt_project.yml': `name: p\nvars:\n  ratio: ${ratio}\n`,
    'models/m.sql': "{{ config(alias='m_' ~ var('ratio')) }}select 1",
    'models/schema.yml': 'models:\n  - name: m\n    config:\n      meta: {r: "v{{ var(\'ratio\') }}"}\n',
  });
  const named = (graph: ReturnType<typeof compileFiles>) => {
    const m = node(graph, 'model.p.m');
    return [m.config.alias, m.meta['r']];
  };

  it('are told from whole ints by the compile cache (a change from 1 to 1.0 renders anew)', () => {
    const cache = new Map<string, unknown>();
    const store = { get: (k: string) => cache.get(k), set: (k: string, v: unknown) => void cache.set(k, v) };
    expect(named(compileFiles(project('1'), { cache: store }))).toEqual(['m_1', 'v1']);
    expect(named(compileFiles(project('1.0'), { cache: store }))).toEqual(['m_1.0', 'v1.0']);
  });

  it('fold a YAML value that is a float constant alone to its text, as Jinja compiles it', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'models/m.sql': 'select 1',
      'models/schema.yml':
        'models:\n  - name: m\n    config:\n      alias: "{{ 2.0 }}"\n      meta: {c: "{{ 1.0 }}", r: "{{ 10 / 4 * 2 }}"}\n',
    });
    const m = node(graph, 'model.p.m');
    expect([m.config.alias, m.meta]).toEqual(['2.0', { c: '1.0', r: '5.0' }]);
  });

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

describe('what parse time does not answer for numbers', () => {
  it("gives `unknown or x` a truth but not x's value, and `unknown and false` likewise", () => {
    // `x or 'z'` is x when x is true: not known to be 'z'. Its truth is known in a condition.
    const result = scanSql(
      "{{ ref(run_query('q') or 'z') }}{% if run_query('q') or 'z' %}{{ ref('a') }}{% endif %}" +
        "{% if not (run_query('q') and false) %}{{ ref('b') }}{% endif %}",
      context(),
    );
    expect(result.refs.map((r) => [r.name, r.certainty])).toEqual([
      ['a', 'static'],
      ['b', 'static'],
    ]);
    expect(result.diagnostics.map((d) => d.code)).toContain('dynamic-ref');
  });

  it('leaves dict lookups by a number unknown where a key written like it may be that number or text', () => {
    for (const template of ["{{ 5 in {'5': 'x'} }}", "{{ {'5': 'x'}.get(5, 'd') }}", "{{ (10 / 2) in {'5.0': 1} }}"])
      expect(renderValue(template, context()).value).not.toMatch(/^(True|False|x|d)$/);
  });

  it('leaves a number looked up in a YAML mapping whose keys PyYAML reads as bools or None unknown', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\nvars:\n  flags: {true: b, ~: n}\n',
      'models/m.sql': "{{ config(tags=[(1 in var('flags')) | string, var('flags').get(none, 'dflt')]) }}select 1",
    });
    expect(node(graph, 'model.p.m').tags).toEqual([]);
  });

  it('gives an int sum beyond 2 ** 53 as unknown', () => {
    expect(scanSql("{{ ref('t_' ~ ([9007199254740991, 2] | sum)) }}", context()).refs).toEqual([]);
  });
});

describe('scalars as written', () => {
  it('are not told apart when a key is written twice on one line (which mapping holds which is not read)', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\nvars: {a: 1.0, b: {a: 1}}\n',
      'models/m.sql': "{{ config(tags=[var('b').a | string]) }}select 1",
    });
    expect(node(graph, 'model.p.m').tags).toEqual(['1']);
  });
});
