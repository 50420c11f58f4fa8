// The compile options both commands take: `--vars YAML`, `--target NAME`, `--target-type TYPE`.
import yaml from 'js-yaml';
import type { CompileOptions } from '../dbt/types.js';
import { type Io, UsageError } from './io.js';

export const COMPILE_OPTION_SPECS = {
  vars: { type: 'string' },
  target: { type: 'string' },
  'target-type': { type: 'string' },
} as const;

export interface CompileFlags {
  vars?: string | undefined;
  target?: string | undefined;
  'target-type'?: string | undefined;
}

export function compileOptions(flags: CompileFlags, io: Io): CompileOptions {
  const options: CompileOptions = { env: definedEnv(io.env) };
  if (flags.vars !== undefined) options.vars = parseVars(flags.vars);
  if (flags.target !== undefined || flags['target-type'] !== undefined) {
    options.target = {};
    if (flags.target !== undefined) options.target.name = flags.target;
    if (flags['target-type'] !== undefined) options.target.type = flags['target-type'];
  }
  return options;
}

/** `--vars` is YAML (JSON is YAML too), a mapping, as dbt's own `--vars` takes it. */
function parseVars(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = yaml.load(text);
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : String(error);
    throw new UsageError(`--vars is not valid YAML (${reason}); e.g. --vars '{schema_prefix: ci}'`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--vars must be a YAML mapping, e.g. --vars '{schema_prefix: ci}'`);
  }
  return value as Record<string, unknown>;
}

function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
