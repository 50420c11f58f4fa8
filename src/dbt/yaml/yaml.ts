// YAML loading with source positions and without surprises: plain scalars resolve as dbt's PyYAML resolves them
// (YAML 1.1: yaml-pyyaml.ts); a fast line-oriented loader takes the block-style YAML that dbt files are written
// in (yaml-block.ts); js-yaml takes everything else, with a listener that records the line of every mapping, key
// and list item (yaml-listener.ts); and bad input becomes a diagnostic.
import { Float } from '../python-text.js';
import yaml from 'js-yaml';
import type { Diagnostic } from '../types.js';
import { loadBlockYaml } from './yaml-block.js';
import { LineRecorder } from './yaml-listener.js';
import { PYYAML_SCHEMA } from './yaml-pyyaml.js';
import { YamlValueError } from './yaml-timestamp.js';
import { closeEmptyItems } from './yaml-empty-items.js';
import { pythonStripEnd } from '../text.js';

interface NodeLines {
  /** 1-based line where the mapping or sequence starts. */
  line: number;
  /** For mappings: key, line, key, line... (flat: mappings are small, and most lines are never asked for). */
  keys?: Array<string | number>;
  /** For sequences: the line of each item. */
  items?: number[];
}

/**
 * Positions of a loaded document: ask with the very objects that `value` contains. A Map, not a WeakMap: the
 * positions live exactly as long as the document, and ephemeron tables cost the garbage collector dearly.
 * Every collection's record sits in one flat list per document, the Map holding where it starts:
 * `n, line, key, keyLine, key, keyLine...` for a mapping, `n, line, itemLine...` for a sequence (n counts the
 * line and what follows it). A property file of 5,000 models has some 60,000 collections: a list of its own for
 * each (grown by push, so mostly spare capacity) made the positions twice the size of the values, all of it kept
 * to the end of a compile.
 */
export class YamlLines {
  private readonly starts = new Map<object, number>();
  private readonly flat: Array<string | number> = [];

  record(node: object, lines: NodeLines): void {
    const rest = (Array.isArray(node) ? lines.items : lines.keys) ?? [];
    this.recordEntry(node, [lines.line, ...rest]);
  }

  /** Records `entry`, in the fast loader's form `[line, key, keyLine...]` or `[line, itemLine...]`; copied. */
  recordEntry(node: object, entry: ReadonlyArray<string | number>): void {
    const flat = this.flat;
    this.starts.set(node, flat.length);
    flat.push(entry.length);
    // One builtin call: the loader calls this for every collection, mostly before the JIT has warmed up. (A list
    // of many thousand items would overflow the stack as arguments: those few are copied one by one.)
    if (entry.length <= 1024) Array.prototype.push.apply(flat, entry as Array<string | number>);
    else for (const value of entry) flat.push(value);
  }

  /** What was recorded for `node`: for tests that compare two loaders. */
  raw(node: object): Readonly<NodeLines> | undefined {
    const at = this.starts.get(node);
    if (at === undefined) return undefined;
    const line = this.flat[at + 1] as number;
    const rest = this.flat.slice(at + 2, at + 1 + (this.flat[at] as number));
    return Array.isArray(node) ? { line, items: rest as number[] } : { line, keys: rest };
  }

  /**
   * Gives `copy` (a rendered copy of `original`: same keys and items, new objects) the positions of `original`,
   * recursively, so that lines can be asked of values after Jinja rendering; `rename` gives a copy's key names.
   */
  mirror(original: unknown, copy: unknown, rename?: (key: string) => string): void {
    if (!isObject(original) || !isObject(copy) || original === copy) return;
    const at = this.starts.get(original);
    // A record is read by its collection's kind: a copy of another kind keeps only the collection's line.
    const sameKind = Array.isArray(original) === Array.isArray(copy);
    if (at !== undefined && !this.starts.has(copy)) {
      if (!sameKind) this.recordEntry(copy, [this.flat[at + 1]!]);
      else if (rename === undefined || Array.isArray(copy)) this.starts.set(copy, at);
      else {
        // A copy whose keys were renamed (an adapter's aliases): the same lines under the new names.
        const entry = this.flat.slice(at + 1, at + 1 + (this.flat[at] as number));
        for (let i = 1; i < entry.length; i += 2) entry[i] = rename(entry[i] as string);
        this.recordEntry(copy, entry);
      }
    }
    if (Array.isArray(original) && Array.isArray(copy)) {
      original.forEach((item, i) => this.mirror(item, copy[i], rename));
    } else if (!Array.isArray(original) && !Array.isArray(copy)) {
      const from = original as Record<string, unknown>;
      const to = copy as Record<string, unknown>;
      for (const key of Object.keys(from)) {
        const named = rename === undefined ? key : rename(key);
        if (named in to) this.mirror(from[key], to[named], rename);
      }
    }
  }

  /** The line where a mapping or sequence starts, or `fallback`. */
  of(node: unknown, fallback = 1): number {
    const at = isObject(node) ? this.starts.get(node) : undefined;
    return (at === undefined ? 0 : (this.flat[at + 1] as number)) || fallback;
  }

  /** The line of `key` in a mapping, or the mapping's own line. */
  key(node: unknown, key: string, fallback = 1): number {
    if (!isObject(node)) return fallback;
    const at = this.starts.get(node);
    if (at === undefined) return fallback;
    const flat = this.flat;
    if (!Array.isArray(node)) {
      const end = at + 1 + (flat[at] as number);
      for (let i = at + 2; i < end; i += 2) if (flat[i] === key) return flat[i + 1] as number;
    }
    return (flat[at + 1] as number | undefined) ?? fallback;
  }

  /** The line of the i-th item of a sequence. */
  item(node: unknown, index: number, fallback = 1): number {
    if (!isObject(node)) return fallback;
    const at = this.starts.get(node);
    if (at === undefined) return fallback;
    const flat = this.flat;
    if (Array.isArray(node) && index >= 0 && index < (flat[at] as number) - 1) return flat[at + 2 + index] as number;
    return (flat[at + 1] as number | undefined) ?? fallback;
  }
}

export interface LoadedYaml {
  value: unknown;
  lines: YamlLines;
  diagnostics: Diagnostic[];
}

/** Above this many nodes (counting each alias expansion), a document is treated as an alias bomb. */
const MAX_EXPANDED_NODES = 2_000_000;

export function loadYaml(raw: string, file: string): LoadedYaml {
  const text = closeEmptyItems(raw);
  const lines = new YamlLines();
  const fast = loadBlockYaml(text, lines);
  return fast ? checked(text, file, fast.value, lines) : loadYamlWithJsYaml(text, file);
}

/**
 * A YAML file as dbt reads it (dbt_project.yml, packages.yml, property files, selectors.yml): load_file_contents
 * strips it, so a block scalar that ends the file keeps no final line break. Only the end is stripped here: the
 * start holds no value, and lines count from it.
 */
export function loadYamlFile(raw: string, file: string): LoadedYaml {
  return loadYaml(pythonStripEnd(raw), file);
}

/** `loadYaml` by js-yaml alone: the reference that the fast loader must match, value for value, line for line. */
export function loadYamlWithJsYaml(text: string, file: string): LoadedYaml {
  return loadWithJsYaml(text, file, PYYAML_SCHEMA);
}

/**
 * YAML 1.2 core, for our own config file, read as the App's config loader (Probot's, on the `yaml` package) reads
 * it: `off`, `yes` and dates are strings, `<<` is a plain key, and a key given twice is an error (at its line),
 * where dbt's YAML 1.1 would read booleans and dates and let the last key win.
 */
export function loadYaml12(text: string, file: string): LoadedYaml {
  return loadWithJsYaml(text, file, yaml.CORE_SCHEMA, { duplicateKeys: 'error' });
}

/**
 * js-yaml appends a line break to a text that ends without one, and a block scalar that ends the text keeps it;
 * PyYAML keeps only the breaks in the text. The listener takes that break off the scalar before its parent stores it.
 */
function pyyamlEnd(text: string, listener: LineRecorder['listener']): LineRecorder['listener'] {
  // Only after a last line with content: one of spaces is content or nothing by its indent (read as js-yaml reads it).
  if (!/[^ \t\n\r]$/.test(text)) return listener;
  // Where each open node starts: only a block scalar (`|`, `>`, after a tag or an anchor) reads the break.
  const starts: number[] = [];
  return (event, state) => {
    if (event === 'open') starts.push(state.position);
    else {
      const { result } = state;
      const start = starts.pop() ?? 0;
      // js-yaml's input ends with the appended break and a NUL: a block scalar read up to there ended the text.
      if (
        typeof result === 'string' &&
        result.endsWith('\n') &&
        state.position >= state.input.length - 1 &&
        isBlockScalarAt(state.input, start)
      )
        state.result = result.slice(0, -1);
    }
    listener(event, state);
  };
}

const BLOCK_SCALAR_START = /[ \t\r\n]*(?:[!&][^ \t\r\n]*[ \t\r\n]+)*[|>]/y;

/** Whether a node that starts looking at `position` is a block scalar (its properties and spaces before it). */
function isBlockScalarAt(input: string, position: number): boolean {
  BLOCK_SCALAR_START.lastIndex = position;
  return BLOCK_SCALAR_START.test(input);
}

function loadWithJsYaml(
  text: string,
  file: string,
  schema: yaml.Schema,
  { duplicateKeys = 'last-wins' }: { duplicateKeys?: 'last-wins' | 'error' } = {},
): LoadedYaml {
  const lines = new YamlLines();
  const recorder = new LineRecorder(lines, schema === PYYAML_SCHEMA);
  let value: unknown;
  try {
    // `json: true` lets a duplicate key override the earlier one, as PyYAML (and so dbt) does.
    const json = duplicateKeys === 'last-wins';
    const options = { filename: file, json, schema, listener: pyyamlEnd(text, recorder.listener) };
    value = yaml.load(text, options as yaml.LoadOptions);
    recorder.finish();
  } catch (error) {
    // A constructor threw: js-yaml was on the scalar's line.
    if (error instanceof YamlValueError) return unloadable(file, (recorder.state?.line ?? 0) + 1, error.message);
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
  if (recorder.problem) return unloadable(file, recorder.problem.line, recorder.problem.reason);
  return checked(text, file, value, lines);
}

/** A value that PyYAML's SafeLoader, and so dbt, cannot load: dbt stops on the file. */
function unloadable(file: string, line: number, reason: string): LoadedYaml {
  const message = `YAML value that dbt (PyYAML) cannot load: ${reason}; the file is skipped`;
  return {
    value: undefined,
    lines: new YamlLines(),
    diagnostics: [{ code: 'yaml-value', severity: 'error', message, file, line }],
  };
}

function checked(text: string, file: string, value: unknown, lines: YamlLines): LoadedYaml {
  // Only aliases can make a document bigger than its text, and aliases need an anchor (`&name`).
  if (text.includes('&') && exceedsNodeBudget(value)) {
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

/** A YAML mapping: an object that is neither a list nor a timestamp (a Date, whose keys are none). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    // A whole float from YAML (python-text.ts) is a scalar.
    !(value instanceof Float)
  );
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
