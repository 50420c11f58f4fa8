import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

// The rule tester's default `today` is 2026-01-15.
const v1 = (deprecation_date: string | null) =>
  model('orders', { version: 1, latest_version: 2, deprecation_date, file: 'models/orders_v1.sql' });
const v2 = model('orders', { version: 2, latest_version: 2 });

ruleTester('contracts/deprecated-ref', {
  valid: [
    {
      name: 'a ref to a model deprecated in the future',
      head: graph(model('orders', { deprecation_date: '2026-06-30' }), model('revenue', { refs: ['orders'] })),
    },
    {
      name: 'a ref to a model deprecated today (still usable the whole day)',
      head: graph(model('orders', { deprecation_date: '2026-01-15' }), model('revenue', { refs: ['orders'] })),
    },
    {
      name: 'a ref to a model deprecated later today, written as a datetime',
      head: graph(
        model('orders', { deprecation_date: '2026-01-15T23:00:00+01:00' }),
        model('revenue', { refs: ['orders'] }),
      ),
    },
    {
      name: 'an unpinned ref resolves to the latest version, not the deprecated old one',
      head: graph(v1('2025-12-31'), v2, model('revenue', { refs: ['orders'] })),
    },
    {
      name: 'a deprecated model nobody refs',
      head: graph(model('orders', { deprecation_date: '2025-01-01' })),
    },
    {
      name: 'a deprecation date that is not a date is ignored',
      head: graph(model('orders', { deprecation_date: 'soon' }), model('revenue', { refs: ['orders'] })),
    },
  ],
  invalid: [
    {
      name: 'a ref to a model deprecated yesterday, at the ref call',
      head: graph(
        model('orders', { deprecation_date: '2026-01-14' }),
        model('revenue', { refs: ['customers', 'orders'] }),
        model('customers'),
      ),
      errors: [
        {
          messageId: 'model',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 2,
          subject: 'model.shop.orders',
          related: ['model.shop.orders'],
          messageIncludes: ['`revenue`', '`orders`', '2026-01-14'],
        },
      ],
    },
    {
      name: 'a pinned ref to a deprecated version names the latest version',
      head: graph(v1('2025-12-31T00:00:00'), v2, model('revenue', { refs: [{ name: 'orders', version: 1 }] })),
      errors: [
        {
          messageId: 'version',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          subject: 'model.shop.orders.v1',
          messageIncludes: ['version 1 of `orders`', '2025-12-31', 'move to version 2'],
        },
      ],
    },
    {
      name: 'an unpinned ref to a versioned model whose latest version is deprecated',
      head: graph(
        model('orders', { version: 1, latest_version: 1, deprecation_date: '2025-06-01' }),
        model('revenue', { refs: ['orders'] }),
      ),
      errors: [
        {
          messageId: 'version',
          node: 'model.shop.revenue',
          file: 'models/revenue.sql',
          line: 1,
          messageIncludes: ['a newer version or a replacement'],
        },
      ],
    },
    {
      name: 'a date passing makes an old untouched ref existing, not reported',
      base: graph(
        model('orders', { deprecation_date: '2025-01-01' }),
        model('revenue', { refs: ['orders'] }),
        model('x'),
      ),
      head: graph(
        model('orders', { deprecation_date: '2025-01-01' }),
        model('revenue', { refs: ['orders'] }),
        model('x', { description: 'Changed.' }),
      ),
      errors: [],
      existing: 1,
    },
    {
      name: 'a consumer changed in the pull request is held to its deprecated ref',
      base: graph(model('orders', { deprecation_date: '2025-01-01' }), model('revenue', { refs: ['orders'] })),
      head: graph(
        model('orders', { deprecation_date: '2025-01-01' }),
        model('revenue', { refs: ['orders'], sql: 'select 2' }),
      ),
      errors: [{ messageId: 'model', node: 'model.shop.revenue', file: 'models/revenue.sql', line: 1 }],
    },
  ],
});
