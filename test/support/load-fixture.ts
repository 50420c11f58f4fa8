// Reads a fixture folder from disk into the compiler's FileMap: POSIX path relative to the folder -> text.
// Files are read as they are on disk (CRLF, BOM and tabs kept), so the compiler sees what users commit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileMap } from '../../src/dbt/types.js';

/** Absolute path of `test/fixtures/dbt/<name>`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/dbt/${name}`, import.meta.url));
}

/** Every file under the fixture folder, keyed by its POSIX relative path, sorted for a stable order. */
export function loadFixture(name: string): Map<string, string> {
  return loadDir(fixturePath(name));
}

/** Every file under a folder, keyed by its POSIX relative path, sorted for a stable order. */
export function loadDir(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else files.set(rel, readFileSync(join(dir, entry.name), 'utf8'));
    }
  };
  walk(root, '');
  return files;
}

/** A fixture with some files replaced or added (for variants of one project). */
export function withFiles(base: FileMap, changes: Record<string, string>): Map<string, string> {
  const files = new Map(base);
  for (const [path, text] of Object.entries(changes)) files.set(path, text);
  return files;
}
