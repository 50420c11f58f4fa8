import { policyConfigSchema } from '../../src/policy/config.js';
import { getMetaPath } from '../../src/policy/nodes.js';
import { buildOwnership } from '../../src/policy/ownership.js';
import { graph, model } from '../support/graph-builder.js';

describe('getMetaPath', () => {
  test.each([
    [{ a: { b: { c: 1 } } }, 'a.b.c', { value: 1, topKey: 'a' }],
    [{ 'a.b.c': 2 }, 'a.b.c', { value: 2, topKey: 'a.b.c' }],
    [{ a: { 'b.c': 3 } }, 'a.b.c', { value: 3, topKey: 'a' }],
    [{ 'a.b': { c: 4 } }, 'a.b.c', { value: 4, topKey: 'a.b' }],
    [{ a: { b: 'x' } }, 'a.b.c', null],
    [{ a: { b: null } }, 'a.b', { value: null, topKey: 'a' }],
    [{}, 'a', null],
  ])('%j at %s', (meta, path, expected) => {
    expect(getMetaPath(meta, path)).toEqual(expected);
  });
});

describe('buildOwnership', () => {
  const config = policyConfigSchema.parse({ ownership: { meta_keys: ['data_governance.model.team_owner', 'owner'] } });

  test('the first non-empty meta key wins, at its top-level key line', () => {
    const g = graph(
      model('orders', { meta: { owner: 'ops', data_governance: { model: { team_owner: 'sales' } } }, group: 'g' }),
    );
    const ownership = buildOwnership(g, config);
    expect(ownership.teamOf('model.shop.orders')).toBe('sales');
    expect(ownership.ownerPosition('model.shop.orders')).toEqual({ file: 'models/orders.yml', line: 10 });
  });

  test('an empty first key falls through to the next one', () => {
    const g = graph(model('orders', { meta: { data_governance: { model: { team_owner: '' } }, owner: ' ops ' } }));
    expect(buildOwnership(g, config).teamOf('model.shop.orders')).toBe('ops');
  });

  test('the group when no meta key names a team, at the group line', () => {
    const ownership = buildOwnership(graph(model('orders', { group: 'sales' })), config);
    expect(ownership.teamOf('model.shop.orders')).toBe('sales');
    expect(ownership.ownerPosition('model.shop.orders')).toEqual({ file: 'models/orders.yml', line: 4 });
  });

  test('no group when use_groups is false; unknown ids have no owner', () => {
    const noGroups = policyConfigSchema.parse({ ownership: { use_groups: false } });
    const ownership = buildOwnership(graph(model('orders', { group: 'sales' })), noGroups);
    expect(ownership.teamOf('model.shop.orders')).toBeNull();
    expect(ownership.ownerPosition('model.shop.orders')).toBeNull();
    expect(ownership.teamOf('model.shop.nope')).toBeNull();
  });

  test('an owner without a known meta position falls back to the node position', () => {
    const g = graph(model('orders', { meta: { owner: 'ops' }, property: null }));
    expect(buildOwnership(g, config).ownerPosition('model.shop.orders')).toEqual({
      file: 'models/orders.sql',
      line: 1,
    });
  });
});
