// Measures whole processes: wall time and peak memory (max RSS) of one `node` command, repeated, as medians.
// Peak memory comes from `/usr/bin/time -v` when it exists, else from a preload module that reports
// `process.resourceUsage().maxRSS` as the process exits. A command that fails is a result, not a crash.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Command {
  label: string;
  /** Arguments to `node` (script first). */
  args: string[];
  /** Exit codes that mean success (`check` exits 1 when it finds errors). */
  okCodes: number[];
}

export interface Run {
  ok: boolean;
  wallMs: number;
  maxRssKb: number | null;
  /** Why the run failed: the exit code or signal and the end of stderr. */
  error: string | null;
}

export interface Measurement {
  label: string;
  runs: Run[];
  /** Medians over successful runs; null when every run failed. */
  wallMs: number | null;
  maxRssKb: number | null;
  error: string | null;
}

const TIME = '/usr/bin/time';
const RSS_MARKER = 'BENCH_MAX_RSS_KB=';

/** How peak memory is measured on this machine. */
export type RssProbe = { kind: 'time' } | { kind: 'preload'; module: string };

/** Picks `/usr/bin/time -v` if it works, else writes the preload module into `outDir`. */
export function makeRssProbe(outDir: string): RssProbe {
  if (existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' }).status === 0) return { kind: 'time' };
  mkdirSync(outDir, { recursive: true });
  const module = join(outDir, 'max-rss.mjs');
  writeFileSync(
    module,
    `process.on('exit', () => process.stderr.write('\\n${RSS_MARKER}' + process.resourceUsage().maxRSS + '\\n'));\n`,
  );
  return { kind: 'preload', module };
}

function parseRss(stderr: string, probe: RssProbe): number | null {
  const pattern =
    probe.kind === 'time' ? /Maximum resident set size \(kbytes\): (\d+)/ : new RegExp(`${RSS_MARKER}(\\d+)`);
  const match = pattern.exec(stderr);
  return match ? Number(match[1]) : null;
}

function tail(text: string, lines: number): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('\t') && !line.includes(RSS_MARKER))
    .slice(-lines)
    .join(' | ');
}

/** Runs the command once, its stdout thrown away (as `> /dev/null`). */
export function runOnce(command: Command, probe: RssProbe, cwd: string): Run {
  const nodeArgs = probe.kind === 'preload' ? ['--import', probe.module, ...command.args] : command.args;
  const [file, args] =
    probe.kind === 'time' ? [TIME, ['-v', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const started = performance.now();
  const result = spawnSync(file, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 15 * 60 * 1000,
  });
  const wallMs = performance.now() - started;
  const stderr = result.stderr ?? '';
  // `/usr/bin/time` reports the child's status in its own exit code, and "Command exited with non-zero status N".
  const status = result.status ?? -1;
  const ok = result.error === undefined && result.signal === null && command.okCodes.includes(status);
  const why = result.error ? result.error.message : result.signal ? `signal ${result.signal}` : `exit code ${status}`;
  return { ok, wallMs, maxRssKb: parseRss(stderr, probe), error: ok ? null : `${why}: ${tail(stderr, 3)}` };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function summarise(command: Command, runs: Run[]): Measurement {
  const good = runs.filter((run) => run.ok);
  return {
    label: command.label,
    runs,
    wallMs: median(good.map((run) => run.wallMs)),
    maxRssKb: median(good.flatMap((run) => (run.maxRssKb === null ? [] : [run.maxRssKb]))),
    error: runs.find((run) => !run.ok)?.error ?? null,
  };
}

/**
 * Runs every command `repeats` times, in rounds (a, b, c, a, b, c...) so that the load of a shared machine
 * weighs on all of them alike. A command that failed once is not run again (it would fail the same way).
 */
export function measureAll(
  commands: Command[],
  probe: RssProbe,
  cwd: string,
  repeats: number,
  onRun: (command: Command, run: Run) => void = () => undefined,
): Measurement[] {
  const runs = commands.map((): Run[] => []);
  for (let round = 0; round < repeats; round++) {
    commands.forEach((command, i) => {
      const previous = runs[i] ?? [];
      if (previous.some((run) => !run.ok)) return;
      const run = runOnce(command, probe, cwd);
      previous.push(run);
      onRun(command, run);
    });
  }
  return commands.map((command, i) => summarise(command, runs[i] ?? []));
}
