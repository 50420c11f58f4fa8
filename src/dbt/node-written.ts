// What a node's unrendered_config holds under dbt's flag `state_modified_compare_more_unrendered_values` (dbt 1.9+,
// on by default from 1.12): its property entry's config and its first config() call as written, not as rendered.
import type { ProjectScope } from './build.js';
import type { ConfigLayer } from './config.js';
import { staticConfigCall } from './jinja/static-config.js';
import type { NodeInput } from './node.js';
import { withWrittenConfig } from './patch.js';
import type { PatchEntry } from './properties.js';
import { isRecord } from './yaml/yaml.js';

/**
 * The entry's layer with its config as written, as dbt's patch_config_dict under its unrendered-values flag: dbt
 * looks it up by `name` for a model and by `name_v<v>` for a version, which finds the version's own `config:` only,
 * so a version keeps the model-level configs rendered (dbt-core #15973).
 */
export function writtenEntryLayer(
  layer: ConfigLayer,
  written: NonNullable<PatchEntry['written']>,
  input: NodeInput,
): ConfigLayer {
  if (!input.version) return withWrittenConfig(layer, written);
  const versions = written['versions'];
  const own = Array.isArray(versions)
    ? versions.find((v) => isRecord(v) && String(v['v']) === String(input.version!.v))
    : undefined;
  return isRecord(own) ? withWrittenConfig(layer, own) : layer;
}

/**
 * A SQL node's first config() call as written, when dbt records it so (its flag): only for a node whose config()
 * ran at parse time (dbt records it from inside the call), read from the whole raw code.
 */
export function staticCalls(scope: ProjectScope, input: NodeInput): Record<string, unknown> | null {
  const style = scope.staticConfigCalls;
  if (style === null || input.language !== 'sql' || !input.scan || input.scan.configs.length === 0) return null;
  return staticConfigCall(input.raw ?? input.text, style);
}
