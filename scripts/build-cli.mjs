// Bundles the `dbt-steward` CLI with esbuild: src/cli/bundle.ts and everything it imports (our modules, js-yaml,
// picomatch, zod) become one CommonJS file, dist/cli/dbt-steward.cjs, which dist/cli/dbt-steward.mjs (a copy of
// scripts/cli-loader.mjs) runs with V8's code cache, dist/cli/dbt-steward.code-cache, written here after a warm-up
// run of the bundle on the bundled example. Measured on the 5,000-model benchmark project, `manifest` (median of 15
// alternating runs): 789 ms as ESM chunks (the previous build), 807 ms as one script without the cache, 766 ms
// with it; `check` of the small example 250 -> 214 ms. No TypeScript loader at run time.
//
// Run by `npm ci` / `npm install` (the `prepare` script) and by `npm run bench`; bin/dbt-steward.js runs the
// bundle unless src/ changed since it was built. Plain JavaScript, so that it runs with no loader (~0.4 s).
//
//   node scripts/build-cli.mjs [--outdir DIR]     (default: dist/cli)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
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
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { 'dbt-steward': join(ROOT, 'src', 'cli', 'bundle.ts') },
  outdir: staging,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  // CommonJS, one file: V8 caches code for scripts only. The commands run.ts imports lazily stay lazy: esbuild
  // wraps each in a function run at its first import, so `manifest` never runs zod's set-up.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: function names stay as written (readable stack traces).
  minifyWhitespace: true,
  minifySyntax: true,
  // For `node --enable-source-maps dist/cli/dbt-steward.mjs ...`; Node does not read them otherwise.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
copyFileSync(join(ROOT, 'scripts', 'cli-loader.mjs'), join(staging, 'dbt-steward.mjs'));
rmSync(outdir, { recursive: true, force: true });
renameSync(staging, outdir);

// The code cache, from a warm-up run of the bundle on the bundled example (parse and manifest), in its final folder:
// the cache keeps the script's file name, which stack traces show. A process of its own, with no NODE_OPTIONS,
// because V8 rejects a cache made under other V8 flags than the run's.
const example = join(ROOT, 'examples', 'mesh');
for (const kind of ['compile', 'check']) {
  const warm = spawnSync(process.execPath, [join(outdir, 'dbt-steward.mjs'), example, kind], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DBT_STEWARD_CODE_CACHE: 'write' },
    encoding: 'utf8',
  });
  if (warm.status !== 0) {
    // Not fatal: without its cache the CLI does the same, only starts slower.
    process.stderr.write(`build-cli: no ${kind} code cache (the warm-up run failed): ${warm.stderr.trim()}\n`);
  }
}

const entryFile = join(outdir, 'dbt-steward.mjs');
const bundleFile = join(outdir, 'dbt-steward.cjs');
if (!existsSync(bundleFile)) throw new Error(`build-cli: esbuild did not write ${bundleFile}`);
const kb = (file) => (existsSync(file) ? `${Math.round(statSync(file).size / 1024)} KB` : 'none');
process.stderr.write(
  `build-cli: ${relative(process.cwd(), entryFile) || entryFile} + dbt-steward.cjs (${kb(bundleFile)}), ` +
    `code caches ${kb(join(outdir, 'dbt-steward.code-cache'))} and ${kb(join(outdir, 'dbt-steward.check.code-cache'))} (check), in ${Math.round(performance.now() - started)} ms\n`,
);
