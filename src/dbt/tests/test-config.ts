// The configs of a data test as dbt's TestConfig has them: the defaults, in dbt's key order, and the values it
// refuses. Shared by generic tests (test-entry.ts) and singular ones (singular-tests.ts).
import type { Diagnostic } from '../types.js';
import { isRecord } from '../yaml/yaml.js';

/** TestConfig's defaults, in the order dbt writes them. */
export function testDefaults(): Record<string, unknown> {
  return {
    enabled: true,
    alias: null,
    schema: 'dbt_test__audit',
    database: null,
    tags: [],
    meta: {},
    group: null,
    static_analysis: null,
    materialized: 'test',
    severity: 'ERROR',
    store_failures: null,
    store_failures_as: null,
    where: null,
    limit: null,
    fail_calc: 'count(*)',
    warn_if: '!= 0',
    error_if: '!= 0',
  };
}

/**
 * dbt's TestConfig.__post_init__ (1.7+), run each time a layer of configs is merged: without `store_failures_as`,
 * `store_failures` sets it (true: table, false: ephemeral); with it, it sets `store_failures` (ephemeral: false,
 * anything else: true). So a `store_failures: true` of a project folder makes later layers' `false` no matter.
 */
export function settleStoreFailures(values: Record<string, unknown>): void {
  const as = values['store_failures_as'];
  if (as === null || as === undefined) {
    const failures = values['store_failures'];
    values['store_failures_as'] = failures === true ? 'table' : failures === false ? 'ephemeral' : null;
  } else values['store_failures'] = as !== 'ephemeral';
}

// dbt's TestConfig: the type of each config a test may set (tags are checked apart).
const CONFIG_TYPES: Record<string, (value: unknown) => boolean> = {
  severity: (v) => typeof v === 'string' && /^(warn|error)$/i.test(v),
  enabled: (v) => typeof v === 'boolean',
  limit: (v) => Number.isInteger(v),
  store_failures: (v) => typeof v === 'boolean',
  meta: (v) => isRecord(v),
  ...Object.fromEntries(
    ['where', 'warn_if', 'error_if', 'fail_calc', 'store_failures_as', 'alias', 'schema', 'database'].map((key) => [
      key,
      (v: unknown) => typeof v === 'string',
    ]),
  ),
};

/**
 * Leaves out of `config` the values dbt's TestConfig refuses (`severity: 1`, `enabled: "false"`...): dbt stops
 * with a validation error; here each is a diagnostic and the test keeps its default for that key.
 */
export function dropInvalidConfigs(
  config: Record<string, unknown>,
): Array<Pick<Diagnostic, 'code' | 'severity' | 'message'>> {
  const problems: Array<Pick<Diagnostic, 'code' | 'severity' | 'message'>> = [];
  for (const [key, valid] of Object.entries(CONFIG_TYPES)) {
    if (!(key in config) || valid(config[key])) continue;
    problems.push({
      code: 'invalid-test-config',
      severity: 'error',
      message: `\`${key}: ${JSON.stringify(config[key])}\` is no valid test config (dbt refuses it); the default is kept`,
    });
    delete config[key];
  }
  return problems;
}

/** Tags as written: a string, or a list of strings (others are left out: dbt refuses them). */
export function tagList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** Python's truth of a YAML value: empty text, lists and dicts are false too. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

// TestBuilder.CONFIG_ARGS: keys of a test entry that are configs, not arguments, in the order dbt collects them.
export const CONFIG_ARGS = [
  'severity',
  'tags',
  'enabled',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'store_failures',
  'store_failures_as',
  'meta',
  'database',
  'schema',
  'alias',
] as const;

/** The keys of dbt's TestBuilder.get_static_config, in its order: CONFIG_ARGS but tags, alias first. */
const STATIC_TEST_CONFIG = ['alias', ...CONFIG_ARGS.filter((key) => key !== 'tags' && key !== 'alias')];

/** TestBuilder.get_static_config: the known configs that are set (not None), severity upper-cased. */
export function staticShortcutConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STATIC_TEST_CONFIG) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    if (key === 'severity') {
      // `if sev: return sev.upper()`: an empty severity is no severity.
      if (typeof value === 'string' && value !== '') out[key] = value.toUpperCase();
      else if (value) out[key] = value;
    } else out[key] = value;
  }
  return out;
}
