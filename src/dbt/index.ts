// The dbt compiler's public face: project files in, graph out. No I/O: callers hand it a FileMap.
export type * from './types.js';
export { compile } from './compile.js';
