// A value that holds something parse time does not know -- an Unknown item at any depth, a list a call not
// followed may have changed, the profile's `target` -- is not known as a whole: its order, its equality, its text
// and what a lookup through it gives stay unknown (a ref named with it is a dynamic ref), never the stale or
// partial answer the known parts would suggest.
import { scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const scan = (sql: string) => {
  const r = scanSql(sql, context());
  return { refs: r.refs.map((ref) => [ref.name, ref.certainty]), codes: r.diagnostics.map((d) => d.code) };
};
const dynamic = { refs: [], codes: ['dynamic-ref'] };
/** A list whose contents a call not followed may have changed. */
const OPEN = "{% set l = ['a'] %}{% do l.insert(run_query('x'), 'z') %}";

describe('values holding something not known', () => {
  it('do not order: sort, max, list.sort, groupby and < on nested unknowns', () => {
    expect(scan("{{ ref(([[target.user, 'b'], [target.role, 'a']] | sort)[0][1]) }}")).toEqual(dynamic);
    expect(scan("{{ ref(([target.user, 'b'], [target.role, 'a']) | max | last) }}")).toEqual(dynamic);
    expect(scan("{% set l = [[target.user, 'b'], [target.role, 'a']] %}{% do l.sort() %}{{ ref(l[0][1]) }}")).toEqual(
      dynamic,
    );
    expect(
      scan("{% for g in [{'k': [target.user]}, {'k': [target.role]}] | groupby('k') %}{{ ref('m') }}{% endfor %}"),
    ).toEqual({
      refs: [['m', 'conditional']],
      codes: ['unevaluated-condition'],
    });
    expect(scan(`${OPEN}{% if [l] < [['b']] %}{{ ref('maybe') }}{% endif %}`)).toEqual({
      refs: [['maybe', 'conditional']],
      codes: ['unevaluated-condition'],
    });
  });

  it('are not equal to one another, nor found in a list by equality', () => {
    expect(scan("{% if [target.user] == [target.role] %}{{ ref('maybe') }}{% endif %}").refs).toEqual([
      ['maybe', 'conditional'],
    ]);
    expect(scan("{% if [target.user] in [[target.role]] %}{{ ref('maybe') }}{% endif %}").refs).toEqual([
      ['maybe', 'conditional'],
    ]);
  });

  it('have no text: printed, joined or concatenated', () => {
    expect(scan("{% set n %}x{{ [target.user, 'b'] }}{% endset %}{{ ref(n) }}")).toEqual(dynamic);
    expect(scan("{{ ref('m_' ~ [target.user]) }}")).toEqual(dynamic);
    expect(scan(`${OPEN}{{ ref('m_' ~ l) }}`)).toEqual(dynamic);
  });

  it('give unknown items through lookups: map(attribute), slices, dict methods after a change not followed', () => {
    expect(scan(`${OPEN}{{ ref([l] | map(attribute='0') | first) }}`)).toEqual(dynamic);
    expect(scan(`${OPEN}{{ ref(l[:1] | first) }}`)).toEqual(dynamic);
    const updated = "{% set d = {'a': 'x'} %}{% do d.update(run_query('q')) %}";
    expect(scan(`${updated}{{ ref(d.get('a')) }}`)).toEqual(dynamic);
    expect(scan(`${updated}{{ ref(d.a) }}`)).toEqual(dynamic);
    expect(scan("{% set d = {'a': 'x'} %}{% do d.pop(run_query('q')) %}{{ ref(d.a) }}")).toEqual(dynamic);
    // A cycler moved where it may not run is not known to be anywhere afterwards.
    const cycled = "{% set c = cycler('a', 'b') %}{% if target.user %}{% do c.next() %}{% endif %}";
    expect(scan(`${cycled}{{ ref(c.next()) }}`).refs).toEqual([]);
    expect(scan("{% set c = cycler('a', 'b') %}{% do c.next() %}{{ ref(c.next()) }}").refs).toEqual([['b', 'static']]);
  });

  it('are not searched, looped over or copied as if known', () => {
    const cond = (sql: string) => scan(sql).refs;
    expect(cond("{% set l = ['a'] %}{% do l.pop(run_query('x')) %}{% if 'a' in l %}{{ ref('m') }}{% endif %}")).toEqual(
      [['m', 'conditional']],
    );
    expect(cond("{% set d = {'a': 1} %}{% do d.pop(target.user) %}{% if 'a' in d %}{{ ref('m') }}{% endif %}")).toEqual(
      [['m', 'conditional']],
    );
    expect(scan("{% for k in target %}{{ ref('m_' ~ k) }}{% endfor %}").refs).toEqual([]);
    expect(scan("{{ ref(dict(target).get('user', 'dflt')) }}")).toEqual(dynamic);
    expect(scan("{% set l = ['a'] %}{% do l.pop(run_query('x')) %}{{ ref('{}'.format(*l)) }}")).toEqual(dynamic);
    // A ** spread of the open target, or of something not known: its keywords are not known.
    expect(scan("{{ ref('m_' ~ (dict(**target) | length)) }}")).toEqual(dynamic);
    expect(scan("{{ ref('m_' ~ (dict(**run_query('q')) | length)) }}")).toEqual(dynamic);
    expect(scan("{% macro m(a, b='d') %}{{ ref(a ~ b) }}{% endmacro %}{{ m('x', **{'b': 'y'}) }}").refs).toEqual([
      ['xy', 'static'],
    ]);
    expect(scan("{% set e = {'name': 'x'} %}{% do e.update(target) %}{{ ref(e.name) }}")).toEqual(dynamic);
  });

  it("are not made of a dict literal whose keys Python tells apart and text does not ('1' and 1)", () => {
    expect(scan("{% set d = {'1': 'a', 1: 'b'} %}{{ ref(d['1']) }}")).toEqual(dynamic);
    expect(scan("{% set d = {True: 'a', 1: 'b'} %}{{ ref(d | length) }}")).toEqual(dynamic);
  });

  it('have no text through filters and format either', () => {
    expect(scan("{{ ref('m_' ~ ([target.user] | string)) }}")).toEqual(dynamic);
    expect(scan("{{ ref('m_' ~ ([target.user] | upper)) }}")).toEqual(dynamic);
    expect(scan("{{ ref('m_{}'.format([target.user])) }}")).toEqual(dynamic);
    expect(scan("{{ ref('m_' ~ ([target] | tojson)) }}")).toEqual(dynamic);
  });

  it("leave the profile's target unknown as a whole: membership of a key it lacks, its length", () => {
    expect(scan("{% if 'user' in target %}{{ ref('maybe') }}{% endif %}").refs).toEqual([['maybe', 'conditional']]);
    expect(scan("{% if 'name' in target %}{{ ref('named') }}{% endif %}").refs).toEqual([['named', 'static']]);
    expect(scan("{{ ref('t_' ~ (target | length)) }}")).toEqual(dynamic);
  });
});
