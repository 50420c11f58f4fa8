// Readers for the bundled example (examples/mesh): its file trees, its property entries and the two tables its
// README promises (the files the pull request changes and the findings it should produce).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

export const EXAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'mesh');

/** Every file under `root`, as POSIX paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `models:` entry of a property file: its name and the versions it declares. */
export interface ModelEntry {
  name: string;
  versions: string[];
  file: string;
}

/** The `models:` entries of every property file under `models/`. */
export function modelEntries(root: string): ModelEntry[] {
  const entries: ModelEntry[] = [];
  for (const file of listFiles(root)) {
    if (!file.startsWith('models/') || !/\.ya?ml$/.test(file)) continue;
    const doc = yaml.load(readText(root, file));
    const models = isRecord(doc) && Array.isArray(doc['models']) ? doc['models'] : [];
    for (const model of models) {
      if (!isRecord(model) || typeof model['name'] !== 'string') continue;
      const versions = Array.isArray(model['versions']) ? model['versions'] : [];
      entries.push({
        name: model['name'],
        versions: versions.filter(isRecord).map((version) => String(version['v'])),
        file,
      });
    }
  }
  return entries;
}

/** The model a SQL/Python file under `models/` defines: `orders_v2.sql` may be version 2 of `orders`. */
export function modelFileName(path: string): string | null {
  const match = /^models\/(?:.*\/)?([^/]+)\.(sql|py)$/.exec(path);
  return match?.[1] ?? null;
}

/** Whether a property entry describes the model defined in a file named `fileName` (without extension). */
export function entryCovers(entry: ModelEntry, fileName: string): boolean {
  if (entry.versions.length === 0) return entry.name === fileName;
  return entry.versions.some((v) => `${entry.name}_v${v}` === fileName);
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'removed';
}

export interface ExpectedFinding {
  rule: string;
  severity: string;
  node: string;
  entry: { file: string; line: number };
  lookAt: { file: string; line: number };
  snippet: string;
}

function section(readme: string, name: string): string {
  const start = readme.indexOf(`<!-- ${name}:start -->`);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README has no ${name} section`);
  return readme.slice(start, end);
}

export function changedFiles(readme: string): ChangedFile[] {
  const out: ChangedFile[] = [];
  for (const match of section(readme, 'changed-files').matchAll(/^- `([^`]+)` \((added|modified|removed)\)$/gm)) {
    out.push({ path: match[1] ?? '', status: (match[2] ?? 'modified') as ChangedFile['status'] });
  }
  return out;
}

function place(cell: string): { file: string; line: number } {
  const match = /^`(.+):(\d+)`$/.exec(cell);
  if (!match) throw new Error(`not a file:line cell: ${cell}`);
  return { file: match[1] ?? '', line: Number(match[2]) };
}

const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, '$1');

export function expectedFindings(readme: string): ExpectedFinding[] {
  const rows = section(readme, 'findings')
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  return rows.map((row) => {
    const cells = row
      .split(' | ')
      .map((cell) => cell.replace(/^\| /, '').trim())
      .slice(0, 6);
    const [rule = '', severity = '', node = '', entry = '', lookAt = '', snippet = ''] = cells;
    return {
      rule: unquote(rule),
      severity,
      node: unquote(node),
      entry: place(entry),
      lookAt: place(lookAt),
      snippet: unquote(snippet),
    };
  });
}
