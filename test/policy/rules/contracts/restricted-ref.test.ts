import { graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

const pii = (value: unknown) => ({ data_governance: { model: { pii: value } } });
const config = { restricted_data: [{ meta_key: 'data_governance.model.pii', allowed_teams: ['finance'] }] };
const customers = model('customers', { group: 'crm', meta: pii(true) });

ruleTester('contracts/restricted-ref', {
  valid: [
    {
      name: 'an allowed team refs a restricted model',
      head: graph(customers, model('invoices', { group: 'finance', refs: ['customers'] })),
      config,
    },
    {
      name: 'the owning team refs its own restricted model',
      head: graph(customers, model('crm_scores', { group: 'crm', refs: ['customers'] })),
      config,
    },
    {
      name: 'a model whose flag is false is not restricted',
      head: graph(
        model('customers', { group: 'crm', meta: pii(false), access: 'public' }),
        model('campaigns', { group: 'marketing', refs: ['customers'] }),
      ),
      config,
    },
    {
      name: 'a model whose flag is the string "no" is not restricted',
      head: graph(
        model('customers', { group: 'crm', meta: pii('no') }),
        model('campaigns', { group: 'marketing', refs: ['customers'] }),
      ),
      config,
    },
    {
      name: 'without restricted_data in the config nothing is restricted',
      head: graph(
        model('customers', { group: 'crm', meta: pii(true), access: 'public' }),
        model('campaigns', { group: 'marketing', refs: ['customers'] }),
      ),
    },
    {
      name: 'a protected restricted model with only allowed consumers',
      head: graph(model('customers', { group: 'crm', meta: pii(true), access: 'protected' })),
      config,
    },
    {
      name: "a ref to another project's model (external nodes are skipped)",
      head: graph(model('campaigns', { group: 'marketing', refs: [{ name: 'customers', package: 'crm' }] })),
      config,
    },
  ],
  invalid: [
    {
      name: 'a team not allowed refs a restricted model, at the ref call',
      head: graph(
        customers,
        model('campaigns', { group: 'marketing', refs: ['orders', 'customers'] }),
        model('orders'),
      ),
      config,
      errors: [
        {
          messageId: 'ref',
          node: 'model.shop.campaigns',
          file: 'models/campaigns.sql',
          line: 2,
          subject: 'model.shop.customers',
          related: ['model.shop.customers'],
          teams: ['crm'],
          messageIncludes: ['`campaigns`', '(marketing)', '`customers`', 'data_governance.model.pii', 'finance'],
        },
      ],
    },
    {
      name: 'a model without a team refs a restricted model (it cannot show a permission)',
      head: graph(customers, model('campaigns', { refs: ['customers'] })),
      config,
      errors: [{ messageId: 'ref', node: 'model.shop.campaigns', file: 'models/campaigns.sql', line: 1 }],
    },
    {
      name: 'a flag written as a literal dotted key with the string "yes" restricts',
      head: graph(
        model('customers', { group: 'crm', meta: { 'data_governance.model.pii': 'yes' } }),
        model('campaigns', { group: 'marketing', refs: ['customers'] }),
      ),
      config,
      errors: [{ messageId: 'ref', node: 'model.shop.campaigns', file: 'models/campaigns.sql', line: 1 }],
    },
    {
      name: 'a team allowed for one flag but not for a second flag of the model is reported for the second',
      head: graph(
        model('customers', { group: 'crm', meta: { ...pii(true), secret: true } }),
        model('invoices', { group: 'finance', refs: ['customers'] }),
      ),
      config: { restricted_data: [...config.restricted_data, { meta_key: 'secret' }] },
      errors: [
        {
          messageId: 'ref',
          node: 'model.shop.invoices',
          file: 'models/invoices.sql',
          line: 1,
          messageIncludes: ['`secret`', 'allowed teams (none)'],
        },
      ],
    },
    {
      name: 'a restricted model made public in the pull request, at the access line',
      base: graph(customers),
      head: graph(model('customers', { group: 'crm', meta: pii(true), access: 'public' })),
      config,
      errors: [
        {
          messageId: 'public',
          node: 'model.shop.customers',
          file: 'models/customers.yml',
          line: 5,
          subject: 'access',
          messageIncludes: ['`customers`', 'data_governance.model.pii'],
        },
      ],
    },
    {
      name: 'a restricted model made public in dbt_project.yml, at that line',
      head: graph(
        model('customers', {
          group: 'crm',
          meta: pii(true),
          access: 'public',
          configPositions: { access: { file: 'dbt_project.yml', line: 12 } },
        }),
      ),
      config,
      errors: [{ messageId: 'public', node: 'model.shop.customers', file: 'dbt_project.yml', line: 12 }],
    },
    {
      name: 'a public restricted model without a property entry, at line 1 of its SQL file',
      head: graph(model('customers', { group: 'crm', meta: pii(true), access: 'public', property: null })),
      config,
      errors: [{ messageId: 'public', node: 'model.shop.customers', file: 'models/customers.sql', line: 1 }],
    },
    {
      name: 'a model that becomes restricted is reported on its untouched consumer of a team not allowed',
      base: graph(
        model('customers', { group: 'crm' }),
        model('campaigns', { group: 'marketing', refs: ['customers'] }),
      ),
      head: graph(customers, model('campaigns', { group: 'marketing', refs: ['customers'] })),
      config,
      errors: [{ messageId: 'ref', node: 'model.shop.campaigns', file: 'models/campaigns.sql', line: 1 }],
    },
  ],
});
