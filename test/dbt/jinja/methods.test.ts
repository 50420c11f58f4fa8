// Methods of strings, lists and dicts and Jinja's collection filters, held to jinja2 3.1.6: the expected outputs in
// test/fixtures/jinja/methods-vectors.json were rendered by jinja2 itself (with the do and loopcontrols extensions
// dbt loads), as text: they are rendered here as text too (dbt's native rendering would keep a lone list a list).
import { readFileSync } from 'node:fs';
import { renderTemplate, scanSql } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/jinja/methods-vectors.json', import.meta.url), 'utf8'),
) as Array<{ template: string; expected: string }>;

describe('methods and filters as jinja2 renders them', () => {
  it.each(vectors.map((v) => [v.template, v.expected] as const))('%s', (template, expected) => {
    expect(renderTemplate(template, context(), undefined, [], {}, false)).toBe(expected);
  });
});

describe('a method that cannot be followed', () => {
  it('leaves the list unknown, so a loop over it records its refs as unknown, not the old items', () => {
    const sql = "{% set l = ['a', 'b'] %}{% do l.pop(run_query('x')) %}{% for m in l %}{{ ref(m) }}{% endfor %}";
    const result = scanSql(sql, context());
    expect(result.refs.map((r) => r.name)).not.toContain('a');
    expect(result.diagnostics.length).toBeGreaterThan(0);
  });

  it('gives a rounding tie (Python rounds to even, JavaScript up) and a start bound as unknown, not a wrong name', () => {
    const sql =
      "{{ ref('m_{:.0f}'.format(0.5)) }}{{ ref('m_{:.1f}'.format(0.25)) }}{{ ref('m_' ~ 'abcabc'.find('b', 2)) }}";
    expect(scanSql(sql, context()).refs).toEqual([]);
  });

  it('gives an unknown format spec as unknown, not its text', () => {
    const result = scanSql(
      "{{ ref('events_{:x<}'.format(run_query('q'))) }}{{ ref('t_{!r}'.format('a')) }}",
      context(),
    );
    expect(result.refs).toEqual([]);
  });
});
