import { graph, model, seed } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const lifecycle = (stage: string) => ({ data_governance: { model: { lifecycle: stage } } });

ruleTester('contracts/cross-team-ref', {
  valid: [
    {
      name: "a model refs another team's public model",
      head: graph(
        model('orders', { group: 'sales', access: 'public' }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
    },
    {
      name: "a model refs its own team's private model",
      head: graph(
        model('stg_orders', { group: 'sales', access: 'private' }),
        model('orders', { group: 'sales', refs: ['stg_orders'] }),
      ),
    },
    {
      name: 'a model without a team refs a protected model (model-has-owner reports the missing owner)',
      head: graph(model('orders', { group: 'sales' }), model('revenue', { refs: ['orders'] })),
    },
    {
      name: 'a model refs a protected model without a team',
      head: graph(model('orders'), model('revenue', { group: 'finance', refs: ['orders'] })),
    },
    {
      name: "a model refs another team's seed (only model-to-model edges count)",
      head: graph(seed('countries', { group: 'sales' }), model('revenue', { group: 'finance', refs: ['countries'] })),
    },
    {
      name: "a model refs another project's model (external nodes have no known team)",
      head: graph(model('revenue', { group: 'finance', refs: [{ name: 'orders', package: 'core' }] })),
    },
    {
      name: "with require_production, a model refs another team's public production model",
      head: graph(
        model('orders', { group: 'sales', access: 'public', meta: lifecycle('production') }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
      options: { require_production: true },
    },
    {
      name: 'with require_production, a custom production value counts',
      head: graph(
        model('orders', { group: 'sales', access: 'public', meta: { stage: 'live' } }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
      config: { lifecycle: { meta_key: 'stage', production_values: ['live'] } },
      options: { require_production: true },
    },
    {
      name: "without require_production, a model refs another team's public development model",
      head: graph(
        model('orders', { group: 'sales', access: 'public', meta: lifecycle('development') }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
    },
  ],
  invalid: [
    {
      name: "a model refs another team's protected model, at the ref call",
      head: graph(
        model('orders', { group: 'sales' }),
        model('revenue', { group: 'finance', refs: ['customers', 'orders'] }),
        model('customers', { group: 'finance' }),
      ),
      errors: [
        {
          messageId: 'notPublic',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 2,
          subject: 'model.shop.orders',
          related: ['model.shop.orders'],
          teams: ['sales'],
          messageIncludes: ['`revenue`', '`orders`', 'sales', '`protected`'],
        },
      ],
    },
    {
      name: "a model refs another team's private model, owners read from meta",
      head: graph(
        model('orders', { meta: { owner: 'sales' }, access: 'private' }),
        model('revenue', { meta: { owner: 'finance' }, refs: ['orders'] }),
      ),
      errors: [
        {
          messageId: 'notPublic',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          teams: ['sales'],
          messageIncludes: ['`private`'],
        },
      ],
    },
    {
      name: 'a model that refs the same protected model twice is reported once, at the first call',
      head: graph(
        model('orders', { group: 'sales' }),
        model('revenue', { group: 'finance', refs: ['orders', 'orders'] }),
      ),
      errors: [{ messageId: 'notPublic', node: 'model.shop.revenue', file: 'models/revenue.sql', line: 1 }],
    },
    {
      name: 'a pinned ref to a protected old version is reported, a ref to the public latest is not',
      head: graph(
        model('orders', { group: 'sales', version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        model('orders', { group: 'sales', version: 2, latest_version: 2, access: 'public' }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
        model('margin', { group: 'finance', refs: ['orders'] }),
      ),
      errors: [
        {
          messageId: 'notPublic',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          subject: 'model.shop.orders.v1',
        },
      ],
    },
    {
      name: "with require_production, a model refs another team's public model in development",
      head: graph(
        model('orders', { group: 'sales', access: 'public', meta: lifecycle('development') }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
      options: { require_production: true },
      errors: [
        {
          messageId: 'notProduction',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          subject: 'model.shop.orders',
          teams: ['sales'],
          messageIncludes: ['`development`', 'production'],
        },
      ],
    },
    {
      name: "with require_production, a model refs another team's public model without a lifecycle",
      head: graph(
        model('orders', { group: 'sales', access: 'public' }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
      options: { require_production: true },
      errors: [
        {
          messageId: 'notProduction',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          messageIncludes: ['not set'],
        },
      ],
    },
    {
      name: 'a producer made protected in the pull request is reported on its untouched consumer',
      base: graph(
        model('orders', { group: 'sales', access: 'public' }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
      head: graph(
        model('orders', { group: 'sales', access: 'protected' }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
      ),
      errors: [{ messageId: 'notPublic', node: 'model.shop.revenue', file: 'models/revenue.sql', line: 1 }],
    },
    {
      name: 'an old cross-team ref on untouched models is counted as existing, not reported',
      base: graph(
        model('orders', { group: 'sales' }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
        model('customers', { group: 'crm' }),
      ),
      head: graph(
        model('orders', { group: 'sales' }),
        model('revenue', { group: 'finance', refs: ['orders'] }),
        model('customers', { group: 'crm', description: 'Changed.' }),
      ),
      errors: [],
      existing: 1,
    },
  ],
});
