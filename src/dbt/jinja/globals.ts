// dbt's parse-time context: ref, source, config, var, env_var, execute=false and the macros that do nothing yet.
import type { Host } from './host.js';
import { CONTEXT_FUNCTIONS } from './context-functions.js';
import { dbtMacroPackage } from './context-names.js';
import { envVarCall, exceptions, varCall } from './run-context.js';
import {
  Fn,
  Namespace,
  RELATION,
  UNKNOWN,
  Undefined,
  Unknown,
  hasUnknown,
  isDict,
  isOpen,
  markOpen,
  setKey,
  str,
  toPlain,
} from './values.js';
import type { CallArgs, Dict } from './values.js';

const unknownArg = (v: unknown): boolean => v instanceof Unknown || v instanceof Undefined;

/** A ref, source or metric call whose arguments parse time does not know: no dependency, and it says so. */
function dynamicCall(a: CallArgs, host: Host): void {
  host.diag(
    'dynamic-ref',
    'warning',
    `\`${a.text}\` has arguments not known at parse time; no dependency recorded.`,
    a.line,
  );
}

function refCall(a: CallArgs, host: Host): unknown {
  // A float version (`v=1.0`) as the number the compiler matches versions by.
  const version = toPlain(a.kwargs.v ?? a.kwargs.version ?? null);
  if (a.args.length < 1 || a.args.length > 2) {
    host.diag(
      'invalid-ref',
      'warning',
      `\`${a.text}\` needs one or two arguments: ref('model') or ref('package', 'model').`,
      a.line,
    );
    return UNKNOWN;
  }
  if (a.args.some(unknownArg) || unknownArg(version)) {
    dynamicCall(a, host);
    return UNKNOWN;
  }
  const [first, second] = a.args;
  const name = a.args.length === 2 ? second : first;
  const pkg = a.args.length === 2 ? first : null;
  const versionOk = version === null || typeof version === 'string' || typeof version === 'number';
  if (typeof name !== 'string' || (pkg !== null && typeof pkg !== 'string') || !versionOk) {
    host.diag('invalid-ref', 'warning', `\`${a.text}\` takes string arguments.`, a.line);
    return UNKNOWN;
  }
  host.addRef({ name, package: pkg, version, line: a.line });
  return RELATION; // a Relation: there, but what it renders as parse time does not know
}

/**
 * A call naming a resource by `(name)` or `(package, name)`: dbt's ParseMetricResolver for `metric()`, and its
 * function resolver for `function()` (dbt 1.11+'s user-defined functions), record what the node uses.
 */
function namedCall(
  kind: 'metric' | 'function',
  record: (host: Host, name: string, pkg: string | null, line: number) => void,
) {
  return (a: CallArgs, host: Host): unknown => {
    const [first, second] = a.args;
    if (a.args.length !== 1 && a.args.length !== 2) {
      host.diag(
        `invalid-${kind}`,
        'warning',
        `\`${a.text}\` takes one or two arguments: ${kind}('package', 'name').`,
        a.line,
      );
    } else if (unknownArg(first) || unknownArg(second)) {
      dynamicCall(a, host);
    } else if (typeof first !== 'string' || (a.args.length === 2 && typeof second !== 'string')) {
      host.diag(`invalid-${kind}`, 'warning', `\`${a.text}\` takes string arguments.`, a.line);
    } else if (a.args.length === 2) {
      record(host, second as string, first, a.line);
    } else {
      record(host, first, null, a.line);
    }
    // A MetricReference; a function's relation name, which parse time does not know.
    return kind === 'function' ? RELATION : UNKNOWN;
  };
}

function sourceCall(a: CallArgs, host: Host): unknown {
  const [s, t] = a.args;
  if (a.args.length !== 2) {
    host.diag('invalid-source', 'warning', `\`${a.text}\` needs two arguments: source('source', 'table').`, a.line);
  } else if (unknownArg(s) || unknownArg(t)) {
    dynamicCall(a, host);
  } else if (typeof s !== 'string' || typeof t !== 'string') {
    host.diag('invalid-source', 'warning', `\`${a.text}\` takes string arguments.`, a.line);
  } else {
    host.addSource(s, t, a.line);
    return RELATION;
  }
  return UNKNOWN;
}

function configCall(a: CallArgs, host: Host): unknown {
  // dbt accepts `config(k=v, ...)` and `config({'k': v})`.
  const raw: Dict = a.args.length === 1 && isDict(a.args[0]) ? { ...a.args[0], ...a.kwargs } : a.kwargs;
  const unknown: string[] = [];
  if (a.args.length === 1 && !isDict(a.args[0])) {
    host.diag('unevaluated-config', 'info', `\`${a.text}\`: the config argument is not known at parse time.`, a.line);
    unknown.push('*');
  }
  const values: Dict = {};
  for (const [k, v] of Object.entries(raw)) {
    if (hasUnknown(v) || v instanceof Undefined) {
      unknown.push(k);
      host.diag(
        'unevaluated-config',
        'info',
        `config key \`${k}\` is not known at parse time; it was left out.`,
        a.line,
      );
    } else {
      setKey(values, k, toPlain(v));
    }
  }
  host.addConfig(values, a.line, unknown);
  return '';
}

function docCall(a: CallArgs, host: Host): unknown {
  const [first, second] = a.args;
  const name = a.args.length === 2 ? second : first;
  const pkg = a.args.length === 2 ? first : null;
  if (host.docs === undefined) {
    // Only descriptions resolve doc blocks: elsewhere in YAML (a version's description, meta, dbt_project.yml) dbt
    // renders without `doc`, and stops (dbt-core #11151). SQL at parse time lets an undefined name pass.
    if (!host.modelContext)
      host.diag('unrendered-value', 'error', "`doc()` is not defined here (dbt stops: 'doc' is undefined).", a.line);
    return UNKNOWN;
  }
  if (typeof name !== 'string' || (pkg !== null && typeof pkg !== 'string')) return UNKNOWN;
  const found = host.docs(name, pkg);
  if (found !== undefined) return found;
  // dbt's own overview block (its text changes with dbt's version): there, though not known here.
  if (name === '__overview__') return UNKNOWN;
  // dbt renders the descriptions of enabled resources only (here too), and stops on a doc it cannot find
  // (DocTargetNotFoundError); a block of a package that is not in the repository is not known here.
  const sure = host.ctx.allPackagesHere === true;
  host.diag(
    'unknown-doc',
    sure ? 'error' : 'warning',
    `doc('${name}') names no docs block${sure ? ': dbt stops (DocTargetNotFoundError)' : ' here (dbt stops unless a package not in the repository has it)'}.`,
    a.line,
  );
  return UNKNOWN;
}

function rangeCall(a: CallArgs): unknown {
  const n = a.args.filter((x): x is number => typeof x === 'number');
  if (n.length !== a.args.length || n.length === 0) return UNKNOWN;
  const [start, stop, step] = n.length === 1 ? [0, n[0] as number, 1] : [n[0] as number, n[1] as number, n[2] ?? 1];
  if (step === 0 || Math.abs((stop - start) / step) > 10_000) return UNKNOWN;
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

// dbt's ParseConfigObject: at parse time `config.get` and `config.require` give '' (whatever is configured),
// `config.set(k, v)` is a config call, and docs persistence is off.
const config = new Fn('config', configCall, {
  get: new Fn('config.get', () => ''),
  require: new Fn('config.require', () => ''),
  set: new Fn('config.set', (a, host) =>
    configCall({ ...a, args: [{ [String(a.args[0])]: a.args[1] }], kwargs: {} }, host),
  ),
  persist_relation_docs: new Fn('config.persist_relation_docs', () => false),
  persist_column_docs: new Fn('config.persist_column_docs', () => false),
});
/**
 * dbt's before_begin / after_commit (global-project macros over make_hook_config): the hook as the JSON text that
 * `tojson` writes, which hooks.get_hook_dict reads back as `{sql, transaction: false}`.
 */
const hookConfig = (name: string) =>
  new Fn(name, (a, host) => {
    host.calledMacro('dbt', name);
    const sql = a.args[0] ?? a.kwargs['sql'];
    return sql instanceof Unknown ? UNKNOWN : `{"sql": ${JSON.stringify(str(sql))}, "transaction": false}`;
  });
const ref = new Fn('ref', refCall);
const source = new Fn('source', sourceCall);
const nothing = (): string => '';
/** The scans whose template stored a result (store_result): load_result is not known there. */
const storing = new WeakSet<object>();

/** Names every scan knows, besides `target` and `project_name`, which come from the context. */
export const GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['ref', ref],
  ['source', source],
  [
    'metric',
    new Fn(
      'metric',
      namedCall('metric', (host, name, pkg, line) => host.addMetric(name, pkg, line)),
    ),
  ],
  [
    'function',
    new Fn(
      'function',
      namedCall('function', (host, name, pkg, line) => host.addFunction(name, pkg, line)),
    ),
  ],
  ['config', config],
  ['var', new Fn('var', varCall)],
  ['env_var', new Fn('env_var', envVarCall)],
  ['doc', new Fn('doc', docCall)],
  ['execute', false],
  ['exceptions', exceptions],
  // dbt's flags: a run without --full-refresh (what `dbt parse` is) has FULL_REFRESH false; the others (WHICH
  // names the command dbt runs) are not known here.
  ['flags', new Namespace('flags', (name) => (name === 'FULL_REFRESH' ? false : UNKNOWN))],
  [
    'is_incremental',
    new Fn(
      'is_incremental',
      (_a, host) => (
        host.calledMacro(dbtMacroPackage(host.ctx.target.type, 'is_incremental'), 'is_incremental'),
        false
      ),
    ),
  ],
  ['before_begin', hookConfig('before_begin')],
  ['after_commit', hookConfig('after_commit')],
  ['return', new Fn('return', (a, host) => (host.setReturn(a.args[0] ?? null), ''))],
  ['log', new Fn('log', nothing)],
  // No statement stores a result while dbt parses (dbt's statement does only `{% if execute %}`): None, unless the
  // template stored one itself (store_result works at parse time), which is not followed here.
  ['load_result', new Fn('load_result', (_a, host) => (storing.has(host) ? UNKNOWN : null))],
  ['store_result', new Fn('store_result', (_a, host) => (storing.add(host), ''))],
  ['store_raw_result', new Fn('store_raw_result', (_a, host) => (storing.add(host), ''))],
  ['print', new Fn('print', nothing)],
  ['range', new Fn('range', rangeCall)],
  ...CONTEXT_FUNCTIONS,
  ['joiner', new Fn('joiner', (a) => joiner(a.args.length > 0 ? a.args[0] : (a.kwargs['sep'] ?? ', ')))],
  ['cycler', new Fn('cycler', (a) => cycler(a.args))],
  ['dict', new Fn('dict', (a) => dictOf(a.args[0], a.kwargs))],
  ['namespace', new Fn('namespace', (a) => dictOf(a.args[0], a.kwargs))],
  ['string', new Fn('string', (a) => (a.args[0] instanceof Unknown ? UNKNOWN : str(a.args[0])))],
]);
// dbt's `builtins`: its context's members, reachable when a project macro overrides one (`builtins.ref`): the
// functions known here; open, for the members not given (this, target...). Jinja's own globals and dbt's macros
// are not among them.
const NOT_BUILTINS = new Set(['range', 'dict', 'namespace', 'joiner', 'cycler', 'string', 'is_incremental']);
(GLOBALS as Map<string, unknown>).set(
  'builtins',
  markOpen(
    Object.fromEntries(
      [...GLOBALS].filter(
        ([name, value]) => value instanceof Fn && !NOT_BUILTINS.has(name) && !/^(before|after)_/.test(name),
      ),
    ),
  ),
);

/**
 * `dbt`, the namespace of dbt's global project: `dbt.is_incremental()` is the builtin (false at parse time), any
 * other `dbt.name(...)` a macro whose result parse time does not know.
 */
export const DBT_NAMESPACE = new Namespace('dbt', (attr) =>
  attr === 'is_incremental'
    ? GLOBALS.get('is_incremental')
    : new Fn(`dbt.${attr}`, (_a, host) => {
        host.calledMacro(dbtMacroPackage(host.ctx.target.type, attr), attr);
        return UNKNOWN;
      }),
);

/** Python's `dict(mapping_or_pairs, **kwargs)` (and Jinja's namespace, which takes the same). */
function dictOf(first: unknown, kwargs: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  if (first instanceof Unknown) return UNKNOWN;
  if (isDict(first)) {
    for (const [k, v] of Object.entries(first)) setKey(out, k, v);
    // A copy of `target` lacks what the profile may hold besides: it is open as its source is.
    if (isOpen(first)) markOpen(out);
  } else if (Array.isArray(first)) {
    if (isOpen(first)) return UNKNOWN;
    for (const pair of first) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') return UNKNOWN;
      setKey(out, pair[0], pair[1]);
    }
  } else if (first !== undefined) return UNKNOWN;
  for (const [k, v] of Object.entries(kwargs)) setKey(out, k, v);
  return out;
}

/** Jinja's joiner: a callable that gives '' the first time and the separator after. */
function joiner(sep: unknown): unknown {
  if (sep instanceof Unknown) return UNKNOWN;
  let used: boolean | Unknown = false;
  // Called where it may not run at all, whether it has been called is not known afterwards.
  return new Fn('joiner', (_a, host) => {
    const before = used;
    used = host.uncertain && before !== true ? UNKNOWN : true;
    return before instanceof Unknown ? UNKNOWN : before ? sep : '';
  });
}

/** Jinja's cycler: next() gives each item in turn, `current` the one next() gives next, reset() starts over. */
function cycler(items: unknown[]): unknown {
  if (items.length === 0 || items.some(hasUnknown)) return UNKNOWN;
  // Where the next call starts; a call that may not run leaves it unknown.
  let at: number | Unknown = 0;
  const attrs: Record<string, unknown> = {};
  const moved = (to: number | Unknown) => {
    at = to;
    attrs['current'] = to instanceof Unknown ? UNKNOWN : items[to];
  };
  attrs['next'] = new Fn('cycler.next', (_a, host) => {
    const from = at;
    if (from instanceof Unknown) return UNKNOWN;
    moved(host.uncertain ? UNKNOWN : (from + 1) % items.length);
    return items[from];
  });
  attrs['reset'] = new Fn('cycler.reset', (_a, host) => (moved(host.uncertain && at !== 0 ? UNKNOWN : 0), null));
  moved(0);
  return new Fn('cycler', () => UNKNOWN, attrs);
}
