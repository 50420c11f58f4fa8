// Entry of the CLI bundle (scripts/build-cli.mjs): one CommonJS file that scripts/cli-loader.mjs compiles with
// V8's code cache. `main` runs the process; `warmUp` runs once at build time, before the cache is written.
import { join } from 'node:path';
import { run } from './run.js';

export { main } from './process-main.js';

/**
 * The commands, run on the bundled example with their output dropped, so that the functions they call are
 * compiled when the code cache is written: a later process then starts with their bytecode instead of parsing and
 * compiling them again (~0.02-0.04 s of a 5,000-model `manifest`, measured). Only bytecode is cached, never results.
 */
export async function warmUp(example: string, kind: 'compile' | 'check' = 'compile'): Promise<void> {
  const io = {
    stdout: () => undefined,
    stderr: () => undefined,
    cwd: process.cwd(),
    env: {},
    today: () => '2026-01-01',
  };
  // The compiler and the manifest writer, which every command runs; `check`'s own cache has its code too (the
  // example's pull request fails the check on purpose: exit 1). One cache with both made `manifest` slower: V8
  // reads all of a cache before the script runs.
  const base = join(example, 'base');
  const runs = [
    ['parse', base],
    ['manifest', base],
  ];
  // The text report (the default format) and the JSON one (CI scripts read it).
  const check = ['check', '--base', base, '--head', join(example, 'head')];
  if (kind === 'check') runs.push(check, [...check, '--format', 'json']);
  for (const argv of runs) {
    // A warm-up that did not run the compiler (no example: an install without it) would cache next to nothing.
    const code = await run(argv, io);
    if (code !== 0 && !(argv[0] === 'check' && code === 1)) {
      throw new Error(`the warm-up run \`${argv.join(' ')}\` exited ${code}`);
    }
  }
}
