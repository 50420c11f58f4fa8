import { diffGraphs } from '../../src/diff/index.js';
import type { NodeChange } from '../../src/diff/index.js';
import { graph, model, seed } from '../support/graph-builder.js';
import { deepEqual } from '../../src/diff/equal.js';

function only(change: NodeChange | undefined): Partial<NodeChange> {
  expect(change).toBeDefined();
  return change!;
}

describe('diffGraphs', () => {
  test('identical graphs have no changes, even when lines moved', () => {
    const base = graph(model('orders', { meta: { owner: 'sales' } }));
    const head = graph(
      model('orders', { meta: { owner: 'sales' }, property: { file: 'models/orders.yml', line: 40 } }),
    );
    expect(diffGraphs(base, head).nodes).toEqual({});
  });

  test('moving a model file or its property entry to another file is no change', () => {
    const base = graph(model('orders', { meta: { owner: 'sales' } }));
    const head = graph(
      model('orders', {
        meta: { owner: 'sales' },
        file: 'models/marts/orders.sql',
        property: { file: 'models/marts/_orders.yml', line: 3 },
      }),
    );
    expect(head.nodes['model.shop.orders']?.original_file_path).toBe('models/marts/orders.sql');
    expect(diffGraphs(base, head).nodes).toEqual({});
  });

  test("a consumer whose unpinned ref now resolves to the producer's latest version did not change", () => {
    const revenue = model('revenue', { refs: ['orders'] });
    const base = graph(model('orders'), revenue);
    const head = graph(
      model('orders', { version: 1, latest_version: 1 }),
      model('orders', { version: 2, latest_version: 1, file: 'models/orders_v2.sql' }),
      revenue,
    );
    expect(head.nodes['model.shop.revenue']?.depends_on.nodes).toEqual(['model.shop.orders.v1']);
    expect(Object.keys(diffGraphs(base, head).nodes)).toEqual([
      'model.shop.orders',
      'model.shop.orders.v1',
      'model.shop.orders.v2',
    ]);
  });

  test('a consumer that starts to ref another model changes, named by the id it refs', () => {
    const base = graph(model('orders', { version: 1, latest_version: 1 }), model('revenue'));
    const head = graph(model('orders', { version: 1, latest_version: 1 }), model('revenue', { refs: ['orders'] }));
    expect(diffGraphs(base, head).nodes['model.shop.revenue']).toMatchObject({ refsAdded: ['model.shop.orders.v1'] });
  });

  test('a node the compiler reused at head (same config object) still changes when its edges change', () => {
    const base = graph(model('customers'), model('stg_orders'), model('orders', { refs: ['stg_orders'] }));
    const head = graph(model('customers'), model('stg_orders'), model('orders', { refs: ['customers'] }));
    // What the compiler's node memo hands out: the head node is a copy sharing config, columns and code.
    const reused = { ...base.nodes['model.shop.orders']!, depends_on: head.nodes['model.shop.orders']!.depends_on };
    head.nodes['model.shop.orders'] = reused;
    expect(diffGraphs(base, head).nodes['model.shop.orders']).toMatchObject({
      kind: 'modified',
      refsAdded: ['model.shop.customers'],
      refsRemoved: ['model.shop.stg_orders'],
    });
    const same = { ...base, nodes: { ...base.nodes, 'model.shop.orders': { ...base.nodes['model.shop.orders']! } } };
    expect(diffGraphs(base, same).nodes).toEqual({});
  });

  test('nodes with one build key are unchanged whatever their objects, unless their edges changed', () => {
    const base = graph(model('customers'), model('orders', { refs: ['customers'] }));
    const head = graph(model('customers'), model('orders', { refs: ['customers'], description: 'Other.' }));
    // Same build key: the compiler built both from the same inputs (the description cannot differ then; here
    // it does, to show the key is what the diff trusts).
    const keys = new Map<string, object>();
    for (const g of [base, head])
      for (const node of Object.values(g.nodes))
        node.buildKey = keys.get(node.name) ?? keys.set(node.name, {}).get(node.name)!;
    expect(diffGraphs(base, head).nodes).toEqual({});
    head.nodes['model.shop.orders']!.buildKey = {};
    expect(diffGraphs(base, head).nodes['model.shop.orders']).toMatchObject({
      kind: 'modified',
      propertiesChanged: true,
    });
  });

  test('added and removed nodes, with their refs', () => {
    const base = graph(model('customers'), model('legacy', { refs: ['customers'] }));
    const head = graph(model('customers'), model('orders', { refs: ['customers'] }), seed('countries'));
    const diff = diffGraphs(base, head, undefined, ['models/orders.sql', 'models/legacy.sql']);
    expect(Object.keys(diff.nodes)).toEqual(['model.shop.legacy', 'model.shop.orders', 'seed.shop.countries']);
    expect(diff.nodes['model.shop.orders']).toMatchObject({ kind: 'added', refsAdded: ['model.shop.customers'] });
    expect(diff.nodes['model.shop.legacy']).toMatchObject({
      kind: 'removed',
      refsRemoved: ['model.shop.customers'],
      disabled: false,
    });
    expect(diff.changedFiles).toEqual(['models/legacy.sql', 'models/orders.sql']);
  });

  test('a model disabled at head is removed with disabled: true', () => {
    const diff = diffGraphs(graph(model('orders')), graph(model('orders', { enabled: false })));
    expect(diff.nodes['model.shop.orders']).toMatchObject({ kind: 'removed', disabled: true });
  });

  test("a column's other keys (policy_tags...) are its properties: changing one changes the model", () => {
    const tagged = (tags: string[]) =>
      graph(model('a', { columns: [{ name: 'email', extra: { policy_tags: tags } }] }));
    expect(diffGraphs(tagged(['pii']), tagged(['pii'])).nodes).toEqual({});
    expect(only(diffGraphs(tagged(['pii']), tagged(['public'])).nodes['model.shop.a'])).toMatchObject({
      propertiesChanged: true,
      configChanged: false,
    });
  });

  test('sql, properties and config changes are told apart', () => {
    const base = graph(model('a'), model('b'), model('c'));
    const head = graph(
      model('a', { sql: 'select 2 as id' }),
      model('b', { description: 'New.' }),
      model('c', { tags: ['x'] }),
    );
    const { nodes } = diffGraphs(base, head);
    expect(only(nodes['model.shop.a'])).toMatchObject({
      sqlChanged: true,
      propertiesChanged: false,
      configChanged: false,
    });
    expect(only(nodes['model.shop.b'])).toMatchObject({
      sqlChanged: false,
      propertiesChanged: true,
      configChanged: false,
    });
    expect(only(nodes['model.shop.c'])).toMatchObject({
      sqlChanged: false,
      propertiesChanged: false,
      configChanged: true,
    });
  });

  test('meta changes by top-level key, access, contract and owner', () => {
    const base = graph(
      model('orders', { meta: { pii: false, owner: 'sales', stays: 1 }, access: 'public', contract: true }),
    );
    const head = graph(
      model('orders', { meta: { pii: true, stays: 1, tier: 'gold' }, access: 'private', group: 'crm' }),
    );
    const teamOf = (g: typeof base) => (id: string) => {
      const node = g.nodes[id];
      return (node?.config.meta['owner'] as string | undefined) ?? node?.config.group ?? null;
    };
    const change = diffGraphs(base, head, { base: teamOf(base), head: teamOf(head) }).nodes['model.shop.orders'];
    expect(change).toMatchObject({
      kind: 'modified',
      meta: [
        { key: 'owner', before: 'sales', after: null },
        { key: 'pii', before: false, after: true },
        { key: 'tier', before: null, after: 'gold' },
      ],
      accessChanged: { before: 'public', after: 'private' },
      contractChanged: { before: true, after: false },
      ownerChanged: { before: 'sales', after: 'crm' },
    });
  });

  test('refs added and removed', () => {
    const base = graph(model('a'), model('b'), model('orders', { refs: ['a'] }));
    const head = graph(model('a'), model('b'), model('orders', { refs: ['b'], sources: ['raw.orders'] }));
    expect(diffGraphs(base, head).nodes['model.shop.orders']).toMatchObject({
      refsAdded: ['model.shop.b'],
      refsRemoved: ['model.shop.a'],
    });
  });

  describe('columns', () => {
    const cols = (...specs: Array<[string, string | null]>) => specs.map(([name, data_type]) => ({ name, data_type }));
    const change = (before: ReturnType<typeof cols>, after: ReturnType<typeof cols>) =>
      diffGraphs(graph(model('m', { columns: before })), graph(model('m', { columns: after }))).nodes['model.shop.m']
        ?.columns;

    test('removed, added and retyped (types compare without case and spaces)', () => {
      expect(
        change(
          cols(['id', 'int'], ['amount', 'numeric'], ['note', 'VARCHAR(10)']),
          cols(['id', 'bigint'], ['note', 'varchar( 10 )'], ['status', 'text']),
        ),
      ).toEqual([
        { column: 'id', kind: 'retyped', fromType: 'int', toType: 'bigint' },
        { column: 'amount', kind: 'removed' },
        { column: 'status', kind: 'added' },
      ]);
    });

    test('another name of the same type is no retype (int8 is bigint, decimal(10,2) is numeric(10,2))', () => {
      expect(
        change(
          cols(['id', 'bigint'], ['amount', 'decimal(10, 2)'], ['ok', 'bool'], ['at', 'timestamp without time zone']),
          cols(['id', 'INT8'], ['amount', 'numeric(10,2)'], ['ok', 'boolean'], ['at', 'timestamp']),
        ),
      ).toEqual([]);
      // Still a retype: a different size, or a name warehouses read differently (`int`).
      expect(
        change(cols(['id', 'int4'], ['amount', 'numeric(10,2)']), cols(['id', 'int'], ['amount', 'decimal(12,2)'])),
      ).toEqual([
        { column: 'id', kind: 'retyped', fromType: 'int4', toType: 'int' },
        { column: 'amount', kind: 'retyped', fromType: 'numeric(10,2)', toType: 'decimal(12,2)' },
      ]);
    });

    test('a removed and an added column of the same type at a near position are a rename', () => {
      expect(
        change(
          cols(['id', 'int'], ['amt', 'numeric'], ['at', 'date']),
          cols(['id', 'int'], ['amount', 'numeric'], ['at', 'date']),
        ),
      ).toEqual([{ column: 'amt', kind: 'renamed', to: 'amount' }]);
    });

    test('no rename when types differ or untyped columns moved', () => {
      expect(change(cols(['a', 'int'], ['b', null]), cols(['c', 'text'], ['x', null], ['d', null]))).toEqual([
        { column: 'b', kind: 'renamed', to: 'x' },
        { column: 'a', kind: 'removed' },
        { column: 'c', kind: 'added' },
        { column: 'd', kind: 'added' },
      ]);
      expect(change(cols(['a', null], ['b', null]), cols(['b', null], ['z', null], ['y', null]))).toEqual([
        { column: 'a', kind: 'removed' },
        { column: 'z', kind: 'added' },
        { column: 'y', kind: 'added' },
      ]);
    });

    test('column names match case-insensitively', () => {
      expect(change(cols(['ID', 'int']), cols(['id', 'int']))).toEqual([]);
    });
  });

  describe('versions', () => {
    const v = (version: number, latest: number) => model('orders', { version, latest_version: latest });

    test('a new version is added and latest_version moves on the old one', () => {
      const diff = diffGraphs(graph(v(1, 1)), graph(v(1, 2), v(2, 2)));
      expect(diff.nodes['model.shop.orders.v2']).toMatchObject({
        kind: 'added',
        versionsAdded: [2],
        versionsRemoved: [],
      });
      expect(diff.nodes['model.shop.orders.v1']).toMatchObject({
        kind: 'modified',
        latestVersionChanged: { before: 1, after: 2 },
        versionsAdded: [2],
      });
    });

    test('a removed version', () => {
      const diff = diffGraphs(graph(v(1, 2), v(2, 2)), graph(v(2, 2)));
      expect(diff.nodes['model.shop.orders.v1']).toMatchObject({ kind: 'removed', versionsRemoved: [1] });
      expect(diff.nodes['model.shop.orders.v2']).toBeUndefined();
    });
  });
});

describe('deepEqual on dates', () => {
  test('compares dates by instant and by how they are written, not as empty objects', () => {
    expect(deepEqual(new Date('2024-01-01'), new Date('2025-06-30'))).toBe(false);
    expect(deepEqual({ d: new Date('2024-01-01') }, { d: new Date('2024-01-01') })).toBe(true);
    expect(deepEqual(new Date('2024-01-01'), {})).toBe(false);
  });
});
