// dbt's context functions that parse time can evaluate exactly (context/base.py): local_md5, tojson, fromjson,
// fromyaml and zip. What they give is what dbt gives, so configs and conditions built with them stay known.
import { createHash } from 'node:crypto';
import { loadYaml } from '../yaml/yaml.js';
import { plainScalar } from '../yaml/yaml-pyyaml.js';
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
  if (loaded.diagnostics.some((d) => d.severity === 'error') || collectionKeyIn(loaded.value)) return fallback;
  // The text test errs towards yes (a block scalar or quoted text may look so): not known, rather than the default.
  if (COLLECTION_KEY.test(a.args[0])) return UNKNOWN;
  return keysAreStrings(loaded.value) ? (loaded.value ?? null) : UNKNOWN;
}

/**
 * A key written as a list or a mapping (`[a]: 1`, `? [a]`, `{a: 1}: 2`, `{[1]: 2}`), which PyYAML refuses
 * (unhashable); js-yaml would make text of it.
 */
const COLLECTION_KEY =
  /(?:^|\n)[ \t]*(?:-[ \t]+)*(?:\?[ \t]|[[{][^\n]*[\]}][ \t]*:(?:[ \t]|$))|[{,][ \t]*[[{][^\n]*?[\]}][ \t]*:/m;

/** A key js-yaml made of a mapping (`[object Object]`), which the text test above may miss (`{{ y }}`). */
function collectionKeyIn(v: unknown, depth = 0): boolean {
  if (depth > 50 || typeof v !== 'object' || v === null || v instanceof Date) return false;
  if (Array.isArray(v)) return v.some((x) => collectionKeyIn(x, depth + 1));
  return Object.entries(v).some(([k, x]) => k.startsWith('[object ') || collectionKeyIn(x, depth + 1));
}

/** Whether every mapping key is a string to PyYAML too (not a bool, number, null or date). */
function keysAreStrings(v: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (Array.isArray(v)) return v.every((x) => keysAreStrings(x, depth + 1));
  if (typeof v !== 'object' || v === null || v instanceof Date) return true;
  return Object.entries(v).every(([k, x]) => stringKey(k) && keysAreStrings(x, depth + 1));
}

/** A key PyYAML keeps as a string: not a bool, number, null or date. */
function stringKey(k: string): boolean {
  // js-yaml writes a float key's text as JavaScript does (`.inf` -> Infinity).
  if (k === 'Infinity' || k === '-Infinity' || k === 'NaN') return false;
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
