import { renderValue } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';
import { loadYaml } from '../../../src/dbt/yaml/yaml.js';

describe('renderValue', () => {
  it('returns values without Jinja untouched', () => {
    const value = { a: 'plain', b: [1, true, null], c: { d: 'x' } };
    expect(renderValue(value, context())).toEqual({ value, diagnostics: [] });
  });

  it("drops one newline at the end of a template, as Jinja's default keep_trailing_newline=False does", () => {
    // A YAML block scalar (`schema: |`) ends with a newline.
    expect(renderValue("{{ 'PROD' }}\n", context()).value).toBe('PROD');
    expect(renderValue("{{ 'PROD' }}\r\n", context()).value).toBe('PROD');
    expect(renderValue("{{ 'a' }}\n\n", context()).value).toBe('a\n');
    // dbt renders YAML values natively, which sends plain text through Jinja too (dbt_common's get_rendered):
    // a `key: |` block loses its newline as well (a dbt 1.11.12 manifest's measures).
    expect(renderValue('PROD\n', context()).value).toBe('PROD');
    expect(renderValue({ a: ['x\n\n', 'y'] }, context()).value).toEqual({ a: ['x\n', 'y'] });
  });

  it("writes tojson as Jinja's filter does: sorted keys, Python's separators, non-ASCII and HTML characters escaped", () => {
    const ctx = context({ vars: { d: { b: 1, a: [true, null, 'é<'] } } });
    expect(renderValue("{{ var('d') | tojson }}", ctx).value).toBe('{"a": [true, null, "\\u00e9\\u003c"], "b": 1}');
  });

  it('slices with a step as Python does: reversed, every other, negative bounds', () => {
    const ctx = context({ vars: { parts: ['a', 'b', 'c', 'd', 'e'] } });
    const cases: Array<[string, string]> = [
      ["{{ var('parts')[::-1] | join('') }}", 'edcba'],
      ["{{ var('parts')[::2] | join('') }}", 'ace'],
      ["{{ var('parts')[1:4:2] | join('') }}", 'bd'],
      ["{{ var('parts')[-1:0:-2] | join('') }}", 'ec'],
      ["{{ var('parts')[3::-1] | join('') }}", 'dcba'],
      ["{{ 'stg_orders'[::-1] }}", 'sredro_gts'],
      ["{{ var('parts')[1:3] | join('') }}", 'bc'],
    ];
    for (const [template, expected] of cases) expect(renderValue(template, ctx).value).toBe(expected);
  });

  it('renders a value whose only Jinja is a comment, as dbt renders every string', () => {
    expect(renderValue({ meta: { note: '{# internal #}public' } }, context()).value).toEqual({
      meta: { note: 'public' },
    });
  });

  it('gives a constant expression alone as its text, as Jinja folds it at compile time; a variable keeps its type', () => {
    const ctx = context({ vars: { n: 5, on: true } });
    const values = [
      '{{ 1 + 1 }}',
      '{{ true }}',
      '{{ none }}',
      '{{ [1, 2] }}',
      "{{ 'a' ~ 'b' }}",
      "{{ var('n') }}",
      "{{ var('on') }}",
    ];
    expect(values.map((text) => renderValue(text, ctx).value)).toEqual(['2', 'True', 'None', '[1, 2]', 'ab', 5, true]);
  });

  it("reads `{{ x | as_bool }}` back as a Python literal of the marked type, as dbt's native rendering does", () => {
    const ctx = context({ vars: { flag: true, yes: 'True', count: '42', list: '[1, "a"]', word: 'yes' } });
    const render = (text: string, target = ctx) => renderValue(text, target);
    expect(render("{{ var('flag') | as_bool }}").value).toBe(true);
    expect(render("{{ var('yes') | as_bool }}").value).toBe(true);
    expect(render("{{ var('count') | as_number }}").value).toBe(42);
    expect(render("{{ var('list') | as_native }}").value).toEqual([1, 'a']);
    expect(render("{{ var('word') | as_native }}").value).toBe('yes');
    expect(render("{{ var('flag') | as_text }}").value).toBe('True');
    // The filter binds tighter than `==`: it marks 'default' alone, and the comparison gives a plain boolean.
    expect(render("{{ target.name == 'default' | as_bool }}").value).toBe(false);
    expect(render("{{ (target.name == 'dev') | as_bool }}").value).toBe(true);
    // Python 3.10+'s literal_eval strips leading spaces and tabs, and reads based ints.
    const spaced = context({ vars: { n: ' 5', b: '\tTrue', hex: '0x10', oct: '-0o17', bin: '0b1_01' } });
    expect(
      ['n | as_number', 'b | as_bool', 'hex | as_number', 'oct | as_number', 'bin | as_number'].map(
        (e) => render(`{{ var('${e.split(' ')[0]}') | ${e.split(' | ')[1]} }}`, spaced).value,
      ),
    ).toEqual([5, true, 16, -15, 5]);
    // Text that is not the type marked stops dbt ("Could not convert value 'yes' into type 'bool'").
    const refused = render("{{ var('word') | as_bool }}");
    expect(refused.value).toBe("{{ var('word') | as_bool }}");
    expect(refused.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['unrendered-value', 'error', "Could not convert value 'yes' into type 'bool' (dbt stops)."],
    ]);
  });

  it('renders strings with var, env_var, target and project_name deep in objects and arrays', () => {
    const ctx = context({ vars: { team: 'finance' }, env: { OWNER: 'ana' } });
    const r = renderValue(
      {
        meta: { owner: "{{ env_var('OWNER') }}", team: "team-{{ var('team') }}" },
        tags: ['{{ target.name }}', '{{ project_name }}'],
      },
      ctx,
    );
    expect(r).toEqual({
      value: { meta: { owner: 'ana', team: 'team-finance' }, tags: ['dev', 'jaffle_shop'] },
      diagnostics: [],
    });
  });

  it('keeps a non-string result native when the template is exactly one expression', () => {
    const ctx = context({ vars: { on: false, n: 3, l: ['a'] } });
    const r = renderValue(
      { enabled: "{{ var('on') }}", n: "{{ var('n') }}", l: "{{ var('l') }}", s: " {{ var('on') }}" },
      ctx,
    );
    expect(r.value).toEqual({ enabled: false, n: 3, l: ['a'], s: ' False' });
  });

  it('renders statements in a value', () => {
    const r = renderValue("{% if target.name == 'dev' %}dev_schema{% else %}prod_schema{% endif %}", context());
    expect(r.value).toBe('dev_schema');
  });

  it('resolves doc() through the docs resolver, with and without a package', () => {
    const docs = (name: string, pkg: string | null): string | undefined =>
      name === 'orders' ? `Orders${pkg === null ? '' : ` from ${pkg}`}` : undefined;
    expect(renderValue("{{ doc('orders') }}", context(), docs).value).toBe('Orders');
    expect(renderValue("See {{ doc('pkg', 'orders') }}.", context(), docs).value).toBe('See Orders from pkg.');
    const missing = renderValue("{{ doc('nope') }}", context(), docs);
    expect(missing.value).toBe("{{ doc('nope') }}");
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['unknown-doc', 'unrendered-value']);
  });

  it('keeps a value it cannot render as written and reports unrendered-value', () => {
    const r = renderValue({ description: '{{ my_macro() }}' }, context());
    expect(r.value).toEqual({ description: '{{ my_macro() }}' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unrendered-value', severity: 'warning' })]);
  });

  it('reports a missing var, which renders as none (dbt renders YAML values natively)', () => {
    const r = renderValue("{{ var('nope') }}", context());
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-var']);
  });

  it('reports a syntax error and keeps the string', () => {
    const r = renderValue('{{ var( }}', context());
    expect(r.value).toBe('{{ var( }}');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['jinja-syntax', 'unrendered-value']);
  });
});

describe('renderValue with YAML dates', () => {
  it('renders a date var inside text as Python str() does, and compares dates by value', () => {
    const vars = (text: string) => loadYaml(text, 'dbt_project.yml').value as Record<string, unknown>;
    const ctx = context({ vars: vars('start: 2024-01-01\nstamp: 2024-01-01 10:30:00\nsame: 2024-01-01\n') });
    expect(renderValue("Orders since {{ var('start') }}", ctx).value).toBe('Orders since 2024-01-01');
    expect(renderValue("At {{ var('stamp') }}", ctx).value).toBe('At 2024-01-01 10:30:00');
    expect(renderValue("{{ var('start') == var('same') }}", ctx).value).toBe(true);
    expect(renderValue("{{ var('start') == var('stamp') }}", ctx).value).toBe(false);
    const zones = context({
      vars: vars('a: 2024-01-01 10:00:00+02:00\nb: 2024-01-01 08:00:00Z\nc: 2024-01-01 08:00:00\n'),
    });
    expect(renderValue("{{ var('a') == var('b') }}", zones).value).toBe(true);
    expect(renderValue("{{ var('b') == var('c') }}", zones).value).toBe(false);
  });
});
