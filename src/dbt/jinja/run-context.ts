// The parts of dbt's parse-time context that read what the run is given or stop the parse: var() and env_var()
// (what each file's renderer lets them see), and `exceptions`, whose raise_* calls stop dbt's parse where they run.
import type { Host } from './host.js';
import { Fn, Namespace, UNKNOWN } from './values.js';
import type { CallArgs } from './values.js';

export function varCall(a: CallArgs, host: Host): unknown {
  const name = a.args[0];
  if (typeof name !== 'string') return UNKNOWN;
  if (Object.hasOwn(host.ctx.vars, name)) return host.renderedVar(name, host.ctx.vars[name], a.line);
  // var(name, default=None): a default given by position or by name.
  if (a.args.length > 1) return a.args[1];
  if (Object.hasOwn(a.kwargs, 'default')) return a.kwargs['default'];
  if (host.ctx.missingVarStops !== undefined) {
    host.diag(
      'missing-var',
      host.uncertain ? 'warning' : 'error',
      `var('${name}') is not set and has no default: ${host.ctx.missingVarStops}, so dbt stops ${host.uncertain ? 'if this runs' : 'here'}.`,
      a.line,
    );
    return null;
  }
  // dbt's parse-time var() (ParseVar) gives None for a missing var; only a run fails on it.
  host.diag(
    'missing-var',
    'warning',
    `var('${name}') is not set in vars and has no default; dbt parses it as none.`,
    a.line,
  );
  return null;
}

export function envVarCall(a: CallArgs, host: Host): unknown {
  const name = a.args[0];
  if (typeof name !== 'string') return UNKNOWN;
  if (name.startsWith('DBT_ENV_SECRET_') && host.ctx.secretEnvVars !== true) {
    // dbt's SecretEnvVarLocationError: a secret is never rendered into what dbt writes to its artifacts.
    host.diag(
      'secret-env-var',
      host.uncertain ? 'warning' : 'error',
      `env_var('${name}'): secret env vars are allowed only in profiles.yml or packages.yml (dbt stops ${host.uncertain ? 'if this runs' : 'here'}).`,
      a.line,
    );
    return UNKNOWN;
  }
  if (Object.hasOwn(host.ctx.env, name)) return host.ctx.env[name];
  // dbt's env_var(var, default=None): a default of none is no default (`env_var('X', var('unset'))`).
  const fallback = a.args.length > 1 ? a.args[1] : a.kwargs['default'];
  if (fallback !== undefined && fallback !== null) return fallback;
  // dbt stops wherever it is (EnvVarMissingError), but the variable may well be set where dbt runs (a deployment's
  // environment, which a review here does not have): a warning, with what is written in its place.
  host.diag(
    'missing-env-var',
    'warning',
    `env_var('${name}') is not set here and has no default: dbt stops if it is not set where dbt runs; none is used here.`,
    a.line,
  );
  return null;
}

/**
 * dbt's `exceptions.raise_compiler_error(msg)` / `raise_not_implemented(msg)`: reached while dbt parses (not under
 * `{% if execute %}`), it stops the parse. An error where it surely runs, a warning under a condition not known.
 */
const raising = (name: string, what: string) =>
  new Fn(`exceptions.${name}`, (a, host) => {
    const message = a.args[0] ?? a.kwargs['msg'];
    const said = typeof message === 'string' ? `: ${message}` : '';
    host.diag(
      'parse-time-raise',
      host.uncertain ? 'warning' : 'error',
      `\`exceptions.${name}()\` ${host.uncertain ? 'may run' : 'runs'} while dbt parses: dbt would stop with ${what}${said}`,
      a.line,
    );
    return UNKNOWN;
  });
export const exceptions = new Namespace('exceptions', (name) =>
  name === 'raise_compiler_error'
    ? raising(name, 'a compilation error')
    : name === 'raise_not_implemented'
      ? raising(name, 'a not-implemented error')
      : UNKNOWN,
);
