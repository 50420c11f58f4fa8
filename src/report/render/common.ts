// What the renderers share: options, rule doc links, short node names, plurals, category grouping.
import type { Finding } from '../../policy/rule.js';

export interface RenderOptions {
  /** Where rule docs live: a rule's page is `<docsBaseUrl>/<rule id>.md`. */
  docsBaseUrl?: string;
  /** One-line summary of each rule, by id (from the rule registry), used where a rule is described. */
  ruleSummaries?: Record<string, string>;
  /** Markdown only: the character budget (GitHub's check run summary holds at most 65,535). */
  maxChars?: number;
}

export const DEFAULT_DOCS_BASE_URL = 'https://github.com/dbt-steward/dbt-steward/blob/main/docs/rules';

export function ruleDocUrl(ruleId: string, options: RenderOptions = {}): string {
  const base = (options.docsBaseUrl ?? DEFAULT_DOCS_BASE_URL).replace(/\/+$/, '');
  return `${base}/${ruleId}.md`;
}

/** `model.shop.orders` -> `orders`, `model.shop.orders.v2` -> `orders.v2`: readers know the package. */
export function shortName(uniqueId: string): string {
  const parts = uniqueId.split('.');
  return parts.length > 2 ? parts.slice(2).join('.') : uniqueId;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The headline counts, e.g. `2 errors, 1 warning, 0 notices`. */
export function countsLine(counts: { error: number; warning: number; notice: number }): string {
  return [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.notice, 'notice')].join(', ');
}

const CATEGORY_ORDER = ['ownership', 'contracts', 'discoverability', 'observability'];

/** A rule id's category is its prefix (`contracts/breaking-change` -> `contracts`). */
export function categoryOf(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash === -1 ? 'other' : ruleId.slice(0, slash);
}

/** Findings by category, known categories in catalogue order, others alphabetically after them. */
export function groupByCategory(findings: Finding[]): Array<{ category: string; findings: Finding[] }> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const category = categoryOf(finding.rule);
    const list = groups.get(category);
    if (list === undefined) groups.set(category, [finding]);
    else list.push(finding);
  }
  const rank = (c: string): number => {
    const i = CATEGORY_ORDER.indexOf(c);
    return i === -1 ? CATEGORY_ORDER.length : i;
  };
  return [...groups.keys()]
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((category) => ({ category, findings: groups.get(category) as Finding[] }));
}

/** At most `max` names, then `+N more`: a core model can have thousands of consumers. */
export function capList(names: string[], max: number): { shown: string[]; more: number } {
  return { shown: names.slice(0, max), more: Math.max(0, names.length - max) };
}
