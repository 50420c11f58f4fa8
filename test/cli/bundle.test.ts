// The CLI bundle (scripts/build-cli.mjs: what `npx dbt-steward` runs) behaves as the sources do. It is built
// into a temporary folder from the sources under test, then run as its own process next to `run()` in-process:
// a missing chunk, a wrong module format or a dependency that does not bundle fails here, not for users.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Script } from 'node:vm';
import { dirname, join } from 'node:path';
import { type CliResult, ROOT, runCli } from './harness.js';

const BASE = join('examples', 'mesh', 'base');
const HEAD = join('examples', 'mesh', 'head');
const TODAY = '2026-01-15'; // what runCli passes as today

let out = '';
const entry = (): string => join(out, 'dbt-steward.mjs');

function result(spawned: SpawnSyncReturns<string>): CliResult {
  return { code: spawned.status ?? -1, stdout: spawned.stdout, stderr: spawned.stderr };
}

/** Runs the built bundle with a clean environment, as runCli runs `run()` (env: {}). */
function runBundle(argv: string[], env: Record<string, string> = {}): CliResult {
  return result(
    spawnSync(process.execPath, [entry(), ...argv], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
}

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'dbt-steward-bundle-')), 'cli');
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs', '--outdir', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${built.stderr}`);
});

afterAll(() => rmSync(dirname(out), { recursive: true, force: true }));

describe('the CLI bundle', () => {
  it('prints the manifest that the sources print', async () => {
    const expected = await runCli(['manifest', BASE]);
    expect(expected.code).toBe(0);
    expect(runBundle(['manifest', BASE])).toEqual(expected);
  });

  it('prints the check report that the sources print', async () => {
    const argv = ['check', '--base', BASE, '--head', HEAD, '--format', 'json', '--today', TODAY];
    const expected = await runCli(argv);
    expect(expected.code).toBe(1);
    expect(runBundle(argv)).toEqual(expected);
  });

  it("reads a dbt manifest (--manifest's reader is loaded when that flag is given)", async () => {
    const argv = ['manifest', '--manifest', join('test', 'fixtures', 'dbt', 'manifest-input', 'manifest.json')];
    const expected = await runCli(argv);
    expect(expected.code).toBe(0);
    expect(runBundle(argv)).toEqual(expected);
  });

  it('answers --help and usage errors as the sources do', async () => {
    for (const argv of [['--help'], [], ['deploy']]) expect(runBundle(argv)).toEqual(await runCli(argv));
  });

  it.each([
    ['compile', 'dbt-steward.code-cache', ['parse', BASE, '--format', 'json']],
    ['check', 'dbt-steward.check.code-cache', ['check', '--base', BASE, '--head', HEAD, '--today', TODAY]],
  ])(
    'starts from its %s code cache written at build time, and runs the same without it or with a bad one',
    async (kind, file, argv) => {
      const expected = await runCli(argv);
      const report = (): CliResult => runBundle(argv, { DBT_STEWARD_CODE_CACHE: 'report' });
      const said = (state: string) => ({
        ...expected,
        stderr: `dbt-steward: ${kind} code cache ${state}\n${expected.stderr}`,
      });
      const cache = join(out, file);
      // The warm-up's functions are in it, not only the script's top level (what a cache made before running holds).
      const bundle = join(out, 'dbt-steward.cjs');
      const topLevelOnly = new Script(`(function () {${readFileSync(bundle, 'utf8')}\n})`, { filename: bundle });
      expect(statSync(cache).size).toBeGreaterThan(1.5 * topLevelOnly.createCachedData().length);
      expect(report()).toEqual(said('used'));
      const good = readFileSync(cache);
      try {
        writeFileSync(cache, Buffer.from('not a code cache'));
        expect(report()).toEqual(said('rejected'));
        // One byte of V8's data changed (V8 itself would take it, and could crash on it): the digest refuses it.
        const damaged = Buffer.from(good);
        damaged[damaged.length - 100] = damaged[damaged.length - 100]! ^ 0xff;
        writeFileSync(cache, damaged);
        expect(report()).toEqual(said('rejected'));
        rmSync(cache);
        expect(report()).toEqual(said('missing'));
      } finally {
        writeFileSync(cache, good);
      }
    },
  );

  it("keeps check's code out of the cache every other command reads: that one stays the smaller", () => {
    // V8 reads a whole cache before the script runs: `manifest` would pay for the policy engine it never calls.
    const compileCache = statSync(join(out, 'dbt-steward.code-cache')).size;
    expect(statSync(join(out, 'dbt-steward.check.code-cache')).size).toBeGreaterThan(1.2 * compileCache);
  });

  it('names the bundle where it is in stack traces, and the sources with --enable-source-maps', () => {
    // A stdout that refuses every write: the command fails with a stack trace of the bundle.
    const traceOf = (flags: string[]) =>
      spawnSync(process.execPath, [...flags, entry(), 'manifest', BASE], {
        cwd: ROOT,
        env: {},
        encoding: 'utf8',
        stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
      }).stderr;
    const plain = traceOf([]);
    expect(plain).toContain(`${join(out, 'dbt-steward.cjs')}:`);
    expect(plain).not.toMatch(/\.tmp\//);
    expect(traceOf(['--enable-source-maps'])).toMatch(/src\/cli\/[a-z-]+\.ts:\d+:\d+/);
  });

  it('is one script that V8 can cache, its source map a file of its own', () => {
    expect(readdirSync(out).sort()).toEqual([
      'dbt-steward.check.code-cache',
      'dbt-steward.cjs',
      'dbt-steward.cjs.map',
      'dbt-steward.code-cache',
      'dbt-steward.mjs',
    ]);
    // Source maps are separate files, not inlined into what V8 compiles.
    expect(readFileSync(join(out, 'dbt-steward.cjs'), 'utf8')).toMatch(
      /\/\/# sourceMappingURL=dbt-steward\.cjs\.map\s*$/,
    );
  });
});
