// Reads a FileSource into a FileMap for the commands; a folder or ref that cannot be read is a usage error.
import { type FileSource, loadFiles, type LoadOptions } from '../dbt/source.js';
import type { FileMap } from '../dbt/types.js';
import { messageOf, UsageError } from './io.js';

export async function readTree(source: FileSource, what: string, options: LoadOptions = {}): Promise<FileMap> {
  try {
    return await loadFiles(source, options);
  } catch (error) {
    throw new UsageError(`cannot read ${what}: ${messageOf(error)}`);
  }
}
