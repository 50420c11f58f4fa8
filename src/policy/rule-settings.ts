// Reads `rules.<id>` of the policy config for one rule: its severity and its validated options.
// Shared by the engine (which runs rules) and the config loader (which reports bad options with their line).
import type { z } from 'zod';
import type { PolicyConfig } from './config.js';
import type { Rule, Severity } from './rule.js';

export type RuleSettings<Options> =
  { ok: true; severity: Severity; options: Options } | { ok: false; severity: Severity; error: z.ZodError };

export function ruleSettings<Options>(rule: Rule<Options>, config: PolicyConfig): RuleSettings<Options> {
  const entry = config.rules[rule.meta.id];
  const severity = (typeof entry === 'string' ? entry : entry?.severity) ?? rule.meta.defaultSeverity;
  const raw = typeof entry === 'object' ? (entry.options ?? {}) : {};
  const parsed = rule.meta.options.safeParse(raw);
  if (parsed.success) return { ok: true, severity, options: parsed.data };
  return { ok: false, severity, error: parsed.error };
}
