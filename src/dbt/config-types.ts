// The types dbt's config classes declare (NodeConfig, SourceConfig: `enabled: bool`, `schema: Optional[str]`...),
// which dbt checks with jsonschema once a config is merged (finalize_and_validate): a value of another type stops
// its parse ("'false' is not of type 'boolean'"). The common case is a quoted "false", or a var or env var rendered
// as text (`+enabled: "{{ env_var('ON', 'true') }}"` is the text 'true' to dbt). The compile still writes a value
// (config.ts and node-config.ts coerce it); this says where dbt would stop.
import { pythonRepr } from './python-text.js';
import type { Diagnostic, Position } from './types.js';
import { isRecord } from './yaml/yaml.js';

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isOptionalString: Check = (v) => v === null || typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isOptionalBool: Check = (v) => v === null || typeof v === 'boolean';
// None among tags is what a var or env var not set here rendered to (said where it was): not judged.
const isTags: Check = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string' || t === null));

/** Config keys of models, seeds and snapshots, and of sources, with the JSON-schema types dbt names them by. */
const NODE_TYPES: Record<string, [Check, string]> = {
  enabled: [isBool, "'boolean'"],
  materialized: [isString, "'string'"],
  schema: [isOptionalString, "'string', 'null'"],
  alias: [isOptionalString, "'string', 'null'"],
  database: [isOptionalString, "'string', 'null'"],
  group: [isOptionalString, "'string', 'null'"],
  full_refresh: [isOptionalBool, "'boolean', 'null'"],
  tags: [isTags, "'string', 'array' of strings"],
  meta: [isRecord, "'object'"],
};
const SOURCE_TYPES: Record<string, [Check, string]> = {
  enabled: [isBool, "'boolean'"],
  meta: [isRecord, "'object'"],
  tags: [isTags, "'string', 'array' of strings"],
};

const TEXT_HINT =
  " (a var or env var renders as text: compare it, `{{ var('x') == 'true' }}`, or mark it, `{{ var('x') | as_bool }}`)";

/** Whether a value was kept as written because it could not be rendered here (said already, and not known). */
const unrendered = (v: unknown) => typeof v === 'string' && (v.includes('{{') || v.includes('{%'));

/** dbt's validation of a merged config: one error per key whose value is not of the type dbt declares. */
export function configTypeProblems(
  values: Record<string, unknown>,
  kind: 'node' | 'source',
  positionOf: (key: string) => Position,
  /** A source's meta and tags are SourceConfig fields from dbt 1.10.5 on: unchecked before. */
  sourceMetaTags = true,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const types = kind === 'node' ? NODE_TYPES : sourceMetaTags ? SOURCE_TYPES : { enabled: SOURCE_TYPES['enabled']! };
  for (const [key, [valid, type]] of Object.entries(types)) {
    if (!(key in values)) continue;
    const value = values[key];
    // None is left alone: dbt's merge of a key set to nothing is not checked here.
    if (value === undefined || value === null || valid(value) || unrendered(value)) continue;
    problems.push({
      code: 'invalid-config',
      severity: 'error',
      message: `\`${key}\`: ${pythonRepr(value)} is not of type ${type}, so dbt stops here${typeof value === 'string' && type.includes('boolean') ? TEXT_HINT : ''}`,
      ...positionOf(key),
    });
  }
  const docs = values['docs'];
  if (kind === 'node' && isRecord(docs) && 'show' in docs && !isBool(docs['show']) && !unrendered(docs['show']))
    problems.push({
      code: 'invalid-config',
      severity: 'error',
      message: `\`docs.show\`: ${pythonRepr(docs['show'])} is not of type 'boolean', so dbt stops here`,
      ...positionOf('docs'),
    });
  return problems;
}
