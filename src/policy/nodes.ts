// Small readers over graph nodes that several rules share: dotted meta paths, lifecycle, the line to annotate.
import type { GraphNode, Position } from '../dbt/types.js';
import type { PolicyConfig } from './config.js';

/** A value found at a meta path, with the top-level meta key it sits under (which `metaPositions` is keyed by). */
export interface MetaHit {
  value: unknown;
  topKey: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `path` (e.g. `data_governance.model.team_owner`) from a meta object. Each dot may be a nesting level or
 * part of a literal key (`{'data_governance.model.team_owner': x}` is accepted too), because dbt users write both;
 * the longest literal key wins at each level. Returns null when the path is absent.
 */
export function getMetaPath(meta: Record<string, unknown>, path: string): MetaHit | null {
  const { prefixes, rests } = splitPath(path);
  for (let take = prefixes.length; take >= 1; take--) {
    const key = prefixes[take - 1]!;
    if (!Object.hasOwn(meta, key)) continue;
    const value = meta[key];
    if (take === prefixes.length) return { value, topKey: key };
    if (!isRecord(value)) continue;
    const inner = getMetaPath(value, rests[take - 1]!);
    if (inner) return { value: inner.value, topKey: key };
  }
  return null;
}

interface SplitPath {
  /** `a`, `a.b`, `a.b.c` for `a.b.c`. */
  prefixes: string[];
  /** What follows each prefix: `b.c`, `c`, ``. */
  rests: string[];
}

/** Rules ask the same few paths for every node: split each once. */
const splitPaths = new Map<string, SplitPath>();

function splitPath(path: string): SplitPath {
  let split = splitPaths.get(path);
  if (!split) {
    const segments = path.split('.');
    split = {
      prefixes: segments.map((_, i) => segments.slice(0, i + 1).join('.')),
      rests: segments.map((_, i) => segments.slice(i + 1).join('.')),
    };
    // Paths come from policy configs; a long-running App sees many: keep the memo small.
    if (splitPaths.size >= 1_000) splitPaths.clear();
    splitPaths.set(path, split);
  }
  return split;
}

/** A trimmed non-empty string at the meta path, or null (absent, empty or not a string). */
export function getMetaString(meta: Record<string, unknown>, path: string): string | null {
  const hit = getMetaPath(meta, path);
  if (!hit || typeof hit.value !== 'string') return null;
  const text = hit.value.trim();
  return text === '' ? null : text;
}

/** The node's lifecycle stage (`lifecycle.meta_key`), or null. */
export function lifecycleOf(node: GraphNode, config: PolicyConfig): string | null {
  return getMetaString(node.config.meta, config.lifecycle.meta_key);
}

/** True when the node's lifecycle is one of `lifecycle.production_values`. */
export function isProduction(node: GraphNode, config: PolicyConfig): boolean {
  const stage = lifecycleOf(node, config);
  return stage !== null && config.lifecycle.production_values.includes(stage);
}

/** The node's property entry (`- name: x`), else line 1 of its SQL/Python/CSV file. */
export function nodePosition(node: GraphNode): Position {
  return node.property ?? { file: node.file, line: 1 };
}

/** Where the meta key at `path` is set (its top-level key's line), else the node's position. */
export function metaPosition(node: GraphNode, path: string): Position {
  const hit = getMetaPath(node.config.meta, path);
  const pos = hit ? node.metaPositions[hit.topKey] : undefined;
  return pos ?? nodePosition(node);
}

/** Models of the graph (seeds and snapshots are skipped by model rules), sorted by unique_id for stable output. */
export function modelsOf(nodes: Record<string, GraphNode>): readonly GraphNode[] {
  let models = modelsOfNodes.get(nodes);
  if (!models) {
    models = Object.values(nodes)
      .filter((node) => node.resource_type === 'model')
      .sort((a, b) => (a.unique_id < b.unique_id ? -1 : a.unique_id > b.unique_id ? 1 : 0));
    modelsOfNodes.set(nodes, models);
  }
  return models;
}

/** Every rule walks the models of both graphs, which do not change once compiled: listed and sorted once. */
const modelsOfNodes = new WeakMap<Record<string, GraphNode>, GraphNode[]>();
