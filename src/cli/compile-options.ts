// The compile options every command takes: `--vars YAML`, `--target NAME`, `--target-type TYPE`, `--profiles-dir DIR`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CompileOptions } from '../dbt/types.js';
import { loadYaml } from '../dbt/yaml/yaml.js';
import { writtenIn } from '../dbt/yaml/yaml-written.js';
import { jinjaVars } from '../dbt/project.js';
import { type Io, UsageError } from './io.js';

export const COMPILE_OPTION_SPECS = {
  vars: { type: 'string' },
  target: { type: 'string' },
  'target-type': { type: 'string' },
  'profiles-dir': { type: 'string' },
} as const;

export interface CompileFlags {
  vars?: string | undefined;
  target?: string | undefined;
  'target-type'?: string | undefined;
  'profiles-dir'?: string | undefined;
}

export function compileOptions(flags: CompileFlags, io: Io): CompileOptions {
  const options: CompileOptions = { env: definedEnv(io.env) };
  if (flags.vars !== undefined) options.vars = parseVars(flags.vars);
  if (flags.target !== undefined || flags['target-type'] !== undefined) {
    options.target = {};
    if (flags.target !== undefined) options.target.name = flags.target;
    if (flags['target-type'] !== undefined) options.target.type = flags['target-type'];
  }
  const profiles = profilesFile(flags['profiles-dir'], io);
  if (profiles !== null) options.profiles = profiles;
  return options;
}

/**
 * The profiles.yml dbt reads in place of the project's: --profiles-dir's, else DBT_PROFILES_DIR's when it is there
 * (`.`, CI's usual value, is the project's own; one not found is left to the compiler, which says dbt reads it).
 */
function profilesFile(flag: string | undefined, io: Io): { file: string; text: string } | null {
  const fromEnv = io.env['DBT_PROFILES_DIR'];
  const dir = flag ?? (fromEnv === undefined || /^\.?[\\/]*$/.test(fromEnv) ? undefined : fromEnv);
  if (dir === undefined) return null;
  if (dir === '') throw new UsageError('--profiles-dir needs a folder, e.g. --profiles-dir .');
  const file = `${dir.replace(/[\\/]+$/, '')}/profiles.yml`;
  try {
    return { file, text: readFileSync(resolve(io.cwd, file), 'utf8') };
  } catch (error) {
    if (flag === undefined) return null;
    throw new UsageError(
      `cannot read --profiles-dir ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** `--vars` is YAML (JSON is YAML too), a mapping, read as dbt reads it (PyYAML: `yes` is true, `1e3` a string). */
function parseVars(text: string): Record<string, unknown> {
  const loaded = loadYaml(text, '--vars');
  const problem = loaded.diagnostics[0];
  if (problem !== undefined) {
    throw new UsageError(`--vars is not valid YAML (${problem.message}); e.g. --vars '{schema_prefix: ci}'`);
  }
  const value = loaded.value;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    throw new UsageError(`--vars must be a YAML mapping, e.g. --vars '{schema_prefix: ci}'`);
  }
  // A whole number written as a float (`{ratio: 1.0}`) renders `1.0`, as in dbt_project.yml.
  return jinjaVars(value as Record<string, unknown>, writtenIn(text, loaded.lines));
}

function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
