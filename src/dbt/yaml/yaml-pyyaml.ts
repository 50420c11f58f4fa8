// Plain scalars as dbt reads them. dbt loads YAML with PyYAML's SafeLoader (CSafeLoader when libyaml is there:
// dbt/clients/yaml_helper.py), which resolves plain scalars by YAML 1.1 rules, not js-yaml's YAML 1.2 core
// schema: `yes`/`on` are booleans, `012` is octal, `1_000` and `1:30` are integers, `1e3` and `0o17` are strings.
// The regexps below are PyYAML's implicit resolvers (yaml/pyyaml, lib/yaml/resolver.py) and the constructors its
// SafeConstructor's (lib/yaml/constructor.py). Both loaders use them: the fast path through `plainScalar`, js-yaml
// through `PYYAML_SCHEMA`, so that the two keep giving identical values.
import yaml from 'js-yaml';
import { YamlValueError, constructTimestamp } from './yaml-timestamp.js';

// Resolver.add_implicit_resolver(...) in resolver.py, one by one (`re.X` whitespace removed); the booleans'
// regexp is an alternation of these words.
const BOOL_WORDS = 'yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF'.split('|');
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** What PyYAML's resolver makes of a plain scalar: the tag, as a small number. */
export type ScalarKind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
const STR = 0;
const NULL = 1;
const BOOLEAN = 2;
const INTEGER = 3;
const REAL = 4;
const STAMP = 5;
const MERGE = 6;
const VALUE = 7;

// PyYAML picks resolvers by the scalar's first character: most words start with a letter no resolver takes
// (`name`, `description`, `orders`...) and are strings at once. Letters that can start null or a boolean
// (`null`, `yes`, `no`, `on`, `off`, `true`, `false`; not `y` or `n`: YAML 1.1's bool resolver in PyYAML does
// not include them) are looked up whole when short enough; digits, signs and `.` go to the number and
// timestamp regexps; `~`, `<<` and `=` are single tokens.
const WORD = 1;
const NUMBER = 2;
const TOKEN = 3;
const FIRST = new Uint8Array(128);
for (const c of 'yYnNtTfFoO') FIRST[c.charCodeAt(0)] = WORD;
for (const c of '0123456789+-.') FIRST[c.charCodeAt(0)] = NUMBER;
for (const c of '~<=') FIRST[c.charCodeAt(0)] = TOKEN;
const WORDS = new Map<string, ScalarKind>([
  ['null', NULL],
  ['Null', NULL],
  ['NULL', NULL],
]);
for (const word of BOOL_WORDS) WORDS.set(word, BOOLEAN);

/** PyYAML's resolution of a plain scalar (an empty one is null). */
export function scalarKind(raw: string): ScalarKind {
  if (raw.length === 0) return NULL;
  const c = raw.charCodeAt(0);
  switch (c < 128 ? FIRST[c] : 0) {
    case WORD:
      return raw.length <= 5 ? (WORDS.get(raw) ?? STR) : STR;
    case NUMBER:
      if (INT.test(raw)) return INTEGER;
      if (FLOAT.test(raw)) return REAL;
      return c >= 0x30 && c <= 0x39 && TIMESTAMP.test(raw) ? STAMP : STR;
    case TOKEN:
      return raw === '~' ? NULL : raw === '<<' ? MERGE : raw === '=' ? VALUE : STR;
    default:
      return STR;
  }
}

/** Python's int(digits, base): a JS number, exact up to 2^53 like every integer here. `0x_` leaves no digits. */
function parseDigits(digits: string, base: number, raw: string): number {
  if (digits.length === 0) throw new YamlValueError(`\`${raw}\` has no digits: PyYAML cannot read it as a number`);
  return parseInt(digits, base);
}

/** Base-60 parts (`1:30:15`), as construct_yaml_int and construct_yaml_float add them up. */
function sexagesimal(parts: string[]): number {
  let value = 0;
  for (const part of parts) value = value * 60 + Number(part);
  return value;
}

/** SafeConstructor.construct_yaml_int. Python has no -0: `-0` is 0. */
export function constructInt(raw: string): number {
  let value = raw.replaceAll('_', '');
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '0') return 0;
  let n: number;
  if (value.startsWith('0b')) n = parseDigits(value.slice(2), 2, raw);
  else if (value.startsWith('0x')) n = parseDigits(value.slice(2), 16, raw);
  else if (value[0] === '0') n = parseDigits(value, 8, raw);
  else if (value.includes(':')) n = sexagesimal(value.split(':'));
  else n = Number(value);
  return n === 0 ? 0 : sign * n;
}

/** SafeConstructor.construct_yaml_float. */
export function constructFloat(raw: string): number {
  let value = raw.replaceAll('_', '').toLowerCase();
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  return sign * (value.includes(':') ? sexagesimal(value.split(':')) : Number(value));
}

/** The value PyYAML's SafeLoader constructs for a plain scalar of this kind; throws `YamlValueError` if none. */
export function constructScalar(kind: ScalarKind, raw: string): unknown {
  switch (kind) {
    case NULL:
      return null;
    case BOOLEAN: {
      const word = raw.toLowerCase(); // bool_values[value.lower()]
      return word === 'yes' || word === 'true' || word === 'on';
    }
    case INTEGER:
      return constructInt(raw);
    case REAL:
      return constructFloat(raw);
    case STAMP:
      return constructTimestamp(raw);
    default:
      // A string; or `<<` and `=`, which are keys only: see KEY_ONLY_TAGS.
      return raw;
  }
}

/**
 * The tags of plain `<<` (merge) and `=` (YAML 1.1's "value" key): SafeConstructor has no constructor for either,
 * so as a value PyYAML raises "could not determine a constructor for the tag" (yaml/pyyaml#89); as a key, `<<`
 * merges and `=` is the string "=" (flatten_mapping). Only the loaders know keys from values: they report values.
 */
export const KEY_ONLY_TAGS: ReadonlySet<string> = new Set(['tag:yaml.org,2002:merge', 'tag:yaml.org,2002:value']);

/** Whether a plain scalar may only be a key (`<<`, `=`). */
export function isKeyOnly(raw: string): boolean {
  return raw === '<<' || raw === '=';
}

/** The diagnostic's reason for a plain `<<` or `=` used as a value. */
export function keyOnlyReason(raw: string): string {
  const key = raw === '=' ? 'the YAML 1.1 "value" key' : 'a merge key';
  return `a plain \`${raw}\` is ${key}, which PyYAML cannot load as a value; quote it`;
}

/** A plain scalar as dbt reads it. */
export function plainScalar(raw: string): unknown {
  const kind = scalarKind(raw);
  return kind === STR ? raw : constructScalar(kind, raw);
}

// js-yaml asks each implicit type in turn whether it resolves the scalar, with the same text: the last answer is
// kept, so that a scalar is classified once, by the same function as on the fast path.
let lastRaw: string | null = null;
let lastKind: ScalarKind = STR;
function kindOf(raw: string): ScalarKind {
  if (raw !== lastRaw) {
    lastKind = scalarKind(raw);
    lastRaw = raw;
  }
  return lastKind;
}

function pyType(name: string, kind: ScalarKind): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${name}`, {
    kind: 'scalar',
    // `null` is an empty node with an explicit tag (`!!null`), as js-yaml's own types see it.
    resolve: (data: unknown) => (data === null ? kind === NULL : typeof data === 'string' && kindOf(data) === kind),
    construct: (data: unknown) => (data === null ? null : constructScalar(kind, String(data))),
  });
}

/**
 * js-yaml's default schema with PyYAML's resolvers in place of js-yaml's: each of ours has the tag of the one it
 * replaces, so js-yaml keeps it at its place; merge keys (`<<`), strings, sequences, mappings and the explicit
 * types stay js-yaml's. `=` is added last (a string for js-yaml: the listener reports it where it is a value).
 */
export const PYYAML_SCHEMA = yaml.DEFAULT_SCHEMA.extend({
  implicit: [
    pyType('null', NULL),
    pyType('bool', BOOLEAN),
    pyType('int', INTEGER),
    pyType('float', REAL),
    pyType('timestamp', STAMP),
    pyType('value', VALUE),
  ],
});
