// The policy layer's public face: config parsing, ownership, the engine, the rule registry and contract.
export type * from './rule.js';
export type { PolicyConfig } from './config.js';
export { policyConfigSchema } from './config.js';
export { defaultPolicyConfig, parsePolicyConfig } from './load.js';
export type { ParsedPolicyConfig } from './load.js';
export { generateConfigJsonSchema } from './json-schema.js';
export { buildOwnership } from './ownership.js';
export { compareFindings, fingerprint, renderMessage, runPolicies } from './engine.js';
export type { PolicyInput, PolicyResult } from './engine.js';
export { findRule, ruleAliases, rules } from './rules/index.js';
export {
  getMetaPath,
  getMetaString,
  isProduction,
  lifecycleOf,
  metaPosition,
  modelsOf,
  nodePosition,
} from './nodes.js';
export { matchesSelector } from './select.js';
