// Which dbt version's manifest to write. dbt 1.12 hashes files with their whitespace compacted and adds keys (seen
// in manifests dbt 1.12.0 to 1.12.4 wrote); 1.11.0 added `functions`, 1.11.9 `static_analysis` in configs; 1.10 and
// 1.9 added the keys in SINCE (seen in manifests dbt 1.8.4, 1.9.0 and 1.9.3 wrote; the snapshot keys as dbt's docs
// date them). Without a version, the manifest is dbt 1.11.9+'s. Before 1.8, what 1.8 changed is not followed.
import { hash } from 'node:crypto';
import type { Checksum } from '../checksum.js';
import { isPythonSpace } from '../text.js';
import type { StaticConfigStyle } from '../jinja/static-config.js';

export interface ManifestShape {
  /** The dbt version written, as `version(minor, patch)` of 1.x (a version without its patch is its minor's newest). */
  version: number;
  /** dbt 1.12's read_files.normalize_file_contents: a file's checksum is of `" ".join(text.split())` (not seeds). */
  compactChecksums: boolean;
  /** dbt 1.12's ColumnInfo `dimension` and `entity`, and ModelConfig `on_error` and `latest_version_pointer`. */
  newKeys: boolean;
  /** A macro id dbt could not find (a generic test's): `"None"` in dbt 1.12, null before. */
  noneAsText: boolean;
  /** dbt 1.12 turns `validate_macro_args` on: a macro's arguments are its parameters unless an entry gives them. */
  macroArguments: boolean;
  /** dbt 1.11+: the manifest's `functions` dict (nodes' `functions` lists are in SINCE). */
  functions: boolean;
}

/** A dbt 1.x version as one comparable number. */
const version = (minor: number, patch = 0): number => minor * 1000 + Math.min(patch, 999);

function shapeOf(written: number): ManifestShape {
  const is112 = written >= version(12);
  return {
    version: written,
    compactChecksums: is112,
    newKeys: is112,
    noneAsText: is112,
    macroArguments: is112,
    functions: written >= version(11),
  };
}

/** What `manifest` writes without a version: dbt 1.11.9+'s manifest. */
export const DBT_1_11: ManifestShape = shapeOf(version(11, Infinity));

/** `1.12`, `1.12.4`, `1.12.0b3`: the shape of that version; null for text that names no version. */
export function manifestShape(text: string): ManifestShape | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]?(?:a|b|rc|post|dev)\d*)?$/i.exec(text.trim());
  if (match === null) return null;
  const major = Number(match[1]);
  // A version without its patch is taken as that minor's newest.
  const patch = match[3] === undefined ? Infinity : Number(match[3]);
  if (major > 1) return shapeOf(version(12, Infinity));
  return shapeOf(major === 1 ? version(Number(match[2]), patch) : 0);
}

/** A behaviour flag as the root project's `flags:` sets it (undefined when it does not). */
function flagOf(flags: unknown, name: string): unknown {
  return typeof flags === 'object' && flags !== null ? (flags as Record<string, unknown>)[name] : undefined;
}

/**
 * How dbt records a SQL node's config() call in `unrendered_config` (jinja/static-config.ts): with the root
 * project's flag `state_modified_compare_more_unrendered_values` (dbt 1.9+, on by default from 1.12), as written:
 * Jinja's node repr before 1.12, rebuilt text from 1.12 on; null when the flag is off (the rendered values).
 */
export function staticConfigStyle(written: number, flags: unknown): StaticConfigStyle | null {
  if (written < version(9)) return null;
  const set = flagOf(flags, 'state_modified_compare_more_unrendered_values');
  const on = typeof set === 'boolean' ? set : written >= version(12);
  return on ? (written >= version(12) ? 'text' : 'repr') : null;
}

/**
 * Whether dbt reads a generic test's `arguments:` as the test's arguments: the flag
 * `require_generic_test_arguments_property` (dbt 1.10.5) says so, and is on by default from 1.10.8; otherwise
 * `arguments` is one more argument, passed to the macro as it is.
 */
export function testArgumentsProperty(written: number, flags: unknown): boolean {
  const set = flagOf(flags, 'require_generic_test_arguments_property');
  return typeof set === 'boolean' ? set && written >= version(10, 5) : written >= version(10, 8);
}

/**
 * Before this version, dbt configured not_null/unique tests (its parse shortcut) by get_static_config; dbt-core #11208
 * (January 2025) gave them their whole config, in 1.10 (a 1.9 patch release may have it too: not known here).
 */
export const STATIC_SHORTCUT_UNTIL = version(10);

/** Keys dbt writes from a version on, by where they are. */
const SINCE = {
  node: { doc_blocks: version(10), primary_key: version(9), time_spine: version(9), functions: version(11) },
  // Every node's config: seeds and snapshots have the microbatch keys too.
  nodeConfig: {
    static_analysis: version(11, 9),
    freshness: version(10),
    batch_size: version(9),
    lookback: version(9),
    begin: version(9),
    event_time: version(9),
    concurrent_batches: version(9),
    snapshot_meta_column_names: version(9),
    dbt_valid_to_current: version(9),
  },
  testConfig: { static_analysis: version(11, 9) },
  // dbt 1.9.6 back-ported columns' config (meta, tags) from 1.10 (dbt-core #11684); a 1.9 without its patch is 1.9.latest.
  column: { config: version(9, 6), granularity: version(9), doc_blocks: version(10) },
  // dbt-core #10675 (1.9.0): a source's database and schema as written.
  source: {
    loaded_at_query: version(10),
    doc_blocks: version(10),
    unrendered_database: version(9),
    unrendered_schema: version(9),
  },
  sourceConfig: {
    static_analysis: version(11, 9),
    event_time: version(9),
    // dbt-core #11683 back-ported it to 1.9.latest (1.9.6, "dbt-core >=1.9.6" in Fivetran's packages).
    freshness: version(9, 6),
    loaded_at_field: version(10),
    loaded_at_query: version(10),
    // dbt-core #11839 (1.10.5): a source's meta and tags in its config (manifests of 1.10.3 and 1.10.4 have none).
    meta: version(10, 5),
    tags: version(10, 5),
  },
  exposureConfig: { meta: version(9), tags: version(9) },
  group: { description: version(10), config: version(10) },
  // dbt-core #10987 (1.9): saved queries' tags. Metrics' metric_aggregation_params: in a manifest dbt 1.10.13 wrote,
  // not in one of 1.10.4 (the patch release that added it is not known here; every 1.11 has it).
  savedQuery: { tags: version(9) },
  metricTypeParams: { metric_aggregation_params: version(10, 13) },
} as const satisfies Record<string, Record<string, number>>;
/** dbt-core #16311 (1.12.5) ends every semantic model dimension with `datatype` (null): not in 1.12.0 to 1.12.4. */
export const DIMENSION_DATATYPE_SINCE = version(12, 5);
/** dbt 1.12 reads the latest semantic layer spec (semantic-latest.ts); older dbt does not know it. */
export const LATEST_SEMANTIC_SPEC_SINCE = version(12);
/** dbt-core #12559 gave macros a `config` (meta, docs): in manifests of 1.11.8 to 1.12.4, not in older ones. */
export const MACRO_CONFIG_SINCE = version(11, 8);
/** dbt 1.8 wrote the first manifest of schema v12, the one `manifest` writes. */
export const MANIFEST_V12_SINCE = version(8);
/** dbt 1.9 added microbatch models, whose configs its parse checks. */
export const MICROBATCH_SINCE = version(9);
/** dbt 1.11 added user-defined functions: `function-paths` is read, `function()` is defined, from then on. */
export const FUNCTIONS_SINCE = version(11);
/** dbt 1.10 wrote the quote policy in the manifest's metadata (seen in manifests of 1.10.2 to 1.12.5). */
export const METADATA_QUOTING_SINCE = version(10);

/** dbt 1.10 gave sources' config loaded_at_*, and their unrendered_config with them. */
export const SOURCE_CONFIG_KEYS_SINCE = SINCE.sourceConfig.loaded_at_field;
/** dbt 1.9.6 back-ported a source's config freshness (dbt-core #11683), merged into unrendered_config too. */
export const SOURCE_FRESHNESS_SINCE = SINCE.sourceConfig.freshness;
/** dbt 1.10.5 added meta and tags to both. */
export const SOURCE_META_TAGS_SINCE = SINCE.sourceConfig.meta;
/** From this version on every key of SINCE is written: the default shape takes the fast way. */
const NEWEST_OF_SINCE = Math.max(...Object.values(SINCE).flatMap((keys) => Object.values(keys)));

/** `json` without the keys of `where` that the shape's dbt version does not write yet (itself when it has them all). */
export function withoutNewerKeys(
  json: Record<string, unknown>,
  where: keyof typeof SINCE,
  shape: ManifestShape,
  /**
   * A config's keys as the user wrote them (unrendered_config), or how to tell them from the config: theirs stay,
   * as dbt keeps a key it does not know.
   */
  userSetOf: Record<string, unknown> | ((json: Record<string, unknown>) => Record<string, unknown>) = {},
): Record<string, unknown> {
  if (shape.version >= NEWEST_OF_SINCE) return json;
  const userSet = typeof userSetOf === 'function' ? userSetOf(json) : userSetOf;
  const since: Readonly<Record<string, number>> = SINCE[where];
  const out: Record<string, unknown> = {};
  for (const key in json) {
    const newer = key in since && since[key]! > shape.version;
    if (newer && !Object.hasOwn(userSet, key)) continue;
    out[key] = json[key];
  }
  return out;
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
