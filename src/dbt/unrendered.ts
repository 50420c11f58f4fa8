// dbt's `unrendered_config`: the configs a node was given, as written, for state comparison. dbt builds it with its
// UnrenderedConfigGenerator: from nothing (no defaults), each layer of dbt_project.yml as written (a `+` dropped,
// Jinja not rendered), then the property entry's `config:`, then the SQL config() calls, then (for a package's node)
// the root project's levels, each one a plain shallow dict update: no meta merge, no tags append. Only the
// config() calls are collected first, as dbt's ContextConfig does (tags and hooks appended, dict configs updated).
import type { ConfigLayer } from './config.js';
import { isRecord } from './yaml/yaml.js';
import { setKey } from './jinja/values.js';

/**
 * BaseConfig.mergebehavior, for collecting config() calls (dbt_common's merge_config_dicts): the first call is kept
 * as written (`post_hook="x"` stays a string), later ones append tags, hooks and packages (as lists), update dicts,
 * append grants privilege by privilege and update snapshot_meta_column_names key by key.
 */
const APPEND = new Set(['pre-hook', 'pre_hook', 'post-hook', 'post_hook', 'tags', 'packages']);
const UPDATE = new Set(['quoting', 'column_types', 'meta', 'docs', 'contract']);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? [...value] : [value]);

function addConfigCall(into: Record<string, unknown>, call: Record<string, unknown>): void {
  if (Object.keys(into).length === 0) return assignOwn(into, call);
  for (const key in call) {
    const value = call[key];
    const current = into[key];
    if (APPEND.has(key)) {
      // The first call's value may be a string still.
      into[key] = current === undefined ? asList(value) : [...asList(current), ...asList(value)];
    } else if (UPDATE.has(key) && isRecord(current) && isRecord(value)) {
      into[key] = { ...current, ...value };
    } else if (key === 'grants' && isRecord(value)) {
      into[key] = appendGrants(current, value);
    } else if (key === 'snapshot_meta_column_names' && isRecord(value)) {
      into[key] = { ...(isRecord(current) ? current : {}), ...value };
    } else {
      setKey(into, key, value);
    }
  }
}

/**
 * merge_config_dicts' dict_key_append: every privilege a list; a privilege written with its `+` (kept, unlike the
 * rendered config's merge) extends the list of the same key, any other replaces it.
 */
function appendGrants(current: unknown, value: Record<string, unknown>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (isRecord(current)) for (const privilege in current) setKey(out, privilege, asList(current[privilege]));
  for (const privilege in value) {
    const had = Object.hasOwn(out, privilege) ? out[privilege] : undefined;
    setKey(
      out,
      privilege,
      privilege.startsWith('+') && had ? [...had, ...asList(value[privilege])] : asList(value[privilege]),
    );
  }
  return out;
}

/** `Object.assign`, except that a `__proto__` key (YAML data) is a key, not a prototype. */
function assignOwn(into: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const key in values) setKey(into, key, values[key]);
}

/**
 * `unrendered_config` of a node built from `layers` (lowest first, as buildNode stacks them). `staticCalls`: the
 * first config() call as written (jinja/static-config.ts), which dbt 1.9+ records in place of every rendered call
 * when its `state_modified_compare_more_unrendered_values` flag is on.
 */
export function unrenderedConfig(
  layers: readonly ConfigLayer[],
  staticCalls: Record<string, unknown> | null = null,
  /**
   * The file is what dbt's static parser reads: `static`, its calls' values as written (dict(configs)), a later one's
   * over an earlier's; `static-patched`, when a property entry's config made dbt build the node's config again: the
   * calls merged key by key (_get_config_call_dict).
   */
  staticallyParsed: false | 'static' | 'static-patched' = false,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let calls: Record<string, unknown> | null = null;
  // dbt's ModelParser.populate updates the finished unrendered_config with the static calls: after every layer,
  // the root project's levels of a package model too.
  const asWritten: Record<string, unknown> = {};
  let staticDone = false;
  const flush = () => {
    if (calls !== null) assignOwn(result, calls);
    calls = null;
  };
  for (const layer of layers) {
    const written = layer.written;
    if (written === undefined) continue;
    if (written.kind === 'call') {
      // A static model's calls are the parser's whatever dbt's flag says (no unrendered call dict is recorded):
      // merged key by key (_get_config_call_dict), and, unless a patch builds the config again, also copied as
      // the parser read them (populate's update(dict(configs)): a tags string stays one, an alias stays written).
      if (staticallyParsed !== false) {
        for (const key in written.values) addConfigCall((calls ??= {}), { [key]: written.values[key] });
        if (staticallyParsed === 'static') assignOwn(asWritten, written.asCalled ?? written.values);
      } else if (staticCalls === null) addConfigCall((calls ??= {}), written.values);
      else if (!staticDone) {
        assignOwn(result, staticCalls);
        staticDone = true;
      }
      continue;
    }
    flush();
    assignOwn(result, written.values);
  }
  flush();
  assignOwn(result, asWritten);
  return result;
}
