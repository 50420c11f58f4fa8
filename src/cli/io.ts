// What the CLI's commands may touch of the process: output streams, the working folder, the environment and
// the clock, passed in so that tests run commands in-process with captured output.
import type { Diagnostic } from '../dbt/types.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Folder that relative paths on the command line are resolved against. */
  cwd: string;
  /** Environment for dbt's `env_var()`. */
  env: Record<string, string | undefined>;
  /** Today's date (YYYY-MM-DD), unless `--today` says otherwise. */
  today(): string;
}

/** Exit codes: 1 is reserved for a failed check, so scripts can tell "policy failed" from "could not run". */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A problem with how the command was called or with its input; exit code 2, message on stderr. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Diagnostics printed before the message (e.g. each problem of a bad config, with its line). */
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `file:line: severity code message`, the form editors and CI logs turn into links. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}`;
  return `${where}: ${d.severity} ${d.code} ${d.message}`;
}

export function writeDiagnostics(io: Io, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + '\n');
}

/** An error's message; errors from Node's own modules may come from another realm, so no `instanceof`. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
