// The FileSource port: how the shell hands a project's files to the compiler. Implementations live in the
// shell (disk and git in src/cli, the GitHub API in src/github, in-memory in tests); the compiler only sees a FileMap.
import type { FileMap } from './types.js';

export interface FileSource {
  /** Every file path (repository-relative, POSIX) of the tree. */
  list(): Promise<string[]>;
  /**
   * The text of the given paths (given in the listing's order), in the listing's order. A path that cannot be read
   * is left out (the compiler reports it missing).
   */
  read(paths: string[]): Promise<Map<string, string>>;
}

const CONTENT_EXTENSIONS = new Set(['.sql', '.py', '.yml', '.yaml', '.md']);
/** Folders that never hold dbt input, at any depth: other tools' dependencies, virtualenvs, git. */
const ALWAYS_SKIPPED: ReadonlySet<string> = new Set(['node_modules', '.git', '.venv', 'venv']);

/**
 * Where `dbt deps` installs packages, beside a dbt_project.yml (the default packages-install-path; dbt_modules
 * before dbt 1.0). dbt loads every project found one level below it as a package, so the compiler reads them
 * when they are there (a local checkout after `dbt deps`, a repository that commits them). Anywhere else (inside
 * an installed package, or away from a project file) they are skipped, as is a project nested inside an installed
 * package (its `integration_tests/`): dbt never reads those.
 */
const INSTALLED_PACKAGES: ReadonlySet<string> = new Set(['dbt_packages', 'dbt_modules']);

/**
 * Folders dbt writes into beside a `dbt_project.yml` (its default target-path and log-path): skipped there only.
 * Elsewhere they are ordinary folders: `models/staging/logs/` holds models, and dbt reads them.
 */
const PROJECT_OUTPUT: ReadonlySet<string> = new Set(['target', 'logs']);

const PROJECT_FILE = 'dbt_project.yml';

/**
 * Whether a folder of that name is left out: `besideProjectFile` when its parent holds a dbt_project.yml,
 * `insideInstalled` when its parent is inside a folder of installed packages.
 */
export function isSkippedFolder(name: string, besideProjectFile: boolean, insideInstalled: boolean): boolean {
  if (ALWAYS_SKIPPED.has(name)) return true;
  if (INSTALLED_PACKAGES.has(name)) return !besideProjectFile || insideInstalled;
  return besideProjectFile && PROJECT_OUTPUT.has(name);
}

/** Whether the folder (a path prefix: '' or 'a/b/') lies inside a folder of installed packages. */
export function isInsideInstalled(folder: string): boolean {
  return /(?:^|\/)(?:dbt_packages|dbt_modules)\//.test(folder);
}

/**
 * The installed package a project root ('a/b', '' for the repository root) is, as the root of the project that
 * installed it ('' or 'x/y', no trailing slash); null when the root is not directly below a folder of installed
 * packages.
 */
export function installedPackageOwner(root: string): string | null {
  const match = /^(?:(.*)\/)?(?:dbt_packages|dbt_modules)\/[^/]+$/.exec(root);
  return match ? (match[1] ?? '') : null;
}

/** Whether the files hold a package installed by `dbt deps` (a dbt_project.yml directly in dbt_packages/...). */
export function holdsInstalledPackages(files: FileMap): boolean {
  for (const path of files.keys()) {
    if (path.endsWith(`/${PROJECT_FILE}`) && installedPackageOwner(path.slice(0, -PROJECT_FILE.length - 1)) !== null)
      return true;
  }
  return false;
}

/** The files without those inside folders of installed packages. */
export function withoutInstalledPackages(files: FileMap): FileMap {
  const kept = new Map<string, string>();
  for (const [path, text] of files) if (!isInsideInstalled(path)) kept.set(path, text);
  return kept;
}

/** The folders of a listing that hold a dbt_project.yml, each as a path prefix: '' (the root) or 'a/b/'. */
export function projectDirsOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const path of paths) {
    if (path === PROJECT_FILE) dirs.add('');
    else if (path.endsWith(`/${PROJECT_FILE}`)) dirs.add(path.slice(0, -PROJECT_FILE.length));
  }
  return dirs;
}

/**
 * Whether the compiler may use the path at all: no folder on the way is skipped (isSkippedFolder), the folders
 * of `projectDirs` (projectDirsOf the listing) being those that hold a dbt_project.yml, and the path is not in a
 * project nested inside an installed package.
 */
export function isRelevantPath(path: string, projectDirs: ReadonlySet<string>): boolean {
  let start = 0;
  // Inside a folder of installed packages, then inside one package of it ('x/dbt_packages/p/').
  let inside = false;
  let inPackage = false;
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', start)) {
    const name = path.slice(start, slash);
    // Only these names depend on the folder holding a project file: the lookup is skipped for every other one.
    const beside = (INSTALLED_PACKAGES.has(name) || PROJECT_OUTPUT.has(name)) && projectDirs.has(path.slice(0, start));
    if (isSkippedFolder(name, beside, inside)) return false;
    if (inside) {
      if (!inPackage) inPackage = true;
      else if (projectDirs.has(path.slice(0, slash + 1))) return false;
    } else if (INSTALLED_PACKAGES.has(name)) {
      inside = true;
    }
    start = slash + 1;
  }
  return true;
}

/** What the compiler does with a file, by its extension alone: read it, list it (a seed CSV), or leave it out. */
export type FileKind = 'content' | 'seed' | null;

export function fileKind(path: string): FileKind {
  const dot = path.lastIndexOf('.');
  if (dot === -1 || path.indexOf('/', dot) !== -1) return null;
  const ext = path.slice(dot).toLowerCase();
  if (CONTENT_EXTENSIONS.has(ext)) return 'content';
  return ext === '.csv' ? 'seed' : null;
}

/**
 * Whether the compiler needs the file's text. Seeds (CSV) need only their path, so sources skip reading them
 * (the FileMap holds '' for them); everything else that is not dbt input is left out.
 */
export function needsContent(path: string, projectDirs: ReadonlySet<string>): boolean {
  return fileKind(path) === 'content' && isRelevantPath(path, projectDirs);
}

/** Whether the path belongs in the FileMap (with its text, or '' for a seed). */
export function isDbtInput(path: string, projectDirs: ReadonlySet<string>): boolean {
  return fileKind(path) !== null && isRelevantPath(path, projectDirs);
}

export interface LoadOptions {
  /**
   * Read seed CSVs too. Only their checksum needs them (what `dbt-steward manifest` prints); a review never does,
   * so the App and `check` leave them unread ('' in the FileMap) and spare the requests.
   */
  seedContents?: boolean;
}

/** Reads a whole FileSource into a FileMap: texts for dbt inputs, '' for seeds unless `seedContents`. */
export async function loadFiles(source: FileSource, options: LoadOptions = {}): Promise<FileMap> {
  const paths: string[] = [];
  const toRead: string[] = [];
  const listed = await source.list();
  const projectDirs = projectDirsOf(listed);
  for (const path of listed) {
    const kind = fileKind(path);
    if (kind === null || !isRelevantPath(path, projectDirs)) continue;
    paths.push(path);
    if (kind === 'content' || options.seedContents) toRead.push(path);
  }
  const texts = await source.read(toRead);
  // Every path read (no seed left unread, no file vanished): the texts are the FileMap, in the listing's order.
  if (texts.size === paths.length && paths.every((path) => texts.has(path))) return texts;
  const files = new Map<string, string>();
  for (const path of paths) {
    const text = texts.get(path);
    if (text !== undefined) files.set(path, text);
    else if (!options.seedContents && fileKind(path) === 'seed') files.set(path, '');
  }
  return files;
}

/** A tree's symbolic links (path -> the text of the link) and what its other entries are. */
export interface LinkTree {
  links: ReadonlyMap<string, string>;
  isFile(path: string): boolean;
  isDir(path: string): boolean;
}

/**
 * Where a path of a tree leads once symbolic links are followed, as the kernel follows them in a checkout: part by
 * part, a part that is a link replaced by the link's text (relative to the link's folder), `..` applied to the path
 * reached so far (so after a linked folder it leaves that folder's target), and every part that more path follows
 * must be a folder (`a.sql/..` and `missing/../x` lead nowhere). Each link passed through is added to `through`.
 * Null when the path leads nowhere or out of the repository, a link is absolute or empty, or links chain more
 * than 40 times.
 */
export function followLinks(path: string, tree: LinkTree, through: string[] = []): string | null {
  const parts: string[] = [];
  let remaining = path.split('/');
  let hops = 0;
  while (remaining.length > 0) {
    if (parts.length > 0 && !tree.isDir(parts.join('/'))) return null;
    const part = remaining.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(part);
    const at = parts.join('/');
    const text = tree.links.get(at);
    if (text === undefined) continue;
    if (++hops > 40 || text === '' || text.startsWith('/') || text.includes('\0')) return null;
    through.push(at);
    parts.pop();
    remaining = [...text.split('/'), ...remaining];
  }
  return parts.length === 0 ? null : parts.join('/');
}

/** Where a link leads (a regular file of the tree) and the links it passes through on the way, itself first. */
export interface ResolvedLink {
  target: string;
  through: string[];
}

/**
 * The file each link of a tree stands for, as a checkout would read it (dbt reads a linked file through its link,
 * and does not descend into linked folders: os.walk without followlinks). A link to a folder, to nothing, or out
 * of the repository leads nowhere and is left out.
 */
export function resolveLinks(tree: LinkTree): Map<string, ResolvedLink> {
  const resolved = new Map<string, ResolvedLink>();
  for (const link of tree.links.keys()) {
    const through: string[] = [];
    const target = followLinks(link, tree, through);
    if (target !== null && tree.isFile(target)) resolved.set(link, { target, through });
  }
  return resolved;
}

/** The folders holding `paths` (every proper prefix), for LinkTree.isDir over a listing. */
export function foldersOf(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const path of paths)
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1))
      folders.add(path.slice(0, slash));
  return folders;
}

/**
 * Folders dbt reads by default (model-paths, seed-paths...). dbt walks each from its top with os.walk, which
 * follows the top itself when it is a link (`models -> ../shared_models`), though no link below it.
 */
export const RESOURCE_FOLDERS: ReadonlySet<string> = new Set([
  'models',
  'seeds',
  'snapshots',
  'macros',
  'analyses',
  'tests',
]);

/**
 * The files a checkout shows under a linked resource folder beside a dbt_project.yml (RESOURCE_FOLDERS): each
 * file of the folder it leads to, under the link's path, and each link to a file there, read through. Keyed by
 * the path dbt reads; `projectDirs` as projectDirsOf gives them.
 */
export function linkedFolderFiles(
  tree: LinkTree,
  files: Iterable<string>,
  projectDirs: ReadonlySet<string>,
): Map<string, ResolvedLink> {
  const out = new Map<string, ResolvedLink>();
  const all = [...files];
  for (const link of tree.links.keys()) {
    const slash = link.lastIndexOf('/');
    if (!projectDirs.has(link.slice(0, slash + 1)) || !RESOURCE_FOLDERS.has(link.slice(slash + 1))) continue;
    const through: string[] = [];
    const folder = followLinks(link, tree, through);
    if (folder === null || !tree.isDir(folder)) continue;
    const inside = `${folder}/`;
    for (const file of all)
      if (file.startsWith(inside)) out.set(link + file.slice(folder.length), { target: file, through });
    for (const inner of tree.links.keys()) {
      if (!inner.startsWith(inside)) continue;
      const innerThrough: string[] = [];
      const target = followLinks(inner, tree, innerThrough);
      if (target !== null && tree.isFile(target))
        out.set(link + inner.slice(folder.length), { target, through: [...through, ...innerThrough] });
    }
  }
  return out;
}
