// docCalls: the doc() calls dbt 1.10+ lists in `doc_blocks`, found statically as dbt's _get_doc_blocks does.
import { docCalls } from '../../../src/dbt/jinja/doc-calls.js';

describe('docCalls', () => {
  it('lists top-level doc() outputs in order, with their package when given', () => {
    expect(docCalls(`Intro {{ doc('orders') }} and {{- doc("shop", 'customers') -}}.`)).toEqual([
      { name: 'orders', package: null },
      { name: 'customers', package: 'shop' },
    ]);
  });

  it.each([
    ["{{ doc('orders').format(x=1) }}", 'a method call on the result'],
    ["{{ doc('orders') ~ '!' }}", 'an expression around it'],
    ["{{ doc('orders') | trim }}", 'a filter'],
    ["{% if true %}{{ doc('orders') }}{% endif %}", 'inside a statement'],
    ["{# {{ doc('orders') }} #}", 'inside a comment'],
    ["{{ doc(var('name')) }}", 'a name that is not a literal'],
    ['{{ doc(1) }}', 'a name that is not a string'],
    ["{{ doc('orders' }}", 'invalid Jinja'],
    ['the doc says so', 'no Jinja at all'],
  ])('finds none in %s (%s)', (text) => {
    expect(docCalls(text)).toEqual([]);
  });

  it('takes a none package as no package, as dbt resolves it', () => {
    expect(docCalls("{{ doc(none, 'orders') }}")).toEqual([{ name: 'orders', package: null }]);
  });

  it('counts only the literal arguments, as dbt filters them', () => {
    // dbt keeps the Const arguments: one is left, so it is the name.
    expect(docCalls("{{ doc('shop', var('name')) }}")).toEqual([{ name: 'shop', package: null }]);
  });
});
