// Refs and sources a node gets from its config and properties rather than its SQL: refs (and the macros they
// call) in pre-/post-hooks (dbt renders hooks at parse time, after the config is final) and in foreign-key
// constraints.
import type { Position, RefCall, SourceCall } from './types.js';
import type { ScanResult } from './jinja/types.js';
import { isRecord } from './yaml/yaml.js';

/**
 * dbt's hooks.get_hook_dict: a hook as a dict, as dbt reads it before rendering it: a dict as it is, a string
 * parsed as JSON when that gives an object (what `after_commit(...)` returns), else `{sql: the string}`.
 */
export function hookDict(hook: unknown): Record<string, unknown> | null {
  if (isRecord(hook)) return hook;
  if (typeof hook !== 'string') return null;
  if (hook.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(hook);
      if (isRecord(parsed)) return parsed;
    } catch {
      // Not JSON: the SQL itself.
    }
  }
  return { sql: hook };
}

/** A hooks value as dbt reads it: a list, one hook alone as a list of one, null or missing as none. */
export function hookList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The SQL of each hook; `invalid` counts the hooks dbt cannot read (no string of SQL). */
function hookTexts(value: unknown): { texts: string[]; invalid: number } {
  const texts: string[] = [];
  let invalid = 0;
  for (const hook of hookList(value)) {
    const sql = hookDict(hook)?.['sql'];
    if (typeof sql === 'string') texts.push(sql);
    else invalid++;
  }
  return { texts, invalid };
}

/**
 * Refs and sources of the hooks in a final config, each at the position where its hook key was set, and the
 * macros they call (pre-hooks first, as dbt's update_parsed_node_config renders them with capture_macros).
 */
export function hookDependencies(
  config: Record<string, unknown>,
  positionOf: (key: string) => Position | undefined,
  fallback: Position,
  scan: (text: string, pos: Position) => ScanResult,
): { refs: RefCall[]; sources: SourceCall[]; macros: string[]; invalid: Position[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  const macros: string[] = [];
  const invalid: Position[] = [];
  for (const key of ['pre-hook', 'post-hook']) {
    if (config[key] === undefined || (Array.isArray(config[key]) && config[key].length === 0)) continue;
    const pos = positionOf(key) ?? fallback;
    const { texts, invalid: unreadable } = hookTexts(config[key]);
    if (unreadable > 0) invalid.push(pos);
    for (const text of texts) {
      // A hook without Jinja (grants, analyze) names no relation and calls no macro.
      if (!text.includes('{{') && !text.includes('{%')) continue;
      const result = scan(text, pos);
      for (const id of result.macros) if (!macros.includes(id)) macros.push(id);
      for (const r of result.refs)
        refs.push({ name: r.name, package: r.package, version: r.version, pos, certainty: r.certainty });
      for (const s of result.sources) sources.push({ source: s.source, table: s.table, pos });
    }
  }
  return { refs, sources, macros, invalid };
}

/**
 * Refs and sources named by foreign-key constraints (`to: ref('customers')`), model-level or on a column: dbt
 * (1.9+) adds them to the node's refs and sources (ModelPatchParser._process_constraints_refs_and_sources).
 */
export function constraintDependencies(
  groups: Array<{ constraints: Record<string, unknown>[]; pos: Position }>,
  scan: (text: string, pos: Position) => ScanResult,
): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  for (const { constraints, pos } of groups) {
    for (const c of constraints) {
      const to = c['to'];
      if (c['type'] !== 'foreign_key' || typeof to !== 'string' || to.trim() === '') continue;
      const result = scan(`{{ ${to} }}`, pos);
      for (const r of result.refs)
        refs.push({ name: r.name, package: r.package, version: r.version, pos, certainty: r.certainty });
      for (const s of result.sources) sources.push({ source: s.source, table: s.table, pos });
    }
  }
  return { refs, sources };
}
