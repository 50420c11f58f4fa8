// What dbt writes of a generic test from its name and arguments (dbt/parser/generic_test_builders.py): the
// synthesized names, the hash that ends its unique id, and the config() call that ends its raw_code.
import { hash } from 'node:crypto';
import { pythonRepr, pythonStr } from './python-text.js';
import { isRecord } from './yaml.js';

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
