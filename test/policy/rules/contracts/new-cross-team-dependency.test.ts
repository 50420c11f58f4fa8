import { graph, model, seed } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const orders = model('orders', { group: 'sales', access: 'public' });

ruleTester('contracts/new-cross-team-dependency', {
  valid: [
    {
      name: "a changed model keeps the ref to another team's model it already had",
      base: graph(orders, model('revenue', { group: 'finance', refs: ['orders'] })),
      head: graph(orders, model('revenue', { group: 'finance', refs: ['orders'], sql: 'select 2 as id' })),
    },
    {
      name: "a new model refs its own team's model",
      head: graph(orders, model('order_items', { group: 'sales', refs: ['orders'] })),
    },
    {
      name: 'a new model refs a model without a team',
      head: graph(model('orders'), model('revenue', { group: 'finance', refs: ['orders'] })),
    },
    {
      name: "a new model without a team refs another team's model",
      head: graph(orders, model('revenue', { refs: ['orders'] })),
    },
    {
      name: "a new model refs another team's seed (only model-to-model edges count)",
      head: graph(seed('countries', { group: 'sales' }), model('revenue', { group: 'finance', refs: ['countries'] })),
    },
    {
      name: "a new model refs another project's model (external nodes have no known team)",
      head: graph(model('revenue', { group: 'finance', refs: [{ name: 'orders', package: 'core' }] })),
    },
    {
      name: 'a consumer that moves its pinned ref from version 1 to version 2 adds no new dependency',
      base: graph(
        model('orders', { group: 'sales', version: 1, latest_version: 1 }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
      head: graph(
        model('orders', { group: 'sales', version: 1, latest_version: 1 }),
        model('orders', { group: 'sales', version: 2, latest_version: 1, file: 'models/orders_v2.sql' }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 2 }] }),
      ),
    },
    {
      name: 'a new version of a consumer model that keeps its ref adds no new dependency',
      base: graph(orders, model('revenue', { group: 'finance', version: 1, refs: ['orders'] })),
      head: graph(
        orders,
        model('revenue', { group: 'finance', version: 1, latest_version: 2, refs: ['orders'] }),
        model('revenue', {
          group: 'finance',
          version: 2,
          latest_version: 2,
          refs: ['orders'],
          file: 'models/revenue_v2.sql',
        }),
      ),
    },
  ],
  invalid: [
    {
      name: "a new model refs another team's model: the producing team is asked, at the ref call",
      head: graph(orders, model('revenue', { group: 'finance', refs: ['orders'] })),
      errors: [
        {
          messageId: 'added',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          subject: 'model.shop.orders',
          related: ['model.shop.orders'],
          teams: ['sales'],
          messageIncludes: ['`revenue`', '(finance)', '`orders`', 'team sales'],
        },
      ],
    },
    {
      name: "an existing model adds a ref to another team's model next to one of its own team",
      base: graph(
        orders,
        model('customers', { group: 'finance' }),
        model('revenue', { group: 'finance', refs: ['customers'] }),
      ),
      head: graph(
        orders,
        model('customers', { group: 'finance' }),
        model('revenue', { group: 'finance', refs: ['customers', 'orders'] }),
      ),
      errors: [
        {
          messageId: 'added',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 2,
          subject: 'model.shop.orders',
          teams: ['sales'],
        },
      ],
    },
    {
      name: 'a new model that refs models of two other teams asks each team once',
      head: graph(
        orders,
        model('campaigns', { meta: { owner: 'marketing' } }),
        model('revenue', { group: 'finance', refs: ['orders', 'campaigns', 'orders'] }),
      ),
      errors: [
        { messageId: 'added', node: 'model.shop.revenue', file: 'models/revenue.sql', line: 1, teams: ['sales'] },
        { messageId: 'added', node: 'model.shop.revenue', file: 'models/revenue.sql', line: 2, teams: ['marketing'] },
      ],
    },
    {
      name: 'a consumer that starts to ref another version family of a new model of another team is asked',
      base: graph(orders, model('revenue', { group: 'finance', refs: ['orders'] })),
      head: graph(
        orders,
        model('refunds', { group: 'sales', version: 1, latest_version: 1 }),
        model('revenue', { group: 'finance', refs: ['orders', { name: 'refunds', version: 1 }] }),
      ),
      errors: [
        {
          messageId: 'added',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 2,
          subject: 'model.shop.refunds.v1',
          teams: ['sales'],
        },
      ],
    },
  ],
});
