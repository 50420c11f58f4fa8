import { loadYaml } from '../../../../src/dbt/yaml/yaml.js';
import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

/** Meta as dbt reads it from a property file (YAML 1.1: `2025-01-31` is a date). */
const metaFromYaml = (text: string) => loadYaml(text, 'models/orders.yml').value as Record<string, unknown>;
const governance = (model: Record<string, unknown>) => ({ data_governance: { model } });
const config = {
  required_meta: [
    {
      key: 'data_governance.model.lifecycle',
      allowed_values: ['development', 'testing', 'production'],
      select: { access: ['public' as const] },
    },
    { key: 'data_governance.model.pii', type: 'boolean' as const, select: { access: ['public' as const] } },
  ],
};

ruleTester('ownership/required-meta', {
  valid: [
    {
      name: 'a public model with both keys, allowed values and types',
      head: graph(model('orders', { access: 'public', meta: governance({ lifecycle: 'production', pii: false }) })),
      config,
    },
    { name: 'a model the selector does not match', head: graph(model('orders', { access: 'protected' })), config },
    { name: 'nothing is required by default', head: graph(model('orders', { access: 'public' })) },
    {
      name: 'a literal dotted key counts',
      head: graph(
        model('orders', {
          access: 'public',
          meta: { 'data_governance.model.lifecycle': 'testing', 'data_governance.model.pii': true },
        }),
      ),
      config,
    },
    {
      name: 'a YAML date is a date',
      head: graph(model('orders', { meta: metaFromYaml('review_date: 2025-01-31\n') })),
      config: { required_meta: [{ key: 'review_date', type: 'date' as const }] },
    },
  ],
  invalid: [
    {
      name: 'a public model with a value not allowed and a missing key',
      head: graph(model('orders', { access: 'public', meta: governance({ lifecycle: 'live' }) })),
      config,
      errors: [
        {
          messageId: 'missing',
          node: 'model.shop.orders',
          subject: 'data_governance.model.pii',
          file: 'models/orders.yml',
          line: 3,
        },
        {
          messageId: 'notAllowed',
          node: 'model.shop.orders',
          subject: 'data_governance.model.lifecycle',
          file: 'models/orders.yml',
          line: 9,
          messageIncludes: ['`live`', 'development, testing, production'],
        },
      ],
    },
    {
      name: 'a value of the wrong type',
      head: graph(model('orders', { meta: { pii: 'yes' } })),
      config: { required_meta: [{ key: 'pii', type: 'boolean' }] },
      errors: [
        {
          messageId: 'wrongType',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 9,
          messageIncludes: ['boolean', 'string'],
        },
      ],
    },
    {
      name: 'a date where a string is required is named a date, not an object',
      head: graph(model('orders', { meta: metaFromYaml('review_date: 2025-01-31\n') })),
      config: { required_meta: [{ key: 'review_date', type: 'string' as const }] },
      errors: [
        {
          messageId: 'wrongType',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 9,
          messageIncludes: ['not a date'],
        },
      ],
    },
    {
      name: 'a blank value is missing',
      head: graph(model('orders', { meta: { tier: ' ' } })),
      config: { required_meta: [{ key: 'tier' }] },
      errors: [{ messageId: 'missing', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 }],
    },
    {
      name: 'selectors by path, group and lifecycle must all match',
      head: graph(
        model('orders', {
          group: 'sales',
          file: 'models/marts/orders.sql',
          meta: governance({ lifecycle: 'production' }),
        }),
        model('leads', {
          group: 'sales',
          file: 'models/staging/leads.sql',
          meta: governance({ lifecycle: 'production' }),
        }),
        model('refunds', {
          group: 'finance',
          file: 'models/marts/refunds.sql',
          meta: governance({ lifecycle: 'production' }),
        }),
        model('drafts', {
          group: 'sales',
          file: 'models/marts/drafts.sql',
          meta: governance({ lifecycle: 'development' }),
        }),
      ),
      config: {
        required_meta: [
          { key: 'sla', select: { paths: ['models/marts/**'], groups: ['sales'], lifecycle: ['production'] } },
        ],
      },
      errors: [{ messageId: 'missing', node: 'model.shop.orders', subject: 'sla', file: 'models/orders.yml', line: 3 }],
    },
  ],
});
