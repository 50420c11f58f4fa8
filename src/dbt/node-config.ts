// A node's config defaults by resource type and the final coercion of merged values into dbt's config shape,
// plus small value conversions dbt applies when it writes a node (checksum, deprecation_date, version order).
import type { Diagnostic, NodeConfig, Position, ResourceType } from './types.js';
import { isRecord } from './yaml/yaml.js';
import { YamlTimestamp } from './yaml/yaml-timestamp.js';
import { noItems, noKeys } from './empty.js';

// Thousands of nodes start from these defaults: their lists and dicts are the shared frozen empties (empty.ts),
// and docs/contract shared frozen objects too. Merging never changes a container in place (config.ts builds a new
// list or dict for every merge).
const NO_LIST = noItems();
const NO_DICT = noKeys();
const DEFAULT_DOCS = Object.freeze({ show: true, node_color: null });
const DEFAULT_CONTRACT = Object.freeze({ enforced: false, alias_types: true });

const BASE_DEFAULTS: Record<string, unknown> = {
  enabled: true,
  alias: null,
  schema: null,
  database: null,
  tags: NO_LIST,
  meta: NO_DICT,
  group: null,
  // dbt 1.11.9+ (dbt Fusion's static analysis: on, off or unsafe), null unless set.
  static_analysis: null,
  materialized: 'view',
  incremental_strategy: null,
  batch_size: null,
  lookback: 1,
  begin: null,
  persist_docs: NO_DICT,
  'post-hook': NO_LIST,
  'pre-hook': NO_LIST,
  quoting: NO_DICT,
  column_types: NO_DICT,
  full_refresh: null,
  unique_key: null,
  on_schema_change: 'ignore',
  on_configuration_change: 'apply',
  grants: NO_DICT,
  packages: NO_LIST,
  docs: DEFAULT_DOCS,
  contract: DEFAULT_CONTRACT,
  event_time: null,
  concurrent_batches: null,
  access: 'protected',
  // ModelConfig's own field (dbt 1.10+): a model's freshness (build_after), null unless set. Seeds and snapshots
  // carry it too, so that every node's config has one shape, and the manifest leaves it out of theirs.
  freshness: null,
};

/** Defaults for one node: an object of its own, whose containers are the shared frozen ones above. */
export function defaultsFor(type: ResourceType, language: 'sql' | 'python' | null): Record<string, unknown> {
  const fresh: Record<string, unknown> = { ...BASE_DEFAULTS };
  if (type === 'seed') {
    fresh['materialized'] = 'seed';
    fresh['delimiter'] = ',';
    fresh['quote_columns'] = null;
  } else if (type === 'snapshot') {
    // SnapshotConfig's own fields, in its order (dbt 1.9+: core/dbt/artifacts/resources/v1/snapshot.py).
    fresh['materialized'] = 'snapshot';
    fresh['strategy'] = null;
    fresh['target_schema'] = null;
    fresh['target_database'] = null;
    fresh['updated_at'] = null;
    fresh['check_cols'] = null;
    fresh['snapshot_meta_column_names'] = snapshotMetaColumnNames(null);
    fresh['dbt_valid_to_current'] = null;
  } else if (type === 'function') {
    // FunctionConfig's own fields, in its order (dbt 1.11: core/dbt/artifacts/resources/v1/function.py).
    fresh['materialized'] = 'function';
    fresh['type'] = 'scalar';
    fresh['volatility'] = null;
    fresh['runtime_version'] = null;
    fresh['entry_point'] = null;
  } else if (language === 'python') fresh['materialized'] = 'table';
  return fresh;
}

const ACCESS = new Set(['private', 'protected', 'public']);

const SNAPSHOT_META_COLUMNS = ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'];

/**
 * A snapshot's `snapshot_meta_column_names` as dbt writes it: a SnapshotMetaColumnNames, every field present (null
 * when not set), in its order; other keys are not fields of it. A value set in a config layer replaces the lower
 * one whole (it has no merge behaviour in dbt), so this is applied to the merged value.
 */
export function snapshotMetaColumnNames(value: unknown): Record<string, unknown> {
  const names: Record<string, unknown> = {};
  for (const key of SNAPSHOT_META_COLUMNS) names[key] = isRecord(value) && value[key] !== undefined ? value[key] : null;
  return names;
}

export function configTreeFor(type: ResourceType): 'models' | 'seeds' | 'snapshots' | 'functions' {
  // dbt configures operations (hooks) and analyses from the `models:` tree (get_resource_configs).
  return type === 'model' || type === 'operation' || type === 'analysis'
    ? 'models'
    : type === 'seed'
      ? 'seeds'
      : type === 'function'
        ? 'functions'
        : 'snapshots';
}

/** dbt's UnparsedVersion.__lt__ (1.8+): as numbers when both read as floats, else as Python compares strings. */
export function compareVersions(a: string | number, b: string | number): number {
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && String(a).trim() !== '' && String(b).trim() !== '') return na - nb;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Coerces merged values (in place) into dbt's config shape, reporting values dbt would reject. */
export function finishConfig(
  values: Record<string, unknown>,
  accessPos: Position,
  diagnostics: Diagnostic[],
  /** Only a model's config has `access` (ModelConfig): dbt ignores the key on seeds and snapshots. */
  isModel = true,
): NodeConfig {
  const written = values['tags'];
  // The merged list is this node's own (or the shared empty one): kept when it holds strings only.
  const tags: string[] =
    Array.isArray(written) && written.every((t) => typeof t === 'string')
      ? written
      : (Array.isArray(written) ? written : [written]).filter((t): t is string => typeof t === 'string');
  let access = values['access'];
  if (typeof access !== 'string' || !ACCESS.has(access)) {
    if (isModel)
      diagnostics.push({
        code: 'invalid-access',
        severity: 'error',
        message: `access must be private, protected or public, not \`${String(access)}\`; treated as protected`,
        ...accessPos,
      });
    access = 'protected';
  }
  const contract = isRecord(values['contract']) ? values['contract'] : {};
  const docs = isRecord(values['docs']) ? values['docs'] : {};
  const enabled = values['enabled'];
  // In place (the merged values are this node's own): keys keep the order dbt writes them in.
  const config = values as NodeConfig;
  config.enabled = enabled === false || enabled === 'false' || enabled === 'False' ? false : true;
  config.materialized = typeof values['materialized'] === 'string' ? values['materialized'] : 'view';
  config.tags = tags;
  config.meta = isRecord(values['meta']) ? values['meta'] : {};
  config.group = typeof values['group'] === 'string' ? values['group'] : null;
  config.access = access as NodeConfig['access'];
  const enforced = contract['enforced'] === true;
  const aliasTypes = contract['alias_types'] !== false;
  config.contract = !enforced && aliasTypes ? DEFAULT_CONTRACT : { enforced, alias_types: aliasTypes };
  const show = docs['show'] !== false;
  const color = typeof docs['node_color'] === 'string' ? docs['node_color'] : null;
  config.docs = show && color === null ? DEFAULT_DOCS : { show, node_color: color };
  return config;
}

/**
 * dbt reads `deprecation_date` as a datetime (a bare date is midnight in the machine's time zone) and writes it
 * with isoformat(). CI runs in UTC, so a bare date becomes `YYYY-MM-DDT00:00:00+00:00`; a full timestamp is kept.
 */
export function deprecationDate(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof YamlTimestamp) {
    // dbt's normalize_date (contracts/graph/unparsed.py): a date becomes midnight, a naive datetime takes the
    // machine's zone (astimezone()), an aware one keeps its offset.
    if (value.kind === 'date') return `${value.isoformat()}T00:00:00+00:00`;
    return value.kind === 'naive' ? `${value.isoformat()}+00:00` : value.isoformat();
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? `${iso.slice(0, 10)}T00:00:00+00:00` : iso.replace(/\.000Z$/, '+00:00');
  }
  const text = String(value).trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+00:00` : text;
}
