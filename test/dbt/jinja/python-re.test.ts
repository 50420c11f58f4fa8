// dbt's `modules.re` at parse time: Python's re for the patterns RegExp reads alike (python-re-pattern.ts), on
// ASCII text; anything else is not known, so a ref named with it is a dynamic ref, never a guess. What it gives is
// held to Python's own answers in methods-vectors.json.
import { translatePattern } from '../../../src/dbt/jinja/python-re-pattern.js';
import { scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const scan = (sql: string) => {
  const r = scanSql(sql, context());
  return { refs: r.refs.map((ref) => ref.name), codes: r.diagnostics.map((d) => d.code) };
};

describe('modules.re', () => {
  it('names refs as Python does', () => {
    expect(scan("{{ ref(modules.re.sub('^stg_', '', 'stg_orders')) }}")).toEqual({ refs: ['orders'], codes: [] });
    expect(
      scan("{% set m = modules.re.match('(?P<team>[a-z]+)__(\\w+)', 'core__sessions') %}{{ ref(m.group(2)) }}"),
    ).toEqual({ refs: ['sessions'], codes: [] });
    expect(scan("{% if modules.re.search('x', 'abc') %}{{ ref('never') }}{% endif %}")).toEqual({
      refs: [],
      codes: [],
    });
  });

  it('leaves unknown what it does not follow: other modules, non-ASCII text, patterns read apart', () => {
    for (const sql of [
      '{{ ref(modules.datetime.date.today()) }}',
      "{{ ref(modules.re.sub('a', 'b', 'café')) }}",
      "{{ ref(modules.re.sub('[]a]', '', 'x')) }}",
      "{{ ref(modules.re.sub('a', 'b', 'a', flags=modules.re.VERBOSE)) }}",
      "{{ ref(modules.re.sub('(?>a)', '', 'a')) }}",
      "{{ ref(modules.re.sub('a', '\\\\q', 'a')) }}",
    ])
      expect(scan(sql)).toEqual({ refs: [], codes: ['dynamic-ref'] });
  });

  it('translates what Python and RegExp read apart', () => {
    expect(translatePattern('(?P<a>x)(?P=a)$', 0)).toEqual({
      source: '(?<a>x)\\k<a>(?=\\n?(?![\\s\\S]))',
      flags: '',
      groups: ['a'],
    });
    expect(translatePattern('(?i)a.{,2}\\Z', 0)?.source).toBe('a[^\\n]{0,2}(?![\\s\\S])');
    expect(translatePattern('a*+', 0)).toBeNull();
    expect(translatePattern('(?x) a', 0)).toBeNull();
  });
});
