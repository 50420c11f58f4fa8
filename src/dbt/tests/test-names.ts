// What dbt writes of a generic test from its name and arguments (dbt/parser/generic_test_builders.py): the
// synthesized names, the hash that ends its unique id, and the config() call that ends its raw_code.
import { hash } from 'node:crypto';
import { Float, pythonRepr, pythonStr } from '../python-text.js';
import { isRecord } from '../yaml/yaml.js';
import { isWholeFloat, type Written } from '../yaml/yaml-written.js';

const md5 = (text: string): string => hash('md5', text, 'hex');

/** The last 10 characters of md5(name + repr(get_hashable_md(metadata))): the end of a generic test's unique id. */
export function testHash(fullName: string, metadata: unknown): string {
  return md5(fullName + pythonRepr(hashable(metadata))).slice(-10);
}

/** synthesize_generic_test_names: the full name, and the short one for file and alias (under 64 characters). */
export function synthesizedNames(
  typeName: string,
  targetName: string,
  args: Record<string, unknown>,
): [string, string] {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
    for (const part of parts) flat.push(pythonStr(part));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${typeName}_${targetName}`;
  const full = `${identifier}_${unique}`;
  return [full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full, full];
}

/** get_hashable_md: dicts with sorted keys, lists kept, every other value as its str(). */
function hashable(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(hashable);
  if (isRecord(data)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(data).sort()) out[key] = hashable(data[key]);
    return out;
  }
  return pythonStr(data);
}

/** construct_config: the test's configs as a `config()` call after the test macro's, as dbt writes raw_code. */
export function configCall(config: Record<string, unknown>): string {
  const items = Object.entries(config).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? `"${value.replace(/"/g, '\\"')}"` : pythonStr(value)}`,
  );
  return items.length > 0 ? `{{ config(${items.join(',')}) }}` : '';
}

const isWhole = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

/**
 * The arguments with YAML's whole floats (`min_value: 0.0`, `values: [1.0]`) as Floats: dbt's test name and hash
 * have Python's text of them (`0.0`), JavaScript read 0. `sources` are the mappings the arguments were taken from;
 * `written` tells how their file wrote a scalar (asked only when an argument is a whole number).
 */
export function withWholeFloats(
  args: Record<string, unknown>,
  sources: readonly object[],
  written: () => Written | null,
): void {
  for (const key of Object.keys(args)) {
    const value = args[key];
    if (isWhole(value)) {
      const from = sources.find((s) => Object.hasOwn(s, key) && (s as Record<string, unknown>)[key] === value);
      const how = from === undefined ? null : written();
      if (from !== undefined && how !== null && isWholeFloat(from, key, how)) args[key] = new Float(value as number);
    } else if (Array.isArray(value) && value.some(isWhole)) {
      const how = written();
      if (how !== null)
        args[key] = value.map((item, i) =>
          isWhole(item) && isWholeFloat(value, i, how, key) ? new Float(item as number) : item,
        );
    } else if (isRecord(value) && Object.values(value).some(isWhole)) {
      const how = written();
      if (how === null) continue;
      const copy: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(value))
        copy[k] = isWholeFloat(value, k, how) ? new Float(item as number) : item;
      args[key] = copy;
    }
  }
}
