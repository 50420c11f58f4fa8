// `dbt-steward check`: reads base and head (two folders, or two refs of a git repository), takes the policy
// from the base (or --config), runs the engine and prints the report. Exit 1 when the check fails.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPullRequest } from '../check.js';
import { holdsInstalledPackages, withoutInstalledPackages } from '../dbt/source.js';
import type { Diagnostic, FileMap } from '../dbt/types.js';
import type { PolicyConfig } from '../policy/config.js';
import { parsePolicyConfig } from '../policy/load.js';
import { FORMATS, type Format, render } from '../report/render/index.js';
import { COMPILE_OPTION_SPECS, compileOptions } from './compile-options.js';
import { diskSource } from './disk-source.js';
import { gitSource, mergeBase } from './git-source.js';
import { readTree } from './read-tree.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UsageError, writeDiagnostics } from './io.js';

/** Where the policy lives in a repository; the first that exists wins. */
export const CONFIG_PATHS = ['.github/dbt-steward.yml', '.github/dbt-steward.yaml'];

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...COMPILE_OPTION_SPECS,
      base: { type: 'string' },
      head: { type: 'string' },
      repo: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      today: { type: 'string' },
      'docs-url': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (values.base === undefined || values.head === undefined) {
    throw new UsageError('check needs --base and --head (folders, or refs with --repo DIR)');
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const today = values.today ?? io.today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('--today must be a date, YYYY-MM-DD');

  if (values['profiles-dir'] !== undefined) {
    // Reviews compile both sides for the policy's `dbt: target:` (as the App does), never for a profile.
    throw new UsageError(
      "--profiles-dir is read by manifest and parse; check compiles for the policy config's dbt: target:",
    );
  }
  const compile = compileOptions(values, io);
  const repo = values.repo === undefined ? null : resolve(io.cwd, values.repo);
  // With git refs, the base is where head left it, as GitHub compares a pull request: what the base branch gained
  // since is not the pull request's doing.
  const baseRef = repo === null ? values.base : await mergeBase(repo, values.base, values.head, io.stderr);
  const [baseSource, headSource] =
    repo === null
      ? [diskSource(resolve(io.cwd, values.base)), diskSource(resolve(io.cwd, values.head))]
      : [gitSource(repo, baseRef), gitSource(repo, values.head)];
  const [readBase, readHead] = await Promise.all([
    readTree(baseSource, `base ${values.base}`),
    readTree(headSource, `head ${values.head}`),
  ]);
  const [base, head] = repo === null ? sameInstalledPackages(readBase, readHead, io) : [readBase, readHead];

  // The policy is the base branch's as it is now, its tip (as the App reads the default branch's).
  const policyFiles =
    repo === null || baseRef === values.base ? base : await gitSource(repo, values.base).read(CONFIG_PATHS);
  const policy = await loadPolicy(values.config, policyFiles, { base, head }, io);
  const { report } = checkPullRequest({
    base,
    head,
    config: policy.config,
    configFile: policy.file,
    compile,
    today,
    diagnostics: policy.warnings,
  });
  const docsBaseUrl = values['docs-url'];
  io.stdout(render(report, format, docsBaseUrl === undefined ? {} : { docsBaseUrl }));
  return report.conclusion === 'failure' ? EXIT_FAILURE : EXIT_OK;
}

/**
 * Two folders of which only one ran `dbt deps` (a fresh worktree for the base, the working copy for the head):
 * compiling its packages on one side only would show every ref into them as a change. They are left out of both.
 */
function sameInstalledPackages(base: FileMap, head: FileMap, io: Io): [FileMap, FileMap] {
  const inBase = holdsInstalledPackages(base);
  if (inBase === holdsInstalledPackages(head)) return [base, head];
  const [has, hasNot] = inBase ? ['base', 'head'] : ['head', 'base'];
  io.stderr(
    `dbt-steward: ${has} has packages installed (dbt_packages/) and ${hasNot} has none: they are left out of both; run \`dbt deps\` in both folders to compile them\n`,
  );
  return [withoutInstalledPackages(base), withoutInstalledPackages(head)];
}

/**
 * The policy a pull request is reviewed under comes from the base, so that the pull request cannot weaken it;
 * `--config` overrides. An edited policy at head is only reported (it takes effect after merge).
 */
async function loadPolicy(
  configFlag: string | undefined,
  /** Where the policy is read: the base (its tip, for git refs). */
  policyFiles: FileMap,
  /** What the pull request compares: its own change to the policy is head's file against base's. */
  trees: { base: FileMap; head: FileMap },
  io: Io,
): Promise<{ config: PolicyConfig; file: string; warnings: Diagnostic[] }> {
  let file: string;
  let text: string;
  if (configFlag !== undefined) {
    file = configFlag;
    try {
      text = await readFile(resolve(io.cwd, configFlag), 'utf8');
    } catch {
      throw new UsageError(`cannot read --config ${configFlag}`);
    }
  } else {
    file = CONFIG_PATHS.find((path) => policyFiles.has(path)) ?? CONFIG_PATHS[0]!;
    text = policyFiles.get(file) ?? '';
    reportHeadPolicy(trees.base, trees.head, io);
  }
  const { config, diagnostics } = parsePolicyConfig(text, file);
  if (config === null) {
    throw new UsageError(`the policy config ${file} is invalid; fix the keys listed above`, diagnostics);
  }
  return { config, file, warnings: diagnostics };
}

/** Says when the pull request itself edits the policy (head's file differs from base's): it applies after merge. */
function reportHeadPolicy(base: FileMap, head: FileMap, io: Io): void {
  const headFile = CONFIG_PATHS.find((path) => head.has(path));
  if (headFile === undefined) return;
  const headText = head.get(headFile) as string;
  const baseFile = CONFIG_PATHS.find((path) => base.has(path));
  if (headFile === baseFile && headText === base.get(baseFile)) return;
  io.stderr(`note: ${headFile} changed at head; the base policy applies until the change is merged.\n`);
  const { config, diagnostics } = parsePolicyConfig(headText, headFile);
  if (config === null) io.stderr(`note: the policy config at head is invalid and would fail after merge:\n`);
  writeDiagnostics(io, diagnostics);
}
