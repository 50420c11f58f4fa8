// `npm run bench`: builds dbt-steward (the CLI bundle that users run, dist/cli/dbt-steward.mjs), generates
// synthetic projects, times whole processes (floor, compile, parse, check) and writes the table to
// bench/results.md.
// A measurement, not a test: it always exits 0, and prints MISSED next to a missed target.
//
//   npm run bench [-- --sizes 5000,20000 --repeats 3 --no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate.js';
import { type Command, makeRssProbe, measureAll } from './measure.js';
import { type SizeResult, renderReport } from './report.js';
import { checkCheck, checkManifest, checkParse } from './sanity.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
// Build outputs of the bench go under dist/ (ignored by git and by the linters).
const OUT = join(ROOT, 'dist', 'bench');
// What `npx dbt-steward` runs (bin/dbt-steward.js imports it when it is up to date): scripts/build-cli.mjs.
const CLI = join(ROOT, 'dist', 'cli', 'dbt-steward.mjs');
const FLOOR = join(OUT, 'floor.js');
const CHANGES = 20;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Runs a build step; returns a note when it failed (the bench goes on with whatever was emitted). */
function build(label: string, args: string[], used = 'the emitted JavaScript was used'): string | null {
  log(`build: ${label}`);
  const result = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return null;
  const errors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes('error TS'));
  return `${label} reported ${errors.length} type errors (first: ${errors[0]?.trim() ?? result.error?.message ?? 'unknown'}); ${used}.`;
}

/** Bundles the CLI with scripts/build-cli.mjs; returns a note when it failed. */
function buildCli(): string | null {
  log('build: node scripts/build-cli.mjs');
  const result = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return null;
  const why = `${result.stderr}`.trim().split('\n').slice(0, 3).join(' / ') || result.error?.message || 'unknown';
  return `scripts/build-cli.mjs failed (${why}); the previous bundle, if any, was used.`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '5000,20000' },
      repeats: { type: 'string', default: '3' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const sizes = (values.sizes ?? '')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const repeats = Math.max(1, Number(values.repeats) || 3);
  const notes: string[] = [];

  if (!values['no-build']) {
    // esbuild strips types without checking them: type errors are reported by tsc, as when tsc built the CLI.
    const typecheck = ['tsc', '-p', 'tsconfig.build.json', '--noEmit'];
    const typeErrors = build('tsc -p tsconfig.build.json --noEmit', typecheck, 'the bundle was used');
    if (typeErrors) notes.push(typeErrors);
    const bundle = buildCli();
    if (bundle) notes.push(bundle);
    const floorArgs = ['tsc', 'bench/floor.ts', '--outDir', OUT, '--rootDir', 'bench', '--module', 'NodeNext'];
    floorArgs.push('--moduleResolution', 'NodeNext', '--target', 'ES2022', '--skipLibCheck', '--types', 'node');
    const floorBuild = build('tsc bench/floor.ts', [...floorArgs, '--esModuleInterop', '--strict']);
    if (floorBuild) notes.push(floorBuild);
  }
  if (!existsSync(CLI)) notes.push(`${CLI} does not exist: compile and check cannot run.`);
  if (!existsSync(FLOOR)) notes.push(`${FLOOR} does not exist: the floor cannot run.`);

  const probe = makeRssProbe(OUT);
  const work = mkdtempSync(join(tmpdir(), 'dbt-steward-bench-'));
  try {
    log('sanity: 200 models');
    const small = { base: join(work, 'small-base'), head: join(work, 'small-head') };
    generateProject(small.base, small.head, { models: 200, changes: CHANGES });
    notes.push(...checkManifest(CLI, small.base, 200, ROOT), ...checkParse(CLI, small.base, 200, ROOT));
    notes.push(...checkCheck(CLI, small.base, small.head, ROOT));

    const results: SizeResult[] = [];
    for (const models of sizes) {
      const base = join(work, `base-${models}`);
      const head = join(work, `head-${models}`);
      log(`generate: ${models} models`);
      generateProject(base, head, { models, changes: CHANGES });
      const commands: Command[] = [
        { label: 'floor', args: [FLOOR, base], okCodes: [0] },
        { label: 'compile', args: [CLI, 'manifest', base], okCodes: [0] },
        { label: 'parse', args: [CLI, 'parse', base], okCodes: [0] },
        { label: 'check', args: [CLI, 'check', '--base', base, '--head', head, '--format', 'json'], okCodes: [0, 1] },
      ];
      log(`measure: floor, compile, parse, check, ${repeats} rounds at ${models} models`);
      const [floor, compile, parse, check] = measureAll(commands, probe, ROOT, repeats, (command, run) =>
        log(`  ${command.label}: ${(run.wallMs / 1000).toFixed(2)} s${run.error ? `, failed: ${run.error}` : ''}`),
      );
      if (!floor || !compile || !parse || !check)
        throw new Error('measureAll returned fewer measurements than commands');
      const measured: SizeResult = { models, floor, compile, parse, check };
      results.push(measured);
      rmSync(base, { recursive: true, force: true });
      rmSync(head, { recursive: true, force: true });
    }

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const report = renderReport(results, {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      environment:
        `Node ${process.version}, ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
        `load average ${loadavg()[0]?.toFixed(2) ?? '?'} at the end, max RSS via ` +
        `${probe.kind === 'time' ? '/usr/bin/time -v' : 'process.resourceUsage()'}.`,
      repeats,
      changes: CHANGES,
      notes,
    });
    const resultsFile = join(ROOT, 'bench', 'results.md');
    writeFileSync(resultsFile, report);
    // The file is committed: format it as `npm run lint` (prettier --check .) expects.
    spawnSync('npx', ['prettier', '--write', resultsFile], { cwd: ROOT });
    process.stdout.write(readFileSync(resultsFile, 'utf8'));
    log('written: bench/results.md');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
process.exitCode = 0;
