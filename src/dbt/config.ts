// dbt's config precedence and merge rules, written once. A node's config is built from layers, lowest first:
// defaults < dbt_project.yml (least specific folder first) < property-file `config` < SQL `config()` calls
// < (for a package's node) the root project's dbt_project.yml. Merging: `meta`, `docs`, `contract` and the
// other dict configs update by top-level key; `tags` and hooks append; everything else is replaced.
import type { Position } from './types.js';
import type { ConfigTree } from './project.js';
import { isRecord } from './yaml/yaml.js';
import { setKey } from './jinja/values.js';

/** One layer of config with where each key (and each `meta` key) was written. */
export interface ConfigLayer {
  values: Record<string, unknown>;
  /** Position of a top-level config key, or of a meta key when `metaKey` is given. */
  where(key: string, metaKey?: string): Position;
  /**
   * The layer as written, for dbt's `unrendered_config` (unrendered.ts): a `dict` of keys as in the file (a `+`
   * dropped, Jinja not rendered), or the values of a SQL `config()` `call`.
   */
  written?: {
    kind: 'dict' | 'call';
    values: Record<string, unknown>;
    /** A call's values before the adapter's aliases (adapter-aliases.ts), which dbt's static parser keeps. */
    asCalled?: Record<string, unknown>;
  };
}

const APPEND = new Set(['tags', 'pre-hook', 'post-hook', 'packages']);
// dbt's BaseConfig.mergebehavior['update']: `persist_docs` and a model's `freshness` are replaced whole.
const UPDATE = new Set(['meta', 'docs', 'contract', 'quoting', 'column_types']);

/** Config keys as dbt normalises them (`pre_hook` and `pre-hook` are one key). */
export function hookKey(key: string): string {
  if (key === 'pre_hook') return 'pre-hook';
  if (key === 'post_hook') return 'post-hook';
  return key;
}

/** A dbt_project.yml config key as dbt reads it: its `+` dropped (only there: elsewhere `+schema` is a key). */
export function normaliseConfigKey(key: string): string {
  return hookKey(key.startsWith('+') ? key.slice(1).trim() : key);
}

/**
 * dbt's fqn_search: the root of the config tree, then each level along the fqn (package, folders, file name),
 * stopping at the first missing level. At each level, `+key`s and non-dict values are configs; other dicts are
 * deeper levels (so a dict config like `meta` needs its `+`).
 */
export function projectLayers(config: ConfigTree, fqn: string[]): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  let level: Record<string, unknown> = config.tree;
  let rawLevel: Record<string, unknown> = config.raw;
  const add = (dict: Record<string, unknown>, raw: Record<string, unknown>) => {
    const layer = levelLayer(config, dict, raw);
    if (layer) layers.push(layer);
  };
  add(level, rawLevel);
  for (const part of fqn) {
    const next = level[part];
    if (!isRecord(next)) break;
    const rawNext = isRecord(rawLevel[part]) ? (rawLevel[part] as Record<string, unknown>) : {};
    add(next, rawNext);
    level = next;
    rawLevel = rawNext;
  }
  return layers;
}

/** Every model of a folder meets the same levels of the tree: each level's layer is made once. */
const levelLayers = new WeakMap<Record<string, unknown>, ConfigLayer | null>();

function levelLayer(
  config: ConfigTree,
  dict: Record<string, unknown>,
  raw: Record<string, unknown>,
): ConfigLayer | null {
  const known = levelLayers.get(dict);
  if (known !== undefined) return known;
  // Values come from the rendered tree; lines from the parsed one (rendering makes new objects).
  const values: Record<string, unknown> = {};
  const keys: Record<string, string> = {};
  let any = false;
  for (const key in dict) {
    const value = dict[key];
    if (key.startsWith('+') || !isRecord(value)) {
      const name = normaliseConfigKey(key);
      setKey(values, name, value);
      keys[name] = key;
      any = true;
    }
  }
  // dbt's unrendered project configs: `+key`s with the `+` dropped and non-dict keys, as written (not rendered).
  const written: Record<string, unknown> = {};
  for (const key in raw) {
    const value = raw[key];
    if (key.startsWith('+')) setKey(written, key.slice(1).trim(), value);
    else if (!isRecord(value)) setKey(written, key, value);
  }
  // Every model of the folder asks the same questions: each position is looked up once and shared.
  const positions = new Map<string, Position>();
  const layer: ConfigLayer | null = any
    ? {
        values,
        written: { kind: 'dict', values: written },
        where: (key, metaKey) => {
          const asked = metaKey === undefined ? key : `${key}\0${metaKey}`;
          const known = positions.get(asked);
          if (known) return known;
          const written = keys[key] ?? key;
          const value = raw[written];
          const line =
            metaKey !== undefined
              ? config.lines.key(value, metaKey, config.lines.key(raw, written))
              : config.lines.key(raw, written);
          const pos = { file: config.file, line };
          positions.set(asked, pos);
          return pos;
        },
      }
    : null;
  levelLayers.set(dict, layer);
  return layer;
}

/** A layer whose every key sits at one position (a SQL `config()` call, a YAML entry's `config:`). */
export function flatLayer(values: Record<string, unknown>, pos: Position): ConfigLayer {
  // dbt's ParseConfigObject renames the hook keys of a config() call before recording it: the values and the
  // record as written are one dict (nothing changes a layer once made).
  const normalised: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) setKey(normalised, hookKey(key), value);
  return { values: normalised, where: () => pos, written: { kind: 'call', values: normalised } };
}

export interface MergedConfig {
  values: Record<string, unknown>;
  /** Where a config key got its winning value (asked for a few keys only: each answer is a line lookup). */
  positionOf(key: string): Position | undefined;
  /** Where each top-level meta key got its winning value. */
  metaPositions: Record<string, Position>;
}

/** A config value as the list dbt appends (`tags: x` is `[x]`; none is `[]`). */
export function listify(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Merges `layers` onto `defaults`, which it takes over and fills in place (callers pass a fresh object: no copy of
 * some thirty default keys per node).
 */
export function mergeLayers(
  defaults: Record<string, unknown>,
  layers: ConfigLayer[],
  /** Run after each layer, as dbt builds a config object (and runs its __post_init__) for each. */
  settle?: (values: Record<string, unknown>) => void,
  /** The adapter's config fields by position (adapter-configs.ts): a layer adds new ones before other keys. */
  adapterFields: ReadonlyMap<string, number> | null = null,
): MergedConfig {
  // No deep copies: layer values come from parsed files that nothing mutates, and every merge below builds a
  // new list or dict, so a node never shares a container it could change with another node or a cached parse.
  // Positions are looked up once per key, for the layer that won it, not once per layer.
  const values = defaults;
  const winners = new Map<string, ConfigLayer>();
  const metaWinners = new Map<string, ConfigLayer>();
  for (const layer of layers) {
    const own = adapterFields === null ? layer.values : inFieldOrder(layer.values, values, adapterFields);
    for (const key in own) {
      const value = own[key];
      if (APPEND.has(key)) {
        values[key] = [...listify(values[key]), ...listify(value)];
      } else if (key === 'grants' && isRecord(value)) {
        values[key] = mergeGrants(values[key], value);
      } else if (UPDATE.has(key) && isRecord(value)) {
        const current = values[key];
        values[key] = isRecord(current) ? { ...current, ...value } : { ...value };
        if (key === 'meta') for (const metaKey in value) metaWinners.set(metaKey, layer);
      } else {
        setKey(values, key, value);
      }
      winners.set(key, layer);
    }
    settle?.(values);
  }
  const metaPositions: Record<string, Position> = {};
  for (const [metaKey, layer] of metaWinners) metaPositions[metaKey] = layer.where('meta', metaKey);
  return { values, positionOf: (key) => winners.get(key)?.where(key), metaPositions };
}

/** A layer's values as dbt's update_from adds them: the adapter's fields new to the config first, in field order. */
function inFieldOrder(
  layer: Record<string, unknown>,
  values: Record<string, unknown>,
  fields: ReadonlyMap<string, number>,
): Record<string, unknown> {
  let added: string[] | null = null;
  for (const key in layer) if (fields.has(key) && !Object.hasOwn(values, key)) (added ??= []).push(key);
  if (added === null) return layer;
  added.sort((a, b) => fields.get(a)! - fields.get(b)!);
  const out: Record<string, unknown> = {};
  for (const key of added) setKey(out, key, layer[key]);
  for (const key in layer) if (!Object.hasOwn(out, key)) setKey(out, key, layer[key]);
  return out;
}

/**
 * dbt_common's deep_merge: nested dicts merge key by key, a list is the newer list followed by the older one
 * (`list(value) + list(destination[key])`), anything else is replaced.
 */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    setKey(
      out,
      key,
      isRecord(value) && isRecord(current)
        ? deepMerge(current, value)
        : Array.isArray(value) && Array.isArray(current)
          ? [...value, ...current]
          : value,
    );
  }
  return out;
}

/** One layer holding `deep_merge(low, high)`; each key (and meta key) keeps the position of the side it came from. */
export function deepMergeLayers(low: ConfigLayer, high: ConfigLayer): ConfigLayer {
  return {
    values: deepMerge(low.values, high.values),
    written: { kind: 'dict', values: deepMerge(low.written?.values ?? {}, high.written?.values ?? {}) },
    where: (key, metaKey) => {
      const highMeta = high.values['meta'];
      const fromHigh =
        metaKey !== undefined ? isRecord(highMeta) && metaKey in highMeta : Object.hasOwn(high.values, key);
      return fromHigh ? high.where(key, metaKey) : low.where(key, metaKey);
    },
  };
}

/**
 * dbt's DictKeyAppend, for `grants`: each privilege is a list; a later layer replaces a privilege's list, unless
 * it writes the privilege with a `+` (`+select: [...]`), which extends it.
 */
function mergeGrants(current: unknown, value: Record<string, unknown>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (isRecord(current)) for (const privilege in current) out[privilege] = listify(current[privilege]);
  for (const written in value) {
    const extend = written.startsWith('+');
    const privilege = extend ? written.replace(/^\++/, '') : written;
    const grantees = listify(value[written]);
    out[privilege] = extend && out[privilege] ? [...out[privilege], ...grantees] : grantees;
  }
  return out;
}
