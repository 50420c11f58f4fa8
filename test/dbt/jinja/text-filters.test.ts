// Jinja's text filters as Jinja 3.1 runs them: each expectation is what jinja2 3.1.6 renders for the template.
import { renderValue } from '../../../src/dbt/jinja/index.js';
import { context } from './helpers.js';

const render = (template: string) => renderValue(template, context()).value;

describe('text filters', () => {
  test.each([
    ["{{ ('git_' ~ 'x' * 130) | truncate(128, True, '', 0) | length }}", '128'],
    ["{{ 'hello world foo bar' | truncate(9) }}", 'hello...'],
    ["{{ 'hello world foo bar' | truncate(11, leeway=0) }}", 'hello...'],
    ["{{ 'hello world foo bar' | truncate(11, end='!', leeway=0) }}", 'hello!'],
    ["{{ 'hello world foo bar' | truncate(11, True, leeway=0) }}", 'hello wo...'],
    // Within the leeway (5 by default): kept whole.
    ["{{ 'hello world foo' | truncate(12) }}", 'hello world foo'],
    ["{{ 'a\\nb\\n\\nc' | indent }}", 'a\n    b\n\n    c'],
    ["{{ 'a\\nb\\n\\nc' | indent(2, true, true) }}", '  a\n  b\n  \n  c'],
    ["{{ 'a\\nb' | indent('> ') }}", 'a\n> b'],
    ["{{ 'a\\nb' | indent(2, 1) }}", '  a\n  b'],
    ["{{ '😀 x 😀 y 😀' | length }}", '9'],
    // Code points, as Python indexes and slices a string.
    ["{{ '😀ab'[1] ~ '😀ab'[:1] ~ '😀ab'[-1] }}", 'a😀b'],
    ["{{ '😀ab' | first }}{{ '😀ab' | last }}", '😀b'],
    ["{{ 'a‿b ñ_1' | wordcount }}", '3'],
    ["{{ 'ab' | center(7) }}", '   ab  '],
    ["{{ 'hello, wörld 12 a_b' | wordcount }}", '4'],
    ['{{ \'<a href="x">T&amp;C</a>  <!-- c -->  z\' | striptags }}', 'T&C z'],
    ["{{ 'a b/c?d=é' | urlencode }}", 'a%20b/c%3Fd%3D%C3%A9'],
    ["{{ {'a b': 1, 'c': 'd&e'} | urlencode }}", 'a+b=1&c=d%26e'],
    ["{{ '<x y=\"1\">&\\'' | e }}", '&lt;x y=&#34;1&#34;&gt;&amp;&#39;'],
    ["{{ 'a<b' | safe }}", 'a<b'],
  ])('%s renders %j', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('are not known for a value that is not text, nor for a length below the ending (Jinja stops there)', () => {
    const unknown = renderValue("{{ 'x' * 10 | truncate(2) }}", context());
    expect(unknown.value).toBe("{{ 'x' * 10 | truncate(2) }}");
    expect(render("{{ 'abcdefghijkl' | truncate(1, leeway=0) }}")).toBe("{{ 'abcdefghijkl' | truncate(1, leeway=0) }}");
  });
});
