// Builds a parse-time context for the Jinja tests, with partial overrides.
import { buildMacroLibrary } from '../../../src/dbt/jinja/index.js';
import type { JinjaContext, MacroFile } from '../../../src/dbt/jinja/index.js';

export function context(overrides: Partial<JinjaContext> = {}): JinjaContext {
  return {
    vars: {},
    target: { name: 'dev', type: 'postgres', schema: 'analytics', database: 'warehouse' },
    env: {},
    projectName: 'jaffle_shop',
    ...overrides,
  };
}

/** The project whose macros `withMacros` builds a library of (the root project). */
export const ROOT = 'jaffle_shop';

/** A macro library from `path: text` files of the root project, or `packages/<package>/...` paths of a package. */
export function macroLibrary(files: Record<string, string>) {
  const list: MacroFile[] = Object.entries(files).map(([path, text]) => {
    const m = /^packages\/([^/]+)\//.exec(path);
    return { path, text, packageName: m?.[1] ?? ROOT };
  });
  return buildMacroLibrary(list, ROOT);
}

/** A context whose macro library holds `files` (see macroLibrary). */
export const withMacros = (files: Record<string, string>, overrides: Partial<JinjaContext> = {}): JinjaContext =>
  context({ macros: macroLibrary(files).library, ...overrides });
