// YAML loading with source positions and without surprises: js-yaml parses (it is the fastest loader), a
// listener records the line of every mapping, key and list item, and bad input becomes a diagnostic.
import yaml from 'js-yaml';
import type { Diagnostic } from './types.js';

interface NodeLines {
  /** 1-based line where the mapping or sequence starts. */
  line: number;
  /** For mappings: the line of each key. */
  keys?: Map<string, number>;
  /** For sequences: the line of each item. */
  items?: number[];
}

/** Positions of a loaded document: ask with the very objects that `value` contains. */
export class YamlLines {
  private readonly lines = new WeakMap<object, NodeLines>();

  record(node: object, lines: NodeLines): void {
    this.lines.set(node, lines);
  }

  /**
   * Gives `copy` (a rendered copy of `original`: same keys and items, new objects) the positions of `original`,
   * recursively, so that lines can be asked of values after Jinja rendering.
   */
  mirror(original: unknown, copy: unknown): void {
    if (!isObject(original) || !isObject(copy) || original === copy) return;
    const info = this.lines.get(original);
    if (info && !this.lines.has(copy)) this.lines.set(copy, info);
    if (Array.isArray(original) && Array.isArray(copy)) {
      original.forEach((item, i) => this.mirror(item, copy[i]));
    } else if (!Array.isArray(original) && !Array.isArray(copy)) {
      const from = original as Record<string, unknown>;
      const to = copy as Record<string, unknown>;
      for (const key of Object.keys(from)) if (key in to) this.mirror(from[key], to[key]);
    }
  }

  /** The line where a mapping or sequence starts, or `fallback`. */
  of(node: unknown, fallback = 1): number {
    return (isObject(node) && this.lines.get(node)?.line) || fallback;
  }

  /** The line of `key` in a mapping, or the mapping's own line. */
  key(node: unknown, key: string, fallback = 1): number {
    if (!isObject(node)) return fallback;
    const info = this.lines.get(node);
    return info?.keys?.get(key) ?? info?.line ?? fallback;
  }

  /** The line of the i-th item of a sequence. */
  item(node: unknown, index: number, fallback = 1): number {
    if (!isObject(node)) return fallback;
    const info = this.lines.get(node);
    return info?.items?.[index] ?? info?.line ?? fallback;
  }
}

export interface LoadedYaml {
  value: unknown;
  lines: YamlLines;
  diagnostics: Diagnostic[];
}

interface Frame {
  line: number;
  children: Array<{ line: number; value: unknown }>;
}

/** Above this many nodes (counting each alias expansion), a document is treated as an alias bomb. */
const MAX_EXPANDED_NODES = 2_000_000;

export function loadYaml(text: string, file: string): LoadedYaml {
  const lines = new YamlLines();
  const stack: Frame[] = [];
  const listener = (event: 'open' | 'close', state: { line: number; result: unknown; kind: string | null }) => {
    if (event === 'open') {
      stack.push({ line: state.line + 1, children: [] });
      return;
    }
    const frame = stack.pop();
    if (!frame) return;
    const result = state.result;
    stack[stack.length - 1]?.children.push({ line: frame.line, value: result });
    if (!isObject(result) || frame.children.length === 0) return;
    if (Array.isArray(result)) {
      lines.record(result, { line: frame.children[0]!.line, items: frame.children.map((c) => c.line) });
    } else if (state.kind === 'mapping') {
      const keys = new Map<string, number>();
      for (let i = 0; i + 1 < frame.children.length; i += 2) {
        const key = frame.children[i]!;
        if (typeof key.value === 'string' || typeof key.value === 'number') keys.set(String(key.value), key.line);
      }
      lines.record(result, { line: frame.children[0]!.line, keys });
    }
  };
  let value: unknown;
  try {
    // `json: true` lets a duplicate key override the earlier one, as PyYAML (and so dbt) does.
    value = yaml.load(text, { filename: file, json: true, listener } as yaml.LoadOptions);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    return {
      value: undefined,
      lines,
      diagnostics: [
        {
          code: 'yaml-syntax',
          severity: 'error',
          message: `YAML syntax error: ${reason}; the file is skipped`,
          file,
          line: (mark?.line ?? 0) + 1,
        },
      ],
    };
  }
  if (exceedsNodeBudget(value)) {
    return {
      value: undefined,
      lines,
      diagnostics: [
        {
          code: 'yaml-alias-bomb',
          severity: 'error',
          message: `YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes; the file is skipped`,
          file,
          line: 1,
        },
      ],
    };
  }
  return { value, lines, diagnostics: [] };
}

/** Counts nodes as a walker would see them, so that shared (aliased) subtrees count every time they appear. */
function exceedsNodeBudget(root: unknown): boolean {
  const sizes = new Map<object, number>();
  const size = (node: unknown, depth: number): number => {
    if (!isObject(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (depth > 200) return MAX_EXPANDED_NODES + 1;
    sizes.set(node, MAX_EXPANDED_NODES + 1); // a cycle counts as infinite
    let total = 1;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      total += size(child, depth + 1);
      if (total > MAX_EXPANDED_NODES) break;
    }
    sizes.set(node, total);
    return total;
  };
  return size(root, 0) > MAX_EXPANDED_NODES;
}

export function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line of the deepest part of `path` (keys and list indexes) that exists in `root`, or undefined. */
export function lineAtPath(root: unknown, lines: YamlLines, path: ReadonlyArray<PropertyKey>): number | undefined {
  let node = root;
  let line: number | undefined;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number' && segment < node.length) {
      line = lines.item(node, segment);
      node = node[segment];
    } else if (isRecord(node) && Object.hasOwn(node, String(segment))) {
      line = lines.key(node, String(segment));
      node = node[String(segment)];
    } else {
      return line;
    }
  }
  return line;
}
