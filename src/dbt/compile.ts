// Orchestrates a compile: finds dbt projects in the file map, parses them, resolves refs, builds the graph.
import type { CompileOptions, FileMap, Graph } from './types.js';

export function compile(_files: FileMap, _options: CompileOptions = {}): Graph {
  // Replaced by the real compiler in the next commits; returns an empty graph meanwhile.
  return {
    projects: [],
    nodes: {},
    sources: {},
    exposures: {},
    groups: {},
    disabled: {},
    external: {},
    parent_map: {},
    child_map: {},
    diagnostics: [],
  };
}
