// dbt's statically_parse_unrendered_config: the vectors of dbt-core's own unit tests (tests/unit/clients/
// test_jinja_static.py, in its 1.9-1.11 and 1.12 forms) and edge cases, computed with dbt's code on jinja2 3.1.6
// (test/fixtures/jinja/static-config-vectors.json: `repr` is dbt 1.9 to 1.11, `text` dbt 1.12; null where dbt
// records nothing).
import { readFileSync } from 'node:fs';
import { staticConfigCall } from '../../src/dbt/jinja/static-config.js';

interface Vector {
  in: string;
  repr: Record<string, string> | null;
  text: Record<string, string> | null;
}
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/jinja/static-config-vectors.json', import.meta.url), 'utf8'),
) as Vector[];

describe('staticConfigCall', () => {
  it('has the vectors to check', () => {
    expect(vectors.length).toBeGreaterThan(50);
  });

  it.each(vectors.map((v) => [v.in, v] as const))('%s', (_, vector) => {
    expect(staticConfigCall(vector.in, 'repr')).toEqual(vector.repr);
    expect(staticConfigCall(vector.in, 'text')).toEqual(vector.text);
  });

  it("writes a slice's step, as Jinja's Slice node holds it", () => {
    expect(staticConfigCall("{{ config(x=var('a')[::2]) }}", 'repr')).toEqual({
      x:
        "Keyword(key='x', value=Getitem(node=Call(node=Name(name='var', ctx='load'), args=[Const(value='a')], kwargs=[], " +
        "dyn_args=None, dyn_kwargs=None), arg=Slice(start=None, stop=None, step=Const(value=2)), ctx='load'))",
    });
  });

  it("walks the values of `{% with %}` before its body, as Jinja's With node", () => {
    const sql = "{% with a = config(materialized='w') %}{% endwith %}{{ config(materialized='table') }}";
    expect(staticConfigCall(sql, 'text')).toEqual({ materialized: 'w' });
  });

  it('keeps the keyword order of the call', () => {
    expect(Object.keys(staticConfigCall("{{ config(b='1', a='2') }}", 'text')!)).toEqual(['b', 'a']);
  });
});
