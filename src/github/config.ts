// The policy for a review comes from the repository's default branch, found as Probot's config loader
// (`context.config`) finds it: `.github/dbt-steward.yml` in the repository, else in the organisation's `.github`
// repository. Never from the pull request's head, which cannot weaken its own review. The file is read as text
// and validated as written, so that a warning about it points at its own line; a file that `_extends` another is
// handed to Probot's loader, which merges the chain (its warnings then point at lines of the merged result).
import yaml from 'js-yaml';
import type { Diagnostic } from '../dbt/types.js';
import type { PolicyConfig } from '../policy/config.js';
import { defaultPolicyConfig, parsePolicyConfig } from '../policy/load.js';
import { describeError, statusOf, type Octokit } from './octokit.js';

export const CONFIG_FILE = 'dbt-steward.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

/** Probot's `context.config` bound to the event's repository: the files of an `_extends` chain, merged. */
export type ReadConfig = (file: string) => Promise<unknown>;

/** The policy file as written, and the repository it was found in; null when neither repository has one. */
export type ReadConfigText = () => Promise<{ text: string; repository: string } | null>;

export interface LoadedConfig {
  config: PolicyConfig | null;
  /** At their lines in the file as written; without a line when they are about a merged `_extends` chain. */
  diagnostics: Diagnostic[];
  /** The repository (`owner/name`) whose file it is, when it is one file; null for defaults or a merged chain. */
  repository?: string | null;
}

/**
 * The text of the policy file on the default branch, with the requests Probot's loader makes for it (the same
 * raw-format contents reads, in the same order), so that reading text costs no request more.
 */
export function configTextReader(octokit: Octokit, owner: string, repo: string): ReadConfigText {
  const read = async (repository: string): Promise<string | null> => {
    try {
      const response = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner,
        repo: repository,
        path: CONFIG_PATH,
        mediaType: { format: 'raw' },
      });
      // A folder or a submodule of that name: Probot's loader refuses it too.
      if (typeof response.data !== 'string') throw new NotAFile(`${owner}/${repository}`);
      return response.data;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  };
  return async () => {
    const own = await read(repo);
    if (own !== null) return { text: own, repository: `${owner}/${repo}` };
    if (repo === '.github') return null;
    const shared = await read('.github');
    return shared === null ? null : { text: shared, repository: `${owner}/.github` };
  };
}

/**
 * The default branch's policy; defaults when there is none, null config with diagnostics when it is invalid.
 * Failed requests (other than "no such file") are thrown: they are no problem of the file, and the review says it
 * could not finish, to be re-run, rather than asking for a fix of the config.
 */
export async function loadPolicy(readText: ReadConfigText, readMerged: ReadConfig): Promise<LoadedConfig> {
  let found: Awaited<ReturnType<ReadConfigText>>;
  try {
    found = await readText();
  } catch (error) {
    if (!(error instanceof NotAFile)) throw error;
    return unreadable(error.message, error.repository);
  }
  if (found === null) return { config: defaultPolicyConfig(), diagnostics: [] };
  if (!extendsAnother(found.text))
    return { ...parsePolicyConfig(found.text, CONFIG_PATH), repository: found.repository };
  let merged: unknown;
  try {
    merged = await readMerged(CONFIG_FILE);
  } catch (error) {
    if (statusOf(error) !== null) throw error;
    // Probot's loader throws on YAML it cannot parse, an `_extends` it cannot follow, or a chain that loops.
    return unreadable(`its \`_extends\` chain cannot be read: ${describeError(error)}`, null);
  }
  if (merged === null || merged === undefined) return { config: defaultPolicyConfig(), diagnostics: [] };
  // The loader hands back the merged YAML values; the policy parser validates text. Lines of that text are no
  // file's lines: the problems are reported without one.
  const parsed = parsePolicyConfig(yaml.dump(merged), CONFIG_PATH);
  return { ...parsed, diagnostics: parsed.diagnostics.map(({ line: _line, ...rest }) => rest), repository: null };
}

/** Validates the pull request's version of the config file (not used for the review; reported). */
export function parseProposedPolicy(text: string): LoadedConfig {
  return parsePolicyConfig(text, CONFIG_PATH);
}

/**
 * Whether Probot's loader would follow an `_extends` in the file (`_extends: repo` or `owner/repo:path.yml`): a
 * top-level key with a value (an empty one is not followed, and is then an unknown key of the policy, at its line).
 */
function extendsAnother(text: string): boolean {
  if (!text.includes('_extends')) return false;
  try {
    const value: unknown = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    return typeof value === 'object' && value !== null && Boolean((value as Record<string, unknown>)['_extends']);
  } catch {
    return false; // a syntax error: the policy parser reports it, at its line
  }
}

/** `.github/dbt-steward.yml` is there, but as a folder or a submodule. */
class NotAFile extends Error {
  constructor(readonly repository: string) {
    super('is a folder or a submodule, not a file');
  }
}

/** A policy file that cannot be read as one: said in the message, with no line of its own. */
function unreadable(message: string, repository: string | null): LoadedConfig {
  const diagnostic: Diagnostic = { code: 'config-unreadable', severity: 'error', message, file: CONFIG_PATH };
  return { config: null, diagnostics: [diagnostic], repository };
}
