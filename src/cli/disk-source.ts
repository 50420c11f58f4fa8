// FileSource over a folder on disk: walks it iteratively, skipping folders that never hold project sources
// (node_modules, .git, target, dbt_packages and the like), and reads files a batch at a time.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRelevantPath, type FileSource } from '../dbt/source.js';

const SKIPPED = new Set(['node_modules', '.git', 'target', 'dbt_packages', 'dbt_modules', 'logs', '.venv', 'venv']);
/** Files read at once: enough to keep the disk busy, few enough to stay under the open-file limit. */
const READ_BATCH = 64;

export function diskSource(root: string): FileSource {
  return {
    async list() {
      const paths: string[] = [];
      const stack: string[] = [''];
      while (stack.length > 0) {
        const dir = stack.pop() as string;
        const entries = await readdir(join(root, dir), { withFileTypes: true });
        for (const entry of entries) {
          const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
          if (entry.isDirectory()) {
            if (!SKIPPED.has(entry.name)) stack.push(path);
          } else if (entry.isFile() && isRelevantPath(path)) {
            paths.push(path);
          }
        }
      }
      return paths.sort();
    },
    async read(paths) {
      const texts = new Map<string, string>();
      for (let i = 0; i < paths.length; i += READ_BATCH) {
        const batch = paths.slice(i, i + READ_BATCH);
        const read = await Promise.all(
          // A file that vanished or cannot be read is left out; the compiler reports what is missing.
          batch.map((path) => readFile(join(root, path), 'utf8').catch(() => undefined)),
        );
        batch.forEach((path, j) => {
          const text = read[j];
          if (text !== undefined) texts.set(path, text);
        });
      }
      return texts;
    },
  };
}
