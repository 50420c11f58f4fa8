// ownership/required-meta: the meta keys of `required_meta` are present on every selected model, with the
// configured type and allowed values.
import type { GraphNode } from '../../../dbt/types.js';
import type { PolicyConfig } from '../../config.js';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { getMetaPath, metaPosition, modelsOf, nodePosition } from '../../nodes.js';
import { noOptions } from '../../options.js';
import type { NoOptions } from '../../options.js';
import { matchesSelector } from '../../select.js';

type Requirement = PolicyConfig['required_meta'][number];
type MetaType = NonNullable<Requirement['type']>;

/** A Date from any realm (a graph can be structured-cloned across one). */
function isDate(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Date]';
}

function typeOf(value: unknown): MetaType | 'null' {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  // dbt reads `review_date: 2025-01-31` as a date (YAML 1.1), not as a string or a mapping.
  if (isDate(value)) return 'date';
  return 'object';
}

function show(value: unknown): string {
  if (isDate(value)) return (value as Date).toJSON();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function* checkRequirement(node: GraphNode, requirement: Requirement): Iterable<FindingDraft> {
  const { key } = requirement;
  const value = getMetaPath(node.config.meta, key)?.value;
  const base = { node: node.unique_id, subject: key };
  // Absent, null and blank strings are all "not filled in": YAML `key:` with no value loads as null.
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    yield { ...base, messageId: 'missing', data: { name: node.name, key }, pos: nodePosition(node) };
    return;
  }
  const actual = typeOf(value);
  if (requirement.type && actual !== requirement.type) {
    const data = { name: node.name, key, type: requirement.type, actual };
    yield { ...base, messageId: 'wrongType', data, pos: metaPosition(node, key) };
    return;
  }
  const allowed = requirement.allowed_values;
  if (allowed && !allowed.some((candidate) => candidate === value)) {
    const data = { name: node.name, key, value: show(value), allowed: allowed.map(show).join(', ') };
    yield { ...base, messageId: 'notAllowed', data, pos: metaPosition(node, key) };
  }
}

export const requiredMeta: Rule<NoOptions> = {
  meta: {
    id: 'ownership/required-meta',
    category: 'ownership',
    defaultSeverity: 'error',
    summary: 'Models carry the meta keys that `required_meta` asks for, with the allowed types and values.',
    rationale:
      'Governance metadata (lifecycle stage, personal data, alert channel) is only useful when every model ' +
      'has it and spells it the same way; other rules and tools read these keys, and a missing or misspelt ' +
      'value silently exempts a model from them.',
    fix: "Add the key to the model's `config.meta` (in its property entry or in `dbt_project.yml`) with an allowed value.",
    messages: {
      missing: 'Model `{{name}}` is missing the required meta key `{{key}}`.',
      wrongType: 'Model `{{name}}`: meta `{{key}}` must be a {{type}}, not a {{actual}}.',
      notAllowed: 'Model `{{name}}`: meta `{{key}}` is `{{value}}`; allowed values: {{allowed}}.',
    },
    options: noOptions,
  },
  *check({ head, config }: RuleContext<NoOptions>): Iterable<FindingDraft> {
    if (config.required_meta.length === 0) return;
    for (const node of modelsOf(head.nodes)) {
      for (const requirement of config.required_meta) {
        if (matchesSelector(node, requirement.select, config)) yield* checkRequirement(node, requirement);
      }
    }
  },
};
