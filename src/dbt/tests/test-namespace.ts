// dbt's TestMacroNamespace (context/macro_resolver.py): the macros a generic test's arguments can call while dbt
// renders it, which are the ones recorded in its depends_on.macros.
import type { MacroEntry } from '../types.js';

/**
 * dbt's TestMacroNamespace for a test macro: get_where_subquery, the macro, and every macro they may call
 * (macro_depends_on), followed through their own; one set per test macro and get_where_subquery.
 */
export function testNamespaces(entries: MacroEntry[]): (macroId: string, whereSubquery: string) => ReadonlySet<string> {
  const dependsOn = new Map(entries.map((e) => [e.unique_id, e.depends_on.macros]));
  const made = new Map<string, ReadonlySet<string>>();
  return (macroId, whereSubquery) => {
    const key = `${macroId}\0${whereSubquery}`;
    let found = made.get(key);
    if (found === undefined) {
      const seen = new Set<string>();
      const queue = [whereSubquery, macroId];
      while (queue.length > 0) {
        const id = queue.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        queue.push(...(dependsOn.get(id) ?? []));
      }
      made.set(key, (found = seen));
    }
    return found;
  };
}
