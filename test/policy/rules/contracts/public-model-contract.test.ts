import { graph, model, seed } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester('contracts/public-model-contract', {
  valid: [
    {
      name: 'a public model with an enforced contract',
      head: graph(model('orders', { access: 'public', contract: true })),
    },
    { name: 'a protected model without a contract', head: graph(model('orders')) },
    { name: 'a private model without a contract', head: graph(model('orders', { access: 'private' })) },
    { name: 'a public seed (seeds are not models)', head: graph(seed('countries', { access: 'public' })) },
    {
      name: 'every version of a public versioned model has its contract',
      head: graph(
        model('orders', { access: 'public', contract: true, version: 1, latest_version: 2 }),
        model('orders', { access: 'public', contract: true, version: 2, latest_version: 2 }),
      ),
    },
  ],
  invalid: [
    {
      name: 'a public model without a contract, at the line that makes it public',
      head: graph(model('orders', { access: 'public' })),
      errors: [
        {
          messageId: 'missing',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 5,
          subject: 'contract',
          messageIncludes: ['`orders`'],
        },
      ],
    },
    {
      name: 'a public model whose contract is explicitly not enforced, at the contract line',
      head: graph(model('orders', { access: 'public', contract: false })),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 6 }],
    },
    {
      name: 'a public model made public in dbt_project.yml, at that line',
      head: graph(
        model('orders', { access: 'public', configPositions: { access: { file: 'dbt_project.yml', line: 14 } } }),
      ),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'dbt_project.yml', line: 14 }],
    },
    {
      name: 'a public model without a property entry, at line 1 of its SQL file',
      head: graph(model('orders', { access: 'public', property: null })),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.sql', line: 1 }],
    },
    {
      name: 'a new version without a contract is reported, the old version with one is not',
      base: graph(model('orders', { access: 'public', contract: true, version: 1, latest_version: 1 })),
      head: graph(
        model('orders', { access: 'public', contract: true, version: 1, latest_version: 1 }),
        model('orders', { access: 'public', version: 2, latest_version: 1, file: 'models/orders_v2.sql' }),
      ),
      errors: [{ messageId: 'missing', node: 'model.shop.orders.v2', file: 'models/orders.yml', line: 5 }],
    },
    {
      name: 'a model that drops its contract in the pull request is reported',
      base: graph(model('orders', { access: 'public', contract: true })),
      head: graph(model('orders', { access: 'public', contract: false })),
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 6 }],
    },
    {
      name: 'an untouched public model without a contract is counted as existing, not reported',
      base: graph(model('orders', { access: 'public' }), model('customers')),
      head: graph(model('orders', { access: 'public' }), model('customers', { description: 'Changed.' })),
      errors: [],
      existing: 1,
    },
  ],
});
