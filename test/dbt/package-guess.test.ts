// An unqualified ref that no node of the repository answers comes from a package that is not committed: dbt, having
// installed it, knows which. Without it, the compile takes the dbt Hub package whose name the model carries, and
// says so; anything less certain stays unresolved.
import { likelyPackage } from '../../src/dbt/package-guess.js';
import { compileFiles, node } from './helpers.js';

const PROJECT = "name: shop\nversion: '1'\nconfig-version: 2\n";

describe('likelyPackage', () => {
  it('takes the Hub package whose name the model carries as whole words, `_source` or not', () => {
    const hub = ['stripe', 'hubspot_source', 'google_ads', 'dbt_utils'];
    expect(likelyPackage('stripe__invoice_details', hub)).toBe('stripe');
    expect(likelyPackage('stg_hubspot__contact', hub)).toBe('hubspot_source');
    expect(likelyPackage('google_ads__campaign_report', hub)).toBe('google_ads');
    expect(likelyPackage('stg_github__issue', ['dbt_utils', 'github_source'])).toBe('github_source');
  });

  it('takes none when no package, or more than one, is named, or only macro packages are', () => {
    const hub = ['stripe', 'hubspot_source', 'google_ads', 'dbt_utils'];
    expect(likelyPackage('ads_by_google', hub)).toBeNull();
    expect(likelyPackage('stripes_report', hub)).toBeNull();
    // A typo of a model of the project is no package's, even with one package that has models.
    expect(likelyPackage('stg_ordrs', ['elementary'])).toBeNull();
    expect(likelyPackage('stripe_vs_hubspot', hub)).toBeNull();
    expect(likelyPackage('dbt_utils_thing', ['dbt_utils', 'codegen'])).toBeNull();
  });

  it('takes none when a package from elsewhere than dbt Hub is installed (its name is not known)', () => {
    expect(likelyPackage('stripe__invoice_details', ['stripe'], true)).toBeNull();
  });
});

describe('a ref into a package that is not committed', () => {
  const packages = (...lines: string[]) => ['packages:', ...lines, ''].join('\n');
  const revenue = "select * from {{ ref('stripe__invoice_details') }}\njoin {{ ref('stg_ordrs') }} using (id)\n";

  it('depends on the model of the Hub package it names, with a warning that says so', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'packages.yml': packages(
        '  - package: dbt-labs/dbt_utils',
        '    version: 1.1.1',
        '  - package: fivetran/stripe',
        '    version: 0.9.0',
        '  - package: elementary-data/elementary',
        '    version: 0.16.0',
      ),
      'models/revenue.sql': revenue,
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
        "ref('stg_ordrs') matches no node in the repository; it may come from a package that is not committed",
      ],
    ]);
  });

  it('guesses nothing when a package comes from git, whose project name is not known', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'packages.yml': packages(
        '  - package: fivetran/stripe',
        '    version: 0.9.0',
        '  - git: https://github.com/acme/dbt_billing.git',
      ),
      'models/revenue.sql': revenue,
    });
    expect(node(graph, 'model.shop.revenue').depends_on.nodes).toEqual([]);
  });

  it('counts the Hub packages of a local package, as dbt installs them for the project', () => {
    const graph = compileFiles({
      'dbt_project.yml': PROJECT,
      'packages.yml': packages('  - local: vendor/billing'),
      'vendor/billing/dbt_project.yml': "name: billing\nversion: '1'\nconfig-version: 2\n",
      'vendor/billing/packages.yml': packages('  - package: fivetran/stripe_source', '    version: 0.9.0'),
      'models/revenue.sql': "select * from {{ ref('stg_stripe__invoice') }}\n",
    });
    expect(node(graph, 'model.shop.revenue').depends_on.nodes).toEqual(['model.stripe_source.stg_stripe__invoice']);
  });
});
