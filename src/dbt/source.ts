// The FileSource port: how the shell hands a project's files to the compiler. Implementations live in the
// shell (disk and git in src/cli, the GitHub API in src/github, in-memory in tests); the compiler only sees a FileMap.
import type { FileMap } from './types.js';

export interface FileSource {
  /** Every file path (repository-relative, POSIX) of the tree. */
  list(): Promise<string[]>;
  /** The text of the given paths. A path that cannot be read is left out (the compiler reports it missing). */
  read(paths: string[]): Promise<Map<string, string>>;
}

const CONTENT_EXTENSIONS = ['.sql', '.py', '.yml', '.yaml', '.md'];
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

/** Whether the compiler may use the path at all: folders dbt itself ignores or writes to are skipped. */
export function isRelevantPath(path: string): boolean {
  for (let i = 0; i < SKIPPED_FOLDERS.length; i++) {
    if (path.startsWith(SKIPPED_FOLDERS[i]!) || path.includes(NESTED_SKIPPED_FOLDERS[i]!)) return false;
  }
  return true;
}

/**
 * Whether the compiler needs the file's text. Seeds (CSV) need only their path, so sources skip reading them
 * (the FileMap holds '' for them); everything else that is not dbt input is left out.
 */
export function needsContent(path: string): boolean {
  if (!isRelevantPath(path)) return false;
  const lower = path.toLowerCase();
  return CONTENT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Whether the path belongs in the FileMap (with its text, or '' for a seed). */
export function isDbtInput(path: string): boolean {
  return needsContent(path) || (isRelevantPath(path) && path.toLowerCase().endsWith('.csv'));
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
  const paths = (await source.list()).filter(isDbtInput);
  const read = options.seedContents ? isDbtInput : needsContent;
  const withContent = new Set(paths.filter(read));
  const texts = await source.read([...withContent]);
  const files = new Map<string, string>();
  for (const path of paths) {
    const text = withContent.has(path) ? texts.get(path) : '';
    if (text !== undefined) files.set(path, text);
  }
  return files;
}
