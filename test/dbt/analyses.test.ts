// Analyses (SQL files under analysis-paths): nodes of the manifest, as dbt's AnalysisParser makes them, with a
// path and fqn under `analysis/`, configured from the `models:` tree; reviews never read them.
import { toManifest } from '../../src/dbt/manifest.js';
import { compileFiles, diagnosticsOf } from './helpers.js';

const FILES = {
  'dbt_project.yml': [
    'name: shop',
    "version: '1'",
    'config-version: 2',
    'models:',
    '  shop:',
    '    +materialized: table',
    '    +tags: [nightly]',
    '    staging:',
    '      +materialized: view',
    '',
  ].join('\n'),
  'models/staging/stg_orders.sql': 'select 1 as id',
  'analyses/revenue_by_month.sql': "select * from {{ ref('stg_orders') }}",
  'analyses/adhoc/old_check.sql': "{{ config(enabled=false) }}\nselect * from {{ ref('stg_orders') }}",
  'analyses/adhoc/cohorts.sql': "{{ config(tags=['finance']) }}\nselect * from {{ source('app', 'users') }}",
  'analyses/notes.md': 'not SQL: not an analysis',
  'models/props.yml': [
    'version: 2',
    'sources:',
    '  - name: app',
    '    tables: [{name: users}]',
    'analyses:',
    '  - name: revenue_by_month',
    '    description: Revenue per month, for the finance review.',
    '    docs: {show: false}',
    '    columns:',
    '      - name: month',
    '        description: First day of the month.',
    '',
  ].join('\n'),
};

interface AnalysisJson {
  resource_type: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  config: Record<string, unknown>;
  tags: string[];
  description: string;
  columns: Record<string, { description: string }>;
  docs: { show: boolean };
  relation_name: string | null;
  depends_on: { nodes: string[]; macros: string[] };
  patch_path: string | null;
}

describe('analyses', () => {
  const graph = compileFiles(FILES, { tests: true });
  const manifest = toManifest(graph) as {
    nodes: Record<string, AnalysisJson>;
    disabled: Record<string, AnalysisJson[]>;
    parent_map: Record<string, string[]>;
    child_map: Record<string, string[]>;
  };

  it('are nodes of the manifest, under analysis/, configured from the models: tree and their property entry', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
    const revenue = manifest.nodes['analysis.shop.revenue_by_month']!;
    expect(revenue).toMatchObject({
      resource_type: 'analysis',
      path: 'analysis/revenue_by_month.sql',
      original_file_path: 'analyses/revenue_by_month.sql',
      fqn: ['shop', 'analysis', 'revenue_by_month'],
      tags: ['nightly'],
      description: 'Revenue per month, for the finance review.',
      docs: { show: false, node_color: null },
      relation_name: null,
      depends_on: { nodes: ['model.shop.stg_orders'], macros: [] },
      patch_path: 'shop://models/props.yml',
    });
    // The project-wide config applies; the `staging:` folder's does not (the fqn is under `analysis`).
    expect(revenue.config['materialized']).toBe('table');
    // NodeConfig: no `access`, which is a model's.
    expect('access' in revenue.config).toBe(false);
    expect(revenue.columns['month']?.description).toBe('First day of the month.');
    const cohorts = manifest.nodes['analysis.shop.cohorts']!;
    expect([cohorts.path, cohorts.fqn, cohorts.tags]).toEqual([
      'analysis/adhoc/cohorts.sql',
      ['shop', 'analysis', 'adhoc', 'cohorts'],
      ['nightly', 'finance'],
    ]);
    expect(cohorts.depends_on.nodes).toEqual(['source.shop.app.users']);
  });

  it('are in parent_map and child_map; a disabled one is listed under disabled', () => {
    expect(manifest.parent_map['analysis.shop.revenue_by_month']).toEqual(['model.shop.stg_orders']);
    expect(manifest.child_map['model.shop.stg_orders']).toEqual(['analysis.shop.revenue_by_month']);
    expect(manifest.child_map['source.shop.app.users']).toEqual(['analysis.shop.cohorts']);
    expect(Object.keys(manifest.disabled)).toEqual(['analysis.shop.old_check']);
    expect(manifest.nodes['analysis.shop.old_check']).toBeUndefined();
  });

  it('stay out of the graph reviews read, and of compiles that do not write a manifest', () => {
    expect(Object.keys(graph.nodes)).toEqual(['model.shop.stg_orders']);
    expect(graph.child_map['model.shop.stg_orders']).toEqual([]);
    const review = compileFiles(FILES);
    expect(diagnosticsOf(review)).toEqual([]);
    expect(review.analyses).toBeUndefined();
    expect(review.disabled).toEqual({});
  });

  it('report a ref to nothing, and a property entry with no analysis', () => {
    const broken = compileFiles(
      {
        ...FILES,
        'analyses/revenue_by_month.sql': "select * from {{ ref('nowhere') }}",
        'models/more.yml': 'version: 2\nanalyses:\n  - name: ghost\n',
      },
      { tests: true },
    );
    expect(diagnosticsOf(broken)).toEqual([
      'property-without-node models/more.yml:3',
      'unknown-ref analyses/revenue_by_month.sql:1',
    ]);
  });
});
