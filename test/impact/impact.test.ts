import { computeImpact, UNOWNED } from '../../src/impact/index.js';
import { aGraph, aModel, anExposure, teamsByName } from '../report/builders.js';

const teamOf = teamsByName({ orders: 'core', revenue: 'finance', ltv: 'finance', churn: 'growth' });

describe('computeImpact', () => {
  const graph = aGraph(
    [
      aModel('orders'),
      aModel('revenue', ['orders']),
      aModel('ltv', ['revenue']),
      aModel('churn', ['ltv', 'orders']),
      aModel('scratch', ['churn']),
      aModel('unrelated'),
    ],
    [anExposure('finance_dashboard', ['model.shop.ltv']), anExposure('ops', ['model.shop.unrelated'])],
  );

  it('lists downstream models transitively, grouped by team, unowned last, and exposures', () => {
    expect(computeImpact(graph, ['model.shop.orders'], teamOf)).toEqual([
      {
        node: 'model.shop.orders',
        team: 'core',
        downstreamByTeam: {
          finance: ['model.shop.ltv', 'model.shop.revenue'],
          growth: ['model.shop.churn'],
          [UNOWNED]: ['model.shop.scratch'],
        },
        exposures: ['exposure.shop.finance_dashboard'],
      },
    ]);
  });

  it('gives a leaf model an empty blast radius', () => {
    expect(computeImpact(graph, ['model.shop.scratch'], teamOf)).toEqual([
      { node: 'model.shop.scratch', team: null, downstreamByTeam: {}, exposures: [] },
    ]);
  });

  it('keeps the order of changed ids, drops duplicates and ids missing at head', () => {
    const ids = computeImpact(
      graph,
      ['model.shop.ltv', 'model.shop.gone', 'model.shop.orders', 'model.shop.ltv'],
      teamOf,
    ).map((e) => e.node);
    expect(ids).toEqual(['model.shop.ltv', 'model.shop.orders']);
  });

  it('does not count the model itself when a cycle leads back to it', () => {
    const cyclic = aGraph([aModel('a', ['b']), aModel('b', ['a'])]);
    expect(computeImpact(cyclic, ['model.shop.a'], () => 'core')[0]?.downstreamByTeam).toEqual({
      core: ['model.shop.b'],
    });
  });

  it('walks a 20,000-model chain without recursion', () => {
    const models = [aModel('m0')];
    for (let i = 1; i < 20000; i++) models.push(aModel(`m${i}`, [`m${i - 1}`]));
    const [entry] = computeImpact(aGraph(models), ['model.shop.m0'], () => null);
    expect(entry?.downstreamByTeam[UNOWNED]).toHaveLength(19999);
  });
});
