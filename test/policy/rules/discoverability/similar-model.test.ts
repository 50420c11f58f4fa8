import { graph, model } from '../../../support/graph-builder.js';
import { comparableName } from '../../../../src/policy/rules/discoverability/similar-model.js';
import { ruleTester } from '../../rule-tester.js';

const sessions = model('sessions', { group: 'core' });
const base = graph(sessions);

ruleTester('discoverability/similar-model', {
  valid: [
    { name: 'a new model of the same team', base, head: graph(sessions, model('fct_sessions', { group: 'core' })) },
    {
      name: 'a new model with a different name',
      base,
      head: graph(sessions, model('fct_orders', { group: 'marketing' })),
    },
    {
      name: 'an existing model is not new',
      base: graph(sessions, model('fct_sessions', { group: 'marketing' })),
      head: graph(sessions, model('fct_sessions', { group: 'marketing', description: 'Changed.' })),
    },
    {
      name: 'an existing model without team',
      base: graph(model('sessions')),
      head: graph(model('sessions'), model('stg_sessions', { group: 'marketing' })),
    },
    {
      name: 'a new version of an existing model',
      base: graph(model('sessions', { group: 'core', version: 1, latest_version: 1 })),
      head: graph(
        model('sessions', { group: 'core', version: 1, latest_version: 1 }),
        model('sessions', { group: 'marketing', version: 2, latest_version: 1 }),
      ),
    },
    {
      name: "versions added to a model that had none, next to another team's model of a similar name",
      base: graph(model('orders', { group: 'core' }), model('fct_orders', { group: 'marketing' })),
      head: graph(
        model('orders', { group: 'core', version: 1, latest_version: 1 }),
        model('orders', { group: 'core', version: 2, latest_version: 1, file: 'models/orders_v2.sql' }),
        model('fct_orders', { group: 'marketing' }),
      ),
    },
  ],
  invalid: [
    {
      name: "a new model named like another team's model once prefix and plural are stripped",
      base,
      head: graph(sessions, model('fct_sessions', { group: 'marketing' })),
      errors: [
        {
          messageId: 'similar',
          node: 'model.shop.fct_sessions',
          subject: 'model.shop.sessions',
          related: ['model.shop.sessions'],
          file: 'models/fct_sessions.yml',
          line: 3,
          messageIncludes: ['`sessions`', 'owned by core', 'models/sessions.sql'],
        },
      ],
    },
    {
      name: 'an unowned new model is compared too',
      base,
      head: graph(sessions, model('stg_session', { property: null })),
      errors: [{ messageId: 'similar', node: 'model.shop.stg_session', file: 'models/stg_session.sql', line: 1 }],
    },
  ],
});

describe('discoverability/similar-model comparableName', () => {
  test.each([
    ['fct_sessions', 'session'],
    ['stg_shop__customers', 'shop__customer'],
    ['dim_categories', 'category'],
    ['int_addresses', 'address'],
    ['order_status', 'order_status'],
    ['stg_', 'stg_'],
  ])('%s -> %s', (name, expected) => {
    expect(comparableName(name, ['stg_', 'fct_', 'dim_', 'int_'])).toBe(expected);
  });
});
