// Bundles the `dbt-steward` CLI with esbuild: src/cli/main.ts and everything it imports (our modules, js-yaml,
// picomatch, zod) become dist/cli/dbt-steward.mjs plus a few chunks, ESM for Node 20. The commands that
// src/cli/run.ts loads lazily stay lazy: code splitting puts `manifest`, `check` and `--manifest`'s reader in
// chunks of their own, so `--help` loads 3 KB and `manifest` never parses zod. A handful of files loads in half
// the time of the ~60 modules tsc emits, with no TypeScript loader at run time.
//
// Run by `npm ci` / `npm install` (the `prepare` script) and by `npm run bench`; bin/dbt-steward.js runs the
// bundle unless src/ changed since it was built. Plain JavaScript, so that it runs with no loader (~0.3 s).
//
//   node scripts/build-cli.mjs [--outdir DIR]     (default: dist/cli)
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(ROOT, 'dist', 'cli') } } });
const outdir = resolve(values.outdir ?? '');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  // Installed without dev dependencies (`npm ci --omit=dev`): nothing to build with; the bin runs the sources.
  process.stderr.write('build-cli: esbuild is not installed; dbt-steward will run from the sources through tsx\n');
  process.exit(0);
}

const started = performance.now();
// Built next to the old bundle, then swapped in, so a process starting meanwhile finds either the old bundle or
// none (then the bin runs the sources), never an entry without its chunks.
const staging = `${outdir}.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { 'dbt-steward': join(ROOT, 'src', 'cli', 'main.ts') },
  outdir: staging,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: function names stay as written (readable stack traces); renaming identifiers
  // too would save ~3 ms of loading on `manifest`, ~8 ms on `check`.
  minifyWhitespace: true,
  minifySyntax: true,
  // For `node --enable-source-maps dist/cli/dbt-steward.mjs ...`; Node does not read them otherwise.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
rmSync(outdir, { recursive: true, force: true });
renameSync(staging, outdir);

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
const entry = outputs.find(([file]) => !file.includes('chunks/'));
const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;
const total = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
const entryFile = join(outdir, 'dbt-steward.mjs');
if (!existsSync(entryFile)) throw new Error(`build-cli: esbuild did not write ${entryFile}`);
process.stderr.write(
  `build-cli: ${relative(process.cwd(), entryFile) || entryFile} (${kb(entry?.[1].bytes ?? 0)}) + ` +
    `${outputs.length - 1} chunks, ${kb(total)} in all, in ${Math.round(performance.now() - started)} ms\n`,
);
