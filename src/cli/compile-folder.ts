// A project folder on disk compiled as the commands that take one (`manifest DIR`, `parse DIR`) compile it.
import { resolve } from 'node:path';
import { compile } from '../dbt/index.js';
import type { CompileOptions, Graph } from '../dbt/types.js';
import { diskSource } from './disk-source.js';
import type { Io } from './io.js';
import { readTree } from './read-tree.js';

/**
 * A folder that is a dbt project compiles as `dbt parse` run there would: that project and its local packages
 * only (a nested integration_tests project is not part of it). Any other folder: every project under it.
 * `seedContents`: read seed CSVs, for their checksums (only a manifest prints them).
 */
export async function compileFolder(
  dir: string,
  io: Io,
  options: CompileOptions,
  { seedContents = false }: { seedContents?: boolean } = {},
): Promise<Graph> {
  const files = await readTree(diskSource(resolve(io.cwd, dir)), dir, { seedContents });
  return compile(files, files.has('dbt_project.yml') ? { ...options, project: '' } : options);
}
