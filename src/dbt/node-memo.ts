// buildNode through the parse cache: a node whose file and property-entry texts are unchanged since an earlier
// compile (base and head of a review, pushes of a pull request) is reused, its lines shifted when it only moved.
import type { Diagnostic, GraphNode, Position } from './types.js';
import type { ProjectScope } from './build.js';
import { buildNode as buildFreshNode, type NodeInput } from './node.js';

interface MemoNode {
  /** What the node was built from besides its key: the file text, the entry text, snapshot lines. */
  inputs: string[];
  node: GraphNode;
  diagnostics: Diagnostic[];
  /** The line of the property entry the node was built from (0: none). */
  line: number;
  /** The nodes built from this entry carry it as their buildKey. */
  token: object;
}

function sameInputs(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((text, i) => text === b[i]);
}

/**
 * buildNode through the memo: a node whose file and entry text are unchanged is not built again. An entry that
 * only moved (an edit above it in the same file) gives the same node with its lines in that file shifted. A hit
 * replays the node's diagnostics and returns a copy, since resolving refs later sets `depends_on` on it.
 */
export function buildNode(scope: ProjectScope, input: NodeInput): GraphNode {
  const { cache } = scope;
  const patch = input.patch;
  // A node defined in YAML has its "file" in the entry's file: its line-1 fallbacks must not move with it.
  if (!cache || (patch && patch.file === input.path)) return buildFreshNode(scope, input);
  // Keyed by what the node is; the texts it is made of are compared, not hashed (a string compare of equal
  // texts is a memcmp, a key holding them would be copied and hashed on every lookup).
  // With the texts' lengths, base and head of an edited node mostly get keys of their own (both stay cached).
  const sizes = `${input.text.length}:${patch?.text.length ?? -1}`;
  const key = `node\0${scope.memoKey}\0${input.type}\0${input.path}\0${input.name}\0${input.version?.v ?? ''}\0${sizes}`;
  // A snapshot's body can move within its file: its scan lines are part of what it is.
  // A snapshot block's node also holds its whole file's checksum: the file is one of its inputs.
  const inputs = [
    input.type === 'snapshot' ? JSON.stringify(input.scan) : '',
    input.text,
    input.fileText ?? '',
    input.raw ?? '',
  ];
  if (patch) inputs.push(patch.kind, patch.file, patch.text);
  const line = patch?.line ?? 0;
  const hit = cache.get(key) as MemoNode | undefined;
  if (hit && sameInputs(hit.inputs, inputs)) {
    const delta = line - hit.line;
    if (delta === 0 || !patch) {
      scope.diagnostics.push(...hit.diagnostics);
      return { ...hit.node };
    }
    for (const d of hit.diagnostics)
      scope.diagnostics.push(d.file === patch.file && d.line !== undefined ? { ...d, line: d.line + delta } : d);
    return shiftNode(hit.node, patch.file, delta);
  }
  const before = scope.diagnostics.length;
  const token = {};
  const node = buildFreshNode(scope, input);
  node.buildKey = token;
  // The memo holds the very node this compile gets: resolving refs only replaces its `depends_on`, and every hit
  // takes a copy that is resolved again.
  const memo: MemoNode = { inputs, node, diagnostics: scope.diagnostics.slice(before), line, token };
  cache.set(key, memo, input.text.length + (patch?.text.length ?? 0));
  return node;
}

/** The node with every position in `file` moved by `delta` lines; nothing else changes, nothing is mutated. */
function shiftNode(node: GraphNode, file: string, delta: number): GraphNode {
  const shift = (pos: Position): Position => (pos.file === file ? { file, line: pos.line + delta } : pos);
  const shiftAll = (record: Record<string, Position>) => {
    const out: Record<string, Position> = {};
    for (const key in record) out[key] = shift(record[key]!);
    return out;
  };
  const columns: GraphNode['columns'] = {};
  for (const name in node.columns) {
    const column = node.columns[name]!;
    columns[name] = column.pos ? { ...column, pos: shift(column.pos) } : column;
  }
  return {
    ...node,
    property: node.property && shift(node.property),
    columns,
    metaPositions: shiftAll(node.metaPositions),
    configPositions: shiftAll(node.configPositions),
    refs: node.refs.map((ref) => (ref.pos.file === file ? { ...ref, pos: shift(ref.pos) } : ref)),
    sources: node.sources.map((call) => (call.pos.file === file ? { ...call, pos: shift(call.pos) } : call)),
  };
}
