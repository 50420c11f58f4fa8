// dbt's `modules.re` at parse time: Python's re for the patterns RegExp reads alike (python-re-pattern.ts), on
// ASCII text; anything else is not known, so a ref named with it is a dynamic ref, never a guess. What it gives is
// held to Python's own answers in methods-vectors.json.
import { translatePattern } from '../../../src/dbt/jinja/python-re-pattern.js';
import { scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const scan = (sql: string) => {
  const r = scanSql(sql, context());
  return { refs: r.refs.map((ref) => [ref.name, ref.certainty]), codes: r.diagnostics.map((d) => d.code) };
};
const dynamic = { refs: [], codes: ['dynamic-ref'] };

describe('modules.re', () => {
  it('names refs as Python does', () => {
    expect(scan("{{ ref(modules.re.sub('^stg_', '', 'stg_orders')) }}")).toEqual({
      refs: [['orders', 'static']],
      codes: [],
    });
    expect(
      scan("{% set m = modules.re.match('(?P<team>[a-z]+)__(\\w+)', 'core__sessions') %}{{ ref(m.group(2)) }}"),
    ).toEqual({ refs: [['sessions', 'static']], codes: [] });
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
      expect(scan(sql)).toEqual(dynamic);
  });

  it('leaves unknown what RegExp would answer otherwise than Python (or where Python raises)', () => {
    const re = (call: string) => scan(`{{ ref('m_' ~ modules.re.${call}) }}`);
    for (const call of [
      "match('(?:(a)|b)+', 'ab').group(1)", // a capture in a repeated group
      "match('(a)?b\\\\1', 'b').group()", // a backreference to an unset group
      "match('(?<=a+)b', 'ab').group()", // variable-width lookbehind: an error to Python
      "match('(a)\\\\2', 'a').group()", // a missing group
      "match('[\\\\w-a]', 'a').group()", // a range from a class escape
      "match('a$*', 'a').group()", // nothing to repeat
      "match('(?au)a', 'a').group()", // incompatible flags
      "fullmatch('a)|(b', 'a').group()", // unbalanced
      "sub('a', 'b', 'a\\x1c') | length", // \\s differs on \\x1c-\\x1f
      "sub('a', 'b', 'a', -1)",
    ])
      expect(re(call)).toEqual(dynamic);
    expect(re("match('a{,}', 'aaa').group()").refs).toEqual([['m_aaa', 'static']]);
    // After an empty match, Python looks for a non-empty one at the same place first (sre's must_advance).
    expect(re("findall('|a', 'a') | join(',')").refs).toEqual([['m_,a,', 'static']]);
    // A pattern that ends with a group, and `{}`, which Python reads as text.
    expect(re("search('(prod|dev)', 'prod').group(1)").refs).toEqual([['m_prod', 'static']]);
    expect(re("search('a{}', 'a{}').group()").refs).toEqual([['m_a{}', 'static']]);
  });

  it('translates what Python and RegExp read apart', () => {
    expect(translatePattern('(?P<a>x)y$', 0)).toEqual({
      source: '(?<a>x)y(?=\\n?(?![\\s\\S]))',
      flags: '',
      groups: ['a'],
    });
    expect(translatePattern('(?i)a.{,2}\\Z', 0)?.source).toBe('a[^\\n]{0,2}(?![\\s\\S])');
    expect(translatePattern('a*+', 0)).toBeNull();
    expect(translatePattern('(?x) a', 0)).toBeNull();
  });
});
