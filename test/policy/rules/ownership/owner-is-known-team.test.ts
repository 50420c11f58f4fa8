import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const teams = { sales: { github_team: 'sales-data' }, product_analytics: {} };
const owned = (team: string) => ({ meta: { data_governance: { model: { team_owner: team } } } });

ruleTester('ownership/owner-is-known-team', {
  valid: [
    { name: 'an owner that is a configured team', head: graph(model('orders', owned('sales'))), config: { teams } },
    { name: 'a group that is a configured team', head: graph(model('orders', { group: 'sales' })), config: { teams } },
    { name: 'any owner when no teams are configured', head: graph(model('orders', owned('whoever'))) },
    { name: 'a model without owner (model-has-owner reports it)', head: graph(model('orders')), config: { teams } },
  ],
  invalid: [
    {
      name: 'an owner that is not a configured team, at the meta key line',
      head: graph(model('orders', owned('revenue_ops'))),
      config: { teams },
      errors: [
        {
          messageId: 'unknown',
          node: 'model.shop.orders',
          subject: 'revenue_ops',
          file: 'models/orders.yml',
          line: 9,
          messageIncludes: ['`revenue_ops`', 'product_analytics, sales'],
        },
      ],
    },
    {
      name: 'a group that is not a configured team, at the group line',
      head: graph(model('orders', { group: 'ops' })),
      config: { teams },
      errors: [{ messageId: 'unknown', node: 'model.shop.orders', file: 'models/orders.yml', line: 4 }],
    },
    {
      name: 'a near miss suggests the configured name',
      head: graph(model('orders', owned('Product-Analytics'))),
      config: { teams },
      errors: [
        {
          messageId: 'didYouMean',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 9,
          messageIncludes: ['did you mean `product_analytics`'],
        },
      ],
    },
  ],
});
