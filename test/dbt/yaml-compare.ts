// The differential check behind the YAML loader tests: a text loads through the fast block-YAML path and through
// js-yaml (the reference), and the two must give the same value and record the same lines, or the fast path must
// step aside.
import { YamlLines, loadYamlWithJsYaml } from '../../src/dbt/yaml/yaml.js';
import { parseBlockYaml } from '../../src/dbt/yaml/yaml-block.js';
import { OutsideSubset } from '../../src/dbt/yaml/yaml-scalar.js';

export type Outcome = 'fast' | 'fallback';

/**
 * 'fast' when the fast path loaded `text` exactly as js-yaml does, 'fallback' when it stepped aside; throws with
 * the first difference otherwise, or when the fast path took a text that js-yaml rejects.
 */
export function compareLoaders(text: string): Outcome {
  const slow = loadYamlWithJsYaml(text, 'f.yml');
  const lines = new YamlLines();
  let value: unknown;
  try {
    value = parseBlockYaml(text, lines).value;
  } catch (error) {
    if (error instanceof OutsideSubset) return 'fallback';
    throw error;
  }
  const problem = slow.diagnostics[0];
  if (problem) throw new Error(`the fast path loaded a text that js-yaml rejects: ${problem.message}`);
  const difference = firstDifference(slow.value, value, slow.lines, lines, '$');
  if (difference) throw new Error(`${difference}\n--- text ---\n${text}`);
  return 'fast';
}

function show(value: unknown): string {
  if (value instanceof Date) return `${value.constructor.name}(${value.getTime()}, ${String(value)})`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'a mapping';
  return `${typeof value} ${Object.is(value, -0) ? '-0' : (JSON.stringify(value) ?? String(value))}`;
}

/**
 * The first place where `expected` (js-yaml's) and `actual` differ, or null: types are told apart (timestamp,
 * number and string; null and undefined; -0 and 0), keys must come in the same order, and every collection must have
 * the same lines recorded.
 */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  expectedLines: YamlLines,
  actualLines: YamlLines,
  path: string,
): string | null {
  const differ = () => `${path}: js-yaml gives ${show(expected)}, the fast path ${show(actual)}`;
  if (expected instanceof Date || actual instanceof Date) {
    // The same instant, class and text: a timestamp's text (its isoformat) is what dbt writes.
    const same =
      expected instanceof Date &&
      actual instanceof Date &&
      Object.is(expected.getTime(), actual.getTime()) &&
      expected.constructor === actual.constructor &&
      String(expected) === String(actual);
    return same ? null : differ();
  }
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    return Object.is(expected, actual) ? null : differ();
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return differ();
  if (Object.getPrototypeOf(expected) !== Object.getPrototypeOf(actual)) return `${path}: prototypes differ`;
  const expectedRecord = JSON.stringify(expectedLines.raw(expected));
  const actualRecord = JSON.stringify(actualLines.raw(actual));
  if (expectedRecord !== actualRecord) {
    return `${path}: js-yaml records ${expectedRecord}, the fast path ${actualRecord}`;
  }
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  if (expectedKeys.join('\0') !== actualKeys.join('\0')) {
    return `${path}: keys ${JSON.stringify(expectedKeys)} vs ${JSON.stringify(actualKeys)}`;
  }
  for (const key of expectedKeys) {
    const inner = firstDifference(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      expectedLines,
      actualLines,
      Array.isArray(expected) ? `${path}[${key}]` : `${path}.${key}`,
    );
    if (inner) return inner;
  }
  return null;
}
