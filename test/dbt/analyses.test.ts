// Analyses (SQL files under analysis-paths): nodes of the manifest, as dbt's AnalysisParser makes them, with a
// path and fqn under `analysis/`, configured from the `models:` tree; reviews never read them.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
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

  it('write raw_code stripped, as dbt reads every file; a ref to a disabled analysis reaches nothing', () => {
    const graph = compileFiles(
      {
        ...FILES,
        'analyses/revenue_by_month.sql': "\n\nselect * from {{ ref('stg_orders') }}\n\n",
        'models/uses_old.sql': "select * from {{ ref('old_check') }}",
      },
      { tests: true },
    );
    const json = toManifest(graph) as { nodes: Record<string, { raw_code: string }> };
    expect(json.nodes['analysis.shop.revenue_by_month']?.raw_code).toBe("select * from {{ ref('stg_orders') }}");
    // Analyses are not refable: dbt stops with "not found", not a ref to a disabled node.
    expect(diagnosticsOf(graph)).toEqual(['unknown-ref models/uses_old.sql:1']);
  });

  it('leave other nodes be where analysis paths overlap them, and are not read when not built', () => {
    const overlap = {
      'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\nanalysis-paths: [snapshots, analyses]\n",
      'snapshots/snap.sql':
        "{% snapshot snap %}{{ config(unique_key='id', strategy='check', check_cols='all') }}select 1 as id{% endsnapshot %}",
      'analyses/big.sql': `select 1 as id -- ${'x'.repeat(300)}`,
    };
    const manifest = compileFiles(overlap, { tests: true, maxFileChars: 200 });
    expect(Object.keys(manifest.nodes)).toEqual(['snapshot.shop.snap']);
    expect(Object.keys(manifest.analyses ?? {})).toEqual(['analysis.shop.snap']);
    expect(diagnosticsOf(manifest)).toEqual(['file-too-large analyses/big.sql:1']);
    const review = compileFiles(overlap, { maxFileChars: 200 });
    expect(Object.keys(review.nodes)).toEqual(['snapshot.shop.snap']);
    expect(diagnosticsOf(review)).toEqual([]);
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
