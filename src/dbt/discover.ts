// Which dbt projects a file map holds, how they group into compile units (a root project and the local
// packages it compiles with), and which project owns each file.
import type { Diagnostic, FileMap } from './types.js';
import {
  PACKAGES_FILES,
  readPackagesFile,
  readProjectFile,
  readVarsFile,
  type PackageRef,
  type ProjectFile,
} from './project.js';
import { basename, dirname, leavesFolder, normalisePath, normaliseText, pathFrom } from './text.js';
import { outsideFolders } from './project-files.js';
import { installedPackageOwner, isRelevantPath, projectDirsOf } from './source.js';

export interface CompileUnit {
  root: ProjectFile;
  /**
   * Packages compiled with the root (their nodes get the root's vars and `models:` configs on top): local ones
   * first, then those installed in its dbt_packages/ (by folder name), each project name once.
   */
  packages: ProjectFile[];
  /** Packages named in packages.yml that are not in the repository (refs to them become external nodes). */
  externalPackages: string[];
  /** Those of them from dbt Hub (`package: org/name`), whose name is the project name. */
  hubPackages: string[];
  /** Other dbt projects the root depends on (dbt Mesh: `projects:` in dependencies.yml). */
  meshProjects: string[];
  /** Local packages named in packages.yml whose folder holds no dbt project here (their resources are unseen). */
  missingLocalPackages: string[];
  /**
   * Local packages compiled elsewhere (as projects of their own, like the package an `integration_tests` project
   * tests, or with another project): not compiled twice, but refs resolve to their nodes as to an installed package.
   */
  linkedPackages: string[];
}

export interface Discovery {
  units: CompileUnit[];
  /** Every project root, deepest first, to find the project that owns a file. */
  roots: string[];
  diagnostics: Diagnostic[];
}

const PROJECT_FILE = 'dbt_project.yml';
/** dbt 1.12's file of project vars, beside dbt_project.yml. */
const VARS_FILE = 'vars.yml';

export function discoverProjects(
  files: FileMap,
  /** How dbt_project.yml at `file` renders, with its vars.yml's vars (under `--vars`). */
  renderFor: (file: string, varsFile: Record<string, unknown>) => (value: unknown, line: number) => unknown,
  onlyRoot?: string,
): Discovery {
  const diagnostics: Diagnostic[] = [];
  const projects = new Map<string, ProjectFile>();
  const packageRefs = new Map<string, PackageRef[]>();
  const meshProjects = new Map<string, string[]>();
  // Packages installed by `dbt deps` (dbt_packages/<name>/), by the root of the project that installed them.
  const installed = new Map<string, ProjectFile[]>();
  const projectDirs = projectDirsOf(files.keys());
  // The folders of the packages each project has installed, found before any project file is read.
  const installedFolders = new Map<string, Set<string>>();
  for (const dir of projectDirs) {
    const owner = installedPackageOwner(dir.slice(0, -1));
    if (owner === null || !isRelevantPath(`${dir}${PROJECT_FILE}`, projectDirs)) continue;
    const folders = installedFolders.get(owner) ?? new Set<string>();
    installedFolders.set(owner, folders.add(basename(dir.slice(0, -1))));
  }
  for (const [path, text] of files) {
    if (basename(path) !== PROJECT_FILE || !isRelevantPath(path, projectDirs)) continue;
    const root = dirname(path);
    // dbt 1.12's vars.yml beside dbt_project.yml: read first, its vars visible while dbt_project.yml renders.
    const varsPath = root === '' ? VARS_FILE : `${root}/${VARS_FILE}`;
    const varsText = files.get(varsPath);
    const varsFile = varsText === undefined ? null : readVarsFile(normaliseText(varsText), varsPath);
    if (varsFile !== null) diagnostics.push(...varsFile.diagnostics);
    const projectVars = varsFile?.vars ?? null;
    const read = readProjectFile(normaliseText(text), path, root, renderFor(path, projectVars ?? {}), projectVars);
    diagnostics.push(...read.diagnostics);
    if (!read.project) continue;
    projects.set(root, read.project);
    const owner = installedPackageOwner(root);
    if (owner !== null) {
      // dbt reads an installed package's own packages.yml only to install it: it names no further folder here.
      installed.set(owner, [...(installed.get(owner) ?? []), read.project]);
      continue;
    }
    const refs: PackageRef[] = [];
    for (const name of PACKAGES_FILES) {
      const file = root === '' ? name : `${root}/${name}`;
      const packagesText = files.get(file);
      if (packagesText === undefined) continue;
      const packages = readPackagesFile(normaliseText(packagesText), file, root);
      diagnostics.push(...packages.diagnostics);
      if (packages.projects.length > 0)
        meshProjects.set(root, [...(meshProjects.get(root) ?? []), ...packages.projects]);
      for (const ref of packages.packages) {
        const missing =
          ref.local !== null && !files.has(ref.local === '' ? PROJECT_FILE : `${ref.local}/${PROJECT_FILE}`);
        // Out of the folder compiled, the package may still be here, where `dbt deps` linked or copied it.
        const outside = ref.local !== null && leavesFolder(ref.local);
        const installedCopy = outside && installedFolders.get(root)?.has(basename(ref.local!)) === true;
        if (missing && !installedCopy) {
          diagnostics.push({
            code: 'missing-local-package',
            severity: 'warning',
            // Named as from the project's folder, as packages.yml names it.
            message: `local package \`${pathFrom(root, ref.local!) || '.'}\` has no dbt_project.yml in the repository`,
            file,
            line: ref.line,
          });
        }
        refs.push(ref);
      }
    }
    packageRefs.set(root, refs);
  }

  // Projects of the repository itself (not installed copies): each is compiled when the whole repository is.
  const repositoryNames = new Set<string>();
  for (const [root, project] of projects) if (installedPackageOwner(root) === null) repositoryNames.add(project.name);
  const roots = [...projects.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const unitOf = (root: ProjectFile, claimed: Set<string>, standalone: Set<string>): CompileUnit => {
    const packages: ProjectFile[] = [];
    const external = new Set<string>();
    const hub = new Set<string>();
    const linked = new Set<string>();
    const missing = new Set<string>();
    const queue = [root.root];
    const seen = new Set<string>([root.root]);
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const ref of packageRefs.get(current) ?? []) {
        if (ref.local === null) {
          if (ref.name) external.add(ref.name);
          if (ref.name && ref.hub) hub.add(ref.name);
          continue;
        }
        const pkg = projects.get(ref.local);
        if (!pkg) missing.add(ref.local);
        if (!pkg || seen.has(ref.local)) continue;
        if (standalone.has(ref.local) || claimed.has(ref.local)) {
          // Compiled elsewhere (as a project of its own, or with another project): link, do not compile twice.
          if (ref.local !== root.root) linked.add(pkg.name);
          continue;
        }
        seen.add(ref.local);
        claimed.add(ref.local);
        packages.push(pkg);
        queue.push(ref.local);
      }
    }
    // Installed packages: a local package `dbt deps` copied there is compiled from its own folder, and one the
    // repository holds as a project of its own (compiled with the whole repository) is linked, not compiled twice.
    const names = new Set([root.name, ...packages.map((p) => p.name), ...linked]);
    const installedNames = new Set<string>();
    for (const pkg of installedPackagesOf(root, installed.get(root.root) ?? [])) {
      external.delete(pkg.name);
      if (pkg.name === root.name || installedNames.has(pkg.name)) {
        diagnostics.push(duplicatePackage(root, pkg));
        continue;
      }
      installedNames.add(pkg.name);
      if (names.has(pkg.name)) continue;
      if (onlyRoot === undefined && repositoryNames.has(pkg.name)) {
        linked.add(pkg.name);
        continue;
      }
      names.add(pkg.name);
      packages.push(pkg);
    }
    return {
      root,
      packages,
      externalPackages: [...external].sort(),
      hubPackages: [...hub].filter((name) => external.has(name)).sort(),
      linkedPackages: [...linked].sort(),
      missingLocalPackages: [...missing].sort(),
      meshProjects: meshProjects.get(root.root) ?? [],
    };
  };

  if (onlyRoot !== undefined) {
    const root = projects.get(onlyRoot);
    if (!root) {
      const file = onlyRoot === '' ? PROJECT_FILE : `${onlyRoot}/${PROJECT_FILE}`;
      diagnostics.push({
        code: 'no-project',
        severity: 'error',
        message: files.has(file)
          ? `\`${file}\` does not define a dbt project (see the error above); nothing is compiled`
          : `no dbt_project.yml in \`${onlyRoot || '.'}\``,
        file,
      });
      return { units: [], roots, diagnostics };
    }
    return { units: [unitOf(root, new Set(), new Set())], roots, diagnostics };
  }

  // A project that is a local package of a project nested inside it (the `integration_tests` pattern) is a
  // project of its own; any other local package is compiled with the project that names it.
  const standalone = new Set<string>();
  const asPackage = new Set<string>();
  for (const [root, refs] of packageRefs) {
    for (const ref of refs) {
      if (ref.local === null || !projects.has(ref.local)) continue;
      const nestedInPackage = ref.local === '' || root.startsWith(ref.local + '/');
      if (nestedInPackage) standalone.add(ref.local);
      else asPackage.add(ref.local);
    }
  }
  const claimed = new Set<string>();
  const units: CompileUnit[] = [];
  // An installed package is compiled only with the project that installed it.
  const ordered = [...projects.keys()].filter((root) => installedPackageOwner(root) === null).sort();
  for (const root of ordered) {
    if (asPackage.has(root) && !standalone.has(root)) continue;
    units.push(unitOf(projects.get(root)!, claimed, standalone));
  }
  // A package whose every user is itself a package of something else still gets compiled once.
  for (const root of ordered) {
    if (asPackage.has(root) && !claimed.has(root) && !standalone.has(root)) {
      claimed.add(root);
      units.push(unitOf(projects.get(root)!, claimed, standalone));
    }
  }
  return { units, roots, diagnostics };
}

/**
 * The packages dbt loads for a project: each project directly in its packages-install-path (`dbt_packages`
 * unless dbt_project.yml says `dbt_modules`), not a folder named `__...`. Sorted by folder: dbt lists the folder
 * in no particular order, and the order decides which of two packages of one name is compiled.
 */
function installedPackagesOf(project: ProjectFile, candidates: ProjectFile[]): ProjectFile[] {
  const setting = project.raw['packages-install-path'];
  const folder = typeof setting === 'string' ? normalisePath(setting) : 'dbt_packages';
  const prefix = project.root === '' ? `${folder}/` : `${project.root}/${folder}/`;
  return candidates
    .filter((pkg) => pkg.root.startsWith(prefix) && !pkg.root.slice(prefix.length).startsWith('__'))
    .sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** An installed package that dbt refuses: the project's own name, or the name of another installed package. */
function duplicatePackage(root: ProjectFile, pkg: ProjectFile): Diagnostic {
  const which = pkg.name === root.name ? 'the project itself' : 'another installed package';
  return {
    code: 'duplicate-package',
    severity: 'error',
    message: `the package installed in \`${pkg.root}\` is named \`${pkg.name}\`, as ${which}; it is not compiled (dbt stops: more than one package with that name)`,
    // On the project's own dbt_project.yml: reviews do not list problems inside installed packages.
    file: root.file,
    line: 1,
  };
}

/** The deepest project root that contains `path`, or null. `roots` must be sorted deepest first. */
export function owningRoot(path: string, roots: string[]): string | null {
  for (const root of roots) {
    if (root === '' || path.startsWith(root + '/')) return root;
  }
  return null;
}

/** The folders a project's compile reads besides its own: see foldersReadWith. */
export interface FoldersReadWith {
  /** Its local packages' folders (`local: ../core`). */
  packages: string[];
  /** The resource paths of it and its local packages that leave their folder (`model-paths: [../../sources]`). */
  resources: string[];
}

/**
 * The folders (from the file map's root; `..` above it) that the compile of the project at `root` reads besides
 * its own folder. A caller that reads a project folder alone reads these too, as dbt would.
 */
export function foldersReadWith(files: FileMap, root: string): FoldersReadWith {
  const discovery = discoverProjects(files, () => (value) => value, root);
  const unit = discovery.units[0];
  const packages = new Set<string>();
  const resources = new Set<string>();
  for (const project of unit ? [unit.root, ...unit.packages] : []) {
    for (const { folder } of outsideFolders(project)) resources.add(folder);
    for (const name of PACKAGES_FILES) {
      const file = project.root === '' ? name : `${project.root}/${name}`;
      const text = files.get(file);
      if (text === undefined) continue;
      for (const ref of readPackagesFile(normaliseText(text), file, project.root).packages)
        if (ref.local !== null) packages.add(ref.local);
    }
  }
  return { packages: [...packages].sort(), resources: [...resources].sort() };
}
