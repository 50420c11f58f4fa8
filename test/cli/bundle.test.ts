// The CLI bundle (scripts/build-cli.mjs: what `npx dbt-steward` runs) behaves as the sources do. It is built
// into a temporary folder from the sources under test, then run as its own process next to `run()` in-process:
// a missing chunk, a wrong module format or a dependency that does not bundle fails here, not for users.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
function runBundle(argv: string[]): CliResult {
  return result(
    spawnSync(process.execPath, [entry(), ...argv], { cwd: ROOT, env: {}, encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
}

/** The files a module loads before running: itself and its static imports, transitively (not `import()`). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    staticClosure(resolve(dirname(file), match[1] ?? ''), seen);
  }
  return seen;
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

  it("reads a dbt manifest (--manifest's reader is a chunk of its own, loaded from another chunk)", async () => {
    const argv = ['manifest', '--manifest', join('test', 'fixtures', 'dbt', 'manifest-input', 'manifest.json')];
    const expected = await runCli(argv);
    expect(expected.code).toBe(0);
    expect(runBundle(argv)).toEqual(expected);
  });

  it('answers --help and usage errors as the sources do', async () => {
    for (const argv of [['--help'], [], ['deploy']]) expect(runBundle(argv)).toEqual(await runCli(argv));
  });

  it('keeps the commands lazy: the entry and its static imports are a few KB, not the compiler or zod', () => {
    const chunks = readdirSync(join(out, 'chunks')).filter((name) => name.endsWith('.mjs'));
    expect(chunks.some((name) => name.startsWith('manifest-command-'))).toBe(true);
    expect(chunks.some((name) => name.startsWith('check-command-'))).toBe(true);
    const loaded = [...staticClosure(entry())];
    expect(loaded.every((file) => statSync(file).isFile())).toBe(true);
    const bytes = loaded.reduce((sum, file) => sum + statSync(file).size, 0);
    const all = chunks.reduce((sum, name) => sum + statSync(join(out, 'chunks', name)).size, 0);
    expect(bytes).toBeLessThan(32 * 1024); // 4 KB today, of ~900 KB in all
    expect(all).toBeGreaterThan(10 * bytes);
    // Source maps are separate files, not inlined into what Node parses.
    expect(readFileSync(entry(), 'utf8')).toMatch(/\/\/# sourceMappingURL=dbt-steward\.mjs\.map\s*$/);
  });
});
