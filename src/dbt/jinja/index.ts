// The Jinja evaluator's public face: what dbt's parse-time Jinja declares (refs, sources, configs) and renders.
export type {
  Certainty,
  JinjaContext,
  ScanConfig,
  ScanDiagnostic,
  ScanMetric,
  ScanRef,
  ScanResult,
  ScanSource,
} from './types.js';
export { scanAtLine, scanSql } from './scan.js';
export { buildMacroLibrary } from './macros.js';
export type { MacroFile, MacroLibrary } from './macros.js';
export { scanPython } from './python.js';
export { mayRender, renderTemplate, renderValue, textMayRender } from './render.js';
export { holdsJinja } from './var-text.js';
export type { DocsResolver } from './render.js';
export { extractDocBlocks, extractSnapshots } from './blocks.js';
