// The JSON schema of the policy config, for editors (`# yaml-language-server: $schema=...`). Generated from the
// zod schema; `rules` is narrowed to the registered rule ids with each rule's own options schema, so that the
// schema, the config and the registry cannot drift. A test keeps `docs/config.schema.json` equal to this output.
import { z } from 'zod';
import { policyConfigSchema, severitySchema as severity } from './config.js';
import { ruleAliases, rules } from './rules/index.js';

type JsonObject = Record<string, unknown>;

function ruleEntrySchema(options: z.ZodType): JsonObject {
  const entry = z.union([severity, z.object({ severity: severity.optional(), options: options.optional() }).strict()]);
  const { $schema: _ignored, ...json } = z.toJSONSchema(entry, { io: 'input', unrepresentable: 'any' });
  return json;
}

export function generateConfigJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(policyConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const properties = schema['properties'] as Record<string, JsonObject>;
  const ruleProperties: Record<string, JsonObject> = {};
  for (const rule of rules) {
    ruleProperties[rule.meta.id] = {
      description: `${rule.meta.summary} Default: ${rule.meta.defaultSeverity}.`,
      ...ruleEntrySchema(rule.meta.options),
    };
  }
  // Renamed ids keep working (the loader rewrites them), so editors accept them too, marked deprecated.
  for (const [alias, id] of Object.entries(ruleAliases)) {
    const current = ruleProperties[id];
    if (current) ruleProperties[alias] = { ...current, description: `Renamed to ${id}.`, deprecated: true };
  }
  properties['rules'] = {
    description: properties['rules']?.['description'],
    type: 'object',
    properties: ruleProperties,
    additionalProperties: false,
  };
  return {
    $schema: schema['$schema'],
    $id: 'https://github.com/dbt-steward/dbt-steward/blob/main/docs/config.schema.json',
    title: 'dbt-steward policy config (.github/dbt-steward.yml)',
    ...schema,
  };
}
