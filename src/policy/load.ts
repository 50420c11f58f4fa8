// Parses the policy config text (`.github/dbt-steward.yml`) into a validated PolicyConfig. Every problem becomes
// a diagnostic naming the key path and its line: YAML syntax, shape (zod), then semantics (rule ids, options).
// The config is returned only when there is no error, so that a typo never silently weakens the policy.
import type { z } from 'zod';
import type { Diagnostic } from '../dbt/types.js';
import { lineAtPath, loadYaml12 } from '../dbt/yaml/yaml.js';
import { policyConfigSchema } from './config.js';
import type { PolicyConfig } from './config.js';
import { ruleSettings } from './rule-settings.js';
import { findRule, ruleAliases, rules } from './rules/index.js';

export interface ParsedPolicyConfig {
  config: PolicyConfig | null;
  diagnostics: Diagnostic[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** Where a key path of the config file is: its line, or the line of its deepest existing parent. */
type Locate = (path: ReadonlyArray<PropertyKey>) => number | undefined;

function diagnostic(code: string, locate: Locate, file: string, path: PropertyKey[], message: string): Diagnostic {
  const line = locate(path) ?? 1;
  const where = path.length > 0 ? `${formatPath(path)}: ` : '';
  return { code, severity: 'error', message: `${where}${message}`, file, line };
}

/** `prefix`: where the validated value sits in the file (a rule's options are validated on their own). */
function zodDiagnostics(error: z.ZodError, locate: Locate, file: string, prefix: PropertyKey[] = []): Diagnostic[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const made = diagnostic('config-invalid', locate, file, path, issue.message);
    if (issue.code !== 'unrecognized_keys') return made;
    // The message names the object; the line is the first unknown key's.
    const keys = issue.keys.map((key) => `\`${key}\``).join(', ');
    const line = locate([...path, issue.keys[0] ?? '']) ?? made.line;
    const where = path.length > 0 ? `${formatPath(path)}: ` : '';
    return { ...made, line, message: `${where}unknown key ${keys}` };
  });
}

/** Rule ids that exist, with their renamed ids rewritten, and each rule's options checked against its schema. */
function checkRules(
  config: PolicyConfig,
  locate: Locate,
  file: string,
): { config: PolicyConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries: PolicyConfig['rules'] = {};
  for (const [id, entry] of Object.entries(config.rules)) {
    const rule = findRule(id);
    if (!rule) {
      const known = rules.map((r) => r.meta.id).join(', ');
      diagnostics.push(
        diagnostic('config-unknown-rule', locate, file, ['rules', id], `unknown rule id; known rules: ${known}`),
      );
      continue;
    }
    if (rule.meta.id !== id) {
      diagnostics.push({
        ...diagnostic('config-renamed-rule', locate, file, ['rules', id], `renamed to \`${ruleAliases[id]}\``),
        severity: 'warning',
      });
    }
    entries[rule.meta.id] = entry;
  }
  const renamed = { ...config, rules: entries };
  for (const rule of rules) {
    const settings = ruleSettings(rule, renamed);
    if (settings.ok) continue;
    const id = Object.keys(config.rules).find((key) => findRule(key) === rule) ?? rule.meta.id;
    diagnostics.push(...zodDiagnostics(settings.error, locate, file, ['rules', id, 'options']));
  }
  return { config: renamed, diagnostics };
}

export function parsePolicyConfig(text: string, file: string): ParsedPolicyConfig {
  // YAML 1.2 core, not dbt's YAML 1.1, as Probot's config loader reads it: `off` is a severity here, where dbt's
  // PyYAML would read a boolean.
  const loaded = loadYaml12(text, file);
  if (loaded.diagnostics.length > 0) {
    return { config: null, diagnostics: loaded.diagnostics.map((d) => ({ ...d, code: `config-${d.code}` })) };
  }
  const raw = loaded.value;
  const locate: Locate = (path) => lineAtPath(raw, loaded.lines, path);
  // An empty file (or one with only comments) means "all defaults"; so does any other empty value (`false`, `0`,
  // `""`), as Probot's config loader reads the file (`parse(text) || {}`).
  const parsed = policyConfigSchema.safeParse(raw || {});
  if (!parsed.success) {
    // Report everything at once: rule ids and options are checked even when another key is malformed.
    const rulesOnly = policyConfigSchema.shape.rules.safeParse(isRecord(raw) ? raw['rules'] : undefined);
    const semantic = rulesOnly.success
      ? checkRules({ ...defaultPolicyConfig(), rules: rulesOnly.data }, locate, file).diagnostics
      : [];
    const diagnostics = [...zodDiagnostics(parsed.error, locate, file), ...semantic];
    return { config: null, diagnostics: diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }
  const checked = checkRules(parsed.data, locate, file);
  const failed = checked.diagnostics.some((d) => d.severity === 'error');
  const diagnostics = checked.diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { config: failed ? null : checked.config, diagnostics };
}

/** The defaults, as an empty config file would give them. */
export function defaultPolicyConfig(): PolicyConfig {
  return policyConfigSchema.parse({});
}
