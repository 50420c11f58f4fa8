// Which dbt projects a review compiles. A project whose files the pull request touches, plus the projects linked
// to it by `local:` packages: those that use it (its consumers, whom a breaking change reaches; a monorepo's
// `marketing/` with `local: ../core`) and those it uses (without them it does not compile as dbt compiles it).
import { PACKAGES_FILES, readPackagesFile } from '../dbt/project.js';
import { readBlobs } from './blobs.js';
import type { GitHubCache, TreeFile } from './cache.js';
import type { Octokit } from './octokit.js';
import type { RepoRef } from './trees.js';

/**
 * `touched` and every root linked to them: consumers of any root in the set (transitively), then what each of
 * those uses (transitively). `uses(root)` lists the roots of a project's `local:` packages. Roots are '' or 'a/'.
 */
export function linkedRoots(
  touched: readonly string[],
  all: readonly string[],
  uses: (root: string) => readonly string[],
): string[] {
  const chosen = new Set(touched);
  for (let grew = true; grew;) {
    grew = false;
    for (const root of all) {
      if (!chosen.has(root) && uses(root).some((used) => chosen.has(used))) {
        chosen.add(root);
        grew = true;
      }
    }
  }
  const pending = [...chosen];
  while (pending.length > 0) {
    for (const used of uses(pending.pop() as string)) {
      if (all.includes(used) && !chosen.has(used)) {
        chosen.add(used);
        pending.push(used);
      }
    }
  }
  return [...chosen].sort();
}

/** linkedRoots, reading the packages files of the tree's projects (one batch of blobs, usually cached). */
export async function rootsToReview(
  octokit: Octokit,
  cache: GitHubCache,
  ref: RepoRef,
  tree: readonly TreeFile[],
  touched: readonly string[],
  all: readonly string[],
): Promise<string[]> {
  if (touched.length === 0 || all.length < 2) return [...touched];
  const files = tree.filter((file) =>
    all.some((root) => PACKAGES_FILES.some((name) => file.path === `${root}${name}`)),
  );
  if (files.length === 0) return [...touched];
  const texts = await readBlobs(octokit, cache, ref, files);
  const used = new Map<string, string[]>();
  for (const file of files) {
    const text = texts.get(file.sha);
    if (text === undefined) continue;
    const root = file.path.slice(0, file.path.lastIndexOf('/') + 1);
    const { packages } = readPackagesFile(text, file.path, root.replace(/\/$/, ''));
    const locals = packages.flatMap((p) => (p.local === null ? [] : [p.local === '' ? '' : `${p.local}/`]));
    used.set(root, [...(used.get(root) ?? []), ...locals]);
  }
  return linkedRoots(touched, all, (root) => used.get(root) ?? []);
}
