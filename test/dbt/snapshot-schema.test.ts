// Where a snapshot is built, as dbt 1.9+ writes it: the legacy target_schema / target_database configs used as
// written (SnapshotParser.set_snapshot_attributes), over schema / database (generate_schema_name); and the config
// keys of dbt's SnapshotConfig with their defaults.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFixture, diagnosticsOf } from './helpers.js';

const graph = compileFixture('snapshot-schema');
const { nodes } = toManifest(graph, { schema: 'dbt_ci', database: 'analytics' }) as {
  nodes: Record<string, Record<string, unknown> & { config: Record<string, unknown> }>;
};
const snapshot = (name: string) => {
  const found = nodes[`snapshot.snaps.${name}`];
  if (!found) throw new Error(`no snapshot ${name}; nodes: ${Object.keys(nodes).join(', ')}`);
  return found;
};
const where = (name: string) => {
  const s = snapshot(name);
  return [s['database'], s['schema'], s['relation_name']];
};

describe('snapshot schema and database', () => {
  it('compiles the fixture without diagnostics', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
  });

  it("uses a target_schema from dbt_project.yml as written, without the target's schema prefix", () => {
    expect(where('from_project')).toEqual(['analytics', 'snapshots', '"analytics"."snapshots"."from_project"']);
  });

  it('uses target_schema and target_database from config() in the block', () => {
    expect(where('sql_config')).toEqual(['archive', 'snapshots', '"archive"."snapshots"."sql_config"']);
  });

  it('lets target_schema win over schema, as dbt overrides the generated schema with it', () => {
    expect(where('both_schemas')).toEqual([
      'analytics',
      'legacy_snapshots',
      '"analytics"."legacy_snapshots"."both_schemas"',
    ]);
  });

  it('builds schema and database without target_ configs as for models (generate_schema_name)', () => {
    expect(where('schema_only')).toEqual(['warehouse', 'dbt_ci_history', '"warehouse"."dbt_ci_history"."schema_only"']);
  });

  it('uses target_schema from the config of a snapshot defined in YAML', () => {
    expect(where('from_yaml')).toEqual(['analytics', 'yaml_snapshots', '"analytics"."yaml_snapshots"."from_yaml"']);
  });
});

describe('snapshot config', () => {
  const NULL_NAMES = { dbt_valid_to: null, dbt_valid_from: null, dbt_scd_id: null, dbt_updated_at: null };

  it("writes SnapshotConfig's keys in its order (NodeConfig's, then its own), with dbt's defaults", () => {
    const config = snapshot('from_project').config;
    expect(Object.keys(config)).toEqual([
      'enabled',
      'alias',
      'schema',
      'database',
      'tags',
      'meta',
      'group',
      'static_analysis',
      'materialized',
      'incremental_strategy',
      'batch_size',
      'lookback',
      'begin',
      'persist_docs',
      'post-hook',
      'pre-hook',
      'quoting',
      'column_types',
      'full_refresh',
      'unique_key',
      'on_schema_change',
      'on_configuration_change',
      'grants',
      'packages',
      'docs',
      'contract',
      'event_time',
      'concurrent_batches',
      'strategy',
      'target_schema',
      'target_database',
      'updated_at',
      'check_cols',
      'snapshot_meta_column_names',
      'dbt_valid_to_current',
    ]);
    expect(config).toMatchObject({
      lookback: 1,
      materialized: 'snapshot',
      unique_key: 'id',
      strategy: 'timestamp',
      target_schema: 'snapshots',
      target_database: null,
      updated_at: 'updated_at',
      check_cols: null,
      dbt_valid_to_current: null,
    });
  });

  it('writes every snapshot meta column name, null when not set; a layer replaces the lower one whole', () => {
    // dbt_project.yml sets dbt_scd_id for all; the block's config() replaces the whole dict, as dbt's Clobber does.
    expect(snapshot('from_project').config['snapshot_meta_column_names']).toEqual({
      ...NULL_NAMES,
      dbt_scd_id: 'scd_id',
      dbt_is_deleted: null,
    });
    expect(snapshot('sql_config').config['snapshot_meta_column_names']).toEqual({
      ...NULL_NAMES,
      dbt_valid_to: 'valid_to',
      dbt_is_deleted: null,
    });
    expect(snapshot('sql_config').config['check_cols']).toEqual(['status']);
  });

  it('keeps configs dbt does not declare (hard_deletes) after the declared ones', () => {
    const config = snapshot('from_yaml').config;
    expect(config).toMatchObject({ dbt_valid_to_current: "to_date('9999-12-31')", hard_deletes: 'invalidate' });
    const keys = Object.keys(config);
    expect(keys.indexOf('hard_deletes')).toBeGreaterThan(keys.indexOf('dbt_valid_to_current'));
  });
});
