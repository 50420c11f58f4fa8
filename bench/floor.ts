// The benchmark's floor, run as its own process: the least work any compiler of the project must do. It reads
// the same files, loads every YAML file with js-yaml and regex-scans every SQL/Python file for `ref(` and
// `source(` calls. Nothing else: no Jinja, no config merging, no graph.
//
//   node dist/bench/floor.js DIR      (compiled by bench/run.ts; prints a one-line summary)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

const SKIPPED = new Set(['node_modules', 'dbt_packages', 'target', 'logs', '.git']);
const CALL = /\b(ref|source)\s*\(\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?/g;

export interface FloorSummary {
  files: number;
  yamlDocuments: number;
  refs: number;
  sources: number;
}

/** Walks `root` and does the floor's work on every dbt input file. */
export function scanProject(root: string): FloorSummary {
  const summary: FloorSummary = { files: 0, yamlDocuments: 0, refs: 0, sources: 0 };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const lower = entry.name.toLowerCase();
      if (lower.endsWith('.csv')) {
        summary.files++;
      } else if (lower.endsWith('.yml') || lower.endsWith('.yaml')) {
        summary.files++;
        if (yaml.load(readFileSync(path, 'utf8')) !== undefined) summary.yamlDocuments++;
      } else if (lower.endsWith('.sql') || lower.endsWith('.py')) {
        summary.files++;
        for (const match of readFileSync(path, 'utf8').matchAll(CALL)) {
          if (match[1] === 'ref') summary.refs++;
          else summary.sources++;
        }
      } else if (lower.endsWith('.md')) {
        summary.files++;
        readFileSync(path, 'utf8');
      }
    }
  };
  walk(root);
  return summary;
}

const dir = process.argv[2];
if (dir !== undefined && process.argv[1]?.includes('floor')) {
  process.stdout.write(`${JSON.stringify(scanProject(dir))}\n`);
}
