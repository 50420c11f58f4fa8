// What dbt's parse does to microbatch models (incremental, incremental_strategy microbatch; dbt 1.9+) once every
// node is built: it checks their configs (a missing event_time, begin or batch size stops it) and turns a `begin`
// string into a datetime, which the manifest then writes in ISO form (`2024-01-01` -> `2024-01-01T00:00:00`). Only
// when the microbatch strategy is dbt's or the adapter's (a project's own get_incremental_microbatch_sql runs no
// batches unless its flag asks for them).
import type { Diagnostic, GraphNode } from './types.js';
import { MICROBATCH_SINCE } from './manifest/manifest-shape.js';
import { isRecord } from './yaml/yaml.js';
import { YamlTimestamp } from './yaml/yaml-timestamp.js';

const BATCH_SIZES = new Set(['hour', 'day', 'month', 'year']);

/** Python's datetime.fromisoformat(text).isoformat() (3.11+ forms: date, date and time, `Z` or an offset); null if not one. */
export function isoDatetime(text: string): string | null {
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(
      text,
    );
  if (m === null) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const days = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  const micro = frac === undefined ? '' : frac.padEnd(6, '0');
  const fraction = micro === '' || Number(micro) === 0 ? '' : `.${micro}`;
  let offset = '';
  if (zone === 'Z') offset = '+00:00';
  else if (zone !== undefined) {
    const digits = zone.slice(1).replace(':', '');
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`;
}

/**
 * Checks (and coerces, in place) the configs of the enabled microbatch models among `nodes`, as dbt 1.9+ does when
 * the microbatch strategy is its own or the adapter's (a project's get_incremental_microbatch_sql runs no batches,
 * unless its flag asks).
 */
export function checkMicrobatch(
  nodes: GraphNode[],
  unit: { dbtVersion: number; flags: unknown; ownStrategy: boolean; diagnostics: Diagnostic[] },
): void {
  const flags = isRecord(unit.flags) ? unit.flags : {};
  if (unit.dbtVersion < MICROBATCH_SINCE) return;
  if (unit.ownStrategy && flags['require_batched_execution_for_custom_microbatch_strategy'] !== true) return;
  const diagnostics = unit.diagnostics;
  for (const node of nodes) {
    const config = node.config;
    if (
      node.resource_type !== 'model' ||
      !config.enabled ||
      config.materialized !== 'incremental' ||
      config['incremental_strategy'] !== 'microbatch'
    )
      continue;
    const unknown = new Set(node.unknownConfig ?? []);
    if (unknown.has('*')) continue;
    const at = { file: node.file, line: node.configPositions['materialized']?.line ?? 1 };
    const refuse = (message: string) =>
      diagnostics.push({
        code: 'invalid-microbatch',
        severity: 'error',
        message: `Microbatch model '${node.name}' ${message} (dbt stops here)`,
        ...at,
      });
    const eventTime = config['event_time'];
    if (!unknown.has('event_time') && typeof eventTime !== 'string')
      refuse("must provide an 'event_time' (string) config that indicates the name of the event time column");
    const begin = config['begin'];
    if (!unknown.has('begin')) {
      if (begin === null || begin === undefined)
        refuse("must provide a 'begin' (datetime) config that indicates the earliest timestamp to build from");
      else if (typeof begin === 'string') {
        const iso = isoDatetime(begin);
        if (iso === null) refuse(`must provide a 'begin' config of valid datetime (ISO format), but got: ${begin}`);
        else config['begin'] = iso;
      } else if (!(begin instanceof YamlTimestamp) || begin.kind === 'date')
        // An unquoted YAML date is a date to PyYAML, not a datetime; a number is neither.
        refuse(
          `must provide a 'begin' config of type datetime, but got: ${begin instanceof YamlTimestamp ? 'a date' : typeof begin}`,
        );
    }
    const lookback = config['lookback'];
    // A bool is an int to Python.
    if (!unknown.has('lookback') && lookback !== null && !Number.isInteger(lookback) && typeof lookback !== 'boolean')
      refuse(`must provide the optional 'lookback' config as type int, but got: ${JSON.stringify(lookback)}`);
    const concurrent = config['concurrent_batches'];
    if (
      !unknown.has('concurrent_batches') &&
      concurrent !== null &&
      concurrent !== undefined &&
      typeof concurrent !== 'boolean'
    )
      refuse(
        `optional 'concurrent_batches' config must be of type bool if specified, but got: ${JSON.stringify(concurrent)}`,
      );
    const batchSize = config['batch_size'];
    if (!unknown.has('batch_size') && (typeof batchSize !== 'string' || !BATCH_SIZES.has(batchSize)))
      refuse(`must provide a 'batch_size' config that is one of hour, day, month, year, but got: ${String(batchSize)}`);
  }
}
