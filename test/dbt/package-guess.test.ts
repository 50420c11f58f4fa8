// An unqualified ref that no node of the repository answers comes from a package that is not committed: dbt, having
// installed it, knows which. Without it, the compile takes the one dbt Hub package with models, or the one whose
// name the model carries, and says so; anything less certain stays unresolved.
import { likelyPackage } from '../../src/dbt/package-guess.js';
import { compileFiles, node } from './helpers.js';

const PROJECT = "name: shop\nversion: '1'\nconfig-version: 2\n";

describe('likelyPackage', () => {
  it('takes the one Hub package that has models, whatever the name', () => {
    expect(likelyPackage('stg_github__issue', ['dbt_utils', 'github_source'])).toBe('github_source');
    expect(likelyPackage('anything', ['github_source', 'dbt_expectations'])).toBe('github_source');
  });

  it('takes among several the one whose name the model carries as whole words, `_source` or not', () => {
    const hub = ['stripe', 'hubspot_source', 'google_ads', 'dbt_utils'];
    expect(likelyPackage('stripe__invoice_details', hub)).toBe('stripe');
    expect(likelyPackage('stg_hubspot__contact', hub)).toBe('hubspot_source');
    expect(likelyPackage('google_ads__campaign_report', hub)).toBe('google_ads');
    expect(likelyPackage('ads_by_google', hub)).toBeNull();
    expect(likelyPackage('stripes_report', hub)).toBeNull();
    expect(likelyPackage('orders', hub)).toBeNull();
  });

  it('takes none when only macro packages are installed', () => {
    expect(likelyPackage('dbt_utils_thing', ['dbt_utils', 'codegen'])).toBeNull();
  });
});

describe('a ref into a package that is not committed', () => {
  it('depends on the model of the package it most likely comes from, with a warning that says so', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'packages.yml': [
        'packages:',
        '  - package: dbt-labs/dbt_utils',
        '    version: 1.1.1',
        '  - package: fivetran/stripe',
        '    version: 0.9.0',
        '  - package: fivetran/hubspot',
        '    version: 0.9.0',
        '  - git: https://github.com/acme/dbt_billing.git',
        '',
      ].join('\n'),
      'models/revenue.sql':
        "select * from {{ ref('stripe__invoice_details') }}\njoin {{ ref('billing_accounts') }} using (id)\n",
    });
    expect(node(graph, 'model.shop.revenue').depends_on.nodes).toEqual(['model.stripe.stripe__invoice_details']);
    expect(graph.diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [
        1,
        'warning',
        "ref('stripe__invoice_details') matches no node in the repository; taken as a model of package `stripe` (not committed), the package it most likely comes from",
      ],
      [
        2,
        'warning',
        "ref('billing_accounts') matches no node in the repository; it may come from a package that is not committed",
      ],
    ]);
  });
});
