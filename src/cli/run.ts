// argv -> command -> exit code. Usage errors (bad flags, unreadable input, an invalid policy config) exit 2
// with a message that says what to do; a failed check (or a parse that found an error) exits 1.
import { EXIT_OK, EXIT_USAGE, type Io, UsageError, writeDiagnostics } from './io.js';

export const USAGE = `Usage:
  dbt-steward parse DIR [--format text|json] [compile options]
  dbt-steward manifest DIR [--dbt-version X.Y] [compile options]
  dbt-steward manifest --manifest FILE [--dbt-version X.Y]
  dbt-steward check --base DIR --head DIR [options]
  dbt-steward check --repo DIR --base REF --head REF [options]

Commands:
  parse      Compile a dbt project without dbt, as \`dbt parse\` checks it: print what each project holds
             (models, seeds, snapshots, sources, exposures, groups, disabled); diagnostics go to stderr.
             Exits 1 when one of them is an error (a YAML syntax error, an unknown ref, a duplicate model...).
  manifest   Compile a dbt project without dbt and print its manifest.json (dbt v12 field names);
             diagnostics go to stderr as "file:line: severity code message".
             --manifest FILE reads a manifest.json written by dbt and prints it normalised.
             --dbt-version X.Y writes what that dbt version (1.8 to 1.12) writes: 1.12 its checksums of
             whitespace-compacted files and new keys; earlier ones without the keys that came after them;
             none: the version the project's repository pins (dbt-core==X.Y.Z in a lock file,
             requirements.txt, pyproject.toml, a Dockerfile...), else dbt 1.11.9+'s manifest.
  check      Review the change from base to head against the policy and print the report.
             --repo reads both refs from git objects (no checkout); the base from its merge base with head.

Check options:
  --config FILE        Policy config (default: .github/dbt-steward.yml of the base; else defaults)
  --format FORMAT      text (default), json, markdown or sarif
  --today YYYY-MM-DD   Date that deprecation dates are compared with (default: today, UTC)
  --docs-url URL       Base URL of the rule docs linked from markdown and SARIF

Compile options (all commands):
  --vars YAML          Override vars of dbt_project.yml, e.g. --vars '{schema_prefix: ci}'
  --target NAME        target.name (default: dev)
  --target-type TYPE   target.type, the adapter (default: the profile's, else the one the repository installs,
                       else postgres)
  --profiles-dir DIR   manifest, parse: read DIR/profiles.yml, as dbt does (default: DBT_PROFILES_DIR, else the
                       project's own)

Exit codes: 0 success or warnings only, 1 the check failed (parse: an error found), 2 usage or input error.
`;

// Each command is loaded when it runs: `parse` and `manifest` do not pay for the policy engine's start-up, nor
// `--help` for any of them.
const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  parse: async (argv, io) => (await import('./parse-command.js')).parseCommand(argv, io),
  manifest: async (argv, io) => (await import('./manifest-command.js')).manifestCommand(argv, io),
  check: async (argv, io) => (await import('./check-command.js')).checkCommand(argv, io),
};

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) return usageError(io, new UsageError(`unknown command: ${name}`));
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error);
    // parseArgs reports unknown or malformed flags with these codes; they are usage errors too.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      return usageError(io, new UsageError((error as Error).message));
    }
    throw error;
  }
}

function usageError(io: Io, error: UsageError): number {
  writeDiagnostics(io, error.diagnostics);
  io.stderr(`dbt-steward: ${error.message}\nRun 'dbt-steward --help' for usage.\n`);
  return EXIT_USAGE;
}
