// dbt's context functions that parse time can evaluate exactly (context/base.py): local_md5, tojson, fromjson,
// fromyaml and zip. What they give is what dbt gives, so configs and conditions built with them stay known.
import { createHash } from 'node:crypto';
import { loadYaml } from '../yaml.js';
import { plainScalar } from '../yaml-pyyaml.js';
import { pythonJson } from './builtins.js';
import { Fn, UNKNOWN, hasUnknown, str, tuple } from './values.js';
import type { CallArgs } from './values.js';

const known = (a: CallArgs): boolean => !a.args.some(hasUnknown) && !Object.values(a.kwargs).some(hasUnknown);

/** `local_md5(value)`: the md5 hex digest of the value's text. */
function localMd5(a: CallArgs): unknown {
  if (!known(a) || a.args.length !== 1) return UNKNOWN;
  return createHash('md5').update(str(a.args[0]), 'utf8').digest('hex');
}

/** `tojson(value, default=None, sort_keys=False)`: json.dumps, the default when the value is no JSON. */
function toJson(a: CallArgs): unknown {
  if (!known(a)) return UNKNOWN;
  const fallback = a.args[1] ?? a.kwargs['default'] ?? null;
  return pythonJson(a.args[0], (a.args[2] ?? a.kwargs['sort_keys']) === true) ?? fallback;
}

/** `fromjson(string, default=None)`: json.loads, the default when the text is no JSON. */
function fromJson(a: CallArgs): unknown {
  if (!known(a)) return UNKNOWN;
  const fallback = a.args[1] ?? a.kwargs['default'] ?? null;
  if (typeof a.args[0] !== 'string') return fallback;
  try {
    return JSON.parse(a.args[0]) as unknown;
  } catch {
    return fallback;
  }
}

/**
 * `fromyaml(string, default=None)`: dbt's safe_load (YAML 1.1 as PyYAML reads it), the default when it fails (a list
 * or a mapping as a key too: PyYAML refuses them). What a dict of strings cannot hold as PyYAML does is not known:
 * keys that are not strings to PyYAML (`true:`, `1:`), and a document past the alias guard, which PyYAML loads.
 */
function fromYaml(a: CallArgs): unknown {
  if (!known(a)) return UNKNOWN;
  const fallback = a.args[1] ?? a.kwargs['default'] ?? null;
  if (typeof a.args[0] !== 'string') return fallback;
  const loaded = loadYaml(a.args[0], '<fromyaml>');
  if (loaded.diagnostics.some((d) => d.code === 'yaml-alias-bomb')) return UNKNOWN;
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return fallback;
  const keys = keyKinds(loaded.value);
  return keys === 'refused' ? fallback : keys === 'other' ? UNKNOWN : (loaded.value ?? null);
}

/** Whether every mapping key is a string to PyYAML, or one is a collection (refused), or another scalar. */
function keyKinds(v: unknown, depth = 0): 'strings' | 'refused' | 'other' {
  if (depth > 50) return 'other';
  const items = Array.isArray(v) ? v : typeof v === 'object' && v !== null && !(v instanceof Date) ? null : [];
  const entries = items === null ? Object.entries(v as Record<string, unknown>) : items.map((x) => ['', x] as const);
  let kind: 'strings' | 'refused' | 'other' = 'strings';
  for (const [k, x] of entries) {
    // js-yaml writes a collection key as its text (`1,2`, `[object Object]`).
    if (items === null && (k.startsWith('[object ') || k.includes(','))) return 'refused';
    if (items === null && !stringKey(k)) kind = 'other';
    const inner = keyKinds(x, depth + 1);
    if (inner === 'refused') return inner;
    if (inner === 'other') kind = 'other';
  }
  return kind;
}

/** A key PyYAML keeps as a string: not a bool, number, null or date. */
function stringKey(k: string): boolean {
  try {
    return typeof plainScalar(k) === 'string';
  } catch {
    return false;
  }
}

/** `zip(*args, default=None)`: Python's zip, as a list of tuples (the shortest argument decides the length). */
function zip(a: CallArgs): unknown {
  if (!known(a)) return UNKNOWN;
  const lists = a.args.map((arg) => (Array.isArray(arg) ? arg : typeof arg === 'string' ? [...arg] : null));
  if (lists.some((list) => list === null)) return a.kwargs['default'] ?? null;
  const length = Math.min(...lists.map((list) => (list as unknown[]).length));
  return Array.from({ length: lists.length === 0 ? 0 : length }, (_, i) =>
    tuple(lists.map((list) => (list as unknown[])[i])),
  );
}

export const CONTEXT_FUNCTIONS: ReadonlyArray<[string, Fn]> = [
  ['local_md5', new Fn('local_md5', localMd5)],
  ['tojson', new Fn('tojson', toJson)],
  ['fromjson', new Fn('fromjson', fromJson)],
  ['fromyaml', new Fn('fromyaml', fromYaml)],
  ['zip', new Fn('zip', zip)],
];
