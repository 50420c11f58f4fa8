// Finds the dbt-core version a project's repository pins (dbt/version-pins.ts reads the files): in the project's
// folder, then each folder above it up to the repository's root (the one holding `.git`). A folder outside any
// repository is read alone: the folders above it are not the project's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { dbtCorePins, PIN_FILES, type VersionPin } from '../dbt/version-pins.js';

const MAX_LEVELS = 6;

export interface FoundPin extends VersionPin {
  /** The file, relative to the project folder (`../requirements.txt`). */
  file: string;
}

/** The nearest pin of dbt-core for the project in `folder` (absolute), or null when none names one version. */
export function findDbtVersionPin(folder: string): FoundPin | null {
  const folders = [folder];
  let repository = existsSync(join(folder, '.git'));
  for (let at = folder, level = 0; !repository && level < MAX_LEVELS; level++) {
    const up = dirname(at);
    if (up === at) break;
    folders.push(up);
    repository = existsSync(join(up, '.git'));
    at = up;
  }
  const searched = repository ? folders : [folder];
  for (const [i, dir] of searched.entries()) {
    const paths = PIN_FILES.map((name) => join(dir, name));
    // The repository's CI installs dbt too (`pip install dbt-core==1.9.4` in a workflow): read last.
    if (repository && i === searched.length - 1) paths.push(...workflows(join(dir, '.github', 'workflows')));
    for (const path of paths) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const [pin] = dbtCorePins(basename(path), text);
      if (pin) return { ...pin, file: relative(folder, path).split('\\').join('/') };
    }
  }
  return null;
}

function workflows(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
