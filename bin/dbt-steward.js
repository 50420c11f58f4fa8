#!/usr/bin/env node
// `dbt-steward`: runs the bundled CLI, dist/cli/dbt-steward.mjs, which `npm ci` builds (the `prepare` script,
// scripts/build-cli.mjs). When the bundle is missing, or older than a file or folder under src/ or than
// package-lock.json (sources or dependencies changed since it was built), runs the TypeScript sources through
// tsx instead, as before the bundle existed: slower to start, never stale. Checking stats ~140 paths: ~2 ms.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

// Node 20.12 brought what the compiler uses (crypto.hash, import.meta.dirname): say so rather than crash later.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  process.stderr.write(`dbt-steward: needs Node.js 20.12 or later; this is ${process.version}\n`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** Newest mtime (ms) of a path and, for a folder, of everything under it; 0 when it does not exist. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  let mtime = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = `${path}/${entry.name}`;
      mtime = Math.max(
        mtime,
        entry.isDirectory() ? newest(child) : (statSync(child, { throwIfNoEntry: false })?.mtimeMs ?? 0),
      );
    }
  }
  return mtime;
}

const built = statSync(`${root}/dist/cli/dbt-steward.mjs`, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (built >= Math.max(newest(`${root}/src`), newest(`${root}/package-lock.json`))) {
  await import('../dist/cli/dbt-steward.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
