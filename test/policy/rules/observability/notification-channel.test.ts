import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const meta = (lifecycle: string, channel?: string) => ({
  data_governance: { model: { lifecycle } },
  ...(channel === undefined ? {} : { data_observability: { notification_channel: channel } }),
});

ruleTester('observability/notification-channel', {
  valid: [
    {
      name: 'a production model with a channel',
      head: graph(model('orders', { meta: meta('production', '#sales-alerts') })),
    },
    { name: 'a development model without a channel', head: graph(model('orders', { meta: meta('development') })) },
    { name: 'a model without lifecycle', head: graph(model('orders')) },
    {
      name: 'a channel at a configured key',
      head: graph(model('orders', { meta: { ...meta('production'), alerts: '#sales' } })),
      options: { meta_key: 'alerts' },
    },
  ],
  invalid: [
    {
      name: 'a production model without a channel, at the lifecycle meta key',
      head: graph(model('funnel_daily', { meta: { owner: 'product', ...meta('production') } })),
      errors: [
        {
          messageId: 'missing',
          node: 'model.shop.funnel_daily',
          subject: 'data_observability.notification_channel',
          file: 'models/funnel_daily.yml',
          line: 10,
        },
      ],
    },
    {
      name: 'production values are configurable',
      head: graph(model('orders', { meta: meta('live', ' ') })),
      config: { lifecycle: { production_values: ['live'] } },
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 9 }],
    },
  ],
});
