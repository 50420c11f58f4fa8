// Column changes of one model: removed, added, retyped, and renamed (a guess, see pairRenames).
import type { Column } from '../dbt/types.js';
import type { ColumnChange } from './types.js';

/**
 * Other names of one SQL type, as Postgres, Redshift, Snowflake, DuckDB and BigQuery all read them (compared
 * without spaces): writing `int8` for `bigint` changes no column. Names one warehouse reads differently from
 * another (`int` is 64-bit on Snowflake and BigQuery, 32-bit on Postgres; `float`) are left as written.
 */
const SAME_TYPE: Readonly<Record<string, string>> = {
  int8: 'bigint',
  int4: 'integer',
  int2: 'smallint',
  float8: 'doubleprecision',
  float4: 'real',
  bool: 'boolean',
  decimal: 'numeric',
  charactervarying: 'varchar',
  character: 'char',
  timestamptz: 'timestampwithtimezone',
  timestampwithouttimezone: 'timestamp',
};

/**
 * Warehouse types compare case- and space-insensitively (`VARCHAR(10)` equals `varchar( 10 )`), and by their
 * SAME_TYPE name (`int8(…)` never has arguments; `decimal(10,2)` equals `numeric(10,2)`).
 */
function normalizeType(type: string | null): string | null {
  if (type === null) return null;
  const compact = type.toLowerCase().replace(/\s+/g, '');
  const open = compact.indexOf('(');
  const name = open === -1 ? compact : compact.slice(0, open);
  const same = SAME_TYPE[name];
  return same === undefined ? compact : same + compact.slice(name.length);
}

/** Columns are matched by name case-insensitively, as most warehouses fold unquoted identifiers. */
function keyOf(name: string): string {
  return name.toLowerCase();
}

interface Indexed {
  column: Column;
  index: number;
}

function indexColumns(columns: Record<string, Column>): Map<string, Indexed> {
  const map = new Map<string, Indexed>();
  Object.values(columns).forEach((column, index) => map.set(keyOf(column.name), { column, index }));
  return map;
}

/**
 * The rename heuristic. A property file has no notion of renaming, so a removed column and an added column are
 * reported as one rename when they look like the same column under a new name:
 * - their normalized `data_type` is equal, and
 * - their position in the column list is close: within 1 when both are typed, exactly equal when both are untyped
 *   (no type to corroborate, so only the same slot counts).
 * Pairs are taken greedily by closest position, then by column order; each column pairs at most once.
 */
function pairRenames(removed: Indexed[], added: Indexed[]): Array<[Indexed, Indexed]> {
  const candidates: Array<{ from: Indexed; to: Indexed; distance: number }> = [];
  for (const from of removed) {
    for (const to of added) {
      const fromType = normalizeType(from.column.data_type);
      if (fromType !== normalizeType(to.column.data_type)) continue;
      const distance = Math.abs(from.index - to.index);
      if (distance <= (fromType === null ? 0 : 1)) candidates.push({ from, to, distance });
    }
  }
  candidates.sort((a, b) => a.distance - b.distance || a.from.index - b.from.index || a.to.index - b.to.index);
  const used = new Set<Indexed>();
  const pairs: Array<[Indexed, Indexed]> = [];
  for (const { from, to } of candidates) {
    if (used.has(from) || used.has(to)) continue;
    used.add(from);
    used.add(to);
    pairs.push([from, to]);
  }
  return pairs;
}

export function diffColumns(base: Record<string, Column>, head: Record<string, Column>): ColumnChange[] {
  const before = indexColumns(base);
  const after = indexColumns(head);
  const changes: ColumnChange[] = [];
  const removed: Indexed[] = [];
  const added: Indexed[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) {
      removed.push(old);
      continue;
    }
    const fromType = old.column.data_type;
    const toType = now.column.data_type;
    if (normalizeType(fromType) !== normalizeType(toType)) {
      changes.push({ column: old.column.name, kind: 'retyped', fromType, toType });
    }
  }
  for (const [key, now] of after) if (!before.has(key)) added.push(now);

  const pairs = pairRenames(removed, added);
  const paired = new Set(pairs.flat());
  for (const [from, to] of pairs) {
    changes.push({ column: from.column.name, kind: 'renamed', to: to.column.name });
  }
  for (const old of removed) if (!paired.has(old)) changes.push({ column: old.column.name, kind: 'removed' });
  for (const now of added) if (!paired.has(now)) changes.push({ column: now.column.name, kind: 'added' });
  return changes;
}
