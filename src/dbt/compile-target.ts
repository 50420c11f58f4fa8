// The target a compile builds for: what the caller gives (--target, --target-type), over the project's own
// profiles.yml (dbt reads it before ~/.dbt), over the defaults.
import { renderValue } from './jinja/index.js';
import { DEFAULT_SCHEMA, namesTarget, profileTarget, type ProfileTarget } from './profile.js';
import type { CompileOptions, Diagnostic, FileMap } from './types.js';

/** dbt renders profiles.yml before there is a target: its context has none. */
const PROFILE_TARGET = { name: '', type: '', schema: '', database: '' };

// A type, not an interface: the Jinja context's target takes it as a record.
export type CompileTarget = { name: string; type: string; schema: string; database: string };

export function compileTarget(
  files: FileMap,
  options: CompileOptions & { project?: string },
): { target: CompileTarget; diagnostics: Diagnostic[] } {
  const cliVars = options.vars ?? {};
  const env = options.env ?? {};
  // What a value of the profile could not render with (an env var not set): said, as the default is used instead.
  const unrendered = new Set<string>();
  // A project's own profiles.yml (dbt reads it before ~/.dbt), under what the caller gives.
  const profile =
    options.project === undefined
      ? null
      : profileTarget(
          files,
          options.project,
          (value) => {
            // dbt renders profiles.yml before there is a target: a value naming it does not render.
            if (namesTarget(value)) return undefined;
            const rendered = renderValue(value, {
              vars: cliVars,
              target: PROFILE_TARGET,
              env,
              projectName: '',
              secretEnvVars: true,
            });
            for (const d of rendered.diagnostics) unrendered.add(d.message);
            return rendered.diagnostics.length === 0 ? rendered.value : undefined;
          },
          { targetName: options.target?.name, env, profiles: options.profiles },
        );
  // Another adapter than the caller's: its database and schema name nothing the caller's adapter has.
  const profiled = profile?.target ?? null;
  const fromProfile: Partial<ProfileTarget> | null =
    profiled !== null && options.target?.type !== undefined && options.target.type !== profiled.type
      ? { name: profiled.name }
      : profiled;
  const guess = (options.target?.type ?? fromProfile?.type) ? undefined : options.adapterGuess;
  const guessed = guess !== undefined && 'type' in guess ? guess.type : undefined;
  const type = options.target?.type ?? fromProfile?.type ?? guessed ?? 'postgres';
  const target = {
    name: options.target?.name ?? fromProfile?.name ?? 'dev',
    type,
    // Without a profile: the adapter's own default schema (duckdb's `main`), else `public`.
    schema: options.target?.schema ?? fromProfile?.schema ?? DEFAULT_SCHEMA[type] ?? 'public',
    database: options.target?.database ?? fromProfile?.database ?? 'analytics',
  };
  // dbt-clickhouse's credentials set the database to '' whatever the profile says: ClickHouse has schemas only.
  // dbt-spark's have none (target.database is undefined there: empty, falsy, as Jinja renders it).
  if (target.type === 'clickhouse' || target.type === 'spark') target.database = '';
  const diagnostics = [...(profile?.diagnostics ?? [])];
  if (unrendered.size > 0 && options.project !== undefined)
    diagnostics.push({
      code: 'profile-value-unknown',
      severity: 'info',
      message: `a value of the profile does not render here (${[...unrendered].join(' ')}): the default is used for it, where dbt would stop`,
      file: options.profiles?.file ?? (options.project === '' ? 'profiles.yml' : `${options.project}/profiles.yml`),
    });
  if (guess !== undefined)
    diagnostics.push({
      code: 'adapter-guessed',
      severity: 'info',
      message:
        'type' in guess
          ? `compiled for ${guess.type}, the adapter \`${guess.written}\` installs (no profiles.yml names one; --target-type overrides)`
          : `names several adapters (${guess.ambiguous.join(', ')}): compiled for postgres (--target-type chooses)`,
      file: guess.file,
      ...('line' in guess ? { line: guess.line } : {}),
    });
  return { target, diagnostics };
}
