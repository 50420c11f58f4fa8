// Mechanical fixes as GitHub suggestions: replacement text for one line of a file, built from the file's own
// text so that indentation matches. Each helper returns null when the edit would not be exact (the key already
// exists somewhere in the entry, the entry is written in flow style...): a wrong suggestion is worse than none.

export interface Suggestion {
  line: number;
  text: string;
}

function lineOf(text: string, line: number): string | null {
  const lines = text.split('\n');
  const found = lines[line - 1];
  return found === undefined ? null : found.replace(/\r$/, '');
}

/** `a.b.c` + value -> nested YAML lines under `indent`. */
function nestedYaml(path: string[], value: string, indent: string): string[] {
  return path.map(
    (key, depth) => `${indent}${'  '.repeat(depth)}${key}:${depth === path.length - 1 ? ` ${value}` : ''}`,
  );
}

/** The lines of a `- name: x` entry that starts at `line`: up to the next line indented no deeper than its dash. */
function entryLines(lines: string[], line: number, dashIndent: number): string[] {
  const out: string[] = [];
  for (let i = line; i < lines.length; i++) {
    const current = lines[i]!;
    if (current.trim() === '' || current.trim().startsWith('#')) continue;
    if (current.length - current.trimStart().length <= dashIndent) break;
    out.push(current);
  }
  return out;
}

/**
 * Adds keys under a property entry (`- name: orders` at `line`): the new lines follow the entry's first line,
 * indented as its keys are. Null when the entry already has any of `topKeys` (adding would duplicate a key).
 */
export function yamlEntryInsert(
  fileText: string,
  line: number,
  path: string[],
  value: string,
  topKeys: string[],
): Suggestion | null {
  const first = lineOf(fileText, line);
  const match = first === null ? null : /^(\s*)-\s+name\s*:\s*\S/.exec(first);
  if (first === null || !match || path.length === 0) return null;
  const dashIndent = match[1]!.length;
  const keyIndent = ' '.repeat(dashIndent + 2);
  const body = entryLines(fileText.split('\n'), line, dashIndent);
  const keyPattern = new RegExp(`^\\s{${dashIndent + 2}}(${topKeys.map(escape).join('|')})\\s*:`);
  if (body.some((l) => keyPattern.test(l))) return null;
  return { line, text: [first, ...nestedYaml(path, value, keyIndent)].join('\n') };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `{{ config(meta=...) }}` line above line 1 of a SQL model that has no config() call yet. */
export function sqlConfigMeta(fileText: string, path: string[], value: string): Suggestion | null {
  if (/\bconfig\s*\(/.test(fileText) || path.length === 0) return null;
  const first = lineOf(fileText, 1);
  if (first === null) return null;
  let meta = `'${value.replace(/'/g, "\\'")}'`;
  for (const key of [...path].reverse()) meta = `{'${key}': ${meta}}`;
  return { line: 1, text: `{{ config(meta=${meta}) }}\n${first}` };
}

/** Quotes a YAML scalar only when it needs it. */
export function yamlScalar(value: string): string {
  return /^[A-Za-z_][\w\- ]*$/.test(value) && !/^(true|false|yes|no|null|on|off)$/i.test(value)
    ? value
    : JSON.stringify(value);
}
