// An empty list item followed by a less-indented dash: read as PyYAML (so dbt) reads it, by both loaders.
import { compile } from '../../src/dbt/compile.js';
import { loadYaml } from '../../src/dbt/yaml/yaml.js';
import { closeEmptyItems } from '../../src/dbt/yaml/yaml-empty-items.js';

const PROPERTIES = [
  'models:',
  '  - name: orders',
  '    tags:',
  '      - finance',
  '      -',
  '  - name: customers',
  '    description: Customers',
  '',
].join('\n');

describe('an empty list item before a less-indented dash', () => {
  it('ends its list, as PyYAML reads it: the next entry is not swallowed', () => {
    expect(loadYaml(PROPERTIES, 'models/p.yml').value).toEqual({
      models: [
        { name: 'orders', tags: ['finance', null] },
        { name: 'customers', description: 'Customers' },
      ],
    });
  });

  it('keeps every line where it was', () => {
    const { value, lines } = loadYaml(PROPERTIES, 'models/p.yml');
    const models = (value as { models: unknown[] }).models;
    expect([lines.item(models, 0), lines.item(models, 1)]).toEqual([2, 6]);
  });

  it('gives the entry after it to its own model in a compile', () => {
    const files = new Map([
      ['dbt_project.yml', 'name: p\nversion: "1"\nconfig-version: 2\n'],
      ['models/orders.sql', 'select 1 as id\n'],
      ['models/customers.sql', 'select 1 as id\n'],
      ['models/p.yml', PROPERTIES],
    ]);
    const graph = compile(files, { project: '' });
    expect(graph.nodes['model.p.customers']?.description).toBe('Customers');
    expect(graph.nodes['model.p.customers']?.property).toEqual({ file: 'models/p.yml', line: 6 });
  });

  // Inputs around empty items and text that looks like them, each with what PyYAML 6 (dbt's loader) reads.
  const PYYAML: Array<[string, unknown]> = [
    [
      'models:\n  - name: a\n    description: |\n      Steps:\n      - one\n        -\n      - two\n  - name: b\n',
      { models: [{ name: 'a', description: 'Steps:\n- one\n  -\n- two\n' }, { name: 'b' }] },
    ],
    ['a: |\n  text\n   -\n  - y\n', { a: 'text\n -\n- y\n' }],
    ['a: >\n  text\n   -\n  - y\n', { a: 'text\n -\n- y\n' }],
    ['a: |\n  text\n\n   -\n  - y\n', { a: 'text\n\n -\n- y\n' }],
    ['a: "foo\n   -\n  - bar"\n', { a: 'foo - - bar' }],
    ["a: 'foo\n   -\n  - bar'\n", { a: 'foo - - bar' }],
    ['a:\n  foo\n   -\n  - bar\n', { a: 'foo - - bar' }],
    ['---\n- a\n  -\n- b\n', ['a -', 'b']],
    ['- description: |\n    x\n  tags:\n  -\n- name: b\n', [{ description: 'x\n', tags: [null] }, { name: 'b' }]],
    ['- - |\n    text\n  -\n- b\n', [['text\n', null], 'b']],
    ['a:\n  - 1\n  -\n  - 3\n', { a: [1, null, 3] }],
    ['a:\n  -\n    name: x\n', { a: [{ name: 'x' }] }],
    ['k:\n- 1\n-\n- 3\n', { k: [1, null, 3] }],
    ['- tags:\n  - x\n  -  # nothing\n- name: b\n', [{ tags: ['x', null] }, { name: 'b' }]],
  ];
  it.each(PYYAML)('reads %j as PyYAML does', (text, expected) => {
    const loaded = loadYaml(text, 'x.yml');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value).toEqual(expected);
  });

  it('rewrites only the empty item, keeping its comment', () => {
    expect(closeEmptyItems('a:\n  - x\n  -  # none\n- y\n')).toBe('a:\n  - x\n  - ~  # none\n- y\n');
    const text = 'a: |\n  text\n   -\n  - y\n';
    expect(closeEmptyItems(text)).toBe(text);
  });
});
