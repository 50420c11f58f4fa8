// The report's faces, by `--format` name.
import { rules } from '../../policy/rules/index.js';
import type { Report } from '../types.js';
import type { RenderOptions } from './common.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type { RenderOptions } from './common.js';
export { DEFAULT_DOCS_BASE_URL, ruleDocUrl } from './common.js';
export { renderJson, renderMarkdown, renderSarif, renderText };
export { DEFAULT_MAX_CHARS, GITHUB_SUMMARY_LIMIT } from './markdown.js';

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Rule summaries from the registry, for renderers that describe rules (SARIF). */
function registrySummaries(): Record<string, string> {
  return Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.summary]));
}

export function render(report: Report, format: Format, given: RenderOptions = {}): string {
  const options = { ruleSummaries: registrySummaries(), ...given };
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report, options);
    case 'sarif':
      return renderSarif(report, options);
    case 'text':
      return renderText(report);
  }
}
