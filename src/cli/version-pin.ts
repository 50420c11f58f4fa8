// Finds the dbt-core version a project's repository pins (dbt/version-pins.ts reads the files): in the project's
// folder, then each folder above it up to the repository's root (the one holding `.git`); the nearest folder whose
// files name dbt-core decides. A folder outside any repository is read alone: the folders above it are not the
// project's.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { folderPin, PIN_FILES, type VersionPin } from '../dbt/version-pins.js';
import { guessAdapter, type AdapterGuess } from '../dbt/adapter-guess.js';

/** Dependency files are small; a bigger one is not read. */
const MAX_BYTES = 1 << 20;

export interface FoundPin extends VersionPin {
  /** The file, relative to the project folder (`../requirements.txt`). */
  file: string;
}

/**
 * The project's folder and those above it up to the repository's root (the one holding `.git`), nearest first;
 * the project's folder alone outside a repository. Null when `folder` is no project's: a folder of several
 * projects may pin several versions, so only a project's own folder is looked from.
 */
function foldersFrom(folder: string): { start: string; folders: string[]; repository: string | null } | null {
  let start: string;
  try {
    start = realpathSync(folder);
  } catch {
    return null;
  }
  if (!existsSync(join(start, 'dbt_project.yml'))) return null;
  const folders = [start];
  let repository = existsSync(join(start, '.git')) ? start : null;
  for (let at = start; repository === null;) {
    const up = dirname(at);
    if (up === at) break;
    folders.push(up);
    if (existsSync(join(up, '.git'))) repository = up;
    at = up;
  }
  return { start, folders: repository === null ? [start] : folders, repository };
}

/** The pin of dbt-core for the project in `folder`, or null when no file names one version (or no project is there). */
export function findDbtVersionPin(folder: string): FoundPin | null {
  const found = foldersFrom(folder);
  if (found === null) return null;
  for (const dir of found.folders) {
    const decided = folderPin((name) => readText(join(dir, name)));
    if (decided === null) continue;
    const { pin } = decided;
    return pin && { ...pin, file: relative(found.start, join(dir, pin.file)).split('\\').join('/') };
  }
  return null;
}

/**
 * The adapter the project's repository installs (dbt/adapter-guess.ts): the nearest folder whose dependency files
 * name one decides, then the repository's CI workflows; file paths relative to the project's folder.
 */
export function findAdapterGuess(folder: string): AdapterGuess | null {
  const found = foldersFrom(folder);
  if (found === null) return null;
  const shown = (path: string) => relative(found.start, path).split('\\').join('/');
  const read = (paths: string[]) =>
    paths.flatMap((path) => {
      const text = readText(path);
      return text === null ? [] : [{ name: shown(path), text }];
    });
  for (const dir of found.folders) {
    const guess = guessAdapter(read(PIN_FILES.map((name) => join(dir, name))));
    if (guess !== null) return guess;
  }
  if (found.repository === null) return null;
  const workflows = join(found.repository, '.github', 'workflows');
  let names: string[];
  try {
    names = readdirSync(workflows)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort();
  } catch {
    return null;
  }
  return guessAdapter(read(names.map((name) => join(workflows, name))));
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
