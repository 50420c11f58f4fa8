// Shared by the contracts/* rules (not a rule itself): the model-to-model `ref` edges of a graph, each with the
// ref() call that made it, so that a finding can point at the line a reviewer should look at.
import type { Graph, GraphNode, RefCall } from '../../../dbt/types.js';
import { modelsOf } from '../../nodes.js';

export interface RefEdge {
  consumer: GraphNode;
  producer: GraphNode;
  /** The first ref() call of the consumer that resolves to the producer. */
  call: RefCall;
}

/** A model or an exposure: anything that refs models. */
export type Consumer = Pick<GraphNode, 'depends_on' | 'refs'>;

export const sameVersion = (a: string | number | null, b: string | number | null): boolean =>
  a !== null && b !== null && String(a) === String(b);

/** An unversioned model, or the latest version of a versioned one: what an unpinned ref means. */
export const isLatest = (node: GraphNode): boolean =>
  node.version === null || sameVersion(node.version, node.latest_version);

/**
 * The model a ref() call resolved to, or null (a seed, a snapshot, or an external node of another project).
 * The compiler already decided which node each ref means (`depends_on.nodes`); this only finds which of those
 * nodes the call names, so a rule never second-guesses dbt's resolution. An unpinned ref means the latest version;
 * `strict`: only it, as dbt registers only the latest version under the bare name (otherwise the compiler's
 * fallback, the first version, is taken).
 */
export function resolveCall(
  graph: Graph,
  consumer: Pick<Consumer, 'depends_on'>,
  call: RefCall,
  strict = false,
): GraphNode | null {
  // A loop, not map/filter chains: every rule on the contracts side asks this for every ref of every model.
  let first: GraphNode | null = null;
  for (const id of consumer.depends_on.nodes) {
    const node = graph.nodes[id];
    if (node === undefined || node.resource_type !== 'model' || node.name !== call.name) continue;
    if (call.package !== null && node.package_name !== call.package) continue;
    if (call.version !== null) {
      if (sameVersion(node.version, call.version)) return node;
      continue;
    }
    if (isLatest(node)) return node;
    first ??= node;
  }
  return strict ? null : first;
}

/** A consumer model's refs to models, one edge per producer (the first call wins), in the order written. */
export function edgesFrom(graph: Graph, consumer: GraphNode): RefEdge[] {
  const edges = new Map<string, RefEdge>();
  for (const call of consumer.refs) {
    const producer = resolveCall(graph, consumer, call);
    if (producer === null || producer.unique_id === consumer.unique_id || edges.has(producer.unique_id)) continue;
    edges.set(producer.unique_id, { consumer, producer, call });
  }
  return [...edges.values()];
}

/** Every ref() call of a model or exposure that resolves to the producer, in the order written. */
export function callsTo(graph: Graph, consumer: Consumer, producerId: string): RefCall[] {
  return consumer.refs.filter((call) => resolveCall(graph, consumer, call)?.unique_id === producerId);
}

/** Graphs are not changed once compiled, and several rules ask for the edges of the same graph: computed once. */
const edgesOfGraph = new WeakMap<Graph, RefEdge[]>();

/** Every model-to-model edge of the graph, consumers sorted by unique_id for stable output. */
export function modelEdges(graph: Graph): RefEdge[] {
  let edges = edgesOfGraph.get(graph);
  if (!edges) {
    edges = modelsOf(graph.nodes).flatMap((consumer) => edgesFrom(graph, consumer));
    edgesOfGraph.set(graph, edges);
  }
  return edges;
}

/** Stable key of a model across versions: a ref to `orders` v1 and one to `orders` v2 depend on one model. */
export const familyOf = (node: GraphNode): string => `${node.package_name}.${node.name}`;
