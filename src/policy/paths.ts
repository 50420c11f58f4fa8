// `paths.include` / `paths.exclude`: which parts of the repository a review checks. Files outside them raise no
// finding, ask no reviewer, show in no impact table, and their compiler diagnostics are not listed.
import picomatch from 'picomatch';
import { isInsideInstalled } from '../dbt/source.js';
import type { PolicyConfig } from './config.js';

/**
 * Whether a repository-relative file is checked under the config's `paths`. Packages installed by `dbt deps`
 * (dbt_packages/) are never checked: they are compiled, so refs into them resolve, but they are someone else's
 * code, which a pull request that commits or upgrades them cannot fix.
 */
export function checkedPaths(config: PolicyConfig): (file: string) => boolean {
  const { include, exclude } = config.paths;
  if (exclude.length === 0 && include.every((glob) => glob === '**')) return (file) => !isInsideInstalled(file);
  const included = picomatch(include, { dot: true });
  const excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  return (file) => included(file) && !excluded(file) && !isInsideInstalled(file);
}
