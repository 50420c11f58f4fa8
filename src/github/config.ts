// The policy for a review comes from the repository's default branch, through Probot's config loader
// (`context.config`): `.github/dbt-steward.yml` in the repository, else the organisation's `.github`
// repository, with `_extends`. Never from the pull request's head, which cannot weaken its own review.
import yaml from 'js-yaml';
import type { Diagnostic } from '../dbt/types.js';
import type { PolicyConfig } from '../policy/config.js';
import { defaultPolicyConfig, parsePolicyConfig } from '../policy/load.js';
import { describeError } from './octokit.js';

export const CONFIG_FILE = 'dbt-steward.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

/** Probot's `context.config` bound to the event's repository. */
export type ReadConfig = (file: string) => Promise<unknown>;

export interface LoadedConfig {
  config: PolicyConfig | null;
  diagnostics: Diagnostic[];
}

/** The default branch's policy; defaults when there is none, null config with diagnostics when it is invalid. */
export async function loadPolicy(readConfig: ReadConfig): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await readConfig(CONFIG_FILE);
  } catch (error) {
    // The loader throws on YAML it cannot parse (or an `_extends` it cannot follow).
    return { config: null, diagnostics: [configError(`cannot be read: ${describeError(error)}`)] };
  }
  if (raw === null || raw === undefined) return { config: defaultPolicyConfig(), diagnostics: [] };
  // The loader hands back parsed YAML (merged with `_extends`); the policy parser validates text.
  return parsePolicyConfig(yaml.dump(raw), CONFIG_PATH);
}

/** Validates the pull request's version of the config file (not used for the review; reported). */
export function parseProposedPolicy(text: string): LoadedConfig {
  return parsePolicyConfig(text, CONFIG_PATH);
}

function configError(message: string): Diagnostic {
  return {
    code: 'config-unreadable',
    severity: 'error',
    message: `${CONFIG_PATH} ${message}`,
    file: CONFIG_PATH,
    line: 1,
  };
}
