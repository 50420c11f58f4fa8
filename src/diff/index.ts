// The diff's public face: (base graph, head graph) -> GraphDiff.
export type * from './types.js';
export { diffGraphs } from './diff.js';
export type { OwnerLookup } from './diff.js';
