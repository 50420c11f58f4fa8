import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const described = (name: string) => ({ name, description: `The ${name}.` });

ruleTester('discoverability/column-descriptions', {
  valid: [
    {
      name: 'a public model with every column described',
      head: graph(model('orders', { access: 'public', columns: [described('id'), described('amount')] })),
    },
    { name: 'a protected model with undescribed columns', head: graph(model('orders', { columns: ['id'] })) },
    {
      name: 'a public model without columns when not required',
      head: graph(model('orders', { access: 'public' })),
      options: { require_columns: false },
    },
  ],
  invalid: [
    {
      name: 'a public model with an undescribed column, at the column line',
      head: graph(
        model('orders', {
          access: 'public',
          columns: [described('id'), 'currency', { name: 'note', description: '  ' }],
        }),
      ),
      errors: [
        {
          messageId: 'undescribed',
          node: 'model.shop.orders',
          subject: 'currency',
          file: 'models/orders.yml',
          line: 21,
        },
        { messageId: 'undescribed', node: 'model.shop.orders', subject: 'note', file: 'models/orders.yml', line: 22 },
      ],
    },
    {
      name: 'a public model that declares no columns',
      head: graph(model('orders', { access: 'public' })),
      errors: [{ messageId: 'noColumns', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 }],
    },
    {
      name: 'protected models too when configured',
      head: graph(model('orders', { columns: ['id'] })),
      options: { access: ['public', 'protected'] },
      errors: [
        { messageId: 'undescribed', node: 'model.shop.orders', subject: 'id', file: 'models/orders.yml', line: 20 },
      ],
    },
    {
      name: 'a model made public with an old undescribed column is reported',
      base: graph(model('revenue', { columns: ['currency'] })),
      head: graph(model('revenue', { access: 'public', columns: ['currency'] })),
      errors: [
        {
          messageId: 'undescribed',
          node: 'model.shop.revenue',
          subject: 'currency',
          file: 'models/revenue.yml',
          line: 20,
        },
      ],
    },
  ],
});
