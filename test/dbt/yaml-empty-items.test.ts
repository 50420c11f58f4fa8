// An empty list item followed by a less-indented dash: read as PyYAML (so dbt) reads it, by both loaders.
import { compile } from '../../src/dbt/compile.js';
import { loadYaml } from '../../src/dbt/yaml.js';
import { closeEmptyItems } from '../../src/dbt/yaml-empty-items.js';

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

  it('leaves alone empty items that are not followed by a less-indented dash, and block scalar text', () => {
    const untouched = [
      'a:\n  - 1\n  -\n  - 3\n',
      'a:\n  -\n    name: x\n',
      'a:\n  - 1\n  -\nb: 2\n',
      'a:\n  - description: |\n      -\n  - b\n',
    ];
    for (const text of untouched) expect(closeEmptyItems(text)).toBe(text);
    expect(closeEmptyItems('a:\n  - x\n    -  # none\n  - y\n')).toBe('a:\n  - x\n    - ~  # none\n  - y\n');
  });
});
