// Scalars as the YAML file wrote them, where the loaded value lost something Python keeps: PyYAML reads `5.00` as
// the float 5.0, which Python prints `5.0`; JavaScript reads it as 5.
import type { YamlLines } from './yaml.js';

/** PyYAML's float (YAML 1.1) as written; only the ones holding a `.` can read as a whole number here. */
export const YAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$/;

/** The value after `key:` on a line of YAML (block or flow style), as written; null when it cannot be told. */
export function scalarAfterKey(lineText: string, key: string): string | null {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matches = [...lineText.matchAll(new RegExp(`(?:^|[\\s{,])['"]?${escaped}['"]?\\s*:\\s+([^\\s,}#]+)`, 'g'))];
  // The same key twice on one line (`{a: 1.0, b: {a: 1}}`): which is this mapping's is not told here.
  return matches.length === 1 ? matches[0]![1]! : null;
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

/** How a loaded file wrote a scalar: null when it cannot be told. */
export interface Written {
  /** The value under `key` of a mapping (`key: 1.0`, block or flow style). */
  key(container: object, key: string): string | null;
  /**
   * The i-th item of a sequence: `- 1.0` on its line, or an item of a flow sequence written on one line (in a flow
   * mapping too, when the sequence's key is given: `{values: [1.0, 2]}`).
   */
  item(list: readonly unknown[], index: number, key?: string): string | null;
}

export function writtenIn(text: string, lines: YamlLines): Written {
  return {
    key: (container, key) => scalarAfterKey(lineText(text, lines.key(container, key, 0)), key),
    item: (list, index, key) => {
      const line = lineText(text, lines.item(list, index, 0));
      const block = BLOCK_ITEM.exec(line);
      if (block) return block[1]!;
      // `[1.0, 2.0]` on one line holding every item: plain scalars only (a quote or a nested flow could hide a comma).
      if (lines.item(list, 0, 0) !== lines.item(list, list.length - 1, -1)) return null;
      let inner = FLOW_LIST.exec(line)?.[1];
      if (inner === undefined && key !== undefined) {
        const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const found = [
          ...line.matchAll(new RegExp(`(?:^|[\\s{,])['"]?${escaped}['"]?\\s*:\\s*\\[([^[\\]'"{}]*)\\]`, 'g')),
        ];
        if (found.length === 1) inner = found[0]![1];
      }
      if (inner === undefined) return null;
      const items = inner.split(',').map((item) => item.trim());
      return items.length === list.length ? items[index]! : null;
    },
  };
}
const BLOCK_ITEM = /^\s*-\s+([^\s#'"[{][^\s#]*)\s*(?:#.*)?$/;
const FLOW_LIST = /^[^[\]'"{}]*\[([^[\]'"{}]*)\][^[\]'"{}]*$/;

/** True when a number under `key` (or at index `key` of a list) was written as a whole float (`5.0`, `1.5e+1`). */
export function isWholeFloat(
  container: object,
  key: string | number,
  written: Written,
  /** A list's own key in its mapping (a flow list inside a flow mapping is found by it). */
  listKey?: string,
): boolean {
  const value = (container as Record<string | number, unknown>)[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) return false;
  const raw = Array.isArray(container)
    ? written.item(container, Number(key), listKey)
    : written.key(container, String(key));
  return raw !== null && YAML_FLOAT.test(raw);
}
