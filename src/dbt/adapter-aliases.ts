// The config keys an adapter spells two ways. dbt passes every config dict through the adapter's
// `Credentials.translate_aliases` before it merges it (ContextConfigGenerator and UnrenderedConfigGenerator's
// _update_from_config: dbt_project.yml levels, a property entry's `config:`, the config() calls), and every source
// entry, recursively, before it reads it (SourceParser.parse). So on BigQuery `+dataset: core` is `schema: core`,
// and a source's `project:` is its `database:`.
import type { ConfigLayer } from './config.js';
import type { Diagnostic, Position } from './types.js';
import { setKey } from './jinja/values.js';
import { isRecord } from './yaml/yaml.js';

export type Aliases = Readonly<Record<string, string>>;

/** Each adapter's `_ALIASES` (legacy name -> current name), as its Credentials class declares them. */
const ADAPTER_ALIASES: Readonly<Record<string, Aliases>> = {
  postgres: { dbname: 'database', pass: 'password' },
  redshift: { dbname: 'database', pass: 'password' },
  bigquery: {
    project: 'database',
    dataset: 'schema',
    target_project: 'target_database',
    target_dataset: 'target_schema',
    retries: 'job_retries',
    timeout_seconds: 'job_execution_timeout_seconds',
  },
  databricks: { catalog: 'database', target_catalog: 'target_database' },
  athena: { catalog: 'database' },
  trino: { catalog: 'database' },
};

/** The aliases of adapter `type` (`target.type`), or null when it has none known here. */
export function aliasesOf(type: string | undefined): Aliases | null {
  return type !== undefined && Object.hasOwn(ADAPTER_ALIASES, type) ? ADAPTER_ALIASES[type]! : null;
}

function hasAlias(dict: Record<string, unknown>, aliases: Aliases): boolean {
  for (const key in dict) if (Object.hasOwn(aliases, key)) return true;
  return false;
}

export interface Translated<T> {
  value: T;
  /** Keys written both ways (`dataset` and `schema`): dbt stops with "Got duplicate keys" (the later one is kept). */
  conflicts: string[];
}

/**
 * dbt's translate_aliases: each key written as an alias becomes its current name, in its place. With `recurse`,
 * dicts inside dicts and lists too. Returns `value` itself when nothing is renamed.
 */
export function translateAliases<T>(value: T, aliases: Aliases, recurse: boolean): Translated<T> {
  const conflicts: string[] = [];
  const walk = (item: unknown): unknown => {
    if (Array.isArray(item)) {
      if (!recurse) return item;
      let changed = false;
      const out = item.map((entry) => {
        const next = walk(entry);
        if (next !== entry) changed = true;
        return next;
      });
      return changed ? out : item;
    }
    if (!isRecord(item)) return item;
    let changed = hasAlias(item, aliases);
    const out: Record<string, unknown> = {};
    for (const key in item) {
      const name = Object.hasOwn(aliases, key) ? aliases[key]! : key;
      if (Object.hasOwn(out, name)) conflicts.push(name);
      const entry = item[key];
      const next = recurse ? walk(entry) : entry;
      if (next !== entry) changed = true;
      setKey(out, name, next);
    }
    return changed ? out : item;
  };
  return { value: walk(value) as T, conflicts };
}

const NO_CONFLICTS: string[] = [];

/** Translated layers, one per layer and alias set: a dbt_project.yml level is shared by every node under it. */
const translatedLayers = new WeakMap<Aliases, WeakMap<ConfigLayer, Translated<ConfigLayer>>>();

/**
 * `layer` with its keys (values and as written) under their current names; `where` still finds a key's line by the
 * name it was written with. The layer itself when it uses no alias.
 */
export function translateLayer(layer: ConfigLayer, aliases: Aliases): Translated<ConfigLayer> {
  if (!hasAlias(layer.values, aliases) && !(layer.written && hasAlias(layer.written.values, aliases)))
    return { value: layer, conflicts: NO_CONFLICTS };
  let known = translatedLayers.get(aliases);
  if (!known) translatedLayers.set(aliases, (known = new WeakMap()));
  const hit = known.get(layer);
  if (hit) return hit;
  const values = translateAliases(layer.values, aliases, false);
  // A call's layer holds one dict as its values and as written: translated once.
  const written =
    layer.written &&
    (layer.written.values === layer.values ? values : translateAliases(layer.written.values, aliases, false));
  // The name each current name was written with (`schema` -> `dataset`).
  const writtenAs = new Map<string, string>();
  for (const key in layer.values) if (Object.hasOwn(aliases, key)) writtenAs.set(aliases[key]!, key);
  const result: Translated<ConfigLayer> = {
    value: {
      values: values.value,
      ...(layer.written && written
        ? { written: { kind: layer.written.kind, values: written.value, asCalled: layer.written.values } }
        : {}),
      where: (key, metaKey) => layer.where(writtenAs.get(key) ?? key, metaKey),
    },
    conflicts: [...new Set([...values.conflicts, ...(written?.conflicts ?? [])])],
  };
  known.set(layer, result);
  return result;
}

/** A key written both as itself and as an alias of it, in one dict (dbt stops: "Got duplicate keys"). */
export function aliasConflict(key: string, pos: Position): Diagnostic {
  return {
    code: 'alias-conflict',
    severity: 'error',
    message: `\`${key}\` is written twice, once as an alias the adapter reads as \`${key}\`; dbt stops with "Got duplicate keys" (the later one is used here)`,
    ...pos,
  };
}

/** Each of `layers` translated in place; a key written both ways in one of them is reported where it is written. */
export function translateLayers(layers: ConfigLayer[], aliases: Aliases | null, diagnostics: Diagnostic[]): void {
  if (aliases === null) return;
  // dbt merges a file's config() calls into one dict before translating it: one call's `dataset` and another's
  // `schema` are written twice there too.
  let spellings = new Map<string, string>();
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const translated = translateLayer(layer, aliases);
    layers[i] = translated.value;
    const conflicts = new Set(translated.conflicts);
    if (layer.written?.kind === 'call') {
      for (const key in layer.values) {
        const name = Object.hasOwn(aliases, key) ? aliases[key]! : key;
        const before = spellings.get(name);
        if (before !== undefined && before !== key) conflicts.add(name);
        spellings.set(name, key);
      }
    } else spellings = new Map();
    for (const key of conflicts) diagnostics.push(aliasConflict(key, translated.value.where(key)));
  }
}
