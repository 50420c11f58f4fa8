import { graph, model, seed } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester('ownership/model-has-owner', {
  valid: [
    {
      name: 'a model whose nested meta key names a team',
      head: graph(model('orders', { meta: { data_governance: { model: { team_owner: 'sales' } } } })),
    },
    {
      name: 'a model whose literal dotted meta key names a team',
      head: graph(model('orders', { meta: { 'data_governance.model.team_owner': 'sales' } })),
    },
    { name: 'a model in a dbt group', head: graph(model('orders', { group: 'sales' })) },
    {
      name: 'a model owned through a custom meta key',
      head: graph(model('orders', { meta: { squad: 'payments' } })),
      config: { ownership: { meta_keys: ['squad'] } },
    },
    {
      name: 'a seed without owner (seeds are not models)',
      head: graph(model('orders', { group: 'sales' }), seed('countries')),
    },
  ],
  invalid: [
    {
      name: 'a model without meta or group, at its property entry',
      head: graph(model('orders')),
      errors: [
        {
          messageId: 'missing',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          messageIncludes: ['`orders`', 'data_governance.model.team_owner'],
        },
      ],
    },
    {
      name: 'a model without a property entry, at line 1 of its SQL file',
      head: graph(model('orders', { property: null })),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.sql', line: 1 }],
    },
    {
      name: 'a newcomer to a folder of one team gets a suggestion to set that team in its property entry',
      head: graph(model('orders'), model('customers', { group: 'sales' })),
      files: {
        'models/orders.yml': 'version: 2\nmodels:\n  - name: orders\n    description: Orders.\n',
      },
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
              '    config:',
              '      meta:',
              '        data_governance:',
              '          model:',
              '            team_owner: sales',
            ].join('\n'),
          },
        },
      ],
    },
    {
      name: 'no suggestion when the entry already has a config block (a second one would be a duplicate key)',
      head: graph(model('orders'), model('customers', { group: 'sales' })),
      files: { 'models/orders.yml': 'version: 2\nmodels:\n  - name: orders\n    config:\n      tags: [x]\n' },
      errors: [
        { messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3, suggestion: null },
      ],
    },
    {
      name: 'no suggestion when the model inherits other keys of that meta dict (the entry would replace them)',
      head: graph(
        model('orders', { meta: { data_governance: { model: { pii: true } } } }),
        model('customers', { group: 'sales' }),
      ),
      files: { 'models/orders.yml': 'version: 2\nmodels:\n  - name: orders\n' },
      errors: [
        { messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3, suggestion: null },
      ],
    },
    {
      name: 'no suggestion when the folder holds models of two teams',
      head: graph(model('orders'), model('customers', { group: 'sales' }), model('leads', { group: 'marketing' })),
      files: { 'models/orders.yml': 'version: 2\nmodels:\n  - name: orders\n' },
      errors: [
        { messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3, suggestion: null },
      ],
    },
    {
      name: 'a newcomer without a property entry gets a config() line above its SQL',
      head: graph(model('orders', { property: null }), model('customers', { group: 'sales' })),
      files: { 'models/orders.sql': 'select 1 as id\n' },
      errors: [
        {
          messageId: 'missing',
          node: 'model.shop.orders',
          file: 'models/orders.sql',
          line: 1,
          suggestion: {
            line: 1,
            text: "{{ config(meta={'data_governance': {'model': {'team_owner': 'sales'}}}) }}\nselect 1 as id",
          },
        },
      ],
    },
    {
      name: 'an empty owner value does not count',
      head: graph(model('orders', { meta: { owner: '  ' } })),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 }],
    },
    {
      name: 'a group does not count when use_groups is false',
      head: graph(model('orders', { group: 'sales' })),
      config: { ownership: { use_groups: false } },
      errors: [{ messageId: 'missingNoGroups', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 }],
    },
    {
      name: 'an unowned model untouched since base is counted as existing, not reported',
      base: graph(model('orders'), model('customers', { group: 'crm' })),
      head: graph(model('orders'), model('customers', { group: 'crm', description: 'Changed.' })),
      errors: [],
      existing: 1,
    },
    {
      name: 'a model that loses its owner in the pull request is reported',
      base: graph(model('orders', { group: 'sales' })),
      head: graph(model('orders')),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 }],
    },
  ],
});
