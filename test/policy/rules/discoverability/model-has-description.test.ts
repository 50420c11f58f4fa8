import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const LONG = 'One row per order placed in the shop.';

ruleTester('discoverability/model-has-description', {
  valid: [
    { name: 'a real description', head: graph(model('orders', { description: LONG })) },
    {
      name: 'a short description when min_length is lowered',
      head: graph(model('orders', { description: 'Orders.' })),
      options: { min_length: 5 },
    },
    {
      name: 'a description that only starts like a placeholder word',
      head: graph(model('orders', { description: 'Todos of the support team, one row per ticket.' })),
    },
  ],
  invalid: [
    {
      name: 'no description, at the property entry',
      head: graph(model('orders')),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 }],
    },
    {
      name: 'no description: a stub to fill in is suggested under the property entry',
      head: graph(model('orders')),
      files: { 'models/orders.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n' },
      errors: [
        {
          messageId: 'missing',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          suggestion: {
            line: 3,
            text: [
              '  - name: orders',
              '    description: >-',
              '      TODO: what one row of orders is, where it comes from, and who should use it.',
            ].join('\n'),
          },
        },
      ],
    },
    {
      name: 'an empty description key gets no stub (the key exists; adding one would duplicate it)',
      head: graph(model('orders')),
      files: { 'models/orders.yml': 'version: 2\nmodels:\n  - name: orders\n    description: ""\n' },
      errors: [
        { messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3, suggestion: null },
      ],
    },
    {
      name: 'no property entry at all, at line 1 of the SQL file',
      head: graph(model('adhoc', { property: null })),
      errors: [{ messageId: 'missing', node: 'model.shop.adhoc', file: 'models/adhoc.sql', line: 1 }],
    },
    {
      name: 'placeholders, whatever their case and punctuation',
      head: graph(
        model('a', { description: 'TODO' }),
        model('b', { description: 'tbd.' }),
        model('c', { description: 'FIXME: write this once the model is stable' }),
        model('d', { description: 'Description' }),
      ),
      errors: ['a', 'b', 'c', 'd'].map((name) => ({
        messageId: 'placeholder',
        node: `model.shop.${name}`,
        file: `models/${name}.yml`,
        line: 3,
      })),
    },
    {
      name: 'a description shorter than min_length',
      head: graph(model('orders', { description: 'Orders.' })),
      errors: [
        {
          messageId: 'tooShort',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          messageIncludes: ['7 characters', 'at least 20'],
        },
      ],
    },
  ],
});
