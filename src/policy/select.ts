// Selectors of the policy config (`required_meta[].select`): which models a policy applies to.
import picomatch from 'picomatch';
import type { GraphNode } from '../dbt/types.js';
import type { PolicyConfig } from './config.js';
import { lifecycleOf } from './nodes.js';

export type Selector = NonNullable<PolicyConfig['required_meta'][number]['select']>;

// Compiled once per glob list: a selector is checked against every model of a large project.
const matchers = new WeakMap<readonly string[], (path: string) => boolean>();

function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  let matcher = matchers.get(globs);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matchers.set(globs, matcher);
  }
  return matcher;
}

/** True when every criterion the selector gives matches the node; an omitted selector matches every node. */
export function matchesSelector(node: GraphNode, selector: Selector | undefined, config: PolicyConfig): boolean {
  if (!selector) return true;
  if (selector.paths && !pathMatcher(selector.paths)(node.file)) return false;
  if (selector.access && !selector.access.includes(node.access)) return false;
  const group = node.config.group ?? node.group;
  if (selector.groups && (group === null || !selector.groups.includes(group))) return false;
  if (selector.lifecycle) {
    const stage = lifecycleOf(node, config);
    if (stage === null || !selector.lifecycle.includes(stage)) return false;
  }
  return true;
}
