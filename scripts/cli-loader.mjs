// dist/cli/dbt-steward.mjs, copied here by scripts/build-cli.mjs: runs the CLI bundle (dbt-steward.cjs) with
// V8's code cache (dbt-steward.code-cache), written at build time after a warm-up run. A process that finds the
// cache starts from the bytecode of the functions the commands call instead of parsing and compiling ~1 MB of
// JavaScript first. Node 20 caches no user code by itself (module.enableCompileCache is Node 22.1+), and only
// for scripts, not ES modules: hence CommonJS, compiled here as Node compiles a CommonJS module.
// The cache changes how fast the CLI starts, never what it does: it is used only when its digest matches the
// bundle and itself (V8 checks no more than the source's length, and a damaged cache can crash it); V8 rejects
// one made by another Node or V8 version or under other V8 flags; either way the bundle is compiled as usual.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'dbt-steward.cjs');
const HEADER = 'dbt-steward code cache, sha256 ';
const DIGEST_END = HEADER.length + 64;
// `write`: scripts/build-cli.mjs's warm-up run; `report`: say on stderr whether the cache was used (tests).
const mode = process.env.DBT_STEWARD_CODE_CACHE;
// Two caches of the one bundle: the compiler's (every command), and the compiler's plus `check`'s (the policy
// engine, zod, the reports). V8 reads a whole cache before the script runs, so `manifest` is not made to read
// check's functions (~0.3 MB), and `check` still starts from the bytecode of all it runs (-80 ms at 5,000 models).
// The warm-up run is told which cache it writes: `dbt-steward.mjs EXAMPLE compile|check`.
const kind = (mode === 'write' ? process.argv[3] : process.argv[2]) === 'check' ? 'check' : 'compile';
const cacheFile = join(here, kind === 'check' ? 'dbt-steward.check.code-cache' : 'dbt-steward.code-cache');

const digest = (source, data) => createHash('sha256').update(source).update(data).digest('hex');

/** The cache's V8 data when the file is whole and made from this very bundle; otherwise undefined. */
function cachedDataFor(source) {
  let file;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined; // not built yet, or removed
  }
  const data = file.subarray(DIGEST_END + 1);
  const header = file.toString('latin1', 0, DIGEST_END);
  return header === HEADER + digest(source, data) ? data : null;
}

if (process.sourceMapsEnabled && mode !== 'write') {
  // `node --enable-source-maps`: Node maps stack traces of modules it loads itself, not of a vm.Script.
  await createRequire(import.meta.url)(bundle).main();
} else {
  const source = readFileSync(bundle, 'utf8');
  const cachedData = mode === 'write' ? undefined : cachedDataFor(source);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  if (mode === 'report') {
    const state =
      cachedData === undefined ? 'missing' : cachedData === null || script.cachedDataRejected ? 'rejected' : 'used';
    process.stderr.write(`dbt-steward: ${kind} code cache ${state}\n`);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, here);
  if (mode === 'write') {
    await module.exports.warmUp(process.argv[2], kind);
    const data = script.createCachedData();
    // Whole or not at all: a process starting meanwhile reads the old cache or none, never half of one.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.concat([Buffer.from(HEADER + digest(source, data) + '\n', 'latin1'), data]));
    renameSync(partial, cacheFile);
  } else {
    await module.exports.main();
  }
}
