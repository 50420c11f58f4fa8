// Finds the dbt-core version a project's repository pins (dbt/version-pins.ts reads the files): in the project's
// folder, then each folder above it up to the repository's root (the one holding `.git`). A folder outside any
// repository is read alone: the folders above it are not the project's.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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
  for (const dir of repository ? folders : [folder]) {
    for (const name of PIN_FILES) {
      const path = join(dir, name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const [pin] = dbtCorePins(name, text);
      if (pin) return { ...pin, file: relative(folder, path).split('\\').join('/') };
    }
  }
  return null;
}
