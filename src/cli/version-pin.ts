// Finds the dbt-core version a project's repository pins (dbt/version-pins.ts reads the files): in the project's
// folder, then each folder above it up to the repository's root (the one holding `.git`); the nearest folder whose
// files name dbt-core decides. A folder outside any repository is read alone: the folders above it are not the
// project's.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { folderPin, type VersionPin } from '../dbt/version-pins.js';

/** Dependency files are small; a bigger one is not read. */
const MAX_BYTES = 1 << 20;

export interface FoundPin extends VersionPin {
  /** The file, relative to the project folder (`../requirements.txt`). */
  file: string;
}

/** The pin of dbt-core for the project in `folder`, or null when no file names one version (or no project is there). */
export function findDbtVersionPin(folder: string): FoundPin | null {
  let start: string;
  try {
    start = realpathSync(folder);
  } catch {
    return null;
  }
  // A folder of several projects may pin several versions: only a project's own folder is looked from.
  if (!existsSync(join(start, 'dbt_project.yml'))) return null;
  const folders = [start];
  let repository = existsSync(join(start, '.git'));
  for (let at = start; !repository;) {
    const up = dirname(at);
    if (up === at) break;
    folders.push(up);
    repository = existsSync(join(up, '.git'));
    at = up;
  }
  for (const dir of repository ? folders : [start]) {
    const decided = folderPin((name) => readText(join(dir, name)));
    if (decided === null) continue;
    const { pin } = decided;
    return pin && { ...pin, file: relative(start, join(dir, pin.file)).split('\\').join('/') };
  }
  return null;
}

/**
 * A regular file's text (UTF-8, or UTF-16 with its byte-order mark, as `pip freeze >` writes on Windows). Stat
 * first: opening a named pipe would wait for a writer.
 */
function readText(path: string): string | null {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_BYTES) return null;
    const bytes = readFileSync(path);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
    if (bytes[0] === 0xfe && bytes[1] === 0xff && bytes.length % 2 === 0)
      return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}
