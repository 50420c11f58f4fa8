// Small helpers shared by the compiler tests: compile a fixture, pick a node, list diagnostics compactly.
import { compile } from '../../src/dbt/compile.js';
import type { CompileOptions, Diagnostic, FileMap, Graph, GraphNode } from '../../src/dbt/types.js';
import { loadFixture } from '../support/load-fixture.js';

export function compileFixture(name: string, options: CompileOptions & { project?: string } = {}): Graph {
  return compile(loadFixture(name), options);
}

export function compileFiles(
  files: FileMap | Record<string, string>,
  options: CompileOptions & { project?: string } = {},
): Graph {
  return compile(files instanceof Map ? files : new Map(Object.entries(files)), options);
}

/** The node with this unique_id; fails the test with the known ids when it is missing. */
export function node(graph: Graph, id: string): GraphNode {
  const found = graph.nodes[id];
  if (!found) throw new Error(`no node ${id}; nodes: ${Object.keys(graph.nodes).join(', ')}`);
  return found;
}

/** Diagnostics as `code file:line`, sorted, for compact exact assertions. */
export function diagnosticsOf(graph: Graph | { diagnostics: Diagnostic[] }): string[] {
  return graph.diagnostics.map((d) => `${d.code} ${d.file}:${d.line ?? '-'}`).sort();
}

/** Line (1-based) of the first line of `text` containing `needle`; fails when absent. */
export function lineOf(text: string | undefined, needle: string): number {
  const index = (text ?? '').split(/\r?\n/).findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`\`${needle}\` not found`);
  return index + 1;
}
