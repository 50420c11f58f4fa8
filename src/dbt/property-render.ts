// Rendering a property file's entries as dbt's SchemaYamlRenderer does (every value through Jinja, natively), but
// the keys it leaves to later passes; copy on write, so that a file with nothing to render costs no copy.
import { textMayRender } from './jinja/index.js';
import { isRecord, type YamlLines } from './yaml/yaml.js';

/**
 * Keys dbt's SchemaYamlRenderer leaves unrendered: descriptions (rendered with doc() later), tests, and a source's
 * loaded_at_query (run as written); a model's `metrics:` (dbt 1.12) are rendered key by key as metrics are, their
 * filters left as written (semantic.ts).
 */
const NO_RENDER = new Set(['description', 'tests', 'data_tests', 'loaded_at_query', 'metrics']);
/**
 * A version's own keys: its description is rendered with the rest (no doc() there: dbt-core #11151), unlike the
 * model's, its columns' and its versions' columns'.
 */
const VERSION_NO_RENDER = new Set([...NO_RENDER].filter((key) => key !== 'description'));
/** Under `config:`: hooks, rendered at run time, and loaded_at_query. */
const CONFIG_NO_RENDER = new Set(['pre-hook', 'post-hook', 'pre_hook', 'post_hook', 'loaded_at_query']);

/**
 * Renders an entry as dbt's SchemaYamlRenderer does: every value but descriptions, tests, loaded_at_query and config
 * hooks, one level down into columns, versions (and their columns) and a macro's arguments; a source's tables are
 * rendered one by one (by the caller). Copy on write, as renderValue is: an entry with nothing to render (the common
 * case) comes back as the very same object, so that loading a large property file allocates no second copy of it.
 */
export function entryRenderer(
  text: string,
  lines: YamlLines,
  /** Renders a value; `line` (where it is written) is asked only when there is something to report. */
  render: (value: unknown, line: () => number) => unknown,
): (entry: Record<string, unknown>, line: number) => Record<string, unknown> {
  const rendersNothing = !textMayRender(text);
  const renderEntry = (
    entry: Record<string, unknown>,
    line: number,
    noRender: ReadonlySet<string> = NO_RENDER,
  ): Record<string, unknown> => {
    if (rendersNothing) return entry;
    let result: Record<string, unknown> | null = null;
    for (const key in entry) {
      const value = entry[key];
      let rendered: unknown = value;
      if (noRender.has(key) || key === 'tables' || value === null || typeof value !== 'object') {
        if (typeof value === 'string' && !noRender.has(key))
          rendered = render(value, () => lines.key(entry, key, line));
      } else if ((key === 'columns' || key === 'arguments') && Array.isArray(value)) {
        // A macro's arguments are rendered as columns are: all but their descriptions.
        rendered = renderList(value, lines.key(entry, key, line), NO_RENDER);
      } else if (key === 'versions' && Array.isArray(value)) {
        rendered = renderList(value, lines.key(entry, key, line), VERSION_NO_RENDER);
      } else if (key === 'config' && isRecord(value)) {
        rendered = renderConfig(value, lines.key(entry, key, line));
      } else {
        rendered = render(value, () => lines.key(entry, key, line));
      }
      if (result === null && rendered !== value) result = copyUntil(entry, key);
      if (result !== null) setOwn(result, key, rendered);
    }
    if (result === null) return entry;
    lines.mirror(entry, result);
    return result;
  };
  const renderList = (list: unknown[], at: number, noRender: ReadonlySet<string>): unknown[] => {
    let out: unknown[] | null = null;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const rendered = isRecord(item) ? renderEntry(item, lines.item(list, i, at), noRender) : item;
      if (out === null && rendered !== item) out = list.slice(0, i);
      if (out !== null) out.push(rendered);
    }
    return out ?? list; // the entry that holds the list mirrors positions onto the copy
  };
  const renderConfig = (config: Record<string, unknown>, at: number): Record<string, unknown> => {
    let out: Record<string, unknown> | null = null;
    for (const key in config) {
      const value = config[key];
      const rendered = CONFIG_NO_RENDER.has(key) ? value : render(value, () => lines.key(config, key, at));
      if (out === null && rendered !== value) out = copyUntil(config, key);
      if (out !== null) setOwn(out, key, rendered);
    }
    return out ?? config;
  };
  return renderEntry;
}

/** A new dict with the keys of `dict` that come before `stop`, in order. */
function copyUntil(dict: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in dict) {
    if (key === stop) break;
    setOwn(out, key, dict[key]);
  }
  return out;
}

/** `dict[key] = value`, also for a key named `__proto__` (which YAML allows and plain assignment mistakes). */
function setOwn(dict: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
  else dict[key] = value;
}
