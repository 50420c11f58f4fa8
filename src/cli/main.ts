// The `dbt-steward` command, run by bin/dbt-steward.js. Entry file: wires the process to `run`, no logic.
import { run } from './run.js';

// `dbt-steward manifest . | head` closes the pipe early: that is the reader's choice, not an error to crash on.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  today: () => new Date().toISOString().slice(0, 10),
});
