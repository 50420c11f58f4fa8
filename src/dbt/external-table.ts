// A source table's `external:` as dbt writes it: its ExternalTable dataclass (AdditionalPropertiesAllowed) gives
// every field, null when not set, in the class's order, then the keys it does not know as written; a partition
// given as a mapping is an ExternalPartition alike. A list of names stays a list of names.
import { isRecord } from './yaml/yaml.js';

const TABLE_FIELDS = ['location', 'file_format', 'row_format', 'tbl_properties', 'partitions'] as const;
const PARTITION_DEFAULTS = { name: '', description: '', data_type: '', meta: {} };

/** dbt's ExternalPartition.__post_init__ refuses a partition without a name or a data type (the parse stops). */
export function unnamedPartition(value: unknown): boolean {
  const partitions = isRecord(value) ? value['partitions'] : undefined;
  return Array.isArray(partitions) && partitions.some((p) => isRecord(p) && (!p['name'] || !p['data_type']));
}

export function externalTable(value: unknown): unknown {
  if (!isRecord(value)) return value ?? null;
  const out: Record<string, unknown> = {};
  for (const field of TABLE_FIELDS) out[field] = value[field] ?? null;
  const partitions = value['partitions'];
  if (Array.isArray(partitions) && partitions.length > 0 && partitions.every(isRecord))
    out['partitions'] = partitions.map((partition) => ({ ...PARTITION_DEFAULTS, ...partition }));
  for (const key in value) if (!(key in out)) out[key] = value[key];
  return out;
}
