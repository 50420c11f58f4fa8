// Which dbt version's manifest to write. dbt 1.12 hashes files with their whitespace compacted and adds keys (seen
// in manifests dbt 1.12.0 to 1.12.4 wrote); 1.11.0 added `functions`, 1.11.9 `static_analysis` in configs; 1.10 and
// 1.9 added the keys in SINCE (seen in manifests dbt 1.8.4, 1.9.0 and 1.9.3 wrote; the snapshot keys as dbt's docs
// date them). Without a version, the manifest is dbt 1.11.9+'s. Before 1.8, what 1.8 changed is not followed.
import { hash } from 'node:crypto';
import type { Checksum } from './checksum.js';
import { isPythonSpace } from './text.js';

export interface ManifestShape {
  /** dbt 1.12's read_files.normalize_file_contents: a file's checksum is of `" ".join(text.split())` (not seeds). */
  compactChecksums: boolean;
  /** dbt 1.12's ColumnInfo `dimension` and `entity`, and ModelConfig `on_error` and `latest_version_pointer`. */
  newKeys: boolean;
  /** A macro id dbt could not find (a generic test's): `"None"` in dbt 1.12, null before. */
  noneAsText: boolean;
  /** dbt 1.12 turns `validate_macro_args` on: a macro's arguments are its parameters unless an entry gives them. */
  macroArguments: boolean;
  /** dbt 1.11.9+: `static_analysis` in the configs of nodes, tests, sources and unit tests. */
  staticAnalysis: boolean;
  /** dbt 1.11+: nodes' `functions` lists and the manifest's `functions` dict. */
  functions: boolean;
  /** The 1.x minor version written: keys of SINCE that came later are left out. */
  minor: number;
}

export const DBT_1_11: ManifestShape = {
  compactChecksums: false,
  newKeys: false,
  noneAsText: false,
  macroArguments: false,
  staticAnalysis: true,
  functions: true,
  minor: 11,
};
const DBT_1_12: ManifestShape = {
  ...DBT_1_11,
  compactChecksums: true,
  newKeys: true,
  noneAsText: true,
  macroArguments: true,
  minor: 12,
};

/** `1.12`, `1.12.4`, `1.12.0b3`: the shape of that version; null for text that names no version. */
export function manifestShape(version: string): ManifestShape | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]?(?:a|b|rc|post|dev)\d*)?$/i.exec(version.trim());
  if (match === null) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  // A version without its patch is taken as that minor's newest.
  const patch = match[3] === undefined ? Infinity : Number(match[3]);
  if (major > 1 || (major === 1 && minor >= 12)) return DBT_1_12;
  if (major === 1 && minor === 11) return patch >= 9 ? DBT_1_11 : { ...DBT_1_11, staticAnalysis: false };
  return { ...DBT_1_11, staticAnalysis: false, functions: false, minor: major === 1 ? minor : 0 };
}

/** Keys dbt writes from a 1.x minor version on, by where they are. */
const SINCE = {
  node: { doc_blocks: 10, primary_key: 9, time_spine: 9 },
  // Every node's config: seeds and snapshots have the microbatch keys too.
  nodeConfig: {
    freshness: 10,
    batch_size: 9,
    lookback: 9,
    begin: 9,
    event_time: 9,
    concurrent_batches: 9,
    snapshot_meta_column_names: 9,
    dbt_valid_to_current: 9,
  },
  column: { config: 10, granularity: 9, doc_blocks: 10 },
  source: { loaded_at_query: 10, doc_blocks: 10 },
  sourceConfig: { event_time: 9, freshness: 10, loaded_at_field: 10, loaded_at_query: 10, meta: 10, tags: 10 },
  exposureConfig: { meta: 9, tags: 9 },
} as const satisfies Record<string, Record<string, number>>;
const NEWEST_OF_SINCE = 10;

/** `json` without the keys of `where` that the shape's dbt version does not write yet (itself when it has them all). */
export function withoutNewerKeys(
  json: Record<string, unknown>,
  where: keyof typeof SINCE,
  shape: ManifestShape,
  /** A config's keys as the user wrote them (unrendered_config): theirs stay, as dbt keeps a key it does not know. */
  userSet: Record<string, unknown> = {},
): Record<string, unknown> {
  if (shape.minor >= NEWEST_OF_SINCE) return json;
  const since: Readonly<Record<string, number>> = SINCE[where];
  const out: Record<string, unknown> = {};
  for (const key in json) {
    const newer = key in since && since[key]! > shape.minor;
    if (newer && !Object.hasOwn(userSet, key)) continue;
    out[key] = json[key];
  }
  return out;
}

/** A config as the shape writes it: without `static_analysis` before dbt 1.11.9. */
export function configForShape(config: Record<string, unknown>, shape: ManifestShape): Record<string, unknown> {
  if (shape.staticAnalysis || !('static_analysis' in config)) return config;
  const { static_analysis: _omitted, ...rest } = config;
  return rest;
}

/** A node's checksum in the shape's form: seeds (and checksums not of a file's text) as they are. */
export function checksumJson(checksum: Checksum, shape: ManifestShape, isSeed: boolean): unknown {
  const json = checksum.toJSON();
  if (!shape.compactChecksums || isSeed) return json;
  const text = checksum.text();
  return text === null ? json : { name: 'sha256', checksum: hash('sha256', compactWhitespace(text), 'hex') };
}

/** Python's `" ".join(text.split())`: runs of whitespace (str.isspace) become one space, none at either end. */
export function compactWhitespace(text: string): string {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isPythonSpace(text.charCodeAt(i));
    if (space && start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return words.join(' ');
}
