import type { NodeOverrides } from '../../../support/graph-builder.js';
import { exposure, graph, model } from '../../../support/graph-builder.js';
import { ruleTester } from '../../rule-tester.js';

// Column i of a model is on line 20 + i of its property file; access on line 5, contract on line 6.
const columns = [
  { name: 'order_id', data_type: 'bigint' },
  { name: 'amount', data_type: 'numeric' },
  { name: 'status', data_type: 'text' },
];
const orders = (o: NodeOverrides = {}) =>
  model('orders', { group: 'sales', access: 'public', contract: true, columns, ...o });
const revenue = model('revenue', { group: 'finance', refs: ['orders'] });
const kpis = exposure('weekly_kpis', { refs: ['orders'] });
const consumers = [revenue, kpis] as const;
const withoutAmount = columns.filter((c) => c.name !== 'amount');
/** `orders` made versioned: v1 with every column, v2 (the latest, its entry on line 12) without `amount`. */
const versionedOrders = () => [
  orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
  orders({ version: 2, latest_version: 2, columns: withoutAmount, property: { file: 'models/orders.yml', line: 12 } }),
];
const mixedCaseConsumers = ['Zeta', 'alpha_x', 'alpha', 'zeta', 'alpha2', 'Beta'].map((name) =>
  model(name, { group: 'finance', refs: ['orders'] }),
);
const manyConsumers = Array.from({ length: 300 }, (_, i) =>
  model(`report_${String(i).padStart(3, '0')}`, { group: 'finance', refs: ['orders'] }),
);

ruleTester('contracts/breaking-change', {
  valid: [
    {
      name: 'adding a column to a public model that other teams consume',
      base: graph(orders(), ...consumers),
      head: graph(orders({ columns: [...columns, { name: 'currency', data_type: 'text' }] }), ...consumers),
    },
    {
      name: 'removing a column of a public model consumed only by its own team',
      base: graph(orders(), model('order_items', { group: 'sales', refs: ['orders'] })),
      head: graph(orders({ columns: withoutAmount }), model('order_items', { group: 'sales', refs: ['orders'] })),
    },
    {
      name: 'removing a column of a protected model without a contract (it promised nothing)',
      base: graph(orders({ access: 'protected', contract: false }), revenue),
      head: graph(orders({ access: 'protected', contract: false, columns: withoutAmount }), revenue),
    },
    {
      name: 'declaring a data_type for a column that had none',
      base: graph(orders({ columns: [{ name: 'order_id' }] }), ...consumers),
      head: graph(orders({ columns: [{ name: 'order_id', data_type: 'bigint' }] }), ...consumers),
    },
    {
      name: 'a type written differently (case, spaces) is the same type',
      base: graph(orders({ columns: [{ name: 'amount', data_type: 'NUMERIC(10, 2)' }] }), revenue),
      head: graph(orders({ columns: [{ name: 'amount', data_type: 'numeric(10,2)' }] }), revenue),
    },
    {
      name: 'widening access from protected to public',
      base: graph(orders({ access: 'protected' }), revenue),
      head: graph(orders({ access: 'public' }), revenue),
    },
    {
      name: 'removing a public model that nobody consumes',
      base: graph(orders(), model('customers')),
      head: graph(model('customers')),
    },
    {
      name: 'a breaking change shipped as a new version that keeps the old one as latest',
      base: graph(orders({ version: 1, latest_version: 1 }), revenue),
      head: graph(
        orders({ version: 1, latest_version: 1 }),
        orders({ version: 2, latest_version: 1, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        revenue,
      ),
    },
    {
      name: 'moving latest_version while every consumer pins the old version',
      base: graph(
        orders({ version: 1, latest_version: 1 }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
      head: graph(
        orders({ version: 1, latest_version: 2 }),
        orders({ version: 2, latest_version: 2, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
    },
    {
      name: 'a version removed in the pull request that also moves its last consumer to the next version',
      base: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        orders({ version: 2, latest_version: 2 }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
      head: graph(
        orders({ version: 2, latest_version: 2 }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 2 }] }),
      ),
    },
    {
      name: 'a removed model whose consumer is removed in the same pull request',
      base: graph(orders(), revenue),
      head: graph(model('customers')),
    },
    {
      name: 'a model with one version made unversioned again, its columns kept (unpinned refs resolve to it)',
      base: graph(orders({ version: 1, latest_version: 1, file: 'models/orders_v1.sql' }), revenue),
      head: graph(orders(), revenue),
    },
    {
      name: 'v2 added and made latest while the pull request pins the unpinned consumer to v1 (nothing switches)',
      base: graph(orders({ version: 1, latest_version: 1 }), revenue),
      head: graph(
        orders({ version: 1, latest_version: 2 }),
        orders({ version: 2, latest_version: 2, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
    },
    {
      name: 'a model versioned (v1 its old shape, v2 latest without a column) while its consumer is pinned to v1',
      base: graph(orders(), revenue),
      head: graph(...versionedOrders(), model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] })),
    },
    {
      name: 'a model disabled in the pull request that also removes its only consumer',
      base: graph(orders(), revenue),
      head: graph(orders({ enabled: false })),
    },
    {
      name: 'a model moved into a local package: the unqualified ref still resolves to it, unchanged',
      base: graph(orders(), revenue),
      head: graph(orders({ package: 'core' }), revenue),
    },
    {
      name: 'a column removed while the pull request moves the consumer off the model (its team reviews that edit)',
      base: graph(orders(), revenue),
      head: graph(orders({ columns: withoutAmount }), model('revenue', { group: 'finance' })),
    },
    {
      name: 'v1 removed while its pinned consumer is rewritten unpinned, onto a latest v2 of the same shape',
      base: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        orders({ version: 2, latest_version: 2, file: 'models/orders_v2.sql', property: null }),
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 1 }] }),
      ),
      head: graph(
        orders({ version: 2, latest_version: 2, file: 'models/orders_v2.sql', property: null }),
        model('margin', { group: 'marketing', refs: ['orders'] }),
      ),
    },
    {
      name: 'a versioned model moved into a local package unchanged (its version still answers to the name)',
      base: graph(orders({ version: 1, latest_version: 1 }), revenue),
      head: graph(orders({ version: 1, latest_version: 1, package: 'core' }), revenue),
    },
    {
      name: 'an unversioned model that becomes versioned, its latest version keeping the columns',
      base: graph(orders(), revenue),
      head: graph(
        orders({ version: 1, latest_version: 1, file: 'models/orders_v1.sql' }),
        orders({ version: 2, latest_version: 1, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        revenue,
      ),
    },
  ],
  invalid: [
    {
      name: 'a removed column names the column and every consumer, at the property entry',
      base: graph(orders(), ...consumers, model('order_items', { group: 'sales', refs: ['orders'] })),
      head: graph(
        orders({ columns: withoutAmount }),
        ...consumers,
        model('order_items', { group: 'sales', refs: ['orders'] }),
      ),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          atBase: false,
          subject: 'columns',
          related: ['exposure.shop.weekly_kpis', 'model.shop.order_items', 'model.shop.revenue'],
          teams: ['finance'],
          messageIncludes: [
            '`amount` removed',
            '`order_items` (sales)',
            '`revenue` (finance)',
            'exposure `weekly_kpis`',
          ],
        },
      ],
    },
    {
      name: 'consumers are listed by name (a prefix first) whatever their case, the same on every machine',
      base: graph(orders(), ...mixedCaseConsumers),
      head: graph(orders({ columns: withoutAmount }), ...mixedCaseConsumers),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          messageIncludes: [
            '`alpha` (finance), `alpha2` (finance), `alpha_x` (finance), `Beta` (finance), `Zeta` (finance), `zeta` (finance)',
          ],
        },
      ],
    },
    {
      name: 'a core model with hundreds of consumers: ten are named, the rest counted, all related',
      base: graph(orders(), ...manyConsumers),
      head: graph(orders({ columns: withoutAmount }), ...manyConsumers),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          related: manyConsumers.map((m) => `model.shop.${m.name}`).sort(),
          messageIncludes: ['`report_000` (finance)', '`report_009` (finance)', 'and 290 more.'],
        },
      ],
    },
    {
      name: 'a renamed column, at the new column line',
      base: graph(orders(), revenue),
      head: graph(orders({ columns: [columns[0]!, { name: 'total', data_type: 'numeric' }, columns[2]!] }), revenue),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 21,
          messageIncludes: ['`amount` renamed to `total`'],
        },
      ],
    },
    {
      name: 'a column removed and another retyped make one finding, at the retyped column line',
      base: graph(orders(), revenue),
      head: graph(orders({ columns: [{ name: 'order_id', data_type: 'varchar' }] }), revenue),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 20,
          messageIncludes: ['`order_id` retyped from bigint to varchar', '`amount` removed', '`status` removed'],
        },
      ],
    },
    {
      name: 'a removed model, at its base file and line',
      base: graph(orders({ property: { file: 'models/marts.yml', line: 40 } }), revenue),
      // revenue still refs orders at head: its ref dangles.
      head: graph(revenue),
      errors: [
        {
          messageId: 'removed',
          node: 'model.shop.orders',
          file: 'models/marts.yml',
          line: 40,
          atBase: true,
          subject: 'removed',
          teams: ['finance'],
          messageIncludes: ['`orders` (public, contracted) is removed', '`revenue` (finance)'],
        },
      ],
    },
    {
      name: 'a disabled model, at its head property entry',
      base: graph(orders(), kpis),
      head: graph(orders({ enabled: false, property: { file: 'models/marts.yml', line: 7 } }), kpis),
      errors: [
        {
          messageId: 'disabled',
          node: 'model.shop.orders',
          file: 'models/marts.yml',
          line: 7,
          teams: [],
          messageIncludes: ['exposure `weekly_kpis`'],
        },
      ],
    },
    {
      name: 'an exposure counts as a consumer even when the model has no team',
      base: graph(orders({ group: null }), kpis),
      head: graph(orders({ group: null, columns: withoutAmount }), kpis),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          related: ['exposure.shop.weekly_kpis'],
          teams: [],
        },
      ],
    },
    {
      name: 'a contract no longer enforced, at the contract line',
      base: graph(orders(), revenue),
      head: graph(orders({ contract: false }), revenue),
      errors: [
        {
          messageId: 'contractDropped',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 6,
          subject: 'contract',
        },
      ],
    },
    {
      name: 'access narrowed from public to protected, at the access line',
      base: graph(orders(), revenue),
      head: graph(orders({ access: 'protected' }), revenue),
      errors: [
        {
          messageId: 'accessNarrowed',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 5,
          subject: 'access',
          messageIncludes: ['from `public` to `protected`'],
        },
      ],
    },
    {
      name: 'access of a contracted model narrowed from protected to private',
      base: graph(orders({ access: 'protected' }), revenue),
      head: graph(orders({ access: 'private' }), revenue),
      errors: [
        {
          messageId: 'accessNarrowed',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 5,
          messageIncludes: ['(contracted)', 'from `protected` to `private`'],
        },
      ],
    },
    {
      name: 'a removed version, at its base property entry',
      base: graph(
        orders({
          version: 1,
          latest_version: 2,
          property: { file: 'models/orders.yml', line: 8 },
          file: 'models/orders_v1.sql',
        }),
        orders({ version: 2, latest_version: 2 }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
      head: graph(
        orders({ version: 2, latest_version: 2 }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
      errors: [
        {
          messageId: 'versionRemoved',
          node: 'model.shop.orders.v1',
          file: 'models/orders.yml',
          line: 8,
          atBase: true,
          messageIncludes: ['Version 1 of `orders`', '`revenue` (finance)'],
        },
      ],
    },
    {
      name: 'a versioned model removed whole while a consumer still refs it unpinned (it meant the latest)',
      base: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql', property: null }),
        orders({ version: 2, latest_version: 2, file: 'models/orders_v2.sql', property: null }),
        revenue,
      ),
      head: graph(revenue),
      errors: [
        {
          messageId: 'versionRemoved',
          node: 'model.shop.orders.v2',
          file: 'models/orders_v2.sql',
          line: 1,
          atBase: true,
          messageIncludes: ['Version 2 of `orders`', '`revenue` (finance)'],
        },
      ],
    },
    {
      name: 'the latest version removed and latest_version set back: pinned consumers lost it, unpinned ones switch',
      base: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        orders({ version: 2, latest_version: 2, file: 'models/orders_v2.sql', property: null }),
        revenue,
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 2 }] }),
      ),
      head: graph(
        orders({ version: 1, latest_version: 1, file: 'models/orders_v1.sql' }),
        revenue,
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 2 }] }),
      ),
      errors: [
        {
          messageId: 'latestMoved',
          node: 'model.shop.orders.v2',
          file: 'models/orders.yml',
          line: 3,
          messageIncludes: ['`revenue` (finance)'],
        },
        {
          messageId: 'versionRemoved',
          node: 'model.shop.orders.v2',
          file: 'models/orders_v2.sql',
          line: 1,
          atBase: true,
          messageIncludes: ['`margin` (marketing)'],
        },
      ],
    },
    {
      name: 'latest v2 disabled and latest_version set back to 1: unpinned consumers switch, pinned ones lose v2',
      base: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        orders({
          version: 2,
          latest_version: 2,
          columns: withoutAmount,
          file: 'models/orders_v2.sql',
          property: { file: 'models/orders.yml', line: 12 },
        }),
        revenue,
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 2 }] }),
      ),
      head: graph(
        orders({ version: 1, latest_version: 1, file: 'models/orders_v1.sql' }),
        orders({
          version: 2,
          latest_version: 1,
          columns: withoutAmount,
          file: 'models/orders_v2.sql',
          enabled: false,
          property: { file: 'models/orders.yml', line: 12 },
        }),
        revenue,
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 2 }] }),
      ),
      errors: [
        {
          messageId: 'latestMoved',
          node: 'model.shop.orders.v2',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.revenue'],
        },
        {
          messageId: 'disabled',
          node: 'model.shop.orders.v2',
          file: 'models/orders.yml',
          line: 12,
          related: ['model.shop.margin'],
        },
      ],
    },
    {
      name: 'a consumer that refs the model both pinned and unpinned switches when latest moves',
      base: graph(
        orders({ version: 1, latest_version: 1 }),
        model('recon', { group: 'finance', refs: [{ name: 'orders', version: 1 }, 'orders'] }),
      ),
      head: graph(
        orders({ version: 1, latest_version: 2 }),
        orders({ version: 2, latest_version: 2, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        model('recon', { group: 'finance', refs: [{ name: 'orders', version: 1 }, 'orders'] }),
      ),
      errors: [
        {
          messageId: 'latestMoved',
          node: 'model.shop.orders.v1',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.recon'],
        },
      ],
    },
    {
      name: 'latest v2 disabled, latest_version left at 2: unpinned consumers lose it (only the latest answers to the name)',
      base: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        orders({ version: 2, latest_version: 2, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        revenue,
      ),
      head: graph(
        orders({ version: 1, latest_version: 2, file: 'models/orders_v1.sql' }),
        orders({ version: 2, latest_version: 2, columns: withoutAmount, file: 'models/orders_v2.sql', enabled: false }),
        revenue,
      ),
      errors: [
        {
          messageId: 'disabled',
          node: 'model.shop.orders.v2',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.revenue'],
        },
      ],
    },
    {
      name: 'a model moved into a local package that drops a column on the way: judged against what the ref finds',
      base: graph(orders(), revenue),
      head: graph(orders({ package: 'core', columns: withoutAmount }), revenue),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.revenue'],
          messageIncludes: ['`amount` removed'],
        },
      ],
    },
    {
      name: 'latest v2 removed, latest back to v1 (without a column), the consumer pinned to v1 in the same pull request',
      base: graph(
        orders({ version: 1, latest_version: 2, columns: withoutAmount, file: 'models/orders_v1.sql' }),
        orders({
          version: 2,
          latest_version: 2,
          file: 'models/orders_v2.sql',
          property: { file: 'models/orders.yml', line: 12 },
        }),
        revenue,
      ),
      head: graph(
        orders({ version: 1, latest_version: 1, columns: withoutAmount, file: 'models/orders_v1.sql' }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 1 }] }),
      ),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders.v2',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.revenue'],
        },
      ],
    },
    {
      name: 'a model versioned, v2 latest without a column, the consumer pinned to v2 in the same pull request',
      base: graph(orders(), revenue),
      head: graph(...versionedOrders(), model('revenue', { group: 'finance', refs: [{ name: 'orders', version: 2 }] })),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 12,
          related: ['model.shop.revenue'],
        },
      ],
    },
    {
      name: 'a new latest v2 added disabled: unpinned refs find no latest (reported at the disabled version)',
      base: graph(orders({ version: 1, latest_version: 1 }), revenue),
      head: graph(
        orders({ version: 1, latest_version: 2 }),
        orders({
          version: 2,
          latest_version: 2,
          file: 'models/orders_v2.sql',
          enabled: false,
          property: { file: 'models/orders.yml', line: 13 },
        }),
        revenue,
      ),
      errors: [
        {
          messageId: 'disabled',
          node: 'model.shop.orders.v1',
          file: 'models/orders.yml',
          line: 13,
          related: ['model.shop.revenue'],
        },
      ],
    },
    {
      name: 'a column removed while the consumer is versioned too (its unique_id changes): still judged',
      base: graph(orders(), revenue),
      head: graph(
        orders({ columns: withoutAmount }),
        model('revenue', { group: 'finance', refs: ['orders'], version: 1, latest_version: 1 }),
      ),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.revenue'],
        },
      ],
    },
    {
      name: 'a model moved into a package and its consumer rewritten to the qualified ref, the model dropping a column',
      base: graph(orders(), revenue),
      head: graph(
        orders({ package: 'core', columns: withoutAmount }),
        model('revenue', { group: 'finance', refs: [{ name: 'orders', package: 'core' }] }),
      ),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          related: ['model.shop.revenue'],
        },
      ],
    },
    {
      name: 'latest_version moved names only the consumers that ref the model unpinned',
      base: graph(
        orders({ version: 1, latest_version: 1 }),
        revenue,
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 1 }] }),
      ),
      head: graph(
        orders({ version: 1, latest_version: 2 }),
        orders({ version: 2, latest_version: 2, columns: withoutAmount, file: 'models/orders_v2.sql' }),
        revenue,
        model('margin', { group: 'marketing', refs: [{ name: 'orders', version: 1 }] }),
      ),
      errors: [
        {
          messageId: 'latestMoved',
          node: 'model.shop.orders.v1',
          file: 'models/orders.yml',
          line: 3,
          subject: 'latest_version',
          related: ['model.shop.revenue'],
          teams: ['finance'],
          messageIncludes: ['moves from 1 to 2', '`revenue` (finance)'],
        },
      ],
    },
    {
      name: 'a consumer without a team counts as another team',
      base: graph(orders(), model('revenue', { refs: ['orders'] })),
      head: graph(orders({ columns: withoutAmount }), model('revenue', { refs: ['orders'] })),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 3,
          teams: [],
          messageIncludes: ['`revenue` (no team)'],
        },
      ],
    },
    {
      name: 'an unversioned model that becomes versioned with a latest version that drops a column',
      base: graph(orders(), revenue),
      head: graph(...versionedOrders(), revenue),
      errors: [
        {
          messageId: 'columns',
          node: 'model.shop.orders',
          file: 'models/orders.yml',
          line: 12,
          messageIncludes: ['`amount` removed'],
        },
      ],
    },
    {
      name: 'several breaks of one model are reported each at its own line',
      base: graph(orders(), revenue),
      head: graph(orders({ access: 'protected', contract: false, columns: withoutAmount }), revenue),
      errors: [
        { messageId: 'columns', node: 'model.shop.orders', file: 'models/orders.yml', line: 3 },
        { messageId: 'accessNarrowed', node: 'model.shop.orders', file: 'models/orders.yml', line: 5 },
        { messageId: 'contractDropped', node: 'model.shop.orders', file: 'models/orders.yml', line: 6 },
      ],
    },
  ],
});
