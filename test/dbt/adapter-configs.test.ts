// The adapter's config fields come first among a config's keys no base class declares, in the adapter class's
// order, as dbt's update_from adds them: real manifests write BigQuery's cluster_by before partition_by and labels
// before a `description` config, and ClickHouse's engine before order_by, whatever the config() call's order.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles } from './helpers.js';

const configKeys = (type: string, sql: string, yml?: string) => {
  const files: Record<string, string> = { 'dbt_project.yml': 'name: p\n', 'models/m.sql': sql };
  if (yml !== undefined) files['models/m.yml'] = yml;
  const graph = compileFiles(files, { target: { type }, tests: true });
  const manifest = toManifest(graph, { schema: 'public', database: 'analytics', type }) as {
    nodes: Record<string, { config: Record<string, unknown> }>;
  };
  const tail = (id: string) => Object.keys(manifest.nodes[id]!.config).slice(-3);
  return { model: tail('model.p.m'), tests: Object.keys(manifest.nodes).filter((id) => id.startsWith('test.')), tail };
};

describe("an adapter's config fields", () => {
  it('come before the keys no class declares, in the adapter class order (BigQuery)', () => {
    const sql = "{{ config(description='d', labels={'a': 'b'}, partition_by={'field': 'x'}) }}\nselect 1 as x";
    expect(configKeys('bigquery', sql).model).toEqual(['partition_by', 'labels', 'description']);
    const clustered = "{{ config(partition_by={'field': 'x'}, cluster_by=['x']) }}\nselect 1 as x";
    expect(configKeys('bigquery', clustered).model.slice(-2)).toEqual(['cluster_by', 'partition_by']);
  });

  it('follow the ClickHouse class too, and keep the call order on an adapter not listed', () => {
    const sql = "{{ config(order_by='d', engine='MergeTree()') }}\nselect 1 as d";
    expect(configKeys('clickhouse', sql).model.slice(-2)).toEqual(['engine', 'order_by']);
    expect(configKeys('duckdb', sql).model.slice(-2)).toEqual(['order_by', 'engine']);
  });

  it("order a test's config as well", () => {
    const yml = [
      'models:',
      '  - name: m',
      '    columns:',
      '      - name: x',
      '        data_tests:',
      "          - unique: {config: {description: 'd', labels: {a: b}}}",
      '',
    ].join('\n');
    const { tests, tail } = configKeys('bigquery', 'select 1 as x', yml);
    expect(tail(tests[0]!).slice(-2)).toEqual(['labels', 'description']);
  });
});
