// Turns the benchmark's measurements into a markdown table with ratios against the targets of issues 3 and 4:
// compile <= 2x the floor at 5,000 models, linear growth 5,000 -> 20,000, check <= 1.5x one compile.
import type { Measurement } from './measure.js';

export interface SizeResult {
  models: number;
  floor: Measurement;
  compile: Measurement;
  /** `parse DIR`: the same compile, without writing the manifest (no target: shown next to the floor). */
  parse: Measurement;
  check: Measurement;
}

export const TARGETS = {
  /** compile / floor, wall time, at 5,000 models. */
  compileOverFloor: 2,
  /** Per-model wall time at 20,000 over per-model wall time at 5,000: above this, growth is not linear. */
  perModelGrowth: 1.25,
  /** check (base + head, 20 changed models) / one compile, wall time, at 5,000 models. */
  checkOverCompile: 1.5,
  /** The size the ratio targets are stated for. */
  targetSize: 5000,
};

const count = (n: number): string => n.toLocaleString('en-US');

function cell(m: Measurement): string {
  if (m.wallMs === null) return `FAILED (${m.error ?? 'no successful run'})`.replaceAll('|', '/');
  const rss = m.maxRssKb === null ? '? MB' : `${Math.round(m.maxRssKb / 1024)} MB`;
  return `${(m.wallMs / 1000).toFixed(2)} s, ${rss}`;
}

function ratio(top: Measurement, bottom: Measurement, target: number | null): string {
  if (top.wallMs === null || bottom.wallMs === null) return 'n/a';
  const value = top.wallMs / bottom.wallMs;
  const rss =
    top.maxRssKb !== null && bottom.maxRssKb !== null ? ` (RSS ${(top.maxRssKb / bottom.maxRssKb).toFixed(2)}x)` : '';
  if (target === null) return `${value.toFixed(2)}x${rss}`;
  const verdict = value <= target ? 'ok' : 'MISSED';
  return `${value.toFixed(2)}x${rss}, target <= ${target}x: ${verdict}`;
}

function perModelGrowth(small: SizeResult, large: SizeResult, pick: (r: SizeResult) => Measurement): number | null {
  const a = pick(small).wallMs;
  const b = pick(large).wallMs;
  if (a === null || b === null) return null;
  return b / large.models / (a / small.models);
}

function growthCell(value: number | null, target: number | null): string {
  if (value === null) return 'n/a';
  if (target === null) return value.toFixed(2);
  return `${value.toFixed(2)}, target <= ${target}: ${value <= target ? 'ok' : 'MISSED'}`;
}

export interface ReportContext {
  date: string;
  environment: string;
  repeats: number;
  changes: number;
  notes: string[];
}

/** The whole report as markdown (also printed to the terminal as is). */
export function renderReport(results: SizeResult[], context: ReportContext): string {
  const lines = [
    '# dbt-steward benchmark',
    '',
    `${context.date}. ${context.environment}`,
    '',
    `Whole processes, stdout to /dev/null; median wall time and max RSS of ${context.repeats} runs, taken in`,
    `rounds (floor, compile, parse, check, floor...) so that the machine's load weighs on all alike. The project is`,
    `synthetic (\`bench/generate.ts\`, seeded); \`check\` compares it with a copy where ${context.changes} models`,
    'changed (SQL and property entries). Floor: `bench/floor.ts` (read the files, js-yaml every YAML, regex-scan',
    'SQL for `ref(`/`source(`). Compile: `node dist/cli/dbt-steward.mjs manifest DIR` (the CLI bundle that',
    '`npx dbt-steward` runs), which compiles and writes the manifest (20 MB of JSON at 5,000 models). Parse:',
    '`node dist/cli/dbt-steward.mjs parse DIR`, the same compile printing a summary, as the floor does.',
    'Check: `node dist/cli/dbt-steward.mjs check --base DIR --head DIR2 --format json`.',
    '',
    '| Models | Floor | Compile | Compile / floor | Parse | Parse / floor | Check | Check / compile |',
    '| ---: | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const targeted = r.models === TARGETS.targetSize;
    lines.push(
      `| ${count(r.models)} | ${cell(r.floor)} | ${cell(r.compile)} | ` +
        `${ratio(r.compile, r.floor, targeted ? TARGETS.compileOverFloor : null)} | ${cell(r.parse)} | ` +
        `${ratio(r.parse, r.floor, null)} | ${cell(r.check)} | ` +
        `${ratio(r.check, r.compile, targeted ? TARGETS.checkOverCompile : null)} |`,
    );
  }
  const small = results[0];
  const large = results[results.length - 1];
  if (small && large && small !== large) {
    lines.push(
      '',
      `Per-model cost, ${count(large.models)} over ${count(small.models)} models (1.00 = linear):`,
      '',
      '| Floor | Compile | Check |',
      '| --- | --- | --- |',
      `| ${growthCell(
        perModelGrowth(small, large, (r) => r.floor),
        null,
      )} | ` +
        `${growthCell(
          perModelGrowth(small, large, (r) => r.compile),
          TARGETS.perModelGrowth,
        )} | ` +
        `${growthCell(
          perModelGrowth(small, large, (r) => r.check),
          TARGETS.perModelGrowth,
        )} |`,
    );
  }
  if (context.notes.length > 0) lines.push('', 'Notes:', '', ...context.notes.map((note) => `- ${note}`));
  return lines.join('\n') + '\n';
}
