// Refs and sources written in pre-/post-hooks. dbt renders every hook of a node at parse time (after its config
// is final) with capture on, so a `{{ ref('x') }}` in a hook is a dependency of the node like one in its SQL.
import type { Position, RefCall, SourceCall } from './types.js';
import type { ScanResult } from './jinja/types.js';
import { isRecord } from './yaml.js';

function hookTexts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const texts: string[] = [];
  for (const hook of list) {
    if (typeof hook === 'string') texts.push(hook);
    else if (isRecord(hook) && typeof hook['sql'] === 'string') texts.push(hook['sql']);
  }
  return texts;
}

/** Refs and sources of the hooks in a final config, each at the position where its hook key was set. */
export function hookDependencies(
  config: Record<string, unknown>,
  positions: Record<string, Position>,
  fallback: Position,
  scan: (text: string, pos: Position) => ScanResult,
): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  for (const key of ['pre-hook', 'post-hook']) {
    const pos = positions[key] ?? fallback;
    for (const text of hookTexts(config[key])) {
      // Most hooks (grants, analyze) name no relation: skip the scan for them.
      if (!text.includes('ref(') && !text.includes('source(')) continue;
      const result = scan(text, pos);
      for (const r of result.refs)
        refs.push({ name: r.name, package: r.package, version: r.version, pos, certainty: r.certainty });
      for (const s of result.sources) sources.push({ source: s.source, table: s.table, pos });
    }
  }
  return { refs, sources };
}
