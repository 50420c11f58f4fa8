// dist/cli/dbt-steward.mjs, copied here by scripts/build-cli.mjs: runs the CLI bundle (dbt-steward.cjs) with
// V8's code cache (dbt-steward.code-cache), written at build time after a warm-up run. A process that finds the
// cache starts from the bytecode of the functions the commands call instead of parsing and compiling ~1 MB of
// JavaScript first. Node 20 caches no user code by itself (module.enableCompileCache is Node 22.1+), and only
// for scripts, not ES modules: hence CommonJS, compiled here as Node compiles a CommonJS module.
// A cache made by another Node or V8 version, or with other V8 flags, is rejected by V8 and the bundle is
// compiled as usual: the cache changes how fast the CLI starts, never what it does.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { Script } from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'dbt-steward.cjs');
const cacheFile = join(here, 'dbt-steward.code-cache');
// `write`: scripts/build-cli.mjs's warm-up run; `report`: say on stderr whether the cache was used (tests).
const mode = process.env.DBT_STEWARD_CODE_CACHE;

let cachedData;
if (mode !== 'write') {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache (not built yet, or removed): V8 compiles the bundle as it would any script.
  }
}
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
const script = new Script(source, { filename: bundle, cachedData });
if (mode === 'report') {
  const state = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  process.stderr.write(`dbt-steward: code cache ${state}\n`);
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, here);
if (mode === 'write') {
  await module.exports.warmUp(process.argv[2]);
  writeFileSync(cacheFile, script.createCachedData());
} else {
  await module.exports.main();
}
