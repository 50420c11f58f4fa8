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
const SKIPPED_FOLDERS = [
  'node_modules/',
  'dbt_packages/',
  'dbt_modules/',
  'target/',
  'logs/',
  '.git/',
  '.venv/',
  'venv/',
];

const NESTED_SKIPPED_FOLDERS = SKIPPED_FOLDERS.map((folder) => `/${folder}`);

/** Folder names that never hold a project's sources: dbt writes or installs into them, or they are not dbt's. */
export const SKIPPED_FOLDER_NAMES: ReadonlySet<string> = new Set(SKIPPED_FOLDERS.map((folder) => folder.slice(0, -1)));

/** Whether the compiler may use the path at all: folders dbt itself ignores or writes to are skipped. */
export function isRelevantPath(path: string): boolean {
  for (let i = 0; i < SKIPPED_FOLDERS.length; i++) {
    if (path.startsWith(SKIPPED_FOLDERS[i]!) || path.includes(NESTED_SKIPPED_FOLDERS[i]!)) return false;
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
export function needsContent(path: string): boolean {
  return fileKind(path) === 'content' && isRelevantPath(path);
}

/** Whether the path belongs in the FileMap (with its text, or '' for a seed). */
export function isDbtInput(path: string): boolean {
  return fileKind(path) !== null && isRelevantPath(path);
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
  for (const path of await source.list()) {
    const kind = fileKind(path);
    if (kind === null || !isRelevantPath(path)) continue;
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
