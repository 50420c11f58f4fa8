// Scalars as the YAML file wrote them, where the loaded value lost something Python keeps: PyYAML reads `5.00` as
// the float 5.0, which Python prints `5.0`; JavaScript reads it as 5.
import type { YamlLines } from './yaml.js';

/** PyYAML's float (YAML 1.1) as written; only the ones holding a `.` can read as a whole number here. */
export const YAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$/;

/** The value after `key:` on a line of YAML (block or flow style), as written; null when it cannot be told. */
export function scalarAfterKey(lineText: string, key: string): string | null {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[\\s{,])['"]?${escaped}['"]?\\s*:\\s+([^\\s,}#]+)`).exec(lineText);
  return match ? match[1]! : null;
}

/** The text of a 1-based line ('' past the end). */
export function lineText(text: string, line: number): string {
  if (line < 1) return '';
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}

/** How a loaded file wrote the scalar under `key` of a mapping: null when it cannot be told. */
export type Written = (container: object, key: string) => string | null;

export function writtenIn(text: string, lines: YamlLines): Written {
  return (container, key) => scalarAfterKey(lineText(text, lines.key(container, key, 0)), key);
}

/** True when a mapping's number under `key` was written as a float with a whole value (`5.0`, `1.50e+1`). */
export function isWholeFloat(container: object, key: string, written: Written): boolean {
  const value = (container as Record<string, unknown>)[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) return false;
  const raw = written(container, key);
  return raw !== null && YAML_FLOAT.test(raw);
}
