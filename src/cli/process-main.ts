// The `dbt-steward` process: wires stdout, stderr, argv and the exit code to `run`. Called by src/cli/main.ts
// (the sources) and by the bundle's loader (scripts/cli-loader.mjs); no logic of its own.
import { BufferedWriter } from './output.js';
import { run } from './run.js';

/** Resolves once everything written to `stream` so far has been handed to the OS (write callbacks run in order). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) resolve();
    else stream.write('', () => resolve());
  });
}

export async function main(): Promise<never> {
  // `dbt-steward check ... | head` closes the pipe early: the reader's choice, not an error to crash on. What is
  // left to print is dropped, and the command still exits with its own code (a failing check stays a failure for
  // `set -o pipefail`).
  let readerGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  const stdout = new BufferedWriter({
    write: (chunk) => readerGone || process.stdout.write(chunk),
    get writableLength() {
      return process.stdout.writableLength;
    },
  });
  const code = await run(process.argv.slice(2), {
    stdout: (text) => readerGone || stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    today: () => new Date().toISOString().slice(0, 10),
  });
  // Exit as soon as the output is out. Left to end by itself, Node first waits for V8's background work (a
  // concurrent marking of the heap a check of 5,000 models leaves behind): 30-80 ms of doing nothing.
  stdout.flush();
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
